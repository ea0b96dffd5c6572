#!/usr/bin/env node
// Thin launcher: the CLI is compiled from main/cli by `npm run build` (run by `npm install` through `prepare`).
import { runCli } from '../out/main/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // Only touched when a passphrase is to be typed: an idle stdin must not be opened for every command.
  get stdin() {
    return process.stdin;
  },
});
