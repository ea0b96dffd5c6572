#!/usr/bin/env node
// Thin launcher: the CLI is bundled from main/cli into one file by `npm run build` (vite.cli.config.ts; run by
// `npm install` through `prepare`), so a call loads one module instead of resolving hundreds.
import { runCli } from '../out/cli/tfa-provisioner.mjs';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // Only touched when a passphrase is to be typed: an idle stdin must not be opened for every command.
  get stdin() {
    return process.stdin;
  },
});
