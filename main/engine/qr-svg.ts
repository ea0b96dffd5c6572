// QR codes of otpauth:// URIs as SVG, drawn straight from the module matrix (qr-matrix.ts): each run of dark modules
// in a row is one stroke a module wide, as the qrcode package draws them, written relative to the run before so
// the path stays short (a sheet's file is mostly its QR codes). Shared by the CLI's --qr=svg and the enrollment
// sheets, so both draw the same code.
import { QR_OPTIONS, qrMatrix, type QrMatrix } from './qr-matrix.js';

export { QR_OPTIONS };

/** The dark runs of `matrix` as path commands for a 1-wide stroke, in modules, offset by the quiet zone. */
export function qrPathData(matrix: QrMatrix, margin: number = QR_OPTIONS.margin): string {
  const { size, modules } = matrix;
  let d = '';
  for (let row = 0; row < size; row++) {
    const at = row * size;
    let col = 0;
    let penAt = -1;
    while (col < size) {
      if (!modules[at + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules[at + col]) col++;
      d += penAt < 0 ? `M${start + margin} ${row + margin + 0.5}h${col - start}` : `m${start - penAt} 0h${col - start}`;
      penAt = col;
    }
  }
  return d;
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
