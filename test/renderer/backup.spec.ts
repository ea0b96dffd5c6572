// Backup and restore of a server profile from the Exports & backup view: the passphrase rules, the file (0600,
// no secret question since it is encrypted), restore into a fresh home giving identical accounts, states and
// secrets, a wrong passphrase or a damaged file changing nothing, and a restore over an existing profile asking first.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { totpCode } from '../../main/engine/totp.js';
import { expect, test, type TestApp } from './fixture.js';

const HOST = 'backup.example.org';
const PASSPHRASE = 'correct horse battery staple';

async function setUp(app: TestApp): Promise<void> {
  const { engine } = app;
  await engine.servers.add(HOST, 'root');
  await engine.accounts.import('user,domain\nalice,alice.example.com\nbob,bob.example.com\ncarol,carol.example.com\n');
  const provisioned = await engine.provisioning.provision(['alice', 'bob'], { withSecrets: true });
  const bob = (provisioned.data as { provisioned: { user: string; secret: string }[] }).provisioned.find((p) => p.user === 'bob')!;
  expect((await engine.provisioning.verify('bob', totpCode(bob.secret, Date.now()))).metadata.result).toBe('1');
}

async function accountsOf(app: TestApp): Promise<unknown> {
  const listed = await app.cli(['--output=json', 'accounts', 'list']);
  return JSON.parse(listed.stdout).data;
}

async function revealed(app: TestApp, user: string): Promise<string> {
  return JSON.parse((await app.cli(['--output=json', 'reveal', user])).stdout).data.secret as string;
}

test('backup (0600, passphrase checked), then restore into a fresh home: identical accounts, states and secrets', async ({ app }) => {
  const { page, shell } = app;
  await setUp(app);
  const before = await accountsOf(app);
  const aliceSecret = await revealed(app, 'alice');
  await app.open();
  await app.nav('Exports & backup');

  const pass = page.getByLabel('Passphrase', { exact: true });
  const again = page.getByLabel('Passphrase again');
  await expect(pass).toHaveAttribute('type', 'password');
  await expect(pass).toHaveAttribute('autocomplete', 'new-password');
  await expect(again).toHaveAttribute('autocomplete', 'new-password');
  await pass.fill('too short');
  await expect(page.getByText('The passphrase must be at least 12 characters long (this one has 9).')).toBeVisible();
  await page.getByRole('button', { name: 'Save backup…' }).click();
  await expect(page.getByTestId('live-assertive')).toContainText('at least 12 characters');
  await pass.fill(PASSPHRASE);
  await again.fill(`${PASSPHRASE}!`);
  await expect(page.getByText('The two passphrases differ.')).toBeVisible();
  await page.getByRole('button', { name: 'Save backup…' }).click();
  expect(app.calls.filter((c) => c.method === 'backupProfile')).toEqual([]);

  await again.fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Save backup…' }).click();
  const file = path.join(app.exportDir, `${HOST}.tfa-backup.json`);
  await expect(page.getByTestId('backup-result')).toContainText(`Backup of ${HOST} saved to ${file}: 3 accounts, 2 secrets, encrypted under your passphrase (mode 0600).`);
  expect(shell.confirmations).toEqual([]);
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  const text = await readFile(file, 'utf8');
  expect(text).not.toContain(aliceSecret);
  await expect(pass).toHaveValue('');
  // The passphrase is in no audit entry.
  expect(await readFile(path.join(app.home, 'audit.jsonl'), 'utf8')).not.toContain(PASSPHRASE);

  // A second computer: an empty home. The restore asks for the file and the passphrase, and asks nothing else.
  await app.freshHome();
  await app.open();
  await app.nav('Exports & backup');
  shell.openAnswer = file;
  await page.getByLabel('Backup passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Restore from backup…' }).click();
  await expect(page.getByTestId('restore-result')).toContainText(
    `Restored ${HOST} from ${HOST}.tfa-backup.json: 3 accounts (1 enabled, 1 pending). It is now the active server profile.`,
  );
  await expect(page.getByRole('region', { name: 'Active server profile' })).toContainText(HOST);
  expect(shell.openTitles).toEqual(['Restore a server profile from a backup']);
  expect(await accountsOf(app)).toEqual(before);
  expect(await revealed(app, 'alice')).toBe(aliceSecret);
  expect(await readFile(path.join(app.home, 'audit.jsonl'), 'utf8')).not.toContain(PASSPHRASE);
});

test('a wrong passphrase or a damaged file changes nothing; restoring over an existing profile asks first', async ({ app }, testInfo) => {
  const { page, shell } = app;
  await setUp(app);
  const backup = await app.engine.backups.backup({ passphrase: PASSPHRASE });
  const file = testInfo.outputPath('profile.tfa-backup.json');
  await writeFile(file, (backup.data as { content: string }).content);
  // Changes made after the backup, which a replace would lose.
  await app.engine.provisioning.provision(['carol']);
  const before = await accountsOf(app);
  await app.open();
  await app.nav('Exports & backup');
  shell.openAnswer = file;
  const result = page.getByTestId('restore-result');

  await page.getByLabel('Backup passphrase').fill('not the passphrase at all');
  await page.getByRole('button', { name: 'Restore from backup…' }).click();
  await expect(result).toHaveText('The passphrase is wrong, or the backup is damaged; nothing was changed.');
  await expect(page.getByTestId('live-assertive')).toHaveText('The passphrase is wrong, or the backup is damaged; nothing was changed.');
  expect(await accountsOf(app)).toEqual(before);

  const damaged = testInfo.outputPath('damaged.tfa-backup.json');
  const original = await readFile(file, 'utf8');
  const at = Math.floor(original.length / 2);
  await writeFile(damaged, `${original.slice(0, at)}${original[at] === 'A' ? 'B' : 'A'}${original.slice(at + 1)}`);
  shell.openAnswer = damaged;
  await page.getByLabel('Backup passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Restore from backup…' }).click();
  await expect(result).toHaveText(/nothing was changed\.$/);
  expect(await accountsOf(app)).toEqual(before);

  // The right file and passphrase, over the profile that exists: the app asks, and Cancel keeps it.
  shell.openAnswer = file;
  await page.getByRole('button', { name: 'Restore from backup…' }).click();
  const ask = page.getByRole('dialog', { name: 'Replace server profile?' });
  await expect(ask).toContainText(`A server profile named ${HOST} exists already.`);
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(result).toHaveText(`Nothing restored: the server profile ${HOST} was left as it was.`);
  expect(await accountsOf(app)).toEqual(before);

  // Asked again and confirmed: replaced by the backup's (carol is back to none), the file not asked for twice.
  await page.getByRole('button', { name: 'Restore from backup…' }).click();
  await ask.getByRole('button', { name: 'Replace profile' }).click();
  await expect(result).toContainText(`Restored ${HOST} from profile.tfa-backup.json: 3 accounts (1 enabled, 1 pending), replacing the profile that was here.`);
  expect(shell.openTitles).toHaveLength(4);
  const restoreCalls = app.calls.filter((c) => c.method === 'restoreProfile').map((c) => c.payload as { replace: boolean; fileId: string | null });
  expect(restoreCalls.at(-1)).toMatchObject({ replace: true, fileId: expect.any(String) });
  const after = (await accountsOf(app)) as { accounts: { user: string; state: string }[] };
  expect(after.accounts.map((a) => [a.user, a.state])).toEqual([
    ['alice', 'pending'],
    ['bob', 'enabled'],
    ['carol', 'none'],
  ]);
});
