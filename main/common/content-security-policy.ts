// The renderer's Content-Security-Policy: nothing remote, no inline script, no connections at all.
// The protocol handler sends the whole policy as a header; renderer/index.html carries it as a meta tag too,
// minus frame-ancestors, which browsers honour only in a header (and log an error for in a meta tag).
const META_DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** The policy for a `<meta http-equiv>` tag: every directive a meta tag can carry. */
export const CONTENT_SECURITY_POLICY_META = META_DIRECTIVES.join('; ');

/** The policy the app protocol sends as a header. */
export const CONTENT_SECURITY_POLICY = [...META_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/** The custom scheme the UI is served from, instead of file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tfa-provisioner';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
