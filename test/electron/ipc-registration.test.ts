// The IPC registration over the REAL handlers and engine (a temp TFA_PROVISIONER_HOME, the real keychain
// under test/run-with-keyring.sh). Only ipcMain and the IPC events are stand-ins: they are Electron's.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelOf, TFA_METHODS, type TfaResult } from '../../main/common/tfa-api-contract.js';
import { registerTfaHandlers } from '../../main/electron/ipc-registration.js';
import { createTfaHandlers, type DesktopShell } from '../../main/ipc/tfa-handlers.js';
import { JsonPreferencesFile } from '../../main/store/app-preferences.js';
import { openEngine } from '../../main/store/open-engine.js';

const haveKeyring = Boolean(process.env.TFA_TEST_KEYRING);
if (!haveKeyring) {
  console.warn(
    'Skipping the IPC tests that provision through the real keychain: TFA_TEST_KEYRING is not set. Run them through ' +
      '`bash test/run-with-keyring.sh npx vitest run test/electron` (a private D-Bus session with gnome-keyring).',
  );
}

type Listener = (event: IpcMainInvokeEvent, payload: unknown) => Promise<TfaResult<unknown>> | TfaResult<unknown>;

const registered = new Map<string, Listener>();
const fakeIpcMain = {
  handle: (channel: string, listener: Listener) => {
    if (registered.has(channel)) throw new Error(`second handler for ${channel}`);
    registered.set(channel, listener);
  },
};

const inertShell: DesktopShell = {
  chooseSavePath: async () => null,
  confirmSecretExport: async () => false,
  writeClipboard: () => {},
  readClipboard: () => '',
  chooseOpenPath: async () => null,
};

/** An invoke event as Electron builds it: the sending frame and its webContents' main frame. */
function eventFrom(url: string | null, { subframe = false } = {}): IpcMainInvokeEvent {
  const mainFrame = { url: url ?? '' };
  const senderFrame = url === null ? null : subframe ? { url } : mainFrame;
  return { senderFrame, sender: { mainFrame } } as unknown as IpcMainInvokeEvent;
}
const APP_PAGE = 'app://tfa-provisioner/index.html';

async function invoke(method: (typeof TFA_METHODS)[number], payload: unknown, event = eventFrom(APP_PAGE)) {
  const listener = registered.get(channelOf(method));
  if (!listener) throw new Error(`${method} is not registered`);
  return listener(event, payload);
}

let home: string;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'tfa-ipc-'));
  const { engine, stateDir } = await openEngine({ env: { TFA_PROVISIONER_HOME: home } });
  const handlers = createTfaHandlers({ engine, shell: inertShell, stateDir, version: '9.9.9', platform: 'linux', preferences: new JsonPreferencesFile(stateDir) });
  registerTfaHandlers(fakeIpcMain, handlers);
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('registerTfaHandlers', () => {
  it('registers one tfa:<method> channel per contract method, and nothing else', () => {
    expect([...registered.keys()].sort()).toEqual(TFA_METHODS.map((m) => `tfa:${m}`).sort());
  });

  it('answers the trusted window', async () => {
    expect(await invoke('appInfo', {})).toEqual({
      ok: true,
      value: { version: '9.9.9', stateDir: home, platform: 'linux' },
    });
  });

  it.each([
    ['a subframe of the app', eventFrom(APP_PAGE, { subframe: true })],
    ['a frame that is gone', eventFrom(null)],
    ['a file:// page', eventFrom('file:///work/main/out/renderer/index.html')],
    ['a dev server', eventFrom('http://localhost:5173/')],
    ['another app host', eventFrom('app://evil/index.html')],
    ['a look-alike host', eventFrom('app://tfa-provisioner.evil/index.html')],
    ['a malformed URL', eventFrom('::not a url::')],
  ])('refuses %s with FORBIDDEN_SENDER, before the handler runs', async (_what, event) => {
    const answer = await invoke('addServer', { hostname: 'forbidden.example.com', operator: 'root' }, event);
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    const servers = await invoke('listServers', {});
    expect(JSON.stringify(servers)).not.toContain('forbidden.example.com');
  });

  it.each([
    ['a wrong type', { hostname: 5, operator: 'root' }],
    ['an extra key', { hostname: 'a.example.com', operator: 'root', evil: true }],
    ['a missing key', { hostname: 'a.example.com' }],
    ['no payload', undefined],
    ['a string payload', 'whm.example.com'],
  ])('answers %s with BAD_REQUEST from the real handlers', async (_what, payload) => {
    const answer = await invoke('addServer', payload);
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((answer as { error: { message: string } }).error.message).toMatch(/^Malformed addServer request/);
  });

  it('reaches the real engine: a server added over IPC is listed over IPC', async () => {
    const added = await invoke('addServer', { hostname: 'whm.example.com', operator: 'root' });
    expect(added).toMatchObject({ ok: true, value: { metadata: { result: '1' } } });
    const listed = await invoke('listServers', {});
    expect(listed).toMatchObject({ ok: true, value: { data: { servers: [{ hostname: 'whm.example.com', active: 1 }] } } });
  });

  it.skipIf(!haveKeyring)('provisions and reveals through the real keychain vault', async () => {
    await invoke('addServer', { hostname: 'vault.example.com', operator: 'root' });
    await invoke('useServer', { hostname: 'vault.example.com' });
    expect(await invoke('addAccount', { user: 'alice', domain: 'alice.example.com' })).toMatchObject({ ok: true, value: { metadata: { result: '1' } } });
    const provisioned = await invoke('provision', { users: ['alice'], replace: false });
    expect(provisioned).toMatchObject({ ok: true, value: { metadata: { result: '1' } } });
    const revealed = await invoke('reveal', { user: 'alice' });
    expect(revealed).toMatchObject({ ok: true, value: { metadata: { result: '1' } } });
    expect(JSON.stringify(revealed)).toMatch(/otpauth:\/\/totp\//);
  });
});
