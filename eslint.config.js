// Flat ESLint config for the TypeScript and Node scripts and the Svelte UI (renderer/, .svelte files included;
// svelte-check adds the type check). Beyond the recommended sets, it enforces the layering the security model
// rests on: only main/electron/ touches Electron, the engine touches no disk, keychain or Electron at all, and the
// renderer imports nothing from main/ but main/common/ (it reaches the main process only through window.tfa).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

/** Node's globals for the plain .js/.mjs scripts (no `globals` package installed: these are all we use). */
const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'queueMicrotask', 'structuredClone', 'TextEncoder', 'TextDecoder', 'AbortController', 'performance', 'fetch'].map(
    (name) => [name, 'readonly'],
  ),
);

const ELECTRON_ONLY_IN_GLUE = {
  name: 'electron',
  message: "Only main/electron/ may import 'electron': keep logic in Electron-free modules that tests can run in Node.",
};
/** main/cli is a front end, like main/electron: nothing else builds on it. */
const NOT_THE_CLI = { group: ['**/cli/*'], message: 'main/cli/ is the command line only: share code through main/store/ or main/common/.' };
const PURE_ENGINE = [
  ELECTRON_ONLY_IN_GLUE,
  ...['node:fs', 'fs', 'node:fs/promises', 'fs/promises'].map((name) => ({
    name,
    message: 'The engine is pure: disk access goes through its ports (main/store implements them).',
  })),
  ...['@github/keytar', 'keytar'].map((name) => ({
    name,
    message: 'The engine is pure: the keychain is reached through the Sealer port (main/store/vault.ts).',
  })),
];

/**
 * The renderer's imports: from main/ only main/common/ (the IPC contract and the pure rules), never zod (the
 * payload schemas are checked in the main process; the UI bundle stays free of them), never Node or Electron.
 */
const RENDERER_LAYERING = {
  paths: [
    ELECTRON_ONLY_IN_GLUE,
    { name: 'zod', message: 'The renderer does not validate payloads: the main process does. Keep zod out of the UI bundle.' },
  ],
  patterns: [
    {
      // A `.` or `..` segment after main/common/ could lead anywhere (main/common/../engine): refused as well.
      regex: '(^|/)main/(?!common/)|(^|/)main/common/(.*/)?\\.\\.?/',
      message: 'The renderer imports nothing from main/ but main/common/: it reaches the main process only through window.tfa (lib/api.ts).',
    },
    { regex: '^(node:|fs$|path$|os$|child_process$)', message: 'The renderer runs sandboxed in Chromium: no Node modules.' },
  ],
};

export default defineConfig(
  { ignores: ['out/', 'node_modules/', 'release/', 'dist/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  {
    // TypeScript inside <script lang="ts"> and in .svelte.ts modules (runes).
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    rules: {
      // `_name` marks a parameter a callback signature forces on us.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-imports': ['error', { paths: [ELECTRON_ONLY_IN_GLUE] }],
      // The validators match control characters on purpose: that is how they refuse them in usernames,
      // hostnames, WHM parameters and asset paths.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests assert rendered output literally: /^metadata:\n  command: / reads as the YAML it matches.
    files: ['test/**'],
    rules: { 'no-regex-spaces': 'off' },
  },
  {
    // runJson parses the CLI's JSON envelope, whose `data` differs per command; each test asserts the
    // shape it expects, so `any` keeps those assertions readable without a type per command.
    files: ['test/cli/cli-harness.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The desktop app shares the CLI's engine and delivery module (main/store), never the CLI's own code.
    files: ['main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NOT_THE_CLI] }] },
  },
  {
    files: ['main/ipc/**', 'main/store/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON_ONLY_IN_GLUE], patterns: [NOT_THE_CLI] }] },
  },
  {
    // These tests stand in for Electron with vi.mock('electron'); they may borrow its types, never its code.
    files: ['test/electron/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ ...ELECTRON_ONLY_IN_GLUE, allowTypeImports: true }] }],
    },
  },
  {
    files: ['main/engine/**'],
    rules: { 'no-restricted-imports': ['error', { paths: PURE_ENGINE }] },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', RENDERER_LAYERING],
      // The payload schemas are zod: the renderer may borrow the types inferred from them, never their code.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)main/common/tfa-api-schemas(\\.js)?$',
              allowTypeImports: true,
              message: 'The payload schemas (zod) run in the main process; the renderer may import their types only (import type).',
            },
          ],
        },
      ],
      // svelte-check (TypeScript) knows the browser's globals and the runes; ESLint's no-undef does not.
      'no-undef': 'off',
    },
  },
);
