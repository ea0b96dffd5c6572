// Vault logic against an in-memory keychain; test/store/keychain-vault.test.ts repeats the essentials on the real one.
import { describe, expect, it } from 'vitest';
import { AdapterError } from '../../main/engine/ports.js';
import { CountingKeychainStore, lockedKeychainError, type KeychainStore } from '../../main/store/keychain.js';
import { KeychainVault, SealedSecretError, VAULT_SERVICE } from '../../main/store/vault.js';
import { MemoryKeychain } from './memory-keychain.js';

const host = 'a.example';
const secrets = Array.from({ length: 500 }, (_, i) => ({ user: `user${i}`, secret: `SECRET${i}SECRET` }));

function setup(memory = new MemoryKeychain()) {
  const counting = new CountingKeychainStore(memory);
  return { memory, counting, vault: new KeychainVault(counting) };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e as Error,
  );
}

describe('KeychainVault (in-memory keychain)', () => {
  it('seals and opens 500 secrets with one keychain read and one write, then none', async () => {
    const { memory, counting, vault } = setup();
    const { sealed, keyCheck } = await vault.sealMany({ hostname: host, keyCheck: null }, secrets);
    expect(counting.counts).toEqual({ getPassword: 1, setPassword: 1, deletePassword: 0 });
    expect(keyCheck).toMatch(/^[0-9a-f]{32}$/);
    expect(sealed.every((s) => /^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/.test(s))).toBe(true);
    expect(sealed.join()).not.toContain('SECRET');

    const opened = await vault.openMany({ hostname: host, keyCheck }, secrets.map(({ user }, i) => ({ user, sealed: sealed[i]! })));
    expect(opened).toEqual(secrets.map((s) => s.secret));
    expect(counting.calls).toBe(2);

    const again = setup(memory);
    expect(await again.vault.openMany({ hostname: host, keyCheck }, [{ user: 'user7', sealed: sealed[7]! }])).toEqual(['SECRET7SECRET']);
    expect(again.counting.counts).toEqual({ getPassword: 1, setPassword: 0, deletePassword: 0 });
  });

  it('shares one key creation between concurrent first seals', async () => {
    const { counting, vault } = setup();
    const results = await Promise.all([1, 2, 3].map(() => vault.sealMany({ hostname: host, keyCheck: null }, secrets.slice(0, 2))));
    expect(new Set(results.map((r) => r.keyCheck)).size).toBe(1);
    expect(counting.counts.setPassword).toBe(1);
  });

  it('never creates a key where the state records one: missing and replaced keys are KEYCHAIN_KEY_MISSING', async () => {
    const { memory, counting, vault } = setup();
    const missing = await rejection(vault.sealMany({ hostname: host, keyCheck: '00'.repeat(16) }, secrets.slice(0, 1)));
    expect(missing).toBeInstanceOf(AdapterError);
    expect((missing as AdapterError).code).toBe('KEYCHAIN_KEY_MISSING');
    expect(missing.message).toContain('has no vault key for “a.example”');
    expect(counting.counts.setPassword).toBe(0);
    expect(memory.items.size).toBe(0);

    const { keyCheck } = await vault.sealMany({ hostname: host, keyCheck: null }, secrets.slice(0, 1));
    const wrongCheck = keyCheck.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const replacedErr = await rejection(setup(memory).vault.openMany({ hostname: host, keyCheck: wrongCheck }, [{ user: 'u', sealed: 'v1.x.y.z' }]));
    expect((replacedErr as AdapterError).code).toBe('KEYCHAIN_KEY_MISSING');
    expect(replacedErr.message).toContain('was replaced');
  });

  it('calls a key missing only once the keychain is known to be open: a locked one is reported as locked', async () => {
    const memory = new MemoryKeychain();
    const { keyCheck, sealed } = await new KeychainVault(memory).sealMany({ hostname: host, keyCheck: null }, [{ user: 'u', secret: 'SECRETSECRET' }]);
    // A locked Secret Service answers a read with "nothing there", and refuses writes.
    const locked: KeychainStore = {
      getPassword: async () => null,
      setPassword: async () => Promise.reject(lockedKeychainError('Cannot create an item in a locked collection')),
      deletePassword: async () => false,
      checkWritable: async () => Promise.reject(lockedKeychainError('Cannot create an item in a locked collection')),
    };
    const error = await rejection(new KeychainVault(locked).openMany({ hostname: host, keyCheck }, [{ user: 'u', sealed: sealed[0]! }]));
    expect((error as AdapterError).code).toBe('KEYCHAIN_LOCKED');
    expect(error.message).not.toMatch(/no vault key|\bprovision\b|\brestore\b/);
    expect(await new KeychainVault(memory).openMany({ hostname: host, keyCheck }, [{ user: 'u', sealed: sealed[0]! }])).toEqual(['SECRETSECRET']);
  });

  it('refuses to open anything when no key exists', async () => {
    const { memory, vault } = setup();
    const error = await rejection(vault.openMany({ hostname: host, keyCheck: null }, [{ user: 'u', sealed: 'v1.a.b.c' }]));
    expect((error as AdapterError).code).toBe('KEYCHAIN_KEY_MISSING');
    expect(memory.items.size).toBe(0);
  });

  it('binds each sealed value to its user and hostname, and detects tampering', async () => {
    const { memory, vault } = setup();
    const { sealed, keyCheck } = await vault.sealMany({ hostname: host, keyCheck: null }, [{ user: 'alice', secret: 'ALICESECRET' }]);
    const value = sealed[0]!;
    // Give another hostname the very same key, so only the associated data can tell them apart.
    memory.items.set(`${VAULT_SERVICE}\0b.example`, memory.items.get(`${VAULT_SERVICE}\0${host}`)!);

    const cases = [
      vault.openMany({ hostname: host, keyCheck }, [{ user: 'bob', sealed: value }]),
      vault.openMany({ hostname: 'b.example', keyCheck }, [{ user: 'alice', sealed: value }]),
      vault.openMany({ hostname: host, keyCheck }, [{ user: 'alice', sealed: value.replace(/\.(.)/, (_, c: string) => `.${c === 'A' ? 'B' : 'A'}`) }]),
    ];
    for (const attempt of cases) {
      const error = await rejection(attempt);
      expect(error).toBeInstanceOf(SealedSecretError);
      expect(error.message).toMatch(/failed authentication/);
      expect(error.message).not.toContain('ALICESECRET');
    }
    const malformed = await rejection(vault.openMany({ hostname: host, keyCheck }, [{ user: 'alice', sealed: 'v2.a.b.c' }]));
    expect(malformed.message).toContain('malformed');
    expect(await vault.openMany({ hostname: host, keyCheck }, [{ user: 'alice', sealed: value }])).toEqual(['ALICESECRET']);
  });

  it('uses a fresh nonce for every seal', async () => {
    const { vault } = setup();
    const { sealed } = await vault.sealMany({ hostname: host, keyCheck: null }, [
      { user: 'alice', secret: 'SAME' },
      { user: 'alice', secret: 'SAME' },
    ]);
    expect(sealed[0]).not.toBe(sealed[1]);
  });

  it('re-reads the keychain instead of trusting a cache another process made stale', async () => {
    const memory = new MemoryKeychain();
    const longLived = setup(memory);
    const first = await longLived.vault.sealMany({ hostname: host, keyCheck: null }, secrets.slice(0, 1));

    // Another process forgets the key and makes a new one for a re-created profile.
    const other = setup(memory).vault;
    await other.forget(host);
    const second = await other.sealMany({ hostname: host, keyCheck: null }, secrets.slice(0, 1));
    expect(second.keyCheck).not.toBe(first.keyCheck);

    const reopened = await longLived.vault.openMany({ hostname: host, keyCheck: second.keyCheck }, [{ user: 'user0', sealed: second.sealed[0]! }]);
    expect(reopened).toEqual(['SECRET0SECRET']);
  });

  it('skips the keychain for an empty batch under a recorded key, and forget removes the item', async () => {
    const { memory, counting, vault } = setup();
    expect(await vault.sealMany({ hostname: host, keyCheck: 'ab'.repeat(16) }, [])).toEqual({ sealed: [], keyCheck: 'ab'.repeat(16) });
    expect(counting.calls).toBe(0);
    await vault.sealMany({ hostname: host, keyCheck: null }, secrets.slice(0, 1));
    expect(memory.items.size).toBe(1);
    await vault.forget(host);
    expect(memory.items.size).toBe(0);
  });
});
