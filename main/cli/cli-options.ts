// Every --option the CLI knows, with its value's shape and check, and the reading of a command line into words
// and options. Which command takes which option is said in cli-commands.ts; this file knows none of that.
import { parseArgs } from 'node:util';
import { isOutputFormat, type OutputFormat } from '../engine/envelope-format.js';
import { isSheetPaper, type SheetPaper } from '../engine/enrollment-sheet-style.js';
import type { ProvisioningState } from '../engine/state.js';
import { parseStageOption } from '../engine/rollout-commands.js';
import { pendingExpiryProblem, ROLLOUT_STAGES } from '../common/rollout-stages.js';
import { closest } from './did-you-mean.js';
import { parseQrTarget, type QrTarget } from './qr-target.js';
import { UsageError } from './usage-error.js';

interface OptionSpec<T> {
  kind: 'string' | 'boolean';
  /** The value's placeholder in usage lines (string options only). */
  value?: string;
  /** One line for --help. */
  help: string;
  parse(raw: string): T;
}

function flag(help: string): OptionSpec<boolean> {
  return { kind: 'boolean', help, parse: () => true };
}

function text<T>(value: string, help: string, parse: (raw: string) => T): OptionSpec<T> {
  return { kind: 'string', value, help, parse };
}

function wholeNumber(option: string, digits: number): (raw: string) => number {
  return (raw) => {
    if (!new RegExp(`^[1-9][0-9]{0,${digits - 1}}$`).test(raw)) throw new UsageError(`--${option} must be a positive whole number, not “${raw}”.`);
    return Number(raw);
  };
}

function outputFormat(option: string): (raw: string) => OutputFormat {
  return (raw) => {
    if (!isOutputFormat(raw)) throw new UsageError(`--${option} must be json, jsonpretty, yaml or xml, not “${raw}”.`);
    return raw;
  };
}

export const ACCOUNT_STATES: readonly ProvisioningState[] = ['none', 'pending', 'enabled'];

function accountStates(raw: string): ProvisioningState[] {
  const named = raw.split(',');
  if (!named.every((s): s is ProvisioningState => (ACCOUNT_STATES as readonly string[]).includes(s))) {
    throw new UsageError(`--state takes none, pending or enabled (or several, comma-separated), not “${raw}”.`);
  }
  return [...new Set(named)];
}

export const CLI_OPTIONS = {
  output: text('FORMAT', 'json, jsonpretty, yaml (default, as whmapi1) or xml (legacy xml-api).', outputFormat('output')),
  server: text('HOST', 'Act on this server profile instead of the active one.', (raw) => raw),
  qr: text('TARGET', 'terminal (printed on stderr), svg:PATH or png:PATH (mode 0600: the image holds the secret).', (raw) => {
    const target = parseQrTarget(raw);
    if (!target) throw new UsageError(`--qr must be terminal, svg:PATH or png:PATH, not “${raw}”.`);
    return target;
  }),
  operator: text('USER', 'The profile’s operator: root (default) or a reseller.', (raw) => raw),
  force: flag('Go ahead without asking, though the step cannot be undone.'),
  fail: flag('With a WHM function: exit 1 when the answer’s result is 0 (whmapi1 exits 0).'),
  replace: flag('Replace what exists instead of keeping it.'),
  all: flag('Every account of the profile.'),
  list: flag('List every skipped or failed account, however many (otherwise only counts past 20).'),
  limit: text('N', 'Show the last N entries.', wholeNumber('limit', 7)),
  out: text('FILE', 'The file to write (atomically).', (raw) => raw),
  format: text('FORMAT', 'json (default: one answer per line), jsonpretty, yaml or xml.', outputFormat('format')),
  paper: text('PAPER', 'a4 (default) or letter.', (raw): SheetPaper => {
    if (!isSheetPaper(raw)) throw new UsageError(`--paper must be a4 or letter, not “${raw}”.`);
    return raw;
  }),
  state: text('STATES', 'Only accounts in these states: none, pending, enabled (comma-separated).', accountStates),
  'with-secrets': flag('Confirm that secrets go out in clear: in the file (written with mode 0600), or in provision’s answer.'),
  'passphrase-file': text('PATH', 'Read the backup passphrase from PATH instead of asking on a terminal.', (raw) => raw),
  'chunk-size': text('N', 'Accounts sealed and written per step (default 500, more past 10,000 accounts).', wholeNumber('chunk-size', 6)),
  'not-printed': flag('Every pending account whose sheet was never printed or exported.'),
  expired: flag('Every pending account whose secret is older than the profile’s pending-expiry limit.'),
  'pending-expiry-days': text('N|off', 'Pending secrets older than N days (1-365) count as expired; off: never.', (raw): number | null => {
    const days = raw === 'off' ? null : /^[0-9]{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
    if (days !== null && pendingExpiryProblem(days)) {
      throw new UsageError(`--pending-expiry-days must be a whole number of days from 1 to 365, or off, not “${raw}”.`);
    }
    return days;
  }),
  'first-code-contact': text('TEXT', 'Where account holders send their first code, printed on every enrollment sheet; empty clears it.', (raw) => raw),
  'system-wide-issuer': text('NAME', 'A reseller’s profile: root’s system-wide issuer on that server (WHM’s issuer rule); empty clears it.', (raw) => raw),
  stage: text('STAGE|all', 'List the accounts at this rollout stage (or all of them).', (raw) => {
    const stage = parseStageOption(raw);
    if (stage === null) throw new UsageError(`--stage must be all or one of ${ROLLOUT_STAGES.join(', ')}, not “${raw}”.`);
    return stage;
  }),
  help: flag('Show this help.'),
  version: flag('Show the version.'),
} satisfies Record<string, OptionSpec<unknown>>;

export type OptionName = keyof typeof CLI_OPTIONS;
export type OptionValues = { -readonly [N in OptionName]?: ReturnType<(typeof CLI_OPTIONS)[N]['parse']> };
export type { QrTarget };

export function isOptionName(name: string): name is OptionName {
  return Object.hasOwn(CLI_OPTIONS, name);
}

/** `--out=FILE`, `--force`: how an option is written in usage lines and messages. */
export function optionSynopsis(name: OptionName): string {
  const spec: OptionSpec<unknown> = CLI_OPTIONS[name];
  return spec.kind === 'string' ? `--${name}=${spec.value}` : `--${name}`;
}

export interface GivenOption {
  name: string;
  /** As typed: `--out` or `-h`. */
  raw: string;
  value: string | undefined;
}

export interface CommandLine {
  words: string[];
  given: GivenOption[];
}

/**
 * Splits argv into words and options without judging them: which options are allowed depends on the command,
 * which is only known once the words are read. Node's own strict mode would refuse with its wording; ours is checked
 * in checkOptions.
 */
export function readCommandLine(argv: readonly string[]): CommandLine {
  const known = Object.fromEntries(
    Object.entries(CLI_OPTIONS).map(([name, spec]) => [name, name === 'help' ? { type: spec.kind, short: 'h' } : { type: spec.kind }]),
  ) as Record<string, { type: 'string' | 'boolean'; short?: string }>;
  const { tokens } = parseArgs({ args: [...argv], options: known, strict: false, allowPositionals: true, tokens: true });
  const words: string[] = [];
  const given: GivenOption[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') words.push(token.value);
    else if (token.kind === 'option') {
      // Non-strict parsing takes the next word as a string option's value even when it is another option.
      if (!token.inlineValue && token.value?.startsWith('-')) {
        given.push({ name: token.name, raw: token.rawName, value: undefined });
        given.push(...readCommandLine([token.value]).given);
        continue;
      }
      given.push({ name: token.name, raw: token.rawName, value: token.value });
    }
  }
  return { words, given };
}

/** Checks the options against those `command` takes and reads their values; a usage error names the accepted ones. */
export function checkOptions(given: readonly GivenOption[], accepted: readonly OptionName[], command: string): OptionValues {
  const values: OptionValues = {};
  const takes = accepted.filter((name) => name !== 'help');
  const takesText = takes.length ? `${command} takes ${takes.map(optionSynopsis).join(', ')}.` : `${command} takes no options.`;
  for (const option of given) {
    const shown = option.raw.replace(/[^\x21-\x7e]/g, '?');
    if (!isOptionName(option.name) || (option.raw.startsWith('-') && !option.raw.startsWith('--') && option.raw !== '-h')) {
      const guess = closest(option.name, accepted);
      throw new UsageError(`Unknown option ${shown}.${guess ? ` Did you mean --${guess}?` : ''} ${takesText}`);
    }
    if (!accepted.includes(option.name)) throw new UsageError(`${command} does not take ${shown}. ${takesText}`);
    const spec: OptionSpec<unknown> = CLI_OPTIONS[option.name];
    if (spec.kind === 'boolean') {
      if (option.value !== undefined) throw new UsageError(`${shown} takes no value; write just ${shown}.`);
    } else if (option.value === undefined) {
      throw new UsageError(`${shown} needs a value: ${optionSynopsis(option.name)}.`);
    }
    (values as Record<string, unknown>)[option.name] = spec.parse(option.value ?? '');
  }
  return values;
}
