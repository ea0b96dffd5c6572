// The renderer under test, wired as the desktop app wires it, minus Electron:
//  - the built UI (out/renderer) is served by a tiny static server on 127.0.0.1 that maps each path through the
//    app protocol's own resolver (main/ipc/app-protocol-resolver.ts) and sends the same CSP header;
//  - `window.tfa` is the preload's own bridge (assembleBridge from main/common/tfa-api-bridge.ts, its source installed
//    in the page), and every call travels through one Playwright binding to the REAL IPC registration
//    (registerTfaHandlers over createTfaHandlers: the trusted-sender rule, then the handlers); only ipcMain, the IPC
//    event and the webContents are stand-ins, being Electron's;
//  - events the handlers push go through the real glue (callerOf) to the webContents stand-in of the page that made
//    the call, which hands them to the bridge's subscriptions in the page (page.evaluate, as Electron's IPC would);
//  - behind the handlers: the real engine over a fresh TFA_PROVISIONER_HOME and the real keychain vault
//    (gnome-keyring in a private D-Bus session: run these tests through test/run-with-keyring.sh);
//  - a DesktopShell stand-in records what the dialogs and the clipboard would have done;
//  - the app's preferences are the real file store, in that same home (<home>/preferences.json).
// Every test fails if the page requested anything but its own origin, logged an error or threw.
import { test as base, expect, type Page } from '@playwright/test';
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY } from '../../main/common/content-security-policy.js';
import { DEFAULT_CLIPBOARD_CLEAR_SECONDS } from '../../main/common/preferences-rules.js';
import { assembleBridge, bridgeLayout, type BridgeLayout, type TfaSubscribe } from '../../main/common/tfa-api-bridge.js';
import { TFA_EVENTS, TFA_METHODS, channelOf, eventChannelOf, type TfaEvent, type TfaMethod } from '../../main/common/tfa-api-contract.js';
import { registerTfaHandlers } from '../../main/electron/ipc-registration.js';
import type { TfaEngine } from '../../main/engine/tfa-engine.js';
import { resolveAppResource } from '../../main/ipc/app-protocol-resolver.js';
import { createTfaHandlers, type DesktopShell } from '../../main/ipc/tfa-handlers.js';
import { JsonPreferencesFile } from '../../main/store/app-preferences.js';
import { openEngine } from '../../main/store/open-engine.js';

export { expect };

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RENDERER_ROOT = path.join(REPO_ROOT, 'out/renderer');
/**
 * Where the views' screenshots go: the README's (assets/screenshots) only when `npm run screenshots` asks for them
 * (TFA_SCREENSHOT_DIR), so `npm test` takes them too but changes no tracked file.
 */
export const SCREENSHOT_DIR = path.resolve(REPO_ROOT, process.env.TFA_SCREENSHOT_DIR ?? 'test-results/screenshots');
/** Each test's home starts without a preferences file, so the clipboard clears after the default delay. */
export const CLIPBOARD_CLEAR_SECONDS = DEFAULT_CLIPBOARD_CLEAR_SECONDS;
const QUICK_SCRYPT = { N: 2 ** 14, r: 8, p: 1 };
const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export type ViewName = 'Provision' | 'Accounts' | 'Rollout' | 'Exports & backup' | 'API shell' | 'Servers' | 'Audit';
export const VIEWS: ViewName[] = ['Provision', 'Accounts', 'Rollout', 'Exports & backup', 'API shell', 'Servers', 'Audit'];

/** What the native dialogs and the clipboard did, for the tests to inspect. */
export class TestShell implements DesktopShell {
  clipboard = '';
  /** Names the secret-export confirmation was asked for, and the answer it gives. */
  confirmations: string[] = [];
  confirmAnswer = true;
  /** cancel: the save dialog is dismissed, as a person pressing Cancel. */
  saveAnswer: 'accept' | 'cancel' = 'accept';
  savedPaths: string[] = [];
  /** The file the open dialog answers (null: cancelled), and the titles it was opened with. */
  openAnswer: string | null = null;
  openTitles: string[] = [];

  constructor(private readonly exportDir: string) {}

  async chooseSavePath(suggestedName: string): Promise<string | null> {
    if (this.saveAnswer === 'cancel') return null;
    const chosen = path.join(this.exportDir, suggestedName);
    this.savedPaths.push(chosen);
    return chosen;
  }

  async confirmSecretExport(fileName: string): Promise<boolean> {
    this.confirmations.push(fileName);
    return this.confirmAnswer;
  }

  writeClipboard(text: string): void {
    this.clipboard = text;
  }

  readClipboard(): string {
    return this.clipboard;
  }

  async chooseOpenPath(title: string): Promise<string | null> {
    this.openTitles.push(title);
    return this.openAnswer;
  }
}

export interface RecordedCall {
  method: TfaMethod;
  payload: unknown;
  result: unknown;
}

/** An event the main process pushed to the page, as it left the Electron glue. */
export interface PushedEvent {
  event: TfaEvent;
  payload: unknown;
  /** How many calls had answered when it was sent: the calls made meanwhile are `calls.slice(a, b)`. */
  callsSoFar: number;
}

export interface TestApp {
  page: Page;
  origin: string;
  home: string;
  exportDir: string;
  shell: TestShell;
  engine: TfaEngine;
  calls: RecordedCall[];
  /** Every event pushed to the page, in order. */
  events: PushedEvent[];
  /** Loads the UI and waits until it has read its state. */
  open(): Promise<void>;
  nav(view: ViewName): Promise<void>;
  /** The value of the last successful call of a method (the envelope or WhmAnswer). */
  lastValue<T = unknown>(method: TfaMethod): T;
  /** Runs the CLI (compiled by `npm run build`) on the same state. */
  cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Anything that makes the test fail at teardown: foreign requests, console errors, page errors. */
  problems: string[];
  /**
   * Points the handlers (and `engine`, `home`, `cli`) at a new, empty TFA_PROVISIONER_HOME, as a second computer
   * would be: the page keeps running, and its next call reaches the new home.
   */
  freshHome(): Promise<void>;
}

interface WorkerFixtures {
  server: { origin: string };
}

/** Maps a frame URL on the test origin to the app:// URL it stands for, so the real trusted-sender rule applies. */
function asAppUrl(frameUrl: string, origin: string): string {
  return frameUrl.startsWith(`${origin}/`) ? `${APP_ORIGIN}${frameUrl.slice(origin.length)}` : frameUrl;
}

/** ipcMain.handle's listener, and the invoke event it gets: Electron's types, seen through the glue's signature. */
type IpcListener = Parameters<Parameters<typeof registerTfaHandlers>[0]['handle']>[1];
type IpcMainInvokeEvent = Parameters<IpcListener>[0];

/**
 * Runs in the page before its own scripts: the preload's bridge over the binding (calls) and a per-channel listener
 * list (events). `__tfaPush` stands in for Electron delivering an IPC message to the page's ipcRenderer.
 */
function installBridge(assemble: typeof assembleBridge, layout: BridgeLayout): void {
  const scope = globalThis as unknown as { __tfaInvoke: (channel: string, payload: unknown) => Promise<unknown> };
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const subscribe: TfaSubscribe = (channel, listener) => {
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set);
    set.add(listener);
    return () => void set.delete(listener);
  };
  const push = (channel: string, payload: unknown) => {
    for (const listener of [...(listeners.get(channel) ?? [])]) listener(payload);
  };
  Object.defineProperty(globalThis, '__tfaPush', { value: push });
  Object.defineProperty(globalThis, 'tfa', { value: assemble((channel, payload) => scope.__tfaInvoke(channel, payload), subscribe, layout), enumerable: true });
}

export const test = base.extend<{ app: TestApp }, WorkerFixtures>({
  server: [
    // Playwright reads a fixture's dependencies from its destructuring pattern: this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = createServer((req, res) => {
        const headers = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
        const resource = resolveAppResource(`${APP_ORIGIN}${req.url ?? '/'}`, RENDERER_ROOT, req.method);
        if (resource.status !== 200) {
          res.writeHead(resource.status, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end(resource.reason);
          return;
        }
        readFile(resource.filePath).then(
          (body) => res.writeHead(200, { ...headers, 'content-type': resource.contentType }).end(req.method === 'HEAD' ? undefined : body),
          () => res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('not found'),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      await use({ origin: `http://127.0.0.1:${port}` });
      await new Promise((resolve) => server.close(resolve));
    },
    { scope: 'worker' },
  ],

  app: async ({ page, server }, use, testInfo) => {
    if (process.env.TFA_TEST_KEYRING !== '1') {
      throw new Error(
        'The renderer tests use the real keychain: run them inside test/run-with-keyring.sh (a private, unlocked gnome-keyring), ' +
          'e.g. `bash test/run-with-keyring.sh npx playwright test`.',
      );
    }
    const home = await mkdtemp(path.join(os.tmpdir(), 'tfa-ui-home-'));
    const exportDir = await mkdtemp(path.join(os.tmpdir(), 'tfa-ui-exports-'));
    const shell = new TestShell(exportDir);
    const homes = [home];
    const { origin } = server;
    const calls: RecordedCall[] = [];
    const events: PushedEvent[] = [];
    const problems: string[] = [];
    // The page's webContents, as far as the Electron glue uses it: its main frame's URL (on the app's origin), whether
    // it is gone, and send(), which hands an event to the page in order.
    const mainFrame = {
      get url() {
        return asAppUrl(page.mainFrame().url(), origin);
      },
    };
    let delivery: Promise<unknown> = Promise.resolve();
    const webContents = {
      mainFrame,
      isDestroyed: () => page.isClosed(),
      send(channel: string, payload: unknown) {
        const event = TFA_EVENTS.find((e) => eventChannelOf(e) === channel);
        if (event) events.push({ event, payload, callsSoFar: calls.length });
        delivery = delivery
          .then(() => page.evaluate(([c, p]) => (globalThis as unknown as { __tfaPush(c: string, p: unknown): void }).__tfaPush(c, p), [channel, payload] as const))
          .catch(() => {
            // The page closed or navigated meanwhile: Electron drops such a message too.
          });
      },
    };
    async function handlersFor(dir: string) {
      // Backups at a quick scrypt cost: these tests are about the UI; the production cost has tests of its own.
      const { engine, stateDir } = await openEngine({ env: { ...process.env, TFA_PROVISIONER_HOME: dir }, scryptCost: QUICK_SCRYPT });
      const made = createTfaHandlers({
        engine,
        shell,
        stateDir,
        version: VERSION,
        platform: process.platform,
        preferences: new JsonPreferencesFile(stateDir),
      });
      // The real registration on an ipcMain stand-in: the sender rule, then the handlers, events to the caller.
      const ipc = new Map<string, IpcListener>();
      registerTfaHandlers({ handle: (channel: string, listener: IpcListener) => void ipc.set(channel, listener) }, made);
      return { engine, ipc };
    }
    let { engine, ipc } = await handlersFor(home);

    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith('data:')) problems.push(`request to ${url}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

    await page.exposeBinding('__tfaInvoke', async (source, channel: unknown, payload: unknown) => {
      const listener = typeof channel === 'string' ? ipc.get(channel) : undefined;
      // Electron rejects an invoke on a channel nobody handles; so does this stand-in.
      if (!listener) throw new Error(`No handler registered for '${String(channel)}'`);
      const senderFrame = source.frame === page.mainFrame() ? mainFrame : { url: asAppUrl(source.frame.url(), origin) };
      const result = await listener({ senderFrame, sender: webContents } as unknown as IpcMainInvokeEvent, payload);
      const method = TFA_METHODS.find((m) => channelOf(m) === channel)!;
      calls.push({ method, payload, result });
      return result;
    });
    await page.addInitScript({ content: `(${installBridge.toString()})(${assembleBridge.toString()}, ${JSON.stringify(bridgeLayout())});` });

    const app: TestApp = {
      page,
      origin,
      home,
      exportDir,
      shell,
      engine,
      calls,
      events,
      problems,
      async freshHome() {
        const next = await mkdtemp(path.join(os.tmpdir(), 'tfa-ui-home-'));
        homes.push(next);
        ({ engine, ipc } = await handlersFor(next));
        app.engine = engine;
        app.home = next;
      },
      async open() {
        await page.goto(`${origin}/`);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page.getByRole('region', { name: 'Active server profile' })).not.toContainText('Loading');
      },
      async nav(view) {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: view, exact: true }).click();
        await expect(page.getByRole('heading', { level: 1, name: view })).toBeFocused();
      },
      lastValue<T>(method: TfaMethod): T {
        const call = [...calls].reverse().find((c) => c.method === method && (c.result as { ok: boolean }).ok);
        if (!call) throw new Error(`No successful ${method} call was made.`);
        return (call.result as { value: T }).value;
      },
      cli(args) {
        return run(process.execPath, [path.join(REPO_ROOT, 'bin/tfa-provisioner.js'), ...args], { ...process.env, TFA_PROVISIONER_HOME: app.home });
      },
    };

    await use(app);

    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('calls', { body: JSON.stringify(calls, null, 2), contentType: 'application/json' });
    for (const dir of homes) await rm(dir, { recursive: true, force: true });
    await rm(exportDir, { recursive: true, force: true });
    expect(problems, 'the page made no foreign request and logged no error').toEqual([]);
  },
});

export function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** The code an authenticator app shows now, from oathtool (the secret goes on stdin, never argv). */
export async function oathtoolCode(secret: string): Promise<string> {
  const { code, stdout, stderr } = await run('oathtool', ['--totp', '-b', '-'], process.env, `${secret}\n`);
  if (code !== 0) throw new Error(`oathtool failed: ${stderr}`);
  return stdout.trim();
}

/** Decodes a QR code image with zbarimg. */
export function zbarimg(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('zbarimg', ['--raw', '-q', file], (error, stdout) => (error ? reject(error) : resolve(stdout.trim())));
  });
}

export function screenshotPath(view: string, theme: 'light' | 'dark'): string {
  return path.join(SCREENSHOT_DIR, `${view}-${theme}.png`);
}
