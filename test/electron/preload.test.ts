// The preload exposes exactly the contract as `window.tfa` through contextBridge, and never ipcRenderer
// (checklist #20); the built bundle is one CommonJS file that requires nothing but 'electron'.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTfaApi } from '../../main/common/tfa-api-bridge.js';
import { TFA_METHODS } from '../../main/common/tfa-api-contract.js';

const fake = vi.hoisted(() => {
  const exposed: [string, unknown][] = [];
  const invoked: unknown[][] = [];
  const ipcRenderer = {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, value: null });
    },
    send: () => {},
    on: () => {},
    sendSync: () => {},
  };
  return {
    exposed,
    invoked,
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

  it('has exactly the contract methods, each a function', () => {
    expect(Object.keys(api).sort()).toEqual([...TFA_METHODS].sort());
    for (const method of TFA_METHODS) expect(api[method], method).toBeTypeOf('function');
  });

  it('never hands over ipcRenderer or any of its functions', () => {
    const values = Object.values(api);
    expect(values).not.toContain(fake.ipcRenderer);
    for (const fn of [fake.ipcRenderer.invoke, fake.ipcRenderer.send, fake.ipcRenderer.on, fake.ipcRenderer.sendSync]) {
      expect(values).not.toContain(fn);
    }
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
    const built = buildTfaApi(async (channel, payload) => {
      calls.push([channel, payload]);
      return { ok: false, error: { code: 'FAILED', message: channel } };
    });
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
