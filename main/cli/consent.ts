// Destructive steps go ahead with --force, or after a yes typed on a terminal; with no terminal to ask on (a
// script, a pipe) they stop and say that --force is needed, so nothing is ever destroyed by default.
import { createInterface } from 'node:readline/promises';
import { shownName } from '../common/shown-text.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './usage-error.js';

async function askYes(io: CliIo, question: string): Promise<boolean> {
  const lines = createInterface({ input: io.stdin!, output: io.stderr, terminal: false });
  try {
    const answer = await lines.question(question);
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    lines.close();
    io.stdin!.pause();
  }
}

/**
 * Returns when the step may go ahead: `force` was given, or the person answered yes on a terminal. Otherwise throws a
 * usage error that says nothing was changed and how to go ahead. `what` says what would be lost, as a sentence.
 */
export async function requireConsent(io: CliIo, force: boolean, what: string): Promise<void> {
  if (force) return;
  if (io.stdin?.isTTY) {
    if (await askYes(io, `${what} Go ahead? [y/N] `)) return;
    throw new UsageError('Cancelled; nothing was changed.');
  }
  throw new UsageError(`${what} Nothing was changed: add --force to go ahead (there is no terminal to ask on).`);
}

/** `alice`, `alice and bob`, `alice, bob and 3 more`: names in a sentence, never a page of them. */
export function namesInWords(names: readonly string[], shown = 5): string {
  const quoted = names.map((n) => `“${shownName(n)}”`);
  if (quoted.length <= shown) return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}` : (quoted[0] ?? '');
  return `${quoted.slice(0, shown).join(', ')} and ${(quoted.length - shown).toLocaleString('en-US')} more`;
}
