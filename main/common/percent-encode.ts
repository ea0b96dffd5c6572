// RFC 3986 percent-encoding as cPanel's URI escaping does it: for the otpauth:// URI the engine builds and the
// json-api URL the API shell shows.

/** Percent-encodes everything but the unreserved characters (A–Z a–z 0–9 - . _ ~). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
