// cPanel's error IDs: an exception's message starts with `(XID abc123) `, six lowercase letters and digits, so a
// person can quote it and an administrator find it in the server's log. Drawn from the engine's RandomSource, so
// tests with fixed randomness see fixed IDs.
import type { RandomSource } from './ports.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** 252 = 7 × 36: bytes at or above it are drawn again, so every character is equally likely. */
const UNBIASED_LIMIT = 252;

export function errorId(random: RandomSource): string {
  let id = '';
  while (id.length < 6) {
    for (const byte of random.bytes(6)) {
      if (byte < UNBIASED_LIMIT && id.length < 6) id += ALPHABET[byte % ALPHABET.length];
    }
  }
  return `(XID ${id}) `;
}
