// One batch's progress as the main process pushes it (provisionProgress events). The first events can arrive before
// startProvisionBatch answers with the batch's id, so they are kept until it is known, then handed on in order;
// another batch's events are ignored.
import { subscribe } from './api.js';
import type { BatchProgress } from './types.js';

export class BatchListener {
  private jobId = '';
  private early: BatchProgress[] = [];
  private stop: (() => void) | null;

  /** Subscribes at once: make it before starting the batch. */
  constructor(private readonly onProgress: (progress: BatchProgress) => void) {
    this.stop = subscribe('provisionProgress', (progress) => this.heard(progress));
  }

  /** The batch's id, once startProvisionBatch answered: what was heard before it is handed on now. */
  follow(jobId: string): void {
    this.jobId = jobId;
    const early = this.early;
    this.early = [];
    for (const progress of early) this.heard(progress);
  }

  /** Stops listening; calling it again does nothing. */
  close(): void {
    this.stop?.();
    this.stop = null;
    this.early = [];
  }

  private heard(progress: BatchProgress): void {
    if (!this.stop) return;
    if (!this.jobId) this.early.push(progress);
    else if (progress.jobId === this.jobId) this.onProgress(progress);
  }
}
