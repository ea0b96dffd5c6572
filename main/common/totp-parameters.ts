// The TOTP parameters cPanel uses (RFC 6238 with HMAC-SHA1): defined once, for the engine that checks codes
// and the UI that asks for them and explains them.

/** A code's length. */
export const TOTP_DIGITS = 6;

/** A code's lifetime: the time step, in seconds. */
export const TOTP_PERIOD_SECONDS = 30;
