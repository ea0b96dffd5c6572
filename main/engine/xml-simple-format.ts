// XML as cPanel's xml-api wrote it: XML::Simple's XMLout(answer, RootName => 'result', NoAttr => 1, KeyAttr => [])
// (Cpanel/API.pm's options, with no key folding), byte for byte wherever XML::Simple's output is well-formed:
// two-space indents, keys sorted, & < > " escaped, an empty hash as <key></key>, an empty array left out, a
// key starting with `-` skipped, an array inside an array wrapped in <anon>, and the value of an empty key written
// as bare text, all as XML::Simple does.
//
// Where XML::Simple would write a document an XML parser refuses, this renderer differs on purpose, so every
// answer stays well-formed: a key that is not a safe XML name becomes one (each offending character
// as `_xHHHH_`, as SQL/XML and .NET's XmlConvert.EncodeName do); text under an empty key is escaped; characters
// XML 1.0 forbids (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF) are written as U+FFFD.
import { isPerlHash, perlNumberText, sortedEntries, wellFormedText, type PerlHash, type PerlValue } from './perl-data.js';

export function xmlSimpleOut(answer: PerlHash, rootName = 'result'): string {
  return hashToXml(answer, rootName, '');
}

function hashToXml(hash: PerlHash, name: string, indent: string): string {
  const named = name !== '';
  const entries = sortedEntries(hash);
  if (entries.length === 0) return named ? `${indent}<${name}></${name}>\n` : '';
  const nested: string[] = [];
  // XML::Simple's content key: an undefined `content` value makes the element's text empty, which also pulls
  // the first child up onto the opening tag's line.
  let textContent: string | undefined;
  for (const [key, value] of entries) {
    if (key.startsWith('-')) continue;
    if (value === null && key === 'content') textContent = '';
    nested.push(valueToXml(value === null ? '' : value, key, `${indent}  `));
  }
  if (!named) return nested.join('');
  if (nested.length === 0 && textContent === undefined) return `${indent}<${name} />\n`;
  if (textContent !== undefined) {
    if (nested.length > 0) nested[0] = nested[0]!.replace(/^\s+/, '');
    return `${indent}<${name}>${textContent}${nested.join('')}${nested.length > 0 ? indent : ''}</${name}>\n`;
  }
  return `${indent}<${name}>\n${nested.join('')}${indent}</${name}>\n`;
}

function valueToXml(value: PerlValue, key: string, indent: string): string {
  if (Array.isArray(value)) return arrayToXml(value, key, indent);
  if (isPerlHash(value)) return hashToXml(value, key === '' ? '' : xmlElementName(key), indent);
  if (key === '') return `${bareText(scalarText(value))}\n`;
  const name = xmlElementName(key);
  return `${indent}<${name}>${xmlText(scalarText(value))}</${name}>\n`;
}

function arrayToXml(items: readonly PerlValue[], key: string, indent: string): string {
  const name = xmlElementName(key);
  return items
    .map((item) => {
      if (Array.isArray(item)) return `${indent}<${name}>\n${arrayToXml(item, 'anon', `${indent}  `)}${indent}</${name}>\n`;
      if (isPerlHash(item)) return hashToXml(item, key === '' ? '' : name, indent);
      return `${indent}<${name}>${xmlText(scalarText(item ?? ''))}</${name}>\n`;
    })
    .join('');
}

function scalarText(value: PerlValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return perlNumberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return value as string;
}

/** XML::Simple's escape_value (& < > "), plus U+FFFD for what XML 1.0 cannot carry at all. */
function xmlText(text: string): string {
  return wellFormedText(text)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** XML::Simple writes an empty key's value unescaped; it is escaped only where the raw text would not be well-formed. */
function bareText(text: string): string {
  return /[<&\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]|]]>/.test(text) ? xmlText(text) : text;
}

// A name every XML 1.0 parser accepts, whichever edition's name rules it follows (expat and libxml2 keep the
// fourth edition's letter classes): ASCII and Latin-1 letters or `_` first, then those, digits, `.` and `-`. No
// colon: a prefix no one declared is not namespace-well-formed.
const XML_NAME = /^[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF][A-Za-z0-9._\-\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF]*$/;
const NAME_START_CHAR = /^[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF]$/;
const NAME_CHAR_ONLY = /^[A-Za-z0-9._\-\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF]$/;

/**
 * Object keys become element names, and some keys are user input (remove_user_config's `failed` is keyed by
 * whatever user was asked for). A key that is an XML name is kept as it is, as XML::Simple writes it; any other is
 * escaped as SQL/XML and .NET's XmlConvert.EncodeName do: each offending character becomes `_xHHHH_`
 * (so `1x` → `_x0031_x`, `a b` → `a_x0020_b`), and an underscore that would read as such an escape is escaped too.
 */
export function xmlElementName(key: string): string {
  if (XML_NAME.test(key) && !/_x(?:[0-9A-Fa-f]{4}|[0-9A-Fa-f]{8})_/.test(key)) return key;
  let name = '';
  let at = 0;
  for (const ch of wellFormedText(key)) {
    const valid = at === 0 ? NAME_START_CHAR.test(ch) : NAME_CHAR_ONLY.test(ch);
    const looksEscaped = ch === '_' && /^_x(?:[0-9A-Fa-f]{4}|[0-9A-Fa-f]{8})_/.test(key.slice(at));
    if (valid && !looksEscaped) name += ch;
    else {
      const code = ch.codePointAt(0)!;
      name += `_x${code.toString(16).toUpperCase().padStart(code > 0xffff ? 8 : 4, '0')}_`;
    }
    at += ch.length;
  }
  return name === '' ? '_' : name;
}
