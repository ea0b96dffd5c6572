// YAML as whmapi1 prints it: YAML::Syck 1.34's Dump with cPanel's settings (Cpanel/YAML.pm changes none that
// affect dumping, so SortKeys is on, ImplicitTyping and ImplicitUnicode are off). Reproduced rule by rule from Syck's
// emitter and checked byte for byte against the Perl module itself (test/engine/cpanel-serialisers.test.ts):
// `--- ` and every key that opens a block end with a space; two-space indents; `- ` items; an empty {} or [] is
// followed by a blank line; number-like and YAML 1.0 boolean/null strings are single-quoted; a string with a
// control character, an indicator or a space at its edge is double-quoted, where every byte outside printable
// ASCII is written as a \xHH escape (so “ is \xE2\x80\x9C) and plain text keeps its UTF-8 as it is.
import { isPerlHash, isPerlInteger, perlNumberText, sortedEntries, wellFormedText, type PerlValue } from './perl-data.js';

export interface SyckDumpOptions {
  /**
   * Beyond Syck, for the app's own commands: also single-quote every string a YAML 1.1 reader (PyYAML, the `yaml`
   * package in 1.1 mode) would read as something else (a timestamp, `0x1F`, `.inf`, `1_000`, `+12`, `<<`…), so
   * it reads back as the same string. Plain decimal integers (`0`, `42`, `-7`) stay plain, as whmapi1 writes them.
   */
  yaml11Safe?: boolean;
}

/** YAML::Syck's output for one document. */
export function syckDump(value: PerlValue, options: SyckDumpOptions = {}): string {
  const out: string[] = ['--- '];
  node(out, value, 0, options);
  out.push('\n');
  return out.join('');
}

function node(out: string[], value: PerlValue, spaces: number, options: SyckDumpOptions): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push('[]\n');
      return;
    }
    for (const item of value) {
      out.push(`\n${' '.repeat(spaces)}- `);
      node(out, item, spaces + 2, options);
    }
    return;
  }
  if (isPerlHash(value)) {
    const entries = sortedEntries(value);
    if (entries.length === 0) {
      out.push('{}\n');
      return;
    }
    for (const [key, inner] of entries) {
      out.push(`\n${' '.repeat(spaces)}${scalarText(key, true, options)}: `);
      node(out, inner, spaces + 2, options);
    }
    return;
  }
  out.push(valueText(value, options));
}

function valueText(value: PerlValue, options: SyckDumpOptions): string {
  if (value === null || value === undefined) return '~';
  // Not in any WHM answer (Perl has no booleans there); the app's own answers write them as JSON does.
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    const text = perlNumberText(value);
    // An integer small enough to survive a round trip is plain; anything else is quoted so it reads back as written.
    return isPerlInteger(value) && isUnquotableInteger(text) ? text : singleQuoted(text);
  }
  return scalarText(value as string, false, options);
}

/** Perl's looks_like_number, for the strings it can see here. */
function looksLikeNumber(text: string): boolean {
  if (text === '0 but true') return true;
  return /^[ \t\n\r\f\v]*[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan[qs]?|[qs]nan)[ \t\n\r\f\v]*$/i.test(text);
}

/**
 * Syck's syck_str_is_unquotable_integer, quirks included: at most 9 bytes, "0", or an optional `-` then a first
 * character that is not `0` and is never looked at, then digits (so `+12` and `.5` pass, as they do in Syck).
 */
function isUnquotableInteger(text: string): boolean {
  if (text.length < 1 || text.length > 9) return false;
  if (text === '0') return true;
  const body = text.startsWith('-') ? text.slice(1) : text;
  if (body.startsWith('0')) return false;
  return /^[\s\S][0-9]*$/.test(body) || body.length === 0;
}

const IMPLICIT_BOOL_OR_NULL = new Set(
  ['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']
    .concat(['on', 'On', 'ON', 'off', 'Off', 'OFF', '~', 'null', 'Null', 'NULL']),
);

/**
 * Syck's syck_match_implicit answers bool or null for these strings, and also for one of the longer ones followed
 * by a non-ASCII byte: its scanner reads bytes as signed chars, so a byte above 0x7F looks like the string's end
 * wherever a token can only end (`yesé`, `~é`, `nullé…`), though not after `y`, `n`, `Y`, `N` (`yé` stays plain).
 */
function isImplicitBoolOrNull(text: string): boolean {
  if (IMPLICIT_BOOL_OR_NULL.has(text)) return true;
  const token = /^([^\u0080-\uffff]*)[\u0080-\uffff]/.exec(text)?.[1];
  return token !== undefined && token.length > 0 && !['y', 'Y', 'n', 'N'].includes(token) && IMPLICIT_BOOL_OR_NULL.has(token);
}

interface Scan {
  nonPrintable: boolean;
  whiteEdge: boolean;
  newline: boolean;
  indented: boolean;
  indicator: boolean;
}

/** Syck's syck_scan_scalar. Bytes of UTF-8 sequences count as printable; a double-quoted scalar escapes them. */
function scan(text: string): Scan {
  const first = text[0] ?? '';
  const second = text[1];
  const last = text[text.length - 1];
  const result: Scan = {
    nonPrintable: false,
    whiteEdge: first === ' ' || first === '\t' || (text.length > 1 && (last === ' ' || last === '\t')),
    newline: false,
    indented: false,
    indicator:
      '[]{}!*&|>\'"#%@`^'.includes(first) ||
      ('-:?,'.includes(first) && (text.length === 1 || second === ' ' || second === '\n' || second === '\r')),
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    const next = text[i + 1];
    if (!(c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0x7e) || c >= 0x80)) result.nonPrintable = true;
    else if (c === 0x0a) {
      result.newline = true;
      if (next === ' ' || next === '\t') result.indented = true;
    } else if ((c === 0x20 && next === '#') || (c === 0x3a && (next === ' ' || next === '\n' || next === undefined))) {
      result.indicator = true;
    }
  }
  return result;
}

type Style = 'plain' | 'single' | 'double';

/** Syck's choice of style for a string (perl_syck.h's emitter handler, then syck_emit_scalar). */
function styleOf(text: string, isKey: boolean, options: SyckDumpOptions): Style {
  let style: 'none' | 'single';
  if (looksLikeNumber(text)) style = isUnquotableInteger(text) ? 'none' : 'single';
  else style = text === '' ? 'single' : 'none';
  if (isImplicitBoolOrNull(text)) style = 'single';

  const s = scan(text);
  // A carriage return is text to Syck and a line break to other readers, and a tab ends a plain scalar in
  // PyYAML: such a string is double-quoted, where both are escaped.
  if (options.yaml11Safe && (YAML11_UNSAFE_TEXT.test(text) || /[\r\t]/.test(text))) s.nonPrintable = true;
  let chosen: Style | 'literal' = style === 'single' ? 'single' : s.newline ? 'literal' : 'plain';
  if (s.nonPrintable) chosen = 'double';
  else if (chosen !== 'single' && s.whiteEdge) chosen = 'double';
  else if (s.indented) chosen = 'literal';
  else if (chosen === 'plain' && s.indicator) chosen = 'double';

  if (options.yaml11Safe && chosen === 'plain' && (readsAsNonString(text) || !isYaml11Plain(text))) chosen = 'single';
  // Syck double-quotes every key that is not plain; a plain value starting with `:` is written quoted too.
  if (isKey && chosen !== 'plain') chosen = 'double';
  if (chosen === 'plain' && text.startsWith(':')) chosen = 'literal';
  // Syck 1.34 writes its literal style as a double-quoted scalar.
  return chosen === 'literal' ? 'double' : chosen;
}

function scalarText(raw: string, isKey: boolean, options: SyckDumpOptions): string {
  const text = wellFormedText(raw);
  switch (styleOf(text, isKey, options)) {
    case 'plain':
      return text;
    case 'single':
      return singleQuoted(text);
    case 'double':
      return doubleQuoted(text, options.yaml11Safe === true);
  }
}

function singleQuoted(text: string): string {
  let out = "'";
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === "'") out += "''";
    else if (c === '\n') {
      // syck_emit_1quoted: a line break is folded YAML, so it is written twice unless it follows another.
      out += text[start] !== '\n' || start === 0 ? '\n\n' : '\n';
      start = i + 1;
    } else out += c;
  }
  return `${out}'`;
}

const DOUBLE_ESCAPES: Record<number, string> = {
  0x22: '\\"', 0x5c: '\\\\', 0x00: '\\0', 0x07: '\\a', 0x08: '\\b', 0x0c: '\\f',
  0x0d: '\\r', 0x09: '\\t', 0x0b: '\\v', 0x1b: '\\e', 0x0a: '\\n',
};

/**
 * Syck writes every byte outside printable ASCII as \xHH, so “ becomes \xE2\x80\x9C: Syck's own reader (and
 * cPanel's) puts the bytes back together, but a YAML 1.1 or 1.2 reader takes \xE2 as the character U+00E2. The
 * app's own answers (yaml11Safe) therefore keep non-ASCII text as it is, which every YAML reader reads back.
 */
function doubleQuoted(text: string, keepUnicode: boolean): string {
  let out = '"';
  if (keepUnicode) {
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (code <= 0x7f) out += asciiEscaped(code);
      else if (YAML11_UNSAFE_TEXT.test(ch)) out += code <= 0xff ? asciiEscaped(code) : `\\u${code.toString(16).toUpperCase()}`;
      else out += ch;
    }
    return `${out}"`;
  }
  for (const byte of new TextEncoder().encode(text)) out += asciiEscaped(byte);
  return `${out}"`;
}

/** What a YAML 1.1 reader refuses in a stream (C1 controls, U+FFFE, U+FFFF) or reads as a line break (NEL, LS, PS). */
const YAML11_UNSAFE_TEXT = /[\u0080-\u009f\u2028\u2029\ufffe\uffff]/;

function asciiEscaped(byte: number): string {
  const escape = DOUBLE_ESCAPES[byte];
  if (escape !== undefined) return escape;
  if (byte < 0x20 || byte > 0x7e) return `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return String.fromCharCode(byte);
}

/**
 * Whether YAML 1.1 allows this text as a plain scalar where Syck writes one: Syck lets `,x`, `-\tx` or `a:\tb`
 * through, which a YAML 1.1 reader refuses or splits.
 */
function isYaml11Plain(text: string): boolean {
  return !/^[,[\]{}#&*!|>'"%@`]|^[-?:](?:[ \t]|$)|:(?:[ \t]|$)|[ \t]#/.test(text);
}

/**
 * Whether a YAML 1.1 reader resolves this plain scalar to something other than a string (PyYAML's resolvers,
 * the YAML 1.1 type repository). A plain decimal integer is left alone: it reads back as the number whmapi1 meant.
 */
function readsAsNonString(text: string): boolean {
  if (/^(?:0|-?[1-9][0-9]*)$/.test(text)) return false;
  return YAML11_NON_STRING.some((pattern) => pattern.test(text));
}

const YAML11_NON_STRING: readonly RegExp[] = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?$/,
  /^(?:<<|=)$/,
  // Not a type, but at the start of a line a document marker: `---: x` would end the document.
  /^(?:---|\.\.\.)/,
];
