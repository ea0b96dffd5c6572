// Printable enrollment sheets as one self-contained HTML document, one page per account (the words are
// enrollment-sheet-content.ts's, shared with the PDF). No script and no external resource, so it shows under a
// strict CSP and prints offline.
import {
  ADD_ACCOUNT_STEP,
  AUTHENTICATOR_APPS,
  CONFIDENTIAL_NOTICE,
  KEY_NOTE,
  SCAN_STEP,
  sheetPage,
  type SheetAccount,
  type SheetContext,
} from './enrollment-sheet-content.js';
import { enrollmentSheetCss } from './enrollment-sheet-style.js';
import { escapeHtml } from './html-escape.js';
import { qrSvg } from './qr-svg.js';

export { CONFIDENTIAL_NOTICE, groupsOfFour, type SheetAccount, type SheetContext } from './enrollment-sheet-content.js';

function sheetSection(ctx: SheetContext, account: SheetAccount, index: number, total: number): string {
  const e = escapeHtml;
  const page = sheetPage(ctx, account, index, total);
  const svg = qrSvg(page.uri);
  const labelled = svg.replace('<svg ', `<svg role="img" aria-label="${e(`QR code for ${account.user}@${account.domain}`)}" `);
  // A line may break after a dot (the domain's labels), never inside a word: the sheet is retyped from paper.
  const facts = page.facts.map(([label, value]) => `<dt>${e(label)}</dt><dd>${e(value).replace(/\./g, '.<wbr>')}</dd>`).join('\n');
  const apps = AUTHENTICATOR_APPS.map(({ app, how }) => `<li><b>${e(app)}</b>: ${e(how)}</li>`).join('\n');
  return `<section class="sheet" data-user="${e(account.user)}">
<p class="confidential">${e(CONFIDENTIAL_NOTICE)}</p>
<h1>${e(page.title)}</h1>
<dl class="facts">
${facts}
</dl>
<div class="enroll">
<div class="qr">${labelled.trim()}</div>
<div>
<p class="key-label">Key</p>
<p class="secret">${e(page.key)}</p>
<p class="key-note">${e(KEY_NOTE)}</p>
</div>
</div>
<h2>How to enroll</h2>
<ol>
<li>${e(ADD_ACCOUNT_STEP)}
<ul>
${apps}
</ul></li>
<li>${e(SCAN_STEP)}</li>
<li class="finish">${e(page.finish)}</li>
</ol>
<p class="footer">${e(CONFIDENTIAL_NOTICE)} <span class="page-number">${e(page.page)}</span></p>
</section>
`;
}

function head(ctx: SheetContext): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(`2FA enrollment sheets — ${ctx.hostname}`)}</title>
<style>
${enrollmentSheetCss(ctx.paper)}</style>
</head>
<body>
`;
}

/**
 * The pages of `accounts` (a slice of the whole batch: the first is page `first + 1` of `total`), one section each.
 * Slices rendered apart and joined in order make the same text as the whole batch at once.
 */
export function renderSheetPages(ctx: SheetContext, accounts: readonly SheetAccount[], first = 0, total = accounts.length): string {
  let pages = '';
  for (const [i, account] of accounts.entries()) pages += sheetSection(ctx, account, first + i, total);
  return pages;
}

/** The whole document around its pages (renderSheetPages' text, every slice in order). */
export function enrollmentSheetsDocument(ctx: SheetContext, pages: string): string {
  return `${head(ctx)}${pages}</body>\n</html>\n`;
}

/** Renders the document for `accounts`, in the order given: one page each, in this thread. */
export function renderEnrollmentSheets(ctx: SheetContext, accounts: readonly SheetAccount[]): string {
  return enrollmentSheetsDocument(ctx, renderSheetPages(ctx, accounts));
}
