// cPanel's username rules (Cpanel/Validate/Username), for accounts this app is told about.
// Existing accounts may come from transfers, so the general pattern (with - and .) is the one applied.

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

/** cPanel trims and lowercases input before checking it. */
export function normalizeUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Why a (normalized) username is not a valid cPanel account name, or null when it is. */
export function usernameProblem(name: string): string | null {
  if (name.length === 0) return 'A username cannot be empty.';
  if (name.length > 16) return `The username “${name.slice(0, 32)}” is longer than 16 characters.`;
  if (/^[-._0-9]+$/.test(name) || !GENERAL_PATTERN.test(name)) {
    return `The username “${name}” is not valid: use lowercase letters, digits, “-”, “.” and “_”, and do not start with a digit, “-” or “.”.`;
  }
  if (RESERVED_NAMES.has(name)) return `The username “${name}” is reserved by the system.`;
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `The username “${name}” begins with the reserved prefix “${prefix}”.`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `The username “${name}” ends with the reserved suffix “${suffix}”.`;
  return null;
}

const DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

export function normalizeDomain(raw: string): string {
  return raw.trim().toLowerCase().replace(/\.$/, '');
}

export function domainProblem(domain: string): string | null {
  return DOMAIN_PATTERN.test(domain) ? null : `“${domain.slice(0, 64)}” is not a valid domain name.`;
}

/** A server hostname follows the domain rules; a single label (a bare machine name) is allowed too. */
export function hostnameProblem(hostname: string): string | null {
  if (/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(hostname)) return null;
  return DOMAIN_PATTERN.test(hostname) ? null : `“${hostname.slice(0, 64)}” is not a valid hostname.`;
}
