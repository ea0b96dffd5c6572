// JSON as cPanel's JSON::XS writes it, byte for byte: `canonical` (keys sorted), and for jsonpretty `pretty`
// (indent 3, a space before and after the colon). Strings are cPanel's byte strings, so non-ASCII text is written
// as UTF-8, never as \u escapes; control characters are escaped as JSON::XS does (\b \f \n \r \t, else \u00xx).
import { isPerlHash, perlNumberText, sortedEntries, type PerlValue } from './perl-data.js';

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A surrogate without its pair cannot be UTF-8: it is written as a \u escape, as JSON.stringify does, so nothing is lost. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function jsonString(text: string): string {
  const escaped = text
    .replace(/["\\\u0000-\u001f]/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(LONE_SURROGATE, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  return `"${escaped}"`;
}

function scalar(value: PerlValue): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? perlNumberText(value) : 'null';
  return jsonString(value as string);
}

/** JSON::XS->new->canonical->encode: one line, no trailing newline. */
export function jsonXsCompact(value: PerlValue): string {
  if (Array.isArray(value)) return `[${value.map((v) => jsonXsCompact(v)).join(',')}]`;
  if (isPerlHash(value)) return `{${sortedEntries(value).map(([k, v]) => `${jsonString(k)}:${jsonXsCompact(v)}`).join(',')}}`;
  return scalar(value);
}

/** JSON::XS->new->canonical->pretty->encode: three-space indent, `"key" : value`, and a newline at the end. */
export function jsonXsPretty(value: PerlValue): string {
  return `${pretty(value, '')}\n`;
}

function pretty(value: PerlValue, indent: string): string {
  const inner = `${indent}   `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${pretty(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (isPerlHash(value)) {
    const entries = sortedEntries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${jsonString(k)} : ${pretty(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return scalar(value);
}
