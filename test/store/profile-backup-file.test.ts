// The encrypted backup file on its own: the versioned header, the default scrypt cost, the header bound
// as associated data, and refusals that never spend unbounded memory or say more than they must.
import { scrypt } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { BundleError } from '../../main/engine/profile-backup-bundle.js';
import { DEFAULT_SCRYPT_COST, ScryptBackupCipher } from '../../main/store/profile-backup-file.js';

// scrypt itself, watched: a refusal must come before any key is derived.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, scrypt: vi.fn(actual.scrypt) };
});

const quick = new ScryptBackupCipher({ N: 2 ** 14, r: 8, p: 1 });
const PASSPHRASE = 'correct horse battery staple';

describe('backup file format', () => {
  it('defaults to scrypt N=2^17, r=8, p=1 with a 16-byte salt and a 12-byte nonce, and opens again', async () => {
    expect(DEFAULT_SCRYPT_COST).toEqual({ N: 131072, r: 8, p: 1 });
    const text = await new ScryptBackupCipher().seal('{"hello":"world"}', PASSPHRASE);
    const file = JSON.parse(text);
    expect(Object.keys(file)).toEqual(['format', 'version', 'kdf', 'cipher', 'ciphertext', 'tag']);
    expect(file).toMatchObject({ format: 'tfa-provisioner-backup', version: 1, kdf: { name: 'scrypt', N: 131072, r: 8, p: 1 }, cipher: { name: 'aes-256-gcm' } });
    expect(Buffer.from(file.kdf.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(file.cipher.nonce, 'base64')).toHaveLength(12);
    expect(Buffer.from(file.tag, 'base64')).toHaveLength(16);
    expect(text).not.toContain('world');
    expect(await new ScryptBackupCipher().open(text, PASSPHRASE)).toBe('{"hello":"world"}');
  });

  it('two backups of the same content share neither salt, nonce nor ciphertext', async () => {
    const [a, b] = await Promise.all([quick.seal('same', PASSPHRASE), quick.seal('same', PASSPHRASE)]).then((t) => t.map((x) => JSON.parse(x)));
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.nonce).not.toBe(b.cipher.nonce);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('a passphrase typed in another Unicode composition still opens it', async () => {
    const text = await quick.seal('x', 'Ge\u0301ne\u0301ral de\u0301faut');
    expect(await quick.open(text, 'G\u00e9n\u00e9ral d\u00e9faut')).toBe('x');
  });

  it('every header field is bound: editing one fails as a wrong passphrase does', async () => {
    const file = JSON.parse(await quick.seal('payload', PASSPHRASE));
    const edits = [
      { ...file, kdf: { ...file.kdf, r: 4 } },
      { ...file, kdf: { ...file.kdf, salt: Buffer.alloc(16).toString('base64') } },
      { ...file, cipher: { ...file.cipher, nonce: Buffer.alloc(12).toString('base64') } },
    ];
    for (const edited of edits) await expect(quick.open(JSON.stringify(edited), PASSPHRASE)).rejects.toThrow();
    await expect(quick.open(JSON.stringify(file), 'wrong passphrase!!')).rejects.toThrow();
    // Reformatting the JSON changes no value, so it still opens.
    expect(await quick.open(JSON.stringify(file), PASSPHRASE)).toBe('payload');
  });

  it('refuses costs that would exhaust memory before deriving anything', async () => {
    vi.mocked(scrypt).mockClear();
    const file = JSON.parse(await quick.seal('payload', PASSPHRASE));
    expect(scrypt).toHaveBeenCalledTimes(1);
    vi.mocked(scrypt).mockClear();
    for (const kdf of [{ ...file.kdf, N: 2 ** 24 }, { ...file.kdf, N: 3000 }, { ...file.kdf, r: 1000 }, { ...file.kdf, N: 2 ** 20, r: 32 }]) {
      await expect(quick.open(JSON.stringify({ ...file, kdf }), PASSPHRASE)).rejects.toThrow(/scrypt parameters out of range/);
    }
    expect(scrypt).not.toHaveBeenCalled();
    // The same file with its own parameters is derived (once) and opens: the watch sees a derivation when there is one.
    expect(await quick.open(JSON.stringify(file), PASSPHRASE)).toBe('payload');
    expect(scrypt).toHaveBeenCalledTimes(1);
  });

  it('a file of another kind, or from a newer version, says so', async () => {
    await expect(quick.open('{"format":"something-else"}', PASSPHRASE)).rejects.toThrow(BundleError);
    const file = JSON.parse(await quick.seal('payload', PASSPHRASE));
    await expect(quick.open(JSON.stringify({ ...file, version: 2 }), PASSPHRASE)).rejects.toThrow(/newer TFA Provisioner/);
  });
});
