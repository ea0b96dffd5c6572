// Builds the renderer (renderer/) into out/renderer, loaded by the desktop app from app://tfa-provisioner/.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [svelte()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // Electron 45 ships Chromium 140.
    target: 'chrome130',
    // Everything stays a file of our own: the CSP allows data: only for images, and no inline script or style.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
