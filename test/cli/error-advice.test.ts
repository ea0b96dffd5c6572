// After a failure the keychain or the state file caused, the CLI prints on stderr one line with what to do next, per
// kind (main/common/adapter-advice.ts, the words the desktop app's alert shows): against the real gnome-keyring locked
// (in a keyring session of its own, since locking it would disturb the other tests) and absent, and a damaged state
// file. The answer itself stays as it was: an app command's envelope with its error_code, a WHM function's WHM's.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adviceFor, HEADLESS_KEYRING_RECIPE } from '../../main/common/adapter-advice.js';
import { CLI, KEYRING_SKIP_REASON, keyringAvailable, LOCK_LOGIN, makeHome, runCli, sh } from './cli-harness.js';

const runWithKeyring = fileURLToPath(new URL('../run-with-keyring.sh', import.meta.url));
const SECRET = 'JBSWY3DPEHPK3PXP';

const nextStepLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('tfa-provisioner: next step: '));

if (!keyringAvailable) console.warn(`error-advice.test.ts: the locked-keyring case is skipped: ${KEYRING_SKIP_REASON}`);

describe.skipIf(!keyringAvailable)('the next step after a locked keychain, with the real gnome-keyring', () => {
  it('an app command and a WHM function each end with one line: unlock it, nothing lost, doctor', async () => {
    const home = makeHome();
    const cli = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`;
    const out = (name: string) => `> ${JSON.stringify(join(home, `${name}.out`))} 2> ${JSON.stringify(join(home, `${name}.err`))}`;
    const inner = [
      'set -e',
      `${cli} accounts add alice alice.example >/dev/null`,
      `${cli} provision alice >/dev/null`,
      LOCK_LOGIN,
      `code=$(printf %s ${SECRET} | oathtool --totp -b -)`,
      'set +e',
      `${cli} --output=json reveal alice ${out('reveal')}; echo $? > ${JSON.stringify(join(home, 'reveal.code'))}`,
      `${cli} --output=json twofactorauth_set_tfa_config secret=${SECRET} tfa_token=$code ${out('whm')}; echo $? > ${JSON.stringify(join(home, 'whm.code'))}`,
    ].join('\n');
    const run = await sh(`bash ${JSON.stringify(runWithKeyring)} bash -c "$INNER"`, { TFA_PROVISIONER_HOME: home, DISPLAY: '', INNER: inner });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const read = (name: string) => readFileSync(join(home, name), 'utf8');

    const expected = `tfa-provisioner: next step: ${adviceFor('KEYCHAIN_LOCKED', home).nextStep}`;
    expect(expected).toContain('Unlock it (Passwords and Keys, your KeePassXC database, or Keychain Access), then try again; nothing was changed and no secret is lost.');
    expect(expected).toContain('`tfa-provisioner doctor` checks the keychain.');

    expect(read('reveal.code').trim()).toBe('1');
    expect(JSON.parse(read('reveal.out')).metadata).toMatchObject({ result: 0, error_code: 'KEYCHAIN_LOCKED' });
    expect(nextStepLines(read('reveal.err'))).toEqual([expected]);
    expect(read('reveal.err').trim().split('\n').at(-1)).toBe(expected);

    // WHM's envelope, without error_code; the next step on stderr all the same.
    expect(read('whm.code').trim()).toBe('0');
    const whm = JSON.parse(read('whm.out')) as { metadata: Record<string, unknown> };
    expect(whm.metadata).toMatchObject({ command: 'twofactorauth_set_tfa_config', result: 0, reason: 'Failed to set user configuration.' });
    expect(whm.metadata).not.toHaveProperty('error_code');
    expect(nextStepLines(read('whm.err'))).toEqual([expected]);
  }, 120_000);
});

describe('the next step after other keychain and state-file failures', () => {
  it('no Secret Service: start one, with the headless recipe the README gives', async () => {
    const home = makeHome();
    await runCli(home, ['accounts', 'add', 'alice', 'alice.example']);
    const run = await runCli(home, ['--output=json', 'provision', 'alice'], { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', DISPLAY: '' });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).metadata.error_code).toBe('KEYCHAIN_UNAVAILABLE');
    const [line, ...more] = nextStepLines(run.stderr);
    expect(more).toEqual([]);
    expect(line).toBe(`tfa-provisioner: next step: ${adviceFor('KEYCHAIN_UNAVAILABLE', home).nextStep}`);
    expect(line).toContain(`In a headless or SSH session, work in a shell started with: ${HEADLESS_KEYRING_RECIPE} (the README's headless recipe).`);
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replaceAll('\\|', '|')).toContain(`\`${HEADLESS_KEYRING_RECIPE}\``);
  });

  it('a damaged state file: where it is and that nothing was changed, for an app command and a WHM function alike', async () => {
    const home = makeHome();
    const file = join(home, 'state.json');
    writeFileSync(file, '{"format":"tfa-provisioner-state","version":1,"profiles":');
    const expected = `tfa-provisioner: next step: Nothing was changed: state.json in ${home} was left as it was. Move it aside (for example to state.json.broken), then restore your profile backups (tfa-provisioner restore FILE).`;
    expect(adviceFor('STATE_CORRUPT', home).nextStep).toBe(expected.slice('tfa-provisioner: next step: '.length));

    const list = await runCli(home, ['--output=json', 'accounts', 'list']);
    expect(list.code).toBe(1);
    expect(JSON.parse(list.stdout).metadata).toMatchObject({ result: 0, error_code: 'STATE_CORRUPT' });
    expect(nextStepLines(list.stderr)).toEqual([expected]);

    const whm = await runCli(home, ['--output=json', 'twofactorauth_get_user_configs']);
    expect(whm.code).toBe(0);
    expect(JSON.parse(whm.stdout).metadata.reason).toMatch(/^Failed to fetch user configurations: \(XID [a-z0-9]{6}\) The state file .* is damaged/);
    expect(nextStepLines(whm.stderr)).toEqual([expected]);
    expect(readFileSync(file, 'utf8')).toBe('{"format":"tfa-provisioner-state","version":1,"profiles":');
  });

  it('a state file from a newer version says to upgrade, a different step from a damaged one', async () => {
    const home = makeHome();
    writeFileSync(join(home, 'state.json'), JSON.stringify({ format: 'tfa-provisioner-state', version: 99 }));
    const run = await runCli(home, ['accounts', 'list']);
    expect(nextStepLines(run.stderr)).toEqual([
      `tfa-provisioner: next step: Nothing was changed: state.json in ${home} was left as it was. Upgrade TFA Provisioner to the version that wrote it, then try again.`,
    ]);
  });

  it('a failure that is not the keychain’s or the state file’s gets no such line', async () => {
    const run = await runCli(makeHome(), ['reveal', 'nobody']);
    expect(run.code).toBe(1);
    expect(nextStepLines(run.stderr)).toEqual([]);
  });
});
