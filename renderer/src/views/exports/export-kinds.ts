// The exports the app offers, in the order it lists them, and how an export's outcome is told to the operator.
import type { Note } from '../../lib/action.svelte';
import { count, plural } from '../../lib/count';
import type { ExportKind, ExportOutcome } from '../../lib/types';

export interface ExportItem {
  kind: ExportKind;
  title: string;
  what: string;
  /** It holds secrets: saving asks first and writes the file readable only by its owner. */
  secret: boolean;
  /** It takes the states chosen (pending, enabled). */
  states: boolean;
  button: string;
}

export const EXPORTS: readonly ExportItem[] = [
  {
    kind: 'sheets',
    title: 'Enrollment sheets (PDF)',
    what: 'One printed page per account: its QR code, issuer, account, key in groups of four, the date and how to enroll in common authenticator apps.',
    secret: true,
    states: true,
    button: 'Save enrollment sheets…',
  },
  {
    kind: 'generate-answers',
    title: 'Generate answers',
    what: 'WHM’s twofactorauth_generate_tfa_config answer for each account, as repeated whmapi1 calls print them.',
    secret: true,
    states: true,
    button: 'Save generate answers…',
  },
  {
    kind: 'apply-body',
    title: 'Apply body (twofactorauth_set_tfa_config_for_user)',
    what: 'The request body of WHM’s twofactorauth_set_tfa_config_for_user for the enabled accounts, with the exact command to apply it written beside it (FILE.apply.txt). That call replaces each listed account’s existing 2FA entries.',
    secret: true,
    states: false,
    button: 'Save apply body…',
  },
  {
    kind: 'uris',
    title: 'otpauth:// URI list',
    what: 'The otpauth:// URIs (WHM’s otpauth_str), one per line.',
    secret: true,
    states: true,
    button: 'Save otpauth:// URI list…',
  },
  {
    kind: 'accounts-csv',
    title: 'Accounts CSV',
    what: 'user,domain,state,updated for each account: no secret, so no confirmation.',
    secret: false,
    states: false,
    button: 'Save accounts CSV…',
  },
];

export const SECRET_NOTE = 'Holds secrets: you will be asked to confirm; the file is written readable only by you.';

/** What an export did: where it went and what it held, what was skipped or failed, or why nothing was saved. */
export function describeExport(item: ExportItem, outcome: ExportOutcome): Note {
  const { envelope, saved, companionPath } = outcome;
  const data = envelope.data;
  const lines: string[] = [];
  if (data?.skipped.length) {
    const skipped = data.skipped;
    const states = [...new Set(skipped.map((s) => s.state))];
    lines.push(`Skipped: ${states.map((state) => `${count(skipped.filter((s) => s.state === state).length)} ${state}`).join(', ')}.`);
  }
  const failed = Object.entries(data?.failed ?? {});
  for (const [user, why] of failed.slice(0, 10)) lines.push(`${user}: ${why}`);
  if (envelope.metadata.result !== '1' || !saved) return { kind: 'error', text: envelope.metadata.reason, lines };
  if (!saved.saved) {
    const why = saved.reason === 'declined' ? 'you declined to save secrets' : 'the save dialog was cancelled';
    return { kind: 'info', text: `${item.title}: not saved (${why}).`, lines };
  }
  const held = plural(data?.accounts ?? 0, 'account');
  const mode = data?.containsSecret ? ' It holds secrets: readable only by you (mode 0600); delete it after use.' : '';
  if (item.kind === 'apply-body' && companionPath) lines.unshift(`How to apply it: ${companionPath}`);
  return { kind: failed.length ? 'warning' : 'success', text: `${item.title} saved to ${saved.path} (${held}).${mode}`, lines };
}
