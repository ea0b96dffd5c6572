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
    expect(error.message).toContain('Run `tfa-provisioner doctor` to check the keychain.');
  });

  it.each(['Cannot create an item in a locked collection', 'Prompt dismissed'])('says a keychain is locked, and that nothing is lost: %s', (native) => {
    const error = keychainError(new Error(native), 'linux');
    expect(error.code).toBe('KEYCHAIN_LOCKED');
    expect(error.message).toBe(
      `The OS keychain is locked (${native}). Unlock it (Passwords and Keys, or your KeePassXC database), then try again: ` +
        'the vault keys are inside it. Nothing was changed, and no secret is lost. Run `tfa-provisioner doctor` to check the keychain.',
    );
  });

  it('tells a keyring without a default collection from a locked one', () => {
    const error = keychainError(new Error('Object does not exist at path “/org/freedesktop/secrets/aliases/default”'), 'linux');
    expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(error.message).toMatch(/^The OS keychain has no default keyring/);
  });

  it('reports a refused access as refused, and names the OS tool on macOS and Windows', () => {
    const denied = keychainError(new Error('Access denied by the user'), 'linux');
    expect(denied.code).toBe('KEYCHAIN_REFUSED');
    expect(denied.message).toMatch(/^The OS keychain refused access \(Access denied by the user\)\. Allow TFA Provisioner to use it/);
    expect(keychainError(new Error('User canceled the operation.'), 'darwin')).toMatchObject({ code: 'KEYCHAIN_REFUSED', message: expect.stringMatching(/refused access.*Keychain Access/s) });
    expect(keychainError(new Error('The user name or passphrase you entered is not correct.'), 'darwin').code).toBe('KEYCHAIN_LOCKED');
    expect(keychainError(new Error('Element not found.'), 'win32')).toMatchObject({ code: 'KEYCHAIN_REFUSED', message: expect.stringMatching(/refused access.*Credential Manager/s) });
  });

  it('never suggests removing or re-provisioning anything while the key may still exist', () => {
    for (const native of ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'Cannot create an item in a locked collection', 'Access denied', 'Object does not exist at path /x']) {
      expect(keychainError(new Error(native), 'linux').message).not.toMatch(/\bremove\b|\bdelete\b|\bprovision\b|--replace|\brestore\b/i);
    }
  });

  it('shows a native message with control characters safely', () => {
    expect(keychainError(new Error('locked\u001b[2J'), 'linux').message).toContain('(locked?[2J)');
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
