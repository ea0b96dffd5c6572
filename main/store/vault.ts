// Seals account secrets under one random key per server profile; only that key lives in the OS keychain,
// so a batch of any size costs one keychain read (plus one write when the key is first made).
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import {
  AdapterError,
  type OpenRequest,
  type RandomSource,
  type SealRequest,
  type SealResult,
  type SecretSealer,
  type VaultRef,
} from '../engine/ports.js';
import { createKeytarStore, type KeychainStore } from './keychain.js';
import { systemRandom } from './random.js';

export const VAULT_SERVICE = 'tfa-provisioner';

const SEAL_VERSION = 'v1';
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_CHECK_LABEL = 'tfa-provisioner key check';

interface VaultKey {
  key: Buffer;
  check: string;
}

/** A sealed secret that cannot be opened: the state was altered, or the value was moved between users or servers. */
export class SealedSecretError extends Error {
  constructor(
    readonly hostname: string,
    readonly user: string,
    problem: string,
  ) {
    super(`A sealed secret for “${user}” on “${hostname}” ${problem}`);
    this.name = 'SealedSecretError';
  }
}

export class KeychainVault implements SecretSealer {
  // A pending promise is cached too, so concurrent calls share one keychain round trip.
  private readonly keys = new Map<string, Promise<VaultKey | null>>();

  constructor(
    private readonly keychain: KeychainStore = createKeytarStore(),
    private readonly random: RandomSource = systemRandom,
  ) {}

  async sealMany(vault: VaultRef, items: readonly SealRequest[]): Promise<SealResult> {
    // Nothing to seal under a key the state already records: no reason to touch the keychain.
    if (items.length === 0 && vault.keyCheck !== null) return { sealed: [], keyCheck: vault.keyCheck };
    const { key, check } = await this.keyFor(vault, true);
    const { hostname } = vault;
    const sealed = items.map(({ user, secret }) => {
      const nonce = Buffer.from(this.random.bytes(NONCE_BYTES));
      if (nonce.length !== NONCE_BYTES) throw new Error('The random source returned too few bytes for a nonce');
      const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(associatedData(hostname, user));
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [SEAL_VERSION, nonce.toString('base64url'), body.toString('base64url'), tag.toString('base64url')].join('.');
    });
    return { sealed, keyCheck: check };
  }

  async openMany(vault: VaultRef, items: readonly OpenRequest[]): Promise<string[]> {
    if (items.length === 0) return [];
    const { key } = await this.keyFor(vault, false);
    const { hostname } = vault;
    return items.map(({ user, sealed }) => {
      const parsed = parseSealed(sealed);
      if (!parsed) throw new SealedSecretError(hostname, user, 'is malformed: the state file was altered.');
      const { nonce, body, tag } = parsed;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
        decipher.setAAD(associatedData(hostname, user));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        throw new SealedSecretError(
          hostname,
          user,
          'failed authentication: the state file was altered or the value belongs to another key, user or server.',
        );
      }
    });
  }

  async forget(hostname: string): Promise<void> {
    this.keys.delete(hostname);
    await this.keychain.deletePassword(VAULT_SERVICE, hostname);
  }

  /**
   * The key `vault.keyCheck` records; a fresh one only when the state records none and the caller seals.
   * The per-process cache is trusted only while it agrees with the state: another process may have
   * forgotten or created the key since, so a disagreement earns one fresh keychain read before any verdict.
   */
  private async keyFor({ hostname, keyCheck: expected }: VaultRef, mayCreate: boolean): Promise<VaultKey> {
    let reread = false;
    for (;;) {
      const cached = this.keys.get(hostname);
      const loading = cached ?? this.load(hostname);
      const found = await loading;
      const doubtful = expected === null ? mayCreate && found !== null : found?.check !== expected;
      if (cached && doubtful && !reread) {
        reread = true;
        if (this.keys.get(hostname) === cached) this.keys.delete(hostname);
        continue;
      }
      if (found) {
        if (expected !== null && found.check !== expected) {
          throw keyMissing(`The keychain's vault key for “${hostname}” was replaced (it is not the key the state file records)`);
        }
        return found;
      }
      // Never make a new key where the state says one exists: that would hide the loss of every sealed secret.
      if (expected !== null || !mayCreate) {
        // A locked Secret Service answers "nothing there": the key is called missing only once the keychain is
        // known to be open (checkWritable throws its locked, refused or unavailable error otherwise).
        await this.keychain.checkWritable?.(VAULT_SERVICE);
        throw keyMissing(`The keychain has no vault key for “${hostname}”`);
      }
      // Only the first caller to see the absence creates the key; the others loop and await its creation.
      if (this.keys.get(hostname) !== loading) continue;
      const created = this.create(hostname);
      this.cache(hostname, created);
      return created;
    }
  }

  private load(hostname: string): Promise<VaultKey | null> {
    return (
      this.keys.get(hostname) ??
      this.cache(
        hostname,
        this.keychain.getPassword(VAULT_SERVICE, hostname).then((stored) => (stored === null ? null : decodeKey(hostname, stored))),
      )
    );
  }

  private async create(hostname: string): Promise<VaultKey> {
    const key = Buffer.from(this.random.bytes(KEY_BYTES));
    if (key.length !== KEY_BYTES) throw new Error('The random source returned too few bytes for a vault key');
    await this.keychain.setPassword(VAULT_SERVICE, hostname, key.toString('base64'));
    return { key, check: keyCheckOf(key) };
  }

  private cache(hostname: string, pending: Promise<VaultKey | null>): Promise<VaultKey | null> {
    this.keys.set(hostname, pending);
    // A failed keychain call is not remembered: the next call asks again (the keychain may be unlocked by then).
    pending.catch(() => {
      if (this.keys.get(hostname) === pending) this.keys.delete(hostname);
    });
    return pending;
  }
}

function associatedData(hostname: string, user: string): Buffer {
  return Buffer.from(`tfa-provisioner/${SEAL_VERSION}\0${hostname}\0${user}`, 'utf8');
}

function keyCheckOf(key: Buffer): string {
  return createHmac('sha256', key).update(KEY_CHECK_LABEL).digest().subarray(0, 16).toString('hex');
}

function decodeKey(hostname: string, stored: string): VaultKey {
  const key = Buffer.from(stored, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== stored) {
    throw keyMissing(`The keychain item for “${hostname}” is not a TFA Provisioner vault key`);
  }
  return { key, check: keyCheckOf(key) };
}

function keyMissing(problem: string): AdapterError {
  return new AdapterError(
    `${problem} (service “${VAULT_SERVICE}”; the keychain is unlocked and answering), so the sealed secrets of this ` +
      `server profile cannot be opened. If this is a new machine or a new keyring, restore the keychain item from the ` +
      `old one, or restore a profile backup (tfa-provisioner restore FILE --force). Only if neither exists, give the ` +
      `accounts new secrets (tfa-provisioner provision --all --replace) and enrol them again. ` +
      `Run \`tfa-provisioner doctor\` to check the keychain.`,
    'KEYCHAIN_KEY_MISSING',
  );
}

function parseSealed(sealed: string): { nonce: Buffer; body: Buffer; tag: Buffer } | null {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== SEAL_VERSION) return null;
  const [nonce, body, tag] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
  if (!nonce || !body || !tag || nonce.length !== NONCE_BYTES || tag.length !== TAG_BYTES) return null;
  return { nonce, body, tag };
}
