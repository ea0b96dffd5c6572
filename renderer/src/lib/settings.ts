// Renderer constants an operator might want to tune, and the words built on the TOTP parameters.

/** The QR code, secret and URI hide themselves this long after they were shown. */
export const QR_AUTO_HIDE_SECONDS = 60;

/** The Audit table renders at most this many rows (a search narrows the rest); past this many accounts, the
 * virtualised Accounts table offers to select every matching one. */
export const MAX_TABLE_ROWS = 500;

/** The hint shown with a rejected code: the CLI's words too. */
export { CLOCK_SKEW_HINT } from '../../../main/common/totp-parameters.js';
