// The desktop UI's bench (npm run bench:ui): the built renderer in Chromium over the real handlers, as the renderer
// tests run it (test/renderer/fixture.ts), timing interactions with Performance marks. It prints figures; it asserts
// no time, so it is not part of npm test.
import { defineConfig } from '@playwright/test';
import base from './playwright.config.js';

export default defineConfig({
  ...base,
  testDir: 'bench',
  testMatch: 'ui.bench.ts',
  timeout: 300_000,
  outputDir: 'test-results/bench',
});
