// Bundles the command line (main/cli/main.ts and everything it reaches) into out/cli/tfa-provisioner.mjs, so a CLI
// call loads one file instead of resolving some hundreds of modules (issue 11: that resolution was most of the cost).
// Heavy modules stay out of that file: the code imports them dynamically where they are used, and they become chunks
// loaded only on those paths. keytar is a native addon and pdfkit reads its font files beside its own sources, so both
// stay in node_modules.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  publicDir: false,
  // The version --version prints, fixed at build time: no package.json to look for on every call.
  // The sheets' worker thread runs main/node/sheet-worker.ts, a chunk of its own (sheet-workers.ts imports it for
  // this thread's share too) under a fixed name beside the other chunks, where sheet-workers.ts looks for it.
  define: { __TFA_APP_VERSION__: JSON.stringify(version), __TFA_SHEET_WORKER__: JSON.stringify('./sheet-worker.mjs') },
  envPrefix: 'TFA_CLI_NEVER_',
  ssr: { noExternal: true, external: ['@github/keytar', 'pdfkit'] },
  build: {
    ssr: 'main/cli/main.ts',
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    rolldownOptions: {
      external: ['@github/keytar', 'pdfkit', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: {
        entryFileNames: 'tfa-provisioner.mjs',
        chunkFileNames: (chunk) => (chunk.name === 'sheet-worker' ? 'chunks/sheet-worker.mjs' : 'chunks/[name]-[hash].mjs'),
        format: 'es',
      },
    },
  },
});
