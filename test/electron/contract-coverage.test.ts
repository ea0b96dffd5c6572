// Every method of the contract is checked, registered and exposed: the payload schemas the main process checks
// against are the reference, and each must reach a registered ipcMain channel wired to that very method (a malformed
// payload comes back naming it) and a preload function sending over that channel. A method added to the contract
// but left out of the registration, or registered but not exposed by the bridge, fails here. (The build already
// fails when a method lacks a schema, an answer type or a handler body: see tfa-api-contract.ts.)
import type { IpcMainInvokeEvent } from 'electron';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { channelOf, TFA_METHODS, type TfaResult } from '../../main/common/tfa-api-contract.js';
import { TFA_PAYLOAD_SCHEMAS } from '../../main/common/tfa-api-schemas.js';
import { registerTfaHandlers } from '../../main/electron/ipc-registration.js';
import type { TfaEngine } from '../../main/engine/tfa-engine.js';
import { createTfaHandlers, type DesktopShell } from '../../main/ipc/tfa-handlers.js';
import type { PreferencesPort } from '../../main/common/preferences-rules.js';

const fake = vi.hoisted(() => {
  const exposed: [string, Record<string, unknown>][] = [];
  const invoked: unknown[][] = [];
  return {
    exposed,
    invoked,
    module: {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]) },
      ipcRenderer: { invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve({ ok: true, value: null })) },
    },
  };
});
vi.mock('electron', () => fake.module);

const CHECKED = Object.keys(TFA_PAYLOAD_SCHEMAS).sort();

type Listener = (event: IpcMainInvokeEvent, payload: unknown) => Promise<TfaResult<unknown>> | TfaResult<unknown>;
const registered = new Map<string, Listener>();
const appEvent = (() => {
  const mainFrame = { url: 'app://tfa-provisioner/index.html' };
  return { senderFrame: mainFrame, sender: { mainFrame } } as unknown as IpcMainInvokeEvent;
})();

beforeAll(() => {
  // Nothing here runs a body (every payload is refused first), so the engine and the shell are never reached.
  const unreachable = new Proxy({}, { get: () => { throw new Error('a body ran'); } });
  const handlers = createTfaHandlers({
    engine: unreachable as TfaEngine,
    shell: unreachable as DesktopShell,
    preferences: unreachable as PreferencesPort,
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
    expect(Object.keys(api ?? {}).sort()).toEqual(CHECKED);
    for (const method of CHECKED) {
      await (api![method] as (payload: unknown) => Promise<unknown>)({ probe: method });
      expect(fake.invoked.at(-1)).toEqual([channelOf(method as (typeof TFA_METHODS)[number]), { probe: method }]);
    }
  });
});
