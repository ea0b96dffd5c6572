#!/usr/bin/env node
// `npm start`: runs the built desktop app in Electron when a binary is installed. Where none is (this
// project installs electron for its types only on machines without GitHub access), it says so, says how
// to get one, points to the CLI, and exits 3 — the same "environment is missing something" code the
// keyring wrapper uses.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELECTRON_HELP, findElectronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mainScript = path.join(root, 'out', 'main', 'electron', 'main.js');

const electron = findElectronBinary();
if (!electron.found) {
  console.error(`tfa-provisioner: no Electron binary is installed (${electron.reason}), so the desktop app cannot start.`);
  console.error(ELECTRON_HELP);
  process.exit(3);
}
if (!existsSync(mainScript)) {
  console.error(`tfa-provisioner: ${path.relative(root, mainScript)} is missing; run \`npm run build\` first.`);
  process.exit(1);
}

// The project directory, not main.js: Electron then reads package.json (name, version, "main").
// ELECTRON_RUN_AS_NODE would turn Electron into plain Node and ignore the app.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(electron.path, [root, ...process.argv.slice(2)], { stdio: 'inherit', env });
child.on('error', (error) => {
  console.error(`tfa-provisioner: could not run ${electron.path}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
