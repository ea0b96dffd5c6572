// The app's version, read once from package.json so --help, the CLI and the desktop app agree.
// The file is found by walking up, as this module runs both from main/ (tests) and from out/main/ (built).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tfa-provisioner' && pkg.version) return pkg.version;
    }
  }
  return '0.0.0';
}

/** Set by the CLI bundle's build (vite.cli.config.ts), so a bundled call reads no package.json. */
declare const __TFA_APP_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __TFA_APP_VERSION__ === 'string' ? __TFA_APP_VERSION__ : findPackageVersion();
