// The operator's main path, end to end through the real handlers, engine, state and keychain vault:
// add a server profile → add an account (username checked live) → generate → decode the QR code on screen with
// zbarimg → a wrong code is refused with WHM's reason and the clock hint → the QR code hides itself and comes
// back → the code from oathtool enables the account → the CLI, on the same state, agrees.
import { stat } from 'node:fs/promises';
import QRCode from 'qrcode';
import { totpCode } from '../../main/engine/totp.js';
import { readPdf } from '../node/pdf-tools.js';
import { CLIPBOARD_CLEAR_SECONDS, expect, oathtoolCode, test, zbarimg } from './fixture.js';

interface ProvisionEnvelope {
  data: { provisioned: { user: string; otpauth_str: string; secret: string }[] };
}

/** A 6-digit code no authenticator would show now (none of the steps the engine accepts). */
function wrongCodeFor(secret: string): string {
  const now = Date.now();
  const accepted = new Set([-60_000, -30_000, 0, 30_000, 60_000].map((d) => totpCode(secret, now + d)));
  let n = 0;
  while (accepted.has(String(n).padStart(6, '0'))) n += 1;
  return String(n).padStart(6, '0');
}

test('provision, scan, refuse a wrong code, hide and show again, verify; the CLI agrees', async ({ app }, testInfo) => {
  const { page } = app;
  await page.clock.install();
  await app.open();

  // A server profile first.
  await app.nav('Servers');
  await page.getByLabel('Hostname').fill('whm.example.com');
  await page.getByRole('button', { name: 'Add server profile' }).click();
  await expect(page.getByTestId('profiles-note')).toHaveText('Server profile whm.example.com added and selected.');
  await expect(page.getByRole('region', { name: 'Active server profile' })).toContainText('whm.example.com');

  // Add an account from the Provision view; the username is checked as it is typed.
  await app.nav('Provision');
  await page.getByText('Add an account').click();
  const username = page.getByLabel('Username');
  await username.fill('1alice');
  await expect(username).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('is not valid: use lowercase letters')).toBeVisible();
  await username.fill('cpanelbob');
  await expect(page.getByText('begins with the reserved prefix “cpanel”')).toBeVisible();
  await username.fill('Alice');
  await expect(username).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Valid cPanel username, saved as “alice”.')).toBeVisible();
  await page.getByLabel('Primary domain').fill('alice.example.com');
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByTestId('live-polite')).toHaveText('Account alice added; its state is none.');
  await expect(page.getByLabel('Account', { exact: true })).toHaveValue('alice');

  // Generate: pending, with QR code, grouped secret and URI.
  await page.getByRole('button', { name: 'Generate secret' }).click();
  const qr = page.getByTestId('qr-code');
  await expect(qr.locator('svg')).toBeVisible();
  const made = app.lastValue<ProvisionEnvelope>('provision').data.provisioned[0]!;
  expect(made.user).toBe('alice');
  expect(made.otpauth_str).toBe(`otpauth://totp/whm.example.com:alice?secret=${made.secret}&issuer=whm.example.com`);
  await expect(page.getByTestId('otpauth-uri')).toHaveText(made.otpauth_str);
  const secretBox = page.getByTestId('secret');
  await expect(secretBox).toHaveText(made.secret.match(/.{4}/g)!.join(''));
  await expect(secretBox.locator('.secret-group')).toHaveCount(4);
  await expect(secretBox).toHaveAttribute('aria-label', `Secret, character by character: ${made.secret.match(/.{4}/g)!.map((g) => g.split('').join(' ')).join(', ')}`);
  await expect(page.locator('#account-state')).toContainText('pending');
  await expect(qr).toHaveAttribute('role', 'img');

  // The QR code on screen decodes to exactly the envelope's otpauth_str.
  const shot = testInfo.outputPath('qr.png');
  await qr.screenshot({ path: shot });
  expect(await zbarimg(shot)).toBe(made.otpauth_str);
  // The SVG is exactly the symbol qrcode makes with error correction M and a 4-module quiet zone.
  const reference = await QRCode.toString(made.otpauth_str, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const modules = QRCode.create(made.otpauth_str, { errorCorrectionLevel: 'M' }).modules.size + 8;
  await expect(qr.locator('svg')).toHaveAttribute('viewBox', `0 0 ${modules} ${modules}`);
  expect(await qr.locator('svg path').nth(1).getAttribute('d')).toBe(/<path stroke="#000000" d="([^"]+)"/.exec(reference)![1]);
  // Large and crisp: a whole number of device pixels per module, at least 5.
  const width = Number(await qr.locator('svg').getAttribute('width'));
  expect(width % modules).toBe(0);
  expect(width / modules).toBeGreaterThanOrEqual(5);

  // Copy goes through the main process, which will clear the clipboard.
  await page.getByRole('button', { name: 'Copy secret' }).click();
  await expect.poll(() => app.shell.clipboard).toBe(made.secret);
  await expect(page.getByTestId('live-polite')).toHaveText(`Copied; the clipboard clears in ${CLIPBOARD_CLEAR_SECONDS} s.`);
  await page.getByRole('button', { name: 'Copy otpauth URI' }).click();
  await expect.poll(() => app.shell.clipboard).toBe(made.otpauth_str);

  // A wrong code: WHM's reason and the clock-skew hint; the account stays pending.
  const code = page.getByLabel('Security code from the app');
  await expect(code).toHaveAttribute('inputmode', 'numeric');
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await code.fill(wrongCodeFor(made.secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  const verdict = page.getByTestId('verify-result');
  await expect(verdict).toContainText('The security code is invalid.');
  await expect(verdict).toContainText("the phone's clock and this computer's clock must agree within 30 seconds");
  await expect(page.getByTestId('live-assertive')).toContainText('The security code is invalid.');
  await expect(code).toHaveAttribute('aria-invalid', 'true');

  // The QR code hides itself after a while, and comes back (from the vault) on request.
  await expect(page.getByTestId('qr-remaining')).toHaveText(/^\d+ s$/);
  await page.clock.fastForward(61_000);
  await expect(qr).toHaveCount(0);
  await expect(page.getByText('The QR code for alice is hidden.')).toBeVisible();
  await expect(page.getByTestId('live-polite')).toHaveText('The QR code was hidden after 60 seconds.');
  await page.getByRole('button', { name: 'Show again' }).click();
  await expect(page.getByTestId('otpauth-uri')).toHaveText(made.otpauth_str);
  expect(app.calls.some((c) => c.method === 'reveal')).toBe(true);

  // Save the enrollment sheet as PDF: alice's enrollment sheet, the engine's PDF (as the Exports view and
  // `sheets --out=FILE.pdf` make it). It holds the secret, so the main process asks first.
  await page.getByRole('button', { name: 'Save enrollment sheet as PDF…' }).click();
  await expect(page.getByTestId('live-polite')).toContainText('Saved the enrollment sheet to');
  expect(app.shell.confirmations).toEqual(['whm.example.com-alice-enrollment-sheet.pdf']);
  const pdfPath = app.shell.savedPaths.at(-1)!;
  expect((await stat(pdfPath)).mode & 0o777).toBe(0o600);
  const sheet = await readPdf(pdfPath);
  expect(sheet).toMatchObject({ pages: 1, codes: [made.otpauth_str] });
  expect(sheet.texts[0]).toMatch(/Account\s+alice\n/);

  // The right code, as an authenticator app (oathtool) computes it from the secret.
  await code.fill(await oathtoolCode(made.secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(verdict).toContainText('Enabled. Two-factor authentication is enabled for alice.');
  await expect(page.getByTestId('live-polite')).toHaveText('Verified: two-factor authentication is enabled for alice.');
  await expect(page.locator('#account-state')).toContainText('enabled');
  await expect(qr).toHaveCount(0);

  // The CLI reads the same state: alice is enabled.
  const cli = await app.cli(['--output=json', 'twofactorauth_get_user_configs', 'user=alice']);
  expect(cli.code, cli.stderr).toBe(0);
  expect(JSON.parse(cli.stdout)).toEqual({
    data: { alice: { is_enabled: 1, primary_domain: 'alice.example.com' } },
    metadata: { command: 'twofactorauth_get_user_configs', reason: 'OK', result: '1', version: 1 },
  });

  // The Accounts view shows it too.
  await app.nav('Accounts');
  await expect(page.getByRole('row', { name: /alice/ })).toContainText('enabled');
});

test('a pending account shows its QR code again after a reload, and Replace makes a new secret', async ({ app }) => {
  const { page } = app;
  await app.engine.servers.add('pending.example.com', 'root');
  await app.engine.accounts.add('carol', 'carol.example.com');
  const first = (await app.engine.provisioning.provision(['carol'], { withSecrets: true })).data as ProvisionEnvelope['data'];
  const secret = first.provisioned[0]!.secret;

  await app.open();
  await expect(page.getByLabel('Account', { exact: true })).toHaveValue('carol');
  await expect(page.getByRole('button', { name: 'Generate secret' })).toBeDisabled();
  await page.getByRole('button', { name: 'Show QR code again' }).click();
  await expect(page.getByTestId('otpauth-uri')).toHaveText(first.provisioned[0]!.otpauth_str);

  await page.getByRole('button', { name: 'Hide now' }).click();
  await expect(page.getByTestId('qr-code')).toHaveCount(0);

  await page.getByLabel(/Replace its current secret/).check();
  await page.getByRole('button', { name: 'Generate secret' }).click();
  await expect(page.getByTestId('qr-code').locator('svg')).toBeVisible();
  const replaced = app.lastValue<ProvisionEnvelope>('provision').data.provisioned[0]!;
  expect(replaced.secret).not.toBe(secret);
  await expect(page.getByTestId('otpauth-uri')).toHaveText(replaced.otpauth_str);
});
