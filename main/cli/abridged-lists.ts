// Answers that stay readable at 10,000 accounts: provision, imports, exports and sheets give a count for each list
// of accounts (`skipped_count`…), and name the accounts only when they are few or when --list asks for all of them.
import type { Envelope } from '../engine/envelope.js';

/** Up to this many accounts are named without --list. */
export const LISTED_WITHOUT_ASKING = 20;

/** The lists of accounts an answer may carry; `provisioned` is left out only while it holds names, not secrets. */
const LIST_KEYS = [
  'provisioned',
  'skipped',
  'failed',
  'problems',
  // accounts reconcile
  'confirmed',
  'newly_confirmed',
  'applied_not_enabled',
  'enabled_on_server_only',
  'missing_on_server',
] as const;

/**
 * 12345 → "12,345", as toLocaleString('en-US') writes it, without its first call's cost: loading ICU's number
 * formats took some 10 ms of every provision or import that named a count.
 */
function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function sizeOf(value: unknown): number | null {
  if (Array.isArray(value)) return value.length;
  if (value !== null && typeof value === 'object') return Object.keys(value).length;
  return null;
}

/**
 * Adds `KEY_count` after each list and leaves out lists longer than LISTED_WITHOUT_ASKING unless `listAll`.
 * Returns the answer and, for stderr, what was left out.
 */
export function abridgeLists(envelope: Envelope, listAll: boolean): { envelope: Envelope; notes: string[] } {
  const data = envelope.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { envelope, notes: [] };
  const notes: string[] = [];
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const size = (LIST_KEYS as readonly string[]).includes(key) ? sizeOf(value) : null;
    const holdsSecrets = key === 'provisioned' && Array.isArray(value) && value.some((item) => typeof item !== 'string');
    if (size === null) {
      shown[key] = value;
      continue;
    }
    // Secrets asked for (provision --with-secrets) are the answer itself, however many.
    if (listAll || holdsSecrets || size <= LISTED_WITHOUT_ASKING) shown[key] = value;
    else notes.push(`${withThousands(size)} ${key === 'problems' ? 'rows refused' : `accounts ${key}`}: add --list to name them.`);
    shown[`${key}_count`] = size;
  }
  return { envelope: { ...envelope, data: shown }, notes };
}
