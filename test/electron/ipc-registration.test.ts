// The IPC registration over the REAL handlers and engine (a temp TFA_PROVISIONER_HOME, the real keychain
// under test/run-with-keyring.sh). Only ipcMain and the IPC events are stand-ins: they are Electron's.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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

/** A webContents as the glue uses it: its main frame, whether it is gone, and what was sent to it. */
function contentsAt(url: string) {
  const sent: [string, unknown][] = [];
  return { mainFrame: { url }, sent, destroyed: false, isDestroyed() { return this.destroyed; }, send: (channel: string, payload: unknown) => void sent.push([channel, payload]) };
}

/** An invoke event as Electron builds it: the sending frame and its webContents' main frame. */
function eventFrom(url: string | null, { subframe = false, sender = contentsAt(url ?? '') } = {}): IpcMainInvokeEvent {
  const senderFrame = url === null ? null : subframe ? { url } : sender.mainFrame;
  return { senderFrame, sender } as unknown as IpcMainInvokeEvent;
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
  // The last batch may still be releasing its lock or appending to the audit trail when its account reads pending:
  // rm retries ENOTEMPTY while that settles (it failed the suite once on a loaded machine).
  await rm(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
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

  it.skipIf(!haveKeyring)('pushes a batch\'s progress to the window that started it, and to no other', async () => {
    await invoke('addServer', { hostname: 'push.example.com', operator: 'root' });
    await invoke('useServer', { hostname: 'push.example.com' });
    const users = Array.from({ length: 30 }, (_, i) => `p${i}`);
    await invoke('importAccounts', { text: users.map((u) => `${u},${u}.example.com`).join('\n') });
    const starter = contentsAt(APP_PAGE);
    const other = contentsAt(APP_PAGE);
    const started = await invoke('startProvisionBatch', { users, replace: false, chunkSize: 10 }, eventFrom(APP_PAGE, { sender: starter }));
    expect(started).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(starter.sent.at(-1)?.[1]).toMatchObject({ finished: true }), { timeout: 30_000 });
    expect(starter.sent.map(([channel]) => channel)).toEqual(starter.sent.map(() => 'tfa-event:provisionProgress'));
    expect(starter.sent.map(([, p]) => (p as { done: number }).done)).toEqual([0, 10, 20, 30, 30]);
    const last = starter.sent.at(-1)![1] as { envelope: { data: { provisioned: string[] } } };
    expect(last.envelope.data.provisioned).toEqual(users);
    expect(JSON.stringify(starter.sent)).not.toMatch(/secret|otpauth/);
    expect(other.sent).toEqual([]);
  });

  it.skipIf(!haveKeyring)('sends nothing to a window that is gone or no longer shows the app, and the batch still ends', async () => {
    const users = ['q1', 'q2'];
    await invoke('importAccounts', { text: users.map((u) => `${u},${u}.example.com`).join('\n') });
    const gone = contentsAt(APP_PAGE);
    gone.destroyed = true;
    expect(await invoke('startProvisionBatch', { users, replace: false }, eventFrom(APP_PAGE, { sender: gone }))).toMatchObject({ ok: true });
    await vi.waitFor(async () => expect(await invoke('listAccounts', {})).toMatchObject({ value: { data: { accounts: expect.arrayContaining([expect.objectContaining({ user: 'q2', state: 'pending' })]) } } }), { timeout: 30_000 });
    expect(gone.sent).toEqual([]);
    const elsewhere = contentsAt(APP_PAGE);
    await invoke('importAccounts', { text: 'q3,q3.example.com' });
    const event = eventFrom(APP_PAGE, { sender: elsewhere });
    // The window's page moves away after its call was accepted: its events stop.
    const answer = invoke('startProvisionBatch', { users: ['q3'], replace: false }, event);
    elsewhere.mainFrame.url = 'https://evil.example/';
    expect(await answer).toMatchObject({ ok: true });
    await vi.waitFor(async () => expect(await invoke('listAccounts', {})).toMatchObject({ value: { data: { accounts: expect.arrayContaining([expect.objectContaining({ user: 'q3', state: 'pending' })]) } } }), { timeout: 30_000 });
    expect(elsewhere.sent).toEqual([]);
  });
});
