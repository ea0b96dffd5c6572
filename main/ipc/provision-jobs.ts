// Batch provisioning as jobs, for the desktop app: a batch starts by one call, pushes its progress to the window
// that started it through the emitter it was given, and can be cancelled by another call. Electron-free: the job
// runs the engine's own provision() (chunks, one vault write each, resume by skipping) with an AbortSignal and a
// progress callback, and main/electron turns the emitter into webContents.send to that one window.
// The secrets a batch generated stay in the vault: a job's progress carries counts and the envelope with
// `provisioned` reduced to the users, never the secrets (exports and sheets open them when asked).
import { randomUUID } from 'node:crypto';
import type { Envelope, ProvisionData, ProvisionedAccount, ProvisionWithSecretsData } from '../common/engine-answers.js';
import { messageOf } from '../common/error-message.js';
import type { BatchData, BatchProgress, BatchStatus } from '../common/tfa-api-contract.js';
import type { ProvisionOptions } from '../engine/provisioning-commands.js';

export type { BatchData, BatchProgress, BatchStatus };

/** Where a job's progress goes (the window that started it); a failure to deliver never stops the batch. */
export type ProgressSink = (progress: BatchProgress) => void;

export type ProvisionRunner = (users: readonly string[], options: ProvisionOptions) => Promise<Envelope<ProvisionData | ProvisionWithSecretsData>>;

interface Job {
  controller: AbortController;
  status: BatchStatus;
  /** Resolves once the batch has answered (finished, failed or stopped after a cancel). */
  settled: Promise<void>;
}

/** Finished jobs kept for a late cancel call; older ones are forgotten. */
const KEPT_FINISHED = 8;

/**
 * At most about this many progress events a batch, whatever its size (plus its start and its end): 10,000 accounts
 * in chunks of 10 would otherwise send 1,000 messages a window repaints at most 60 times a second anyway.
 */
export const MAX_PROGRESS_EVENTS = 100;

/** Whether progress from `sent` to `done` (of `total`) is worth an event: the first, every 1 % or so, and the last. */
export function worthSending(sent: number | null, done: number, total: number): boolean {
  if (sent === null || done === total) return sent !== done;
  return done - sent >= Math.max(1, Math.ceil(total / MAX_PROGRESS_EVENTS));
}

export class UnknownJobError extends Error {
  constructor(jobId: string) {
    super(`There is no provisioning batch “${jobId.slice(0, 64)}” (it finished long ago, or never started).`);
    this.name = 'UnknownJobError';
  }
}

export class BatchRunningError extends Error {
  constructor() {
    super('A provisioning batch is already running: wait for it to finish, or cancel it, before starting another.');
    this.name = 'BatchRunningError';
  }
}

/** provision()'s answer as a batch's, with only the users of `provisioned` even if secrets were asked for. */
export function withoutSecrets(envelope: Envelope<ProvisionData | ProvisionWithSecretsData>): Envelope<BatchData> {
  const { data, metadata } = envelope;
  if (!data) return { metadata };
  const { skipped, failed, cancelled } = data;
  const provisioned = data.provisioned.map((p: string | ProvisionedAccount) => (typeof p === 'string' ? p : p.user));
  return { data: { provisioned, skipped, failed, cancelled }, metadata };
}

export class ProvisionJobs {
  private readonly jobs = new Map<string, Job>();
  private running: string | null = null;

  constructor(
    private readonly run: ProvisionRunner,
    private readonly newId: () => string = randomUUID,
  ) {}

  /**
   * Starts a batch and answers at once; one batch at a time. Its progress goes to `sink`: when it starts, as its
   * chunks are written (thinned out by worthSending), and once finished, with the envelope.
   */
  start(users: readonly string[], options: { replace: boolean; chunkSize?: number }, sink: ProgressSink = () => {}): { jobId: string } {
    if (this.running !== null) throw new BatchRunningError();
    const jobId = this.newId();
    const job: Job = {
      controller: new AbortController(),
      status: { done: 0, total: 0, finished: false, cancelled: false, envelope: null },
      settled: Promise.resolve(),
    };
    this.jobs.set(jobId, job);
    this.running = jobId;
    const send = () => {
      try {
        sink({ jobId, ...job.status });
      } catch {
        // A window that closed (or an event refused by its schema) must not stop the batch: the vault writes go on.
      }
    };
    let sent: number | null = null;
    const settle = (envelope: Envelope<ProvisionData | ProvisionWithSecretsData>) => {
      job.status = { ...job.status, finished: true, envelope: withoutSecrets(envelope) };
      if (this.running === jobId) this.running = null;
      this.forgetOldJobs();
      send();
    };
    job.settled = this.run(users, {
      replace: options.replace,
      signal: job.controller.signal,
      ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
      onProgress: (done, total) => {
        job.status = { ...job.status, done, total };
        if (!worthSending(sent, done, total)) return;
        sent = done;
        send();
      },
    }).then(settle, (error: unknown) =>
      // provision() answers failures as envelopes; this only catches what should never happen.
      settle({ metadata: { command: 'provision', reason: messageOf(error), result: 0, version: 1 } }),
    );
    return { jobId };
  }

  /** Asks the batch to stop after the chunk in hand; a finished batch is left as it was. */
  cancel(jobId: string): BatchStatus {
    const job = this.jobs.get(jobId);
    if (!job) throw new UnknownJobError(jobId);
    if (!job.status.finished) {
      job.controller.abort();
      job.status = { ...job.status, cancelled: true };
    }
    return { ...job.status };
  }

  /** Stops the running batch, if any, after the chunk in hand, and resolves once it has written it (before quitting). */
  async cancelRunning(): Promise<void> {
    const job = this.running === null ? undefined : this.jobs.get(this.running);
    if (!job) return;
    job.controller.abort();
    job.status = { ...job.status, cancelled: true };
    await job.settled;
  }

  /** Whether a batch is running now (the app asks before quitting, say). */
  get busy(): boolean {
    return this.running !== null;
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs].filter(([, job]) => job.status.finished);
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED))) this.jobs.delete(id);
  }
}
