// Backup and restore of a server profile over in-memory ports and the real scrypt/AES-GCM file format
// (at a low scrypt cost, so the tests stay quick): round trips, refusals, and a state left untouched on failure.
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../main/engine/envelope.js';
import { BACKUP_UNREADABLE, type BackupDocument } from '../../main/engine/profile-backup-commands.js';
import { ScryptBackupCipher } from '../../main/store/profile-backup-file.js';
import type { SecretSealer } from '../../main/engine/ports.js';
import { FailingSealer, FIXED_NOW_MS, makeEngine, MemorySealer, type EngineOverrides, type Harness } from './fakes.js';
import { codeAt, HOST } from './helpers.js';

const PASSPHRASE = 'correct horse battery staple';
const cipher = new ScryptBackupCipher({ N: 2 ** 14, r: 8, p: 1 });

function engineWithBackups<S extends SecretSealer = MemorySealer>(overrides: EngineOverrides<S> = {}): Harness<S> {
  const h = makeEngine<S>(overrides);
  // The fakes' ports have no backup cipher; the engine reads it from the ports object it was given.
  (h.ports as { backupCipher?: ScryptBackupCipher }).backupCipher = cipher;
  return h;
}

async function seededProfile() {
  const h = engineWithBackups();
  await h.engine.servers.add('whm1.example.com', 'reseller1');
  await h.engine.whm.call('twofactorauth_set_issuer', [['issuer', 'My Host']]);
  expect((await h.engine.servers.set(undefined, { systemWideIssuer: 'Root Hosting' })).metadata.result).toBe('1');
  await h.engine.whm.call('twofactorauth_enable_policy', []);
  for (const user of ['alice', 'bob', 'carol']) await h.engine.accounts.add(user, `${user}.example.com`);
  const provisioned = await h.engine.provisioning.provision(['alice', 'bob'], { withSecrets: true });
  const secrets = Object.fromEntries((provisioned.data as { provisioned: { user: string; secret: string }[] }).provisioned.map((p) => [p.user, p.secret]));
  expect((await h.engine.provisioning.verify('bob', codeAt(secrets.bob!, FIXED_NOW_MS))).metadata.result).toBe('1');
  return { h, secrets };
}

/** Everything a profile shows, with its secrets opened: what a restore must reproduce. */
async function visible(h: Harness<SecretSealer>) {
  const state = h.state.peek();
  const profile = state.profiles[state.activeProfile!]!;
  const opened: Record<string, string> = {};
  for (const [user, a] of Object.entries(profile.accounts)) {
    if (!a.sealedSecret) continue;
    opened[user] = (await h.sealer.openMany({ hostname: profile.hostname, keyCheck: profile.vaultKeyCheck }, [{ user, sealed: a.sealedSecret }]))[0]!;
  }
  const { vaultKeyCheck: _k, ...settings } = profile;
  const accounts = Object.fromEntries(Object.entries(profile.accounts).map(([u, { sealedSecret: _s, ...rest }]) => [u, rest]));
  return { active: state.activeProfile, settings: { ...settings, accounts }, opened };
}

function backupText(answer: Envelope): string {
  expect(answer.metadata).toMatchObject({ command: 'backup', result: '1' });
  return (answer.data as BackupDocument).content;
}

describe('profile backup and restore', () => {
  it('restoring into an empty home gives identical settings, accounts, states and secrets', async () => {
    const { h, secrets } = await seededProfile();
    const answer = await h.engine.backups.backup({ passphrase: PASSPHRASE });
    const doc = answer.data as BackupDocument;
    expect(doc).toMatchObject({ containsSecret: true, hostname: 'whm1.example.com', accounts: 3, secrets: 2, suggestedName: 'whm1.example.com.tfa-backup.json' });
    for (const secret of Object.values(secrets)) expect(doc.content).not.toContain(secret);
    expect(JSON.parse(doc.content)).toMatchObject({ format: 'tfa-provisioner-backup', version: 1, kdf: { name: 'scrypt', N: 2 ** 14, r: 8, p: 1 }, cipher: { name: 'aes-256-gcm' } });
    expect(h.sealer.openCalls.at(-1)).toEqual({ vault: expect.objectContaining({ hostname: 'whm1.example.com' }), count: 2 });

    // Another machine: a fresh state and a vault that has never seen this hostname.
    const other = engineWithBackups({ sealer: new MemorySealer() });
    const restored = await other.engine.backups.restore({ text: doc.content, passphrase: PASSPHRASE });
    expect(restored.metadata).toMatchObject({ command: 'restore', result: '1', reason: 'OK' });
    expect(restored.data).toMatchObject({ hostname: 'whm1.example.com', accounts: 3, pending: 1, enabled: 1, replaced: 0 });
    expect(other.sealer.sealCalls).toEqual([{ vault: { hostname: 'whm1.example.com', keyCheck: null }, count: 2 }]);
    expect(await visible(other)).toEqual(await visible(h));
    expect((await visible(other)).opened).toEqual(secrets);
    expect((await visible(other)).settings.systemWideIssuer).toBe('Root Hosting');
    // The restored replay record still refuses the code bob already used.
    const reused = await other.engine.whm.call('twofactorauth_set_tfa_config', [['secret', secrets.bob!], ['tfa_token', codeAt(secrets.bob!, FIXED_NOW_MS)], ['user', 'bob']]);
    expect(reused.metadata.reason).toBe('The security code is invalid.');
  });

  it('a wrong passphrase, a flipped byte or an edited header: one clear reason, state untouched', async () => {
    const { h } = await seededProfile();
    const text = backupText(await h.engine.backups.backup({ passphrase: PASSPHRASE }));
    const other = engineWithBackups();
    await other.engine.accounts.add('zed', 'zed.example.com');
    const before = other.state.snapshot();
    const file = JSON.parse(text);
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
      return bytes.toString('base64');
    };
    const damaged = [
      text, // with the wrong passphrase below
      JSON.stringify({ ...file, ciphertext: flip(file.ciphertext) }),
      JSON.stringify({ ...file, tag: flip(file.tag) }),
      JSON.stringify({ ...file, cipher: { ...file.cipher, nonce: flip(file.cipher.nonce) } }),
      JSON.stringify({ ...file, kdf: { ...file.kdf, N: 2 ** 15 } }),
      text.slice(0, text.length / 2),
    ];
    for (const [i, candidate] of damaged.entries()) {
      const answer = await other.engine.backups.restore({ text: candidate, passphrase: i === 0 ? 'not the passphrase' : PASSPHRASE });
      expect(answer.metadata).toEqual({ command: 'restore', reason: BACKUP_UNREADABLE, result: 0, version: 1 });
    }
    expect(BACKUP_UNREADABLE).toBe('The passphrase is wrong, or the backup is damaged; nothing was changed.');
    expect(other.state.snapshot()).toBe(before);
    expect(other.sealer.sealCalls).toEqual([]);
  });

  it('refuses to replace an existing profile without replace, and replaces it whole with it', async () => {
    const { h, secrets } = await seededProfile();
    const text = backupText(await h.engine.backups.backup({ passphrase: PASSPHRASE }));
    const expected = await visible(h);
    await h.engine.accounts.add('dave', 'dave.example.com');
    await h.engine.provisioning.provision(['carol', 'dave']);
    const before = h.state.snapshot();

    const refused = await h.engine.backups.restore({ text, passphrase: PASSPHRASE });
    expect(refused.metadata.result).toBe(0);
    expect(refused.metadata.reason).toBe(
      'A server profile named “whm1.example.com” already exists; nothing was changed. To replace its accounts, states and secrets with the backup\'s, restore with --force: tfa-provisioner restore FILE --force',
    );
    expect(h.state.snapshot()).toBe(before);

    const replaced = await h.engine.backups.restore({ text, passphrase: PASSPHRASE, replace: true });
    expect(replaced.data).toMatchObject({ replaced: 1, accounts: 3 });
    expect(await visible(h)).toEqual(expected);
    expect((await visible(h)).opened).toEqual(secrets);
  });

  it('a short passphrase is refused before anything is opened', async () => {
    const { h } = await seededProfile();
    h.sealer.openCalls = [];
    const answer = await h.engine.backups.backup({ passphrase: 'short words' });
    expect(answer.metadata.reason).toBe('The passphrase must be at least 12 characters long (this one has 11). A few unrelated words make a strong one.');
    expect(h.sealer.openCalls).toEqual([]);
  });

  it('a keychain that refuses the restore leaves the state untouched', async () => {
    const { h } = await seededProfile();
    const text = backupText(await h.engine.backups.backup({ passphrase: PASSPHRASE }));
    const other = engineWithBackups({ sealer: new FailingSealer() });
    const before = other.state.snapshot();
    const answer = await other.engine.backups.restore({ text, passphrase: PASSPHRASE });
    expect(answer.metadata.result).toBe(0);
    expect(answer.metadata.reason).toMatch(/KEYCHAIN_UNAVAILABLE/);
    expect(other.state.snapshot()).toBe(before);
  });

  it('restoring replaces the untouched stand-in profile named after this machine without asking', async () => {
    const { h } = await seededProfile();
    const text = backupText(await h.engine.backups.backup({ passphrase: PASSPHRASE }));
    const other = engineWithBackups();
    await other.engine.whm.call('twofactorauth_disable_policy', []); // writes the untouched stand-in
    expect(Object.keys(other.state.peek().profiles)).toEqual([HOST]);
    expect((await other.engine.backups.restore({ text, passphrase: PASSPHRASE })).metadata.result).toBe('1');
    expect(Object.keys(other.state.peek().profiles)).toEqual(['whm1.example.com']);
    expect(other.state.peek().activeProfile).toBe('whm1.example.com');
  });

  it('without a backup cipher both say so', async () => {
    const h = makeEngine();
    expect((await h.engine.backups.backup({ passphrase: PASSPHRASE })).metadata.reason).toMatch(/^Backups are not available/);
    expect((await h.engine.backups.restore({ text: '{}', passphrase: PASSPHRASE })).metadata.reason).toMatch(/^Backups are not available/);
  });
});
