// The four renderings of an envelope: json, jsonpretty, whmapi1-style YAML and legacy xml-api XML.
import { XMLBuilder } from 'fast-xml-parser';
import { Document } from 'yaml';
import { OUTPUT_FORMATS, type Envelope, type OutputFormat } from '../common/engine-answers.js';

export { OUTPUT_FORMATS, type OutputFormat };

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

const xmlBuilder = new XMLBuilder({
  format: true,
  indentBy: '    ',
  // Escape &, <, > and quotes: unlike cPanel's legacy XML, ours parses with any XML parser.
  processEntities: true,
  suppressEmptyNode: false,
});

/** Renders an envelope as whmapi1 prints it (json, jsonpretty, yaml) or as xml-api answered it (xml). */
export function renderEnvelope(envelope: Envelope, format: OutputFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(envelope)}\n`;
    case 'jsonpretty':
      // The legacy docs' samples indent by three spaces, as Perl's JSON pretty-printer does.
      return `${JSON.stringify(envelope, null, 3)}\n`;
    case 'yaml':
      // whmapi1 prints a `---` document start, then data:/metadata: with two-space indents; long values are never folded.
      return new Document(envelope).toString({ directives: true, indent: 2, lineWidth: 0, minContentWidth: 0 });
    case 'xml':
      return xmlBuilder.build({ result: withXmlNames(envelope) }) as string;
  }
}

/**
 * Object keys become element names, and some keys are user input (remove_user_config's `failed` is keyed by
 * whatever user was asked for). A key that is not a safe XML name is escaped as SQL/XML and .NET's
 * XmlConvert.EncodeName do: each offending character becomes `_xHHHH_` (so `1x` → `_x0031_x`, `a b` → `a_x0020_b`).
 */
export function xmlElementName(key: string): string {
  let name = '';
  let at = 0;
  for (const ch of key) {
    const valid = at === 0 ? /^[A-Za-z_]$/.test(ch) : /^[A-Za-z0-9._-]$/.test(ch);
    // An underscore that would read as the start of an escape is escaped itself, so decoding is unambiguous.
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

function withXmlNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withXmlNames);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [xmlElementName(key), withXmlNames(inner)]));
}
