// The equivalents of an API shell call on a real server: the whmapi1 command line, as the cPanel docs print it
// (`whmapi1 --output=jsonpretty twofactorauth_set_tfa_config secret='WJ73QJSKZBXCFIPZ' tfa_token='227174'`),
// and the session URL (`https://HOST:2087/cpsess##########/json-api/FN?api.version=1&user=example`).
import { percentEncode } from '../../../main/common/percent-encode.js';
import type { OutputFormat } from '../../../main/common/tfa-api-contract.js';

/** POSIX shell single quotes; an embedded ' becomes '\'' . */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** whmapi1 prints YAML by default, so --output is written only for the other formats. */
export function whmapi1Line(fn: string, params: readonly (readonly [string, string])[], format: OutputFormat): string {
  const words = ['whmapi1'];
  if (format !== 'yaml') words.push(`--output=${format}`);
  words.push(fn);
  for (const [name, value] of params) words.push(`${name}=${shellQuote(value)}`);
  return words.join(' ');
}

/** The json-api URL (xml-api for the XML rendering, as the legacy docs pair them); values URI-encoded. */
export function apiUrl(host: string, fn: string, params: readonly (readonly [string, string])[], format: OutputFormat): string {
  const api = format === 'xml' ? 'xml-api' : 'json-api';
  const query = [['api.version', '1'] as const, ...params].map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  return `https://${host}:2087/cpsess##########/${api}/${percentEncode(fn)}?${query}`;
}
