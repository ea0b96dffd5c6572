// The Electron end-to-end test (test/e2e), apart from the renderer tests in Chromium (playwright.config.ts):
// it drives the real app and needs an Electron binary, which most machines building this project lack.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e',
  // One app at a time: it holds the single-instance lock.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  outputDir: 'test-results/electron',
});
