// The OS keychain (Secret Service, macOS Keychain, Windows Credential Manager) through keytar.
// The native addon loads on first use only, so importing this module is safe where no keychain exists.
import { AdapterError } from '../engine/ports.js';

export interface KeychainStore {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

type Keytar = typeof import('@github/keytar');

const NEVER_WITHOUT = 'Secrets are never stored without the keychain.';

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
  };
}

/** Turns a native keychain failure into one that says what is wrong and what to do about it. */
export function keychainError(error: unknown, platform: NodeJS.Platform = process.platform): AdapterError {
  if (error instanceof AdapterError) return error;
  const original = error instanceof Error ? error.message : String(error);
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') {
    if (/autolaunch D-Bus|org\.freedesktop\.secrets|was not provided by any|unsupported transport|Could not connect|ServiceUnknown|DBUS_SESSION_BUS_ADDRESS|Failed to connect|Connection refused/i.test(original)) {
      return new AdapterError(
        `The OS keychain is not available: no Secret Service is running (${original}). ` +
          `Start a Secret Service provider such as gnome-keyring or KeePassXC (with Secret Service integration) ` +
          `in this desktop session and unlock it, then try again. ${NEVER_WITHOUT}`,
        'KEYCHAIN_UNAVAILABLE',
      );
    }
    if (/locked|Object does not exist at path|prompt|dismissed|cancel/i.test(original)) {
      return new AdapterError(
        `The OS keychain is locked or has no default keyring (${original}). ` +
          `Unlock your keyring (for example in Passwords and Keys, or your KeePassXC database), or create a default ` +
          `one, then try again. ${NEVER_WITHOUT}`,
        'KEYCHAIN_UNAVAILABLE',
      );
    }
    return new AdapterError(
      `The OS keychain refused access (${original}). Check that a Secret Service provider such as gnome-keyring ` +
        `or KeePassXC is running and unlocked, then try again. ${NEVER_WITHOUT}`,
      'KEYCHAIN_UNAVAILABLE',
    );
  }
  const where = platform === 'darwin' ? 'Keychain Access' : platform === 'win32' ? 'Credential Manager' : 'the OS keychain';
  return new AdapterError(
    `The OS keychain refused access (${original}). Make sure it is unlocked and that TFA Provisioner may use it ` +
      `(see ${where}), then try again. ${NEVER_WITHOUT}`,
    'KEYCHAIN_UNAVAILABLE',
  );
}

function keychainLoadError(error: unknown): AdapterError {
  const original = error instanceof Error ? error.message : String(error);
  return new AdapterError(
    `The OS keychain library could not be loaded (${original}). On Linux install libsecret ` +
      `(for example: apt-get install libsecret-1-0); otherwise reinstall TFA Provisioner. ${NEVER_WITHOUT}`,
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

  private count(method: keyof CountingKeychainStore['counts']): void {
    this.calls += 1;
    this.counts[method] += 1;
  }
}
