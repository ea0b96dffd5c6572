// A sheet's QR code for the PDF as a ready form XObject stream: the dark runs of each row as rectangles in module
// units (the quiet zone is the page's white around it), deflated. Made here, off pdfkit, so a worker thread can make
// it: most of a page's bytes are its QR code, and compressing them was the PDF's largest single cost (issue 11).
import { deflateSync } from 'node:zlib';
import { QR_OPTIONS, qrMatrix, type QrMatrix } from '../engine/qr-matrix.js';

export interface PdfQrForm {
  /** Modules per side, quiet zone included: the form's box is side × side. */
  side: number;
  /** The form's content, FlateDecode. */
  stream: Uint8Array;
}

/** The runs of dark modules as `x y w 1 re` rectangles, filled black, offset by the quiet zone. */
export function pdfQrPath(matrix: QrMatrix): string {
  const { size, modules } = matrix;
  const margin = QR_OPTIONS.margin;
  let path = '0 g\n';
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!modules[row * size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules[row * size + col]) col++;
      path += `${start + margin} ${row + margin} ${col - start} 1 re\n`;
    }
  }
  return `${path}f\n`;
}

export function pdfQrForm(uri: string): PdfQrForm {
  const matrix = qrMatrix(uri);
  return { side: matrix.size + 2 * QR_OPTIONS.margin, stream: new Uint8Array(deflateSync(pdfQrPath(matrix))) };
}
