// WHM's `otpauth_str`, byte for byte: otpauth://totp/<issuer>:<user>?secret=<secret>&issuer=<issuer>.
// otpauth's own toString() orders parameters differently and appends algorithm/digits/period, so it is not used.
import { percentEncode } from '../common/percent-encode.js';

export function buildOtpauthStr(issuer: string, user: string, secret: string): string {
  const encodedIssuer = percentEncode(issuer);
  return `otpauth://totp/${encodedIssuer}:${percentEncode(user)}?secret=${secret}&issuer=${encodedIssuer}`;
}
