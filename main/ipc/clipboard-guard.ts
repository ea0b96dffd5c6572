// What the app puts on the clipboard (a secret, an otpauth URI) stays there only as long as it must: it is cleared
// after the delay the operator chose, and at the latest when the app quits; in both cases only if the clipboard still
// holds what the app put there, so whatever the operator copied since is never wiped.

export interface ClipboardAccess {
  /** Electron 45's clipboard is asynchronous (W3C-style); synchronous stand-ins are fine too. */
  writeClipboard(text: string): void | Promise<void>;
  readClipboard(): string | Promise<string>;
}

export class ClipboardGuard {
  private copied: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly clipboard: ClipboardAccess) {}

  /** Copies `text` and clears it after `seconds` (a later copy replaces the pending clear). */
  async copy(text: string, seconds: number): Promise<void> {
    await this.clipboard.writeClipboard(text);
    this.copied = text;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.clearIfOurs().catch(() => {
        // A clipboard that cannot be read now cannot be cleared either; nobody is waiting on this timer.
      });
    }, seconds * 1000);
    this.timer.unref?.();
  }

  /** Whether a copy of ours may still be on the clipboard. */
  get holdsCopy(): boolean {
    return this.copied !== null;
  }

  /** Clears the clipboard now if it still holds our copy (on quit, or when the delay runs out). */
  async clearIfOurs(): Promise<void> {
    clearTimeout(this.timer);
    const copied = this.copied;
    this.copied = null;
    if (copied !== null && (await this.clipboard.readClipboard()) === copied) await this.clipboard.writeClipboard('');
  }
}
