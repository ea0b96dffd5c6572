// The TOTP parameters cPanel uses (RFC 6238 with HMAC-SHA1): defined once, for the engine that checks codes
// and the UI that asks for them and explains them.

/** A code's length. */
export const TOTP_DIGITS = 6;

/** A code's lifetime: the time step, in seconds. */
export const TOTP_PERIOD_SECONDS = 30;

/** What to check after a refused code, in the window and on the CLI's stderr alike. */
export const CLOCK_SKEW_HINT =
  `Check the time on both devices: the phone's clock and this computer's clock must agree within ${TOTP_PERIOD_SECONDS} seconds. ` +
  'Turn on automatic (network) time on the phone, then type the code it shows now, not an older one.';
