// Parameter intake for WHM API 1 calls: key=value pairs as whmapi1 and the json-api query string carry them.
// Everything a caller can get wrong becomes a reason a person understands, never an exception.
import { MAX_VALUE_LENGTH } from '../common/limits.js';
import type { ParamSpec } from '../common/whm-function-specs.js';

export type ParamPairs = readonly (readonly [string, string])[];

export const MAX_PARAMETERS = 64;
export const MAX_KEY_LENGTH = 64;
/** Defined in main/common/limits.ts, where the UI reads it too. */
export { MAX_VALUE_LENGTH };

/** WHM API 1's output-control families: none applies to the 2FA functions' data, so, as on WHM, they change nothing. */
const API_CONTROL_KEY = /^api\.(?:(?:filter|sort|chunk|columns)(?:\.[A-Za-z0-9_]+)*)$/;

/**
 * The values a function reads, and a note for each parameter that changed nothing, which the CLI prints on stderr
 * (WHM's envelope stays WHM's: it says nothing of them).
 */
export type ParsedParams = { ok: true; values: Map<string, string>; notes: string[] } | { ok: false; reason: string };

function shown(name: string): string {
  const printable = name.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > MAX_KEY_LENGTH ? `${printable.slice(0, MAX_KEY_LENGTH)}…` : printable;
}

/**
 * As WHM reads its arguments: each function reads only its own keys, so an unknown or extra parameter is ignored,
 * and of a repeated one the last value counts (a Perl hash built from the arguments keeps the last). The app's own
 * bounds hold for every parameter, read or not: at most 64 of them, names up to 64 characters, values up to 4,096,
 * and no control characters in a value that is read.
 */
export function parseParams(command: string, pairs: ParamPairs, spec: ParamSpec): ParsedParams {
  if (pairs.length > MAX_PARAMETERS) {
    return { ok: false, reason: `Too many parameters (${pairs.length}); the limit is ${MAX_PARAMETERS}.` };
  }
  const values = new Map<string, string>();
  const notes: string[] = [];
  for (const [name, value] of pairs) {
    if (name.length > MAX_KEY_LENGTH) return { ok: false, reason: `The parameter name “${shown(name)}” is too long (the limit is ${MAX_KEY_LENGTH} characters).` };
    // The value is never echoed back: it may be a secret or a security code.
    if (value.length > MAX_VALUE_LENGTH) {
      return { ok: false, reason: `The “${shown(name)}” parameter is too long (${value.length} characters; the limit is ${MAX_VALUE_LENGTH}).` };
    }
    if (name === 'api.version') {
      if (value !== '1') {
        return { ok: false, reason: `This engine answers WHM API 1 only: “api.version” must be 1, not “${shown(value.slice(0, 16))}”.` };
      }
      continue;
    }
    if (API_CONTROL_KEY.test(name)) {
      notes.push(`“${name}” has nothing to act on in ${command}'s answer; ignored, as WHM does.`);
      continue;
    }
    if (!spec.names.includes(name) && !spec.pattern?.test(name)) {
      const accepted = spec.names.length ? `it takes ${spec.names.join(', ')}` : 'it takes no parameters';
      notes.push(`${command} has no parameter “${shown(name)}” (${accepted}); ignored, as WHM ignores it.`);
      continue;
    }
    if (/[\u0000-\u001f\u007f]/.test(value)) return { ok: false, reason: `The “${name}” parameter contains control characters.` };
    if (values.has(name)) notes.push(`“${name}” was given more than once; the last value counts, as on WHM.`);
    values.set(name, value);
  }
  return { ok: true, values, notes };
}

/** Splits `key=value` words, as whmapi1 takes them on its command line. */
export function pairsFromWords(words: readonly string[]): { ok: true; pairs: [string, string][] } | { ok: false; reason: string } {
  const pairs: [string, string][] = [];
  for (const [index, word] of words.entries()) {
    const at = word.indexOf('=');
    // The word is not echoed: a secret typed without its `secret=` would land in the message.
    if (at <= 0) return { ok: false, reason: `Parameter ${index + 1} is not in key=value form.` };
    pairs.push([word.slice(0, at), word.slice(at + 1)]);
  }
  return { ok: true, pairs };
}
