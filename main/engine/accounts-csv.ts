// The account inventory as CSV, without any secret: user,domain,state,updated (RFC 4180 through csv-stringify,
// so a value with a comma or quote can never shift a column).
import { stringify } from 'csv-stringify/sync';
import type { ProvisioningState } from './state.js';

export interface AccountCsvRow {
  user: string;
  domain: string;
  state: ProvisioningState;
  updated: string | null;
}

export const ACCOUNTS_CSV_COLUMNS = ['user', 'domain', 'state', 'updated'] as const;

export function renderAccountsCsv(rows: readonly AccountCsvRow[]): string {
  return stringify(
    rows.map((r) => [r.user, r.domain, r.state, r.updated ?? '']),
    { header: true, columns: [...ACCOUNTS_CSV_COLUMNS], record_delimiter: 'unix' },
  );
}
