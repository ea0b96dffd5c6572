// The words of `tfa-provisioner --help` and of `tfa-provisioner COMMAND --help`, rendered from the command and
// option tables, so a usage line is written once. The README's CLI section quotes this text; keep them in step.
import { WHM_FUNCTIONS } from '../engine/whm-functions.js';
import { CLI_COMMANDS, COMMAND_GROUPS, type CliCommand, type CommandSection } from './cli-commands.js';
import { CLI_OPTIONS, optionSynopsis, type OptionName } from './cli-options.js';

const SUMMARY_COLUMN = 36;

function entry(usage: string, summary: readonly string[]): string {
  const indent = ' '.repeat(SUMMARY_COLUMN);
  const head = `  ${usage}`;
  const [first = '', ...more] = summary;
  const lines = head.length < SUMMARY_COLUMN - 1 ? [head.padEnd(SUMMARY_COLUMN) + first] : [head, indent + first];
  return [...lines, ...more.map((line) => indent + line)].join('\n');
}

function section(which: CommandSection): string {
  return CLI_COMMANDS.filter((command) => command.section === which)
    .map((command) => entry(command.usage, command.summary))
    .join('\n');
}

const OPTION_COLUMN = 24;

/** An option and its help; a synopsis too long for the column (--passphrase-file=PATH) puts the help below it. */
function optionLine(name: OptionName): string {
  const head = `  ${optionSynopsis(name)}`;
  const help = CLI_OPTIONS[name].help;
  return head.length < OPTION_COLUMN - 1 ? head.padEnd(OPTION_COLUMN) + help : `${head}\n${' '.repeat(OPTION_COLUMN)}${help}`;
}

/** The options every command or function may take, and the ones shared by several, in the order shown. */
const GENERAL_OPTIONS: readonly OptionName[] = ['output', 'server', 'qr', 'force', 'list', 'help', 'version'];

export function helpText(version: string): string {
  const functions = Object.entries(WHM_FUNCTIONS)
    .map(([name, spec]) => `  ${name}${spec.usage ? ` ${spec.usage}` : ''}\n      ${spec.summary}`)
    .join('\n');
  return `tfa-provisioner ${version}: provision cPanel & WHM two-factor authentication (TOTP), offline.

Usage:
  tfa-provisioner [--output=FORMAT] [--server=HOST] FUNCTION [key=value ...]
  tfa-provisioner [--output=FORMAT] [--server=HOST] COMMAND [ARGS ...]
  tfa-provisioner COMMAND --help      The options COMMAND takes; any other option is refused.
  tfa-provisioner GROUP --help        The commands of ${COMMAND_GROUPS.slice(0, -1).join(', ')} or ${COMMAND_GROUPS.at(-1)}.

WHM API 1 functions (answered by the local engine as a cPanel & WHM server would):
${functions}

  user= on generate and set_tfa_config is an extension: it acts for a known account instead of the operator.
  The functions take --output, --server, --fail and (generate only) --qr.

Commands beyond WHM (this app's own; their answers use the same envelope):
${section('commands')}

Exports and backups (files holding secrets in clear need --with-secrets and are written with mode 0600):
${section('exports')}

Options (a command takes those its usage line names, --output and --help, and where they apply --server
and --list; tfa-provisioner COMMAND --help lists them exactly; any other is refused):
${GENERAL_OPTIONS.map(optionLine).join('\n')}

Steps that destroy something ask first on a terminal, and otherwise stop (exit 2) unless given --force:
  backup over an existing FILE, restore over an existing profile, accounts remove of an account that holds
  a secret, servers remove of a profile that holds secrets.

Exit status:
  WHM API 1 functions, as whmapi1: 0 whenever an answer was printed, also when its result is 0 (check
  metadata.result); with --fail, 1 when the result is 0. The app's own commands: 0 when the result is 1,
  1 when it is 0. Any call: 2 for a usage error, 1 when no answer could be printed.

Secrets are sealed with AES-256-GCM under one vault key per server profile, kept in the OS keychain
(Secret Service, macOS Keychain or Windows Credential Manager). State lives in
$TFA_PROVISIONER_HOME, or the platform's config directory (~/.config/tfa-provisioner on Linux).
`;
}

/** `tfa-provisioner COMMAND --help`: its usage, what it does and each option it takes. */
export function commandHelp(usage: string, summary: readonly string[], options: readonly OptionName[]): string {
  const taken = options.filter((name) => name !== 'help');
  return `Usage: tfa-provisioner ${usage}

${summary.map((line) => `  ${line}`).join('\n')}

Options:
${taken.map(optionLine).join('\n') || '  (none)'}
`;
}

/** `tfa-provisioner servers --help`: the group's commands, as --help lists them. */
export function helpForGroup(group: string, commands: readonly CliCommand[]): string {
  return `Commands of tfa-provisioner ${group}:
${commands.map((command) => entry(command.usage, command.summary)).join('\n')}

tfa-provisioner ${group} COMMAND --help shows one command and the options it takes.
`;
}

export function helpForCommand(command: CliCommand, options: readonly OptionName[]): string {
  return commandHelp(command.usage, command.summary, options);
}
