// TOTP secrets as WHM makes and accepts them (RFC 4648 Base32, no padding).
import { Secret } from 'otpauth';
import type { RandomSource } from './ports.js';

/** WHM generates 10 random bytes: 16 Base32 characters, 80 bits. */
export const WHM_SECRET_BYTES = 10;

/** Longest secret accepted on input; WHM documents 16, and nothing sane needs more than a 512-bit key. */
export const MAX_SECRET_LENGTH = 128;

export function generateWhmSecret(random: RandomSource): string {
  const bytes = random.bytes(WHM_SECRET_BYTES);
  if (bytes.length !== WHM_SECRET_BYTES) throw new Error('The random source returned the wrong number of bytes.');
  return new Secret({ buffer: bytes.slice().buffer }).base32;
}

/**
 * WHM's check for `secret`: only `a-zA-Z2-7`, and it must decode as Base32. A Base32 string
 * cannot end in a partial group of 1, 3 or 6 characters, so those lengths do not decode.
 */
export function isValidWhmSecret(secret: string): boolean {
  if (secret.length === 0 || secret.length > MAX_SECRET_LENGTH) return false;
  if (!/^[a-zA-Z2-7]+$/.test(secret)) return false;
  return ![1, 3, 6].includes(secret.length % 8);
}

/** Secrets are kept upper case, the canonical Base32 form authenticator apps expect. */
export function normalizeWhmSecret(secret: string): string {
  return secret.toUpperCase();
}
