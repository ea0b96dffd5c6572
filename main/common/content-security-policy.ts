// The renderer's Content-Security-Policy: nothing remote, no inline script, no connections at all.
// The protocol handler sends it as a header and renderer/index.html carries it as a meta tag; a test keeps them equal.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The custom scheme the UI is served from, instead of file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tfa-provisioner';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
