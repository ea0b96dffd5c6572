// The CLI is one bundled file whose heavy parts load only where they are used (issue 11): a WHM call or a reveal
// must not pay for pdfkit, zod, the QR encoder, the CSV and XML parsers or the keychain addon it does not use.
// Runs the built bin/ (npm run build) with a module hook listing every module the process loads.
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, makeHome } from './cli-harness.js';

const HOOK = fileURLToPath(new URL('./fixtures/record-loads.mjs', import.meta.url));
const HEAVY = /node_modules\/(pdfkit|zod|qrcode|csv-parse|csv-stringify|fast-xml-parser|@github\/keytar)\/|\/chunks\/(qr-svg|qr-matrix|profile-backup-bundle|account-import|accounts-csv|user-configs-answer|enrollment-sheets-pdf)-/;
const homes: string[] = [];

afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** Runs the CLI; answers its exit code and the modules it loaded. */
function loadsOf(args: string[]): Promise<{ code: number; loads: string[] }> {
  const home = makeHome();
  homes.push(home);
  const file = path.join(home, 'loads.txt');
  writeFileSync(file, '');
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', HOOK, CLI, ...args], { env: { ...process.env, TFA_PROVISIONER_HOME: home, TFA_LOADS_FILE: file } }, (error) => {
      const loads = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      resolve({ code: error ? Number(error.code ?? 1) : 0, loads });
    });
  });
}

describe('the bundled CLI', () => {
  it('answers a WHM call from one bundle file, loading none of the heavy packages', async () => {
    const { code, loads } = await loadsOf(['twofactorauth_get_issuer']);
    expect(code).toBe(0);
    expect(loads.some((url) => url.endsWith('/out/cli/tfa-provisioner.mjs'))).toBe(true);
    expect(loads.filter((url) => HEAVY.test(url))).toEqual([]);
    // One file of ours, not the hundreds of compiled modules under out/main.
    expect(loads.filter((url) => url.includes('/out/main/'))).toEqual([]);
  });

  it('loads the CSV reader only when a file is imported (the check above can fail)', async () => {
    const home = makeHome();
    homes.push(home);
    const csv = path.join(home, 'accounts.csv');
    writeFileSync(csv, 'user,domain\nalice,alice.example\n');
    const { code, loads } = await loadsOf(['accounts', 'import', csv]);
    expect(code).toBe(0);
    expect(loads.some((url) => /\/chunks\/account-import-/.test(url))).toBe(true);
    expect(loads.some((url) => /node_modules\/(pdfkit|zod)\//.test(url))).toBe(false);
  });
});
