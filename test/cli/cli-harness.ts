// Runs the built CLI (bin/tfa-provisioner.js → out/main/cli) as a user would, in a private state directory.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

export async function runJson(home: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const run = await runCli(home, ['--output=json', ...args], extraEnv);
  return { ...run, json: JSON.parse(run.stdout) as { data?: any; metadata: { command: string; reason: string; result: 0 | 1; version: 1 } } };
}

/** A TOTP code from oathtool, the independent implementation, at `now` (oathtool's --now syntax) or the current time. */
export function oathtoolCode(secret: string, now?: string): string {
  const args = ['--totp', '-b', ...(now ? ['--now', now] : []), secret];
  return execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
}

export const keyringAvailable = Boolean(process.env.TFA_TEST_KEYRING);
export const KEYRING_SKIP_REASON =
  'TFA_TEST_KEYRING is not set: these tests need the real Secret Service; run them through test/run-with-keyring.sh (npm test does).';
