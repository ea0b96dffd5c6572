// The QR code of an otpauth:// URI as a module matrix, the symbol the qrcode package would make, made the cheap way
// (issue 11: making it was most of a sheet's cost):
// - segmentation: qrcode searches every mix of modes for the shortest (regular expressions and a shortest-path
//   search per call); an otpauth URI is known text: bytes, and the base32 secret as alphanumerics (the split the
//   search finds for WHM's URIs, so the same version and the same symbol);
// - the symbol: what depends on the version only (qrcode's function patterns, where each data bit goes, the block
//   structure and the Reed-Solomon generator) is worked out once per version; a URI then costs writing its bits,
//   the error correction (qrcode's encoder and tables) and placing the bits, instead of qrcode's build of the whole
//   symbol (a function call per module, its mode detection run on every segment);
// - the mask: the standard's choice, the mask with the lowest penalty, scored here 32 modules at a time on
//   bit-packed rows and columns with qrcode's own rules (N1 to N4, as its mask-pattern.js counts them) instead of
//   through a BitMatrix call per module.
// The symbol is the one qrcode makes for the same segments (test/engine/qr-matrix.test.ts compares them).
import QRCode from 'qrcode';
import { getBlocksCount, getTotalCodewordsCount } from 'qrcode/lib/core/error-correction-code.js';
import { M } from 'qrcode/lib/core/error-correction-level.js';
import { ALPHANUMERIC, BYTE, getCharCountIndicator } from 'qrcode/lib/core/mode.js';
import ReedSolomonEncoder from 'qrcode/lib/core/reed-solomon-encoder.js';

/** Error correction M and a 4-module quiet zone: qrcode's defaults, which every authenticator app scans. */
export const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/**
 * The ASCII digits of 0 to 255 as bytes: every coordinate and length a drawing of a QR code writes (at most 177
 * modules and the margin). The SVG and the PDF paths are written byte by byte from it.
 */
export const ASCII_NUMBERS: readonly Uint8Array[] = Array.from({ length: 256 }, (_, n) => new TextEncoder().encode(String(n)));

export interface QrMatrix {
  /** Modules per side, quiet zone not included. */
  size: number;
  /** Row after row, 1 for a dark module. */
  modules: Uint8Array;
}

/** A run of base32 this long or longer is cheaper as alphanumerics than as bytes, mode switch included. */
const MIN_ALPHANUMERIC_SECRET = 16;
const SECRET_PARAM = /([?&]secret=)([A-Z2-7]+)(?=&|$)/;

const utf8 = new TextEncoder();
const bytes = (text: string): QrSegment => ({ data: utf8.encode(text), mode: 'byte' });

/** A run of the URI in one mode: bytes (its UTF-8), or a base32 secret's characters as alphanumerics. */
export type QrSegment = { mode: 'byte'; data: Uint8Array } | { mode: 'alphanumeric'; data: string };

/** The segments of `uri`: bytes, with the secret as alphanumerics when that makes the code no bigger. */
export function qrSegments(uri: string): QrSegment[] {
  const found = SECRET_PARAM.exec(uri);
  if (!found || found[2]!.length < MIN_ALPHANUMERIC_SECRET) return [bytes(uri)];
  const start = found.index + found[1]!.length;
  const end = start + found[2]!.length;
  const segments = [bytes(uri.slice(0, start)), { data: uri.slice(start, end), mode: 'alphanumeric' } as const];
  return end < uri.length ? [...segments, bytes(uri.slice(end))] : segments;
}

/** What a symbol of one version needs, worked out once: see planOf. */
interface VersionPlan {
  version: number;
  size: number;
  /** 1 for the modules of function patterns and format and version information. */
  reserved: Uint8Array;
  /** Those modules as qrcode draws them with mask 0 (format information for level M and mask 0); 0 elsewhere. */
  template: Uint8Array;
  /** The module of each data bit, in the standard's two-column zigzag from the bottom right (qrcode's setupData). */
  order: Int32Array;
  /** Mask 0 at each of those modules: 1 where (row + column) is even. */
  mask0: Uint8Array;
  /** Data codewords of each block, in order (group 1, then group 2 one longer), and error correction codewords per block. */
  blocks: number[];
  ecCount: number;
  dataCodewords: number;
  totalCodewords: number;
  rs: ReedSolomonEncoder;
}

const plans = new Map<number, VersionPlan>();
const encoders = new Map<number, ReedSolomonEncoder>();

function planOf(version: number): VersionPlan {
  let plan = plans.get(version);
  if (plan) return plan;
  // qrcode draws the function patterns; any data of this version will do (mask 0: its format bits are the base).
  const { modules } = QRCode.create('0', { version, errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel, maskPattern: 0 });
  const { size, reservedBit: reserved } = modules;
  const template = modules.data.map((dark, i) => (reserved[i] ? dark : 0));
  const order: number[] = [];
  let row = size - 1;
  let step = -1;
  for (let col = size - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (;;) {
      for (let c = 0; c < 2; c++) if (!reserved[row * size + col - c]) order.push(row * size + col - c);
      row += step;
      if (row < 0 || row >= size) {
        row -= step;
        step = -step;
        break;
      }
    }
  }
  const totalCodewords = order.length >> 3;
  const dataCodewords = totalCodewords - getTotalCodewordsCount(version, M);
  const blockCount = getBlocksCount(version, M);
  // As qrcode's createCodewords: the last (total mod blocks) blocks hold one data codeword more.
  const inGroup2 = totalCodewords % blockCount;
  const shortData = Math.floor(dataCodewords / blockCount);
  const ecCount = Math.floor(totalCodewords / blockCount) - shortData;
  const blocks = Array.from({ length: blockCount }, (_, b) => (b < blockCount - inGroup2 ? shortData : shortData + 1));
  let rs = encoders.get(ecCount);
  if (!rs) encoders.set(ecCount, (rs = new ReedSolomonEncoder(ecCount)));
  plan = {
    version,
    size,
    reserved,
    template,
    order: Int32Array.from(order),
    mask0: Uint8Array.from(order, (at) => ((Math.floor(at / size) + (at % size)) % 2 === 0 ? 1 : 0)),
    blocks,
    ecCount,
    dataCodewords,
    totalCodewords,
    rs,
  };
  plans.set(version, plan);
  return plan;
}

const modeOf = (segment: QrSegment) => (segment.mode === 'byte' ? BYTE : ALPHANUMERIC);
const payloadBits = (segment: QrSegment) =>
  segment.mode === 'byte' ? segment.data.length * 8 : 11 * (segment.data.length >> 1) + 6 * (segment.data.length & 1);

/** The smallest version the segments fit, as qrcode chooses it (mode, count and data bits against capacity). */
function versionFor(segments: readonly QrSegment[]): VersionPlan {
  for (let version = 1; version <= 40; version++) {
    const bits = segments.reduce((sum, s) => sum + 4 + getCharCountIndicator(modeOf(s), version) + payloadBits(s), 0);
    if (bits <= planOf(version).dataCodewords * 8) return planOf(version);
  }
  throw new Error('The amount of data is too big to be stored in a QR Code');
}

/** Alphanumeric mode's value of a character of a base32 secret: digits 0-9, then A-Z from 10. */
const alphanumericValue = (code: number) => (code <= 57 ? code - 48 : code - 55);

/** The data codewords: each segment's mode, count and data, the terminator, then the pad codewords 0xEC 0x11. */
function dataCodewords(plan: VersionPlan, segments: readonly QrSegment[]): Uint8Array {
  const out = new Uint8Array(plan.dataCodewords);
  let bit = 0;
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--, bit++) if ((value >>> i) & 1) out[bit >> 3]! |= 0x80 >>> (bit & 7);
  };
  for (const segment of segments) {
    const mode = modeOf(segment);
    put(mode.bit, 4);
    put(segment.data.length, getCharCountIndicator(mode, plan.version));
    if (segment.mode === 'byte') for (const byte of segment.data) put(byte, 8);
    else {
      const text = segment.data;
      let i = 0;
      for (; i + 1 < text.length; i += 2) put(alphanumericValue(text.charCodeAt(i)) * 45 + alphanumericValue(text.charCodeAt(i + 1)), 11);
      if (i < text.length) put(alphanumericValue(text.charCodeAt(i)), 6);
    }
  }
  // The terminator (four 0 bits, fewer where the capacity ends first) and the 0 bits to a whole codeword: zeros
  // already there, but they move where the pad codewords start.
  bit = Math.min(bit + 4, out.length * 8);
  for (let at = (bit + 7) >> 3, i = 0; at < out.length; at++, i++) out[at] = i % 2 ? 0x11 : 0xec;
  return out;
}

/** The symbol with mask 0, as qrcode's create makes it with maskPattern 0: modules, and which are reserved. */
function symbolWithMask0(segments: readonly QrSegment[]): { plan: VersionPlan; data: Uint8Array } {
  const plan = versionFor(segments);
  const data = dataCodewords(plan, segments);
  // Blocks, their error correction, then data and error correction codewords interleaved (qrcode's createCodewords).
  const codewords = new Uint8Array(plan.totalCodewords);
  const ec: Uint8Array[] = [];
  let offset = 0;
  const longest = plan.blocks[plan.blocks.length - 1]!;
  for (const length of plan.blocks) {
    ec.push(plan.rs.encode(data.subarray(offset, offset + length)));
    offset += length;
  }
  let at = 0;
  for (let i = 0; i < longest; i++) {
    let start = 0;
    for (const length of plan.blocks) {
      if (i < length) codewords[at++] = data[start + i]!;
      start += length;
    }
  }
  for (let i = 0; i < plan.ecCount; i++) for (const block of ec) codewords[at++] = block[i]!;
  // Each bit to its module, masked; the remainder bits past the last codeword are 0 before masking.
  const modules = plan.template.slice();
  const { order, mask0 } = plan;
  const bits = plan.totalCodewords * 8;
  for (let k = 0; k < order.length; k++) {
    const dark = k < bits ? (codewords[k >> 3]! >>> (7 - (k & 7))) & 1 : 0;
    modules[order[k]!] = dark ^ mask0[k]!;
  }
  return { plan, data: modules };
}

/** The eight data masks of the standard (ISO/IEC 18004 §7.8.2), row i, column j. */
const MASKS: readonly ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

/** The 15 format bits for level M and `mask`: BCH(15,5) with generator 0x537, then XOR 0x5412 (§7.9). */
function formatBits(mask: number): number {
  const data = (0b00 << 3) | mask; // M is 00
  let rem = data << 10;
  for (let bit = 14; bit >= 10; bit--) if (rem & (1 << bit)) rem ^= 0x537 << (bit - 10);
  return ((data << 10) | rem) ^ 0x5412;
}
const FORMAT_BITS = MASKS.map((_, mask) => formatBits(mask));

/** 32-bit words per row or column of bits: bit c of word c >> 5 is module c. */
const wordsFor = (size: number) => (size + 31) >> 5;

/** Packs the modules row by row and column by column into words, `out` holding the rows then the columns. */
function pack(modules: Uint8Array, size: number, out: Int32Array): Int32Array {
  const w = wordsFor(size);
  out.fill(0);
  const cols = size * w;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const v = modules[r * size + c]!;
      out[r * w + (c >> 5)]! |= v << (c & 31);
      out[cols + c * w + (r >> 5)]! |= v << (r & 31);
    }
  }
  return out;
}

interface Layout {
  /**
   * Per mask, what turns the mask-0 symbol into that mask's (format information included; function patterns are
   * never masked), as modules...
   */
  fromMask0: Uint8Array[];
  /** ...and packed (pack()). */
  packedFromMask0: Int32Array[];
  /** Per word: the bits of positions below n - 1 (a pair fits), n - 10 (an 11-module window fits). */
  pairs: Int32Array;
  windows: Int32Array;
}

/** Depends on the version only, so it is worked out once per size. */
const layouts = new Map<number, Layout>();

/** Where bit i of the format information goes, both copies (as qrcode's setupFormatInfo places them). */
function formatPositions(size: number, i: number): [number, number] {
  const row = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
  const col = i < 8 ? size - i - 1 : i < 9 ? 15 - i : 15 - i - 1;
  return [row * size + 8, 8 * size + col];
}

function below(limit: number, words: number): Int32Array {
  const mask = new Int32Array(words);
  for (let c = 0; c < Math.max(0, limit); c++) mask[c >> 5]! |= 1 << (c & 31);
  return mask;
}

function layoutOf(size: number, reserved: Uint8Array): Layout {
  let layout = layouts.get(size);
  if (layout) return layout;
  const w = wordsFor(size);
  const fromMask0 = MASKS.map((mask, p) => {
    const diff = new Uint8Array(size * size);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) if (!reserved[i * size + j] && mask(i, j) !== MASKS[0]!(i, j)) diff[i * size + j] = 1;
    }
    const formatDiff = FORMAT_BITS[p]! ^ FORMAT_BITS[0]!;
    for (let i = 0; i < 15; i++) for (const at of formatPositions(size, i)) diff[at] = (formatDiff >> i) & 1;
    return diff;
  });
  const packedFromMask0 = fromMask0.map((diff) => pack(diff, size, new Int32Array(2 * size * w)));
  layout = { fromMask0, packedFromMask0, pairs: below(size - 1, w), windows: below(size - 10, w) };
  layouts.set(size, layout);
  return layout;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * qrcode's penalty score (mask-pattern.js, getPenaltyN1 to N4) over packed lines (pack()), 32 modules at a time;
 * dK below is the word moved down by K modules (bit k is module k + K):
 * - N1: a run of L ≥ 5 equal modules costs L - 2; in e = "module k equals module k+1" it is a run of L - 1 ones,
 *   and f = e & e>>1 & e>>2 & e>>3 holds L - 4 ones, so the cost is popcount(f) plus 2 per run of f;
 * - N2: 3 per 2×2 block of one colour; N3: 40 per 1:1:3:1:1 finder-like pattern with 4 light modules before or
 *   after, in an 11-module window; N4: 10 per 5 % that the dark share strays from half.
 */
export function maskPenalty(p: Int32Array, size: number, layout: Pick<Layout, 'pairs' | 'windows'>): number {
  const w = wordsFor(size);
  const { pairs, windows } = layout;
  let n1 = 0;
  let n2 = 0;
  let n3 = 0;
  let dark = 0;
  for (let line = 0; line < 2 * size; line++) {
    const at = line * w;
    const isRow = line < size;
    const hasBelow = line < size - 1;
    let prevF = 0;
    for (let j = 0; j < w; j++) {
      const cur = p[at + j]!;
      const nxt = j + 1 < w ? p[at + j + 1]! : 0;
      const d1 = (cur >>> 1) | (nxt << 31);
      const d2 = (cur >>> 2) | (nxt << 30);
      const d3 = (cur >>> 3) | (nxt << 29);
      const d4 = (cur >>> 4) | (nxt << 28);
      const d5 = (cur >>> 5) | (nxt << 27);
      const d6 = (cur >>> 6) | (nxt << 26);
      const d7 = (cur >>> 7) | (nxt << 25);
      const d8 = (cur >>> 8) | (nxt << 24);
      const d9 = (cur >>> 9) | (nxt << 23);
      const d10 = (cur >>> 10) | (nxt << 22);
      if (isRow) dark += popcount(cur);
      const e = ~(cur ^ d1) & pairs[j]!;
      // Bits 0 to 2 of the next word's e, which e>>1 to e>>3 move into this word (its bit 31 is not needed).
      const eNext = j + 1 < w ? ~(nxt ^ (nxt >>> 1)) & pairs[j + 1]! : 0;
      const f = e & ((e >>> 1) | (eNext << 31)) & ((e >>> 2) | (eNext << 30)) & ((e >>> 3) | (eNext << 29));
      n1 += popcount(f) + 2 * popcount(f & ~((f << 1) | (prevF >>> 31)));
      prevF = f;
      const core = cur & ~d1 & d2 & d3 & d4 & ~d5 & d6;
      const coreAfterLight = d4 & ~d5 & d6 & d7 & d8 & ~d9 & d10;
      const lightFirst = ~(cur | d1 | d2 | d3);
      const lightAfterCore = ~(d7 | d8 | d9 | d10);
      n3 += popcount(core & lightAfterCore & windows[j]!) + popcount(lightFirst & coreAfterLight & windows[j]!);
      if (isRow && hasBelow) {
        const b = p[at + w + j]!;
        const bNext = j + 1 < w ? p[at + w + j + 1]! : 0;
        const b1 = (b >>> 1) | (bNext << 31);
        n2 += popcount(~(cur ^ b) & ~(d1 ^ b1) & e);
      }
    }
  }
  const n4 = Math.abs(Math.ceil((dark * 100) / (size * size) / 5) - 10);
  return n1 + n2 * 3 + n3 * 40 + n4 * 10;
}

/** The QR code of `uri` (error correction M, the standard's mask choice). */
export function qrMatrix(uri: string): QrMatrix {
  const { plan, data } = symbolWithMask0(qrSegments(uri));
  const { size } = plan;
  const layout = layoutOf(size, plan.reserved);
  const mask0 = pack(data, size, new Int32Array(2 * size * wordsFor(size)));
  const candidate = new Int32Array(mask0.length);
  let best = 0;
  let lowest = Infinity;
  for (let mask = 0; mask < MASKS.length; mask++) {
    const diff = layout.packedFromMask0[mask]!;
    for (let i = 0; i < candidate.length; i++) candidate[i] = mask0[i]! ^ diff[i]!;
    const penalty = maskPenalty(candidate, size, layout);
    // The first of equal scores wins, as in qrcode.
    if (penalty < lowest) {
      lowest = penalty;
      best = mask;
    }
  }
  const chosen = layout.fromMask0[best]!;
  const out = new Uint8Array(size * size);
  for (let i = 0; i < out.length; i++) out[i] = data[i]! ^ chosen[i]!;
  return { size, modules: out };
}
