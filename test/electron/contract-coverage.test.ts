// Every method of the contract is checked, registered and exposed: the payload schemas the main process checks
// against are the reference, and each must reach a registered ipcMain channel wired to that very method (a malformed
// payload comes back naming it) and a preload function sending over that channel. A method added to the contract
// but left out of the registration, or registered but not exposed by the bridge, fails here. So does each pushed
// event: its schema is the reference, a call must send it to the calling webContents over its channel (checked by
// that schema), and the preload must expose a subscription listening on that channel. (The build already fails when a
// method lacks a schema, an answer type or a handler body, or an event a schema or a payload type: see
// tfa-api-contract.ts.)
import type { IpcMainInvokeEvent } from 'electron';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Envelope, ProvisionData } from '../../main/common/engine-answers.js';
import {
  channelOf,
  eventChannelOf,
  subscriptionOf,
  TFA_EVENTS,
  TFA_METHODS,
  type TfaEvent,
  type TfaMethod,
  type TfaResult,
} from '../../main/common/tfa-api-contract.js';
import { TFA_EVENT_SCHEMAS, TFA_PAYLOAD_SCHEMAS } from '../../main/common/tfa-api-schemas.js';
import type { ProvisionOptions } from '../../main/engine/provisioning-commands.js';
import { ProvisionJobs } from '../../main/ipc/provision-jobs.js';
import { registerTfaHandlers } from '../../main/electron/ipc-registration.js';
import type { TfaEngine } from '../../main/engine/tfa-engine.js';
import { createTfaHandlers, type DesktopShell } from '../../main/ipc/tfa-handlers.js';
import type { PreferencesPort } from '../../main/common/preferences-rules.js';

const fake = vi.hoisted(() => {
  const exposed: [string, Record<string, unknown>][] = [];
  const invoked: unknown[][] = [];
  const listening = new Map<string, (event: unknown, payload: unknown) => void>();
  return {
    exposed,
    invoked,
    listening,
    module: {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve({ ok: true, value: null })),
        on: (channel: string, listener: (event: unknown, payload: unknown) => void) => void listening.set(channel, listener),
        removeListener: (channel: string) => void listening.delete(channel),
      },
    },
  };
});
vi.mock('electron', () => fake.module);

const CHECKED = Object.keys(TFA_PAYLOAD_SCHEMAS).sort();
const EVENTS = Object.keys(TFA_EVENT_SCHEMAS).sort() as TfaEvent[];

/** Which call makes each event: an event added to the contract without one here fails the build. */
const EMITTED_BY: { [E in TfaEvent]: { method: TfaMethod; payload: unknown } } = {
  provisionProgress: { method: 'startProvisionBatch', payload: { users: ['a', 'b'], replace: false } },
};

/** A batch that writes its two accounts in two chunks, as the engine's provision() reports them. */
async function twoChunks(users: readonly string[], options: ProvisionOptions): Promise<Envelope<ProvisionData>> {
  for (let done = 0; done <= users.length; done += 1) {
    options.onProgress?.(done, users.length);
    await Promise.resolve();
  }
  return { data: { provisioned: [...users], skipped: [], failed: {}, cancelled: 0 }, metadata: { command: 'provision', reason: 'OK', result: '1', version: 1 } };
}

type Listener = (event: IpcMainInvokeEvent, payload: unknown) => Promise<TfaResult<unknown>> | TfaResult<unknown>;
const registered = new Map<string, Listener>();
/** A webContents stand-in showing the app, recording what is sent to it. */
function appContents() {
  const mainFrame = { url: 'app://tfa-provisioner/index.html' };
  const sent: [string, unknown][] = [];
  return { mainFrame, sent, isDestroyed: () => false, send: (channel: string, payload: unknown) => void sent.push([channel, payload]) };
}
const eventFrom = (sender: ReturnType<typeof appContents>) => ({ senderFrame: sender.mainFrame, sender }) as unknown as IpcMainInvokeEvent;
const appEvent = eventFrom(appContents());

beforeAll(() => {
  // Nothing here runs a body (every payload is refused first), so the engine and the shell are never reached.
  const unreachable = new Proxy({}, { get: () => { throw new Error('a body ran'); } });
  // Batches run on a stand-in for the engine's provision(), so a batch's events can be observed here.
  const handlers = createTfaHandlers({
    engine: unreachable as TfaEngine,
    shell: unreachable as DesktopShell,
    preferences: unreachable as PreferencesPort,
    jobs: new ProvisionJobs(twoChunks),
    stateDir: '/nowhere',
    version: '0',
    platform: 'linux',
  });
  registerTfaHandlers({ handle: (channel: string, listener: Listener) => void registered.set(channel, listener) }, handlers);
});

describe('the contract, end to end', () => {
  it('lists exactly the methods whose payloads the main process checks', () => {
    expect([...TFA_METHODS].sort()).toEqual(CHECKED);
    expect(new Set(TFA_METHODS).size).toBe(TFA_METHODS.length);
  });

  it('registers one channel per checked method, and nothing else', () => {
    expect([...registered.keys()].sort()).toEqual(CHECKED.map((m) => `tfa:${m}`).sort());
  });

  it.each(CHECKED)('wires tfa:%s to that method: a malformed payload is refused naming it', async (method) => {
    const listener = registered.get(`tfa:${method}`);
    expect(listener, `tfa:${method} is not registered`).toBeTypeOf('function');
    const answer = await listener!(appEvent, { 'not a field of any payload': true });
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((answer as { error: { message: string } }).error.message).toMatch(new RegExp(`^Malformed ${method} request`));
  });

  it('exposes one preload function per checked method, each sending over its own channel', async () => {
    await import('../../main/electron/preload.js');
    const api = fake.exposed.find(([key]) => key === 'tfa')?.[1];
    expect(Object.keys(api ?? {}).filter((name) => !name.startsWith('on')).sort()).toEqual(CHECKED);
    for (const method of CHECKED) {
      await (api![method] as (payload: unknown) => Promise<unknown>)({ probe: method });
      expect(fake.invoked.at(-1)).toEqual([channelOf(method as (typeof TFA_METHODS)[number]), { probe: method }]);
    }
  });

  it('lists exactly the events whose payloads the main process checks', () => {
    expect([...TFA_EVENTS].sort()).toEqual(EVENTS);
  });

  it.each(EVENTS)('sends %s to the calling webContents alone, over its channel, each payload passing its schema', async (event) => {
    const { method, payload } = EMITTED_BY[event];
    const caller = appContents();
    const bystander = appContents();
    const answer = await registered.get(channelOf(method))!(eventFrom(caller), payload);
    expect(answer).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(caller.sent.some(([, p]) => (p as { finished?: boolean }).finished)).toBe(true));
    expect(caller.sent.map(([channel]) => channel)).toEqual(caller.sent.map(() => eventChannelOf(event)));
    for (const [, sent] of caller.sent) expect(TFA_EVENT_SCHEMAS[event].safeParse(sent).success).toBe(true);
    expect(bystander.sent).toEqual([]);
  });

  it('never sends an event that fails its schema, and the call that made it still ends', async () => {
    const jobs = new ProvisionJobs(twoChunks, () => 'x'.repeat(65));
    const unreachable = new Proxy({}, { get: () => { throw new Error('a body ran'); } });
    const handlers = createTfaHandlers({
      engine: unreachable as TfaEngine,
      shell: unreachable as DesktopShell,
      preferences: unreachable as PreferencesPort,
      jobs,
      stateDir: '/nowhere',
      version: '0',
      platform: 'linux',
    });
    const sent: unknown[] = [];
    expect(await handlers.startProvisionBatch({ users: ['a'], replace: false }, { emit: (...args) => void sent.push(args) })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(jobs.busy).toBe(false));
    expect(sent).toEqual([]);
  });

  it.each(EVENTS)('exposes one preload subscription for %s, listening on its channel', async (event) => {
    await import('../../main/electron/preload.js');
    const api = fake.exposed.find(([key]) => key === 'tfa')?.[1];
    const heard: unknown[] = [];
    const stop = (api![subscriptionOf(event)] as (listener: (payload: unknown) => void) => () => void)((p) => heard.push(p));
    fake.listening.get(eventChannelOf(event))?.({ sender: 'ipcRenderer' }, { probe: event });
    expect(heard).toEqual([{ probe: event }]);
    stop();
    expect(fake.listening.has(eventChannelOf(event))).toBe(false);
  });
});
