// A page's own lines of text in the PDF sheets (title, account, domain, key, page number) written as pdfkit's text()
// writes a line (the same operators, positions, WinAnsi codes and kerning, so the same bytes), from what pdfkit's
// standard font answers once per character and once per pair of characters. pdfkit's text() looks up every glyph
// and every kerning pair by name, through a string built per pair, each time a line is measured and again when it
// is drawn: that was most of a page's layout time (issue 11).
type Doc = PDFKit.PDFDocument;

/** What is used here of pdfkit's StandardFont (its AFM metrics): not in @types/pdfkit. */
interface StandardFont {
  id: string;
  ascender: number;
  ref(): PDFKit.PDFKitReference;
  /** Width at `size` points, kerning included. */
  widthOfString(text: string, size: number): number;
  /** The text's WinAnsi codes as hex, one entry per character. */
  encode(text: string): [string[], unknown];
}

/** pdfkit's PDFObject.number: how every number in its content streams is written. */
export const pdfNumber = (n: number): number => Math.round(n * 1e6) / 1e6;

/** Kerning is looked up by a pair of UTF-16 codes (printable text is one code a character). */
const pairOf = (left: number, right: number) => (left << 16) | right;

export class PdfFace {
  readonly id: string;
  private readonly font: StandardFont;
  /** Advance of a character alone, in thousandths of the font size. */
  private readonly advances = new Map<number, number>();
  private readonly codes = new Map<number, string>();
  private readonly kerning = new Map<number, number>();

  /** Makes `name` the document's current font, as doc.font(name) does. */
  constructor(
    private readonly doc: Doc,
    name: string,
  ) {
    doc.font(name);
    this.font = (doc as unknown as { _font: StandardFont })._font;
    this.id = this.font.id;
  }

  private advance(code: number): number {
    let advance = this.advances.get(code);
    if (advance === undefined) {
      const char = String.fromCharCode(code);
      advance = this.font.widthOfString(char, 1000);
      this.advances.set(code, advance);
      this.codes.set(code, this.font.encode(char)[0].join(''));
    }
    return advance;
  }

  private kern(left: number, right: number): number {
    const pair = pairOf(left, right);
    let kern = this.kerning.get(pair);
    if (kern === undefined) {
      kern = this.font.widthOfString(String.fromCharCode(left, right), 1000) - this.advance(left) - this.advance(right);
      this.kerning.set(pair, kern);
    }
    return kern;
  }

  /** The width of `text` at `size` points: doc.widthOfString's answer. */
  width(text: string, size: number): number {
    let units = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      units += this.advance(code);
      if (i + 1 < text.length) units += this.kern(code, text.charCodeAt(i + 1));
    }
    return units * (size / 1000);
  }

  /**
   * The content-stream lines that draw one line of `text` with its top at (x, y) on a page `pageHeight` high, as
   * doc.text(text, x, y, { lineBreak: false }) writes them; the font is put in the page's resources as pdfkit does.
   */
  line(text: string, x: number, y: number, size: number, pageHeight: number): string {
    if (text.length === 0) return '';
    const fonts = this.doc.page.fonts as Record<string, PDFKit.PDFKitReference>;
    fonts[this.id] ??= this.font.ref();
    // Runs of codes, each closed by the kerning before the next character (and the last by 0), as pdfkit's TJ.
    let segments = '';
    let run = '';
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      this.advance(code);
      run += this.codes.get(code)!;
      const kern = i + 1 < text.length ? this.kern(code, text.charCodeAt(i + 1)) : 0;
      if (kern !== 0) {
        segments += `<${run}> ${pdfNumber(-kern)} `;
        run = '';
      }
    }
    segments += `<${run}> 0`;
    const baseline = pageHeight - y - (this.font.ascender / 1000) * size;
    return (
      `q\n1 0 0 -1 0 ${pdfNumber(pageHeight)} cm\nBT\n1 0 0 1 ${pdfNumber(x)} ${pdfNumber(baseline)} Tm\n` +
      `/${this.id} ${pdfNumber(size)} Tf\n[${segments}] TJ\nET\nQ\n`
    );
  }
}
