// The desktop app's enrollment sheets, through the real main-process handlers (exportFile) over the real engine,
// state file and keychain, with only the native dialogs stood in: 50 accounts become a 50-page PDF whose every QR
// code is that account's otpauth_str, written 0600 after confirmation; and it is byte for byte the file the CLI's
// `sheets --out=FILE.pdf` writes from the same state. Both read one fixed clock: the sheet is dated from the clock,
// so with the system clock a run that crossed midnight UTC between the two renders would compare two dates.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTfaHandlers, type DesktopShell } from '../../main/ipc/tfa-handlers.js';
import { JsonPreferencesFile } from '../../main/store/app-preferences.js';
import { openEngine } from '../../main/store/open-engine.js';
import { KEYRING_SKIP_REASON, keyringAvailable, runHere } from '../cli/cli-harness.js';
import { PDF_TOOLS_SKIP_REASON, pdfToolsMissing, readPdf } from '../node/pdf-tools.js';

const ACCOUNTS = 50;
/** Both the desktop handlers and the CLI run on this instant, a day that is never today. */
const FIXED_NOW = Date.parse('2031-07-09T23:59:59.500Z');
const fixedClock = { now: () => FIXED_NOW };
const ready = keyringAvailable && pdfToolsMissing.length === 0;
if (!keyringAvailable) console.warn(`skipping the desktop PDF sheet tests: ${KEYRING_SKIP_REASON}`);
else if (pdfToolsMissing.length) console.warn(`skipping the desktop PDF sheet tests: ${PDF_TOOLS_SKIP_REASON}`);

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!ready)('exportFile sheets in the desktop app', () => {
  it('50 accounts: a 50-page PDF, one account and its QR code per page, the same bytes as the CLI writes', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'tfa-sheets-home-'));
    const saveDir = await mkdtemp(path.join(os.tmpdir(), 'tfa-sheets-saved-'));
    dirs.push(home, saveDir);
    const { engine, stateDir } = await openEngine({ env: { ...process.env, TFA_PROVISIONER_HOME: home }, clock: fixedClock });
    const host = `t${randomUUID().slice(0, 8)}.example.com`;
    await engine.servers.add(host, 'root');
    await engine.servers.set(host, { firstCodeContact: 'Call the helpdesk: +1 555 0100' });
    const users = Array.from({ length: ACCOUNTS }, (_, i) => `acct${String(i).padStart(2, '0')}`);
    await engine.accounts.import(`user,domain\n${users.map((u) => `${u},${u}.example.org`).join('\n')}\n`);
    const provisioned = await engine.provisioning.provision(users, { withSecrets: true });
    const made = (provisioned.data as { provisioned: { user: string; otpauth_str: string }[] }).provisioned;
    const uriOf = new Map(made.map((p) => [p.user, p.otpauth_str]));
    expect(uriOf.size).toBe(ACCOUNTS);

    const confirmations: string[] = [];
    const shell: DesktopShell = {
      chooseSavePath: async (name) => path.join(saveDir, name),
      confirmSecretExport: async (name) => (confirmations.push(name), true),
      writeClipboard: () => {},
      readClipboard: () => '',
      chooseOpenPath: async () => null,
    };
    const handlers = createTfaHandlers({ engine, shell, stateDir, version: '0', platform: 'linux', preferences: new JsonPreferencesFile(stateDir) });
    const answer = await handlers.exportFile({ kind: 'sheets', users: [], paper: 'a4' });
    const file = path.join(saveDir, `${host}-enrollment-sheets.pdf`);
    expect(answer).toMatchObject({ ok: true, value: { saved: { saved: true, path: file }, envelope: { data: { accounts: ACCOUNTS, suggestedName: `${host}-enrollment-sheets.pdf` } } } });
    expect(confirmations).toEqual([`${host}-enrollment-sheets.pdf`]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const pdf = await readPdf(file);
    expect(pdf.pages).toBe(ACCOUNTS);
    expect(pdf.codes).toEqual(users.map((u) => uriOf.get(u)));
    users.forEach((user, i) => {
      expect(pdf.texts[i]).toMatch(new RegExp(`Account\\s+${user}\\n`));
      expect(pdf.texts[i]).toMatch(new RegExp(`Domain\\s+${user}\\.example\\.org\\n`));
      expect(pdf.texts[i]).toContain(`Page ${i + 1} of ${ACCOUNTS}`);
      expect(pdf.texts[i]).toContain('to: Call the helpdesk: +1 555 0100');
      expect(pdf.texts[i]!.match(/Account\s+acct\d\d\n/g)).toHaveLength(1);
      expect(pdf.texts[i]).toMatch(/Date\s+2031-07-09\n/);
    });

    // One renderer: the CLI's file from the same state, on the same clock, is the same PDF, byte for byte.
    const cliFile = path.join(saveDir, 'from-cli.pdf');
    const cli = await runHere(home, ['sheets', `--out=${cliFile}`, '--all', '--with-secrets'], { clock: fixedClock });
    expect(cli.code).toBe(0);
    expect((await readFile(cliFile)).equals(await readFile(file))).toBe(true);
  });
});
