// The desktop app end to end, in real Electron: the window opens on app://, `window.tfa` is exactly the
// contract, and the page has no Node. Without an Electron binary it skips and says why (machine-recipes §3).
// On Linux CI it needs a display: xvfb-run -a npm run test:electron. It needs a build: npm run build.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { subscriptionOf, TFA_EVENTS, TFA_METHODS } from '../../main/common/tfa-api-contract.js';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = findElectronBinary();
const electronAvailable = binary.found;
const skipReason = `No Electron binary on this machine (${binary.found ? '' : binary.reason}): the Electron end-to-end test runs where one is installed`;
if (!electronAvailable) console.log(`electron-app.spec.ts: skipped. ${skipReason}`);

test.skip(!electronAvailable, skipReason);

test.describe('TFA Provisioner desktop app', () => {
  let app: ElectronApplication | undefined;
  let home: string;

  test.beforeAll(async () => {
    if (!binary.found) return;
    // A throwaway state directory: the test never touches the operator's real state.
    home = await mkdtemp(path.join(os.tmpdir(), 'tfa-e2e-'));
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
    // A stray ELECTRON_RUN_AS_NODE makes Electron refuse Playwright's debugging flags (platform.md §6.1).
    delete env.ELECTRON_RUN_AS_NODE;
    env.TFA_PROVISIONER_HOME = home;
    app = await electron.launch({ executablePath: binary.path, args: [projectRoot], env });
  });

  test.afterAll(async () => {
    await app?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  test('opens the window on app://, exposes exactly the contract, and no Node', async () => {
    const page = await app!.firstWindow();
    await expect(page).toHaveTitle(/TFA Provisioner/);
    expect(new URL(page.url()).protocol).toBe('app:');

    const exposed = await page.evaluate(() => Object.keys((globalThis as unknown as { tfa: object }).tfa).sort());
    expect(exposed).toEqual([...TFA_METHODS, ...TFA_EVENTS.map(subscriptionOf)].sort());

    const nodeGlobals = await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      return { require: typeof g.require, process: typeof g.process, module: typeof g.module, ipcRenderer: typeof g.ipcRenderer };
    });
    expect(nodeGlobals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: 'undefined' });

    // The bridge reaches the main process and back, through the sender check.
    const info = await page.evaluate(() =>
      (globalThis as unknown as { tfa: { appInfo(p: object): Promise<{ ok: boolean; value?: { stateDir: string } }> } }).tfa.appInfo({}),
    );
    expect(info).toMatchObject({ ok: true, value: { stateDir: home } });
  });
});
