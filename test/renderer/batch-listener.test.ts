// The batch dialog's listener: subscribed before the batch starts, it keeps the events heard before the batch's id is
// known and hands them on in order once it is, ignores another batch's events, and unsubscribes when closed.
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchProgress, TfaApi } from '../../main/common/tfa-api-contract.js';
import { BatchListener } from '../../renderer/src/lib/batch-listener.js';

const page = globalThis as { tfa?: Partial<TfaApi> };
afterEach(() => {
  delete page.tfa;
});

/** window.tfa with only the subscription, and a way to push an event as the main process would. */
function pushingApi() {
  const listeners = new Set<(progress: BatchProgress) => void>();
  page.tfa = {
    onProvisionProgress: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  return { listeners, push: (progress: BatchProgress) => [...listeners].forEach((listener) => listener(progress)) };
}

const progress = (jobId: string, done: number, finished = false): BatchProgress => ({ jobId, done, total: 100, finished, cancelled: false, envelope: null });

describe('BatchListener', () => {
  it('keeps what it heard before the id, hands it on in order once known, and ignores other batches', () => {
    const api = pushingApi();
    const heard: [string, number][] = [];
    const listener = new BatchListener((p) => heard.push([p.jobId, p.done]));
    api.push(progress('job-1', 0));
    api.push(progress('job-1', 50));
    expect(heard).toEqual([]);
    listener.follow('job-1');
    expect(heard).toEqual([
      ['job-1', 0],
      ['job-1', 50],
    ]);
    api.push(progress('job-0', 99, true));
    api.push(progress('job-1', 100, true));
    expect(heard.at(-1)).toEqual(['job-1', 100]);
    expect(heard).toHaveLength(3);
  });

  it('unsubscribes when closed, and hears nothing after', () => {
    const api = pushingApi();
    const heard: number[] = [];
    const listener = new BatchListener((p) => heard.push(p.done));
    expect(api.listeners.size).toBe(1);
    api.push(progress('job-2', 10));
    listener.close();
    listener.close();
    expect(api.listeners.size).toBe(0);
    listener.follow('job-2');
    api.push(progress('job-2', 20));
    expect(heard).toEqual([]);
  });
});
