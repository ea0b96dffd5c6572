// The whmapi1-style command line: tfa-provisioner [--output=FORMAT] [--server=HOST] FUNCTION [key=value ...].
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Envelope } from '../engine/envelope.js';
import { isOutputFormat, renderEnvelope, type OutputFormat } from '../engine/envelope-format.js';
import type { TfaEngine } from '../engine/tfa-engine.js';
import { pairsFromWords } from '../engine/whm-params.js';
import { isSheetPaper, type SheetPaper } from '../engine/enrollment-sheet-style.js';
import { SECRET_STATES, type SecretState } from '../engine/secret-selection.js';
import { failure } from '../engine/envelope.js';
import { parseStageOption } from '../engine/rollout-commands.js';
import { pendingExpiryProblem, ROLLOUT_STAGES, type RolloutStage } from '../common/rollout-stages.js';
import { openEngine } from '../store/open-engine.js';
import { runBackup, runRestore } from './backup-command-line.js';
import { EXPORT_KINDS, runFileExport, type ExportKind, type FileExportOptions } from './file-exports.js';
import { helpText } from './help-text.js';
import type { PassphraseStdin } from './passphrase-input.js';
import { ProgressLine } from './progress-line.js';
import { parseQrTarget, writeQr, type QrTarget } from './qr-output.js';
import { UsageError } from './usage-error.js';
import { APP_VERSION } from './version.js';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Where a passphrase is typed (backup, restore); without a terminal, --passphrase-file is required. */
  stdin?: PassphraseStdin;
}

export const EXIT_OK = 0;
export const EXIT_RESULT_0 = 1;
export const EXIT_USAGE = 2;

interface Options {
  output: OutputFormat;
  server: string | undefined;
  qr: QrTarget | undefined;
  operator: string | undefined;
  force: boolean;
  replace: boolean;
  all: boolean;
  limit: number | undefined;
  out: string | undefined;
  format: OutputFormat;
  paper: SheetPaper;
  withSecrets: boolean;
  states: SecretState[] | undefined;
  passphraseFile: string | undefined;
  chunkSize: number | undefined;
  /** Rollout tracking: sheets --not-printed, provision --expired, servers set --pending-expiry-days, rollout status --stage. */
  notPrinted: boolean;
  expired: boolean;
  pendingExpiryDays: number | null | undefined;
  stage: RolloutStage | 'all' | undefined;
}

function parseCommandLine(argv: readonly string[]): { options: Options; words: string[]; help: boolean; version: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: 'string' },
        server: { type: 'string' },
        qr: { type: 'string' },
        operator: { type: 'string' },
        force: { type: 'boolean', default: false },
        replace: { type: 'boolean', default: false },
        all: { type: 'boolean', default: false },
        limit: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        paper: { type: 'string' },
        state: { type: 'string' },
        'with-secrets': { type: 'boolean', default: false },
        'passphrase-file': { type: 'string' },
        'chunk-size': { type: 'string' },
        'not-printed': { type: 'boolean', default: false },
        expired: { type: 'boolean', default: false },
        'pending-expiry-days': { type: 'string' },
        stage: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  const output = v.output ?? 'yaml';
  if (!isOutputFormat(output)) throw new UsageError(`--output must be json, jsonpretty, yaml or xml, not “${output}”.`);
  const qr = v.qr === undefined ? undefined : parseQrTarget(v.qr);
  if (qr === null) throw new UsageError('--qr must be terminal, svg:PATH or png:PATH.');
  let limit: number | undefined;
  if (v.limit !== undefined) {
    if (!/^[1-9][0-9]{0,6}$/.test(v.limit)) throw new UsageError('--limit must be a positive whole number.');
    limit = Number(v.limit);
  }
  const format = v.format ?? 'json';
  if (!isOutputFormat(format)) throw new UsageError(`--format must be json, jsonpretty, yaml or xml, not “${format}”.`);
  const paper = v.paper ?? 'a4';
  if (!isSheetPaper(paper)) throw new UsageError(`--paper must be a4 or letter, not “${paper}”.`);
  let states: SecretState[] | undefined;
  if (v.state !== undefined) {
    const named = v.state.split(',');
    if (!named.every((s): s is SecretState => (SECRET_STATES as readonly string[]).includes(s))) {
      throw new UsageError('--state must be pending, enabled or pending,enabled.');
    }
    states = [...new Set(named)];
  }
  let chunkSize: number | undefined;
  if (v['chunk-size'] !== undefined) {
    if (!/^[1-9][0-9]{0,5}$/.test(v['chunk-size'])) throw new UsageError('--chunk-size must be a positive whole number.');
    chunkSize = Number(v['chunk-size']);
  }
  let pendingExpiryDays: number | null | undefined;
  if (v['pending-expiry-days'] !== undefined) {
    const days = v['pending-expiry-days'];
    pendingExpiryDays = days === 'off' ? null : /^[0-9]{1,4}$/.test(days) ? Number(days) : Number.NaN;
    if (pendingExpiryDays !== null && pendingExpiryProblem(pendingExpiryDays)) {
      throw new UsageError(`--pending-expiry-days must be a whole number of days from 1 to 365, or off, not “${days}”.`);
    }
  }
  let stage: RolloutStage | 'all' | undefined;
  if (v.stage !== undefined) {
    stage = parseStageOption(v.stage) ?? undefined;
    if (stage === undefined) throw new UsageError(`--stage must be all or one of ${ROLLOUT_STAGES.join(', ')}, not “${v.stage}”.`);
  }
  return {
    options: {
      output,
      server: v.server,
      qr,
      operator: v.operator,
      force: v.force ?? false,
      replace: v.replace ?? false,
      all: v.all ?? false,
      limit,
      out: v.out,
      format,
      paper,
      withSecrets: v['with-secrets'] ?? false,
      states,
      passphraseFile: v['passphrase-file'],
      chunkSize,
      notPrinted: v['not-printed'] ?? false,
      expired: v.expired ?? false,
      pendingExpiryDays,
      stage,
    },
    words: parsed.positionals,
    help: v.help ?? false,
    version: v.version ?? false,
  };
}

function expectWords(words: readonly string[], count: number, usage: string): void {
  if (words.length !== count) throw new UsageError(`Usage: tfa-provisioner ${usage}`);
}

/** Runs `run` when exactly `count` arguments follow the subcommand. */
function arity<T>(args: readonly string[], count: number, usage: string, run: () => T): T {
  expectWords(args, count, usage);
  return run();
}

async function runCommand(engine: TfaEngine, words: string[], options: Options, io: CliIo): Promise<Envelope> {
  const [command = '', sub = '', ...rest] = words;
  const server = options.server;
  switch (command) {
    case 'servers':
      switch (sub) {
        case 'list':
          return arity(rest, 0, 'servers list', () => engine.servers.list());
        case 'add':
          return arity(rest, 1, 'servers add HOST [--operator=USER]', () => engine.servers.add(rest[0]!, options.operator));
        case 'use':
          return arity(rest, 1, 'servers use HOST', () => engine.servers.use(rest[0]!));
        case 'remove':
          return arity(rest, 1, 'servers remove HOST [--force]', () => engine.servers.remove(rest[0]!, { force: options.force }));
        case 'set': {
          const usage = 'servers set [HOST] --pending-expiry-days=N|off';
          if (rest.length > 1 || options.pendingExpiryDays === undefined) throw new UsageError(`Usage: tfa-provisioner ${usage}`);
          return engine.rollout.setPendingExpiry(options.pendingExpiryDays, rest[0] ?? server);
        }
      }
      throw new UsageError('Usage: tfa-provisioner servers list|add|use|remove|set ...');
    case 'accounts':
      switch (sub) {
        case 'list':
          return arity(rest, 0, 'accounts list', () => engine.accounts.list(server));
        case 'add':
          return arity(rest, 2, 'accounts add USER DOMAIN', () => engine.accounts.add(rest[0]!, rest[1]!, server));
        case 'import':
          return arity(rest, 1, 'accounts import FILE', async () => engine.accounts.import(await readImportFile(rest[0]!), server));
        case 'remove':
          if (rest.length === 0) throw new UsageError('Usage: tfa-provisioner accounts remove USER ...');
          return engine.accounts.remove(rest, server);
        case 'reconcile':
          return arity(rest, 1, 'accounts reconcile FILE', async () => engine.rollout.reconcile(await readImportFile(rest[0]!), server));
      }
      throw new UsageError('Usage: tfa-provisioner accounts list|add|import|remove|reconcile ...');
    case 'rollout':
      if (sub !== 'status' || rest.length > 0) throw new UsageError('Usage: tfa-provisioner rollout status [--stage=STAGE|all]');
      return engine.rollout.status({ server, ...(options.stage ? { rows: options.stage } : {}) });
    case 'provision':
      return provision(engine, words.slice(1), options, io);
    case 'verify':
      return arity(words.slice(1), 2, 'verify USER CODE', () => engine.provisioning.verify(words[1]!, words[2]!, server));
    case 'reveal':
      return arity(words.slice(1), 1, 'reveal USER [--qr=TARGET]', () => engine.provisioning.reveal(words[1]!, server));
    case 'audit':
      return arity(words.slice(1), 0, 'audit [--limit=N]', () => engine.auditTrail(options.limit));
    case 'export': {
      if (!(EXPORT_KINDS as readonly string[]).includes(sub)) {
        throw new UsageError(`Usage: tfa-provisioner export ${EXPORT_KINDS.join('|')} --out=FILE ...`);
      }
      return runFileExport(engine, sub as ExportKind, rest, exportOptions(options));
    }
    case 'sheets':
      return sheets(engine, words.slice(1), options);
    case 'backup':
      return arity(words.slice(1), 1, 'backup FILE [--passphrase-file=PATH]', () => runBackup(engine, words[1]!, backupOptions(options, io)));
    case 'restore':
      return arity(words.slice(1), 1, 'restore FILE [--replace] [--passphrase-file=PATH]', () =>
        runRestore(engine, words[1]!, backupOptions(options, io)),
      );
    default: {
      const pairs = pairsFromWords(words.slice(1));
      if (!pairs.ok) throw new UsageError(pairs.reason);
      return engine.whm.call(command, pairs.pairs, server);
    }
  }
}

function exportOptions(options: Options): FileExportOptions {
  const { server, out, withSecrets, all, format, paper, states } = options;
  return { server, out, withSecrets, all, format, paper, states };
}

function backupOptions(options: Options, io: CliIo) {
  return { server: options.server, passphraseFile: options.passphraseFile, replace: options.replace, stdin: io.stdin, stderr: io.stderr };
}

async function readImportFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read “${path}”: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** `sheets --not-printed`: the pending accounts whose sheet was never printed or exported, in one go. */
async function sheets(engine: TfaEngine, users: string[], options: Options): Promise<Envelope> {
  if (!options.notPrinted) return runFileExport(engine, 'sheets', users, exportOptions(options));
  if (options.all || users.length > 0 || options.states) {
    throw new UsageError('Usage: tfa-provisioner sheets --not-printed --out=FILE.html [--paper=a4|letter] --with-secrets (no USER, --all or --state)');
  }
  const unprinted = await engine.rollout.usersAt('provisioned', options.server);
  if (unprinted.length === 0) return failure('sheets', 'Every pending account’s sheet has been printed or exported already; there is nothing to print.');
  return runFileExport(engine, 'sheets', unprinted, exportOptions(options));
}

async function provision(engine: TfaEngine, words: string[], options: Options, io: CliIo): Promise<Envelope> {
  let users = words;
  if (options.expired) {
    // Re-provisioning the expired: their old secrets are replaced, so their sheets and rollout marks start afresh.
    if (options.all || words.length > 0) throw new UsageError('Usage: tfa-provisioner provision --expired (no USER or --all)');
    users = await engine.rollout.usersAt('expired', options.server);
    if (users.length === 0) return failure('provision', 'No pending secret is older than this profile’s pending-expiry limit; there is nothing to re-provision.');
  } else if (options.all === users.length > 0) throw new UsageError('Usage: tfa-provisioner provision (USER ... | --all) [--replace], or provision --expired');
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
      replace: options.replace || options.expired,
      withSecrets: options.withSecrets,
      signal: controller.signal,
      onProgress: (done, total) => progress.update(done, total),
      ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    progress.end();
  }
}

function qrUriOf(envelope: Envelope): string | null {
  const data = envelope.data as { otpauth_str?: unknown } | undefined;
  return envelope.metadata.result === 1 && typeof data?.otpauth_str === 'string' ? data.otpauth_str : null;
}

export async function runCli(argv: readonly string[], io: CliIo, open: typeof openEngine = openEngine): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    io.stderr.write(`tfa-provisioner: ${(error as Error).message}\nRun tfa-provisioner --help for usage.\n`);
    return EXIT_USAGE;
  }
  const { options, words, help, version } = parsed;
  if (help) {
    io.stdout.write(helpText(APP_VERSION));
    return EXIT_OK;
  }
  if (version) {
    io.stdout.write(`${APP_VERSION}\n`);
    return EXIT_OK;
  }
  if (words.length === 0) {
    io.stderr.write('tfa-provisioner: name a function or command.\nRun tfa-provisioner --help for usage.\n');
    return EXIT_USAGE;
  }
  const qrCommands = ['twofactorauth_generate_tfa_config', 'reveal'];
  if (options.qr && !qrCommands.includes(words[0]!)) {
    io.stderr.write('tfa-provisioner: --qr goes with twofactorauth_generate_tfa_config or reveal.\n');
    return EXIT_USAGE;
  }

  try {
    const { engine } = await open({ env: io.env, onNotice: (message) => io.stderr.write(`tfa-provisioner: ${message}\n`) });
    const envelope = await runCommand(engine, words, options, io);
    io.stdout.write(renderEnvelope(envelope, options.output));
    for (const warning of envelope.metadata.output?.warnings ?? []) io.stderr.write(`tfa-provisioner: ${warning}\n`);
    const uri = options.qr ? qrUriOf(envelope) : null;
    if (options.qr && uri) {
      const shown = await writeQr(options.qr, uri);
      if (shown) io.stderr.write(shown);
      else io.stderr.write(`tfa-provisioner: QR code written to ${(options.qr as { path: string }).path} (mode 0600: it holds the secret).\n`);
    }
    return envelope.metadata.result === 1 ? EXIT_OK : EXIT_RESULT_0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`tfa-provisioner: ${error.message}\n`);
      return EXIT_USAGE;
    }
    // Adapter failures outside any envelope (state directory unusable…): a message, never a stack trace.
    io.stderr.write(`tfa-provisioner: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_RESULT_0;
  }
}
