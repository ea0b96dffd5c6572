// What happens when the operator quits the desktop app: a running provisioning batch makes it ask first (quitting
// stops the batch after the chunk in hand, so every account is pending with its secret or untouched), and a copy of
// ours still on the clipboard is cleared. Electron-free: main/electron calls it from `before-quit`.
import type { ClipboardGuard } from './clipboard-guard.js';

export interface QuitGuardDeps {
  clipboard: Pick<ClipboardGuard, 'clearIfOurs'>;
  batch: { readonly busy: boolean; cancelRunning(): Promise<void> };
  /** Asks whether to quit while a batch runs; true means quit. */
  confirmQuitDuringBatch(): Promise<boolean>;
}

/** Resolves `quit` once it is safe to quit, or `stay` when the operator chose to let the batch run. */
export async function prepareToQuit(deps: QuitGuardDeps): Promise<'quit' | 'stay'> {
  if (deps.batch.busy) {
    if (!(await deps.confirmQuitDuringBatch())) return 'stay';
    await deps.batch.cancelRunning();
  }
  await deps.clipboard.clearIfOurs().catch(() => {
    // A clipboard that cannot be read cannot be cleared; quitting must not hang on it.
  });
  return 'quit';
}

export const QUIT_DURING_BATCH = {
  message: 'A provisioning batch is still running. Quit anyway?',
  detail:
    'Quitting stops it after the accounts in hand are written: those already provisioned stay pending with their ' +
    'secret, the rest are untouched, and provisioning again resumes where it stopped.',
  buttons: ['Keep running', 'Stop the batch and quit'],
} as const;
