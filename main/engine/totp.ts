// RFC 6238 TOTP as cPanel verifies it: HMAC-SHA1, 30-second steps, 6 digits, ±1 step, exact string compare.
// otpauth does the cryptography; WHM's rules (token shape, window, replay) are ours.
import { Secret, TOTP } from 'otpauth';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from '../common/totp-parameters.js';

export const TOTP_WINDOW_STEPS = 1;

function totpFor(base32Secret: string): TOTP {
  return new TOTP({
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(base32Secret.toUpperCase()),
  });
}

/** The time step (counter) for a moment, in milliseconds since the epoch. */
export function timeStep(timestampMs: number): number {
  return Math.floor(timestampMs / 1000 / TOTP_PERIOD_SECONDS);
}

export function totpCode(base32Secret: string, timestampMs: number): string {
  return totpFor(base32Secret).generate({ timestamp: timestampMs });
}

/**
 * The time step a token matches within ±1 step of `timestampMs`, or null.
 * Only a string of exactly six ASCII digits can match, as WHM compares strings.
 */
export function matchTokenStep(base32Secret: string, token: string, timestampMs: number): number | null {
  if (!/^[0-9]{6}$/.test(token)) return null;
  const delta = totpFor(base32Secret).validate({ token, timestamp: timestampMs, window: TOTP_WINDOW_STEPS });
  return delta === null ? null : timeStep(timestampMs) + delta;
}
