import { randomBytes } from 'node:crypto';
import type { RandomSource } from '../engine/ports.js';

export const systemRandom: RandomSource = {
  bytes: (length) => new Uint8Array(randomBytes(length)),
};
