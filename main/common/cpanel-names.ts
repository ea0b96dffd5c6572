// cPanel's username rules (Cpanel/Validate/Username, spec §6) and the hostname and domain rules, for accounts and
// servers this app is told about. Dependency-free, so the engine (CLI, IPC, imports, state validation) and the
// renderer (live checks as the operator types) apply the very same rules. A name that passes is data that can be
// stored and shown safely; names such as `constructor` or `toString` are valid usernames and must be treated as data.
// Existing accounts may come from transfers, so the general pattern (with - and .) is the one applied.
import { shownName } from './shown-text.js';

const GENERAL_PATTERN = /^(?![-.0-9])[-._a-z0-9]{1,16}$/;

const RESERVED_NAMES = new Set(
  (
    'abrt all clamav cpanel-ccs cpeasyapache cpses cptkt cphulkd cpwebcalls dbus dirs dnsadmin dovecot eximstats files ' +
    'ftpxferlog haldaemon information_schema mailman modsec munin mydns nobody performance_schema postgres postmaster ' +
    'proftpd root roundcube shadow spamassassin ssl sys system tcpdump tmp tomcat toor virtfs virtual webmaster whmxfer _lock'
  ).split(' '),
);
const RESERVED_PREFIXES = ['test', 'passwd.', 'cpmydns', 'cpanel', 'mydns', 'pg_toast', 'pg_temp', 'cpses', 'cptkt', 'cpbackup'];
const RESERVED_SUFFIXES = ['.lock', '.cache', '.yaml', '.json', '.db', 'assword'];
// One pattern each, built from the lists: the state check runs usernameProblem for every stored account, and a
// function call per prefix and suffix was most of its cost. No prefix begins another and no suffix ends another, so
// each pattern finds the very word a search of its list would.
const escaped = (words: readonly string[]) => words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const RESERVED_PREFIX = new RegExp(`^(?:${escaped(RESERVED_PREFIXES)})`);
const RESERVED_SUFFIX = new RegExp(`(?:${escaped(RESERVED_SUFFIXES)})$`);
const DIGITS_AND_MARKS_ONLY = /^[-._0-9]+$/;
/**
 * Beyond cPanel: `__proto__` fits cPanel's pattern, but JavaScript gives it a meaning of its own in object literals
 * and JSON tools, so this app refuses it rather than let any layer mistake the name for the prototype.
 */
const APP_RESERVED_NAMES = new Set(['__proto__']);

/** cPanel trims and lowercases input before checking it. */
export function normalizeUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * Why a (normalized) username is not a valid cPanel account name, or null when it is. The reason names it as the
 * person typed it (`typed`, before trimming and lowercasing), so they can find it in their file.
 */
export function usernameProblem(name: string, typed: string = name): string | null {
  if (name.length === 0) return 'A username cannot be empty.';
  if (name.length > 16) return `The username “${shownTyped(typed)}” is longer than 16 characters.`;
  if (DIGITS_AND_MARKS_ONLY.test(name) || !GENERAL_PATTERN.test(name)) {
    return `The username “${shownTyped(typed)}” is not valid: use lowercase letters, digits, “-”, “.” and “_”, and do not start with a digit, “-” or “.”.`;
  }
  if (RESERVED_NAMES.has(name)) return `The username “${shownTyped(typed)}” is reserved by the system.`;
  if (APP_RESERVED_NAMES.has(name)) return `The username “${shownTyped(typed)}” is reserved: TFA Provisioner cannot hold an account of that name.`;
  const prefix = RESERVED_PREFIX.exec(name)?.[0];
  if (prefix) return `The username “${shownTyped(typed)}” begins with the reserved prefix “${prefix}”.`;
  const suffix = RESERVED_SUFFIX.exec(name)?.[0];
  if (suffix) return `The username “${shownTyped(typed)}” ends with the reserved suffix “${suffix}”.`;
  return null;
}

/** A name as typed, sanitised for a reason: only when there is a problem to tell. */
function shownTyped(typed: string): string {
  return shownName(typed.trim());
}

/**
 * Why a name cannot be a server profile's operator (the WHM user the engine acts for), or null: `root`, or a reseller,
 * which is a cPanel account and follows the username rules.
 */
export function operatorProblem(operator: string): string | null {
  return operator === 'root' ? null : usernameProblem(operator);
}

const DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;
const SINGLE_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function normalizeDomain(raw: string): string {
  return raw.trim().toLowerCase().replace(/\.$/, '');
}

/** Why a (normalized) domain is not valid, naming it as typed. */
export function domainProblem(domain: string, typed: string = domain): string | null {
  return DOMAIN_PATTERN.test(domain) ? null : `“${shownName(typed.trim())}” is not a valid domain name.`;
}

/**
 * The name of the stand-in profile for this machine: its hostname made to follow the hostname rules (lowercased,
 * other characters as `-`), since it is stored and validated like any profile's name.
 */
export function machineProfileName(machineHostname: string): string {
  const labels = normalizeDomain(machineHostname)
    .split('.')
    .map((label) => label.replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63))
    .filter((label) => label !== '');
  const name = labels.join('.');
  return hostnameProblem(name) === null ? name : 'localhost';
}

/** A server hostname follows the domain rules; a single label (a bare machine name) is allowed too. */
export function hostnameProblem(hostname: string): string | null {
  if (SINGLE_LABEL.test(hostname) || DOMAIN_PATTERN.test(hostname)) return null;
  return `“${shownName(hostname)}” is not a valid hostname.`;
}
