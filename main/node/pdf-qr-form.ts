// A sheet's QR code for the PDF as a ready form XObject stream: the dark runs of each row as rectangles in module
// units (the quiet zone is the page's white around it), deflated. Made here, off pdfkit, so a worker thread can make
// it: most of a page's bytes are its QR code, and compressing them was the PDF's largest single cost (issue 11).
import { deflateSync } from 'node:zlib';
import { ASCII_NUMBERS, QR_OPTIONS, qrMatrix, type QrMatrix } from '../engine/qr-matrix.js';

export interface PdfQrForm {
  /** Modules per side, quiet zone included: the form's box is side × side. */
  side: number;
  /** The form's content, FlateDecode. */
  stream: Uint8Array;
}

const ascii = (text: string) => new TextEncoder().encode(text);
const FILL_BLACK = ascii('0 g\n');
const RUN_END = ascii(' 1 re\n');

/** Where pdfQrPath writes, reused from call to call. */
let scratch = new Uint8Array(0);

/**
 * The runs of dark modules as `x y w 1 re` rectangles, filled black, offset by the quiet zone, as ASCII bytes.
 * Written byte by byte: a string built run by run cost more than the QR code itself. The bytes are valid until the
 * next call: a buffer of their own per call, thousands of times, made the garbage collector run more often.
 */
export function pdfQrPath(matrix: QrMatrix): Uint8Array {
  const { size, modules } = matrix;
  const margin = QR_OPTIONS.margin;
  // A run takes at most 3 + 1 + 3 + 1 + 3 + 6 bytes, and a row holds at most (size + 1) / 2 runs.
  const most = 8 + size * ((size + 1) >> 1) * 17;
  if (scratch.length < most) scratch = new Uint8Array(most);
  const out = scratch;
  let at = 0;
  const put = (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i++) out[at++] = bytes[i]!;
  };
  put(FILL_BLACK);
  for (let row = 0; row < size; row++) {
    const base = row * size;
    let col = 0;
    while (col < size) {
      if (!modules[base + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules[base + col]) col++;
      put(ASCII_NUMBERS[start + margin]!);
      out[at++] = 0x20;
      put(ASCII_NUMBERS[row + margin]!);
      out[at++] = 0x20;
      put(ASCII_NUMBERS[col - start]!);
      put(RUN_END);
    }
  }
  out[at++] = 0x66; // f
  out[at++] = 0x0a;
  return out.subarray(0, at);
}

export function pdfQrForm(uri: string): PdfQrForm {
  const matrix = qrMatrix(uri);
  // Level 1: a third of the default level's time for some 20 % more bytes (a page's QR code is about 1.2 kB).
  return { side: matrix.size + 2 * QR_OPTIONS.margin, stream: deflateSync(pdfQrPath(matrix), { level: 1 }) };
}
