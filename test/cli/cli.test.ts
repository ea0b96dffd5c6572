// The command line as an operator uses it: output formats, exit codes, the provisioning flow with
// oathtool's codes, QR codes read back by zbarimg, and what happens without a keychain or with a broken state file.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { KEYRING_SKIP_REASON, keyringAvailable, makeHome, oathtoolCode, runCli, runJson } from './cli-harness.js';

const NINE = [
  'twofactorauth_generate_tfa_config',
  'twofactorauth_set_tfa_config',
  'twofactorauth_get_user_configs',
  'twofactorauth_remove_user_config',
  'twofactorauth_policy_status',
  'twofactorauth_enable_policy',
  'twofactorauth_disable_policy',
  'twofactorauth_get_issuer',
  'twofactorauth_set_issuer',
];

/** Every file under the state directory, as bytes decoded leniently, to search for secrets in clear. */
function everythingIn(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'latin1'))
    .join('\n');
}

describe('usage', () => {
  it('--help lists the nine functions, the commands beyond WHM and the options', async () => {
    const run = await runCli(makeHome(), ['--help']);
    expect(run.code).toBe(0);
    for (const fn of NINE) expect(run.stdout).toContain(fn);
    for (const word of ['--output=FORMAT', '--server=HOST', '--qr=TARGET', 'accounts import FILE', 'provision', 'verify USER CODE']) {
      expect(run.stdout).toContain(word);
    }
  });

  it.each([
    [['--output=toml', 'twofactorauth_policy_status'], '--output must be json, jsonpretty, yaml or xml'],
    [['--bogus', 'twofactorauth_policy_status'], 'Unknown option --bogus. twofactorauth_policy_status takes --output=FORMAT, --server=HOST, --fail.'],
    [['twofactorauth_set_issuer', 'JBSWY3DPEHPK3PXP'], 'Parameter 1 is not in key=value form.'],
    [['accounts', 'add', 'alice'], 'Usage: tfa-provisioner accounts add USER DOMAIN'],
    [['provision'], 'Name users, or give --all or --expired. Usage: tfa-provisioner provision (USER ... | --all | --expired)'],
    [['--qr=terminal', 'twofactorauth_get_issuer'], 'twofactorauth_get_issuer does not take --qr.'],
    [[], 'Name a function or command.'],
  ])('%j is a usage error (exit 2): %s', async (args, message) => {
    const run = await runCli(makeHome(), args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('never echoes a value that lacks its key (it may be a secret)', async () => {
    const run = await runCli(makeHome(), ['twofactorauth_set_tfa_config', 'JBSWY3DPEHPK3PXP']);
    expect(run.stderr).not.toContain('JBSWY3DPEHPK3PXP');
  });
});

describe('WHM functions on the command line', () => {
  it('answers in whmapi1 YAML by default, exit 0', async () => {
    const home = makeHome();
    const run = await runCli(home, ['twofactorauth_disable_policy']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('--- \nmetadata: \n  command: twofactorauth_disable_policy\n  reason: OK\n  result: 1\n  version: 1\n');
  });

  it('prints the same answer in all four formats', async () => {
    const home = makeHome();
    await runCli(home, ['twofactorauth_set_issuer', "issuer='My Host Co'"]);
    const json = JSON.parse((await runCli(home, ['--output=json', 'twofactorauth_get_issuer'])).stdout);
    expect(json).toEqual({
      data: { issuer: 'My Host Co', system_wide_issuer: 'My Host Co' },
      metadata: { command: 'twofactorauth_get_issuer', reason: 'OK', result: '1', version: 1 },
    });
    const pretty = (await runCli(home, ['--output=jsonpretty', 'twofactorauth_get_issuer'])).stdout;
    expect(JSON.parse(pretty)).toEqual(json);
    expect(pretty).toContain('\n   "data" : {\n');
    const yaml = (await runCli(home, ['--output=yaml', 'twofactorauth_get_issuer'])).stdout;
    expect(yaml.startsWith('--- \ndata: \n  issuer: My Host Co\n')).toBe(true);
    expect(parseYaml(yaml, { schema: 'failsafe' })).toEqual({ data: json.data, metadata: { ...json.metadata, version: '1' } });
    const xml = (await runCli(home, ['--output=xml', 'twofactorauth_get_issuer'])).stdout;
    expect(xml).toMatch(/^<result>\n {2}<data>\n {4}<issuer>My Host Co<\/issuer>/);
  });

  it('exits 0 when a WHM function answers result 0, as whmapi1 does, and 1 with --fail; the envelope is printed either way', async () => {
    const home = makeHome();
    const failing = await runJson(home, ['--fail', 'twofactorauth_set_issuer', `issuer=${'x'.repeat(33)}`]);
    expect(failing.code).toBe(1);
    expect(failing.json.metadata.result).toBe(0);
    expect((await runJson(home, ['--fail', 'twofactorauth_get_issuer'])).code).toBe(0);
    const run = await runJson(home, ['twofactorauth_set_issuer', `issuer=${'x'.repeat(33)}`]);
    expect(run.code).toBe(0);
    expect(run.json.metadata.reason).toMatch(
      /^Failed to set issuer: \(XID [a-z0-9]{6}\) The “issuer” parameter must be less than or equal to 32 characters in length\. It can only use spaces and the following characters: a-z A-Z 0-9 \. _ -$/,
    );
  });

  it('answers an unknown function as WHM does, exit 0 (1 with --fail)', async () => {
    const run = await runJson(makeHome(), ['csf_allow', 'ip=1.2.3.4']);
    expect(run.code).toBe(0);
    expect((await runJson(makeHome(), ['--fail', 'csf_allow'])).code).toBe(1);
    expect(run.json).toEqual({
      metadata: { command: 'csf_allow', reason: 'Unknown app ("csf_allow") requested for this version (1) of the API.', result: 0, version: 1 },
    });
  });

  it('refuses a huge value with a readable reason and no stack trace', async () => {
    const run = await runJson(makeHome(), ['twofactorauth_set_issuer', `issuer=${'a'.repeat(100_000)}`]);
    expect(run.code).toBe(0);
    expect(run.json.metadata.reason).toBe('The “issuer” parameter is too long (100000 characters; the limit is 4096).');
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('generate works without any keychain, since it stores nothing', async () => {
    const home = makeHome();
    const run = await runJson(home, ['twofactorauth_generate_tfa_config'], { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', DISPLAY: '' });
    expect(run.code).toBe(0);
    expect(run.json.data.secret).toMatch(/^[A-Z2-7]{16}$/);
    expect(run.json.data.otpauth_str).toMatch(/^otpauth:\/\/totp\/[^:]+:root\?secret=[A-Z2-7]{16}&issuer=[^&]+$/);
  });
});

describe('QR codes', () => {
  it('--qr=png writes a file (mode 0600) that zbarimg decodes to otpauth_str', async () => {
    const home = makeHome();
    const path = join(home, 'code.png');
    const run = await runJson(home, [`--qr=png:${path}`, 'twofactorauth_generate_tfa_config']);
    expect(run.code).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(run.stderr).toContain(`QR code written to ${path}`);
    const decoded = execFileSync('zbarimg', ['--raw', '-q', path], { encoding: 'utf8' }).trim();
    expect(decoded).toBe(run.json.data.otpauth_str);
  });

  it('--qr=svg writes an SVG (mode 0600)', async () => {
    const home = makeHome();
    const path = join(home, 'code.svg');
    const run = await runJson(home, [`--qr=svg:${path}`, 'twofactorauth_generate_tfa_config']);
    expect(run.code).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*viewBox="0 0 \d+ \d+"/);
  });

  it('--qr=terminal draws the code on stderr and keeps stdout for the envelope', async () => {
    const run = await runCli(makeHome(), ['--output=json', '--qr=terminal', 'twofactorauth_generate_tfa_config']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).metadata.result).toBe('1');
    expect(run.stderr).toMatch(/[█▀▄]/);
  });
});

describe('state directory', () => {
  it('a corrupt state file gives a clear error and is kept byte for byte', async () => {
    const home = makeHome();
    const garbage = '{"format":"tfa-provisioner-state","version":1,"profiles":{';
    writeFileSync(join(home, 'state.json'), garbage);
    // A WHM function prints its failure and exits 0, as whmapi1 does; the app's own command exits 1.
    for (const [args, code] of [[['twofactorauth_enable_policy'], 0], [['accounts', 'add', 'alice', 'alice.example'], 1]] as const) {
      const run = await runJson(home, [...args]);
      expect(run.code).toBe(code);
      expect(run.json.metadata.result).toBe(0);
      expect(run.json.metadata.reason + (run.json.metadata as { output?: { warnings?: string[] } }).output?.warnings?.join(' ')).toMatch(
        /state\.json/,
      );
      // The app's own command names the kind for scripts; WHM's function keeps WHM's envelope exactly.
      expect(run.json.metadata.error_code).toBe(args[0] === 'accounts' ? 'STATE_CORRUPT' : undefined);
    }
    expect(readFileSync(join(home, 'state.json'), 'utf8')).toBe(garbage);
  });

  it('concurrent CLI processes lose no update', async () => {
    const home = makeHome();
    const users = Array.from({ length: 8 }, (_, i) => `user${i}`);
    const runs = await Promise.all(users.map((u) => runCli(home, ['accounts', 'add', u, `${u}.example`])));
    expect(runs.map((r) => r.code)).toEqual(users.map(() => 0));
    const list = await runJson(home, ['accounts', 'list']);
    expect(list.json.data.accounts.map((a: { user: string }) => a.user).sort()).toEqual(users);
  });

  it('imports a listaccts JSON dump and a CSV, reporting rows it refuses', async () => {
    const home = makeHome();
    const dump = join(home, 'listaccts.json');
    writeFileSync(
      dump,
      JSON.stringify({
        data: { acct: [{ user: 'alice', domain: 'alice.example' }, { user: 'bob', domain: 'bob.example' }] },
        metadata: { command: 'listaccts', reason: 'OK', result: '1', version: 1 },
      }),
    );
    const first = await runJson(home, ['accounts', 'import', dump]);
    expect(first.code).toBe(0);
    expect(first.json.data).toMatchObject({ format: 'listaccts-json', added: 2, updated: 0, unchanged: 0, problems: [] });
    const csv = join(home, 'accounts.csv');
    writeFileSync(csv, 'user,domain\ncarol,carol.example\nroot,root.example\nalice,alice.example\n');
    const second = await runJson(home, ['accounts', 'import', csv]);
    expect(second.json.data).toMatchObject({ format: 'csv', added: 1, unchanged: 1 });
    expect(second.json.data.problems).toEqual([{ row: 3, reason: 'The username “root” is reserved by the system.' }]);
  });
});

describe.skipIf(!keyringAvailable)('provisioning with the real keychain', () => {
  it('provision → oathtool code → verify enables the account; wrong and stale codes are refused; no secret in clear', async () => {
    const home = makeHome();
    expect((await runCli(home, ['servers', 'add', 'whm.example.com'])).code).toBe(0);
    expect((await runCli(home, ['accounts', 'add', 'alice', 'alice.example'])).code).toBe(0);
    const provisioned = await runJson(home, ['provision', 'alice', '--with-secrets']);
    expect(provisioned.code).toBe(0);
    const [entry] = provisioned.json.data.provisioned;
    expect(entry.otpauth_str).toBe(`otpauth://totp/whm.example.com:alice?secret=${entry.secret}&issuer=whm.example.com`);

    const wrong = await runJson(home, ['verify', 'alice', '000000']);
    const stale = await runJson(home, ['verify', 'alice', oathtoolCode(entry.secret, '5 minutes ago')]);
    for (const refused of [wrong, stale]) {
      expect(refused.code).toBe(1);
      expect(refused.json.metadata).toEqual({ command: 'twofactorauth_set_tfa_config', reason: 'The security code is invalid.', result: 0, version: 1 });
      // The likely cause, in the desktop app's words, on stderr.
      expect(refused.stderr).toContain(
        "tfa-provisioner: Check the time on both devices: the phone's clock and this computer's clock must agree within 30 seconds. Turn on automatic (network) time on the phone, then type the code it shows now, not an older one.\n",
      );
    }
    const verified = await runJson(home, ['verify', 'alice', oathtoolCode(entry.secret)]);
    expect(verified.code).toBe(0);
    expect(verified.stderr).not.toContain('Check the time');
    expect(verified.json.data).toEqual({ success: 1 });

    const configs = await runJson(home, ['twofactorauth_get_user_configs', 'user=alice']);
    expect(configs.json.data).toEqual({ alice: { is_enabled: 1, primary_domain: 'alice.example' } });
    expect(everythingIn(home)).not.toContain(entry.secret);
    expect(readFileSync(join(home, 'audit.jsonl'), 'utf8')).not.toMatch(/secret|[A-Z2-7]{16}/);
  });

  it('set_tfa_config accepts oathtool’s code for a generated secret and refuses a stale one', async () => {
    const home = makeHome();
    const generated = await runJson(home, ['twofactorauth_generate_tfa_config']);
    const secret = generated.json.data.secret as string;
    const stale = await runJson(home, ['twofactorauth_set_tfa_config', `secret=${secret}`, `tfa_token=${oathtoolCode(secret, '2 minutes ago')}`]);
    expect(stale.json.metadata.reason).toBe('The security code is invalid.');
    const good = await runJson(home, ['twofactorauth_set_tfa_config', `secret=${secret}`, `tfa_token=${oathtoolCode(secret)}`]);
    expect(good.code).toBe(0);
    expect(good.json).toEqual({ data: { success: 1 }, metadata: { command: 'twofactorauth_set_tfa_config', reason: 'OK', result: '1', version: 1 } });
    expect(everythingIn(home)).not.toContain(secret);
  });

  it('provision --all shows progress on stderr and a rerun skips what is already pending', async () => {
    const home = makeHome();
    const csv = join(home, 'many.csv');
    writeFileSync(csv, Array.from({ length: 1200 }, (_, i) => `u${i},u${i}.example`).join('\n'));
    await runCli(home, ['accounts', 'import', csv]);
    const run = await runJson(home, ['provision', '--all']);
    expect(run.code).toBe(0);
    expect(run.json.data.provisioned_count).toBe(1200);
    expect(run.stderr).toContain('Provisioning 500/1200 (41%)');
    expect(run.stderr).toContain('Provisioning 1200/1200 (100%)');
    const again = await runJson(home, ['provision', '--all']);
    expect(again.json.data).toMatchObject({ provisioned: [], provisioned_count: 0, skipped_count: 1200 });
    // 1,200 skipped accounts are a count, not a page of names, unless --list asks for them.
    expect(again.json.data).not.toHaveProperty('skipped');
    expect(again.stderr).toContain('1,200 accounts skipped: add --list to name them.');
  });
});

describe('without a keychain', () => {
  const noKeychain = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', DISPLAY: '' };

  it('provisioning fails with the cause and the fix, and writes no secret anywhere', async () => {
    const home = makeHome();
    await runCli(home, ['accounts', 'add', 'alice', 'alice.example'], noKeychain);
    const run = await runJson(home, ['provision', 'alice'], noKeychain);
    expect(run.code).toBe(1);
    expect(run.json.metadata.reason).toMatch(/Secret Service/);
    expect(run.json.metadata.reason).toMatch(/never stored without the keychain|unlock/i);
    const list = await runJson(home, ['accounts', 'list']);
    expect(list.json.data.accounts[0].state).toBe('none');
  });

  it('set_tfa_config answers WHM’s write failure with the cause as a warning', async () => {
    const home = makeHome();
    const secret = 'JBSWY3DPEHPK3PXP';
    const run = await runJson(home, ['twofactorauth_set_tfa_config', `secret=${secret}`, `tfa_token=${oathtoolCode(secret)}`], noKeychain);
    expect(run.code).toBe(0);
    expect(run.json.data).toEqual({ success: 0 });
    expect(run.json.metadata.reason).toBe('Failed to set user configuration.');
    expect((run.json.metadata as { output?: { warnings?: string[] } }).output?.warnings?.[0]).toMatch(/Secret Service/);
    expect(everythingIn(home)).not.toContain(secret);
  });
});

if (!keyringAvailable) console.warn(`skipping the CLI keychain tests: ${KEYRING_SKIP_REASON}`);
