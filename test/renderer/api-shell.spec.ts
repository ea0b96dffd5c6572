// The API shell: every one of the nine functions runs against the local engine; the answer is shown and saved in
// each of the four renderings; the whmapi1 line and json-api URL match the cPanel docs' form; an answer holding a
// secret is saved only after the main process's confirmation (declining writes nothing).
import { readdir, readFile, stat } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import type { WhmAnswer } from '../../main/common/tfa-api-contract.js';
import { WHM_FUNCTIONS } from '../../main/engine/whm-functions.js';
import { expect, oathtoolCode, test } from './fixture.js';
import { seedDemo } from './seed.js';

const FORMATS = [
  { id: 'json', label: 'JSON', ext: 'json' },
  { id: 'jsonpretty', label: 'jsonpretty', ext: 'json' },
  { id: 'yaml', label: 'YAML', ext: 'yaml' },
  { id: 'xml', label: 'XML', ext: 'xml' },
] as const;

async function choose(page: Page, fn: string): Promise<void> {
  await page.getByLabel('Function').selectOption(fn);
}

test('each format shown and saved as rendered; the command line and URL follow the docs', async ({ app }) => {
  const { page } = app;
  await seedDemo(app.engine);
  await app.open();
  await app.nav('API shell');

  await choose(page, 'twofactorauth_get_user_configs');
  await page.getByLabel('user (optional)').fill('bob');
  await expect(page.getByTestId('whmapi1-line')).toHaveText("whmapi1 --output=jsonpretty twofactorauth_get_user_configs user='bob'");
  await expect(page.getByTestId('api-url')).toHaveText(
    'https://whm.example.com:2087/cpsess##########/json-api/twofactorauth_get_user_configs?api.version=1&user=bob',
  );
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('answer-result')).toHaveText('result 1 · OK');
  await expect(page.getByTestId('live-polite')).toHaveText('twofactorauth_get_user_configs answered: result 1, OK');
  const answer = app.lastValue<WhmAnswer>('whmCall');
  expect(answer.envelope.data).toEqual({ bob: { is_enabled: 1, primary_domain: 'bobsbikes.net' } });

  for (const [i, format] of FORMATS.entries()) {
    await page.getByRole('radio', { name: format.label, exact: true }).check();
    // The output is the main process's rendering, unchanged (textContent keeps every space and newline).
    expect(await page.getByTestId('answer-output').evaluate((pre) => pre.textContent)).toBe(answer.renderings[format.id]);
    await expect(page.getByTestId('whmapi1-line')).toHaveText(
      format.id === 'yaml'
        ? "whmapi1 twofactorauth_get_user_configs user='bob'"
        : `whmapi1 --output=${format.id} twofactorauth_get_user_configs user='bob'`,
    );
    await expect(page.getByTestId('api-url')).toHaveText(
      `https://whm.example.com:2087/cpsess##########/${format.id === 'xml' ? 'xml-api' : 'json-api'}/twofactorauth_get_user_configs?api.version=1&user=bob`,
    );
    await page.getByRole('button', { name: `Save… the answer as ${format.id}` }).click();
    // The note still shows the previous save until this one is written (json and jsonpretty may even share a
    // name): wait for this save's answer to come back, then for the note naming its file, then read the file.
    await expect.poll(() => app.calls.filter((c) => c.method === 'saveExport').length).toBe(i + 1);
    const saved = app.shell.savedPaths[i]!;
    await expect(page.getByTestId('save-note')).toHaveText(`Saved to ${saved}.`);
    expect(saved).toMatch(new RegExp(`twofactorauth_get_user_configs-.*\\.${format.ext}$`));
    expect(await readFile(saved, 'utf8')).toBe(answer.renderings[format.id]);
    expect((await stat(saved)).mode & 0o777).toBe(0o644);
  }
  expect(app.shell.confirmations).toEqual([]);

  // The copy travels to the main process and back: wait for it as for any answer, not for the next tick.
  await page.getByRole('button', { name: 'Copy answer' }).click();
  await expect.poll(() => app.shell.clipboard).toBe(answer.renderings.xml);

  // The docs' own set_tfa_config sample, character for character.
  await choose(page, 'twofactorauth_set_tfa_config');
  await page.getByLabel('secret').fill('WJ73QJSKZBXCFIPZ');
  await page.getByLabel('tfa_token').fill('227174');
  await page.getByLabel('user (optional)').fill('');
  await page.getByRole('radio', { name: 'jsonpretty', exact: true }).check();
  await expect(page.getByTestId('whmapi1-line')).toHaveText(
    "whmapi1 --output=jsonpretty twofactorauth_set_tfa_config secret='WJ73QJSKZBXCFIPZ' tfa_token='227174'",
  );
  await page.getByRole('button', { name: 'Copy command line' }).click();
  await expect.poll(() => app.shell.clipboard).toBe("whmapi1 --output=jsonpretty twofactorauth_set_tfa_config secret='WJ73QJSKZBXCFIPZ' tfa_token='227174'");
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('answer-result')).toHaveText('result 0 · The security code is invalid.');

  // Values are URI-encoded in the URL and shell-quoted on the command line.
  await choose(page, 'twofactorauth_set_issuer');
  await page.getByLabel('issuer (optional)').fill("O'Neil & Co #1");
  await expect(page.getByTestId('api-url')).toHaveText(
    "https://whm.example.com:2087/cpsess##########/json-api/twofactorauth_set_issuer?api.version=1&issuer=O%27Neil%20%26%20Co%20%231",
  );
  await expect(page.getByTestId('whmapi1-line')).toHaveText(`whmapi1 --output=jsonpretty twofactorauth_set_issuer issuer='O'\\''Neil & Co #1'`);
});

test('all nine functions answer in the shell', async ({ app }) => {
  const { page } = app;
  await seedDemo(app.engine);
  await app.open();
  await app.nav('API shell');
  const options = await page.getByLabel('Function').locator('option').allTextContents();
  expect(options).toEqual(Object.keys(WHM_FUNCTIONS));

  const fill: Record<string, Record<string, string>> = {
    twofactorauth_remove_user_config: { users: 'erin frank' },
    twofactorauth_set_issuer: { 'issuer (optional)': 'Example Hosting Ltd' },
  };
  for (const fn of options) {
    await choose(page, fn);
    for (const [label, value] of Object.entries(fill[fn] ?? {})) await page.getByLabel(label).fill(value);
    const before = app.calls.length;
    await page.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => app.calls.length).toBeGreaterThan(before);
    const answer = app.lastValue<WhmAnswer>('whmCall');
    expect(answer.envelope.metadata.command).toBe(fn);
    await expect(page.getByTestId('answer-result')).toHaveText(`result ${answer.envelope.metadata.result} · ${answer.envelope.metadata.reason}`);
    expect(await page.getByTestId('answer-output').evaluate((pre) => pre.textContent)).toBe(answer.renderings.jsonpretty);
  }
  expect(app.calls.find((c) => c.method === 'whmCall' && (c.payload as { fn: string }).fn === 'twofactorauth_remove_user_config')?.payload).toEqual({
    fn: 'twofactorauth_remove_user_config',
    params: [
      ['user-1', 'erin'],
      ['user-2', 'frank'],
    ],
  });
});

test('an answer holding a secret is saved only after confirmation, 0600; declining or cancelling writes nothing', async ({ app }) => {
  const { page } = app;
  await app.engine.servers.add('secret.example.com', 'root');
  await app.open();
  await app.nav('API shell');

  await choose(page, 'twofactorauth_generate_tfa_config');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('answer-result')).toHaveText('result 1 · OK');
  await expect(page.getByText('It holds a secret.')).toBeVisible();
  const secret = (app.lastValue<WhmAnswer>('whmCall').envelope.data as { secret: string }).secret;

  app.shell.confirmAnswer = false;
  await page.getByRole('button', { name: /^Save…/ }).click();
  await expect(page.getByTestId('save-note')).toHaveText('Nothing was saved.');
  expect(app.shell.confirmations).toHaveLength(1);
  expect(await readdir(app.exportDir)).toEqual([]);

  app.shell.confirmAnswer = true;
  app.shell.saveAnswer = 'cancel';
  await page.getByRole('button', { name: /^Save…/ }).click();
  await expect(page.getByTestId('save-note')).toHaveText('Saving was cancelled.');
  expect(await readdir(app.exportDir)).toEqual([]);

  app.shell.saveAnswer = 'accept';
  await page.getByRole('button', { name: /^Save…/ }).click();
  await expect(page.getByTestId('save-note')).toContainText('(readable only by you: it holds a secret)');
  const saved = app.shell.savedPaths.at(-1)!;
  expect(await readFile(saved, 'utf8')).toContain(secret);
  expect((await stat(saved)).mode & 0o777).toBe(0o600);
  expect(app.shell.confirmations).toHaveLength(3);

  // WHM's own two-step flow: the generated secret is handed to set_tfa_config; a code from oathtool enables root.
  await choose(page, 'twofactorauth_set_tfa_config');
  await expect(page.getByLabel('secret')).toHaveValue(secret);
  await page.getByLabel('tfa_token').fill(await oathtoolCode(secret));
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('answer-result')).toHaveText('result 1 · OK');
  await expect(page.getByTestId('answer-output')).toContainText('"success" : 1');
  await app.nav('Accounts');
  await expect(page.getByRole('row', { name: /root/ })).toContainText('enabled');
});
