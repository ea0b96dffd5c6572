// The whmapi1-style command line: tfa-provisioner [--output=FORMAT] [--server=HOST] FUNCTION [key=value ...],
// and the app's own commands (cli-commands.ts). Reads the words, finds the command, checks its options, runs it.
import type { Envelope } from '../engine/envelope.js';
import { renderEnvelope } from '../engine/envelope-format.js';
import type { TfaEngine } from '../engine/tfa-engine.js';
import { isWhmFunction, WHM_FUNCTIONS } from '../engine/whm-functions.js';
import { pairsFromWords } from '../engine/whm-params.js';
import { openEngine } from '../store/open-engine.js';
import { abridgeLists } from './abridged-lists.js';
import { checkWordCount, CLI_COMMANDS, COMMAND_GROUPS, findCommand, groupCommands, type CliCommand } from './cli-commands.js';
import type { CliIo } from './cli-io.js';
import { checkOptions, readCommandLine, type OptionName, type OptionValues } from './cli-options.js';
import { closest } from './did-you-mean.js';
import { commandHelp, helpForCommand, helpForGroup, helpText } from './help-text.js';
import { UsageError } from './usage-error.js';
import { APP_VERSION } from '../store/app-version.js';
import { messageOf } from '../common/error-message.js';
import { adviceFor } from '../common/adapter-advice.js';
import { AdapterError, type AdapterErrorCode } from '../engine/ports.js';

export type { CliIo };

export const EXIT_OK = 0;
export const EXIT_RESULT_0 = 1;
export const EXIT_USAGE = 2;

/** What the words name: one of the app's commands, or a WHM function (known or not: WHM answers the unknown). */
type Target =
  | { kind: 'command'; command: CliCommand; args: string[]; accepted: OptionName[] }
  | { kind: 'function'; name: string; args: string[]; accepted: OptionName[]; hint: string | null };

/** Every command and function takes these. */
const ALWAYS: readonly OptionName[] = ['output', 'help'];

function quoted(word: string): string {
  return `“${word.replace(/[^\x20-\x7e]/g, '?').slice(0, 80)}”`;
}

function acceptedBy(command: CliCommand): OptionName[] {
  return 'report' in command ? ['help', ...command.options] : [...ALWAYS, ...command.options];
}

function findTarget(words: readonly string[]): Target {
  const [first = '', second, ...rest] = words;
  if (COMMAND_GROUPS.includes(first)) {
    const members = groupCommands(first);
    const command = second === undefined ? undefined : findCommand(`${first} ${second}`);
    if (!command) {
      const subs = members.map((c) => c.name.slice(first.length + 1));
      const guess = second === undefined ? null : closest(second, subs);
      const problem = second === undefined ? `${first} needs a command.` : `${first} has no command ${quoted(second)}.${guess ? ` Did you mean ${first} ${guess}?` : ''}`;
      throw new UsageError(`${problem} Usage: tfa-provisioner ${first} ${subs.join('|')} ...`);
    }
    return { kind: 'command', command, args: rest, accepted: acceptedBy(command) };
  }
  const command = findCommand(first);
  if (command) return { kind: 'command', command, args: words.slice(1), accepted: acceptedBy(command) };
  const accepted: OptionName[] = [...ALWAYS, 'server', 'fail', ...(first === 'twofactorauth_generate_tfa_config' ? (['qr'] as const) : [])];
  if (isWhmFunction(first)) return { kind: 'function', name: first, args: words.slice(1), accepted, hint: null };
  // A near miss of one of the app's commands is a usage error; anything else goes to WHM, which answers
  // “Unknown app” as a server would, with the nearest function suggested on stderr.
  const topLevel = [...new Set(CLI_COMMANDS.map((c) => c.name.split(' ')[0]!))];
  const nearCommand = closest(first, topLevel);
  if (nearCommand && !first.startsWith('twofactorauth')) {
    throw new UsageError(`There is no command ${quoted(first)}. Did you mean ${nearCommand}?`);
  }
  const nearFunction = closest(first, Object.keys(WHM_FUNCTIONS)) ?? closestByPart(first);
  const hint = nearFunction
    ? `There is no function ${quoted(first)}. Did you mean ${nearFunction}?`
    : first === 'help'
      ? 'There is no function “help”: WHM answers “Unknown app”. For usage, run tfa-provisioner --help.'
      : null;
  return { kind: 'function', name: first, args: words.slice(1), accepted, hint };
}

/** `generate_tfa_config`, `twofactorauth_get_user`: a function named by a clear part of its name. */
function closestByPart(typed: string): string | null {
  if (typed.length < 6) return null;
  const matches = Object.keys(WHM_FUNCTIONS).filter((name) => name.includes(typed) || typed.includes(name.replace('twofactorauth_', '')));
  return matches.length === 1 ? matches[0]! : null;
}

/** After a failure the keychain or the state file caused: one line with what to do next (as the desktop app's alert). */
function writeNextStep(io: CliIo, code: AdapterErrorCode, stateDir: string | undefined): void {
  io.stderr.write(`tfa-provisioner: next step: ${adviceFor(code, stateDir).nextStep}\n`);
}

async function runTarget(
  target: Target,
  engine: TfaEngine,
  options: OptionValues,
  io: CliIo,
  onAdapterError: (code: AdapterErrorCode) => void,
): Promise<Envelope> {
  if (target.kind === 'command') {
    // Report commands (doctor) print their own words and never get here.
    if (!('run' in target.command)) throw new Error(`${target.command.name} answers with a report, not an envelope`);
    return target.command.run({ engine, args: target.args, options, io });
  }
  const pairs = pairsFromWords(target.args);
  if (!pairs.ok) throw new UsageError(pairs.reason);
  if (target.name === 'twofactorauth_set_issuer' && !pairs.pairs.some(([key]) => key === 'issuer')) {
    // WHM clears the issuer when issuer= is missing, and so does the engine; a person who forgot it is told.
    io.stderr.write(
      'tfa-provisioner: warning: twofactorauth_set_issuer without issuer= clears the issuer, as WHM does: authenticator apps will show the hostname. To set one: twofactorauth_set_issuer issuer=NAME\n',
    );
  }
  // What WHM's envelope does not say (an ignored parameter, a replayed code) goes to stderr.
  return engine.whm.call(target.name, pairs.pairs, options.server, { onNote: (note) => io.stderr.write(`tfa-provisioner: ${note}\n`), onAdapterError });
}

/**
 * A WHM function's answer exits 0 whenever it was printed, also when its result is 0, as whmapi1 does (scripts check
 * metadata.result); --fail makes a result of 0 exit 1. The app's own commands exit 1 when their result is 0.
 */
function exitStatus(envelope: Envelope, whmFunction: boolean, failOnResult0: boolean): number {
  if (envelope.metadata.result === '1') return EXIT_OK;
  return whmFunction && !failOnResult0 ? EXIT_OK : EXIT_RESULT_0;
}

function qrUriOf(envelope: Envelope): string | null {
  const data = envelope.data as { otpauth_str?: unknown } | undefined;
  return envelope.metadata.result === '1' && typeof data?.otpauth_str === 'string' ? data.otpauth_str : null;
}

export async function runCli(argv: readonly string[], io: CliIo, open: typeof openEngine = openEngine): Promise<number> {
  let target: Target;
  let options: OptionValues;
  try {
    const line = readCommandLine(argv);
    if (line.words.length === 0) {
      options = checkOptions(line.given, [...ALWAYS, 'version', 'server'], 'tfa-provisioner');
      if (options.help) {
        io.stdout.write(helpText(APP_VERSION));
        return EXIT_OK;
      }
      if (options.version) {
        io.stdout.write(`${APP_VERSION}\n`);
        return EXIT_OK;
      }
      throw new UsageError('Name a function or command.');
    }
    const [group] = line.words;
    if (line.words.length === 1 && COMMAND_GROUPS.includes(group!) && line.given.some((option) => option.raw === '--help' || option.raw === '-h')) {
      io.stdout.write(helpForGroup(group!, groupCommands(group!)));
      return EXIT_OK;
    }
    target = findTarget(line.words);
    const name = target.kind === 'command' ? target.command.name : target.name;
    options = checkOptions(line.given, target.accepted, name);
    if (options.help) {
      io.stdout.write(
        target.kind === 'command'
          ? helpForCommand(target.command, target.accepted)
          : commandHelp(`${name} ${WHM_FUNCTIONS[name as keyof typeof WHM_FUNCTIONS]?.usage ?? '[key=value ...]'}`.trim(), [
              WHM_FUNCTIONS[name as keyof typeof WHM_FUNCTIONS]?.summary ?? 'Not one of the nine WHM two-factor functions: WHM answers “Unknown app”.',
            ], target.accepted),
      );
      return EXIT_OK;
    }
    if (target.kind === 'command') checkWordCount(target.command, target.args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`tfa-provisioner: ${error.message}\nRun tfa-provisioner --help for usage.\n`);
    return EXIT_USAGE;
  }
  if (target.kind === 'function' && target.hint) io.stderr.write(`tfa-provisioner: ${target.hint}\n`);
  if (target.kind === 'command' && 'report' in target.command) return target.command.report(io);

  let stateDir: string | undefined;
  try {
    const opened = await open({ env: io.env, onNotice: (message) => io.stderr.write(`tfa-provisioner: ${message}\n`) });
    stateDir = opened.stateDir;
    // A WHM function's envelope is WHM's, without the code: the engine tells it aside.
    let whmCode: AdapterErrorCode | undefined;
    let envelope = await runTarget(target, opened.engine, options, io, (code) => (whmCode ??= code));
    if (target.accepted.includes('list')) {
      const abridged = abridgeLists(envelope, options.list ?? false);
      envelope = abridged.envelope;
      for (const note of abridged.notes) io.stderr.write(`tfa-provisioner: ${note}\n`);
    }
    io.stdout.write(renderEnvelope(envelope, options.output ?? 'yaml'));
    for (const warning of envelope.metadata.output?.warnings ?? []) io.stderr.write(`tfa-provisioner: ${warning}\n`);
    const failedOn = envelope.metadata.error_code ?? whmCode;
    if (failedOn) writeNextStep(io, failedOn, stateDir);
    const uri = options.qr ? qrUriOf(envelope) : null;
    if (options.qr && uri) {
      // The QR encoder loads only when --qr asks for it.
      const { writeQr } = await import('./qr-output.js');
      let shown: string | null;
      try {
        shown = await writeQr(options.qr, uri);
      } catch (error) {
        // The answer is printed already; the file alone failed, said in words (a FileWriteError names it).
        io.stderr.write(`tfa-provisioner: ${messageOf(error)}\n`);
        return EXIT_RESULT_0;
      }
      if (shown) io.stderr.write(shown);
      else io.stderr.write(`tfa-provisioner: QR code written to ${(options.qr as { path: string }).path} (mode 0600: it holds the secret).\n`);
    }
    return exitStatus(envelope, target.kind === 'function', options.fail ?? false);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`tfa-provisioner: ${error.message}\n`);
      return EXIT_USAGE;
    }
    // Adapter failures outside any envelope (state directory unusable…): a message, never a stack trace.
    io.stderr.write(`tfa-provisioner: ${messageOf(error)}\n`);
    if (error instanceof AdapterError) writeNextStep(io, error.code, stateDir);
    return EXIT_RESULT_0;
  }
}
