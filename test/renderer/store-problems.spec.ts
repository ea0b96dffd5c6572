// When the state file or the keychain fails, the window says what to do next in an alert (role=alert), a different
// one per kind, in the very words the CLI prints after “next step:” (main/common/adapter-advice.ts), through the real
// handlers: a damaged state file and one from a newer version (real files in the test's home), a vault key missing
// from the real keychain, and the real keyring locked (then unlocked again through gnome-keyring's control socket, as
// PAM does, since the other tests share this keyring). Nothing is changed by any of them.
import { execFile } from 'node:child_process';
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { adviceFor } from '../../main/common/adapter-advice.js';
import { createKeytarStore } from '../../main/store/keychain.js';
import { VAULT_SERVICE } from '../../main/store/vault.js';
import { expect, test, type TestApp } from './fixture.js';

const LOGIN = '/org/freedesktop/secrets/collection/login';

function secretService(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.secrets', ...args], (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

async function loginLocked(): Promise<boolean> {
  return /boolean true/.test(await secretService(LOGIN, 'org.freedesktop.DBus.Properties.Get', 'string:org.freedesktop.Secret.Collection', 'string:Locked'));
}

/** Unlocks the login keyring through the daemon's control socket (gkd-control: a credentials byte, then length, op 1, the password). */
function unlockLogin(): Promise<number> {
  const dir = process.env.GNOME_KEYRING_CONTROL;
  if (!dir) throw new Error('GNOME_KEYRING_CONTROL is not set: run the renderer tests inside test/run-with-keyring.sh.');
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(path.join(dir, 'control'));
    let reply = Buffer.alloc(0);
    socket.on('connect', () => {
      const password = Buffer.from('tfa-test-keyring');
      const packet = Buffer.alloc(12 + password.length);
      packet.writeUInt32BE(packet.length, 0);
      packet.writeUInt32BE(1, 4);
      packet.writeUInt32BE(password.length, 8);
      password.copy(packet, 12);
      socket.write(Buffer.from([0]));
      socket.write(packet);
    });
    socket.on('data', (chunk: Buffer) => {
      reply = Buffer.concat([reply, chunk]);
      if (reply.length >= 8) {
        socket.end();
        resolve(reply.readUInt32BE(4));
      }
    });
    socket.on('error', reject);
  });
}

/** A pending account of a new profile, seen by a fresh process: its vault has not read the key yet. */
async function pendingInFreshProcess(app: TestApp, prefix: string): Promise<string> {
  const host = `${prefix}-${randomUUID().slice(0, 8)}.example.com`;
  await app.engine.servers.add(host, 'root');
  await app.engine.accounts.add('carol', 'carol.example.com');
  expect((await app.engine.provisioning.provision(['carol'])).metadata.result).toBe('1');
  const before = path.join(app.home, 'state.json');
  await app.freshHome();
  await copyFile(before, path.join(app.home, 'state.json'));
  return host;
}

test('a damaged state file, then one from a newer version: a distinct alert each, the CLI’s next step, the file untouched', async ({ app }) => {
  const { page } = app;
  const file = path.join(app.home, 'state.json');
  const damaged = '{"format":"tfa-provisioner-state","version":1,"profiles":';
  await writeFile(file, damaged, { mode: 0o600 });
  // Not app.open(): the profile never loads.
  await page.goto(`${app.origin}/`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  const alert = page.getByTestId('store-problem');
  await expect(alert).toHaveAttribute('role', 'alert');
  await expect(alert).toHaveAttribute('data-code', 'STATE_CORRUPT');
  const corrupt = adviceFor('STATE_CORRUPT', app.home);
  await expect(alert.locator('strong')).toHaveText('The state file is damaged.');
  await expect(alert.locator('p').nth(1)).toHaveText(corrupt.nextStep);
  await expect(alert).toContainText(`Nothing was changed: state.json in ${app.home} was left as it was.`);
  await expect(page.getByText('The app could not read its state.')).toBeVisible();

  // The CLI on the same state prints the same words.
  const cli = await app.cli(['accounts', 'list']);
  expect(cli.code).toBe(1);
  expect(cli.stderr).toContain(`tfa-provisioner: next step: ${await alert.locator('p').nth(1).textContent()}\n`);
  expect(await readFile(file, 'utf8')).toBe(damaged);

  await writeFile(file, JSON.stringify({ format: 'tfa-provisioner-state', version: 99 }));
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(alert).toHaveAttribute('data-code', 'STATE_TOO_NEW');
  await expect(alert.locator('strong')).toHaveText('The state file is from a newer TFA Provisioner.');
  await expect(alert.locator('p').nth(1)).toHaveText(adviceFor('STATE_TOO_NEW', app.home).nextStep);

  // Once the state reads again, the alert goes.
  await rm(file);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(alert).toHaveText('');
  await expect(alert).not.toHaveAttribute('data-code');
  await expect(page.getByText('The app could not read its state.')).toHaveCount(0);
});

test('a vault key missing from the keychain: its own alert after a failed reveal, the reason under the card; Dismiss clears it', async ({ app }) => {
  const { page } = app;
  // A second computer with this state but not its keychain item: a fresh process's vault, the key gone.
  const host = await pendingInFreshProcess(app, 'keyless');
  expect(await createKeytarStore().deletePassword(VAULT_SERVICE, host)).toBe(true);

  await app.open();
  const alert = page.getByTestId('store-problem');
  await expect(alert).toHaveText('');
  await expect(page.getByLabel('Account', { exact: true })).toHaveValue('carol');
  await page.getByRole('button', { name: 'Show QR code again' }).click();
  await expect(alert).toHaveAttribute('data-code', 'KEYCHAIN_KEY_MISSING');
  await expect(alert.locator('strong')).toHaveText('This profile’s vault key is not in the keychain.');
  await expect(alert.locator('p').nth(1)).toHaveText(adviceFor('KEYCHAIN_KEY_MISSING', app.home).nextStep);
  await expect(page.getByText(`The keychain has no vault key for “${host}”`)).toBeVisible();
  await expect(page.getByTestId('qr-code')).toHaveCount(0);

  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toHaveText('');
});

test('a locked keychain: its own alert after a failed reveal; unlocked, the same reveal works and the alert goes', async ({ app }) => {
  const { page } = app;
  await pendingInFreshProcess(app, 'locked');
  await app.open();
  await expect(page.getByLabel('Account', { exact: true })).toHaveValue('carol');
  const alert = page.getByTestId('store-problem');
  await secretService('/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', `array:objpath:${LOGIN}`);
  try {
    expect(await loginLocked()).toBe(true);
    await page.getByRole('button', { name: 'Show QR code again' }).click();
    await expect(alert).toHaveAttribute('data-code', 'KEYCHAIN_LOCKED');
    await expect(alert.locator('strong')).toHaveText('The OS keychain is locked.');
    await expect(alert.locator('p').nth(1)).toHaveText(adviceFor('KEYCHAIN_LOCKED', app.home).nextStep);
    await expect(page.getByText(/^The OS keychain is locked \(/)).toBeVisible();
    await expect(page.getByTestId('qr-code')).toHaveCount(0);
  } finally {
    expect(await unlockLogin(), 'gnome-keyring unlocked the login keyring again').toBe(0);
  }
  expect(await loginLocked()).toBe(false);
  await page.getByRole('button', { name: 'Show QR code again' }).click();
  await expect(page.getByTestId('qr-code').locator('svg')).toBeVisible();
  await expect(alert).toHaveText('');
});
