// The renderer tests: the built UI (out/renderer) in Debian's Chromium, with window.tfa bound to the real
// main-process handlers, real state and the real keychain vault. Run inside test/run-with-keyring.sh after
// `npm run build` (see test/renderer/fixture.ts). The Electron end-to-end test has its own config.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/renderer',
  testMatch: '**/*.spec.ts',
  // 2 shared cores: one browser at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results/renderer',
  use: {
    headless: true,
    viewport: { width: 1100, height: 760 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    // An action waiting for something that never comes fails fast instead of eating the test's whole budget.
    actionTimeout: 15_000,
    trace: 'retain-on-failure',
  },
});
