// The chosen accounts' otpauth:// URIs, one per line, byte for byte WHM's otpauth_str.
import { buildOtpauthStr } from './otpauth-uri.js';

export function renderUriList(issuer: string, accounts: readonly { user: string; secret: string }[]): string {
  return accounts.map(({ user, secret }) => `${buildOtpauthStr(issuer, user, secret)}\n`).join('');
}
