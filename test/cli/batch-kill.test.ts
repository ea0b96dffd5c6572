// A batch killed outright (SIGKILL: no handler runs) in the middle of `provision --all`: the state still loads,
// every account is either pending with a secret that opens or untouched, whole chunks at a time, and a rerun
// completes the rest without replacing a single pending secret.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, KEYRING_SKIP_REASON, keyringAvailable, makeHome, runCli, runJson } from './cli-harness.js';

const ACCOUNTS = 5000;
const CHUNK = 50;

/** Starts provision --all and SIGKILLs it once stderr shows progress past the first chunk but short of the end. */
function provisionAndKill(home: string): Promise<{ killedAt: number; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--output=json', 'provision', '--all', `--chunk-size=${CHUNK}`], {
      env: { ...process.env, TFA_PROVISIONER_HOME: home },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let killedAt = -1;
    let buffered = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      buffered += chunk;
      for (const [, done] of buffered.matchAll(/Provisioning (\d+)\/\d+/g)) {
        const n = Number(done);
        if (killedAt < 0 && n >= 2 * CHUNK && n < ACCOUNTS) {
          killedAt = n;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ killedAt, signal }));
  });
}

async function pendingUris(home: string): Promise<string[]> {
  const out = join(home, `uris-${randomUUID()}.txt`);
  const run = await runJson(home, ['export', 'uris', `--out=${out}`, '--state=pending', '--with-secrets']);
  expect(run.json.metadata.result).toBe('1');
  return readFileSync(out, 'utf8').trimEnd().split('\n');
}

describe.skipIf(!keyringAvailable)('a provisioning batch killed with SIGKILL', () => {
  it('leaves whole chunks pending with sealed secrets, the rest untouched, and a rerun completes it', { timeout: 180_000 }, async () => {
    const home = makeHome();
    await runCli(home, ['servers', 'add', `kill-${randomUUID().slice(0, 8)}.example.com`]);
    const csv = join(home, 'accounts.csv');
    writeFileSync(csv, Array.from({ length: ACCOUNTS }, (_, i) => `u${i},u${i}.example`).join('\n'));
    expect((await runJson(home, ['accounts', 'import', csv])).json.data.added).toBe(ACCOUNTS);

    const { killedAt, signal } = await provisionAndKill(home);
    expect(signal).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThanOrEqual(2 * CHUNK);

    // The state loads, for reads and for WHM's own view.
    const list = await runJson(home, ['accounts', 'list']);
    expect(list.code).toBe(0);
    const accounts = list.json.data.accounts as { user: string; state: string }[];
    expect(accounts).toHaveLength(ACCOUNTS);
    const configs = await runJson(home, ['twofactorauth_get_user_configs']);
    expect(configs.code).toBe(0);
    expect(Object.keys(configs.json.data)).toHaveLength(ACCOUNTS + 1);

    // Every account is pending or untouched, in whole chunks, in the order the batch takes them (sorted by name).
    const pending = accounts.filter((a) => a.state === 'pending').map((a) => a.user);
    expect(accounts.every((a) => a.state === 'pending' || a.state === 'none')).toBe(true);
    expect(pending.length).toBeGreaterThanOrEqual(killedAt);
    expect(pending.length).toBeLessThan(ACCOUNTS);
    expect(pending.length % CHUNK).toBe(0);
    const batchOrder = accounts.map((a) => a.user).sort();
    expect(new Set(pending)).toEqual(new Set(batchOrder.slice(0, pending.length)));

    // Every pending secret opens (one vault call for all of them), and reveal shows the same one.
    const before = await pendingUris(home);
    expect(before).toHaveLength(pending.length);
    const sample = pending[pending.length - 1]!;
    const revealed = await runJson(home, ['reveal', sample]);
    expect(before).toContain(revealed.json.data.otpauth_str);

    // The rerun (after the dead process's lock goes stale) completes the rest and replaces no pending secret.
    const rerun = await runJson(home, ['provision', '--all', `--chunk-size=${CHUNK * 10}`, '--list']);
    expect(rerun.code).toBe(0);
    expect(rerun.json.data.provisioned).toHaveLength(ACCOUNTS - pending.length);
    expect(rerun.json.data.skipped).toHaveLength(pending.length);
    expect(rerun.json.data.skipped_count).toBe(pending.length);
    const after = new Set(await pendingUris(home));
    expect(after.size).toBe(ACCOUNTS);
    for (const uri of before) expect(after.has(uri)).toBe(true);
  });
});

if (!keyringAvailable) console.warn(`skipping the SIGKILL batch test: ${KEYRING_SKIP_REASON}`);
