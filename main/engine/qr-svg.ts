// QR codes of otpauth:// URIs as SVG, drawn straight from the module matrix (qr-matrix.ts): each run of dark modules
// in a row is one stroke a module wide, as the qrcode package draws them, written relative to the run before so
// the path stays short (a sheet's file is mostly its QR codes). Shared by the CLI's --qr=svg and the enrollment
// sheets, so both draw the same code.
import { ASCII_NUMBERS, QR_OPTIONS, qrMatrix, type QrMatrix } from './qr-matrix.js';

export { QR_OPTIONS };

const ascii = new TextDecoder('latin1');
/** Where qrPathData writes, reused from call to call. */
let scratch = new Uint8Array(0);

/**
 * The dark runs of `matrix` as path commands for a 1-wide stroke, in modules, offset by the quiet zone. Written as
 * bytes, then read as one string: a string built run by run cost twice as much (issue 11).
 */
export function qrPathData(matrix: QrMatrix, margin: number = QR_OPTIONS.margin): string {
  const { size, modules } = matrix;
  // A run takes at most "M" + 3 + " " + 3 + ".5h" + 3 characters, and a row holds at most (size + 1) / 2 runs.
  const most = size * ((size + 1) >> 1) * 14;
  if (scratch.length < most) scratch = new Uint8Array(most);
  const out = scratch;
  let at = 0;
  const put = (n: number) => {
    const digits = ASCII_NUMBERS[n]!;
    for (let i = 0; i < digits.length; i++) out[at++] = digits[i]!;
  };
  for (let row = 0; row < size; row++) {
    const base = row * size;
    let col = 0;
    let penAt = -1;
    while (col < size) {
      if (!modules[base + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules[base + col]) col++;
      if (penAt < 0) {
        // M<x> <y>.5h<length>
        out[at++] = 0x4d;
        put(start + margin);
        out[at++] = 0x20;
        put(row + margin);
        out[at++] = 0x2e;
        out[at++] = 0x35;
      } else {
        // m<dx> 0h<length>
        out[at++] = 0x6d;
        put(start - penAt);
        out[at++] = 0x20;
        out[at++] = 0x30;
      }
      out[at++] = 0x68;
      put(col - start);
      penAt = col;
    }
  }
  return ascii.decode(out.subarray(0, at));
}

/** The SVG of `matrix`: white quiet zone, black modules, one unit per module. */
export function matrixSvg(matrix: QrMatrix): string {
  const side = matrix.size + 2 * QR_OPTIONS.margin;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges">` +
    `<path fill="#ffffff" d="M0 0h${side}v${side}H0z"/><path stroke="#000000" d="${qrPathData(matrix)}"/></svg>\n`
  );
}

export function qrSvg(uri: string): string {
  return matrixSvg(qrMatrix(uri));
}
