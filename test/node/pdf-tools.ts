// A PDF read back as a person (and a phone) would: poppler's pdfinfo, pdftoppm and pdftotext, and zbarimg
// reading each page's QR code. Independent of pdfkit, which wrote it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PDF_TOOLS = ['/usr/bin/pdfinfo', '/usr/bin/pdftoppm', '/usr/bin/pdftotext', '/usr/bin/zbarimg'];
export const pdfToolsMissing = PDF_TOOLS.filter((tool) => !existsSync(tool));
export const PDF_TOOLS_SKIP_REASON = `${pdfToolsMissing.join(', ')} missing: apt-get install poppler-utils zbar-tools`;

export interface PdfReading {
  pages: number;
  /** pdfinfo's page size, e.g. "595.28 x 841.89 pts (A4)" or "612 x 792 pts (letter)". */
  pageSize: string;
  /** Each page's text (pdftotext -layout), in page order. */
  texts: string[];
  /** What zbarimg decodes, page after page: one entry per QR code found. */
  codes: string[];
}

export async function readPdf(file: string): Promise<PdfReading> {
  const info = (await run('pdfinfo', [file])).stdout;
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? NaN);
  const pageSize = /^Page size:\s+(.+)$/m.exec(info)?.[1]?.trim() ?? '';
  // pdftotext ends every page with a form feed.
  const texts = (await run('pdftotext', ['-layout', file, '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout.split('\f').slice(0, pages);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tfa-pdf-pages-'));
  try {
    // 96 dpi, black and white: the QR modules come out about 5 pixels wide, plenty for zbarimg, and a 50-page
    // file renders in a fraction of a second (anti-aliased grey PNGs take fifty times longer).
    await run('pdftoppm', ['-r', '96', '-mono', file, path.join(dir, 'page')]);
    const images = (await readdir(dir)).filter((f) => f.endsWith('.pbm')).sort();
    // One zbarimg for every page: it prints the codes in the order of the images, one line each (otpauth URIs
    // hold no line break), so a page whose code does not scan shifts or shortens the list and fails the test.
    const paths = images.map((image) => path.join(dir, image));
    const decoded = await run('zbarimg', ['--raw', '-q', ...paths], { maxBuffer: 16 * 1024 * 1024 }).then(
      (r) => r.stdout,
      (error: { stdout?: string }) => error.stdout ?? '',
    );
    const codes = decoded.split('\n').filter((line) => line !== '');
    return { pages, pageSize, texts, codes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
