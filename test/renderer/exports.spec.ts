// The Exports & backup view's exports, each saved through the (stand-in) save dialog by the main process:
// accounts CSV (no secret, 0644, no question), otpauth:// URI list, generate answers, apply body with its
// .apply.txt note, and enrollment sheets as the engine's PDF (all four: confirmation, 0600). Enabled accounts are
// set up with known secrets through WHM's twofactorauth_set_tfa_config and oathtool codes, so the apply body
// can be compared with exactly what was enabled.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildOtpauthStr } from '../../main/engine/otpauth-uri.js';
import { readPdf } from '../node/pdf-tools.js';
import { expect, oathtoolCode, test, type TestApp } from './fixture.js';

const HOST = 'exports.example.com';
const ENABLED = { bob: 'JBSWY3DPEHPK3PXP', dave: 'KRSXG5CTMVRXEZLU' } as const;

async function setUp(app: TestApp): Promise<{ pending: Record<string, string> }> {
  const { engine } = app;
  await engine.servers.add(HOST, 'root');
  await engine.accounts.import('user,domain\nalice,alice.example.com\nbob,bob.example.com\ncarol,carol.example.com\ndave,dave.example.com\n');
  for (const [user, secret] of Object.entries(ENABLED)) {
    const set = await engine.whm.call('twofactorauth_set_tfa_config', [
      ['secret', secret],
      ['tfa_token', await oathtoolCode(secret)],
      ['user', user],
    ]);
    expect(set.metadata.reason).toBe('OK');
  }
  const provisioned = await engine.provisioning.provision(['alice'], { withSecrets: true });
  const [alice] = (provisioned.data as { provisioned: { user: string; secret: string }[] }).provisioned;
  return { pending: { alice: alice!.secret } };
}

async function modeOf(file: string): Promise<string> {
  return ((await stat(file)).mode & 0o777).toString(8);
}

function saveButton(app: TestApp, name: string) {
  return app.page.getByRole('button', { name });
}

test('accounts CSV (no secret, 0644), URI list and generate answers (confirmed, 0600), a declined export writes nothing', async ({ app }) => {
  const { page, shell } = app;
  const { pending } = await setUp(app);
  await app.open();
  await app.nav('Exports & backup');
  const result = page.getByTestId('export-result');

  // Each secret export says so where it is offered.
  await expect(page.getByTestId('export-uris')).toContainText('Holds secrets: you will be asked to confirm; the file is written readable only by you.');
  await expect(page.getByTestId('export-accounts-csv')).not.toContainText('Holds secrets');

  await saveButton(app, 'Save accounts CSV…').click();
  const csvPath = path.join(app.exportDir, `${HOST}-accounts.csv`);
  await expect(result).toContainText(`Accounts CSV saved to ${csvPath} (4 accounts).`);
  expect(shell.confirmations).toEqual([]);
  expect(await modeOf(csvPath)).toBe('644');
  const csv = await readFile(csvPath, 'utf8');
  expect(csv.split('\n')[0]).toBe('user,domain,state,updated');
  expect(csv).toMatch(/^alice,alice\.example\.com,pending,/m);
  expect(csv).toMatch(/^bob,bob\.example\.com,enabled,/m);
  expect(csv).toMatch(/^carol,carol\.example\.com,none,/m);
  for (const secret of [...Object.values(ENABLED), pending.alice!]) expect(csv).not.toContain(secret);

  // URI list: pending accounts by default.
  await saveButton(app, 'Save otpauth:// URI list…').click();
  const urisPath = path.join(app.exportDir, `${HOST}-otpauth-uris.txt`);
  await expect(result).toContainText(`otpauth:// URI list saved to ${urisPath} (1 account). It holds secrets: readable only by you (mode 0600)`);
  expect(shell.confirmations).toEqual([`${HOST}-otpauth-uris.txt`]);
  expect(await modeOf(urisPath)).toBe('600');
  const uris = (await readFile(urisPath, 'utf8')).trim().split('\n');
  expect(uris).toHaveLength(1);
  expect(uris[0]).toMatch(new RegExp(`^otpauth://totp/.*alice.*[?&]secret=${pending.alice}`));

  // Generate answers, YAML, pending and enabled: one document per account, each with its secret.
  await page.getByRole('checkbox', { name: 'enabled' }).check();
  await page.getByLabel('Format').selectOption('yaml');
  await saveButton(app, 'Save generate answers…').click();
  const answersPath = path.join(app.exportDir, `${HOST}-generate-answers.yaml`);
  await expect(result).toContainText(`Generate answers saved to ${answersPath} (3 accounts).`);
  expect(await modeOf(answersPath)).toBe('600');
  const docs = parseAllDocuments(await readFile(answersPath, 'utf8')).map((d) => d.toJS() as { data: { secret: string; otpauth_str: string }; metadata: { command: string } });
  expect(docs.map((d) => d.metadata.command)).toEqual(Array(3).fill('twofactorauth_generate_tfa_config'));
  expect(docs.map((d) => d.data.secret).sort()).toEqual([pending.alice, ENABLED.bob, ENABLED.dave].sort());
  expect(app.calls.find((c) => c.method === 'exportFile' && (c.payload as { kind: string }).kind === 'generate-answers')?.payload).toEqual({
    kind: 'generate-answers',
    users: [],
    states: ['pending', 'enabled'],
    format: 'yaml',
  });
  // No export answer carried a secret back to the page.
  expect(JSON.stringify(app.calls.filter((c) => c.method === 'exportFile').map((c) => c.result))).not.toMatch(new RegExp(`${ENABLED.bob}|${pending.alice}`));

  // Declining the question writes nothing.
  shell.confirmAnswer = false;
  await saveButton(app, 'Save otpauth:// URI list…').click();
  await expect(result).toContainText('otpauth:// URI list: not saved (you declined to save secrets).');
  expect(shell.savedPaths.filter((p) => p === urisPath)).toHaveLength(1);
});

test('the apply body holds exactly the enabled secrets, with the command to apply it written beside it', async ({ app }) => {
  const { page } = app;
  await setUp(app);
  await app.open();

  // Only the selected accounts: bob and carol (carol has no secret; alice is pending, so not in the body).
  await app.nav('Accounts');
  await page.getByRole('checkbox', { name: 'Select bob' }).check();
  await page.getByRole('checkbox', { name: 'Select alice' }).check();
  await page.getByRole('button', { name: 'Export selected…' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Exports & backup' })).toBeFocused();
  await expect(page.getByRole('radio', { name: 'The accounts selected in Accounts (2)' })).toBeChecked();
  await saveButton(app, 'Save apply body…').click();
  const bodyPath = path.join(app.exportDir, `${HOST}-set-tfa-config-for-user.json`);
  const result = page.getByTestId('export-result');
  await expect(result).toContainText(`Apply body (twofactorauth_set_tfa_config_for_user) saved to ${bodyPath} (1 account).`);
  await expect(result).toContainText('Skipped: 1 pending.');
  expect(JSON.parse(await readFile(bodyPath, 'utf8'))).toEqual({ bob: { primary_account: { secret: ENABLED.bob } } });

  // Every account: exactly the two enabled ones.
  await page.getByRole('radio', { name: /Every account/ }).check();
  await saveButton(app, 'Save apply body…').click();
  await expect(result).toContainText('(2 accounts)');
  expect(JSON.parse(await readFile(bodyPath, 'utf8'))).toEqual({
    bob: { primary_account: { secret: ENABLED.bob } },
    dave: { primary_account: { secret: ENABLED.dave } },
  });
  expect(await modeOf(bodyPath)).toBe('600');
  const notePath = `${bodyPath}.apply.txt`;
  await expect(result).toContainText(`How to apply it: ${notePath}`);
  expect(await modeOf(notePath)).toBe('644');
  const note = await readFile(notePath, 'utf8');
  expect(note).toContain(`--data-binary @${bodyPath} 'https://${HOST}:2087/json-api/twofactorauth_set_tfa_config_for_user?api.version=1'`);
  expect(note).toContain("-H 'Authorization: whm root:YOUR_API_TOKEN'");
  for (const secret of Object.values(ENABLED)) expect(note).not.toContain(secret);
});

test('enrollment sheets are a PDF of one page per account: each page names its account and its QR code scans', async ({ app }) => {
  const { page, shell } = app;
  const { pending } = await setUp(app);
  await engineSetsContact(app);
  await app.open();
  await app.nav('Exports & backup');
  await page.getByRole('checkbox', { name: 'enabled' }).check();
  await page.getByLabel('Paper').selectOption('letter');
  await saveButton(app, 'Save enrollment sheets…').click();
  const pdfPath = path.join(app.exportDir, `${HOST}-enrollment-sheets.pdf`);
  await expect(page.getByTestId('export-result')).toContainText(`Enrollment sheets (PDF) saved to ${pdfPath} (3 accounts).`);
  expect(shell.confirmations).toEqual([`${HOST}-enrollment-sheets.pdf`]);
  expect(await modeOf(pdfPath)).toBe('600');

  // Read back by poppler and zbarimg: Letter, one page per account (sorted by name), each with its own account
  // and the contact the profile sets, and a QR code holding exactly that account's otpauth_str.
  const pdf = await readPdf(pdfPath);
  expect(pdf.pages).toBe(3);
  expect(pdf.pageSize).toContain('612 x 792 pts');
  const secrets: Record<string, string> = { alice: pending.alice!, ...ENABLED };
  const users = ['alice', 'bob', 'dave'];
  expect(pdf.codes).toEqual(users.map((user) => buildOtpauthStr(HOST, user, secrets[user]!)));
  users.forEach((user, i) => {
    expect(pdf.texts[i]).toMatch(new RegExp(`Account\\s+${user}\\n`));
    expect(pdf.texts[i]).toContain(`${user}.example.com`);
    expect(pdf.texts[i]).toContain(`Page ${i + 1} of 3`);
    expect(pdf.texts[i]).toContain('to: helpdesk@exports.example.com');
    for (const other of users.filter((u) => u !== user)) expect(pdf.texts[i]).not.toContain(`${other}.example.com`);
  });
});

/** The operator's first-code contact, set as `servers set HOST --first-code-contact=…` does. */
async function engineSetsContact(app: TestApp): Promise<void> {
  const set = await app.engine.servers.set(HOST, { firstCodeContact: 'helpdesk@exports.example.com' });
  expect(set.metadata.result).toBe('1');
}
