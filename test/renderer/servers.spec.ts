// The Servers view: server profiles (add with live checks, select, remove; one holding secrets only with its
// vault key), the issuer (twofactorauth_get_issuer / _set_issuer), the policy (status, enable, disable), and the
// app's clipboard delay (getPreferences / setPreferences, used by the next copy).
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { VAULT_SERVICE } from '../../main/store/vault.js';
import { createKeytarStore } from '../../main/store/keychain.js';
import { expect, test } from './fixture.js';

test('server profiles: the default, add with live checks, select, remove', async ({ app }) => {
  const { page } = app;
  await app.open();
  await app.nav('Servers');
  // With nothing added, the profile named after this computer stands in.
  await expect(page.getByRole('region', { name: 'Active server profile' })).toContainText(os.hostname());

  const hostname = page.getByLabel('Hostname');
  await hostname.fill('bad_host!');
  await expect(hostname).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('“bad_host!” is not a valid hostname.')).toBeVisible();
  const operator = page.getByLabel('Operator');
  await operator.fill('Res1');
  await expect(page.getByText('The username “Res1” is not valid')).toBeVisible();
  await page.getByRole('button', { name: 'Add server profile' }).click();
  await expect(hostname).toBeFocused();

  await hostname.fill('whm.example.com');
  await operator.fill('root');
  await page.getByRole('button', { name: 'Add server profile' }).click();
  await expect(page.getByTestId('profiles-note')).toHaveText('Server profile whm.example.com added and selected.');
  await hostname.fill('reseller.example.net');
  await operator.fill('res1');
  await page.getByRole('button', { name: 'Add server profile' }).click();
  await expect(page.getByTestId('profiles-note')).toHaveText('Server profile reseller.example.net added and selected.');
  const chip = page.getByRole('region', { name: 'Active server profile' });
  await expect(chip).toContainText('reseller.example.net');
  await expect(chip).toContainText('operator res1');
  const profiles = page.getByRole('region', { name: 'Server profiles' });
  // The untouched default profile gave way to the first real one.
  await expect(profiles.locator('tbody tr')).toHaveCount(2);
  await expect(page.getByRole('row', { name: /reseller\.example\.net/ })).toContainText('active');

  // A duplicate is refused with the engine's reason.
  await hostname.fill('whm.example.com');
  await page.getByRole('button', { name: 'Add server profile' }).click();
  // In the page, not the live region that also says it (which a busy machine may have filled by the first look).
  await expect(page.getByRole('main').getByText('A server profile named “whm.example.com” already exists.')).toBeVisible();

  await page.getByRole('button', { name: 'Select whm.example.com' }).click();
  await expect(page.getByTestId('profiles-note')).toHaveText('whm.example.com is now the active server profile.');
  await expect(chip).toContainText('whm.example.com');
  const cli = await app.cli(['--output=json', 'servers', 'list']);
  const listed = JSON.parse(cli.stdout).data.servers as { hostname: string; active: number }[];
  expect(listed.find((s) => s.active === 1)?.hostname).toBe('whm.example.com');

  await page.getByRole('button', { name: 'Remove reseller.example.net' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove server profile?' });
  await expect(dialog).not.toContainText('secret');
  await dialog.getByRole('button', { name: 'Remove profile', exact: true }).click();
  await expect(page.getByTestId('profiles-note')).toHaveText('Server profile reseller.example.net removed.');
  await expect(profiles.locator('tbody tr')).toHaveCount(1);

  await expect(page.getByRole('definition').filter({ hasText: app.home })).toBeVisible();
});

test('a profile holding secrets is removed only when told so, and its vault key leaves the keychain', async ({ app }) => {
  const { page } = app;
  await app.engine.servers.add('doomed.example.com', 'root');
  await app.engine.accounts.add('alice', 'alice.example.com');
  await app.engine.provisioning.provision(['alice']);
  await app.engine.servers.add('keep.example.com', 'root');
  const keychain = createKeytarStore();
  expect(await keychain.getPassword(VAULT_SERVICE, 'doomed.example.com')).not.toBeNull();

  await app.open();
  await app.nav('Servers');
  await page.getByRole('button', { name: 'Remove doomed.example.com' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove server profile?' });
  await expect(dialog).toContainText('It holds 1 secret (1 pending, 0 enabled). They and the profile’s vault key are destroyed.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('row', { name: /doomed/ })).toHaveCount(1);

  await page.getByRole('button', { name: 'Remove doomed.example.com' }).click();
  await dialog.getByRole('button', { name: 'Remove profile and its secrets' }).click();
  await expect(page.getByTestId('profiles-note')).toHaveText('Server profile doomed.example.com removed.');
  await expect(page.getByRole('row', { name: /doomed/ })).toHaveCount(0);
  expect(await keychain.getPassword(VAULT_SERVICE, 'doomed.example.com')).toBeNull();
});

test('a reseller’s profile: the issuer defaults to root’s system-wide issuer recorded for it, as get_issuer answers', async ({ app }) => {
  const { page } = app;
  await app.engine.servers.add('reseller.example.com', 'reseller1');
  expect((await app.cli(['servers', 'set', '--system-wide-issuer=Root Hosting'])).code).toBe(0);
  await app.open();
  await app.nav('Servers');
  const card = page.getByRole('region', { name: 'Issuer' });
  await expect(page.getByTestId('current-issuer')).toHaveText('Root Hosting');
  await expect(card).toContainText('It defaults to root’s system-wide issuer, “Root Hosting”.');
  await page.getByLabel('New issuer').fill('Reseller Co');
  await page.getByRole('button', { name: 'Set issuer' }).click();
  await expect(page.getByTestId('current-issuer')).toHaveText('Reseller Co');
  const got = await app.cli(['--output=json', 'twofactorauth_get_issuer']);
  expect(JSON.parse(got.stdout).data).toEqual({ issuer: 'Reseller Co', system_wide_issuer: 'Root Hosting' });
  await page.getByRole('button', { name: 'Restore default' }).click();
  await expect(page.getByTestId('issuer-note')).toHaveText('The issuer is back to the default: Root Hosting.');
});

test('issuer get and set, with WHM’s rule checked live; policy status, enable and disable', async ({ app }) => {
  const { page } = app;
  await app.engine.servers.add('whm.example.com', 'root');
  await app.open();
  await app.nav('Servers');

  const current = page.getByTestId('current-issuer');
  await expect(current).toHaveText('whm.example.com');
  const input = page.getByLabel('New issuer');
  await input.fill('Bad/Issuer');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Set issuer' })).toBeDisabled();
  await input.fill('Example Hosting');
  await page.getByRole('button', { name: 'Set issuer' }).click();
  await expect(current).toHaveText('Example Hosting');
  await expect(page.getByTestId('issuer-note')).toHaveText('The issuer is now “Example Hosting”.');
  const got = await app.cli(['--output=json', 'twofactorauth_get_issuer']);
  expect(JSON.parse(got.stdout).data).toEqual({ issuer: 'Example Hosting', system_wide_issuer: 'Example Hosting' });
  expect(app.calls.filter((c) => c.method === 'whmCall').map((c) => (c.payload as { fn: string }).fn)).toContain('twofactorauth_set_issuer');

  await page.getByRole('button', { name: 'Restore default' }).click();
  await expect(current).toHaveText('whm.example.com');
  await expect(page.getByTestId('issuer-note')).toHaveText('The issuer is back to the default: whm.example.com.');

  const status = page.getByTestId('policy-status');
  await expect(status).toHaveText('disabled');
  await expect(page.getByRole('button', { name: 'Disable policy' })).toBeDisabled();
  await page.getByRole('button', { name: 'Enable policy' }).click();
  await expect(status).toHaveText('enabled');
  await expect(page.getByTestId('policy-note')).toHaveText('The 2FA security policy is enabled.');
  await expect(page.getByRole('region', { name: 'Active server profile' })).toContainText('policy enabled');
  let cli = await app.cli(['--output=json', 'twofactorauth_policy_status']);
  expect(JSON.parse(cli.stdout).data).toEqual({ is_enabled: 1 });

  await page.getByRole('button', { name: 'Disable policy' }).click();
  await expect(status).toHaveText('disabled');
  await expect(page.getByTestId('policy-note')).toHaveText('The 2FA security policy is disabled. Stored secrets are kept.');
  cli = await app.cli(['--output=json', 'twofactorauth_policy_status']);
  expect(JSON.parse(cli.stdout).data).toEqual({ is_enabled: 0 });
});

test('the clipboard delay: checked live, saved to preferences.json, used by the next copy, kept after a reload', async ({ app }) => {
  const { page } = app;
  await app.engine.servers.add('whm.example.com', 'root');
  await app.engine.accounts.add('alice', 'alice.example.com');
  await app.open();
  await app.nav('Servers');

  const now = page.getByTestId('clipboard-seconds');
  const delay = page.getByLabel('Clear the clipboard after');
  const save = page.getByRole('button', { name: 'Save clipboard delay' });
  const check = page.locator('#clipboard-seconds-check');
  await expect(now).toHaveText('10');
  await expect(delay).toHaveValue('10');
  await expect(delay).toHaveAccessibleDescription(/^seconds From 5 to 300 seconds; 10 unless you change it\./);

  // The rule of main/common/preferences-rules.ts, as the operator types.
  for (const [typed, problem] of [
    ['4', 'At least 5 seconds: any less leaves no time to paste.'],
    ['301', 'At most 300 seconds (5 minutes): a secret should not linger in the clipboard.'],
    ['7.5', 'Use a whole number of seconds, from 5 to 300.'],
    ['', 'Type a whole number of seconds, from 5 to 300.'],
  ] as const) {
    await delay.fill(typed);
    await expect(check).toHaveText(problem);
    await expect(delay).toHaveAttribute('aria-invalid', 'true');
    await expect(save).toBeDisabled();
  }
  expect(app.calls.filter((c) => c.method === 'setPreferences')).toEqual([]);

  await delay.fill('5');
  await expect(delay).not.toHaveAttribute('aria-invalid', 'true');
  await save.click();
  const saved = 'Saved: the clipboard now clears 5 s after a copy.';
  await expect(page.getByTestId('clipboard-note')).toHaveText(saved);
  await expect(page.getByTestId('live-polite')).toHaveText(saved);
  await expect(now).toHaveText('5');
  const file = path.join(app.home, 'preferences.json');
  expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ clipboardClearSeconds: 5 });
  expect((await stat(file)).mode & 0o777).toBe(0o600);

  // The next copy uses it, no restart: the announcement says 5 s, and the main process clears the clipboard then.
  await app.nav('Provision');
  await page.getByLabel('Account', { exact: true }).fill('alice');
  await page.getByRole('option', { name: /^alice/ }).click();
  await page.getByRole('button', { name: 'Generate secret' }).click();
  await expect(page.getByTestId('qr-code').locator('svg')).toBeVisible();
  const secret = app.lastValue<{ data: { provisioned: { secret: string }[] } }>('provision').data.provisioned[0]!.secret;
  const copiedAt = Date.now();
  await page.getByRole('button', { name: 'Copy secret' }).click();
  await expect(page.getByTestId('live-polite')).toHaveText('Copied; the clipboard clears in 5 s.');
  expect(app.shell.clipboard).toBe(secret);
  // The clearing timer runs in the (Node) main process, which page.clock does not reach: this waits the 5 s.
  await expect.poll(() => app.shell.clipboard, { timeout: 10_000, intervals: [100] }).toBe('');
  // Not before the delay (a lower bound only, which a slow machine cannot break).
  expect(Date.now() - copiedAt).toBeGreaterThanOrEqual(4_900);

  // After a reload (a restart reads the same file), the view shows the saved delay.
  await app.open();
  await app.nav('Servers');
  await expect(now).toHaveText('5');
  await expect(page.getByLabel('Clear the clipboard after')).toHaveValue('5');
});
