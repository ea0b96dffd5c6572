import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureStateDir, resolveStateDir } from '../../main/store/state-dir.js';
import { withTempDir } from './helpers.js';

describe('resolveStateDir', () => {
  it('prefers TFA_PROVISIONER_HOME on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(resolveStateDir({ TFA_PROVISIONER_HOME: '/srv/tfa', XDG_CONFIG_HOME: '/x', APPDATA: 'C:\\A' }, platform, '/home/u')).toBe('/srv/tfa');
    }
  });

  it('follows XDG on Linux, ignoring an empty or relative XDG_CONFIG_HOME', () => {
    expect(resolveStateDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')).toBe('/cfg/tfa-provisioner');
    expect(resolveStateDir({}, 'linux', '/home/u')).toBe('/home/u/.config/tfa-provisioner');
    expect(resolveStateDir({ XDG_CONFIG_HOME: '' }, 'linux', '/home/u')).toBe('/home/u/.config/tfa-provisioner');
    expect(resolveStateDir({ XDG_CONFIG_HOME: 'rel' }, 'freebsd', '/home/u')).toBe('/home/u/.config/tfa-provisioner');
    expect(resolveStateDir({ TFA_PROVISIONER_HOME: '' }, 'linux', '/home/u')).toBe('/home/u/.config/tfa-provisioner');
  });

  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(resolveStateDir({ XDG_CONFIG_HOME: '/cfg' }, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/tfa-provisioner');
    expect(resolveStateDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\tfa-provisioner',
    );
    expect(resolveStateDir({}, 'win32', 'C:\\Users\\u')).toBe('C:\\Users\\u\\AppData\\Roaming\\tfa-provisioner');
  });
});

describe('ensureStateDir', () => {
  it('creates missing directories 0700 and leaves an existing one as it is', async () => {
    await withTempDir(async (dir) => {
      const home = path.join(dir, 'a', 'b');
      expect(await ensureStateDir(home)).toBe(home);
      expect((await stat(home)).mode & 0o777).toBe(0o700);
      expect((await stat(path.join(dir, 'a'))).mode & 0o777).toBe(0o700);

      const existing = path.join(dir, 'existing');
      await mkdir(existing, { mode: 0o750 });
      await ensureStateDir(existing);
      expect((await stat(existing)).mode & 0o777).toBe(0o750);
    });
  });
});
