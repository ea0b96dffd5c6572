// The system random source hands out pieces of a pool it fills from the CSPRNG: each piece is its own copy (the pool
// is wiped behind it and refilled), of the length asked, and no two are the same.
import { describe, expect, it } from 'vitest';
import { systemRandom } from '../../main/store/random.js';

describe('systemRandom', () => {
  it('hands out pieces of the length asked, each once, that stay as they were while more are drawn', () => {
    const first = systemRandom.bytes(10);
    const copy = Uint8Array.from(first);
    // Across several refills of the pool (4 KiB each).
    const pieces = Array.from({ length: 2000 }, (_, i) => systemRandom.bytes(i % 2 ? 10 : 12));
    expect(first).toEqual(copy);
    expect(pieces.map((p) => p.length)).toEqual(pieces.map((_, i) => (i % 2 ? 10 : 12)));
    const seen = new Set(pieces.map((p) => Buffer.from(p).toString('hex')));
    expect(seen.size).toBe(pieces.length);
    // Not all zero: the wiping is behind what was handed out.
    expect(pieces.every((p) => p.some((byte) => byte !== 0))).toBe(true);
  });

  it('answers a request bigger than the pool in full', () => {
    const big = systemRandom.bytes(10_000);
    expect(big.length).toBe(10_000);
    expect(new Set(big).size).toBeGreaterThan(200);
  });
});
