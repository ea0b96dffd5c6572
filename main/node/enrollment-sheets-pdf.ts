// Enrollment sheets as a PDF, in this process, with pdfkit: one page per account, the words of
// enrollment-sheet-content.ts (shared with the HTML sheets), and the QR code drawn as vector paths from the module
// matrix the HTML sheets draw too (qr-matrix.ts, pdf-qr-form.ts), so it prints sharp at any size and no browser is
// involved. What every page shows alike is drawn once per document, as form XObjects. The CLI and the desktop app
// both get it through the engine's `sheetPdf` port, so they write the same file.
//
// Node-only: pdfkit reads its standard fonts' metrics (Helvetica, Courier) from its package on disk. Those fonts
// cover WinAnsi (Latin-1 and a few more); any other character is printed as “?”, so a name is never silently
// dropped: the HTML sheets show every script.
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
import { PdfFace, pdfNumber } from './pdf-text.js';
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

/** The three standard fonts the pages use, measured and drawn through pdf-text.ts. */
interface Faces {
  regular: PdfFace;
  bold: PdfFace;
  mono: PdfFace;
}

/** Text laid out in lines (fitText), not drawn yet. */
interface Fitted {
  face: PdfFace;
  lines: string[];
  fontSize: number;
  height: number;
}

/** `text` within `width`, broken only at boundaries, the font shrunk if a piece is too wide: measured, not drawn. */
function fitText(face: PdfFace, text: string, width: number, size: number): Fitted {
  let fontSize = size;
  const whole = text.trimEnd();
  // Most values fit on one line as they are: one measurement instead of one per piece.
  if (whole.trim() !== '' && face.width(whole, fontSize) <= width) return { face, lines: [whole], fontSize, height: fontSize * 1.25 };
  const widest = () => Math.max(...text.split(/(?<=[\s.@])/).map((p) => face.width(p.trim(), fontSize)));
  while (fontSize > 5 && widest() > width) fontSize -= 0.5;
  const lines = breakAtBoundaries(text, width, (s) => face.width(s, fontSize));
  return { face, lines, fontSize, height: Math.max(1, lines.length) * fontSize * 1.25 };
}

/** The content that draws fitted text from (x, y), on a page `pageHeight` high. */
function drawFitted(fitted: Fitted, x: number, y: number, pageHeight: number): string {
  const lineHeight = fitted.fontSize * 1.25;
  return fitted.lines.map((line, i) => fitted.face.line(line, x, y + i * lineHeight, fitted.fontSize, pageHeight)).join('');
}

/** Prose: pdfkit wraps it at spaces. Answers the y below it. */
function prose(doc: Doc, text: string, x: number, y: number, width: number, font: string, size: number): number {
  doc.font(font).fontSize(size);
  doc.text(text, x, y, { width, lineGap: size * 0.2 });
  return doc.y;
}

/**
 * Content operators, each on its own line as pdfkit writes them, added as bytes: pdfkit would turn a string into
 * bytes a character at a time (and add the last line break itself).
 */
const addOps = (doc: Doc, ops: string) => {
  if (ops) doc.addContent(Buffer.from(ops, 'latin1'));
};

/** The page's QR code (pdf-qr-form.ts, made ahead, maybe on a worker) as a form XObject, scaled to `side` points. */
function qrCode(doc: Doc, qr: PdfQrForm, x: number, y: number, side: number): string {
  // The stream is deflated already: with its Filter set, pdfkit writes it as it is.
  const form = doc.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, qr.side, qr.side], Filter: 'FlateDecode' });
  form.end(Buffer.from(qr.stream.buffer, qr.stream.byteOffset, qr.stream.byteLength));
  const scale = pdfNumber(side / qr.side);
  doc.page.xobjects.TfaQr = form;
  return `q\n${scale} 0 0 ${scale} ${pdfNumber(x)} ${pdfNumber(y)} cm\n/TfaQr Do\nQ\n`;
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

/** The content that places a stamp on this page, `dy` points down. */
function place(doc: Doc, name: string, form: PDFKit.PDFKitReference, dy = 0): string {
  doc.page.xobjects[name] = form;
  return dy ? `q\n1 0 0 1 0 ${pdfNumber(dy)} cm\n/${name} Do\nQ\n` : `q\n/${name} Do\nQ\n`;
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
 * what follows) is kept per layout, so a page never shows a stamp drawn for another layout. Each method answers
 * the content it adds to the page.
 */
class SheetStamps {
  readonly paper: (typeof PAPER_POINTS)[SheetPaper];
  readonly left = MARGIN;
  readonly width: number;
  readonly keyLeft: number;
  readonly keyWidth: number;
  readonly faces: Faces;
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
    // In the order pdfkit numbers them (F1, F2, F3): Helvetica is its default font, registered with the document.
    this.faces = { regular: new PdfFace(doc, FONT), bold: new PdfFace(doc, BOLD), mono: new PdfFace(doc, MONO) };
  }

  placeFrame(): string {
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
    return place(doc, 'TfaFrame', this.frame);
  }

  /** The facts from `top`: per-account values drawn here, the rest stamped. Answers the content and the y below them. */
  placeFacts(facts: SheetPage['facts'], top: number): { ops: string; bottom: number } {
    const { doc, left, width, paper } = this;
    const rows: FactRow[] = [];
    let ops = '';
    let offset = 0;
    for (const [label, value] of facts) {
      const text = printable(value);
      const shared = this.sharedValues.has(value);
      let fitted = shared ? this.sharedFits.get(text) : undefined;
      if (!fitted) {
        fitted = fitText(this.faces.regular, text, width - LABEL_WIDTH, 11);
        if (shared) this.sharedFits.set(text, fitted);
      }
      if (!shared) ops += drawFitted(fitted, left + LABEL_WIDTH, top + offset, paper.height);
      rows.push({ label, shared: shared ? fitted : null, offset });
      offset += fitted.height + 2;
    }
    const layout = rows.map((r) => `${r.offset}${r.shared ? '+' : ''}`).join(' ');
    let form = this.facts.get(layout);
    if (!form) {
      form = stamp(doc, () => {
        for (const row of rows) {
          doc.font(BOLD).fontSize(11).text(row.label, left, row.offset, { lineBreak: false });
          if (row.shared) addOps(doc, drawFitted(row.shared, left + LABEL_WIDTH, row.offset, paper.height));
        }
      });
      this.facts.set(layout, form);
    }
    ops += place(doc, `TfaFacts${[...this.facts.keys()].indexOf(layout)}`, form, top);
    return { ops, bottom: top + offset };
  }

  /** "Key" at `top`, the key below it, then the note. */
  key(key: string, top: number): string {
    const { doc, keyLeft, keyWidth } = this;
    const fitted = fitText(this.faces.mono, key, keyWidth, 16);
    const ops = drawFitted(fitted, keyLeft, top + 16, this.paper.height);
    let form = this.keyNotes.get(fitted.height);
    if (!form) {
      form = stamp(doc, () => {
        doc.font(BOLD).fontSize(11).text('Key', keyLeft, 0, { lineBreak: false });
        prose(doc, KEY_NOTE, keyLeft, 16 + fitted.height + 6, keyWidth, FONT, 9.5);
      });
      this.keyNotes.set(fitted.height, form);
    }
    return ops + place(doc, 'TfaKey', form, top);
  }

  /** "How to enroll" and its steps, from `top`. */
  placeSteps(finish: string, top: number): string {
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
    return place(doc, 'TfaSteps', this.steps, top);
  }
}

/**
 * One page. Its own content is gathered as text and written once: pdfkit writes each operator as a chunk of its
 * own, a cost per operator. The stamps are drawn (once) into their forms meanwhile, which pdfkit allows as the
 * page's content is not touched while they are.
 */
function page(doc: Doc, stamps: SheetStamps, content: SheetPage, qr: PdfQrForm): void {
  const { left, width, paper, faces } = stamps;
  doc.addPage({ size: paper.size, margin: 0 });
  doc.fillColor('#000').strokeColor('#000');
  let ops = stamps.placeFrame();
  const title = fitText(faces.bold, printable(content.title), width, 17);
  ops += drawFitted(title, left, stamps.top, paper.height);
  const facts = stamps.placeFacts(content.facts, stamps.top + title.height + 8);
  ops += facts.ops;
  const y = facts.bottom + 10;
  ops += qrCode(doc, qr, left, y, QR_SIDE);
  ops += stamps.key(content.key, y + 30);
  ops += stamps.placeSteps(content.finish, y + QR_SIDE + 12);
  // Where this page is in the stack, at the right of the footer.
  const footerTop = paper.height - MARGIN - 30;
  ops += faces.bold.line(content.page, left + width - faces.bold.width(content.page, 9), footerTop + 6, 9, paper.height);
  addOps(doc, ops);
}

/**
 * The sheets of `accounts`, in the order given, one page each, as PDF bytes. The QR codes of a big batch are shared
 * with a worker thread (sheet-workers.ts); this thread lays out every page (pdfkit writes one document, in one thread).
 */
export async function renderEnrollmentSheetsPdf(ctx: SheetContext, accounts: readonly SheetAccount[], options: ParallelOptions = {}): Promise<Uint8Array> {
  const pages = accounts.map((account, i) => sheetPage(ctx, account, i, accounts.length));
  // The QR codes start first: a big batch's worker then starts and makes them while this thread loads pdfkit
  // (its fonts and font engine, some 100 ms).
  const qrCodes = pdfQrFormsInParallel(pages.map((p) => p.uri), options);
  const firstSlice = qrCodes.next();
  firstSlice.catch(() => undefined); // awaited below, once pdfkit is loaded
  try {
    return await layOut(ctx, pages, qrCodes, firstSlice);
  } finally {
    // Ends the workers when the layout stopped short (pdfkit failed to load, a page failed).
    await qrCodes.return(undefined);
  }
}

/** The document: pdfkit, once loaded, lays out the pages as their QR codes come. */
async function layOut(
  ctx: SheetContext,
  pages: readonly SheetPage[],
  qrCodes: AsyncGenerator<PdfQrForm[]>,
  firstSlice: Promise<IteratorResult<PdfQrForm[]>>,
): Promise<Uint8Array> {
  const { default: PDFDocument } = await import('pdfkit');
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
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const stamps = new SheetStamps(doc, ctx);
  let next = 0;
  for (let slice = await firstSlice; !slice.done; slice = await qrCodes.next()) {
    for (const qr of slice.value) page(doc, stamps, pages[next++]!, qr);
  }
  doc.end();
  return done;
}
