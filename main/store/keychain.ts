// The OS keychain (Secret Service, macOS Keychain, Windows Credential Manager) through keytar.
// The native addon loads on first use only, so importing this module is safe where no keychain exists.
import { shownText } from '../common/shown-text.js';
import { AdapterError } from '../engine/ports.js';
import { messageOf } from '../common/error-message.js';

export interface KeychainStore {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  /**
   * Throws the keychain's own failure (locked, refused, unavailable) when it cannot be written now; resolves when it
   * can. A Secret Service answers a read from a locked collection with "nothing there", so an absent item means
   * "missing" only after this check passes.
   */
  checkWritable?(service: string): Promise<void>;
}

type Keytar = typeof import('@github/keytar');

const NEVER_WITHOUT = 'Secrets are never stored without the keychain.';
const NOTHING_LOST = 'Nothing was changed, and no secret is lost.';
const DOCTOR = 'Run `tfa-provisioner doctor` to check the keychain.';
/** The account of the item written and removed again by checkWritable; never a hostname, so never a vault key. */
export const WRITE_CHECK_ACCOUNT = '.tfa-provisioner-write-check';

let keytarModule: Promise<Keytar> | undefined;

function loadKeytar(): Promise<Keytar> {
  keytarModule ??= import('@github/keytar').then(
    (mod: Keytar & { default?: Keytar }) => mod.default ?? mod,
    (error: unknown) => {
      keytarModule = undefined;
      throw keychainLoadError(error);
    },
  );
  return keytarModule;
}

export function createKeytarStore(platform: NodeJS.Platform = process.platform): KeychainStore {
  const call = async <T>(use: (keytar: Keytar) => Promise<T>): Promise<T> => {
    const keytar = await loadKeytar();
    try {
      return await use(keytar);
    } catch (error) {
      throw keychainError(error, platform);
    }
  };
  return {
    getPassword: (service, account) => call((k) => k.getPassword(service, account)),
    setPassword: (service, account, password) => call((k) => k.setPassword(service, account, password)),
    deletePassword: (service, account) => call((k) => k.deletePassword(service, account)),
    checkWritable: (service) =>
      call(async (k) => {
        await k.setPassword(service, WRITE_CHECK_ACCOUNT, 'write check');
        await k.deletePassword(service, WRITE_CHECK_ACCOUNT);
      }),
  };
}

const NO_SERVICE =
  /autolaunch D-Bus|org\.freedesktop\.secrets|was not provided by any|unsupported transport|Could not connect|ServiceUnknown|DBUS_SESSION_BUS_ADDRESS|Failed to connect|Connection refused/i;
const NO_DEFAULT = /Object does not exist at path|No such object|no default/i;
const LOCKED = /locked|dismissed|interaction is not allowed|passphrase you entered is not correct/i;

/**
 * Turns a native keychain failure into one of four that say what is wrong and what to do: no keychain service
 * (KEYCHAIN_UNAVAILABLE), a locked keychain (KEYCHAIN_LOCKED), a refused access (KEYCHAIN_REFUSED); the fourth, a
 * vault key truly missing (KEYCHAIN_KEY_MISSING), is the vault's to say. None of these three suggests removing
 * anything: the secrets may be intact behind the lock.
 */
export function keychainError(error: unknown, platform: NodeJS.Platform = process.platform): AdapterError {
  if (error instanceof AdapterError) return error;
  const original = shownText(messageOf(error));
  const linux = platform === 'linux' || platform === 'freebsd' || platform === 'openbsd';
  if (linux && NO_SERVICE.test(original)) {
    return new AdapterError(
      `The OS keychain is not available: no Secret Service is running (${original}). ` +
        `Start a Secret Service provider such as gnome-keyring or KeePassXC (with Secret Service integration) ` +
        `in this desktop session and unlock it, then try again. ${NEVER_WITHOUT} ${NOTHING_LOST} ${DOCTOR}`,
      'KEYCHAIN_UNAVAILABLE',
    );
  }
  if (linux && NO_DEFAULT.test(original)) {
    return new AdapterError(
      `The OS keychain has no default keyring (${original}). Create one (for example in Passwords and Keys, or a ` +
        `KeePassXC database with Secret Service integration), then try again. ${NEVER_WITHOUT} ${NOTHING_LOST} ${DOCTOR}`,
      'KEYCHAIN_UNAVAILABLE',
    );
  }
  const where = platform === 'darwin' ? 'Keychain Access' : platform === 'win32' ? 'Credential Manager' : 'Passwords and Keys, or your KeePassXC database';
  if (platform !== 'win32' && LOCKED.test(original)) {
    return lockedKeychainError(original, where);
  }
  return new AdapterError(
    `The OS keychain refused access (${original}). Allow TFA Provisioner to use it (see ${where}), then try again. ` +
      `${NEVER_WITHOUT} ${NOTHING_LOST} ${DOCTOR}`,
    'KEYCHAIN_REFUSED',
  );
}

export function lockedKeychainError(original: string, where = 'Passwords and Keys, or your KeePassXC database'): AdapterError {
  return new AdapterError(
    `The OS keychain is locked (${original}). Unlock it (${where}), then try again: the vault keys are inside it. ` +
      `${NOTHING_LOST} ${DOCTOR}`,
    'KEYCHAIN_LOCKED',
  );
}

function keychainLoadError(error: unknown): AdapterError {
  const original = shownText(messageOf(error));
  return new AdapterError(
    `The OS keychain library could not be loaded (${original}). On Linux install libsecret ` +
      `(for example: apt-get install libsecret-1-0); otherwise reinstall TFA Provisioner. ${NEVER_WITHOUT} ${DOCTOR}`,
    'KEYCHAIN_UNAVAILABLE',
  );
}

/** Counts keychain round trips, so the bench and the tests can show they stay constant per batch. */
export class CountingKeychainStore implements KeychainStore {
  calls = 0;
  readonly counts = { getPassword: 0, setPassword: 0, deletePassword: 0 };

  constructor(private readonly inner: KeychainStore) {}

  getPassword(service: string, account: string): Promise<string | null> {
    this.count('getPassword');
    return this.inner.getPassword(service, account);
  }

  setPassword(service: string, account: string, password: string): Promise<void> {
    this.count('setPassword');
    return this.inner.setPassword(service, account, password);
  }

  deletePassword(service: string, account: string): Promise<boolean> {
    this.count('deletePassword');
    return this.inner.deletePassword(service, account);
  }

  async checkWritable(service: string): Promise<void> {
    if (!this.inner.checkWritable) return;
    // Counted as the write and the removal it makes.
    this.count('setPassword');
    this.count('deletePassword');
    await this.inner.checkWritable(service);
  }

  private count(method: keyof CountingKeychainStore['counts']): void {
    this.calls += 1;
    this.counts[method] += 1;
  }
}
