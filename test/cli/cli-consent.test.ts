// Destructive steps ask on a terminal or need --force, and say so; advice that works; warnings WHM does not give.
// In this process, with an in-memory keychain (these are about the CLI's words, not the keychain) and a stdin that is
// a terminal or not, as the test needs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/main.js';
import { openEngine } from '../../main/store/open-engine.js';
import { MemoryKeychain } from '../store/memory-keychain.js';
import { makeHome, oathtoolCode, QUICK_SCRYPT } from './cli-harness.js';

class Collected extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

interface Machine {
  home: string;
  /** Runs a command; `typed` makes stdin a terminal on which those lines are typed. */
  run(args: string[], typed?: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
}

function machine(): Machine {
  const home = makeHome();
  const keychain = new MemoryKeychain();
  return {
    home,
    async run(args, typed) {
      const stdout = new Collected();
      const stderr = new Collected();
      let stdin: PassThrough | undefined;
      if (typed) {
        stdin = Object.assign(new PassThrough(), { isTTY: true });
        stdin.end(typed.map((line) => `${line}\n`).join(''));
      }
      const code = await runCli(args, { stdout, stderr, env: { ...process.env, TFA_PROVISIONER_HOME: home }, ...(stdin ? { stdin } : {}) }, (options) =>
        openEngine({ ...options, keychain, scryptCost: QUICK_SCRYPT }),
      );
      return { code, stdout: stdout.text, stderr: stderr.text };
    },
  };
}

async function withAccounts(...users: string[]): Promise<Machine> {
  const m = machine();
  for (const user of users) expect((await m.run(['accounts', 'add', user, `${user}.example`])).code).toBe(0);
  return m;
}

describe('backup FILE over an existing file', () => {
  it('with no terminal, stops before the passphrase, says --force is needed, and leaves the file alone', async () => {
    const m = await withAccounts('alice');
    const file = join(m.home, 'b.bak');
    writeFileSync(file, 'an older backup');
    const pass = join(m.home, 'pass');
    writeFileSync(pass, 'a long enough passphrase');
    const run = await m.run(['backup', file, `--passphrase-file=${pass}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`“${file}” exists; replacing it loses the backup (or file) it holds. Nothing was changed: add --force to go ahead (there is no terminal to ask on).`);
    expect(readFileSync(file, 'utf8')).toBe('an older backup');

    const forced = await m.run(['--output=json', 'backup', file, `--passphrase-file=${pass}`, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toBe('an older backup');
  });

  it('on a terminal, asks; no keeps the file, yes replaces it', async () => {
    const m = await withAccounts('alice');
    const file = join(m.home, 'b.bak');
    writeFileSync(file, 'an older backup');
    const pass = join(m.home, 'pass');
    writeFileSync(pass, 'a long enough passphrase');
    const no = await m.run(['backup', file, `--passphrase-file=${pass}`], ['n']);
    expect(no.code).toBe(2);
    expect(no.stderr).toContain('exists; replacing it loses the backup (or file) it holds. Go ahead? [y/N] ');
    expect(no.stderr).toContain('Cancelled; nothing was changed.');
    expect(readFileSync(file, 'utf8')).toBe('an older backup');
    const yes = await m.run(['--output=json', 'backup', file, `--passphrase-file=${pass}`], ['y']);
    expect(yes.code).toBe(0);
    expect(JSON.parse(yes.stdout).data).toMatchObject({ path: file, accounts: 1 });
  });

  it('a new file needs no --force', async () => {
    const m = await withAccounts('alice');
    const pass = join(m.home, 'pass');
    writeFileSync(pass, 'a long enough passphrase');
    expect((await m.run(['backup', join(m.home, 'new.bak'), `--passphrase-file=${pass}`])).code).toBe(0);
  });
});

describe('accounts remove of an account that holds a secret', () => {
  it('needs --force (no terminal), names the accounts, and removes nothing; accounts without secrets go freely', async () => {
    const m = await withAccounts('alice', 'bob', 'carol');
    expect((await m.run(['provision', 'alice', 'bob'])).code).toBe(0);
    const refused = await m.run(['accounts', 'remove', 'alice', 'bob', 'carol']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('“alice” and “bob” hold secrets (pending or enabled): removing them forgets the secrets for good, and their holders must enrol again. Nothing was changed: add --force');
    const listed = JSON.parse((await m.run(['--output=json', 'accounts', 'list'])).stdout);
    expect(listed.data.accounts.map((a: { user: string }) => a.user)).toEqual(['alice', 'bob', 'carol']);

    expect((await m.run(['accounts', 'remove', 'carol'])).code).toBe(0);
    const forced = await m.run(['--output=json', 'accounts', 'remove', 'alice', 'bob', '--force']);
    expect(JSON.parse(forced.stdout).data.removed).toEqual(['alice', 'bob']);
  });

  it('on a terminal, asks once for all of them', async () => {
    const m = await withAccounts('alice');
    await m.run(['provision', 'alice']);
    const yes = await m.run(['--output=json', 'accounts', 'remove', 'alice'], ['yes']);
    expect(yes.stderr).toContain('“alice” holds a secret (pending or enabled): removing it forgets the secret for good, and its holder must enrol again. Go ahead? [y/N] ');
    expect(JSON.parse(yes.stdout).data.removed).toEqual(['alice']);
  });
});

describe('servers remove of a profile that holds secrets', () => {
  it('needs --force without a terminal, as a usage error that says so', async () => {
    const m = machine();
    await m.run(['servers', 'add', 'h.example']);
    await m.run(['accounts', 'add', 'alice', 'alice.example']);
    await m.run(['provision', 'alice']);
    const refused = await m.run(['servers', 'remove', 'h.example']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('The server profile “h.example” holds 1 secret; removing it destroys them (a backup keeps them: tfa-provisioner backup FILE). Nothing was changed: add --force');
    expect((await m.run(['servers', 'remove', 'h.example'], ['y'])).code).toBe(0);
  });
});

describe('restore FILE over an existing profile', () => {
  /** A machine whose profile h.example holds alice (pending) and bob (no secret), and a backup of it. */
  async function withBackup() {
    const m = machine();
    await m.run(['servers', 'add', 'h.example']);
    await m.run(['accounts', 'add', 'alice', 'alice.example']);
    await m.run(['provision', 'alice']);
    const pass = join(m.home, 'pass');
    writeFileSync(pass, 'a long enough passphrase');
    const file = join(m.home, 'h.bak');
    expect((await m.run(['backup', file, `--passphrase-file=${pass}`])).code).toBe(0);
    // Changed since the backup: restoring over it loses carol.
    await m.run(['accounts', 'add', 'carol', 'carol.example']);
    return { m, file, pass };
  }
  const users = async (m: Machine) => JSON.parse((await m.run(['--output=json', 'accounts', 'list'])).stdout).data.accounts.map((a: { user: string }) => a.user);
  const OVER = 'A server profile named “h.example” already exists; restoring replaces its accounts, states and secrets with the backup’s (a backup of it first keeps them: tfa-provisioner backup FILE).';

  it('with no terminal, stops with exit 2, says --force is needed, and changes nothing', async () => {
    const { m, file, pass } = await withBackup();
    const refused = await m.run(['restore', file, `--passphrase-file=${pass}`]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${OVER} Nothing was changed: add --force to go ahead (there is no terminal to ask on).`);
    expect(refused.stdout).toBe('');
    expect(await users(m)).toEqual(['alice', 'carol']);

    const forced = await m.run(['--output=json', 'restore', file, `--passphrase-file=${pass}`, '--force']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout).data).toMatchObject({ hostname: 'h.example', replaced: 1, accounts: 1 });
    expect(await users(m)).toEqual(['alice']);
  });

  it('on a terminal, asks once the passphrase has named the profile; no keeps it, yes replaces it', async () => {
    const { m, file, pass } = await withBackup();
    const no = await m.run(['restore', file, `--passphrase-file=${pass}`], ['n']);
    expect(no.code).toBe(2);
    expect(no.stderr).toContain(`${OVER} Go ahead? [y/N] `);
    expect(no.stderr).toContain('Cancelled; nothing was changed.');
    expect(await users(m)).toEqual(['alice', 'carol']);
    const yes = await m.run(['--output=json', 'restore', file, `--passphrase-file=${pass}`], ['y']);
    expect(yes.code).toBe(0);
    expect(JSON.parse(yes.stdout).data).toMatchObject({ hostname: 'h.example', replaced: 1 });
    expect(await users(m)).toEqual(['alice']);
  });

  it('--replace, its earlier name, still goes ahead without asking; a new profile needs neither', async () => {
    const { m, file, pass } = await withBackup();
    const replaced = await m.run(['--output=json', 'restore', file, `--passphrase-file=${pass}`, '--replace']);
    expect(JSON.parse(replaced.stdout).data).toMatchObject({ replaced: 1 });
    expect(await users(m)).toEqual(['alice']);
    const other = machine();
    const fresh = await other.run(['--output=json', 'restore', file, `--passphrase-file=${pass}`]);
    expect(fresh.code).toBe(0);
    expect(JSON.parse(fresh.stdout).data).toMatchObject({ hostname: 'h.example', replaced: 0 });
  });

  it('--help states the rule', async () => {
    const help = await machine().run(['restore', '--help']);
    expect(help.stdout).toContain('Over an existing profile of that hostname, asks on a terminal;');
    expect(help.stdout).toContain('otherwise needs --force (--replace, its earlier name, still works).');
  });
});

describe('twofactorauth_set_issuer without issuer=', () => {
  it('keeps WHM’s answer (the issuer is cleared) and warns on stderr', async () => {
    const m = machine();
    await m.run(['twofactorauth_set_issuer', 'issuer=Acme']);
    const run = await m.run(['--output=json', 'twofactorauth_set_issuer']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).metadata).toMatchObject({ command: 'twofactorauth_set_issuer', result: '1' });
    expect(run.stderr).toBe(
      'tfa-provisioner: warning: twofactorauth_set_issuer without issuer= clears the issuer, as WHM does: authenticator apps will show the hostname. To set one: twofactorauth_set_issuer issuer=NAME\n',
    );
    const issuer = JSON.parse((await m.run(['--output=json', 'twofactorauth_get_issuer'])).stdout);
    expect(issuer.data.issuer).not.toBe('Acme');
    // Said only when issuer= is missing: an explicit empty value is a choice.
    expect((await m.run(['twofactorauth_set_issuer', 'issuer='])).stderr).toBe('');
  });
});

describe('advice that works', () => {
  it('verify and reveal of an enabled account say it is enabled and how to re-provision', async () => {
    const m = await withAccounts('alice');
    const generated = JSON.parse((await m.run(['--output=json', 'provision', 'alice', '--with-secrets'])).stdout);
    const secret = generated.data.provisioned[0].secret as string;
    expect((await m.run(['verify', 'alice', oathtoolCode(secret)])).code).toBe(0);
    for (const args of [['reveal', 'alice'], ['verify', 'alice', '123456']]) {
      const run = await m.run(['--output=json', ...args]);
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout).metadata.reason).toBe(
        '“alice” is already enabled: its first code was verified, and its secret is no longer shown. To give it a new secret (its holder enrols again), re-provision it: tfa-provisioner provision alice --replace',
      );
    }
    expect((await m.run(['provision', 'alice', '--replace'])).code).toBe(0);
    expect((await m.run(['reveal', 'alice'])).code).toBe(0);
  });
});

describe('verify with a code that is not 6 digits', () => {
  it('says what a code is, not that the clocks may differ; the answer stays WHM’s', async () => {
    const m = await withAccounts('alice');
    await m.run(['provision', 'alice']);
    for (const code of ['12', '12345a', '1234567']) {
      const run = await m.run(['--output=json', 'verify', 'alice', code]);
      expect(JSON.parse(run.stdout).metadata.reason).toBe('The security code is invalid.');
      expect(run.stderr).toBe(`tfa-provisioner: Type the 6-digit code the authenticator app shows now (“${code}” is not one).\n`);
    }
    expect((await m.run(['verify', 'alice', '000000'])).stderr).toContain('Check the time on both devices');
  });
});

describe('provision --expired', () => {
  it('on a profile with no pending-expiry limit, says so and how to set one, instead of “nothing older than the limit”', async () => {
    const m = await withAccounts('alice');
    await m.run(['provision', 'alice']);
    const run = await m.run(['--output=json', 'provision', '--expired']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).metadata.reason).toBe(
      'This profile has no pending-expiry limit, so no pending secret counts as expired. Set one with: tfa-provisioner servers set --pending-expiry-days=N',
    );
    await m.run(['servers', 'set', '--pending-expiry-days=14']);
    expect(JSON.parse((await m.run(['--output=json', 'provision', '--expired'])).stdout).metadata.reason).toBe(
      'No pending secret is older than this profile’s pending-expiry limit (14 days); there is nothing to re-provision.',
    );
  });
});

describe('a username typed in capitals', () => {
  it('finds the account accounts add stored in lowercase, in every command that names accounts; an unknown one is echoed as typed', async () => {
    const m = machine();
    expect(JSON.parse((await m.run(['--output=json', 'accounts', 'add', 'Alice', 'alice.example'])).stdout).data.user).toBe('alice');
    expect(JSON.parse((await m.run(['--output=json', 'provision', 'Alice'])).stdout).data).toMatchObject({ provisioned: ['alice'], failed: {} });
    const revealed = JSON.parse((await m.run(['--output=json', 'reveal', 'ALICE'])).stdout);
    expect(revealed.data.otpauth_str).toMatch(/^otpauth:\/\/totp\/[^:]+:alice\?/);
    const uris = join(m.home, 'uris.txt');
    expect(JSON.parse((await m.run(['--output=json', 'export', 'uris', 'Alice', `--out=${uris}`, '--with-secrets'])).stdout).data).toMatchObject({ accounts: 1, failed: {} });
    expect(readFileSync(uris, 'utf8')).toBe(`${revealed.data.otpauth_str}\n`);
    const unknown = JSON.parse((await m.run(['--output=json', 'provision', 'Bob'])).stdout);
    expect(unknown.data.failed).toEqual({ Bob: 'You do not have access to an account named “Bob”.' });
    // It holds a secret, so removing it by any spelling asks first.
    const refused = await m.run(['accounts', 'remove', 'Alice']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('“alice” holds a secret (pending or enabled)');
    expect((await m.run(['verify', 'Alice', oathtoolCode(revealed.data.secret)])).code).toBe(0);
    expect(JSON.parse((await m.run(['--output=json', 'accounts', 'remove', 'ALICE', '--force'])).stdout).data).toEqual({ removed: ['alice'], failed: {} });
  });
});

describe('imports', () => {
  it('a semicolon-separated CSV gets one hint about the separator; rows are named as typed', async () => {
    const m = machine();
    const csv = join(m.home, 'accounts.csv');
    writeFileSync(csv, 'user;domain\nAlice;alice.example\nbob;bob.example\n');
    const run = await m.run(['--output=json', 'accounts', 'import', csv]);
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout).data;
    expect(data).toMatchObject({ added: 0, problems_count: 2 });
    expect(data.problems[0].reason).toMatch(/^“Alice;alice\.example” has no comma\. The file looks separated by semicolons/);
    expect(run.stderr).toBe(
      'tfa-provisioner: The file looks separated by semicolons (user;domain); the CSV must use commas (user,domain). Save it again with comma as the separator, or replace each ; with , and import it again.\n',
    );
  });

  it('a tab-separated file (a spreadsheet’s tab-delimited text, or a paste) gets the same kind of hint, not “user?domain is not valid”', async () => {
    const m = machine();
    const tsv = join(m.home, 'accounts.txt');
    writeFileSync(tsv, 'user\tdomain\nAlice\talice.example\nbob\tbob.example\n');
    const run = await m.run(['--output=json', 'accounts', 'import', tsv]);
    const data = JSON.parse(run.stdout).data;
    expect(data).toMatchObject({ added: 0, problems_count: 2 });
    expect(data.problems[0].reason).toMatch(/^“Alice\?alice\.example” has no comma\. The file looks separated by tabs/);
    expect(run.stderr).toBe(
      'tfa-provisioner: The file looks separated by tabs (user<TAB>domain); the CSV must use commas (user,domain). Save it again as CSV with comma as the separator, or replace each tab with , and import it again.\n',
    );
  });

  it('a comma CSV gets no such hint, and a bad name is echoed as typed', async () => {
    const m = machine();
    const csv = join(m.home, 'accounts.csv');
    writeFileSync(csv, 'Alice,alice.example\nBad!Name,x.example\nALICE,a2.example\n');
    const run = await m.run(['--output=json', 'accounts', 'import', csv]);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).data.problems).toEqual([
      { row: 2, reason: 'The username “Bad!Name” is not valid: use lowercase letters, digits, “-”, “.” and “_”, and do not start with a digit, “-” or “.”.' },
      { row: 3, reason: 'The username “ALICE” appears more than once (as “alice”: usernames are lowercase).' },
    ]);
    expect(existsSync(csv)).toBe(true);
  });
});
