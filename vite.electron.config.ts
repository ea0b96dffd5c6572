// Bundles the sandboxed preload into ONE CommonJS file: a sandboxed preload can require only 'electron'
// (and a few Node built-ins), never a local module, so the contract and the bridge are inlined.
// The main process needs no bundling: tsc compiles it to ESM in out/main/electron/ (see tsconfig.build.json).
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  // Nothing from the environment leaks into the bundle.
  envPrefix: 'TFA_PRELOAD_NEVER_',
  build: {
    outDir: 'out/preload',
    emptyOutDir: true,
    // Electron 45 ships Chromium 140 (as in vite.config.ts).
    target: 'chrome130',
    // Kept readable: it is the whole surface the page can reach, and a reviewer should see it at a glance.
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    lib: {
      entry: 'main/electron/preload.ts',
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rolldownOptions: {
      external: ['electron'],
    },
  },
});
