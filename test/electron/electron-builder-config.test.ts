// The packaging config (checklist #19): the hardened fuse set of platform.md §5.3, asar with keytar unpacked.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const config = parse(readFileSync(fileURLToPath(new URL('../../electron-builder.yml', import.meta.url)), 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
};

describe('electron-builder.yml', () => {
  it('flips the hardened fuse set', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('turns the inspect fuse on only in the e2e build, which goes to its own folder', () => {
    expect(pkg.scripts['dist:e2e']).toContain('-c.electronFuses.enableNodeCliInspectArguments=true');
    expect(pkg.scripts['dist:e2e']).toContain('-c.directories.output=release/e2e');
    expect(pkg.scripts.dist).not.toContain('enableNodeCliInspectArguments');
  });

  it('identifies the app and packs it into an asar with keytar unpacked', () => {
    expect(config).toMatchObject({
      appId: 'io.tfa-provisioner.app',
      productName: 'TFA Provisioner',
      asar: true,
      asarUnpack: ['node_modules/@github/keytar/**'],
      directories: { output: 'release' },
    });
    expect(config.files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']));
  });

  it('targets AppImage and deb, dmg, nsis', () => {
    expect(config).toMatchObject({
      linux: { target: ['AppImage', 'deb'] },
      mac: { target: ['dmg'] },
      win: { target: ['nsis'] },
    });
  });

  it('starts the compiled Electron main', () => {
    expect(pkg.main).toBe('out/main/electron/main.js');
  });
});
