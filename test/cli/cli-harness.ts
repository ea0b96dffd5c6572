// Runs the CLI in a private state directory: as a user would (the built bin/tfa-provisioner.js → out/cli, one
// process per command), or in this process (runCli from main/cli/main.ts with captured output), for long journeys
// where dozens of Node start-ups would only measure how busy the machine is.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { EnvelopeMetadata } from '../../main/common/engine-answers.js';
import { runCli as runCliHere } from '../../main/cli/main.js';
import { openEngine } from '../../main/store/open-engine.js';
import type { Clock } from '../../main/engine/ports.js';
import type { ScryptCost } from '../../main/store/profile-backup-file.js';

export const CLI = fileURLToPath(new URL('../../bin/tfa-provisioner.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function makeHome(): string {
  return mkdtempSync(join(tmpdir(), 'tfa-cli-'));
}

export function runCli(home: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, TFA_PROVISIONER_HOME: home, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `script` (bash) with env, collecting its output and exit status. */
export function sh(script: string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Locks the login keyring as the desktop's "lock keyring" does (dbus-send: part of the dbus package CI installs). */
export const LOCK_LOGIN =
  'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null';

type JsonAnswer = { data?: any; metadata: EnvelopeMetadata };

export async function runJson(home: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const run = await runCli(home, ['--output=json', ...args], extraEnv);
  return { ...run, json: JSON.parse(run.stdout) as JsonAnswer };
}

/**
 * A backup's scrypt cost for tests about something else (2^14 instead of 2^17: an eighth of the memory and time).
 * The production cost keeps its own tests: test/store/profile-backup-file.test.ts and the terminal passphrase test.
 */
export const QUICK_SCRYPT: ScryptCost = { N: 2 ** 14, r: 8, p: 1 };

class Collected extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/**
 * The same command in this process: runCli with its output collected, the real state file and keychain,
 * `scryptCost` for backups and, where a test compares what is dated, a fixed `clock`. Exit codes, stdout and stderr
 * are exactly what the launcher would pass on.
 */
export async function runHere(
  home: string,
  args: string[],
  { scryptCost = QUICK_SCRYPT, clock }: { scryptCost?: ScryptCost; clock?: Clock } = {},
): Promise<CliRun> {
  const stdout = new Collected();
  const stderr = new Collected();
  const code = await runCliHere(args, { stdout, stderr, env: { ...process.env, TFA_PROVISIONER_HOME: home } }, (options) =>
    openEngine({ ...options, scryptCost, ...(clock ? { clock } : {}) }),
  );
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export async function runHereJson(home: string, args: string[], options: { scryptCost?: ScryptCost } = {}) {
  const run = await runHere(home, ['--output=json', ...args], options);
  return { ...run, json: JSON.parse(run.stdout) as JsonAnswer };
}

/** A TOTP code from oathtool, the independent implementation, at `now` (oathtool's --now syntax) or the current time. */
export function oathtoolCode(secret: string, now?: string): string {
  const args = ['--totp', '-b', ...(now ? ['--now', now] : []), secret];
  return execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
}

export const keyringAvailable = Boolean(process.env.TFA_TEST_KEYRING);
export const KEYRING_SKIP_REASON =
  'TFA_TEST_KEYRING is not set: these tests need the real Secret Service; run them through test/run-with-keyring.sh (npm test does).';
