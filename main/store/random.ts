import { randomFillSync } from 'node:crypto';
import type { RandomSource } from '../engine/ports.js';

/**
 * Random bytes from the system's CSPRNG, drawn 4 KiB at a time and handed out once each: a batch asks for two small
 * pieces per account (its secret and its seal's nonce), and a call to the CSPRNG per piece cost more than the
 * bytes (issue 11). A piece handed out is wiped from the pool.
 */
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let taken = 0;

export const systemRandom: RandomSource = {
  bytes: (length) => {
    if (length > POOL_BYTES) return randomFillSync(new Uint8Array(length));
    if (taken + length > pool.length) {
      pool = randomFillSync(new Uint8Array(POOL_BYTES));
      taken = 0;
    }
    const piece = pool.slice(taken, taken + length);
    pool.fill(0, taken, taken + length);
    taken += length;
    return piece;
  },
};
