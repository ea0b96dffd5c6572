// The enrollment sheets' stylesheet, kept apart from the HTML so the desktop app can serve it as a file
// (its CSP allows style-src 'self' only) while a standalone sheet file carries it in a <style> element.
// Each account is one printed page: the content is sized to fit US Letter, the shorter of the two papers.

import { SHEET_PAPERS, type SheetPaper } from '../common/engine-answers.js';

export { SHEET_PAPERS, type SheetPaper };

const PAPER = {
  a4: { size: 'A4', width: '210mm', height: '297mm' },
  letter: { size: 'letter', width: '215.9mm', height: '279.4mm' },
} as const;

export function isSheetPaper(value: string): value is SheetPaper {
  return (SHEET_PAPERS as readonly string[]).includes(value);
}

export function enrollmentSheetCss(paper: SheetPaper): string {
  const { size, width, height } = PAPER[paper];
  return `@page { size: ${size}; margin: 14mm; }
* { box-sizing: border-box; }
html { color: #000; background: #fff; font: 11pt/1.4 system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
body { margin: 0; }
.sheet { break-after: page; page-break-after: always; break-inside: avoid; page-break-inside: avoid; overflow-wrap: anywhere; }
.sheet:last-child { break-after: auto; page-break-after: auto; }
.confidential { margin: 0 0 5mm; padding: 3mm 4mm; border: 2pt solid #000; font-weight: 700; }
h1 { margin: 0 0 3mm; font-size: 17pt; line-height: 1.2; }
h2 { margin: 5mm 0 1.5mm; font-size: 12pt; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 5mm; margin: 0 0 3mm; }
.facts dt { font-weight: 700; }
.facts dd { margin: 0; overflow-wrap: normal; }
.enroll { display: flex; gap: 8mm; align-items: center; margin: 2mm 0; }
.qr { flex: none; width: 58mm; height: 58mm; }
.qr svg { display: block; width: 100%; height: 100%; }
.key-label { margin: 0 0 1mm; font-weight: 700; }
.secret { margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 16pt; word-spacing: 0.3em; }
.key-note { margin: 2mm 0 0; font-size: 9.5pt; }
ol, ul { margin: 0; padding-left: 6mm; }
li { margin: 0.5mm 0; }
.footer { margin: 6mm 0 0; padding-top: 2mm; border-top: 1pt solid #000; font-size: 9pt; }
.page-number { float: right; margin-left: 4mm; }
@media screen {
  html { background: #ddd; }
  .sheet { width: ${width}; min-height: ${height}; margin: 8mm auto; padding: 14mm; background: #fff; }
}
`;
}
