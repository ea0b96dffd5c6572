// Shared by the engine tests: codes computed with otpauth directly (not through main/engine/totp.ts),
// and the exact envelopes WHM answers.
import { Secret, TOTP } from 'otpauth';
import type { Envelope } from '../../main/engine/envelope.js';

export const HOST = 'whm.example.test';

/** The six-digit code for `secret` at `ms`, independently of the engine. */
export function codeAt(secret: string, ms: number): string {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: ms });
}

/** A well-formed six-digit code that none of the three accepted steps around `ms` produces. */
export function wrongCodeAt(secret: string, ms: number): string {
  const window = new Set([-30_000, 0, 30_000].map((d) => codeAt(secret, ms + d)));
  for (let n = 0; ; n += 1) {
    const candidate = String((123_456 + n * 7_919) % 1_000_000).padStart(6, '0');
    if (!window.has(candidate)) return candidate;
  }
}

export function ok(command: string, data?: unknown): Envelope {
  const metadata = { command, reason: 'OK', result: '1', version: 1 };
  return (data === undefined ? { metadata } : { data, metadata }) as Envelope;
}

export function fail(command: string, reason: string, extra: { data?: unknown; warnings?: string[] } = {}): Envelope {
  const metadata = extra.warnings
    ? { command, output: { warnings: extra.warnings }, reason, result: 0, version: 1 }
    : { command, reason, result: 0, version: 1 };
  return (extra.data === undefined ? { metadata } : { data: extra.data, metadata }) as Envelope;
}

/** cPanel's error ID: written as `(XID xxxxxx) ` in expected answers, as any six lowercase letters and digits. */
export const XID = '(XID xxxxxx) ';
const ANY_XID = /\(XID [a-z0-9]{6}\) /g;

/**
 * Deep equality AND the same key order, as a JSON consumer or a YAML/XML reader would see it. An error ID in the
 * answer matches `XID` in the expected one (and only there).
 */
export function expectExactly(actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual).replace(ANY_XID, XID) !== JSON.stringify(expected)) {
    throw new Error(`envelope differs:\n  actual:   ${JSON.stringify(actual)}\n  expected: ${JSON.stringify(expected)}`);
  }
}

/** The 10 random bytes that generateWhmSecret turns into `base32` (16 characters, no padding). */
export function bytesOf(base32: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const out: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2));
  return Uint8Array.from(out);
}
