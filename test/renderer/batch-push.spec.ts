// "Select all" and "Provision selected…" over 10,000 accounts: the progress the operator sees is pushed from the main
// process and advances chunk by chunk, the page calls nothing while the batch runs (no polling), and the summary at
// the end is right. The accounts are made through the engine in-process, so the test spends its time on the batch.
import { expect, test } from './fixture.js';

const HOST = 'push.example.com';
const N = 10_000;
const name = (i: number) => `u${String(i).padStart(5, '0')}`;

test('10,000 accounts: the progress shown advances as the main process pushes it, with no polling, to a right summary', async ({ app }) => {
  test.setTimeout(300_000);
  const { page } = app;
  await app.engine.servers.add(HOST, 'root');
  const imported = await app.engine.accounts.import(Array.from({ length: N }, (_, i) => `${name(i)},${name(i)}.example.com`).join('\n'));
  expect(imported.metadata.result).toBe('1');

  await app.open();
  await app.nav('Accounts');
  await page.getByRole('button', { name: `Select all ${(N + 1).toLocaleString('en-US')} matching` }).click({ timeout: 60_000 });
  await page.getByRole('checkbox', { name: 'Select root' }).uncheck();
  await expect(page.getByText(`${N.toLocaleString('en-US')} selected`, { exact: true })).toBeVisible();

  // What the progress line and bar show, each time they change (recorded in the page as it renders them).
  await page.evaluate(() => {
    type El = { textContent: string | null; getAttribute(name: string): string | null };
    const doc = (globalThis as unknown as { document: { querySelector(selector: string): El | null; body: unknown } }).document;
    const seen: string[] = [];
    (globalThis as unknown as { __progressSeen: string[] }).__progressSeen = seen;
    const Observer = (globalThis as unknown as { MutationObserver: new (callback: () => void) => { observe(node: unknown, options: object): void } }).MutationObserver;
    new Observer(() => {
      const text = doc.querySelector('[data-testid="batch-progress"]')?.textContent;
      const bar = doc.querySelector('[data-testid="batch-dialog"] progress');
      if (!text || !bar) return;
      const shown = `${text} | ${bar.getAttribute('value')}/${bar.getAttribute('max')}`;
      if (seen.at(-1) !== shown) seen.push(shown);
    }).observe(doc.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });

  await page.getByRole('button', { name: 'Provision selected…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Provision selected accounts' });
  await dialog.getByRole('button', { name: `Provision ${N.toLocaleString('en-US')}` }).click();

  // The end, as the operator sees it: the bar full, the counts right, the live region's words.
  const done = `${N.toLocaleString('en-US')} of ${N.toLocaleString('en-US')}`;
  await expect(dialog.getByTestId('batch-summary')).toBeVisible({ timeout: 240_000 });
  await expect(dialog.getByTestId('batch-progress')).toHaveText(done);
  const bar = dialog.getByRole('progressbar');
  await expect(bar).toHaveAttribute('max', String(N));
  await expect(bar).toHaveAttribute('value', String(N));
  await expect(dialog.getByTestId('batch-provisioned')).toHaveText(N.toLocaleString('en-US'));
  await expect(dialog.getByTestId('batch-skipped')).toHaveText('0');
  await expect(dialog.getByTestId('batch-failed')).toHaveText('0');
  await expect(dialog.getByTestId('batch-cancelled')).toHaveText('no');
  await expect(page.getByTestId('live-polite')).toHaveText(`Provisioning finished: ${N.toLocaleString('en-US')} accounts provisioned, 0 skipped, 0 failed.`);

  // The progress advanced through several values, never backwards, text and bar agreeing.
  const seen = await page.evaluate(() => (globalThis as unknown as { __progressSeen: string[] }).__progressSeen);
  // Before the first event the dialog says it is starting; from then on it shows counts.
  const starting = seen.filter((shown) => shown.startsWith('Starting…'));
  expect(seen.slice(0, starting.length)).toEqual(starting);
  const counts = seen.slice(starting.length).map((shown) => {
    const match = /^([\d,]+) of ([\d,]+) \| (\d+)\/(\d+)$/.exec(shown);
    expect(match, `progress shown as “${shown}”`).not.toBeNull();
    const [, text, of, value, max] = match!;
    if (Number(of!.replace(/,/g, '')) === N) {
      expect(Number(value)).toBe(Number(text!.replace(/,/g, '')));
      expect(Number(max)).toBe(N);
    }
    return Number(text!.replace(/,/g, ''));
  });
  expect(counts).toEqual([...counts].sort((a, b) => a - b));
  expect(counts.at(-1)).toBe(N);
  const between = new Set(counts.filter((n) => n > 0 && n < N));
  expect(between.size, `distinct counts shown on the way: ${seen.join('; ')}`).toBeGreaterThanOrEqual(3);

  // Pushed, not polled: while the batch ran the page made no call at all, and the API has no status method to poll.
  const start = app.calls.findIndex((c) => c.method === 'startProvisionBatch');
  const progress = app.events.filter((e) => e.event === 'provisionProgress');
  const last = progress.at(-1)!;
  expect(last.payload).toMatchObject({ done: N, total: N, finished: true });
  expect(app.calls.slice(start + 1, last.callsSoFar).map((c) => c.method)).toEqual([]);
  const batchApi = await page.evaluate(() => Object.keys((globalThis as unknown as { tfa: object }).tfa).filter((k) => /batch|progress/i.test(k)));
  expect(batchApi.sort()).toEqual(['cancelProvisionBatch', 'onProvisionProgress', 'startProvisionBatch']);
  // Throttled: about a hundred events at most for the whole batch, not one per account or per chunk of a small size.
  expect(progress.length).toBeLessThanOrEqual(102);
  expect(JSON.stringify(progress)).not.toMatch(/secret|otpauth/);

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByText(`${N + 1} accounts on ${HOST}: 0 enabled, ${N} pending, 1 without 2FA.`)).toBeVisible({ timeout: 60_000 });
});
