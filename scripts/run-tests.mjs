#!/usr/bin/env node
// `npm test`: every check and suite, one after another, each run even when an earlier one failed (a lint error
// should not hide a failing test), then one line per suite and a non-zero exit status if any failed.
// The suites that need the keychain or the UI run inside test/run-with-keyring.sh, each in a private D-Bus
// session with an unlocked gnome-keyring. Nothing here writes into the tree but out/ and test-results/.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const keyring = ['bash', 'test/run-with-keyring.sh'];

/** name, command line (the package.json scripts where there is one). The build comes before the suites that drive out/ (the CLI processes, the UI, Electron). */
const SUITES = [
  ['typecheck', ['npm', 'run', '--silent', 'typecheck']],
  ['lint', ['npm', 'run', '--silent', 'lint']],
  ['check:renderer', ['npm', 'run', '--silent', 'check:renderer']],
  ['build', ['npm', 'run', '--silent', 'build']],
  ['unit, CLI, keychain (vitest)', [...keyring, 'vitest', 'run']],
  ['UI in Chromium (playwright)', [...keyring, 'playwright', 'test']],
  ['Electron end to end (playwright)', [...keyring, 'playwright', 'test', '-c', 'playwright.electron.config.ts']],
];

function run([command, ...args]) {
  return new Promise((resolve) => {
    const env = { ...process.env, PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}` };
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`run-tests: cannot start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

const results = [];
for (const [name, command] of SUITES) {
  console.log(`\n=== ${name}: ${command.join(' ')}\n`);
  const started = process.hrtime.bigint();
  const code = await run(command);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  results.push({ name, code, seconds });
}

const status = (r) => (r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`);
const nameWidth = Math.max(...results.map((r) => r.name.length));
const statusWidth = Math.max(...results.map((r) => status(r).length));
console.log('\n=== summary\n');
for (const r of results) console.log(`${status(r).padEnd(statusWidth)}  ${r.name.padEnd(nameWidth)}  ${Math.round(r.seconds)} s`);
const failed = results.filter((r) => r.code !== 0);
const total = Math.round(results.reduce((sum, r) => sum + r.seconds, 0));
const took = `${Math.floor(total / 60)} min ${total % 60} s`;
console.log(`\n${failed.length === 0 ? 'All passed' : `${failed.length} of ${results.length} failed`} in ${took}.`);
process.exitCode = failed.length === 0 ? 0 : 1;
