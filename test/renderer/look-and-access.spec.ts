// Every view in both themes: an axe-core scan (no serious or critical violation), a screenshot (<view>-<theme>.png
// at 1100×760: into test-results/screenshots, or the README's assets/screenshots with `npm run screenshots`),
// keyboard reachability, and layouts that hold at 900×600 and at 200% zoom (550×380 CSS pixels at device scale 2).
import AxeBuilder from '@axe-core/playwright';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { expect, screenshotPath, SCREENSHOT_DIR, test, VIEWS, type TestApp, type ViewName } from './fixture.js';
import { seedDemo } from './seed.js';

const FILE_NAMES: Record<ViewName, string> = {
  Provision: 'provision',
  Accounts: 'accounts',
  Rollout: 'rollout',
  'Exports & backup': 'exports',
  'API shell': 'api-shell',
  Servers: 'servers',
  Audit: 'audit',
};

/** Puts each view in a state worth looking at. */
async function prepare(app: TestApp, view: ViewName): Promise<void> {
  const { page } = app;
  await app.nav(view);
  if (view === 'Provision') {
    await page.getByLabel('Account', { exact: true }).fill('frank');
    await page.getByRole('option', { name: /^frank/ }).click();
    await page.getByRole('button', { name: 'Generate secret' }).click();
    await expect(page.getByTestId('qr-code').locator('svg')).toBeVisible();
    await page.getByRole('heading', { level: 1 }).focus();
  } else if (view === 'API shell') {
    await page.getByLabel('Function').selectOption('twofactorauth_get_user_configs');
    await page.getByLabel('user (optional)').fill('bob');
    await page.getByRole('button', { name: 'Run' }).click();
    await expect(page.getByTestId('answer-result')).toHaveText('result 1 · OK');
  } else if (view === 'Servers') {
    await expect(page.getByTestId('policy-status')).toHaveText('enabled');
  } else if (view === 'Audit') {
    await expect(page.getByTestId('audit-count')).toContainText('Showing');
  } else if (view === 'Accounts') {
    await page.getByRole('checkbox', { name: 'Select erin' }).check();
  } else if (view === 'Rollout') {
    await expect(page.getByTestId('rollout-summary')).toHaveText('1 of 8 accounts confirmed by the server (12.5 %).');
  } else if (view === 'Exports & backup') {
    await expect(page.getByRole('radio', { name: /The accounts selected in Accounts/ })).toBeChecked();
  }
}

/** At the window's default size (1100×760) a row's own action is in view, not behind a sideways scroll. */
async function expectRowActionInView(page: Page): Promise<void> {
  const region = await page.getByRole('region', { name: 'Accounts' }).boundingBox();
  const action = await page.getByRole('button', { name: 'Re-provision bob' }).boundingBox();
  expect(action!.x + action!.width, 'the Re-provision button ends inside the table').toBeLessThanOrEqual(region!.x + region!.width);
}

async function axeScan(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = blocking.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(report, `axe: ${what}`).toEqual([]);
}

for (const theme of ['light', 'dark'] as const) {
  test(`every view in the ${theme} theme: axe finds nothing serious, and the screenshots are taken`, async ({ app }) => {
    const { page } = app;
    await seedDemo(app.engine);
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await app.open();
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    const background = await page.locator('body').evaluate((body) => body.ownerDocument.defaultView.getComputedStyle(body).backgroundColor);
    expect(background).toBe(theme === 'light' ? 'rgb(243, 245, 248)' : 'rgb(15, 19, 24)');

    for (const view of VIEWS) {
      await prepare(app, view);
      await axeScan(page, `${view}, ${theme}`);
      if (view === 'Accounts') await expectRowActionInView(page);
      await page.screenshot({ path: screenshotPath(FILE_NAMES[view], theme), animations: 'disabled', caret: 'hide' });
    }

    // A dialog open: still nothing serious.
    await app.nav('Accounts');
    await page.getByRole('checkbox', { name: 'Select bob' }).check();
    await page.getByRole('button', { name: 'Remove 2FA' }).click();
    await expect(page.getByRole('dialog', { name: 'Remove 2FA?' })).toBeVisible();
    await axeScan(page, `Remove 2FA dialog, ${theme}`);
    await page.screenshot({ path: screenshotPath('remove-dialog', theme), animations: 'disabled', caret: 'hide' });
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);

    // The batch provisioning dialog, asking and then finished.
    await page.getByRole('button', { name: 'Provision selected…' }).click();
    const batch = page.getByRole('dialog', { name: 'Provision selected accounts' });
    await expect(batch.getByRole('checkbox', { name: 'Replace existing secrets' })).not.toBeChecked();
    await axeScan(page, `batch dialog, ${theme}`);
    await page.screenshot({ path: screenshotPath('batch-dialog', theme), animations: 'disabled', caret: 'hide' });
    await batch.getByRole('button', { name: /^Provision \d/ }).click();
    await expect(batch.getByTestId('batch-summary')).toBeVisible();
    await axeScan(page, `batch dialog finished, ${theme}`);
    await page.screenshot({ path: screenshotPath('batch-done', theme), animations: 'disabled', caret: 'hide' });
    await batch.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);

    // The Rollout view once the server's answer is reconciled (the README's walkthrough shows it): bob and grace
    // confirmed, dave applied but not enabled there, zed enabled only there, erin gone from the server.
    await app.nav('Rollout');
    const answer = test.info().outputPath('answer.json');
    const on = (is_enabled: 0 | 1, primary_domain: string) => ({ is_enabled, primary_domain });
    const data = { root: on(0, 'whm.example.com'), alice: on(0, 'alice-bakery.com'), bob: on(1, 'bobsbikes.net'), carol: on(0, 'carol-design.org'), dave: on(0, 'davesdiner.com'), frank: on(0, 'frankfurt-law.de'), grace: on(1, 'gracegardens.co.uk'), heidi: on(0, 'heidi-hiking.ch'), zed: on(1, 'zed-zoo.com') };
    await writeFile(answer, JSON.stringify({ data, metadata: { command: 'twofactorauth_get_user_configs', reason: 'OK', result: '1', version: 1 } }));
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: "Reconcile with the server's answer…" }).click();
    await (await chooser).setFiles(answer);
    const report = page.getByTestId('reconcile-report');
    await expect(report).toContainText('Reconciled with answer.json (JSON, 9 users on whm.example.com): 2 confirmed, 1 of them new.');
    await expect(report.getByTestId('mismatch-applied-not-enabled')).toContainText('dave');
    await expect(report.getByTestId('mismatch-enabled-on-server-only')).toContainText('zed (not in this profile)');
    await expect(report.getByTestId('mismatch-missing-on-server')).toContainText('erin');
    await axeScan(page, `Rollout after reconciling, ${theme}`);
    await report.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('rollout-reconciled', theme), animations: 'disabled', caret: 'hide' });
  });
}

test('everything is reachable by keyboard: skip link, navigation, generate, the spelled-out secret, verify', async ({ app }) => {
  const { page } = app;
  await seedDemo(app.engine);
  await app.open();

  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Provision', exact: true })).toBeFocused();

  // Through the navigation with Tab and Enter: each view's heading takes the focus.
  for (const view of VIEWS.slice(1)) {
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: view, exact: true })).toBeFocused();
  }
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeFocused();

  // Provision by keyboard alone.
  await page.getByRole('button', { name: 'Provision', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Provision' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Account', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Account', { exact: true })).toHaveValue('alice');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Generate secret' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('qr-code').locator('svg')).toBeVisible();
  await expect(page.getByTestId('live-polite')).toContainText('A secret was generated for alice');

  // Tab order: Hide now, then the secret (focusable, spelled out), its copy button, the URI's copy button.
  const secret = page.getByTestId('secret');
  for (let i = 0; i < 8 && !(await secret.evaluate((el) => el === el.ownerDocument.activeElement)); i += 1) await page.keyboard.press('Tab');
  await expect(secret).toBeFocused();
  await expect(secret).toHaveAttribute('aria-label', /^Secret, character by character: ([A-Z2-7] ){3}[A-Z2-7], /);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Copy secret' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('live-polite')).toContainText('Copied; the clipboard clears in');

  // Focus is visible: the focused control draws an outline.
  const outline = await page.getByRole('button', { name: 'Copy secret' }).evaluate((el) => el.ownerDocument.defaultView.getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');

  // The dialog traps focus and Escape returns it.
  await app.nav('Accounts');
  await page.getByRole('checkbox', { name: 'Select bob' }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Remove 2FA' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Remove 2FA?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Remove 2FA' })).toBeFocused();
});

/** No horizontal scrollbar on the page or its main content, and the view's key controls on screen. */
async function expectNoSideways(page: Page, what: string): Promise<void> {
  const overflow = await page.locator('html').evaluate((html) => {
    const main = html.querySelector('main')!;
    return { page: html.scrollWidth - html.clientWidth, main: main.scrollWidth - main.clientWidth };
  });
  expect(overflow, `${what}: horizontal overflow (px)`).toEqual({ page: 0, main: 0 });
}

const KEY_CONTROLS: Record<ViewName, (page: Page) => Locator[]> = {
  Provision: (p) => [p.getByTestId('qr-code'), p.getByRole('button', { name: 'Copy secret' }), p.getByRole('button', { name: 'Verify' })],
  Accounts: (p) => [p.getByRole('searchbox', { name: 'Search' }), p.getByRole('button', { name: 'Import accounts…' }), p.getByRole('button', { name: 'Remove 2FA' })],
  Rollout: (p) => [p.getByRole('button', { name: /^Confirmed by the server/ }), p.getByRole('button', { name: "Reconcile with the server's answer…" })],
  'Exports & backup': (p) => [
    p.getByRole('button', { name: 'Save enrollment sheets…' }),
    p.getByRole('button', { name: 'Save accounts CSV…' }),
    p.getByRole('button', { name: 'Save backup…' }),
    p.getByRole('button', { name: 'Restore from backup…' }),
  ],
  'API shell': (p) => [p.getByLabel('Function'), p.getByRole('button', { name: 'Run' })],
  Servers: (p) => [p.getByRole('button', { name: 'Add server profile' }), p.getByRole('button', { name: 'Set issuer' }), p.getByRole('button', { name: 'Enable policy' })],
  Audit: (p) => [p.getByRole('searchbox', { name: 'Filter' }), p.getByRole('button', { name: 'Export CSV…' })],
};

async function checkEveryView(app: TestApp, label: string): Promise<void> {
  const { page } = app;
  await seedDemo(app.engine);
  await app.open();
  for (const view of VIEWS) {
    await prepare(app, view);
    await expectNoSideways(page, `${view} at ${label}`);
    for (const control of KEY_CONTROLS[view](page)) {
      await control.scrollIntoViewIfNeeded();
      await expect(control).toBeInViewport();
    }
    // The navigation stays on screen and usable.
    await page.getByRole('navigation', { name: 'Main' }).scrollIntoViewIfNeeded();
    for (const name of VIEWS) await expect(page.getByRole('button', { name, exact: true })).toBeInViewport();
  }
}

test.describe('at 900×600', () => {
  test.use({ viewport: { width: 900, height: 600 } });
  test('nothing breaks', async ({ app }) => {
    await checkEveryView(app, '900×600');
    await app.page.screenshot({ path: `${SCREENSHOT_DIR}/narrow-900x600.png` });
  });
});

test.describe('at 200% zoom', () => {
  // 1100×760 device pixels at twice the size: 550×380 CSS pixels.
  test.use({ viewport: { width: 550, height: 380 }, deviceScaleFactor: 2 });
  test('nothing breaks', async ({ app }) => {
    await checkEveryView(app, '200% zoom');
    await app.nav('Provision');
    await app.page.locator('html').evaluate((html) => html.ownerDocument.defaultView.scrollTo(0, 0));
    await app.page.screenshot({ path: `${SCREENSHOT_DIR}/zoom-200.png` });
  });
});
