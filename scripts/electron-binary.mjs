// Finds the Electron executable WITHOUT require('electron'): on a machine without the binary, that
// require tries to download it from GitHub (node_modules/electron/index.js), which hangs or fails offline.
// Shared by `npm start` and the Electron end-to-end test, so both agree on whether Electron is here.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The executable's path inside an unpacked Electron distribution, as electron's install.js names it. */
function executableIn(distDir, platform) {
  if (platform === 'darwin') return path.join(distDir, 'Electron.app', 'Contents', 'MacOS', 'Electron');
  if (platform === 'win32') return path.join(distDir, 'electron.exe');
  return path.join(distDir, 'electron');
}

/**
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {{ found: true, path: string } | { found: false, reason: string }}
 */
export function findElectronBinary(env = process.env, platform = process.platform) {
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = executableIn(override, platform);
    return existsSync(candidate)
      ? { found: true, path: candidate }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${candidate} does not exist` };
  }
  let packageDir;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed' };
  }
  // install.js writes path.txt once it has unpacked the binary into dist/; without it, no binary was fetched.
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { found: false, reason: `the electron package is installed for its types only: ${pathFile} is missing` };
  }
  const candidate = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(candidate)
    ? { found: true, path: candidate }
    : { found: false, reason: `${candidate} is missing` };
}

export const ELECTRON_HELP = [
  'To get one:',
  // Electron 45 has no postinstall step: its package downloads the binary with its own install-electron command,
  // which changes no tracked file (npm install would rewrite package-lock.json; see DEVELOPERS.md).
  '  - on a machine with network access to GitHub, on Node 22.12 or later: npx install-electron',
  '  - or unpack an Electron 45.5.0 release and set ELECTRON_OVERRIDE_DIST_PATH=/path/to/unpacked/electron',
  'Everything the app does is also available without Electron, from the command line:',
  '  npx tfa-provisioner --help',
].join('\n');
