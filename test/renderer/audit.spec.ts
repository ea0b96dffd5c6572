// The Audit view: the trail newest first, filtered by text, function and result, exported as CSV through the
// main process (no confirmation: the trail holds no secret, and the file shows none).
import { readFile, stat } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { expect, test } from './fixture.js';
import { seedDemo } from './seed.js';

interface TrailEntry {
  time: string;
  profile: string;
  function: string;
  user: string | null;
  result: 0 | 1;
  reason: string;
}

test('filter the trail and export what is shown as CSV', async ({ app }) => {
  const { page } = app;
  await seedDemo(app.engine);
  const secrets = (await app.engine.provisioning.provision(['frank'], { withSecrets: true })).data as { provisioned: { secret: string }[] };
  const trail = ((await app.engine.auditTrail()).data as { entries: TrailEntry[] }).entries;
  await app.open();
  await app.nav('Audit');

  const rows = page.getByRole('region', { name: 'Audit trail' }).locator('tbody tr');
  await expect(page.getByTestId('audit-count')).toHaveText(`Showing ${trail.length} of ${trail.length} entries`);
  await expect(rows).toHaveCount(trail.length);
  // Newest first.
  await expect(rows.first()).toContainText('provision');
  await expect(rows.first()).toContainText('frank');

  await page.getByRole('searchbox', { name: 'Filter' }).fill('alice');
  const forAlice = trail.filter((e) => [e.profile, e.function, e.user ?? '', e.reason].some((v) => v.toLowerCase().includes('alice')));
  await expect(page.getByTestId('audit-count')).toHaveText(`Showing ${forAlice.length} of ${trail.length} entries`);

  await page.getByRole('searchbox', { name: 'Filter' }).fill('');
  await page.getByLabel('Function').selectOption('twofactorauth_set_tfa_config');
  await page.getByLabel('Result').selectOption('failed');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('The security code is invalid.');
  await expect(rows.first()).toContainText('alice');

  await page.getByLabel('Result').selectOption('all');
  const setConfigs = trail.filter((e) => e.function === 'twofactorauth_set_tfa_config');
  await expect(rows).toHaveCount(setConfigs.length);
  await page.getByRole('button', { name: 'Export CSV…' }).click();
  await expect(page.getByTestId('audit-note')).toContainText(`Exported ${setConfigs.length} entries to`);
  expect(app.shell.confirmations).toEqual([]);
  const saved = app.shell.savedPaths.at(-1)!;
  expect(saved).toMatch(/tfa-audit-.*\.csv$/);
  expect((await stat(saved)).mode & 0o777).toBe(0o644);
  const csv = await readFile(saved, 'utf8');
  const records = parse(csv, { columns: true }) as Record<string, string>[];
  expect(records).toEqual(
    [...setConfigs].reverse().map((e) => ({ time: e.time, profile: e.profile, function: e.function, user: e.user ?? '', result: String(e.result), reason: e.reason })),
  );
  // The trail never holds a secret, so neither does its export.
  for (const { secret } of secrets.provisioned) expect(csv).not.toContain(secret);
  expect(csv).not.toContain('WJ73QJSKZBXCFIPZ');

  // What the UI does lands in the trail: Refresh shows it.
  await app.nav('Servers');
  await page.getByRole('button', { name: 'Disable policy' }).click();
  await expect(page.getByTestId('policy-status')).toHaveText('disabled');
  await app.nav('Audit');
  await page.getByLabel('Function').selectOption('twofactorauth_disable_policy');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('OK');
});
