// A 500-account rollout through the CLI, in this process (runCli with the real state file and keychain) so that
// hundreds of commands do not measure Node start-ups: import, provision, print, verify, apply, reconcile against
// a "server" (a second state directory answering with the app's own twofactorauth_get_user_configs), with every
// kind of mismatch, then expiry with a fixed clock and re-provisioning the expired in one batch.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/main.js';
import { TfaEngine } from '../../main/engine/tfa-engine.js';
import { openEngine } from '../../main/store/open-engine.js';
import { STATE_FILE_NAME } from '../../main/store/state-file.js';
import { codeAt } from '../engine/helpers.js';
import { KEYRING_SKIP_REASON, keyringAvailable, makeHome } from './cli-harness.js';

if (!keyringAvailable) console.warn(`rollout-cli.test.ts skipped: ${KEYRING_SKIP_REASON}`);

const DAY = 86_400_000;
const START = Date.parse('2026-03-02T09:00:00.000Z');

class Collected extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** The operator's clock, set by the test: codes and expiry are computed at known times. */
const clock = { ms: START, now: () => clock.ms };

async function cli(home: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Collected();
  const stderr = new Collected();
  const code = await runCli(args, { stdout, stderr, env: { ...process.env, TFA_PROVISIONER_HOME: home } }, async (options) => {
    const opened = await openEngine(options);
    const ports = { ...opened.ports, clock };
    return { ...opened, ports, engine: new TfaEngine(ports) };
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of several commands, checked field by field
type Answer = { code: number; data: any; reason: string; stderr: string };

async function json(home: string, args: string[]): Promise<Answer> {
  const run = await cli(home, ['--output=json', ...args]);
  const answer = JSON.parse(run.stdout) as { data?: unknown; metadata: { reason: string } };
  return { code: run.code, data: answer.data, reason: answer.metadata.reason, stderr: run.stderr };
}

const user = (n: number) => `u${String(n).padStart(3, '0')}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => user(from + i));

describe.skipIf(!keyringAvailable)('a 500-account rollout through the CLI', () => {
  it('import, provision, print, verify, apply, reconcile, expire and re-provision, counted at every step', { timeout: 600_000 }, async () => {
    const host = `rollout-${process.pid}-${Date.now()}.example.test`;
    const here = makeHome();
    const server = makeHome();
    const file = (name: string) => join(here, name);
    const counts = async () => (await json(here, ['rollout', 'status'])).data.counts;

    expect((await json(here, ['servers', 'add', host])).code).toBe(0);
    expect((await json(here, ['servers', 'set', '--pending-expiry-days=14'])).data).toEqual({ hostname: host, pending_expiry_days: 14 });
    writeFileSync(file('accounts.csv'), ['user,domain', ...range(1, 500).map((u) => `${u},${u}.example.com`)].join('\n'));
    expect((await json(here, ['accounts', 'import', file('accounts.csv')])).data).toMatchObject({ added: 500 });
    expect(await counts()).toEqual({ none: 500, provisioned: 0, printed: 0, expired: 0, verified: 0, applied: 0, confirmed: 0 });

    expect((await json(here, ['provision', '--all'])).code).toBe(0);
    expect(await counts()).toMatchObject({ none: 0, provisioned: 500 });

    // Sheets for the first 450; the rest are "not yet printed".
    const firstSheets = await json(here, ['sheets', ...range(1, 450), `--out=${file('sheets-1.html')}`, '--with-secrets']);
    expect(firstSheets.data).toMatchObject({ accounts: 450 });
    expect(await counts()).toMatchObject({ provisioned: 50, printed: 450 });
    const rest = await json(here, ['sheets', '--not-printed', `--out=${file('sheets-2.html')}`, '--with-secrets']);
    expect(rest.data).toMatchObject({ accounts: 50 });
    expect(readFileSync(file('sheets-2.html'), 'utf8').match(/data-user="u\d+"/g)).toEqual(range(451, 500).map((u) => `data-user="${u}"`));
    expect(await counts()).toMatchObject({ provisioned: 0, printed: 500 });
    expect((await json(here, ['sheets', '--not-printed', `--out=${file('sheets-3.html')}`, '--with-secrets'])).reason).toBe(
      'Every pending account’s sheet has been printed or exported already; there is nothing to print.',
    );

    // The first codes of 300 accounts, a minute later.
    await cli(here, ['export', 'uris', '--all', `--out=${file('uris.txt')}`, '--with-secrets']);
    const secretOf = new Map(
      readFileSync(file('uris.txt'), 'utf8').trim().split('\n').map((uri) => [decodeURIComponent(uri.split(':')[2]!.split('?')[0]!), new URL(uri).searchParams.get('secret')!]),
    );
    clock.ms = START + 60_000;
    for (const u of range(1, 300)) {
      const verified = await json(here, ['verify', u, codeAt(secretOf.get(u)!, clock.ms)]);
      expect(verified.code, `${u}: ${verified.reason}`).toBe(0);
    }
    expect(await counts()).toMatchObject({ printed: 200, verified: 300 });

    expect((await json(here, ['export', 'apply-body', '--all', `--out=${file('body.json')}`, '--with-secrets'])).data).toMatchObject({ accounts: 300 });
    expect(Object.keys(JSON.parse(readFileSync(file('body.json'), 'utf8')) as object)).toHaveLength(300);
    expect(await counts()).toMatchObject({ verified: 0, applied: 300 });

    // The server took the apply body: its state is ours as of now. Then it changes on its own.
    copyFileSync(join(here, STATE_FILE_NAME), join(server, STATE_FILE_NAME));
    await json(here, ['accounts', 'add', 'newbie', 'newbie.example.com']);
    expect((await json(server, ['twofactorauth_remove_user_config', 'user-1=u001', 'user-2=u002'])).code).toBe(0);
    const other = 'JBSWY3DPEHPK3PXP';
    for (const [name, add] of [['u450', false], ['zed', true], ['newbie', true]] as const) {
      if (add) await json(server, ['accounts', 'add', name, `${name}.example.com`]);
      const set = await json(server, ['twofactorauth_set_tfa_config', `user=${name}`, `secret=${other}`, `tfa_token=${codeAt(other, clock.ms)}`]);
      expect(set.code, set.reason).toBe(0);
    }
    expect((await json(server, ['accounts', 'remove', 'u499', '--force'])).code).toBe(0);
    for (const [format, name] of [['json', 'answer.json'], ['yaml', 'answer.yaml'], ['xml', 'answer.xml']] as const) {
      const answered = await cli(server, [`--output=${format}`, 'twofactorauth_get_user_configs']);
      expect(answered.code).toBe(0);
      writeFileSync(file(name), answered.stdout);
    }

    const reconciled = await json(here, ['accounts', 'reconcile', file('answer.json'), '--list']);
    expect(reconciled.code).toBe(0);
    expect(reconciled.data).toEqual({
      server: host,
      source: { format: 'json', users: 502 },
      confirmed: range(3, 300),
      confirmed_count: 298,
      newly_confirmed: range(3, 300),
      newly_confirmed_count: 298,
      applied_not_enabled: ['u001', 'u002'],
      applied_not_enabled_count: 2,
      enabled_on_server_only: [
        { user: 'newbie', here: 'none' },
        { user: 'u450', here: 'pending' },
        { user: 'zed', here: 'unknown' },
      ],
      enabled_on_server_only_count: 3,
      missing_on_server: ['u499'],
      missing_on_server_count: 1,
    });
    expect(await counts()).toEqual({ none: 1, provisioned: 0, printed: 200, expired: 0, verified: 0, applied: 2, confirmed: 298 });
    // The YAML and XML answers say the same; nothing is confirmed twice.
    for (const name of ['answer.yaml', 'answer.xml']) {
      // Without --list, a list of more than 20 accounts is only counted, and stderr says so.
      const again = await json(here, ['accounts', 'reconcile', file(name)]);
      expect(again.data).toMatchObject({ source: { format: name.split('.')[1] }, confirmed_count: 298, newly_confirmed: [], applied_not_enabled: ['u001', 'u002'] });
      expect(again.data.confirmed).toBeUndefined();
      expect(again.stderr).toContain('298 accounts confirmed: add --list to name them.');
    }

    // Files that must not be reconciled, each with its reason, and exit status 1.
    const elsewhere = makeHome();
    await cli(elsewhere, ['servers', 'add', 'other.example.net']);
    writeFileSync(file('other.json'), (await cli(elsewhere, ['--output=json', 'twofactorauth_get_user_configs'])).stdout);
    writeFileSync(file('issuer.yaml'), (await cli(server, ['twofactorauth_get_issuer'])).stdout);
    writeFileSync(file('cut.xml'), readFileSync(file('answer.xml'), 'utf8').slice(0, 500));
    const refused = {
      'other.json': /^The file comes from another server: its root entry's primary_domain \(which WHM sets to the server's hostname\) is “other\.example\.net”/,
      'issuer.yaml': /^The file is the answer of twofactorauth_get_issuer, not of twofactorauth_get_user_configs/,
      'cut.xml': /^The file is not a readable twofactorauth_get_user_configs answer: it is not valid XML/,
    };
    for (const [name, reason] of Object.entries(refused)) {
      const run = await json(here, ['accounts', 'reconcile', file(name), '--list']);
      expect(run.code, name).toBe(1);
      expect(run.reason, name).toMatch(reason);
    }
    expect(await counts()).toMatchObject({ confirmed: 298, applied: 2 });

    // Fifteen days on, the 200 unverified secrets are past the 14-day limit; one batch replaces them.
    clock.ms = START + 15 * DAY;
    const expired = await json(here, ['rollout', 'status', '--stage=expired']);
    expect(expired.data.counts).toMatchObject({ printed: 0, expired: 200 });
    expect(expired.data.rows.map((r: { user: string }) => r.user)).toEqual(range(301, 500));
    const reprovisioned = await json(here, ['provision', '--expired']);
    expect(reprovisioned.code).toBe(0);
    expect(await counts()).toEqual({ none: 1, provisioned: 200, printed: 0, expired: 0, verified: 0, applied: 2, confirmed: 298 });
    expect((await json(here, ['provision', '--expired'])).reason).toBe(
      'No pending secret is older than this profile’s pending-expiry limit (14 days); there is nothing to re-provision.',
    );
    expect((await json(here, ['sheets', '--not-printed', `--out=${file('sheets-4.html')}`, '--with-secrets'])).data).toMatchObject({ accounts: 200 });

    // The same counts in whmapi1's YAML, and the audit trail holds no secret.
    const yaml = await cli(here, ['rollout', 'status']);
    // whmapi1's YAML (YAML::Syck) sorts keys, the app's answers too.
    expect(yaml.stdout).toContain('  counts: \n    applied: 2\n    confirmed: 298\n    expired: 0\n    none: 1\n    printed: 200\n    provisioned: 0\n    verified: 0\n');
    const trail = (await cli(here, ['--output=json', 'audit'])).stdout;
    for (const u of ['u001', 'u450']) expect(trail).not.toContain(secretOf.get(u)!);
    const entries = (JSON.parse(trail) as { data: { entries: { function: string; user: string | null }[] } }).data.entries;
    expect(entries).toContainEqual(expect.objectContaining({ function: 'rollout_confirmed', user: 'u003' }));
  });

  it('refuses bad rollout options with a usage error (exit 2)', async () => {
    const home = makeHome();
    for (const [args, message] of [
      [['servers', 'set', '--pending-expiry-days=0'], '--pending-expiry-days must be a whole number of days from 1 to 365, or off, not “0”.'],
      [['servers', 'set'], 'Usage: tfa-provisioner servers set [HOST] --pending-expiry-days=N|off'],
      [['rollout', 'status', '--stage=done'], '--stage must be all or one of none, provisioned, printed, expired, verified, applied, confirmed, not “done”.'],
      [['provision', '--expired', 'u001'], 'Give --expired alone, without USER or --all. Usage: tfa-provisioner provision (USER ... | --all | --expired)'],
      [['sheets', '--not-printed', '--all', '--out=x.html', '--with-secrets'], 'Give --not-printed without USER, --all or --state. Usage: tfa-provisioner sheets'],
      [['accounts', 'reconcile'], 'Usage: tfa-provisioner accounts reconcile FILE'],
    ] as const) {
      const run = await cli(home, [...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
    }
  });
});
