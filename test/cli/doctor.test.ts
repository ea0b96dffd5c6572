// `tfa-provisioner doctor` names what is wrong and what to do: against the real gnome-keyring running, locked and
// absent (each in a keyring session of its own, since locking it would disturb the other tests), and against state
// directories and keychain answers set up to be wrong in each way it checks.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkKeychain, checkNode, checkPrinting, checkStateDir, HEADLESS_KEYRING_RECIPE, MIN_NODE_VERSION } from '../../main/cli/doctor.js';
import type { KeychainStore } from '../../main/store/keychain.js';
import { keychainError } from '../../main/store/keychain.js';
import { CLI, KEYRING_SKIP_REASON, keyringAvailable, LOCK_LOGIN, makeHome, sh } from './cli-harness.js';

const runWithKeyring = fileURLToPath(new URL('../run-with-keyring.sh', import.meta.url));
/** Runs $INNER (bash) in a keyring session of its own; passed through the environment, so no quoting is nested. */
const IN_OWN_KEYRING = `bash ${JSON.stringify(runWithKeyring)} bash -c "$INNER"`;

const doctor = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} doctor`;
const keychainLine = (stdout: string) => stdout.split('\n').find((line) => line.includes(' keychain: ')) ?? '';

if (!keyringAvailable) console.warn(`doctor.test.ts: the real-keyring cases are skipped: ${KEYRING_SKIP_REASON}`);

describe.skipIf(!keyringAvailable)('doctor against the real gnome-keyring', () => {
  it('running and unlocked: the keychain works, everything is ok, exit 0', async () => {
    const home = makeHome();
    const run = await sh(IN_OWN_KEYRING, { TFA_PROVISIONER_HOME: home, INNER: doctor });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(keychainLine(run.stdout)).toBe('ok    keychain: works: the Secret Service answers and its default keyring is unlocked (an item was written and removed).');
    expect(run.stdout).toMatch(/^ok {4}Node\.js: /m);
    expect(run.stdout).toMatch(/^ok {4}sheets: /m);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('All is well.');
  });

  it('locked: says locked and how to unlock, exit 1', async () => {
    const home = makeHome();
    const run = await sh(IN_OWN_KEYRING, { TFA_PROVISIONER_HOME: home, DISPLAY: '', INNER: `${LOCK_LOGIN} && ${doctor}` });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(keychainLine(run.stdout)).toMatch(/^FAIL {2}keychain: locked\. Unlock it /);
    expect(keychainLine(run.stdout)).toContain(HEADLESS_KEYRING_RECIPE);
    expect(run.stdout).toContain('1 problem to fix.');
  });

  it('absent (no D-Bus session): says no Secret Service runs, with the headless recipe, exit 1', async () => {
    const home = makeHome();
    const run = await sh(doctor, { TFA_PROVISIONER_HOME: home, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', DISPLAY: '' });
    expect(run.code).toBe(1);
    expect(keychainLine(run.stdout)).toBe(
      `FAIL  keychain: no Secret Service is running in this session. Start gnome-keyring or KeePassXC (with Secret Service integration) and unlock it. In a headless or SSH session, start one for this shell: ${HEADLESS_KEYRING_RECIPE}`,
    );
  });
});

describe('doctor: the keychain answers, one by one', () => {
  const failing = (message: string): KeychainStore => ({
    getPassword: () => Promise.resolve(null),
    setPassword: () => Promise.resolve(),
    deletePassword: () => Promise.resolve(true),
    checkWritable: () => Promise.reject(keychainError(new Error(message), 'linux')),
  });
  const desktop = { DISPLAY: ':0' };

  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', /^no Secret Service is running in this session\./],
    ['Cannot create an item in a locked collection', /^locked\. Unlock it/],
    ['Object does not exist at path “/org/freedesktop/secrets/aliases/default”', /^no default keyring \(collection\)\. Create one/],
    ['Access denied by policy', /^refused access \(Access denied by policy\)\. Allow TFA Provisioner/],
  ])('%s', async (message, expected) => {
    const result = await checkKeychain({ env: desktop, keychain: failing(message), platform: 'linux' });
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(expected);
    // On a desktop the headless recipe would only confuse.
    expect(result.message).not.toContain('dbus-run-session');
  });

  it('a keychain that never answers (a prompt waiting) is reported, not waited on forever', async () => {
    const silent: KeychainStore = { ...failing(''), checkWritable: () => new Promise(() => {}) };
    const result = await checkKeychain({ env: desktop, keychain: silent, platform: 'linux', keychainTimeoutMs: 50 });
    expect(result).toEqual({ subject: 'keychain', status: 'fail', message: expect.stringMatching(/^did not answer within 0.05 s: an unlock prompt may be waiting/) });
  });
});

describe('doctor: the printing path', () => {
  it('draws a test page with the renderer sheets use', async () => {
    expect(await checkPrinting()).toEqual({ subject: 'sheets', status: 'ok', message: 'PDF and HTML enrollment sheets can be written (a test page was drawn in memory).' });
  });
});

describe('doctor: the README', () => {
  it('gives the same headless keyring recipe as doctor', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replaceAll('\\|', '|');
    expect(readme).toContain(`\`${HEADLESS_KEYRING_RECIPE}\``);
    expect(readme).toContain('tfa-provisioner doctor');
  });
});

describe('doctor: Node.js', () => {
  it('the minimum is package.json’s engines.node', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(`>=${MIN_NODE_VERSION}`);
  });

  it('an older Node fails with what to install; the same or newer is ok', () => {
    expect(checkNode('20.18.3')).toMatchObject({ status: 'fail', message: expect.stringContaining(`Install Node.js ${MIN_NODE_VERSION} or later`) });
    expect(checkNode('18.20.0').status).toBe('fail');
    expect(checkNode(MIN_NODE_VERSION).status).toBe('ok');
    expect(checkNode('22.1.0').status).toBe('ok');
  });
});

describe('doctor: the state directory', () => {
  it('a directory not made yet is fine: the first change makes it', async () => {
    const dir = join(makeHome(), 'later');
    expect(await checkStateDir(dir)).toEqual([{ subject: 'state directory', status: 'ok', message: `${dir} does not exist yet; the first change creates it (mode 0700).` }]);
  });

  it('a directory others can read is a warning with the chmod to run', async () => {
    const dir = makeHome();
    chmodSync(dir, 0o755);
    const [first] = await checkStateDir(dir);
    expect(first).toEqual({ subject: 'state directory', status: 'warn', message: `${dir} has mode 0755: other users can see the account list and audit trail. chmod 700 ${dir}` });
  });

  it('a file where the directory should be fails', async () => {
    const file = join(makeHome(), 'plain');
    writeFileSync(file, '');
    expect((await checkStateDir(file))[0]).toMatchObject({ status: 'fail', message: `${file} is not a directory. Move it aside, or set TFA_PROVISIONER_HOME to a directory.` });
  });

  it('a state.json that is a directory, or damaged, fails with the store’s own advice', async () => {
    const dir = makeHome();
    mkdirSync(join(dir, 'state.json'));
    const notFile = (await checkStateDir(dir)).find((r) => r.subject === 'state file');
    expect(notFile).toMatchObject({ status: 'fail', message: expect.stringContaining('is a directory, not a regular file') });

    const other = makeHome();
    writeFileSync(join(other, 'state.json'), '{"format":');
    const damaged = (await checkStateDir(other)).find((r) => r.subject === 'state file');
    expect(damaged).toMatchObject({ status: 'fail', message: expect.stringContaining('is damaged or not a TFA Provisioner state file') });
  });

  it('a lock held by a live process is a warning; one left by a dead process will be cleared', async () => {
    const dir = makeHome();
    mkdirSync(join(dir, 'state.json.lock'));
    const owner = (pid: number) => writeFileSync(join(dir, 'state.json.lock.owner'), JSON.stringify({ pid, host: hostname(), lock: 'x' }));
    owner(process.pid);
    expect((await checkStateDir(dir)).find((r) => r.subject === 'state lock')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining(`locked by process ${process.pid}, which is running`),
    });
    owner(2 ** 22 + 12345);
    expect((await checkStateDir(dir)).find((r) => r.subject === 'state lock')).toMatchObject({
      status: 'ok',
      message: `a lock left by process ${2 ** 22 + 12345}, which is no longer running; the next command clears it.`,
    });
  });
});
