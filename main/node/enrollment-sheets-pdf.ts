// Enrollment sheets as a PDF, in this process, with pdfkit: one page per account, the words of
// enrollment-sheet-content.ts (shared with the HTML sheets), and the QR code drawn as vector paths from the
// module matrix the HTML sheets draw too (qr-matrix.ts), so it prints sharp at any size and no browser is involved. The CLI and
// the desktop app both get it through the engine's `sheetPdf` port, so they write the same file.
//
// Node-only: pdfkit reads its standard fonts' metrics (Helvetica, Courier) from its package on disk. Those fonts
// cover WinAnsi (Latin-1 and a few more); any other character is printed as “?”, so a name is never silently
// dropped: the HTML sheets show every script.
import PDFDocument from 'pdfkit';
import {
  ADD_ACCOUNT_STEP,
  AUTHENTICATOR_APPS,
  CONFIDENTIAL_MARK,
  CONFIDENTIAL_NOTICE,
  KEY_NOTE,
  SCAN_STEP,
  sheetPage,
  type SheetAccount,
  type SheetContext,
  type SheetPage,
} from '../engine/enrollment-sheet-content.js';
import type { SheetPaper } from '../engine/enrollment-sheet-style.js';
import { QR_OPTIONS, type QrMatrix } from '../engine/qr-matrix.js';
import { qrMatricesInParallel, type ParallelOptions } from './sheet-workers.js';

/** Page sizes in PostScript points (1/72 in). */
const PAPER_POINTS: Record<SheetPaper, { size: 'A4' | 'LETTER'; width: number; height: number }> = {
  a4: { size: 'A4', width: 595.28, height: 841.89 },
  letter: { size: 'LETTER', width: 612, height: 792 },
};
const MARGIN = 40; // about 14 mm, as the HTML sheets' @page margin
const QR_SIDE = 164; // 58 mm, quiet zone included
const LABEL_WIDTH = 64;

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MONO = 'Courier-Bold';

/** WinAnsiEncoding's characters beyond Latin-1, which the standard fonts have glyphs for. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** What the standard fonts can draw, the rest as “?” (one per code point). */
export function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch) ? ch : '?';
  }
  return out;
}

/**
 * Lines of at most `width` points, broken only after a space, a dot or an @: a domain breaks between its labels,
 * never inside one. A piece wider than a whole line stays whole on its own line (the caller shrinks the font).
 */
export function breakAtBoundaries(text: string, width: number, measure: (s: string) => number): string[] {
  const pieces = text.split(/(?<=[\s.@])/);
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    if (line !== '' && measure((line + piece).trimEnd()) > width) {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else {
      line += piece;
    }
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

type Doc = PDFKit.PDFDocument;

/** Draws `text` from (x, y) within `width`, broken only at boundaries, shrinking the font if a piece is too wide. */
function unbrokenText(doc: Doc, text: string, x: number, y: number, width: number, font: string, size: number): number {
  let fontSize = size;
  doc.font(font).fontSize(fontSize);
  const widest = () => Math.max(...text.split(/(?<=[\s.@])/).map((p) => doc.widthOfString(p.trim())));
  while (fontSize > 5 && widest() > width) doc.fontSize((fontSize -= 0.5));
  const lines = breakAtBoundaries(text, width, (s) => doc.widthOfString(s));
  const lineHeight = fontSize * 1.25;
  lines.forEach((line, i) => doc.text(line, x, y + i * lineHeight, { lineBreak: false }));
  return y + Math.max(1, lines.length) * lineHeight;
}

/** Prose: pdfkit wraps it at spaces. Answers the y below it. */
function prose(doc: Doc, text: string, x: number, y: number, width: number, font: string, size: number): number {
  doc.font(font).fontSize(size);
  doc.text(text, x, y, { width, lineGap: size * 0.2 });
  return doc.y;
}

/**
 * The QR code: its dark modules as one filled path of row runs (no seams between modules), written in module
 * units under one scaling, so each run is four small integers instead of four page coordinates.
 */
function qrCode(doc: Doc, matrix: QrMatrix, x: number, y: number, side: number): void {
  const { size, modules } = matrix;
  const m = side / (size + 2 * QR_OPTIONS.margin);
  const runs: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!modules[row * size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules[row * size + col]) col++;
      runs.push(`${start} ${row} ${col - start} 1 re`);
    }
  }
  doc.save();
  doc.transform(m, 0, 0, m, x + QR_OPTIONS.margin * m, y + QR_OPTIONS.margin * m);
  doc.addContent(runs.join('\n'));
  doc.fillColor('#000').fill('nonzero');
  doc.restore();
}

function page(doc: Doc, ctx: SheetContext, content: SheetPage, matrix: QrMatrix): void {
  const paper = PAPER_POINTS[ctx.paper];
  const left = MARGIN;
  const width = paper.width - 2 * MARGIN;
  doc.addPage({ size: paper.size, margin: 0 });
  doc.fillColor('#000').strokeColor('#000');

  // The warning first, boxed, so it is the first thing anyone picking the page up reads.
  doc.font(BOLD).fontSize(11);
  const noticeHeight = doc.heightOfString(CONFIDENTIAL_NOTICE, { width: width - 20 });
  doc.lineWidth(2).rect(left, MARGIN, width, noticeHeight + 16).stroke();
  doc.text(CONFIDENTIAL_NOTICE, left + 10, MARGIN + 8, { width: width - 20 });
  let y = MARGIN + noticeHeight + 16 + 14;

  y = unbrokenText(doc, printable(content.title), left, y, width, BOLD, 17) + 8;
  for (const [label, value] of content.facts) {
    doc.font(BOLD).fontSize(11).text(label, left, y, { lineBreak: false });
    y = unbrokenText(doc, printable(value), left + LABEL_WIDTH, y, width - LABEL_WIDTH, FONT, 11) + 2;
  }
  y += 10;

  qrCode(doc, matrix, left, y, QR_SIDE);
  const keyLeft = left + QR_SIDE + 20;
  const keyWidth = width - QR_SIDE - 20;
  let keyY = y + 30;
  doc.font(BOLD).fontSize(11).text('Key', keyLeft, keyY, { lineBreak: false });
  keyY = unbrokenText(doc, content.key, keyLeft, keyY + 16, keyWidth, MONO, 16) + 6;
  prose(doc, KEY_NOTE, keyLeft, keyY, keyWidth, FONT, 9.5);
  y += QR_SIDE + 12;

  doc.font(BOLD).fontSize(12).text('How to enroll', left, y, { lineBreak: false });
  y += 20;
  const steps = [ADD_ACCOUNT_STEP, SCAN_STEP, printable(content.finish)];
  steps.forEach((step, i) => {
    doc.font(FONT).fontSize(11).text(`${i + 1}.`, left, y, { lineBreak: false });
    y = prose(doc, step, left + 16, y, width - 16, i === 2 ? BOLD : FONT, 11) + 3;
    if (i === 0) {
      for (const { app, how } of AUTHENTICATOR_APPS) {
        doc.font(FONT).fontSize(10.5).text('•', left + 18, y, { lineBreak: false });
        doc.font(BOLD).text(`${app}: `, left + 30, y, { width: width - 30, continued: true, lineGap: 2 });
        doc.font(FONT).text(how, { lineGap: 2 });
        y = doc.y + 2;
      }
      y += 2;
    }
  });

  // The footer sits at the bottom of every page: the warning again, and where this page is in the stack.
  const footerTop = paper.height - MARGIN - 30;
  doc.lineWidth(1).moveTo(left, footerTop).lineTo(left + width, footerTop).stroke();
  const label = content.page;
  doc.font(BOLD).fontSize(9);
  const labelWidth = doc.widthOfString(label);
  doc.text(label, left + width - labelWidth, footerTop + 6, { lineBreak: false });
  doc.font(BOLD).text(CONFIDENTIAL_MARK, left, footerTop + 6, { lineBreak: false });
  doc.font(FONT).fontSize(8).text(CONFIDENTIAL_NOTICE.slice(`${CONFIDENTIAL_MARK} — `.length), left, footerTop + 18, { lineBreak: false });
}

/**
 * The sheets of `accounts`, in the order given, one page each, as PDF bytes. The QR matrices of a big batch are
 * made by worker threads while this thread lays out the pages (pdfkit writes one document, in one thread).
 */
export async function renderEnrollmentSheetsPdf(ctx: SheetContext, accounts: readonly SheetAccount[], options: ParallelOptions = {}): Promise<Uint8Array> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    lang: 'en',
    displayTitle: true,
    info: {
      Title: printable(`2FA enrollment sheets — ${ctx.hostname}`),
      Subject: 'Two-factor authentication enrollment: holds secrets',
      Creator: 'TFA Provisioner',
      Producer: 'TFA Provisioner',
      CreationDate: new Date(`${ctx.date}T00:00:00Z`),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  const pages = accounts.map((account, i) => sheetPage(ctx, account, i, accounts.length));
  let next = 0;
  for await (const matrices of qrMatricesInParallel(pages.map((p) => p.uri), options)) {
    for (const matrix of matrices) page(doc, ctx, pages[next++]!, matrix);
  }
  doc.end();
  return done;
}
