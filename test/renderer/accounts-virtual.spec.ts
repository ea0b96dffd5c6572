// The Accounts table at 10,000 accounts: virtualised (only the rows in view are in the page), its size and each
// row's place told to screen readers (aria-rowcount, aria-rowindex), the keyboard moving between rows and scrolling
// them into view, and a search narrowing 10,000 rows to the one typed.
import type { Page } from '@playwright/test';
import { expect, test } from './fixture.js';

const N = 10_000;
const name = (i: number) => `u${String(i).padStart(5, '0')}`;

function region(page: Page) {
  return page.getByRole('region', { name: 'Accounts' });
}

test('10,000 accounts: few rows in the page, the whole count for screen readers, arrows, Page Down and End move focus', async ({ app }) => {
  const { page } = app;
  await app.engine.servers.add('many.example.com', 'root');
  const csv = Array.from({ length: N }, (_, i) => `${name(i)},${name(i)}.example.com`).join('\n');
  expect((await app.engine.accounts.import(csv)).metadata.result).toBe('1');
  await app.open();
  await app.nav('Accounts');

  const table = region(page).getByRole('table');
  await expect(table).toHaveAttribute('aria-rowcount', String(N + 2)); // the header, root and the 10,000
  const rendered = await region(page).locator('tbody tr[aria-rowindex]').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(100);
  await expect(page.getByRole('row', { name: /root/ })).toHaveAttribute('aria-rowindex', '2');

  // Down from root's checkbox to the first account's, then a page further, then to the very last row.
  await page.getByRole('checkbox', { name: 'Select root' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('checkbox', { name: `Select ${name(0)}` })).toBeFocused();
  await page.keyboard.press('PageDown');
  await expect(page.getByRole('checkbox', { name: `Select ${name(10)}` })).toBeFocused();
  await page.keyboard.press('End');
  const last = page.getByRole('checkbox', { name: `Select ${name(N - 1)}` });
  await expect(last).toBeFocused();
  await expect(last).toBeInViewport();
  await expect(page.getByRole('row', { name: new RegExp(name(N - 1)) })).toHaveAttribute('aria-rowindex', String(N + 2));
  // Space still ticks the focused box; ArrowUp keeps the column (the provision button stays a button).
  await page.keyboard.press('Space');
  await expect(last).toBeChecked();
  await expect(page.getByText('1 selected', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: `Provision ${name(N - 1)}` }).focus();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('button', { name: `Provision ${name(N - 2)}` })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.getByRole('button', { name: /^Provision root/ })).toBeFocused();

  // A search narrows the 10,000 to the one typed.
  await page.getByLabel('Search').fill(name(4242));
  await expect(table).toHaveAttribute('aria-rowcount', '2');
  await expect(region(page).locator('tbody tr[aria-rowindex]')).toHaveCount(1);
  await expect(page.getByRole('row', { name: new RegExp(name(4242)) })).toBeVisible();
});

test('Provision picks its account through a combobox: typed to filter, arrows and Enter to choose, Escape to close', async ({ app }) => {
  const { page } = app;
  await app.engine.servers.add('many.example.com', 'root');
  const csv = Array.from({ length: 2_000 }, (_, i) => `${name(i)},${name(i)}.example.com`).join('\n');
  expect((await app.engine.accounts.import(csv)).metadata.result).toBe('1');
  await app.open();
  await app.nav('Provision');

  const field = page.getByRole('combobox', { name: 'Account', exact: true });
  await expect(field).toHaveValue(name(0)); // the first account that is not the operator
  await expect(field).toHaveAttribute('aria-expanded', 'false');
  await field.focus();
  await page.keyboard.press('ArrowDown');
  await expect(field).toHaveAttribute('aria-expanded', 'true');
  const list = page.getByRole('listbox', { name: 'Accounts' });
  // The first matches, and how many more there are: 2,001 accounts are never all in the page.
  await expect(list.getByRole('option')).toHaveCount(50);
  await expect(list).toContainText('1,951 more: type to narrow the list.');
  await expect(list.getByRole('option', { name: /^root \(operator\)/ })).toHaveAttribute('aria-selected', 'false');
  await expect(list.getByRole('option', { name: new RegExp(`^${name(0)}`) })).toHaveAttribute('aria-selected', 'true');

  await field.fill(name(123));
  await expect(list.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  const active = await field.getAttribute('aria-activedescendant');
  await expect(page.locator(`#${active}`)).toContainText(name(123));
  await page.keyboard.press('Enter');
  await expect(field).toHaveValue(name(123));
  await expect(field).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator('#account-state')).toContainText(`none ${name(123)}.example.com`);

  // Escape closes the list and puts the chosen name back; nothing else changes.
  await field.fill('u01');
  await expect(list.getByRole('option')).toHaveCount(50);
  await page.keyboard.press('Escape');
  await expect(field).toHaveAttribute('aria-expanded', 'false');
  await expect(field).toHaveValue(name(123));
  await field.fill('nobody-here');
  await expect(list).toContainText('No account matches “nobody-here”.');
  await page.keyboard.press('Escape');

  // A click picks too, and Generate secret then works on that account.
  await field.fill('u01999');
  await list.getByRole('option', { name: new RegExp(`^${name(1999)}`) }).click();
  await expect(field).toHaveValue(name(1999));
  await page.getByRole('button', { name: 'Generate secret' }).click();
  await expect(page.getByTestId('qr-code').locator('svg')).toBeVisible();
  await expect(page.locator('#account-state')).toContainText('pending');
});
