// Quitting the desktop app: a copy of ours still on the clipboard is cleared (never what the operator copied since),
// and a running batch makes the app ask first; quitting then stops the batch after the chunk in hand.
import { describe, expect, it } from 'vitest';
import type { Envelope, ProvisionData } from '../../main/common/engine-answers.js';
import type { ProvisionOptions } from '../../main/engine/provisioning-commands.js';
import { ClipboardGuard } from '../../main/ipc/clipboard-guard.js';
import { ProvisionJobs } from '../../main/ipc/provision-jobs.js';
import { prepareToQuit } from '../../main/ipc/quit-guard.js';

class FakeClipboard {
  text = '';
  writeClipboard(text: string): void {
    this.text = text;
  }
  readClipboard(): string {
    return this.text;
  }
}

/** A batch that runs until it is aborted, then answers after its chunk in hand (the next tick). */
function endlessBatch() {
  const seen = { aborted: false, answered: false };
  const runner = (_users: readonly string[], options: ProvisionOptions): Promise<Envelope<ProvisionData>> =>
    new Promise((resolve) => {
      options.signal?.addEventListener('abort', () => {
        seen.aborted = true;
        setTimeout(() => {
          seen.answered = true;
          resolve({ data: { provisioned: ['a'], skipped: [], failed: {}, cancelled: 1 }, metadata: { command: 'provision', reason: 'cancelled', result: 0, version: 1 } });
        }, 0);
      });
    });
  return { runner, seen };
}

describe('quitting the app', () => {
  it('clears a secret still on the clipboard before the delay runs out', async () => {
    const board = new FakeClipboard();
    const clipboard = new ClipboardGuard(board);
    await clipboard.copy('JBSWY3DPEHPK3PXP', 300);
    expect(board.text).toBe('JBSWY3DPEHPK3PXP');
    const asked: string[] = [];
    const decision = await prepareToQuit({ clipboard, batch: new ProvisionJobs(endlessBatch().runner), confirmQuitDuringBatch: async () => (asked.push('?'), true) });
    expect(decision).toBe('quit');
    expect(board.text).toBe('');
    expect(asked).toEqual([]);
  });

  it('leaves alone what the operator copied since', async () => {
    const board = new FakeClipboard();
    const clipboard = new ClipboardGuard(board);
    await clipboard.copy('JBSWY3DPEHPK3PXP', 300);
    board.text = 'something the operator copied';
    await prepareToQuit({ clipboard, batch: new ProvisionJobs(endlessBatch().runner), confirmQuitDuringBatch: async () => true });
    expect(board.text).toBe('something the operator copied');
  });

  it('asks while a batch runs: keep running changes nothing; quit stops the batch after its chunk, then clears', async () => {
    const board = new FakeClipboard();
    const clipboard = new ClipboardGuard(board);
    await clipboard.copy('SECRETSECRET2345', 300);
    const batch = endlessBatch();
    const jobs = new ProvisionJobs(batch.runner, () => 'job-1');
    jobs.start(['a', 'b'], { replace: false });

    const stay = await prepareToQuit({ clipboard, batch: jobs, confirmQuitDuringBatch: async () => false });
    expect(stay).toBe('stay');
    expect(jobs.busy).toBe(true);
    expect(batch.seen.aborted).toBe(false);
    expect(board.text).toBe('SECRETSECRET2345');

    const quit = await prepareToQuit({ clipboard, batch: jobs, confirmQuitDuringBatch: async () => true });
    expect(quit).toBe('quit');
    expect(batch.seen).toEqual({ aborted: true, answered: true });
    expect(jobs.busy).toBe(false);
    expect(jobs.cancel('job-1')).toMatchObject({ finished: true, cancelled: true });
    expect(board.text).toBe('');
  });
});
