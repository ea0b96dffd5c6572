// The vault against the real Secret Service (gnome-keyring in a private D-Bus session, see test/run-with-keyring.sh).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { AdapterError } from '../../main/engine/ports.js';
import { CountingKeychainStore, createKeytarStore } from '../../main/store/keychain.js';
import { KeychainVault, SealedSecretError, VAULT_SERVICE } from '../../main/store/vault.js';

const haveKeyring = Boolean(process.env.TFA_TEST_KEYRING);
if (!haveKeyring) {
  console.warn(
    'Skipping the real-keychain vault tests: TFA_TEST_KEYRING is not set. Run them through ' +
      '`bash test/run-with-keyring.sh npx vitest run test/store` (a private D-Bus session with gnome-keyring).',
  );
}

/** How many keychain items the Secret Service holds for this profile, as another program sees them. */
async function itemsFor(hostname: string): Promise<number> {
  // secret-tool prints the secret itself on stdout: count the item headers, print nothing.
  const { stdout } = await promisify(execFile)('secret-tool', ['search', '--all', 'service', VAULT_SERVICE, 'account', hostname]);
  return stdout.split('\n').filter((line) => line.startsWith('[/')).length;
}

describe.skipIf(!haveKeyring)('KeychainVault on the real Secret Service', () => {
  const keychain = createKeytarStore();
  const used: string[] = [];
  const newHost = () => {
    const hostname = `test-${randomUUID()}.example`;
    used.push(hostname);
    return hostname;
  };
  afterAll(async () => {
    for (const hostname of used) await keychain.deletePassword(VAULT_SERVICE, hostname);
  });

  const secrets = Array.from({ length: 500 }, (_, i) => ({ user: `user${i}`, secret: `JBSWY3DPEHPK3PXP${i}` }));

  it('seals 500 secrets with one read and one write, stores one item, and a new process opens them with one read', async () => {
    const hostname = newHost();
    const counting = new CountingKeychainStore(keychain);
    const vault = new KeychainVault(counting);
    const { sealed, keyCheck } = await vault.sealMany({ hostname, keyCheck: null }, secrets);
    expect(counting.counts).toEqual({ getPassword: 1, setPassword: 1, deletePassword: 0 });
    expect(await itemsFor(hostname)).toBe(1);

    const opens = secrets.map(({ user }, i) => ({ user, sealed: sealed[i]! }));
    expect(await vault.openMany({ hostname, keyCheck }, opens)).toEqual(secrets.map((s) => s.secret));
    expect(counting.calls).toBe(2);

    const freshCounting = new CountingKeychainStore(createKeytarStore());
    expect(await new KeychainVault(freshCounting).openMany({ hostname, keyCheck }, opens)).toEqual(secrets.map((s) => s.secret));
    expect(freshCounting.counts).toEqual({ getPassword: 1, setPassword: 0, deletePassword: 0 });
    expect(await itemsFor(hostname)).toBe(1);
  });

  it('uses a fresh nonce each time and binds a sealed value to its user and hostname', async () => {
    const hostname = newHost();
    const other = newHost();
    const vault = new KeychainVault(keychain);
    const a = await vault.sealMany({ hostname, keyCheck: null }, [{ user: 'alice', secret: 'SAMESECRET' }]);
    const b = await vault.sealMany({ hostname, keyCheck: a.keyCheck }, [{ user: 'alice', secret: 'SAMESECRET' }]);
    expect(b.keyCheck).toBe(a.keyCheck);
    expect(b.sealed[0]).not.toBe(a.sealed[0]);
    const otherKey = await vault.sealMany({ hostname: other, keyCheck: null }, [{ user: 'alice', secret: 'x' }]);

    await expect(vault.openMany({ hostname, keyCheck: a.keyCheck }, [{ user: 'bob', sealed: a.sealed[0]! }])).rejects.toBeInstanceOf(SealedSecretError);
    await expect(vault.openMany({ hostname: other, keyCheck: otherKey.keyCheck }, [{ user: 'alice', sealed: a.sealed[0]! }])).rejects.toThrow(
      /failed authentication/,
    );
    expect(await vault.openMany({ hostname, keyCheck: a.keyCheck }, [{ user: 'alice', sealed: b.sealed[0]! }])).toEqual(['SAMESECRET']);
  });

  it('reports a missing key when the state records one, and creates none', async () => {
    const hostname = newHost();
    const error = await new KeychainVault(keychain)
      .sealMany({ hostname, keyCheck: 'ab'.repeat(16) }, [{ user: 'alice', secret: 'S' }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).code).toBe('KEYCHAIN_KEY_MISSING');
    expect(await keychain.getPassword(VAULT_SERVICE, hostname)).toBeNull();
    expect(await itemsFor(hostname)).toBe(0);
  });

  it('forget removes the keychain item', async () => {
    const hostname = newHost();
    const vault = new KeychainVault(keychain);
    const { keyCheck } = await vault.sealMany({ hostname, keyCheck: null }, [{ user: 'alice', secret: 'S' }]);
    expect(await itemsFor(hostname)).toBe(1);
    await vault.forget(hostname);
    expect(await itemsFor(hostname)).toBe(0);
    expect(await keychain.getPassword(VAULT_SERVICE, hostname)).toBeNull();
    await expect(vault.openMany({ hostname, keyCheck }, [{ user: 'alice', sealed: 'v1.a.b.c' }])).rejects.toMatchObject({ code: 'KEYCHAIN_KEY_MISSING' });
  });
});
