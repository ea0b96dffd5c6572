// The Accounts view: import (a listaccts dump and a CSV, through the file chooser), search, filter, sort,
// remove 2FA with twofactorauth_remove_user_config (user-1, user-2…), forget, and add with live validation.
import { truncate, writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { ROLLOUT_STAGE_LABELS, ROLLOUT_STAGES, type RolloutStage } from '../../main/common/rollout-stages.js';
import { expect, test } from './fixture.js';
import { seedDemo } from './seed.js';

async function importThroughChooser(page: Page, file: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import accounts…' }).click();
  await (await chooser).setFiles(file);
}

function bodyRows(page: Page) {
  return page.getByRole('region', { name: 'Accounts' }).locator('tbody tr');
}

test('imports a listaccts JSON dump and a CSV, reporting what was added, updated and skipped', async ({ app }, testInfo) => {
  const { page } = app;
  await app.engine.servers.add('import.example.com', 'root');
  await app.open();
  await app.nav('Accounts');
  await expect(bodyRows(page)).toHaveCount(1); // the operator, root
  await expect(page.getByRole('row', { name: /root/ })).toContainText('operator');

  const dump = testInfo.outputPath('listaccts.json');
  await writeFile(
    dump,
    JSON.stringify({
      data: {
        acct: [
          { user: 'alice', domain: 'alice.example.com', email: 'a@example.com', suspended: 0 },
          { user: 'bob', domain: 'bob.example.org' },
          { user: '1bad', domain: 'bad.example.com' },
        ],
      },
      metadata: { command: 'listaccts', reason: 'OK', result: '1', version: 1 },
    }),
  );
  await importThroughChooser(page, dump);
  const result = page.getByTestId('accounts-result');
  await expect(result).toContainText('Imported listaccts.json (a listaccts dump (JSON)): 2 added, 0 updated, 0 unchanged; 1 row skipped.');
  await expect(result).toContainText('Row 3: The username “1bad” is not valid');
  await expect(page.getByTestId('live-polite')).toContainText('2 added, 0 updated, 0 unchanged');
  await expect(bodyRows(page)).toHaveCount(3);
  await expect(page.getByRole('row', { name: /alice/ })).toContainText('alice.example.com');

  const csv = testInfo.outputPath('accounts.csv');
  await writeFile(csv, 'user,domain\ncarol,carol.example.net\nbob,bob-new.example.org\n');
  await importThroughChooser(page, csv);
  await expect(result).toContainText('Imported accounts.csv (a CSV file): 1 added, 1 updated, 0 unchanged.');
  await expect(bodyRows(page)).toHaveCount(4);
  await expect(page.getByRole('row', { name: /bob/ })).toContainText('bob-new.example.org');
  for (const row of await bodyRows(page).all()) await expect(row).toContainText('none');

  // Not a list at all: the engine's reason, shown as it is.
  const junk = testInfo.outputPath('junk.json');
  await writeFile(junk, '{"data":{"nothing":1}}');
  await importThroughChooser(page, junk);
  await expect(result).toContainText('junk.json could not be imported. The account list could not be read: This is not a listaccts dump');

  // A runaway file is refused before it is read, in the CLI's words, and nothing changes.
  const huge = testInfo.outputPath('huge.csv');
  await writeFile(huge, '');
  await truncate(huge, 33 * 1024 * 1024);
  await importThroughChooser(page, huge);
  await expect(result).toContainText(
    "huge.csv could not be imported. It is larger than 32 MiB, the most an imported account list or a server's answer may be.",
  );
  await expect(bodyRows(page)).toHaveCount(4);
});

test('search, state filter and sortable columns with aria-sort', async ({ app }) => {
  const { page } = app;
  await seedDemo(app.engine);
  await app.open();
  await app.nav('Accounts');
  await expect(bodyRows(page)).toHaveCount(9);
  await expect(page.getByText('9 accounts on whm.example.com: 3 enabled, 1 pending, 5 without 2FA.')).toBeVisible();

  await page.getByRole('searchbox', { name: 'Search' }).fill('bak');
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(bodyRows(page)).toContainText('alice');
  await page.getByRole('searchbox', { name: 'Search' }).fill('zzz');
  await expect(bodyRows(page)).toContainText('No account matches this search.');
  await page.getByRole('searchbox', { name: 'Search' }).fill('');

  await page.getByLabel('State').selectOption('enabled');
  await expect(bodyRows(page)).toHaveCount(3);
  await page.getByLabel('State').selectOption('all');

  const username = page.getByRole('columnheader', { name: /Username/ });
  const state = page.getByRole('columnheader', { name: /State/ });
  await expect(username).toHaveAttribute('aria-sort', 'ascending');
  await expect(state).not.toHaveAttribute('aria-sort', /./);
  await state.getByRole('button').click();
  await expect(state).toHaveAttribute('aria-sort', 'ascending');
  await expect(username).not.toHaveAttribute('aria-sort', /./);
  await expect(bodyRows(page).first()).toContainText('none');
  await expect(page.getByTestId('live-polite')).toHaveText('Sorted by state, ascending.');
  await state.getByRole('button').click();
  await expect(state).toHaveAttribute('aria-sort', 'descending');
  await expect(bodyRows(page).first()).toContainText('enabled');
  await username.getByRole('button').click();
  await expect(bodyRows(page).first()).toContainText('alice');
  await username.getByRole('button').click();
  await expect(username).toHaveAttribute('aria-sort', 'descending');
  await expect(bodyRows(page).first()).toContainText('root');
});

test('each account’s rollout stage, in the dashboard’s words and as rollout status derives it; filtered and sorted by stage', async ({ app }) => {
  const { page } = app;
  await seedDemo(app.engine);
  // heidi gets a secret whose sheet is not printed yet, so every stage but expired has an account.
  expect((await app.engine.provisioning.provision(['heidi'])).metadata.result).toBe('1');
  await app.open();
  await app.nav('Accounts');
  await expect(bodyRows(page)).toHaveCount(9);

  // Row by row, the stage rollout status (the CLI, on the same state) gives each account, in the dashboard's words.
  const cli = await app.cli(['--output=json', 'rollout', 'status', '--stage=all']);
  expect(cli.code, cli.stderr).toBe(0);
  const rows = JSON.parse(cli.stdout).data.rows as { user: string; stage: RolloutStage }[];
  expect(Object.fromEntries(rows.map((r) => [r.user, r.stage]))).toEqual({
    alice: 'none',
    bob: 'confirmed',
    carol: 'none',
    dave: 'applied',
    erin: 'printed',
    frank: 'none',
    grace: 'verified',
    heidi: 'provisioned',
  });
  // The cell under the “Rollout stage” header, for the row whose header cell (the username) is `user`.
  const headers = await page.getByRole('region', { name: 'Accounts' }).locator('thead th').allTextContents();
  const at = headers.findIndex((text) => text.includes('Rollout stage'));
  expect(at).toBeGreaterThan(0);
  const stageCell = (user: RegExp) => bodyRows(page).filter({ has: page.locator('th', { hasText: user }) }).locator(':scope > *').nth(at);
  for (const { user, stage } of rows) await expect(stageCell(new RegExp(`^${user}$`))).toHaveText(ROLLOUT_STAGE_LABELS[stage]);
  // The operator has a stage of its own (root: no secret).
  await expect(stageCell(/^root/)).toHaveText('No secret');

  // The filter offers the dashboard's stages, in its words; one stage, then one with the search too.
  const filter = page.getByLabel('Rollout stage');
  await expect(filter.locator('option')).toHaveText(['All stages', ...ROLLOUT_STAGES.map((s) => ROLLOUT_STAGE_LABELS[s])]);
  await filter.selectOption({ label: 'Sheet handed over' });
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(bodyRows(page)).toContainText('erin');
  await filter.selectOption('none');
  await expect(bodyRows(page)).toHaveCount(4);
  await page.getByRole('searchbox', { name: 'Search' }).fill('a');
  await expect(bodyRows(page).locator('th')).toHaveText(['alice', 'carol', 'frank', /^root/]);
  await page.getByRole('searchbox', { name: 'Search' }).fill('');
  await filter.selectOption('expired');
  await expect(bodyRows(page)).toContainText('No account matches this search.');
  await filter.selectOption('all');
  await expect(bodyRows(page)).toHaveCount(9);

  // Sorted by stage, in rollout order, with aria-sort and the announcement.
  const stageHeader = page.getByRole('columnheader', { name: /Rollout stage/ });
  await stageHeader.getByRole('button').click();
  await expect(stageHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByTestId('live-polite')).toHaveText('Sorted by rollout stage, ascending.');
  await expect(bodyRows(page).locator('th')).toHaveText(['alice', 'carol', 'frank', /^root/, 'heidi', 'erin', 'grace', 'dave', 'bob']);
});

test('remove 2FA sends twofactorauth_remove_user_config with user-1, user-2…, after a confirmation', async ({ app }) => {
  const { page } = app;
  await seedDemo(app.engine);
  await app.open();
  await app.nav('Accounts');

  // Cancelling changes nothing and calls nothing.
  await page.getByRole('checkbox', { name: 'Select grace' }).check();
  await page.getByRole('button', { name: 'Remove 2FA' }).click();
  await page.getByRole('dialog', { name: 'Remove 2FA?' }).getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(app.calls.filter((c) => c.method === 'whmCall')).toEqual([]);
  await page.getByRole('button', { name: 'Clear selection' }).click();

  await page.getByRole('checkbox', { name: 'Select bob' }).check();
  await page.getByRole('checkbox', { name: 'Select dave' }).check();
  await expect(page.getByText('2 selected')).toBeVisible();
  await page.getByRole('button', { name: 'Remove 2FA' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove 2FA?' });
  await expect(dialog).toContainText('bob, dave');
  await dialog.getByRole('button', { name: 'Remove 2FA' }).click();
  await expect(page.getByTestId('accounts-result')).toHaveText('2FA removed from 2 accounts: bob, dave.');
  expect(app.calls.find((c) => c.method === 'whmCall')?.payload).toEqual({
    fn: 'twofactorauth_remove_user_config',
    params: [
      ['user-1', 'bob'],
      ['user-2', 'dave'],
    ],
  });
  await expect(page.getByRole('row', { name: /bob/ })).toContainText('none');
  await expect(page.getByRole('row', { name: /dave/ })).toContainText('none');
  await expect(page.getByRole('row', { name: /grace/ })).toContainText('enabled');
  await expect(page.getByText('0 selected')).toBeVisible();

  const cli = await app.cli(['--output=json', 'twofactorauth_get_user_configs', 'user=bob']);
  expect(JSON.parse(cli.stdout).data.bob.is_enabled).toBe(0);
});

test('forget accounts, and add one with the username checked live', async ({ app }) => {
  const { page } = app;
  await seedDemo(app.engine);
  await app.open();
  await app.nav('Accounts');

  await page.getByRole('checkbox', { name: 'Select heidi' }).check();
  await page.getByRole('checkbox', { name: 'Select root' }).check();
  await page.getByRole('button', { name: 'Forget accounts' }).click();
  const dialog = page.getByRole('dialog', { name: 'Forget accounts?' });
  // The operator is never forgotten.
  await expect(dialog).toContainText('This removes heidi from this server profile');
  await dialog.getByRole('button', { name: 'Forget accounts' }).click();
  await expect(page.getByTestId('accounts-result')).toHaveText('Forgot 1 account: heidi.');
  await expect(page.getByRole('row', { name: /heidi/ })).toHaveCount(0);
  await expect(page.getByRole('row', { name: /root/ })).toHaveCount(1);

  const form = page.getByRole('form', { name: 'Add an account' });
  const user = form.getByLabel('Username');
  await user.fill('root');
  await expect(form.getByText('The username “root” is reserved by the system.')).toBeVisible();
  await user.fill('a-very-long-username-indeed');
  await expect(form.getByText('is longer than 16 characters')).toBeVisible();
  await user.fill('ivan');
  await form.getByLabel('Primary domain').fill('not a domain');
  await expect(form.getByText('“not a domain” is not a valid domain name.')).toBeVisible();
  await form.getByRole('button', { name: 'Add account' }).click();
  await expect(form.getByLabel('Primary domain')).toBeFocused();
  await expect(page.getByTestId('live-assertive')).toHaveText('“not a domain” is not a valid domain name.');
  await form.getByLabel('Primary domain').fill('ivan.example.com');
  await form.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('row', { name: /ivan/ })).toContainText('none');

  // Provision from a row: the Provision view opens with that account chosen.
  await page.getByRole('button', { name: 'Provision ivan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Provision' })).toBeFocused();
  await expect(page.getByLabel('Account', { exact: true })).toHaveValue('ivan');
});
