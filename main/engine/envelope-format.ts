// The four renderings of an envelope: json, jsonpretty, whmapi1-style YAML and legacy xml-api XML.
import { XMLBuilder } from 'fast-xml-parser';
import { Document } from 'yaml';
import type { Envelope } from './envelope.js';

export const OUTPUT_FORMATS = ['json', 'jsonpretty', 'yaml', 'xml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

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
      return xmlBuilder.build({ result: envelope }) as string;
  }
}
