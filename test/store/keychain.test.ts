import { describe, expect, it } from 'vitest';
import { AdapterError } from '../../main/engine/ports.js';
import { CountingKeychainStore, keychainError } from '../../main/store/keychain.js';
import { MemoryKeychain } from './memory-keychain.js';

describe('keychainError', () => {
  it.each([
    'Cannot autolaunch D-Bus without X11 $DISPLAY',
    'The name org.freedesktop.secrets was not provided by any .service files',
    'Unknown or unsupported transport “disabled” for address “disabled:”',
    'Could not connect: No such file or directory',
  ])('explains a missing Secret Service: %s', (native) => {
    const error = keychainError(new Error(native), 'linux');
    expect(error).toBeInstanceOf(AdapterError);
    expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(error.message).toContain('no Secret Service is running');
    expect(error.message).toContain(native);
    expect(error.message).toContain('gnome-keyring or KeePassXC');
    expect(error.message).toContain('Secrets are never stored without the keychain.');
  });

  it.each(['Cannot create an item in a locked collection', 'Object does not exist at path “/org/freedesktop/secrets/collection/login”'])(
    'explains a locked keychain: %s',
    (native) => {
      const error = keychainError(new Error(native), 'linux');
      expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
      expect(error.message).toMatch(/locked.*Unlock/s);
    },
  );

  it('names the OS tool on macOS and Windows', () => {
    expect(keychainError(new Error('User canceled the operation.'), 'darwin').message).toMatch(/refused access.*Keychain Access/s);
    expect(keychainError(new Error('Element not found.'), 'win32').message).toMatch(/refused access.*Credential Manager/s);
  });
});

describe('CountingKeychainStore', () => {
  it('counts every call by method and passes results through', async () => {
    const counting = new CountingKeychainStore(new MemoryKeychain());
    await counting.setPassword('s', 'a', 'p');
    expect(await counting.getPassword('s', 'a')).toBe('p');
    expect(await counting.deletePassword('s', 'a')).toBe(true);
    expect(await counting.deletePassword('s', 'a')).toBe(false);
    expect(counting.calls).toBe(4);
    expect(counting.counts).toEqual({ getPassword: 1, setPassword: 1, deletePassword: 2 });
  });
});
