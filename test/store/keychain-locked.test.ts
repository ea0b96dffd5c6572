// The four keychain states a person must tell apart, with the real gnome-keyring: a vault key truly missing from an
// unlocked keyring, and a locked keyring (which answers a read with "nothing there"). Only the first may suggest
// recovery; the locked one says so, and that nothing is lost. The child runs in a private keyring session of its
// own, since it locks that keyring and other tests share the outer one.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertBuilt, fixturesDir } from './helpers.js';
import { KEYRING_SKIP_REASON, keyringAvailable } from '../cli/cli-harness.js';

const runWithKeyring = fileURLToPath(new URL('../run-with-keyring.sh', import.meta.url));

interface Envelope {
  data?: { secret?: string };
  metadata: { command: string; reason: string; result: 0 | 1; error_code?: string };
}

function runInOwnKeyring(dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [runWithKeyring, process.execPath, path.join(fixturesDir, 'keychain-states.mjs'), dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const RECOVERY_OR_DELETION = /\bremove\b|\bdelete\b|\bprovision\b|--replace|--force|\brestore\b/i;

if (!keyringAvailable) console.warn(`keychain-locked.test.ts skipped: ${KEYRING_SKIP_REASON}`);

describe.skipIf(!keyringAvailable)('a locked keyring and a missing key, with the real gnome-keyring', () => {
  it('says locked (not missing) while the keyring is locked, and suggests recovery only for a truly missing key', async () => {
    assertBuilt();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tfa-keychain-states-'));
    try {
      const run = await runInOwnKeyring(dir);
      expect(run.code, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as Record<'beforeLock' | 'missing' | 'lockedReveal' | 'lockedProvision' | 'lockedVerify', Envelope> & {
        audit: { function: string; result: number; reason: string }[];
        secret: string;
      };
      expect(out.beforeLock.metadata.result).toBe('1');

      expect(out.missing.metadata.error_code).toBe('KEYCHAIN_KEY_MISSING');
      expect(out.missing.metadata.reason).toMatch(/^The keychain has no vault key for “gone\.example” \(service “tfa-provisioner”; the keychain is unlocked and answering\)/);
      expect(out.missing.metadata.reason).toContain('restore a profile backup (tfa-provisioner restore FILE --force)');
      expect(out.missing.metadata.reason).toContain('tfa-provisioner doctor');

      for (const answer of [out.lockedReveal, out.lockedProvision, out.lockedVerify]) {
        expect(answer.metadata).toMatchObject({ result: 0, error_code: 'KEYCHAIN_LOCKED' });
        expect(answer.metadata.reason).toMatch(/^The OS keychain is locked \(.*locked collection\)\. Unlock it/);
        expect(answer.metadata.reason).toContain('Nothing was changed, and no secret is lost.');
        expect(answer.metadata.reason).toContain('Run `tfa-provisioner doctor` to check the keychain.');
        expect(answer.metadata.reason).not.toMatch(RECOVERY_OR_DELETION);
        expect(answer.metadata.reason).not.toContain('no vault key');
      }
      // Nothing was lost: the state still holds the pending secret, and no secret reached the trail or the state.
      const state = await readFile(path.join(dir, 'state.json'), 'utf8');
      const kept = (JSON.parse(state) as { profiles: Record<string, { accounts: Record<string, { state: string }> }> }).profiles['kept.example'];
      expect(kept?.accounts.alice?.state).toBe('pending');
      expect(state).not.toContain(out.secret);
      expect(await readFile(path.join(dir, 'audit.jsonl'), 'utf8')).not.toContain(out.secret);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
