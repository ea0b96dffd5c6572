// Renderer constants an operator might want to tune, and the words built on the TOTP parameters.
import { TOTP_PERIOD_SECONDS } from '../../../main/common/totp-parameters.js';

/** The QR code, secret and URI hide themselves this long after they were shown. */
export const QR_AUTO_HIDE_SECONDS = 60;

/** The Audit table renders at most this many rows (a search narrows the rest); past this many accounts, the
 * virtualised Accounts table offers to select every matching one. */
export const MAX_TABLE_ROWS = 500;

/** The hint shown with a rejected code. */
export const CLOCK_SKEW_HINT =
  `Check the time on both devices: the phone's clock and this computer's clock must agree within ${TOTP_PERIOD_SECONDS} seconds. ` +
  'Turn on automatic (network) time on the phone, then type the code it shows now, not an older one.';
