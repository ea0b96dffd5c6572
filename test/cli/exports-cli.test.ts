// Exports, enrollment sheets, backup and restore as an operator runs them: refusals that protect secrets,
// file modes, a 1,000-account batch, the apply body and backups read back, and a state left untouched on failure.
// The long journeys call the CLI in this process (runHere: same runCli, real state file and keychain, a quick
// scrypt cost); the launcher itself, the keychain-less run and the terminal prompts (production scrypt cost) run
// as separate processes.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CLI, KEYRING_SKIP_REASON, keyringAvailable, makeHome, oathtoolCode, runCli, runHere, runHereJson, runJson } from './cli-harness.js';

const PASSPHRASE = 'correct horse battery staple';
const mode = (path: string) => statSync(path).mode & 0o777;
/** A hostname no other test uses: keychain items are per hostname, and the test files run in parallel. */
const uniqueHost = () => `t${randomUUID().slice(0, 8)}.example.com`;

function passphraseFile(home: string, passphrase = PASSPHRASE): string {
  const path = join(home, 'passphrase.txt');
  writeFileSync(path, `${passphrase}\n`, { mode: 0o600 });
  return path;
}

describe('exports refuse what would leak a secret by accident', () => {
  it.each([
    [['export', 'uris', '--out=F'], 'export uris writes secrets in clear to F'],
    [['export', 'generate-answers', '--out=F', '--all'], 'Add --with-secrets to confirm'],
    [['export', 'apply-body', '--out=F'], 'mode 0600; delete it after use'],
    [['sheets', '--out=F', '--all'], 'sheets writes secrets in clear to F'],
    [['sheets', '--out=F', '--with-secrets'], 'Usage: tfa-provisioner sheets --out=FILE.pdf|FILE.html'],
    [['export', 'uris', '--with-secrets'], '--out=FILE is required'],
    [['export', 'uris', '--out=F', '--all', 'alice', '--with-secrets'], 'Name users or give --all, not both'],
    [['export', 'bogus', '--out=F'], 'Usage: tfa-provisioner export generate-answers|apply-body|uris|accounts-csv'],
    [['export', 'generate-answers', '--out=F', '--format=toml', '--with-secrets'], '--format must be json, jsonpretty, yaml or xml'],
    [['sheets', '--out=F', '--paper=a3', '--all', '--with-secrets'], '--paper must be a4 or letter'],
    [['export', 'uris', '--out=F', '--state=done', '--with-secrets'], '--state takes none, pending or enabled (or several, comma-separated), not “done”'],
    [['export', 'uris', '--out=F', '--state=none', '--with-secrets'], '--state for exports and sheets takes pending, enabled or pending,enabled'],
    [['provision', '--all', '--chunk-size=0'], '--chunk-size must be a positive whole number'],
    [['backup', 'F'], 'Give the passphrase with --passphrase-file=PATH'],
    [['restore', 'F'], 'Cannot read “F”: there is no such file.'],
  ])('%j is a usage error (exit 2): %s', async (args, message) => {
    const home = makeHome();
    const file = join(home, 'F');
    // F stands for a file in the private home, so a command that wrongly wrote would be caught.
    const run = await runHere(home, args.map((a) => a.replace(/(^|=)F$/, `$1${file}`)));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message.replace(/\bF\b/, file));
    expect(run.stdout).toBe('');
    expect(existsSync(file)).toBe(false);
  });

  it('the accounts CSV needs no secret and no keychain, and is written with mode 0644', async () => {
    const home = makeHome();
    const noKeychain = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', DISPLAY: '' };
    await runCli(home, ['accounts', 'add', 'alice', 'alice.example'], noKeychain);
    const out = join(home, 'accounts.csv');
    const run = await runJson(home, ['export', 'accounts-csv', `--out=${out}`], noKeychain);
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ data: { path: out, accounts: 1, contains_secrets: 0 }, metadata: { command: 'export_accounts_csv', result: '1' } });
    expect(mode(out)).toBe(0o644);
    expect(readFileSync(out, 'utf8')).toBe('user,domain,state,updated\nalice,alice.example,none,\n');
  });

  it('a short passphrase is refused with a clear message and no file', async () => {
    const home = makeHome();
    const out = join(home, 'b.json');
    const run = await runHereJson(home, ['backup', out, `--passphrase-file=${passphraseFile(home, 'too short')}`]);
    expect(run.code).toBe(1);
    expect(run.json.metadata.reason).toBe('The passphrase must be at least 12 characters long (this one has 9). A few unrelated words make a strong one.');
    expect(existsSync(out)).toBe(false);
  });
});

/** Runs the CLI on a pseudo-terminal (util-linux `script`), typing each answer once its prompt shows. */
function onTerminal(home: string, args: string[], answers: string[]): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, CLI, ...args].map((w) => `'${w}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, TFA_PROVISIONER_HOME: home } });
    let screen = '';
    let asked = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString('utf8');
      const prompts = screen.match(/Passphrase( again)?: /g)?.length ?? 0;
      while (asked < prompts && asked < answers.length) child.stdin.write(`${answers[asked++]}\r`);
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, screen }));
  });
}

if (!existsSync('/usr/bin/script')) console.warn('skipping the terminal passphrase tests: /usr/bin/script (util-linux) is missing');
describe.skipIf(!existsSync('/usr/bin/script'))('the passphrase on a terminal', () => {
  it('backup asks twice without echo, and refuses two that differ; restore asks once', async () => {
    const home = makeHome();
    const file = join(home, 'b.json');
    const typed = 'a passphrase typed twice';
    const differ = await onTerminal(home, ['backup', file], [typed, `${typed}!`]);
    expect(differ.code).toBe(2);
    expect(differ.screen).toContain('The two passphrases differ; nothing was written.');
    expect(existsSync(file)).toBe(false);

    const backup = await onTerminal(home, ['--output=json', 'backup', file], [typed, typed]);
    expect(backup.code).toBe(0);
    expect(backup.screen).toMatch(/Passphrase: [\s\S]*Passphrase again: /);
    expect(backup.screen).not.toContain(typed);
    expect(mode(file)).toBe(0o600);

    const restore = await onTerminal(makeHome(), ['--output=json', 'restore', file], [typed]);
    expect(restore.code).toBe(0);
    expect(restore.screen).not.toContain('Passphrase again');
    expect(restore.screen).toContain('"command":"restore","reason":"OK"');
  });
});

describe.skipIf(!keyringAvailable)('exports and backups with the real keychain', () => {
  it('a 1,000-account batch: import, provision --all with progress, then every export reads back', async () => {
    const home = makeHome();
    await runHere(home, ['servers', 'add', uniqueHost()]);
    const csv = join(home, 'accounts.csv');
    writeFileSync(csv, `user,domain\n${Array.from({ length: 1000 }, (_, i) => `u${i},u${i}.example`).join('\n')}\n`);
    expect((await runHereJson(home, ['accounts', 'import', csv])).json.data).toMatchObject({ added: 1000, problems: [] });
    const batch = await runHereJson(home, ['provision', '--all', '--with-secrets']);
    expect(batch.code).toBe(0);
    expect(batch.json.data.provisioned).toHaveLength(1000);
    expect(batch.stderr.split('\n').filter((l) => l.startsWith('Provisioning '))).toEqual([
      'Provisioning 0/1000 (0%)',
      'Provisioning 500/1000 (50%)',
      'Provisioning 1000/1000 (100%)',
    ]);
    const list = await runHereJson(home, ['accounts', 'list']);
    expect(list.json.data.accounts.every((a: { state: string }) => a.state === 'pending')).toBe(true);
    const uriOf = new Map<string, string>(batch.json.data.provisioned.map((p: { user: string; otpauth_str: string }) => [p.user, p.otpauth_str]));

    const uris = join(home, 'uris.txt');
    const exported = await runHereJson(home, ['export', 'uris', `--out=${uris}`, '--with-secrets']);
    expect(exported.json).toMatchObject({ data: { path: uris, accounts: 1000, contains_secrets: 1 }, metadata: { command: 'export_uris', result: '1' } });
    expect(mode(uris)).toBe(0o600);
    expect(new Set(readFileSync(uris, 'utf8').trimEnd().split('\n'))).toEqual(new Set(uriOf.values()));
    expect(exported.stdout).not.toMatch(/secret=/);

    const answers = join(home, 'answers.jsonl');
    await runHereJson(home, ['export', 'generate-answers', `--out=${answers}`, '--with-secrets', 'u7', 'u42']);
    const envelopes = readFileSync(answers, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(envelopes.map((e) => e.data.otpauth_str)).toEqual([uriOf.get('u7'), uriOf.get('u42')]);
    expect(envelopes[0].metadata).toEqual({ command: 'twofactorauth_generate_tfa_config', reason: 'OK', result: '1', version: 1 });

    const table = join(home, 'table.csv');
    await runHereJson(home, ['export', 'accounts-csv', `--out=${table}`]);
    const rows = parseCsv(readFileSync(table, 'utf8'), { columns: true }) as { state: string }[];
    expect(rows).toHaveLength(1000);
    expect(rows.every((r) => r.state === 'pending')).toBe(true);

    const sheets = join(home, 'sheets.html');
    const printed = await runHereJson(home, ['sheets', `--out=${sheets}`, '--paper=letter', '--with-secrets', 'u1', 'u2']);
    expect(printed.json.data).toMatchObject({ path: sheets, accounts: 2, paper: 'letter', contains_secrets: 1 });
    expect(mode(sheets)).toBe(0o600);
    expect(readFileSync(sheets, 'utf8').match(/<section class="sheet"/g)).toHaveLength(2);

    const audit = readFileSync(join(home, 'audit.jsonl'), 'utf8');
    expect(audit).toContain('"function":"export_uris"');
    expect(audit).not.toMatch(/secret=|[A-Z2-7]{16}/);
  });

  it('apply body: exactly the enabled secrets, none pending, and the curl command beside it', async () => {
    const home = makeHome();
    const host = uniqueHost();
    await runHere(home, ['servers', 'add', host]);
    for (const u of ['alice', 'bob', 'carol']) await runHere(home, ['accounts', 'add', u, `${u}.example`]);
    const provisioned = await runHereJson(home, ['provision', '--all', '--with-secrets']);
    const secretOf = Object.fromEntries(provisioned.json.data.provisioned.map((p: { user: string; secret: string }) => [p.user, p.secret]));
    for (const u of ['alice', 'carol']) expect((await runHereJson(home, ['verify', u, oathtoolCode(secretOf[u])])).code).toBe(0);

    const body = join(home, 'body.json');
    const run = await runHereJson(home, ['export', 'apply-body', `--out=${body}`, '--with-secrets']);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(body, 'utf8'))).toEqual({
      alice: { primary_account: { secret: secretOf.alice } },
      carol: { primary_account: { secret: secretOf.carol } },
    });
    expect(readFileSync(body, 'utf8')).not.toContain(secretOf.bob);
    expect(mode(body)).toBe(0o600);
    const note = readFileSync(`${body}.apply.txt`, 'utf8');
    expect(mode(`${body}.apply.txt`)).toBe(0o644);
    expect(note).toContain(
      `curl -sS -H 'Authorization: whm root:YOUR_API_TOKEN' -H 'Content-Type: application/json' -X POST --data-binary @${body} 'https://${host}:2087/json-api/twofactorauth_set_tfa_config_for_user?api.version=1'`,
    );
    expect(note).not.toContain(secretOf.alice);
    expect(run.json.data).toMatchObject({ accounts: 2, apply_instructions: `${body}.apply.txt`, skipped: [{ user: 'bob', state: 'pending' }] });
  });

  it('backup, then restore into an empty home: identical accounts, states and secrets; failures change nothing', async () => {
    const home = makeHome();
    const host = uniqueHost();
    await runHere(home, ['servers', 'add', host]);
    await runHere(home, ['twofactorauth_set_issuer', 'issuer=Backup Test']);
    for (const u of ['alice', 'bob', 'carol']) await runHere(home, ['accounts', 'add', u, `${u}.example`]);
    const provisioned = await runHereJson(home, ['provision', 'alice', 'bob', '--with-secrets']);
    const bobSecret = provisioned.json.data.provisioned.find((p: { user: string }) => p.user === 'bob').secret;
    expect((await runHereJson(home, ['verify', 'bob', oathtoolCode(bobSecret)])).code).toBe(0);

    const file = join(home, 'profile.tfa-backup.json');
    const pass = passphraseFile(home);
    const backup = await runHereJson(home, ['backup', file, `--passphrase-file=${pass}`]);
    expect(backup.code).toBe(0);
    expect(backup.json).toMatchObject({ data: { path: file, hostname: host, accounts: 3, secrets: 2, contains_secrets: 1 }, metadata: { command: 'backup', result: '1' } });
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(bobSecret);

    const everything = async (h: string) => {
      const out = join(h, `answers-${randomUUID()}.jsonl`);
      await runHereJson(h, ['export', 'generate-answers', `--out=${out}`, '--state=pending,enabled', '--with-secrets']);
      return {
        accounts: (await runHereJson(h, ['accounts', 'list'])).json.data,
        configs: (await runHereJson(h, ['twofactorauth_get_user_configs'])).json.data,
        servers: (await runHereJson(h, ['servers', 'list'])).json.data,
        secrets: readFileSync(out, 'utf8'),
      };
    };
    const original = await everything(home);
    expect(original.secrets.split('\n').filter(Boolean)).toHaveLength(2);

    const empty = makeHome();
    const restored = await runHereJson(empty, ['restore', file, `--passphrase-file=${pass}`]);
    expect(restored.code).toBe(0);
    expect(restored.json.data).toMatchObject({ hostname: host, accounts: 3, pending: 1, enabled: 1, replaced: 0 });
    expect(await everything(empty)).toEqual(original);

    // Wrong passphrase, then a flipped byte: the same clear reason, and the state file not touched at all.
    const stateBefore = readFileSync(join(empty, 'state.json'));
    const wrong = await runHereJson(empty, ['restore', file, '--replace', `--passphrase-file=${passphraseFile(empty, 'not the right passphrase')}`]);
    const damaged = join(empty, 'damaged.json');
    const bytes = readFileSync(file);
    const at = bytes.indexOf('"ciphertext"') + 20;
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
    writeFileSync(damaged, bytes);
    const flipped = await runHereJson(empty, ['restore', damaged, '--replace', `--passphrase-file=${pass}`]);
    for (const failed of [wrong, flipped]) {
      expect(failed.code).toBe(1);
      expect(failed.json.metadata).toEqual({ command: 'restore', reason: 'The passphrase is wrong, or the backup is damaged; nothing was changed.', result: 0, version: 1 });
    }
    expect(readFileSync(join(empty, 'state.json')).equals(stateBefore)).toBe(true);

    // Over an existing profile: refused without --force (no terminal to ask on), done with it.
    await runHere(home, ['accounts', 'add', 'dave', 'dave.example']);
    const refused = await runHere(home, ['restore', file, `--passphrase-file=${pass}`]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`A server profile named “${host}” already exists; restoring replaces its accounts`);
    expect(refused.stderr).toContain('Nothing was changed: add --force to go ahead');
    expect((await runHereJson(home, ['accounts', 'list'])).json.data.accounts).toHaveLength(4);
    const replaced = await runHereJson(home, ['restore', file, '--force', `--passphrase-file=${pass}`]);
    expect(replaced.json.data).toMatchObject({ replaced: 1, accounts: 3 });
    expect(await everything(home)).toEqual(original);
  });
});

if (!keyringAvailable) console.warn(`skipping the CLI export keychain tests: ${KEYRING_SKIP_REASON}`);
