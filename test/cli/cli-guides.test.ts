// The CLI guides instead of surprising: options checked per command, "did you mean", files named in words,
// --state filtering, per-command help, and answers that stay readable at thousands of accounts.
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abridgeLists } from '../../main/cli/abridged-lists.js';
import { CLI_COMMANDS } from '../../main/cli/cli-commands.js';
import { CLI_OPTIONS, optionSynopsis, type OptionName } from '../../main/cli/cli-options.js';
import { commandHelp, helpForCommand, helpText } from '../../main/cli/help-text.js';
import { CLI, makeHome, runHere, runHereJson, sh } from './cli-harness.js';

describe('options are checked per command', () => {
  it.each([
    [['accounts', 'list', '--force'], 'accounts list does not take --force. accounts list takes --output=FORMAT, --server=HOST, --state=STATES.'],
    [['servers', 'list', '--all'], 'servers list does not take --all. servers list takes --output=FORMAT.'],
    [['verify', 'alice', '123456', '--replace'], 'verify does not take --replace. verify takes --output=FORMAT, --server=HOST.'],
    [['accounts', 'list', '--stat=enabled'], 'Unknown option --stat. Did you mean --state?'],
    [['twofactorauth_get_issuer', '--qr=terminal'], 'twofactorauth_get_issuer does not take --qr.'],
    [['export', 'uris', '--out'], '--out needs a value: --out=FILE.'],
    [['export', 'uris', '--out', '--all'], '--out needs a value: --out=FILE.'],
    [['servers', 'remove', 'h.example', '--force=yes'], '--force takes no value; write just --force.'],
    [['-x', 'accounts', 'list'], 'Unknown option -x.'],
  ])('%j is a usage error (exit 2) naming what it takes', async (args, message) => {
    const run = await runHere(makeHome(), args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('rephrases what Node’s argument parser would say: no quotes around quotes, no “place it at the end after --”', async () => {
    const run = await runHere(makeHome(), ['--bogus', 'accounts', 'list']);
    expect(run.stderr).toBe('tfa-provisioner: Unknown option --bogus. accounts list takes --output=FORMAT, --server=HOST, --state=STATES.\nRun tfa-provisioner --help for usage.\n');
  });

  it('COMMAND --help shows that command’s usage and exactly the options it takes', async () => {
    const run = await runHere(makeHome(), ['accounts', 'list', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: tfa-provisioner accounts list [--state=none|pending|enabled]');
    const optionLines = run.stdout.split('Options:\n')[1]!.trim().split('\n').map((line) => line.trim().split(/\s+/)[0]);
    expect(optionLines).toEqual(['--output=FORMAT', '--server=HOST', '--state=STATES']);
  });

  it('COMMAND --help keeps each option apart from its help, however long the option (--passphrase-file=PATH)', () => {
    for (const name of (Object.keys(CLI_OPTIONS) as OptionName[]).filter((n) => n !== 'help')) {
      const [first, second, ...rest] = commandHelp('x', [], [name]).split('Options:\n')[1]!.trimEnd().split('\n');
      const synopsis = `  ${optionSynopsis(name)}`;
      const help = CLI_OPTIONS[name].help;
      if (second === undefined) expect(first, synopsis).toMatch(new RegExp(`^${synopsis.replace(/[|]/g, '\\|')} {2,}\\S`));
      else expect([first, second.trimStart()], synopsis).toEqual([synopsis, help]);
      expect([first, second].join(' '), synopsis).toContain(help);
      expect(rest).toEqual([]);
    }
    const restore = helpForCommand(CLI_COMMANDS.find((c) => c.name === 'restore')!, ['passphrase-file']);
    expect(restore).toContain('  --passphrase-file=PATH\n                        Read the backup passphrase from PATH');
  });

  it('every option a usage line names is one the command takes', () => {
    for (const command of CLI_COMMANDS) {
      for (const [, name] of command.usage.matchAll(/--([a-z-]+)/g)) {
        expect(command.options, `${command.name} names --${name}`).toContain(name);
      }
    }
  });

  it('the README names every command, and every option some command takes', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const command of CLI_COMMANDS) expect(readme, command.name).toContain(`\`${command.name}`);
    for (const name of new Set(CLI_COMMANDS.flatMap((c) => c.options))) expect(readme, `--${name}`).toContain(`--${name}`);
  });

  it('the README’s command table gives each command’s usage line as --help does (servers set: a row per setting)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    // Markdown tables escape the pipe.
    const cell = (usage: string) => `\`${usage.replaceAll('|', '\\|')}\``;
    for (const command of CLI_COMMANDS) {
      if (command.name !== 'servers set') expect(readme, command.name).toContain(cell(command.usage));
      else for (const option of command.options.filter((o) => o !== 'server')) expect(readme).toContain(cell(`servers set [HOST] ${optionSynopsis(option)}`));
    }
  });

  it('--help shows every command’s usage line', () => {
    const help = helpText('0.0.0');
    for (const command of CLI_COMMANDS) expect(help).toContain(`  ${command.usage}`);
  });

  it('--help and the README state which steps ask first or need --force, naming the same four', () => {
    const help = helpText('0.0.0').replace(/\s+/g, ' ');
    expect(help).toContain(
      'Steps that destroy something ask first on a terminal, and otherwise stop (exit 2) unless given --force: backup over an existing FILE, restore over an existing profile, accounts remove of an account that holds a secret, servers remove of a profile that holds secrets.',
    );
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(
      '`backup FILE` over an existing file, `restore FILE` over an existing profile, `accounts remove` of an account that holds a secret, `servers remove` of a profile that holds secrets.',
    );
  });
});

describe('did you mean', () => {
  it('a mistyped command is a usage error with the nearest command', async () => {
    const run = await runHere(makeHome(), ['provison', '--all']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('There is no command “provison”. Did you mean provision?');
  });

  it('a mistyped subcommand names the nearest one and the group’s commands', async () => {
    const run = await runHere(makeHome(), ['accounts', 'lst']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('accounts has no command “lst”. Did you mean accounts list? Usage: tfa-provisioner accounts list|add|import|remove');
  });

  it('a mistyped WHM function keeps WHM’s envelope on stdout; the hint goes to stderr', async () => {
    const run = await runHereJson(makeHome(), ['twofactorauth_get_user_config']);
    // WHM's answer was printed: exit 0, as whmapi1 (1 with --fail).
    expect(run.code).toBe(0);
    expect(run.json.metadata.reason).toBe('Unknown app ("twofactorauth_get_user_config") requested for this version (1) of the API.');
    expect(run.stderr).toBe('tfa-provisioner: There is no function “twofactorauth_get_user_config”. Did you mean twofactorauth_get_user_configs?\n');
  });

  it('a function named by a clear part of its name is suggested too', async () => {
    const run = await runHereJson(makeHome(), ['generate_tfa_config']);
    expect(run.json.metadata.result).toBe(0);
    expect(run.stderr).toContain('Did you mean twofactorauth_generate_tfa_config?');
  });

  it('help, typed as a command, keeps WHM’s envelope and is pointed to --help', async () => {
    const run = await runHereJson(makeHome(), ['help']);
    expect(run.code).toBe(0);
    expect(run.json.metadata.reason).toBe('Unknown app ("help") requested for this version (1) of the API.');
    expect(run.stderr).toBe('tfa-provisioner: There is no function “help”: WHM answers “Unknown app”. For usage, run tfa-provisioner --help.\n');
  });

  it.each(['servers', 'accounts', 'rollout', 'export'])('%s --help lists that group’s commands (exit 0), not a usage error', async (group) => {
    const run = await runHere(makeHome(), [group, '--help']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const usages = CLI_COMMANDS.filter((c) => c.name.startsWith(`${group} `)).map((c) => `  ${c.usage}`);
    expect(usages.length).toBeGreaterThan(0);
    for (const usage of usages) expect(run.stdout).toContain(usage);
    expect(run.stdout).toContain(`tfa-provisioner ${group} COMMAND --help shows one command and the options it takes.`);
    expect(helpText('0.0.0')).toContain('tfa-provisioner GROUP --help        The commands of servers, accounts, rollout or export.');
  });

  it('a name far from everything gets WHM’s answer alone', async () => {
    const run = await runHereJson(makeHome(), ['listaccts']);
    expect(run.json.metadata.reason).toContain('Unknown app');
    expect(run.stderr).toBe('');
  });
});

describe('files are named in words', () => {
  it('a missing import file says so, with no ENOENT', async () => {
    const home = makeHome();
    const run = await runHere(home, ['accounts', 'import', join(home, 'nope.csv')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Cannot read “${join(home, 'nope.csv')}”: there is no such file.`);
    expect(run.stderr).not.toContain('ENOENT');
  });

  it('a QR code that cannot be written says where and why, with no ENOENT; the answer is still printed', async () => {
    const home = makeHome();
    const target = join(home, 'no-such-dir', 'code.svg');
    const run = await runHere(home, ['--output=json', `--qr=svg:${target}`, 'twofactorauth_generate_tfa_config']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).metadata.result).toBe('1');
    expect(run.stderr).toBe(`tfa-provisioner: The QR code ${target} could not be written: its directory does not exist.\n`);
  });

  it('an export, a backup or a QR code named over the app’s own state file is refused, and the state is kept', async () => {
    const home = makeHome();
    await runHere(home, ['accounts', 'add', 'alice', 'alice.example']);
    const state = readFileSync(join(home, 'state.json'), 'utf8');
    const csv = await runHere(home, ['--output=json', 'export', 'accounts-csv', `--out=${join(home, 'state.json')}`]);
    expect(csv.code).toBe(1);
    expect(JSON.parse(csv.stdout).metadata.reason).toBe(
      `The file ${join(home, 'state.json')} could not be written: it is one of TFA Provisioner's own files (its state, audit trail or preferences); choose another name or folder.`,
    );
    const qr = await runHere(home, [`--qr=png:${join(home, 'audit.jsonl')}`, 'twofactorauth_generate_tfa_config']);
    expect(qr.stderr).toContain(`The QR code ${join(home, 'audit.jsonl')} could not be written: it is one of TFA Provisioner's own files`);
    expect(readFileSync(join(home, 'state.json'), 'utf8')).toBe(state);
  });

  it('an import file or a server answer over 32 MiB is refused before it is read, a pipe as well as a file', async () => {
    const home = makeHome();
    const big = join(home, 'listaccts.json');
    truncateSync((writeFileSync(big, ''), big), 33 * 1024 * 1024);
    const tooLarge = 'It is larger than 32 MiB, the most an imported account list or a server\'s answer may be.';
    const file = await runHere(home, ['accounts', 'import', big]);
    expect(file.code).toBe(2);
    expect(file.stderr).toBe(`tfa-provisioner: Cannot read “${big}”. ${tooLarge}\n`);
    const answer = await runHere(home, ['accounts', 'reconcile', big]);
    expect(answer.stderr).toBe(`tfa-provisioner: Cannot read “${big}”. ${tooLarge}\n`);
    const piped = await sh(`node "${CLI}" accounts import <(head -c 40000000 /dev/zero)`, { TFA_PROVISIONER_HOME: home });
    expect(piped.code).toBe(2);
    expect(piped.stderr).toMatch(new RegExp(`^tfa-provisioner: Cannot read “/dev/fd/\\d+”\\. ${tooLarge.replace(/[.']/g, '\\$&')}\n$`));
    expect(existsSync(join(home, 'state.json'))).toBe(false);
  });

  it('an import file that is a directory says so', async () => {
    const home = makeHome();
    const run = await runHere(home, ['accounts', 'import', home]);
    expect(run.stderr).toContain('it is a directory.');
  });
});

describe('accounts list --state', () => {
  it('lists only the accounts in the named states', async () => {
    const home = makeHome();
    const csv = join(home, 'a.csv');
    writeFileSync(csv, 'alice,alice.example\nbob,bob.example\n');
    expect((await runHere(home, ['accounts', 'import', csv])).code).toBe(0);
    const none = await runHereJson(home, ['accounts', 'list', '--state=none']);
    expect(none.json.data.accounts.map((a: { user: string }) => a.user)).toEqual(['alice', 'bob']);
    const enabled = await runHereJson(home, ['accounts', 'list', '--state=pending,enabled']);
    expect(enabled.code).toBe(0);
    expect(enabled.json.data.accounts).toEqual([]);
    const bad = await runHere(home, ['accounts', 'list', '--state=active']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--state takes none, pending or enabled (or several, comma-separated), not “active”.');
  });
});

describe('lists of accounts in answers', () => {
  const envelope = (n: number) => ({
    data: { accounts: n, skipped: Array.from({ length: n }, (_, i) => ({ user: `u${i}`, state: 'pending' })), failed: {} },
    metadata: { command: 'export_uris', reason: 'OK', result: '1' as const, version: 1 as const },
  });

  it('names up to 20 accounts, and gives their count', () => {
    const { envelope: shown, notes } = abridgeLists(envelope(20), false);
    expect(shown.data).toMatchObject({ skipped_count: 20, failed: {}, failed_count: 0 });
    expect((shown.data as { skipped: unknown[] }).skipped).toHaveLength(20);
    expect(notes).toEqual([]);
  });

  it('past 20 gives the count alone and says how to list them; --list lists them all', () => {
    const { envelope: shown, notes } = abridgeLists(envelope(10_000), false);
    expect(shown.data).toEqual({ accounts: 10_000, skipped_count: 10_000, failed: {}, failed_count: 0 });
    expect(notes).toEqual(['10,000 accounts skipped: add --list to name them.']);
    const listed = abridgeLists(envelope(10_000), true);
    expect((listed.envelope.data as { skipped: unknown[] }).skipped).toHaveLength(10_000);
  });
});
