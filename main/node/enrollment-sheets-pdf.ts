// Enrollment sheets as a PDF, in this process, with pdfkit: one page per account, the words of
// enrollment-sheet-content.ts (shared with the HTML sheets), and the QR code drawn as vector paths from the module
// matrix the HTML sheets draw too (qr-matrix.ts, pdf-qr-form.ts), so it prints sharp at any size and no browser is
// involved. What every page shows alike is drawn once per document, as form XObjects. The CLI and the desktop app
// both get it through the engine's `sheetPdf` port, so they write the same file.
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
import type { PdfQrForm } from './pdf-qr-form.js';
import { pdfQrFormsInParallel, type ParallelOptions } from './sheet-workers.js';

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

/** Text laid out in lines (fitText), not drawn yet. */
interface Fitted {
  lines: string[];
  fontSize: number;
  height: number;
}

/** `text` within `width`, broken only at boundaries, the font shrunk if a piece is too wide: measured, not drawn. */
function fitText(doc: Doc, text: string, width: number, font: string, size: number): Fitted {
  let fontSize = size;
  doc.font(font).fontSize(fontSize);
  const whole = text.trimEnd();
  // Most values fit on one line as they are: one measurement instead of one per piece.
  if (whole.trim() !== '' && doc.widthOfString(whole) <= width) return { lines: [whole], fontSize, height: fontSize * 1.25 };
  const widest = () => Math.max(...text.split(/(?<=[\s.@])/).map((p) => doc.widthOfString(p.trim())));
  while (fontSize > 5 && widest() > width) doc.fontSize((fontSize -= 0.5));
  const lines = breakAtBoundaries(text, width, (s) => doc.widthOfString(s));
  return { lines, fontSize, height: Math.max(1, lines.length) * fontSize * 1.25 };
}

/** Draws `text` from (x, y) within `width` (fitText); answers the y below it. */
function unbrokenText(doc: Doc, text: string, x: number, y: number, width: number, font: string, size: number): number {
  return drawFitted(doc, fitText(doc, text, width, font, size), x, y, font);
}

/** Draws fitted text from (x, y); answers the y below it. */
function drawFitted(doc: Doc, fitted: Fitted, x: number, y: number, font: string): number {
  doc.font(font).fontSize(fitted.fontSize);
  const lineHeight = fitted.fontSize * 1.25;
  fitted.lines.forEach((line, i) => doc.text(line, x, y + i * lineHeight, { lineBreak: false }));
  return y + fitted.height;
}

/** Prose: pdfkit wraps it at spaces. Answers the y below it. */
function prose(doc: Doc, text: string, x: number, y: number, width: number, font: string, size: number): number {
  doc.font(font).fontSize(size);
  doc.text(text, x, y, { width, lineGap: size * 0.2 });
  return doc.y;
}

/** The page's QR code (pdf-qr-form.ts, made ahead, maybe on a worker) as a form XObject, scaled to `side` points. */
function qrCode(doc: Doc, qr: PdfQrForm, x: number, y: number, side: number): void {
  // The stream is deflated already: with its Filter set, pdfkit writes it as it is.
  const form = doc.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, qr.side, qr.side], Filter: 'FlateDecode' });
  form.end(Buffer.from(qr.stream.buffer, qr.stream.byteOffset, qr.stream.byteLength));
  const scale = side / qr.side;
  doc.page.xobjects.TfaQr = form;
  doc.save();
  doc.transform(scale, 0, 0, scale, x, y);
  doc.addContent('/TfaQr Do');
  doc.restore();
}

/**
 * Draws into a form XObject instead of the page (pdfkit writes through page.content, so it is pointed at the form
 * for the while): text laid out, measured, encoded and compressed once per document instead of once per page.
 */
function stamp(doc: Doc, draw: () => void): PDFKit.PDFKitReference {
  const page = doc.page;
  const resources: { Font: Record<string, unknown> } = { Font: {} };
  const form = doc.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, page.width, page.height], Resources: resources });
  const content = page.content;
  page.content = form;
  try {
    draw();
  } finally {
    page.content = content;
  }
  // The fonts the drawing used (pdfkit registered them on the page): the form needs them as its own resources.
  Object.assign(resources.Font, page.fonts);
  form.end(null); // nothing more to write: the form's object goes out now
  return form;
}

/** Places a stamp on this page, `dy` points down. */
function place(doc: Doc, name: string, form: PDFKit.PDFKitReference, dy = 0): void {
  doc.page.xobjects[name] = form;
  doc.save();
  if (dy) doc.translate(0, dy);
  doc.addContent(`/${name} Do`);
  doc.restore();
}

/** One fact row: its label, its value when every page shows that same value (else drawn per page), and where. */
interface FactRow {
  label: string;
  shared: Fitted | null;
  offset: number;
}

/**
 * What the pages of one document show alike, drawn once as stamps and placed by name on every page: the boxed
 * warning and the footer, the fact labels with the values every page shares (issuer, server, date), "Key" and the
 * note under it, and the steps. A stamp of a part whose place varies (a title or a domain on two lines moves
 * what follows) is kept per layout, so a page never shows a stamp drawn for another layout.
 */
class SheetStamps {
  readonly paper: (typeof PAPER_POINTS)[SheetPaper];
  readonly left = MARGIN;
  readonly width: number;
  readonly keyLeft: number;
  readonly keyWidth: number;
  /** Where the page's own text starts, below the boxed warning. */
  top = 0;
  private frame: PDFKit.PDFKitReference | null = null;
  private steps: PDFKit.PDFKitReference | null = null;
  private readonly facts = new Map<string, PDFKit.PDFKitReference>();
  private readonly keyNotes = new Map<number, PDFKit.PDFKitReference>();
  private readonly sharedFits = new Map<string, Fitted>();
  private readonly sharedValues: ReadonlySet<string>;

  constructor(
    private readonly doc: Doc,
    private readonly ctx: SheetContext,
  ) {
    this.paper = PAPER_POINTS[ctx.paper];
    this.width = this.paper.width - 2 * MARGIN;
    this.keyLeft = this.left + QR_SIDE + 20;
    this.keyWidth = this.width - QR_SIDE - 20;
    this.sharedValues = new Set([ctx.issuer, ctx.hostname, ctx.date]);
  }

  placeFrame(): void {
    const { doc, left, width, paper } = this;
    this.frame ??= stamp(doc, () => {
      // The warning first, boxed, so it is the first thing anyone picking the page up reads.
      doc.font(BOLD).fontSize(11);
      const noticeHeight = doc.heightOfString(CONFIDENTIAL_NOTICE, { width: width - 20 });
      doc.lineWidth(2).rect(left, MARGIN, width, noticeHeight + 16).stroke();
      doc.text(CONFIDENTIAL_NOTICE, left + 10, MARGIN + 8, { width: width - 20 });
      this.top = MARGIN + noticeHeight + 16 + 14;
      // The footer sits at the bottom of every page: the warning again (the page number is drawn per page).
      const footerTop = paper.height - MARGIN - 30;
      doc.lineWidth(1).moveTo(left, footerTop).lineTo(left + width, footerTop).stroke();
      doc.font(BOLD).fontSize(9).text(CONFIDENTIAL_MARK, left, footerTop + 6, { lineBreak: false });
      doc.font(FONT).fontSize(8).text(CONFIDENTIAL_NOTICE.slice(`${CONFIDENTIAL_MARK} — `.length), left, footerTop + 18, { lineBreak: false });
    });
    place(doc, 'TfaFrame', this.frame);
  }

  /** The facts from `top`: per-account values drawn here, the rest stamped. Answers the y below them. */
  placeFacts(facts: SheetPage['facts'], top: number): number {
    const { doc, left, width } = this;
    const rows: FactRow[] = [];
    let offset = 0;
    for (const [label, value] of facts) {
      const text = printable(value);
      const shared = this.sharedValues.has(value);
      let fitted = shared ? this.sharedFits.get(text) : undefined;
      if (!fitted) {
        fitted = fitText(doc, text, width - LABEL_WIDTH, FONT, 11);
        if (shared) this.sharedFits.set(text, fitted);
      }
      if (!shared) drawFitted(doc, fitted, left + LABEL_WIDTH, top + offset, FONT);
      rows.push({ label, shared: shared ? fitted : null, offset });
      offset += fitted.height + 2;
    }
    const layout = rows.map((r) => `${r.offset}${r.shared ? '+' : ''}`).join(' ');
    let form = this.facts.get(layout);
    if (!form) {
      form = stamp(doc, () => {
        for (const row of rows) {
          doc.font(BOLD).fontSize(11).text(row.label, left, row.offset, { lineBreak: false });
          if (row.shared) drawFitted(doc, row.shared, left + LABEL_WIDTH, row.offset, FONT);
        }
      });
      this.facts.set(layout, form);
    }
    place(doc, `TfaFacts${[...this.facts.keys()].indexOf(layout)}`, form, top);
    return top + offset;
  }

  /** "Key" at `top`, the key below it, then the note. */
  key(key: string, top: number): void {
    const { doc, keyLeft, keyWidth } = this;
    const fitted = fitText(doc, key, keyWidth, MONO, 16);
    drawFitted(doc, fitted, keyLeft, top + 16, MONO);
    let form = this.keyNotes.get(fitted.height);
    if (!form) {
      form = stamp(doc, () => {
        doc.font(BOLD).fontSize(11).text('Key', keyLeft, 0, { lineBreak: false });
        prose(doc, KEY_NOTE, keyLeft, 16 + fitted.height + 6, keyWidth, FONT, 9.5);
      });
      this.keyNotes.set(fitted.height, form);
    }
    place(doc, 'TfaKey', form, top);
  }

  /** "How to enroll" and its steps, from `top`. */
  placeSteps(finish: string, top: number): void {
    const { doc, left, width } = this;
    this.steps ??= stamp(doc, () => {
      let y = 0;
      doc.font(BOLD).fontSize(12).text('How to enroll', left, y, { lineBreak: false });
      y += 20;
      [ADD_ACCOUNT_STEP, SCAN_STEP, printable(finish)].forEach((step, i) => {
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
    });
    place(doc, 'TfaSteps', this.steps, top);
  }
}

function page(doc: Doc, stamps: SheetStamps, content: SheetPage, qr: PdfQrForm): void {
  const { left, width, paper } = stamps;
  doc.addPage({ size: paper.size, margin: 0 });
  doc.fillColor('#000').strokeColor('#000');
  stamps.placeFrame();
  let y = unbrokenText(doc, printable(content.title), left, stamps.top, width, BOLD, 17) + 8;
  y = stamps.placeFacts(content.facts, y) + 10;
  qrCode(doc, qr, left, y, QR_SIDE);
  stamps.key(content.key, y + 30);
  stamps.placeSteps(content.finish, y + QR_SIDE + 12);
  // Where this page is in the stack, at the right of the footer.
  const footerTop = paper.height - MARGIN - 30;
  doc.font(BOLD).fontSize(9);
  doc.text(content.page, left + width - doc.widthOfString(content.page), footerTop + 6, { lineBreak: false });
}

/**
 * The sheets of `accounts`, in the order given, one page each, as PDF bytes. The QR codes of a big batch are made
 * by a worker thread ahead of this one, which lays out the pages (pdfkit writes one document, in one thread).
 */
export async function renderEnrollmentSheetsPdf(ctx: SheetContext, accounts: readonly SheetAccount[], options: ParallelOptions = {}): Promise<Uint8Array> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    // A page's own content is now a few hundred bytes (its QR code and the stamps are compressed form XObjects):
    // deflating it page after page cost more time (zlib's set-up per stream) than the bytes it saved.
    compress: false,
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
  const stamps = new SheetStamps(doc, ctx);
  let next = 0;
  // Small slices: this thread makes the first one itself while the worker starts, then only lays out.
  for await (const forms of pdfQrFormsInParallel(pages.map((p) => p.uri), { sliceSize: 100, ...options })) {
    for (const qr of forms) page(doc, stamps, pages[next++]!, qr);
  }
  doc.end();
  return done;
}
