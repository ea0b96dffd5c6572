// main.ts wiring, against a recording stand-in for the 'electron' module (the only thing not real here:
// the engine, handlers and policies are). It checks the order that matters (scheme and sandbox before
// ready) and that every fence is actually installed.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/common/content-security-policy.js';
import { TFA_METHODS } from '../../main/common/tfa-api-contract.js';

const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  const log: string[] = [];
  const appEvents = new Map<string, Listener>();
  const ipc = new Map<string, Listener>();
  const protocols = new Map<string, Listener>();
  const windows: FakeWindow[] = [];
  const session: {
    permissionRequest?: Listener;
    permissionCheck?: Listener;
    beforeRequest?: Listener;
  } = {};
  let resolveReady: () => void = () => {};
  const state = { lock: true, menu: undefined as unknown, privileged: [] as unknown[], clipboard: '' };

  class FakeWindow {
    static getAllWindows = () => windows;
    readonly events = new Map<string, Listener>();
    shown = false;
    focused = 0;
    restored = 0;
    minimized = false;
    loaded: string[] = [];
    readonly mainFrame = { url: 'app://tfa-provisioner/index.html' };
    readonly webContents = { mainFrame: this.mainFrame, printToPDF: async () => new Uint8Array() };
    constructor(readonly options: Record<string, unknown>) {
      log.push('new BrowserWindow');
      windows.push(this);
    }
    once(event: string, listener: Listener) {
      this.events.set(event, listener);
    }
    on(event: string, listener: Listener) {
      this.events.set(event, listener);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    show() {
      this.shown = true;
    }
    isMinimized() {
      return this.minimized;
    }
    restore() {
      this.restored += 1;
    }
    focus() {
      this.focused += 1;
    }
  }

  const module = {
    app: {
      requestSingleInstanceLock: () => (log.push('requestSingleInstanceLock'), state.lock),
      enableSandbox: () => log.push('enableSandbox'),
      quit: () => log.push('quit'),
      on: (event: string, listener: Listener) => appEvents.set(event, listener),
      whenReady: () => {
        log.push('whenReady');
        return new Promise<void>((resolve) => (resolveReady = resolve));
      },
      getPath: () => os.tmpdir(),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => (log.push('registerSchemesAsPrivileged'), state.privileged.push(...schemes)),
      handle: (scheme: string, handler: Listener) => (log.push(`protocol.handle ${scheme}`), protocols.set(scheme, handler)),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Listener) => (session.permissionRequest = h),
        setPermissionCheckHandler: (h: Listener) => (session.permissionCheck = h),
        webRequest: { onBeforeRequest: (h: Listener) => (session.beforeRequest = h) },
      },
    },
    ipcMain: { handle: (channel: string, listener: Listener) => ipc.set(channel, listener) },
    BrowserWindow: FakeWindow,
    nativeTheme: { shouldUseDarkColors: false },
    Menu: {
      setApplicationMenu: (menu: unknown) => (state.menu = menu),
      buildFromTemplate: (template: unknown) => ({ template }),
    },
    dialog: { showErrorBox: (...args: unknown[]) => log.push(`showErrorBox ${String(args[1])}`) },
    clipboard: {
      writeText: async (text: string) => {
        state.clipboard = text;
      },
      readText: async () => state.clipboard,
    },
  };
  return { module, log, appEvents, ipc, protocols, windows, session, state, ready: () => resolveReady() };
});
vi.mock('electron', () => fake.module);

let home: string;
const savedHome = process.env.TFA_PROVISIONER_HOME;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'tfa-main-'));
  process.env.TFA_PROVISIONER_HOME = home;
  await import('../../main/electron/main.js');
});
afterAll(async () => {
  if (savedHome === undefined) delete process.env.TFA_PROVISIONER_HOME;
  else process.env.TFA_PROVISIONER_HOME = savedHome;
  await rm(home, { recursive: true, force: true });
});

/** A webContents stand-in, handed to the app's web-contents-created listener. */
function fakeContents() {
  const listeners = new Map<string, (event: { url?: string; preventDefault(): void }) => void>();
  let openHandler: (() => unknown) | undefined;
  const contents = {
    setWindowOpenHandler: (h: () => unknown) => (openHandler = h),
    on: (event: string, listener: (event: { url?: string; preventDefault(): void }) => void) => listeners.set(event, listener),
  };
  fake.appEvents.get('web-contents-created')?.({}, contents);
  const prevented = (event: string, url?: string) => {
    let was = false;
    listeners.get(event)?.({ url, preventDefault: () => (was = true) });
    return was;
  };
  return { openHandler: () => openHandler?.(), prevented, listeners };
}

describe('before ready', () => {
  it('takes the single-instance lock, registers app:// as privileged and enables the sandbox, all before ready', () => {
    const ready = fake.log.indexOf('whenReady');
    expect(fake.log.indexOf('requestSingleInstanceLock')).toBe(0);
    expect(fake.log.indexOf('registerSchemesAsPrivileged')).toBeGreaterThan(-1);
    expect(fake.log.indexOf('registerSchemesAsPrivileged')).toBeLessThan(ready);
    expect(fake.log.indexOf('enableSandbox')).toBeGreaterThan(-1);
    expect(fake.log.indexOf('enableSandbox')).toBeLessThan(ready);
    expect(fake.state.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } },
    ]);
    expect(fake.windows).toHaveLength(0);
  });
});

describe('after ready', () => {
  beforeAll(async () => {
    fake.ready();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
  });

  it('denies every permission request and check', () => {
    const answers: boolean[] = [];
    fake.session.permissionRequest?.({}, 'media', (granted: boolean) => answers.push(granted));
    fake.session.permissionRequest?.({}, 'notifications', (granted: boolean) => answers.push(granted));
    expect(answers).toEqual([false, false]);
    expect(fake.session.permissionCheck?.({}, 'clipboard-read', 'app://tfa-provisioner', {})).toBe(false);
  });

  it('cancels every network request and lets app:// through', () => {
    const cancelled = (url: string) => {
      let answer: { cancel?: boolean } | undefined;
      fake.session.beforeRequest?.({ url }, (response: { cancel?: boolean }) => (answer = response));
      return answer?.cancel;
    };
    expect(cancelled('https://example.com/')).toBe(true);
    expect(cancelled('http://localhost:5173/')).toBe(true);
    expect(cancelled('ws://localhost:1/')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('devtools://devtools/bundled/inspector.html')).toBe(true);
    expect(cancelled('app://tfa-provisioner/assets/index.js')).toBe(false);
  });

  it('serves the renderer over app:// with the CSP', async () => {
    const handler = fake.protocols.get('app');
    expect(handler).toBeTypeOf('function');
    const response = (await handler?.(new Request('app://tfa-provisioner/nope.js'))) as Response;
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('denies new windows, navigation and redirects elsewhere, and webviews, for every webContents', () => {
    const contents = fakeContents();
    expect(contents.openHandler()).toEqual({ action: 'deny' });
    expect(contents.prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.prevented('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.prevented('will-navigate', 'app://evil/')).toBe(true);
    expect(contents.prevented('will-navigate', 'app://tfa-provisioner/index.html')).toBe(false);
    expect(contents.prevented('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.prevented('will-redirect', 'app://tfa-provisioner/index.html')).toBe(false);
    expect(contents.prevented('will-attach-webview')).toBe(true);
  });

  it('opens one sandboxed window on app://, shown when ready', () => {
    const [window] = fake.windows;
    const prefs = window?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false });
    expect(String(prefs.preload)).toMatch(/[/\\]preload[/\\]preload\.cjs$/);
    expect(window?.loaded).toEqual(['app://tfa-provisioner/index.html']);
    expect(window?.shown).toBe(false);
    window?.events.get('ready-to-show')?.();
    expect(window?.shown).toBe(true);
  });

  it('registers the whole contract on ipcMain, over the engine in the CLI state directory', async () => {
    expect([...fake.ipc.keys()].sort()).toEqual(TFA_METHODS.map((m) => `tfa:${m}`).sort());
    const frame = { url: 'app://tfa-provisioner/index.html' };
    const event = { senderFrame: frame, sender: { mainFrame: frame } };
    expect(await fake.ipc.get('tfa:appInfo')?.(event, {})).toMatchObject({ ok: true, value: { stateDir: home } });
    // The preferences file in that same directory: none yet, so KeePassXC's 10 s.
    expect(await fake.ipc.get('tfa:getPreferences')?.(event, {})).toEqual({ ok: true, value: { clipboardClearSeconds: 10 } });
    expect(await fake.ipc.get('tfa:setPreferences')?.(event, { clipboardClearSeconds: 30 })).toEqual({ ok: true, value: { clipboardClearSeconds: 30 } });
    expect(JSON.parse(await readFile(path.join(home, 'preferences.json'), 'utf8'))).toEqual({ clipboardClearSeconds: 30 });
  });

  it('clears a secret still on the clipboard when the app quits, then quits', async () => {
    const frame = { url: 'app://tfa-provisioner/index.html' };
    const event = { senderFrame: frame, sender: { mainFrame: frame } };
    expect(await fake.ipc.get('tfa:copyText')?.(event, { text: 'JBSWY3DPEHPK3PXP' })).toMatchObject({ ok: true });
    expect(fake.state.clipboard).toBe('JBSWY3DPEHPK3PXP');
    fake.log.length = 0;
    let prevented = false;
    fake.appEvents.get('before-quit')?.({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(fake.log).toContain('quit'));
    expect(fake.state.clipboard).toBe('');
    // The quit it then makes goes through.
    prevented = false;
    fake.appEvents.get('before-quit')?.({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(false);
  });

  it('has no menu bar off macOS', () => {
    if (process.platform !== 'darwin') expect(fake.state.menu).toBeNull();
  });

  it('brings the first window forward when a second instance starts', () => {
    const [window] = fake.windows;
    if (!window) throw new Error('no window');
    window.minimized = true;
    fake.appEvents.get('second-instance')?.();
    expect(window.restored).toBe(1);
    expect(window.focused).toBe(1);
  });
});

describe('a second instance', () => {
  it('quits at once without registering anything', async () => {
    fake.log.length = 0;
    fake.state.lock = false;
    vi.resetModules();
    await import('../../main/electron/main.js');
    expect(fake.log).toEqual(['requestSingleInstanceLock', 'quit']);
  });
});
