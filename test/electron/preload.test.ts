// The preload exposes exactly the contract as `window.tfa` through contextBridge (its methods and one subscription
// per event), and never ipcRenderer or an IPC event (checklist #20); the built bundle is one CommonJS file that
// requires nothing but 'electron'.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTfaApi } from '../../main/common/tfa-api-bridge.js';
import { eventChannelOf, subscriptionOf, TFA_EVENTS, TFA_METHODS } from '../../main/common/tfa-api-contract.js';

const SUBSCRIPTIONS = TFA_EVENTS.map(subscriptionOf);

const fake = vi.hoisted(() => {
  const exposed: [string, unknown][] = [];
  const invoked: unknown[][] = [];
  type Listener = (event: unknown, payload: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();
  const ipcRenderer = {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, value: null });
    },
    send: () => {},
    on: (channel: string, listener: Listener) => {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
      return ipcRenderer;
    },
    removeListener: (channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
    sendSync: () => {},
  };
  /** Electron delivering a message: the listener gets the IPC event (whose sender is ipcRenderer) and the payload. */
  const deliver = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: ipcRenderer, ports: [] }, payload);
  };
  return {
    exposed,
    invoked,
    listeners,
    deliver,
    ipcRenderer,
    module: {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) },
      ipcRenderer,
    },
  };
});
vi.mock('electron', () => fake.module);

const bundle = fileURLToPath(new URL('../../out/preload/preload.cjs', import.meta.url));

describe('preload', () => {
  let api: Record<string, unknown>;
  beforeAll(async () => {
    await import('../../main/electron/preload.js');
    api = fake.exposed[0]?.[1] as Record<string, unknown>;
  });

  it('exposes one object, as window.tfa, and nothing else', () => {
    expect(fake.exposed.map(([key]) => key)).toEqual(['tfa']);
  });

  it('has exactly the contract methods and one subscription per event, each a function', () => {
    expect(SUBSCRIPTIONS).toEqual(['onProvisionProgress']);
    expect(Object.keys(api).sort()).toEqual([...TFA_METHODS, ...SUBSCRIPTIONS].sort());
    for (const name of [...TFA_METHODS, ...SUBSCRIPTIONS]) expect(api[name], name).toBeTypeOf('function');
  });

  it('never hands over ipcRenderer or any of its functions', () => {
    const values = Object.values(api);
    expect(values).not.toContain(fake.ipcRenderer);
    for (const fn of Object.values(fake.ipcRenderer)) expect(values).not.toContain(fn);
  });

  it.each(TFA_EVENTS)('%s: the listener gets each payload alone, never the IPC event, until it unsubscribes', (event) => {
    const channel = eventChannelOf(event);
    const heard: unknown[][] = [];
    const unsubscribe = (api[subscriptionOf(event)] as (listener: (...args: unknown[]) => void) => () => void)((...args) => heard.push(args));
    expect(fake.listeners.get(channel)?.size).toBe(1);
    fake.deliver(channel, { jobId: 'j', done: 1 });
    fake.deliver('tfa-event:other', { jobId: 'x' });
    expect(heard).toEqual([[{ jobId: 'j', done: 1 }]]);
    expect(unsubscribe).not.toBe(fake.ipcRenderer.removeListener);
    unsubscribe();
    unsubscribe();
    fake.deliver(channel, { jobId: 'j', done: 2 });
    expect(heard).toHaveLength(1);
    expect(fake.listeners.get(channel)?.size).toBe(0);
  });

  it('refuses a subscription without a listener function', () => {
    expect(() => (api.onProvisionProgress as (listener: unknown) => unknown)('not a function')).toThrow(TypeError);
  });

  it('sends each call over tfa:<method> with its one payload, dropping any extra argument', async () => {
    const verify = api.verify as (...args: unknown[]) => Promise<unknown>;
    await verify({ user: 'alice', token: '123456' }, 'smuggled', { channel: 'tfa:reveal' });
    expect(fake.invoked.at(-1)).toEqual(['tfa:verify', { user: 'alice', token: '123456' }]);
  });
});

describe('buildTfaApi', () => {
  it('maps every method to its channel and returns a frozen object', async () => {
    const calls: [string, unknown][] = [];
    const built = buildTfaApi(
      async (channel, payload) => {
        calls.push([channel, payload]);
        return { ok: false, error: { code: 'FAILED', message: channel } };
      },
      () => () => {},
    );
    expect(Object.isFrozen(built)).toBe(true);
    for (const method of TFA_METHODS) {
      await (built[method] as (p: unknown) => Promise<unknown>)({ m: method });
    }
    expect(calls).toEqual(TFA_METHODS.map((m) => [`tfa:${m}`, { m }]));
  });
});

describe('the built preload bundle', () => {
  const built = existsSync(bundle);
  if (!built) console.warn(`Skipping the preload bundle check: ${bundle} is missing (run \`npm run build\`).`);

  it.skipIf(!built)('is CommonJS and requires only electron', () => {
    const source = readFileSync(bundle, 'utf8');
    expect(source).not.toMatch(/^\s*(import|export)\s/m);
    const required = [...source.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    expect(source).toContain('exposeInMainWorld("tfa"');
  });
});
