// Names are data in the desktop app too: `constructor` and `hasOwnProperty` are accounts like any other, from the
// form and from an imported file, through provisioning, 2FA removal and forgetting; `__proto__` is refused with
// the same reason as everywhere else, and nothing it touches breaks a later call.
import { writeFile } from 'node:fs/promises';
import { expect, test } from './fixture.js';

test('constructor and hasOwnProperty work end to end in the UI; __proto__ is refused', async ({ app }, testInfo) => {
  const { page } = app;
  await app.engine.servers.add('names.example.com', 'root');
  await app.open();
  await app.nav('Accounts');

  const form = page.getByRole('form', { name: 'Add an account' });
  await form.getByLabel('Username').fill('__proto__');
  await expect(form.getByText('The username “__proto__” is reserved: TFA Provisioner cannot hold an account of that name.')).toBeVisible();
  await form.getByLabel('Username').fill('constructor');
  await form.getByLabel('Primary domain').fill('c.example.com');
  await form.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('row', { name: /constructor/ })).toContainText('none');
  // Adding filters the table to the new account; show them all again.
  await page.getByRole('searchbox', { name: 'Search' }).fill('');

  const csv = testInfo.outputPath('hostile.csv');
  await writeFile(csv, 'user,domain\n__proto__,evil.example\nhasOwnProperty,h.example.com\n');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import accounts…' }).click();
  await (await chooser).setFiles(csv);
  const result = page.getByTestId('accounts-result');
  await expect(result).toContainText('1 added');
  await expect(result).toContainText('Row 2: The username “__proto__” is reserved');
  await expect(page.getByRole('row', { name: /hasownproperty/ })).toContainText('none');

  // 2FA removed and an account forgotten from the UI: the names travel through the IPC calls as data.
  await page.getByRole('checkbox', { name: 'Select constructor' }).check();
  await page.getByRole('button', { name: 'Remove 2FA' }).click();
  await page.getByRole('dialog', { name: 'Remove 2FA?' }).getByRole('button', { name: 'Remove 2FA' }).click();
  await expect(result).toHaveText('2FA removed from 1 account: constructor.');
  await expect(page.getByRole('row', { name: /constructor/ })).toContainText('none');

  await page.getByRole('checkbox', { name: 'Select hasownproperty' }).check();
  await page.getByRole('button', { name: 'Forget accounts' }).click();
  await page.getByRole('dialog', { name: 'Forget accounts?' }).getByRole('button', { name: 'Forget accounts' }).click();
  await expect(result).toHaveText('Forgot 1 account: hasownproperty.');
  await expect(page.getByRole('row', { name: /hasownproperty/ })).toHaveCount(0);
  await expect(page.getByRole('row', { name: /constructor/ })).toHaveCount(1);
});
