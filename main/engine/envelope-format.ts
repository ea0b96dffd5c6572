// The four renderings of an envelope, byte for byte as cPanel's own serialisers write them: json and jsonpretty
// (JSON::XS, canonical), yaml (whmapi1's YAML::Syck Dump) and xml (xml-api's XML::Simple XMLout). The app's own
// commands use the same renderers; their YAML additionally quotes what a YAML 1.1 reader would mistype.
import { OUTPUT_FORMATS, type Envelope, type OutputFormat } from '../common/engine-answers.js';
import { isWhmFunction } from '../common/whm-function-specs.js';
import { jsonXsCompact, jsonXsPretty } from './json-xs-format.js';
import type { PerlHash, PerlValue } from './perl-data.js';
import { xmlSimpleOut } from './xml-simple-format.js';
import { syckDump } from './yaml-syck-format.js';

export { xmlElementName } from './xml-simple-format.js';

export { OUTPUT_FORMATS, type OutputFormat };

/** The envelope as the Perl data the serialisers read: its metadata as it is, its data whatever the command answered. */
function asPerlData(envelope: Envelope): PerlHash {
  const metadata: PerlHash = { ...envelope.metadata };
  return envelope.data === undefined ? { metadata } : { data: envelope.data as PerlValue, metadata };
}

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

/**
 * Renders an envelope as whmapi1 prints it (json, jsonpretty, yaml) or as xml-api answered it (xml). Answers of
 * the nine WHM functions are cPanel's bytes exactly; every other answer's YAML is also safe for YAML 1.1 readers.
 */
export function renderEnvelope(envelope: Envelope, format: OutputFormat): string {
  const answer = asPerlData(envelope);
  switch (format) {
    case 'json':
      // whmapi1 prints the compact document as one line.
      return `${jsonXsCompact(answer)}\n`;
    case 'jsonpretty':
      return jsonXsPretty(answer);
    case 'yaml':
      return syckDump(answer, { yaml11Safe: !isWhmFunction(envelope.metadata.command) });
    case 'xml':
      return xmlSimpleOut(answer);
  }
}
