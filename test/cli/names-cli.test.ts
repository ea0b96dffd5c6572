// Names are data, through the command line as an operator types them: valid cPanel names that are also
// Object.prototype's members work end to end, `__proto__` and control characters are refused with a clear reason
// (never a stack trace), and odd things at state.json (a FIFO, a hand-edited activeProfile) are reported at once.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYRING_SKIP_REASON, keyringAvailable, makeHome, oathtoolCode, runHere, runHereJson } from './cli-harness.js';

const STACK = /\n\s+at /;

if (!keyringAvailable) console.warn(`names-cli.test.ts: the provisioning journey is skipped: ${KEYRING_SKIP_REASON}`);

describe.skipIf(!keyringAvailable)('names through the CLI, with the real keychain', () => {
  it('constructor, toString and hasOwnProperty work end to end; __proto__ is refused plainly everywhere', async () => {
    const home = makeHome();
    expect((await runHere(home, ['servers', 'add', 'names.example.com'])).code).toBe(0);
    expect((await runHereJson(home, ['accounts', 'add', 'constructor', 'c.example'])).json.data).toEqual({ user: 'constructor', domain: 'c.example', state: 'none' });
    expect((await runHereJson(home, ['accounts', 'add', 'toString', 't.example'])).json.data).toMatchObject({ user: 'tostring' });
    const csv = join(home, 'accounts.csv');
    writeFileSync(csv, 'user,domain\n__proto__,evil.example\nhasOwnProperty,h.example\n');
    const imported = await runHereJson(home, ['accounts', 'import', csv]);
    expect(imported.json.data).toMatchObject({ added: 1, problems: [{ row: 2, reason: expect.stringContaining('“__proto__” is reserved') }] });

    const provisioned = await runHereJson(home, ['provision', 'constructor', '--with-secrets']);
    const { secret } = provisioned.json.data.provisioned[0];
    expect((await runHereJson(home, ['verify', 'constructor', oathtoolCode(secret)])).code).toBe(0);
    const configs = await runHereJson(home, ['twofactorauth_get_user_configs', 'user=constructor']);
    expect(configs.json.data).toEqual({ constructor: { is_enabled: 1, primary_domain: 'c.example' } });
    const xml = await runHere(home, ['--output=xml', 'twofactorauth_get_user_configs', 'user=constructor']);
    expect(xml.stdout).toContain('<constructor>');

    const removed = await runHere(home, ['--output=json', 'twofactorauth_remove_user_config', 'user=__proto__']);
    expect(removed.stderr).not.toMatch(STACK);
    expect(removed.code).toBe(0);
    expect(Object.keys(JSON.parse(removed.stdout).data.failed)).toEqual(['__proto__']);
    const set = await runHereJson(home, ['twofactorauth_set_tfa_config', 'user=__proto__', `secret=${secret}`, `tfa_token=${oathtoolCode(secret)}`]);
    expect(set.json.metadata.result).toBe(0);

    const use = await runHereJson(home, ['servers', 'use', '__proto__']);
    expect(use.code).toBe(1);
    expect(use.json.metadata.reason).toBe('“__proto__” is not a valid hostname.');
    const list = await runHereJson(home, ['accounts', 'list']);
    expect(list.json.data.server).toBe('names.example.com');
    expect(list.json.data.accounts.map((a: { user: string; state: string }) => [a.user, a.state])).toEqual([
      ['constructor', 'enabled'],
      ['hasownproperty', 'none'],
      ['tostring', 'none'],
    ]);
  });
});

describe('odd state files through the CLI', () => {
  it('a state file whose activeProfile is __proto__ is reported as damaged, naming the field', async () => {
    const home = makeHome();
    writeFileSync(join(home, 'state.json'), JSON.stringify({ format: 'tfa-provisioner-state', version: 1, activeProfile: '__proto__', profiles: {} }));
    const run = await runHere(home, ['accounts', 'list']);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain('activeProfile is not a valid hostname: “__proto__” is not a valid hostname.');
    expect(run.stdout + run.stderr).not.toMatch(STACK);
  });

  it('a FIFO at state.json is reported at once instead of hanging the command', async () => {
    const home = makeHome();
    mkdirSync(home, { recursive: true });
    execFileSync('mkfifo', [join(home, 'state.json')]);
    const run = await runHere(home, ['accounts', 'list']);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain('is a FIFO (named pipe), not a regular file, so it was not read.');
  });
});
