// Without a keychain the vault must fail loudly and nothing secret may reach the disk.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBuilt, runFixture, withTempDir } from './helpers.js';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('KeychainVault without a Secret Service', () => {
  it('fails with KEYCHAIN_UNAVAILABLE naming the Secret Service, and writes no secret anywhere', async () => {
    assertBuilt();
    await withTempDir(async (dir) => {
      const secret = 'JBSWY3DPEHPK3PXPNOKEYCHAIN';
      const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };
      delete env.DISPLAY;
      delete env.WAYLAND_DISPLAY;
      const child = await runFixture('seal-without-keychain.mjs', [dir, secret], env);
      expect(child.code, child.stderr).toBe(0);

      const outcome = JSON.parse(child.stdout) as { ok: boolean; name: string; code: string; message: string };
      expect(outcome).toMatchObject({ ok: false, name: 'AdapterError', code: 'KEYCHAIN_UNAVAILABLE' });
      expect(outcome.message).toContain('Secret Service');
      expect(outcome.message).toContain('Secrets are never stored without the keychain.');
      // Not "missing", not "locked": no Secret Service at all, and nothing to delete or re-provision because of it.
      expect(outcome.message).toMatch(/^The OS keychain is not available: no Secret Service is running/);
      expect(outcome.message).toContain('Run `tfa-provisioner doctor` to check the keychain.');
      expect(outcome.message).not.toMatch(/\bremove\b|\bdelete\b|\bprovision\b|--replace|\brestore\b|no vault key/i);

      const files = await filesUnder(dir);
      expect(files.map((f) => path.basename(f))).toEqual(['audit.jsonl']); // no state.json, no temp file, no lock left
      for (const file of files) expect(await readFile(file, 'utf8')).not.toContain(secret);
      expect(child.stdout + child.stderr).not.toContain(secret);
    });
  });
});
