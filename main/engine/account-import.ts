// Reads account lists (beyond WHM): a `whmapi1 listaccts` dump in JSON or YAML, or CSV rows `user,domain`.
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import type { AccountListFormat, ImportProblem } from '../common/engine-answers.js';
import { domainProblem, normalizeDomain, normalizeUsername, usernameProblem } from '../common/cpanel-names.js';
import { shownName } from '../common/shown-text.js';
import { rowSeparatorHint } from './csv-separator.js';

/** A row with no domain and a `;` or a tab in its first field: one of a semicolon- or tab-separated file's rows. */
function separatorProblem(rawUser: string, rawDomain: string): string | null {
  const hint = rawDomain.trim() === '' ? rowSeparatorHint(rawUser) : null;
  return hint ? `“${shownName(rawUser.trim())}” has no comma. ${hint}` : null;
}

function duplicateProblem(user: string, rawUser: string): string {
  const typed = rawUser.trim();
  const as = typed === user ? '' : ` (as “${shownName(user)}”: usernames are lowercase)`;
  return `The username “${shownName(typed)}” appears more than once${as}.`;
}


export interface ImportedAccount {
  user: string;
  domain: string;
  /** 1-based row it came from, as in ImportProblem. */
  row: number;
}

export type { ImportProblem };

export interface AccountImport {
  format: AccountListFormat;
  accounts: ImportedAccount[];
  problems: ImportProblem[];
}

/** A list larger than any cPanel server holds is a mistake, not a workload. */
export const MAX_IMPORT_ACCOUNTS = 100_000;

/** The YAML parser's error in one line: its message draws the lines around the fault below “at line L, column C:”. */
function parseListacctsYaml(text: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: 100 }) as unknown;
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    throw new Error(`${(error.message.split('\n')[0] ?? '').replace(/[:.]$/, '')}.`, { cause: error });
  }
}

export function parseAccountList(text: string): AccountImport {
  const unmarked = text.replace(/^\uFEFF/, '');
  const trimmed = unmarked.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return fromListaccts('listaccts-json', JSON.parse(trimmed) as unknown);
  if (trimmed.startsWith('---') || /^(data|acct|metadata):/m.test(trimmed)) {
    return fromListaccts('listaccts-yaml', parseListacctsYaml(trimmed));
  }
  // Untrimmed, so reported rows are the file's own line numbers.
  return fromCsv(unmarked);
}

function fromListaccts(format: AccountImport['format'], dump: unknown): AccountImport {
  // WHM API 1 nests the rows in data.acct; API 0 and hand-made dumps put acct at the top.
  const root = dump as { data?: { acct?: unknown }; acct?: unknown } | null;
  const rows = Array.isArray(dump) ? dump : (root?.data?.acct ?? root?.acct);
  if (!Array.isArray(rows)) {
    throw new Error('This is not a listaccts dump: expected data.acct to be a list of accounts (whmapi1 --output=json listaccts).');
  }
  return collect(
    format,
    rows.map((row: unknown, index) => {
      const r = (row ?? {}) as { user?: unknown; domain?: unknown };
      return [String(r.user ?? ''), String(r.domain ?? ''), index + 1] as const;
    }),
  );
}

function fromCsv(text: string): AccountImport {
  // Each record with the line it ends on (blank and comment lines counted), as an editor shows it; the parser's
  // own result is dropped (on_record answers null), so nothing else is kept.
  const rows: (readonly [string, string, number])[] = [];
  // A header row names the columns: user and domain, in any order and among others (an export of more columns).
  let columns: readonly [number, number] | null = null;
  parseCsv(text, {
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    comment: '#',
    on_record: (record: string[], context) => {
      if (columns === null) {
        const names = record.map((field) => field.toLowerCase());
        const [user, domain] = [names.indexOf('user'), names.indexOf('domain')];
        const header = (user >= 0 && domain >= 0) || /^user *[;\t] *domain$/i.test(record[0] ?? '');
        columns = user >= 0 && domain >= 0 ? [user, domain] : [0, 1];
        if (header) return null;
      }
      rows.push([record[columns[0]] ?? '', record[columns[1]] ?? '', context.lines]);
      return null;
    },
  });
  return collect('csv', rows);
}

function collect(format: AccountImport['format'], rows: readonly (readonly [string, string, number])[]): AccountImport {
  if (rows.length > MAX_IMPORT_ACCOUNTS) {
    throw new Error(`The list has ${rows.length} accounts; the limit is ${MAX_IMPORT_ACCOUNTS}.`);
  }
  const accounts: ImportedAccount[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  rows.forEach(([rawUser, rawDomain, row]) => {
    const user = normalizeUsername(rawUser);
    const domain = normalizeDomain(rawDomain);
    const reason =
      separatorProblem(rawUser, rawDomain) ??
      usernameProblem(user, rawUser) ??
      domainProblem(domain, rawDomain) ??
      (seen.has(user) ? duplicateProblem(user, rawUser) : null);
    if (reason) problems.push({ row, reason });
    else {
      seen.add(user);
      accounts.push({ user, domain, row });
    }
  });
  return { format, accounts, problems };
}
