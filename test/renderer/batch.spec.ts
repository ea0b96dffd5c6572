// Batch provisioning through the UI: a 1,000-account CSV imported through the file chooser, every account selected,
// provisioned with a progress bar, then run again (everything skipped); and a batch cancelled midway, which leaves
// whole chunks pending and the rest untouched, and resumes when run again.
import { writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test, type TestApp } from './fixture.js';

const HOST = 'batch.example.com';

function csvOf(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => `u${String(i + 1).padStart(4, '0')},u${i + 1}.example.com`);
  return ['user,domain', ...rows].join('\n');
}

async function importAndSelectAll(app: TestApp, file: string, n: number): Promise<void> {
  const { page } = app;
  await app.open();
  await app.nav('Accounts');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import accounts…' }).click();
  await (await chooser).setFiles(file);
  await expect(page.getByTestId('accounts-result')).toContainText(`${n} added, 0 updated, 0 unchanged.`);
  // More rows than the table shows: select every matching one, then leave the operator out.
  await page.getByRole('button', { name: `Select all ${(n + 1).toLocaleString('en-US')} matching` }).click();
  await page.getByRole('checkbox', { name: 'Select root' }).uncheck();
  await expect(page.getByText(`${n.toLocaleString('en-US')} selected`, { exact: true })).toBeVisible();
}

async function statesFromCli(app: TestApp): Promise<Record<string, number>> {
  const listed = await app.cli(['--output=json', 'accounts', 'list']);
  expect(listed.code).toBe(0);
  const { accounts } = JSON.parse(listed.stdout).data as { accounts: { user: string; state: string }[] };
  const counts: Record<string, number> = { none: 0, pending: 0, enabled: 0 };
  for (const { state } of accounts) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
}

function batchDialog(page: Page) {
  return page.getByRole('dialog', { name: 'Provision selected accounts' });
}

test('1,000 accounts imported, selected and provisioned with a progress bar; a rerun skips them all', async ({ app }, testInfo) => {
  test.setTimeout(120_000);
  const { page } = app;
  await app.engine.servers.add(HOST, 'root');
  const file = testInfo.outputPath('accounts-1000.csv');
  await writeFile(file, csvOf(1000));
  await importAndSelectAll(app, file, 1000);

  await page.getByRole('button', { name: 'Provision selected…' }).click();
  const dialog = batchDialog(page);
  await expect(dialog).toContainText('Give 1,000 accounts a pending secret');
  const replace = dialog.getByRole('checkbox', { name: 'Replace existing secrets' });
  await expect(replace).not.toBeChecked();
  await expect(dialog).toContainText('accounts that are already pending or enabled are skipped');
  await dialog.getByRole('button', { name: 'Provision 1,000' }).click();

  await expect(dialog.getByTestId('batch-progress')).toHaveText('1,000 of 1,000', { timeout: 60_000 });
  const bar = dialog.locator('progress');
  await expect(bar).toHaveAttribute('max', '1000');
  await expect(bar).toHaveAttribute('value', '1000');
  await expect(dialog.getByTestId('batch-provisioned')).toHaveText('1,000');
  await expect(dialog.getByTestId('batch-skipped')).toHaveText('0');
  await expect(dialog.getByTestId('batch-failed')).toHaveText('0');
  await expect(dialog.getByTestId('batch-cancelled')).toHaveText('no');
  await expect(page.getByTestId('live-polite')).toHaveText('Provisioning finished: 1,000 accounts provisioned, 0 skipped, 0 failed.');

  // The payload named exactly the 1,000 accounts, without replace; the progress came pushed, and no event ever
  // carried a secret.
  const start = app.calls.find((c) => c.method === 'startProvisionBatch')?.payload as { users: string[]; replace: boolean };
  expect(start.users).toHaveLength(1000);
  expect(start.users).not.toContain('root');
  expect(start.replace).toBe(false);
  const progress = app.events.filter((e) => e.event === 'provisionProgress');
  expect(progress.length).toBeGreaterThan(1);
  expect(JSON.stringify(progress)).not.toMatch(/secret|otpauth/);

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByText('1001 accounts on batch.example.com: 0 enabled, 1000 pending, 1 without 2FA.')).toBeVisible();
  expect(await statesFromCli(app)).toEqual({ none: 0, pending: 1000, enabled: 0 });

  // Run again: nothing is replaced, everything is skipped.
  await page.getByRole('button', { name: 'Provision selected…' }).click();
  await dialog.getByRole('button', { name: 'Provision 1,000' }).click();
  await expect(dialog.getByTestId('batch-summary')).toBeVisible();
  await expect(dialog.getByTestId('batch-provisioned')).toHaveText('0');
  await expect(dialog.getByTestId('batch-skipped')).toHaveText('1,000');
  // Not “0 of 0”: the dialog says why there was nothing to do, and so does the live region.
  const nothing = 'Nothing to provision: all 1,000 selected accounts are already pending or enabled.';
  await expect(dialog.getByTestId('batch-progress')).toHaveText(nothing);
  await expect(page.getByTestId('live-polite')).toHaveText(nothing);
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await statesFromCli(app)).toEqual({ none: 0, pending: 1000, enabled: 0 });
});

test('cancel mid-batch: whole chunks are pending, the rest untouched, and a rerun resumes', async ({ app }, testInfo) => {
  test.setTimeout(120_000);
  const { page } = app;
  const total = 2000;
  const chunk = 10;
  await app.engine.servers.add(HOST, 'root');
  const file = testInfo.outputPath('accounts-2000.csv');
  await writeFile(file, csvOf(total));
  await importAndSelectAll(app, file, total);

  await page.getByRole('button', { name: 'Provision selected…' }).click();
  const dialog = batchDialog(page);
  await dialog.getByLabel('Accounts per vault write (chunk size)').fill(String(chunk));
  await dialog.getByRole('button', { name: 'Provision 2,000' }).click();
  const progress = dialog.getByTestId('batch-progress');
  await expect(progress).toHaveText(/^[1-9][\d,]* of 2,000$/, { timeout: 30_000 });
  const shown = Number((await progress.textContent())!.split(' of ')[0]!.replace(/,/g, ''));
  expect(shown).toBeLessThan(total);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect((app.calls.find((c) => c.method === 'startProvisionBatch')?.payload as { chunkSize: number }).chunkSize).toBe(chunk);

  await expect(dialog.getByTestId('batch-cancelled')).toHaveText('yes: run it again to resume', { timeout: 30_000 });
  const provisioned = Number((await dialog.getByTestId('batch-provisioned').textContent())!.replace(/,/g, ''));
  expect(provisioned).toBeGreaterThanOrEqual(shown);
  expect(provisioned).toBeLessThan(total);
  expect(provisioned % chunk).toBe(0);
  await expect(page.getByTestId('live-polite')).toContainText('Provisioning cancelled:');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Nothing half-written: pending + none is the whole selection, pending is whole chunks, and the CLI agrees.
  const states = await statesFromCli(app);
  expect(states.pending).toBe(provisioned);
  expect(states.pending! + states.none!).toBe(total);
  expect(states.enabled).toBe(0);

  // Run again: it resumes where it stopped.
  await page.getByRole('button', { name: 'Provision selected…' }).click();
  await dialog.getByLabel('Accounts per vault write (chunk size)').fill('500');
  await dialog.getByRole('button', { name: 'Provision 2,000' }).click();
  await expect(dialog.getByTestId('batch-summary')).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByTestId('batch-provisioned')).toHaveText((total - provisioned).toLocaleString('en-US'));
  await expect(dialog.getByTestId('batch-skipped')).toHaveText(provisioned.toLocaleString('en-US'));
  await expect(dialog.getByTestId('batch-cancelled')).toHaveText('no');
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await statesFromCli(app)).toEqual({ none: 0, pending: total, enabled: 0 });
});
