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
 * A secret the app keeps (backups, provisioning): only `a-zA-Z2-7`, a whole Base32 string (no partial group of
 * 1, 3 or 6 characters) of at most MAX_SECRET_LENGTH.
 */
export function isValidWhmSecret(secret: string): boolean {
  if (secret.length === 0 || secret.length > MAX_SECRET_LENGTH) return false;
  if (!/^[a-zA-Z2-7]+$/.test(secret)) return false;
  return ![1, 3, 6].includes(secret.length % 8);
}

/**
 * WHM's only check on twofactorauth_set_tfa_config's `secret` (Whostmgr/API/1/TwoFactorAuth.pm): no character
 * outside `a-zA-Z2-7`. An empty secret and any length pass it, and then fail the code check.
 */
export function hasOnlyWhmSecretCharacters(secret: string): boolean {
  return /^[a-zA-Z2-7]*$/.test(secret);
}

/** Secrets are kept upper case, the canonical Base32 form authenticator apps expect. */
export function normalizeWhmSecret(secret: string): string {
  return secret.toUpperCase();
}
