// The renderer under test, wired as the desktop app wires it, minus Electron:
//  - the built UI (out/renderer) is served by a tiny static server on 127.0.0.1 that maps each path through the
//    app protocol's own resolver (main/ipc/app-protocol-resolver.ts) and sends the same CSP header;
//  - `window.tfa` is built in the page from TFA_METHODS and channelOf exactly as buildTfaApi does for the preload,
//    and every call travels through one Playwright binding to the REAL main-process handlers (createTfaHandlers)
//    after the trusted-sender rule (main/ipc/trusted-sender.ts) accepted the calling frame;
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
import { channelOf, TFA_METHODS, type TfaMethod } from '../../main/common/tfa-api-contract.js';
import type { TfaEngine } from '../../main/engine/tfa-engine.js';
import { resolveAppResource } from '../../main/ipc/app-protocol-resolver.js';
import { createTfaHandlers, type DesktopShell } from '../../main/ipc/tfa-handlers.js';
import { isTrustedSender } from '../../main/ipc/trusted-sender.js';
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

export interface TestApp {
  page: Page;
  origin: string;
  home: string;
  exportDir: string;
  shell: TestShell;
  engine: TfaEngine;
  calls: RecordedCall[];
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
      return { engine, handlers: made };
    }
    let { engine, handlers } = await handlersFor(home);
    const { origin } = server;
    const calls: RecordedCall[] = [];
    const problems: string[] = [];

    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith('data:')) problems.push(`request to ${url}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

    await page.exposeBinding('__tfaInvoke', async (source, channel: unknown, payload: unknown) => {
      const sender = { url: asAppUrl(source.frame.url(), origin), isMainFrame: source.frame === source.page.mainFrame() };
      if (!isTrustedSender(sender)) {
        return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'This frame may not use the app’s API.' } };
      }
      const method = TFA_METHODS.find((m) => channelOf(m) === channel);
      if (!method) return { ok: false, error: { code: 'BAD_REQUEST', message: `Unknown channel ${String(channel)}` } };
      const result = await handlers[method](payload);
      calls.push({ method, payload, result });
      return result;
    });
    // window.tfa as buildTfaApi (main/common/tfa-api-bridge.ts) makes it: one frozen method per channel,
    // each forwarding exactly one payload.
    await page.addInitScript((channels: [string, string][]) => {
      const scope = globalThis as unknown as { __tfaInvoke: (c: string, p: unknown) => Promise<unknown> };
      const api: Record<string, (payload: unknown) => Promise<unknown>> = {};
      for (const [method, channel] of channels) api[method] = (payload: unknown) => scope.__tfaInvoke(channel, payload);
      Object.defineProperty(globalThis, 'tfa', { value: Object.freeze(api), enumerable: true });
    }, TFA_METHODS.map((m) => [m, channelOf(m)] as [string, string]));

    const app: TestApp = {
      page,
      origin,
      home,
      exportDir,
      shell,
      engine,
      calls,
      problems,
      async freshHome() {
        const next = await mkdtemp(path.join(os.tmpdir(), 'tfa-ui-home-'));
        homes.push(next);
        ({ engine, handlers } = await handlersFor(next));
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
