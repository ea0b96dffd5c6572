// WHM's `otpauth_str`, byte for byte: otpauth://totp/<issuer>:<user>?secret=<secret>&issuer=<issuer>.
// otpauth's own toString() orders parameters differently and appends algorithm/digits/period, so it is not used.

/** RFC 3986 percent-encoding of everything but unreserved characters, as cPanel's URI escaping does. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function buildOtpauthStr(issuer: string, user: string, secret: string): string {
  const encodedIssuer = percentEncode(issuer);
  return `otpauth://totp/${encodedIssuer}:${percentEncode(user)}?secret=${secret}&issuer=${encodedIssuer}`;
}
