// Parameter intake for WHM API 1 calls: key=value pairs as whmapi1 and the json-api query string carry them.
// Everything a caller can get wrong becomes a reason a person understands, never an exception.
import { MAX_VALUE_LENGTH } from '../common/limits.js';
import type { ParamSpec } from '../common/whm-function-specs.js';

export type ParamPairs = readonly (readonly [string, string])[];

export const MAX_PARAMETERS = 64;
export const MAX_KEY_LENGTH = 64;
/** Defined in main/common/limits.ts, where the UI reads it too. */
export { MAX_VALUE_LENGTH };

/** WHM API 1's output-control families; none applies to the 2FA functions' data, so they are accepted and ignored. */
const API_CONTROL_KEY = /^api\.(?:(?:filter|sort|chunk|columns)(?:\.[A-Za-z0-9_]+)*)$/;

export type ParsedParams = { ok: true; values: Map<string, string> } | { ok: false; reason: string };

function shown(name: string): string {
  const printable = name.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > MAX_KEY_LENGTH ? `${printable.slice(0, MAX_KEY_LENGTH)}…` : printable;
}

export function parseParams(command: string, pairs: ParamPairs, spec: ParamSpec): ParsedParams {
  if (pairs.length > MAX_PARAMETERS) {
    return { ok: false, reason: `Too many parameters (${pairs.length}); the limit is ${MAX_PARAMETERS}.` };
  }
  const values = new Map<string, string>();
  for (const [name, value] of pairs) {
    if (name.length === 0) return { ok: false, reason: 'A parameter has an empty name; write parameters as key=value.' };
    if (name.length > MAX_KEY_LENGTH || !/^[A-Za-z0-9_.-]+$/.test(name)) {
      return { ok: false, reason: `The parameter name “${shown(name)}” is not valid.` };
    }
    // The value is never echoed back: it may be a secret or a security code.
    if (value.length > MAX_VALUE_LENGTH) {
      return { ok: false, reason: `The “${name}” parameter is too long (${value.length} characters; the limit is ${MAX_VALUE_LENGTH}).` };
    }
    if (/[\u0000-\u001f\u007f]/.test(value)) {
      return { ok: false, reason: `The “${name}” parameter contains control characters.` };
    }
    if (values.has(name)) return { ok: false, reason: `The “${name}” parameter was given more than once.` };

    if (name === 'api.version') {
      if (value !== '1') {
        return { ok: false, reason: `This engine answers WHM API 1 only: “api.version” must be 1, not “${value.slice(0, 16)}”.` };
      }
    } else if (name.startsWith('api.')) {
      if (!API_CONTROL_KEY.test(name)) return { ok: false, reason: `Unknown output-control parameter “${shown(name)}”.` };
    } else if (!spec.names.includes(name) && !spec.pattern?.test(name)) {
      const accepted = spec.names.length ? spec.names.join(', ') : 'no parameters';
      return { ok: false, reason: `Unknown parameter “${shown(name)}” for ${command}. It accepts: ${accepted}.` };
    }
    values.set(name, value);
  }
  return { ok: true, values };
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
