// The data model cPanel's serialisers see, in TypeScript terms. An answer is a tree of Perl scalars, arrays and
// hashes; the type of a scalar matters to all three serialisers: a JS string is a Perl string (cPanel's are byte
// strings holding UTF-8), a JS number is a Perl number, null is undef. The renderers read answers only through
// these helpers, so all three agree on what a value is and in which order a hash's keys come.

export type PerlValue = string | number | boolean | null | undefined | readonly PerlValue[] | { readonly [key: string]: PerlValue };

export type PerlHash = { readonly [key: string]: PerlValue };

export function isPerlHash(value: PerlValue): value is PerlHash {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A lone surrogate cannot be written as UTF-8; like any UTF-8 encoder, the renderers write U+FFFD for it. */
export function wellFormedText(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Perl's `sort` on byte strings: UTF-8 byte order, which is code point order (not JS's UTF-16 order). */
export function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const diff = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

/** A hash's entries in Perl's sorted order; a key whose value is `undefined` is absent, as JSON.stringify has it. */
export function sortedEntries(hash: PerlHash): [string, PerlValue][] {
  return Object.keys(hash)
    .filter((key) => hash[key] !== undefined)
    .sort(compareCodePoints)
    .map((key) => [key, hash[key]]);
}

/** How Perl prints a number: integers as digits, others as `%.15g` does. */
export function perlNumberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 63) return Object.is(value, -0) ? '0' : BigInt(value).toString();
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  const text = value.toPrecision(15);
  // %g: no trailing zeros, exponent with a sign and at least two digits.
  const [mantissa, exponent] = text.split('e');
  const trimmed = mantissa!.includes('.') ? mantissa!.replace(/\.?0+$/, '') : mantissa!;
  if (exponent === undefined) return trimmed;
  const power = Number(exponent);
  if (power >= -5 && power < 15) return String(Number(text));
  return `${trimmed}e${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(2, '0')}`;
}

/** Whether a number is a Perl integer (an IV), as opposed to a floating-point NV. */
export function isPerlInteger(value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) < 2 ** 63;
}
