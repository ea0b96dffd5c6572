// Progress of a long run on stderr: one rewritten line on a terminal, a line per step otherwise (logs, CI).
export class ProgressLine {
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly label: string,
  ) {}

  update(done: number, total: number): void {
    if (total === 0) return;
    const percent = Math.floor((done / total) * 100);
    const line = `${this.label} ${done}/${total} (${percent}%)`;
    if (this.stream.isTTY) this.stream.write(`\r${line}\u001b[K`);
    else this.stream.write(`${line}\n`);
    this.shown = true;
  }

  note(message: string): void {
    this.stream.write(`${this.stream.isTTY && this.shown ? '\n' : ''}${message}\n`);
  }

  end(): void {
    if (this.shown && this.stream.isTTY) this.stream.write('\n');
  }
}
