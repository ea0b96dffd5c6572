// The PDF sheets write a page's own lines of text themselves (pdf-text.ts) instead of through pdfkit's text(): the
// document must come out as pdfkit would have written it, to the byte, kerning pairs, WinAnsi characters beyond
// Latin-1 and sizes with decimals included, and the widths must be pdfkit's own.
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { PdfFace } from '../../main/node/pdf-text.js';

const LINES: [font: string, text: string, x: number, y: number, size: number][] = [
  ['Helvetica-Bold', 'Two-factor authentication for constructor@AVAWAY.To.example', 40, 97.3, 17],
  ['Helvetica', 'u1999.example — “Ünïcødé” Høst €5 ŒŸ™', 104, 120.25, 11],
  ['Courier-Bold', 'JBSW Y3DP EHPK 3PXP', 224, 300.5, 15.5],
  ['Helvetica-Bold', 'Page 7 of 2,000', 511.2, 777.89, 9],
  ['Helvetica', 'WAVE, Yoyo. LT. P.A. r,', 40, 60, 10.5],
];

/** Draws LINES on one page, with pdfkit's text() or with PdfFace, and answers the whole document. */
async function document(own: boolean): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, compress: false, info: { CreationDate: new Date('2026-01-02T00:00:00Z') } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const faces = new Map(['Helvetica', 'Helvetica-Bold', 'Courier-Bold'].map((name) => [name, own ? new PdfFace(doc, name) : null]));
  doc.addPage({ size: 'A4', margin: 0 });
  for (const [font, text, x, y, size] of LINES) {
    if (own) doc.addContent(faces.get(font)!.line(text, x, y, size, doc.page.height).slice(0, -1));
    else doc.font(font).fontSize(size).text(text, x, y, { lineBreak: false });
  }
  doc.end();
  return done;
}

describe('PdfFace', () => {
  it('writes a line of text as pdfkit’s text() does, to the byte', async () => {
    const [theirs, ours] = [await document(false), await document(true)];
    // Kerning shows in the operators (a number between two runs of codes): the lines above have some.
    expect(theirs.toString('latin1')).toMatch(/> -?\d+ </);
    expect(ours.toString('latin1')).toBe(theirs.toString('latin1'));
  });

  it('measures a line as pdfkit’s widthOfString does', () => {
    const doc = new PDFDocument({ autoFirstPage: false });
    for (const [font, text, , , size] of LINES) {
      const face = new PdfFace(doc, font);
      const width = face.width(text, size);
      expect(width, text).toBe(doc.font(font).fontSize(size).widthOfString(text));
      // Measured again from what was learnt the first time.
      expect(face.width(text, size)).toBe(width);
    }
  });
});
