// WHM's twofactorauth_generate_tfa_config answer for each chosen account, as repeated whmapi1 calls print them:
// json is one envelope per line (JSON Lines); jsonpretty and yaml are the documents one after another (a
// concatenated JSON stream; a YAML stream of `---` documents); xml is the xml-api <result> documents one after
// another, each starting on its own line with `<result>` (not one XML document: split before each `<result>`).
import { success, type Envelope } from './envelope.js';
import { renderEnvelope, type OutputFormat } from './envelope-format.js';
import { buildOtpauthStr } from './otpauth-uri.js';

export interface GenerateAnswerInput {
  user: string;
  secret: string;
}

/** The exact envelope WHM answers for this account's secret. */
export function generateAnswer(issuer: string, { user, secret }: GenerateAnswerInput): Envelope<{ otpauth_str: string; secret: string }> {
  return success('twofactorauth_generate_tfa_config', { otpauth_str: buildOtpauthStr(issuer, user, secret), secret });
}

export function renderGenerateAnswers(issuer: string, accounts: readonly GenerateAnswerInput[], format: OutputFormat): string {
  return accounts.map((account) => renderEnvelope(generateAnswer(issuer, account), format)).join('');
}

export const GENERATE_ANSWERS_MEDIA: Record<OutputFormat, { mediaType: string; extension: string }> = {
  json: { mediaType: 'application/jsonl', extension: 'jsonl' },
  jsonpretty: { mediaType: 'application/json', extension: 'json' },
  yaml: { mediaType: 'application/yaml', extension: 'yaml' },
  xml: { mediaType: 'application/xml', extension: 'xml' },
};
