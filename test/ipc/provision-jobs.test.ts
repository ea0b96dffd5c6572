// The batch job registry: progress as the engine reports it, pushed to the window that started the batch (thinned
// out, so 10,000 accounts do not flood IPC), cancel through the AbortSignal, the finished envelope without secrets,
// one batch at a time, and unknown job ids refused plainly.
import { describe, expect, it } from 'vitest';
import type { Envelope, ProvisionWithSecretsData } from '../../main/common/engine-answers.js';
import type { ProvisionOptions } from '../../main/engine/provisioning-commands.js';
import { TFA_EVENT_SCHEMAS } from '../../main/common/tfa-api-schemas.js';
import { BatchRunningError, MAX_PROGRESS_EVENTS, ProvisionJobs, UnknownJobError, withoutSecrets, type BatchProgress } from '../../main/ipc/provision-jobs.js';

/** A stand-in for provision(): one "chunk" per step(), as the engine's loop would go. */
function steppedRunner(total: number, chunk: number) {
  const runs: { users: readonly string[]; options: ProvisionOptions }[] = [];
  let step: () => void = () => {};
  const runner = (users: readonly string[], options: ProvisionOptions): Promise<Envelope<ProvisionWithSecretsData>> => {
    runs.push({ users, options });
    return new Promise((resolve) => {
      let done = 0;
      options.onProgress?.(0, total);
      const finish = (cancelled: boolean) => {
        const provisioned = Array.from({ length: done }, (_, i) => ({ user: `u${i}`, otpauth_str: `otpauth://totp/x?secret=S${i}`, secret: `S${i}` }));
        const data: ProvisionWithSecretsData = { provisioned, skipped: [{ user: 'old', state: 'pending' }], failed: {}, cancelled: cancelled ? 1 : 0 };
        resolve({ data, metadata: { command: 'provision', reason: cancelled ? 'cancelled' : 'OK', result: cancelled ? 0 : '1', version: 1 } });
      };
      step = () => {
        if (options.signal?.aborted) return finish(true);
        done = Math.min(done + chunk, total);
        options.onProgress?.(done, total);
        if (done === total) finish(false);
      };
    });
  };
  return { runner, runs, step: () => step() };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** What the window that started a batch is pushed, and the last of it (jobId aside): what the dialog shows now. */
function window() {
  const pushed: BatchProgress[] = [];
  const sink = (progress: BatchProgress) => void pushed.push(progress);
  const shown = () => {
    const { jobId: _jobId, ...status } = pushed.at(-1)!;
    return status;
  };
  return { pushed, sink, shown };
}

describe('ProvisionJobs', () => {
  it('reports progress, then the finished envelope without a secret', async () => {
    const fake = steppedRunner(100, 50);
    const jobs = new ProvisionJobs(fake.runner, () => 'job-1');
    const seen = window();
    expect(jobs.start(['a', 'b'], { replace: false, chunkSize: 50 }, seen.sink)).toEqual({ jobId: 'job-1' });
    expect(fake.runs[0]?.users).toEqual(['a', 'b']);
    expect(fake.runs[0]?.options).toMatchObject({ replace: false, chunkSize: 50 });
    expect(jobs.busy).toBe(true);
    expect(seen.shown()).toEqual({ done: 0, total: 100, finished: false, cancelled: false, envelope: null });
    fake.step();
    expect(seen.shown()).toMatchObject({ done: 50, total: 100, finished: false });
    fake.step();
    await tick();
    const status = seen.shown();
    expect(status).toMatchObject({ done: 100, total: 100, finished: true, cancelled: false });
    expect(status.envelope?.data?.provisioned).toEqual(Array.from({ length: 100 }, (_, i) => `u${i}`));
    expect(status.envelope?.data?.skipped).toEqual([{ user: 'old', state: 'pending' }]);
    expect(JSON.stringify(status)).not.toMatch(/secret|otpauth/);
    expect(jobs.busy).toBe(false);
  });

  it('cancels after the chunk in hand, and a finished job stays as it was', async () => {
    const fake = steppedRunner(100, 10);
    const jobs = new ProvisionJobs(fake.runner, () => 'job-2');
    const seen = window();
    jobs.start([], { replace: true }, seen.sink);
    expect(fake.runs[0]?.options.chunkSize).toBeUndefined();
    fake.step();
    expect(jobs.cancel('job-2')).toMatchObject({ done: 10, cancelled: true, finished: false });
    expect(fake.runs[0]?.options.signal?.aborted).toBe(true);
    fake.step();
    await tick();
    const status = seen.shown();
    expect(status).toMatchObject({ done: 10, finished: true, cancelled: true });
    expect(status.envelope?.data).toMatchObject({ cancelled: 1, provisioned: Array.from({ length: 10 }, (_, i) => `u${i}`) });
    expect(jobs.cancel('job-2')).toEqual(status);
  });

  it('runs one batch at a time', async () => {
    const fake = steppedRunner(10, 10);
    let n = 0;
    const jobs = new ProvisionJobs(fake.runner, () => `job-${(n += 1)}`);
    jobs.start(['a'], { replace: false });
    expect(() => jobs.start(['b'], { replace: false })).toThrow(BatchRunningError);
    fake.step();
    await tick();
    expect(jobs.start(['b'], { replace: false })).toEqual({ jobId: 'job-2' });
  });

  it('refuses an unknown job id, and forgets old finished jobs', async () => {
    const fake = steppedRunner(1, 1);
    let n = 0;
    const jobs = new ProvisionJobs(fake.runner, () => `job-${(n += 1)}`);
    expect(() => jobs.cancel('nope')).toThrow('There is no provisioning batch “nope”');
    for (let i = 0; i < 10; i += 1) {
      jobs.start(['a'], { replace: false });
      fake.step();
      await tick();
    }
    expect(() => jobs.cancel('job-1')).toThrow(UnknownJobError);
    expect(jobs.cancel('job-10')).toMatchObject({ finished: true, cancelled: false });
  });

  it('a runner that throws still ends the job, with a failure envelope', async () => {
    const jobs = new ProvisionJobs(async () => {
      throw new Error('disk full');
    }, () => 'job-x');
    const seen = window();
    jobs.start(['a'], { replace: false }, seen.sink);
    await tick();
    expect(seen.shown()).toMatchObject({ finished: true, envelope: { metadata: { result: 0, reason: 'disk full' } } });
    expect(jobs.busy).toBe(false);
  });

  it('pushes the start, each chunk and the end (with the envelope, without a secret) to the sink it was given', async () => {
    const fake = steppedRunner(30, 10);
    const pushed: BatchProgress[] = [];
    const jobs = new ProvisionJobs(fake.runner, () => 'job-p');
    jobs.start(['a'], { replace: false }, (progress) => pushed.push(progress));
    expect(pushed).toEqual([{ jobId: 'job-p', done: 0, total: 30, finished: false, cancelled: false, envelope: null }]);
    for (let i = 0; i < 3; i += 1) fake.step();
    await tick();
    expect(pushed.map((p) => [p.done, p.finished])).toEqual([
      [0, false],
      [10, false],
      [20, false],
      [30, false],
      [30, true],
    ]);
    const last = pushed.at(-1)!;
    expect(last.envelope?.data?.provisioned).toHaveLength(30);
    expect(JSON.stringify(pushed)).not.toMatch(/secret|otpauth/);
    for (const progress of pushed) expect(TFA_EVENT_SCHEMAS.provisionProgress.safeParse(progress).success).toBe(true);
  });

  it('10,000 accounts in chunks of 10 push at most about a hundred events, rising, from 0 to the end', async () => {
    const fake = steppedRunner(10_000, 10);
    const pushed: BatchProgress[] = [];
    const jobs = new ProvisionJobs(fake.runner, () => 'job-big');
    jobs.start([], { replace: false, chunkSize: 10 }, (progress) => pushed.push(progress));
    for (let i = 0; i < 1000; i += 1) fake.step();
    await tick();
    const dones = pushed.map((p) => p.done);
    expect(pushed.length).toBeLessThanOrEqual(MAX_PROGRESS_EVENTS + 2);
    expect(pushed.length).toBeGreaterThan(MAX_PROGRESS_EVENTS / 2);
    expect(dones[0]).toBe(0);
    expect(dones.at(-2)).toBe(10_000);
    expect(pushed.at(-1)).toMatchObject({ done: 10_000, finished: true });
    expect(dones.slice(0, -1)).toEqual([...new Set(dones.slice(0, -1))].sort((a, b) => a - b));
  });

  it('a sink that throws (a window gone) does not stop the batch', async () => {
    const fake = steppedRunner(20, 10);
    const jobs = new ProvisionJobs(fake.runner, () => 'job-gone');
    jobs.start([], { replace: false }, () => {
      throw new Error('Object has been destroyed');
    });
    fake.step();
    fake.step();
    await tick();
    expect(jobs.cancel('job-gone')).toMatchObject({ done: 20, finished: true, envelope: { metadata: { result: '1' } } });
    expect(jobs.busy).toBe(false);
  });

  it('withoutSecrets keeps an envelope without data as it is', () => {
    const envelope: Envelope<ProvisionWithSecretsData> = { metadata: { command: 'provision', reason: 'No such profile', result: 0, version: 1 } };
    expect(withoutSecrets(envelope)).toEqual(envelope);
  });
});
