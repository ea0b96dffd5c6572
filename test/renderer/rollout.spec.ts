// A 500-account rollout through the UI: import and batch-provision in Accounts, then the Rollout dashboard (counts
// per stage, the list filtered in one click, print the sheets not yet printed, export the apply body for the
// verified, reconcile with a "server" — a second state directory answering with the app's own
// twofactorauth_get_user_configs through the CLI, with every kind of mismatch — and re-provision the expired).
import { copyFile, mkdtemp, readFile, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { totpCode } from '../../main/engine/totp.js';
import { STATE_FILE_NAME } from '../../main/store/state-file.js';
import { expect, REPO_ROOT, run, test } from './fixture.js';

const HOST = 'rollout.example.com';
const user = (n: number) => `u${String(n).padStart(3, '0')}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => user(from + i));
const CLI = path.join(REPO_ROOT, 'bin/tfa-provisioner.js');

async function serverCli(home: string, args: string[]): Promise<string> {
  const result = await run(process.execPath, [CLI, ...args], { ...process.env, TFA_PROVISIONER_HOME: home });
  if (result.code !== 0) throw new Error(`tfa-provisioner ${args.join(' ')} failed: ${result.stdout}${result.stderr}`);
  return result.stdout;
}

async function expectCounts(page: Page, counts: Record<string, number>): Promise<void> {
  for (const [stage, n] of Object.entries(counts)) {
    await expect(page.getByTestId(`count-${stage}`), stage).toHaveText(n.toLocaleString('en-US'));
  }
}

test('500 accounts from import to confirmed on the dashboard, with every mismatch and the expired re-provisioned', async ({ app }, testInfo) => {
  test.setTimeout(240_000);
  const { page } = app;
  await app.engine.servers.add(HOST, 'root');

  // Import and provision all 500 in the Accounts view.
  const csv = testInfo.outputPath('accounts.csv');
  await writeFile(csv, ['user,domain', ...range(1, 500).map((u) => `${u},${u}.example.com`)].join('\n'));
  await app.open();
  await app.nav('Accounts');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import accounts…' }).click();
  await (await chooser).setFiles(csv);
  await expect(page.getByTestId('accounts-result')).toContainText('500 added');
  await page.getByRole('button', { name: 'Select all 501 matching' }).click();
  await page.getByRole('checkbox', { name: 'Select root' }).uncheck();
  await page.getByRole('button', { name: 'Provision selected…' }).click();
  const batch = page.getByRole('dialog', { name: 'Provision selected accounts' });
  await batch.getByRole('button', { name: 'Provision 500' }).click();
  await expect(batch.getByTestId('batch-progress')).toHaveText('500 of 500', { timeout: 60_000 });
  await batch.getByRole('button', { name: 'Close' }).click();

  await app.nav('Rollout');
  await expect(page.getByTestId('rollout-summary')).toHaveText('0 of 500 accounts confirmed by the server (0 %).');
  await expectCounts(page, { none: 0, provisioned: 500, printed: 0, confirmed: 0 });

  // Sheets for 480 come from the CLI; the dashboard prints the 20 not yet printed in one action.
  await app.cli(['sheets', ...range(1, 480), `--out=${testInfo.outputPath('sheets.html')}`, '--with-secrets']);
  await app.nav('Accounts');
  await app.nav('Rollout');
  await expectCounts(page, { provisioned: 20, printed: 480 });
  await page.getByRole('button', { name: 'Print 20 sheets not yet printed…' }).click();
  await expect(page.getByTestId('rollout-note')).toContainText('Enrollment sheets saved to');
  await expect(page.getByTestId('rollout-note')).toContainText('(20 accounts)');
  const sheetsText = (await run('pdftotext', [app.shell.savedPaths.at(-1)!, '-'])).stdout;
  expect([...new Set(sheetsText.match(/\bu\d{3}@/g))]).toEqual(range(481, 500).map((u) => `${u}@`));
  await expectCounts(page, { provisioned: 0, printed: 500 });
  await expect(page.getByRole('button', { name: /not yet printed/ })).toBeDisabled();

  // First codes for 300 accounts, as operators at their desks would type them (through the same engine).
  const uris = (await app.engine.exports.uris({ users: range(1, 300) })).data as { content: string };
  for (const uri of uris.content.trim().split('\n')) {
    const name = decodeURIComponent(uri.split(':')[2]!.split('?')[0]!);
    const verified = await app.engine.provisioning.verify(name, totpCode(new URL(uri).searchParams.get('secret')!, Date.now()));
    expect(verified.metadata.reason, name).toBe('OK');
  }
  await app.nav('Accounts');
  await app.nav('Rollout');
  await expectCounts(page, { printed: 200, verified: 300 });

  await page.getByRole('button', { name: 'Export the apply body for 300 verified accounts…' }).click();
  await expect(page.getByTestId('rollout-note')).toContainText('Apply body saved to');
  const body = JSON.parse(await readFile(app.shell.savedPaths.at(-1)!, 'utf8')) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(range(1, 300));
  await expectCounts(page, { verified: 0, applied: 300 });

  // The "server": our state as the apply body left it, then changed on the server's side.
  const server = await mkdtemp(path.join(os.tmpdir(), 'tfa-ui-server-'));
  await copyFile(path.join(app.home, STATE_FILE_NAME), path.join(server, STATE_FILE_NAME));
  await serverCli(server, ['twofactorauth_remove_user_config', 'user-1=u001', 'user-2=u002']);
  await serverCli(server, ['accounts', 'add', 'zed', 'zed.example.com']);
  for (const name of ['u450', 'zed']) {
    await serverCli(server, ['twofactorauth_set_tfa_config', `user=${name}`, 'secret=JBSWY3DPEHPK3PXP', `tfa_token=${totpCode('JBSWY3DPEHPK3PXP', Date.now())}`]);
  }
  await serverCli(server, ['accounts', 'remove', 'u499', '--force']);
  const answer = testInfo.outputPath('answer.yaml');
  await writeFile(answer, await serverCli(server, ['twofactorauth_get_user_configs']));

  const fileChooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: "Reconcile with the server's answer…" }).click();
  await (await fileChooser).setFiles(answer);
  const report = page.getByTestId('reconcile-report');
  await expect(report).toContainText('Reconciled with answer.yaml (YAML, 501 users on rollout.example.com): 298 confirmed, 298 of them new.');
  await expect(report.getByTestId('mismatch-applied-not-enabled')).toContainText('Applied here, not enabled on the server: 2');
  await expect(report.getByTestId('mismatch-applied-not-enabled')).toContainText('u001, u002');
  await expect(report.getByTestId('mismatch-enabled-on-server-only')).toContainText('u450 (pending here), zed (not in this profile)');
  await expect(report.getByTestId('mismatch-missing-on-server')).toContainText('No longer on the server: 1');
  await expect(page.getByTestId('rollout-summary')).toHaveText('298 of 500 accounts confirmed by the server (59.6 %).');
  await expectCounts(page, { printed: 200, applied: 2, confirmed: 298 });

  // One click filters the list to a stage, another shows them all again.
  await page.getByRole('button', { name: /^Applied\s*2$/ }).click();
  const rows = page.getByTestId('rollout-table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('u001');
  await expect(rows.nth(1)).toContainText('u002');
  await page.getByRole('button', { name: 'Show all stages' }).click();
  await expect(rows).toHaveCount(500);

  // A file from another server is refused, and changes nothing.
  const foreign = testInfo.outputPath('other.yaml');
  await writeFile(foreign, (await readFile(answer, 'utf8')).replace(`primary_domain: ${HOST}`, 'primary_domain: other.example.net'));
  const again = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: "Reconcile with the server's answer…" }).click();
  await (await again).setFiles(foreign);
  await expect(page.getByTestId('rollout-note')).toContainText('other.yaml was not reconciled. The file comes from another server');
  await expectCounts(page, { confirmed: 298 });

  // A runaway file is refused before it is read.
  const huge = testInfo.outputPath('huge.json');
  await writeFile(huge, '');
  await truncate(huge, 33 * 1024 * 1024);
  const third = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: "Reconcile with the server's answer…" }).click();
  await (await third).setFiles(huge);
  await expect(page.getByTestId('rollout-note')).toContainText(
    "huge.json was not reconciled. It is larger than 32 MiB, the most an imported account list or a server's answer may be.",
  );
  await expectCounts(page, { confirmed: 298 });

  // Twenty days on (the pending secrets' marks moved back), with a 14-day limit set in Servers: 200 expired.
  const stateFile = path.join(app.home, STATE_FILE_NAME);
  const past = new Date(Date.now() - 20 * 86_400_000).toISOString();
  const saved = JSON.parse(await readFile(stateFile, 'utf8')) as { profiles: Record<string, { accounts: Record<string, { state: string; rollout?: { provisionedAt?: string } }> }> };
  for (const account of Object.values(saved.profiles[HOST]!.accounts)) if (account.state === 'pending') account.rollout = { ...account.rollout, provisionedAt: past };
  await writeFile(stateFile, `${JSON.stringify(saved, null, 2)}\n`);
  await app.nav('Servers');
  await page.getByLabel('Pending secrets expire after').fill('14');
  await page.getByRole('button', { name: 'Save pending expiry' }).click();
  await expect(page.getByTestId('expiry-days')).toHaveText('after 14 days');
  await app.nav('Rollout');
  await expectCounts(page, { printed: 0, expired: 200 });

  await page.getByRole('button', { name: 'Re-provision 200 expired accounts…' }).click();
  const redo = page.getByRole('dialog', { name: 'Re-provision expired accounts' });
  await expect(redo.getByRole('checkbox', { name: 'Replace existing secrets' })).toBeChecked();
  await redo.getByRole('button', { name: 'Provision 200' }).click();
  await expect(redo.getByTestId('batch-progress')).toHaveText('200 of 200', { timeout: 60_000 });
  await redo.getByRole('button', { name: 'Close' }).click();
  await expectCounts(page, { none: 0, provisioned: 200, printed: 0, expired: 0, verified: 0, applied: 2, confirmed: 298 });
  await expect(page.getByRole('button', { name: 'Print 200 sheets not yet printed…' })).toBeEnabled();

  // The CLI counts the same.
  const status = JSON.parse((await app.cli(['--output=json', 'rollout', 'status'])).stdout) as { data: { counts: Record<string, number> } };
  expect(status.data.counts).toEqual({ none: 0, provisioned: 200, printed: 0, expired: 0, verified: 0, applied: 2, confirmed: 298 });
});
