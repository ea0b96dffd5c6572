// The commands beyond WHM's nine functions, one entry each: the usage line and summary that --help and usage
// errors show, the options the command takes (any other is a usage error naming these), how many words follow it,
// and what it runs. This table is the one place a command's words and options are said; help-text.ts renders it.
import { lstat, open } from 'node:fs/promises';
import { normalizeUsername } from '../common/cpanel-names.js';
import { documentSizeProblem, MAX_DOCUMENT_BYTES } from '../common/limits.js';
import { shownName, shownText } from '../common/shown-text.js';
import { CLOCK_SKEW_HINT, TOTP_DIGITS } from '../common/totp-parameters.js';
import { wrongSeparatorHint } from '../engine/csv-separator.js';
import { failure, type Envelope } from '../engine/envelope.js';
import { SECRET_STATES, type SecretState } from '../engine/secret-selection.js';
import type { TfaEngine } from '../engine/tfa-engine.js';
import { runBackup, runRestore } from './backup-command-line.js';
import type { CliIo } from './cli-io.js';
import type { OptionName, OptionValues } from './cli-options.js';
import { namesInWords, requireConsent } from './consent.js';
import { EXPORT_USAGE, runFileExport, type ExportKind, type FileExportOptions } from './file-exports.js';
import { fileProblem } from './file-problem.js';
import { ProgressLine } from './progress-line.js';
import { UsageError } from './usage-error.js';

export interface CommandContext {
  engine: TfaEngine;
  /** The words after the command's name. */
  args: string[];
  options: OptionValues;
  io: CliIo;
}

export type CommandSection = 'commands' | 'exports';

interface CommandBase {
  /** As typed: `provision`, `accounts list`. */
  name: string;
  /** What follows `tfa-provisioner ` in a usage line. */
  usage: string;
  /** The lines of its --help entry. */
  summary: readonly string[];
  section: CommandSection;
  /** The options it takes besides --help (and, for envelope commands, --output), which every command takes. */
  options: readonly OptionName[];
  /** How many words follow the name: [least, most]. */
  words: readonly [number, number];
}

/** A command answering with an envelope, like WHM's functions. */
export interface EnvelopeCommand extends CommandBase {
  run(context: CommandContext): Promise<Envelope>;
}

/** A command printing a report for a person (doctor); it returns the exit status. */
export interface ReportCommand extends CommandBase {
  report(io: CliIo): Promise<number>;
}

export type CliCommand = EnvelopeCommand | ReportCommand;

const MANY = Number.POSITIVE_INFINITY;

/** WHM's reason for a refused code. */
const INVALID_CODE = 'The security code is invalid.';

function quoted(path: string): string {
  return `“${shownText(path)}”`;
}

function usageError(command: CliCommand, problem?: string): UsageError {
  return new UsageError(`${problem ? `${problem} ` : ''}Usage: tfa-provisioner ${command.usage}`);
}

/**
 * Reads an account list or a server's answer, at most MAX_DOCUMENT_BYTES of it: a regular file is measured before it
 * is read; a pipe (`<(…)`) is read until the limit is passed, so neither can fill the memory.
 */
async function readImportFile(path: string): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new UsageError(fileProblem(path, error));
  }
  try {
    const { size } = await handle.stat();
    const tooLarge = (bytes: number) => new UsageError(`Cannot read ${quoted(path)}. ${documentSizeProblem(bytes)}`);
    if (documentSizeProblem(size)) throw tooLarge(size);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead, buffer } = await handle.read({ buffer: Buffer.alloc(1024 * 1024) });
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > MAX_DOCUMENT_BYTES) throw tooLarge(total);
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError(fileProblem(path, error));
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function exportOptions(options: OptionValues): FileExportOptions {
  let states: SecretState[] | undefined;
  if (options.state) {
    if (!options.state.every((s): s is SecretState => (SECRET_STATES as readonly string[]).includes(s))) {
      throw new UsageError('--state for exports and sheets takes pending, enabled or pending,enabled: accounts in state none have no secret.');
    }
    states = options.state as SecretState[];
  }
  return {
    server: options.server,
    out: options.out,
    withSecrets: options['with-secrets'] ?? false,
    all: options.all ?? false,
    format: options.format ?? 'json',
    paper: options.paper ?? 'a4',
    states,
  };
}

function exportCommand(kind: ExportKind, summary: readonly string[], options: readonly OptionName[]): EnvelopeCommand {
  return {
    name: kind === 'sheets' ? 'sheets' : `export ${kind}`,
    usage: EXPORT_USAGE[kind],
    summary,
    section: 'exports',
    options: ['server', 'out', 'all', ...options, 'list'],
    words: [0, MANY],
    run: ({ engine, args, options: given }) => runFileExport(engine, kind, args, exportOptions(given)),
  };
}

async function provision({ engine, args, options, io }: CommandContext, command: EnvelopeCommand): Promise<Envelope> {
  let users = args;
  if (options.expired) {
    // Re-provisioning the expired: their old secrets are replaced, so their sheets and rollout marks start afresh.
    if (options.all || args.length > 0) throw usageError(command, 'Give --expired alone, without USER or --all.');
    users = await engine.rollout.usersAt('expired', options.server);
    if (users.length === 0) {
      const days = (await engine.rollout.status({ server: options.server })).data?.pending_expiry_days ?? null;
      return failure(
        'provision',
        days === null
          ? 'This profile has no pending-expiry limit, so no pending secret counts as expired. Set one with: tfa-provisioner servers set --pending-expiry-days=N'
          : `No pending secret is older than this profile’s pending-expiry limit (${days} days); there is nothing to re-provision.`,
      );
    }
  } else if ((options.all ?? false) === args.length > 0) throw usageError(command, 'Name users, or give --all or --expired.');
  const progress = new ProgressLine(io.stderr, 'Provisioning');
  const controller = new AbortController();
  // Ctrl-C (or a polite kill) finishes the chunk in hand, so nothing is half-written, then stops.
  const onInterrupt = (): void => {
    progress.note('Cancelling after the current chunk…');
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  try {
    return await engine.provisioning.provision(users, {
      server: options.server,
      replace: (options.replace ?? false) || (options.expired ?? false),
      withSecrets: options['with-secrets'] ?? false,
      signal: controller.signal,
      onProgress: (done, total) => progress.update(done, total),
      ...(options['chunk-size'] ? { chunkSize: options['chunk-size'] } : {}),
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    progress.end();
  }
}

/** `sheets --not-printed`: the pending accounts whose sheet was never printed or exported, in one go. */
async function sheets({ engine, args, options }: CommandContext): Promise<Envelope> {
  const chosen = exportOptions(options);
  if (!options['not-printed']) return runFileExport(engine, 'sheets', args, chosen);
  if (chosen.all || args.length > 0 || chosen.states) {
    throw new UsageError(`Give --not-printed without USER, --all or --state. Usage: tfa-provisioner ${EXPORT_USAGE.sheets}`);
  }
  const unprinted = await engine.rollout.usersAt('provisioned', options.server);
  if (unprinted.length === 0) return failure('sheets', 'Every pending account’s sheet has been printed or exported already; there is nothing to print.');
  return runFileExport(engine, 'sheets', unprinted, chosen);
}

function backupOptions(options: OptionValues, io: CliIo) {
  return {
    server: options.server,
    passphraseFile: options['passphrase-file'],
    force: (options.force ?? false) || (options.replace ?? false),
    stdin: io.stdin,
    stderr: io.stderr,
  };
}

export const CLI_COMMANDS: readonly CliCommand[] = [
  {
    name: 'doctor',
    usage: 'doctor',
    summary: [
      'Check this machine: Node.js, the OS keychain (running, unlocked, default keyring),',
      'the state directory (mode, owner, state file, lock) and PDF sheets; says what to do.',
    ],
    section: 'commands',
    options: [],
    words: [0, 0],
    // Loaded only when asked for: the checks reach the keychain, the state file and pdfkit.
    report: async (io) => (await import('./doctor.js')).doctor(io),
  },
  {
    name: 'servers list',
    usage: 'servers list',
    summary: ['List server profiles (hostname, operator, issuer, policy).'],
    section: 'commands',
    options: [],
    words: [0, 0],
    run: ({ engine }) => engine.servers.list(),
  },
  {
    name: 'servers add',
    usage: 'servers add HOST [--operator=USER]',
    summary: ['Add a server profile and make it active (operator: root or a reseller).'],
    section: 'commands',
    options: ['operator'],
    words: [1, 1],
    run: ({ engine, args, options }) => engine.servers.add(args[0]!, options.operator),
  },
  {
    name: 'servers use',
    usage: 'servers use HOST',
    summary: ['Make a server profile active.'],
    section: 'commands',
    options: [],
    words: [1, 1],
    run: ({ engine, args }) => engine.servers.use(args[0]!),
  },
  {
    name: 'servers remove',
    usage: 'servers remove HOST [--force]',
    summary: ['Remove a profile. When it holds secrets, asks on a terminal; otherwise needs --force.'],
    section: 'commands',
    options: ['force'],
    words: [1, 1],
    run: async ({ engine, args, options, io }) => {
      const hostname = args[0]!;
      const profile = (await engine.servers.list()).data?.servers.find((s) => s.hostname === hostname);
      const secrets = profile ? profile.pending + profile.enabled : 0;
      if (secrets > 0) {
        await requireConsent(
          io,
          options.force ?? false,
          `The server profile “${shownName(hostname)}” holds ${secrets.toLocaleString('en-US')} secret${secrets === 1 ? '' : 's'}; removing it destroys them (a backup keeps them: tfa-provisioner backup FILE).`,
        );
      }
      // The engine checks again under its lock; consent given here covers what the profile holds now.
      return engine.servers.remove(hostname, { force: secrets > 0 || (options.force ?? false) });
    },
  },
  {
    name: 'servers set',
    usage: 'servers set [HOST] --pending-expiry-days=N|off | --first-code-contact=TEXT | --system-wide-issuer=NAME',
    summary: [
      'Pending secrets older than N days (1-365) count as expired; off: never.',
      'Where account holders send their first code, printed on every enrollment sheet',
      '(e.g. "helpdesk@example.com"); an empty TEXT clears it.',
      'For a reseller’s profile, root’s system-wide issuer on that server, which',
      'twofactorauth_get_issuer answers as system_wide_issuer (and the reseller’s issuer',
      'until it sets its own); empty: the hostname. One setting at a time.',
    ],
    section: 'commands',
    options: ['server', 'pending-expiry-days', 'first-code-contact', 'system-wide-issuer'],
    words: [0, 1],
    run({ engine, args, options }) {
      const days = options['pending-expiry-days'];
      const contact = options['first-code-contact'];
      const issuer = options['system-wide-issuer'];
      if ([days, contact, issuer].filter((given) => given !== undefined).length !== 1) {
        throw usageError(this, 'Give --pending-expiry-days, --first-code-contact or --system-wide-issuer (one setting at a time).');
      }
      const server = args[0] ?? options.server;
      if (contact !== undefined) return engine.servers.set(server, { firstCodeContact: contact });
      if (issuer !== undefined) return engine.servers.set(server, { systemWideIssuer: issuer });
      return engine.rollout.setPendingExpiry(days!, server);
    },
  },
  {
    name: 'accounts list',
    usage: 'accounts list [--state=none|pending|enabled]',
    summary: ['List accounts and their state: none, pending or enabled.', '--state=enabled (or pending,enabled…) lists only those.'],
    section: 'commands',
    options: ['server', 'state'],
    words: [0, 0],
    run: async ({ engine, options }) => {
      const envelope = await engine.accounts.list(options.server);
      const states = options.state;
      const data = envelope.data as { accounts?: { state: string }[] } | undefined;
      if (!states || !data?.accounts) return envelope;
      return { ...envelope, data: { ...data, accounts: data.accounts.filter((a) => (states as string[]).includes(a.state)) } };
    },
  },
  {
    name: 'accounts add',
    usage: 'accounts add USER DOMAIN',
    summary: ['Add a cPanel account by hand.'],
    section: 'commands',
    options: ['server'],
    words: [2, 2],
    run: ({ engine, args, options }) => engine.accounts.add(args[0]!, args[1]!, options.server),
  },
  {
    name: 'accounts import',
    usage: 'accounts import FILE',
    summary: ['Import accounts from a whmapi1 listaccts dump (JSON or YAML) or a CSV of user,domain.'],
    section: 'commands',
    options: ['server', 'list'],
    words: [1, 1],
    run: async ({ engine, args, options, io }) => {
      const text = await readImportFile(args[0]!);
      const envelope = await engine.accounts.import(text, options.server);
      const problems = (envelope.data as { problems?: unknown[] } | undefined)?.problems?.length ?? 0;
      // Said once, however many rows it spoils (the rows themselves may be too many to list).
      const hint = problems > 0 ? wrongSeparatorHint(text) : null;
      if (hint) io.stderr.write(`tfa-provisioner: ${hint}\n`);
      return envelope;
    },
  },
  {
    name: 'accounts remove',
    usage: 'accounts remove USER ... [--force]',
    summary: [
      'Forget accounts and their secrets (changes nothing on the server).',
      'When one holds a secret, asks on a terminal; otherwise needs --force.',
    ],
    section: 'commands',
    options: ['server', 'force'],
    words: [1, MANY],
    run: async ({ engine, args, options, io }) => {
      if (!options.force) {
        // Stored lowercase, as accounts add stores them: `Alice` names alice (storedUsername in the engine).
        const named = new Set(args.map(normalizeUsername));
        const holders = ((await engine.accounts.list(options.server)).data?.accounts ?? [])
          .filter((a) => a.state !== 'none' && named.has(a.user))
          .map((a) => a.user);
        if (holders.length > 0) {
          const one = holders.length === 1;
          await requireConsent(
            io,
            false,
            `${namesInWords(holders)} ${one ? 'holds a secret' : 'hold secrets'} (pending or enabled): removing ${one ? 'it' : 'them'} forgets ${one ? 'the secret' : 'the secrets'} for good, and ${one ? 'its holder' : 'their holders'} must enrol again.`,
          );
        }
      }
      return engine.accounts.remove(args, options.server);
    },
  },
  {
    name: 'accounts reconcile',
    usage: 'accounts reconcile FILE [--list]',
    summary: [
      "Compare with the server's own answer, saved on the server with",
      'whmapi1 --output=json twofactorauth_get_user_configs > FILE (YAML and XML too):',
      'accounts enabled here and there become confirmed; every mismatch is reported.',
    ],
    section: 'commands',
    options: ['server', 'list'],
    words: [1, 1],
    run: async ({ engine, args, options }) => engine.rollout.reconcile(await readImportFile(args[0]!), options.server),
  },
  {
    name: 'rollout status',
    usage: 'rollout status [--stage=STAGE|all]',
    summary: [
      'Accounts per rollout stage: none, provisioned (sheet not printed), printed,',
      'expired, verified, applied, confirmed; --stage lists the accounts too.',
    ],
    section: 'commands',
    options: ['server', 'stage'],
    words: [0, 0],
    run: ({ engine, options }) => engine.rollout.status({ server: options.server, ...(options.stage ? { rows: options.stage } : {}) }),
  },
  {
    name: 'provision',
    usage: 'provision (USER ... | --all | --expired) [--replace] [--with-secrets] [--chunk-size=N] [--list]',
    summary: [
      'Give accounts a pending secret, sealed in the keychain vault.',
      'Pending and enabled accounts are skipped unless --replace.',
      'Answers the users provisioned; their secrets only with --with-secrets',
      '(or later, one by one, with reveal).',
      '--expired replaces every expired pending secret with a new one (their sheets',
      'must be printed again). --chunk-size: accounts sealed and written per step (default 500;',
      'a batch of more than 10,000 accounts takes larger steps, so it writes the state at most 20 times).',
    ],
    section: 'commands',
    options: ['server', 'all', 'expired', 'replace', 'with-secrets', 'chunk-size', 'list'],
    words: [0, MANY],
    run(this: EnvelopeCommand, context) {
      return provision(context, this);
    },
  },
  {
    name: 'verify',
    usage: 'verify USER CODE',
    summary: ["Check an account's first 6-digit code: pending becomes enabled."],
    section: 'commands',
    options: ['server'],
    words: [2, 2],
    run: async ({ engine, args, options, io }) => {
      const envelope = await engine.provisioning.verify(args[0]!, args[1]!, options.server);
      // WHM's reason says only that the code was refused; the likely cause is told aside, as the desktop app tells it.
      if (envelope.metadata.reason === INVALID_CODE) {
        // A code of the wrong shape was never a clock problem: say what a code is instead.
        const code = args[1]!;
        const shaped = new RegExp(`^[0-9]{${TOTP_DIGITS}}$`).test(code);
        const hint = shaped ? CLOCK_SKEW_HINT : `Type the ${TOTP_DIGITS}-digit code the authenticator app shows now (“${shownName(code)}” is not one).`;
        io.stderr.write(`tfa-provisioner: ${hint}\n`);
      }
      return envelope;
    },
  },
  {
    name: 'reveal',
    usage: 'reveal USER [--qr=TARGET]',
    summary: ["Show a pending account's secret and URI again (for its QR code)."],
    section: 'commands',
    options: ['server', 'qr'],
    words: [1, 1],
    run: ({ engine, args, options }) => engine.provisioning.reveal(args[0]!, options.server),
  },
  {
    name: 'audit',
    usage: 'audit [--limit=N]',
    summary: ['Show the audit trail (never holds secrets or codes).'],
    section: 'commands',
    options: ['limit'],
    words: [0, 0],
    run: ({ engine, options }) => engine.auditTrail(options.limit),
  },
  exportCommand(
    'generate-answers',
    [
      "WHM's twofactorauth_generate_tfa_config answer per account (json: one per line;",
      'jsonpretty, yaml, xml: the documents one after another).',
    ],
    ['format', 'state', 'with-secrets'],
  ),
  exportCommand(
    'apply-body',
    [
      'The twofactorauth_set_tfa_config_for_user body for enabled accounts, with the',
      'curl command to send it in FILE.apply.txt (it replaces their existing entries).',
    ],
    ['with-secrets'],
  ),
  exportCommand('uris', ['otpauth:// URIs, one per line.'], ['state', 'with-secrets']),
  exportCommand('accounts-csv', ['user,domain,state,updated (no secrets; mode 0644).'], []),
  {
    ...exportCommand(
      'sheets',
      [
        'Enrollment sheets, one page per account: QR code, key, instructions, where to send',
        'the first code. A PDF when FILE ends in .pdf, one HTML file otherwise.',
        'generate-answers, uris and sheets take pending accounts unless --state=enabled',
        'or --state=pending,enabled; --all (or, for export, no USER) takes every account.',
        '--not-printed: every pending account whose sheet was never printed or exported.',
        'Writing sheets or an apply body records it per account (see rollout status).',
      ],
      ['paper', 'state', 'with-secrets', 'not-printed'],
    ),
    run: sheets,
  },
  {
    name: 'backup',
    usage: 'backup FILE [--passphrase-file=PATH] [--force]',
    summary: [
      'Encrypt the whole server profile (accounts, states, settings, secrets) under a',
      'passphrase of at least 12 characters (scrypt, AES-256-GCM); mode 0600.',
      'Over an existing FILE, asks on a terminal; otherwise needs --force.',
    ],
    section: 'exports',
    options: ['server', 'passphrase-file', 'force'],
    words: [1, 1],
    run: async ({ engine, args, options, io }) => {
      const path = args[0]!;
      // Asked before the passphrase, so no one types it twice only to be stopped.
      if (await lstat(path).then(() => true, () => false)) {
        await requireConsent(io, options.force ?? false, `${quoted(path)} exists; replacing it loses the backup (or file) it holds.`);
      }
      return runBackup(engine, path, backupOptions(options, io));
    },
  },
  {
    name: 'restore',
    usage: 'restore FILE [--passphrase-file=PATH] [--force]',
    summary: [
      'Restore a backup. Over an existing profile of that hostname, asks on a terminal;',
      'otherwise needs --force (--replace, its earlier name, still works).',
      'The passphrase is read from PATH, or asked for on a terminal; never from the command line.',
    ],
    section: 'exports',
    options: ['passphrase-file', 'force', 'replace'],
    words: [1, 1],
    run: ({ engine, args, options, io }) => runRestore(engine, args[0]!, backupOptions(options, io), io),
  },
];

/** `servers`, `accounts`, `export`: the words that take a second word naming the command. */
export const COMMAND_GROUPS: readonly string[] = [...new Set(CLI_COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]!))];

export function findCommand(name: string): CliCommand | undefined {
  return CLI_COMMANDS.find((command) => command.name === name);
}

export function groupCommands(group: string): CliCommand[] {
  return CLI_COMMANDS.filter((command) => command.name.startsWith(`${group} `));
}

/** Checks the number of words after the command's name. */
export function checkWordCount(command: CliCommand, args: readonly string[]): void {
  const [least, most] = command.words;
  if (args.length < least || args.length > most) throw usageError(command);
}
