// Printable enrollment sheets: one self-contained HTML document, one page per account, each with the QR code,
// the key in groups of four, how to enroll in common authenticator apps, and a plain warning that the page
// holds a secret. No script and no external resource, so it shows under a strict CSP and prints offline.
import { enrollmentSheetCss, type SheetPaper } from './enrollment-sheet-style.js';
import { escapeHtml } from './html-escape.js';
import { buildOtpauthStr } from './otpauth-uri.js';
import { qrSvg } from './qr-svg.js';

export const CONFIDENTIAL_NOTICE =
  "CONFIDENTIAL — this page holds a secret: anyone with it can generate this account's codes. Destroy after enrollment.";

export interface SheetAccount {
  user: string;
  domain: string;
  secret: string;
}

export interface SheetContext {
  hostname: string;
  issuer: string;
  /** The date printed on each sheet (YYYY-MM-DD, from the engine's clock). */
  date: string;
  paper: SheetPaper;
  /**
   * Where the desktop app serves enrollmentSheetCss(paper) from: the document then links it instead of
   * carrying it in a <style> element, which its CSP (style-src 'self') would block.
   */
  stylesheetHref?: string;
}

/** "ABCDEFGHIJKLMNOP" → "ABCD EFGH IJKL MNOP", the way the key is easiest to type. */
export function groupsOfFour(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

function sheetPage(ctx: SheetContext, account: SheetAccount, svg: string): string {
  const e = escapeHtml;
  const who = `${account.user}@${account.domain}`;
  const labelled = svg.replace('<svg ', `<svg role="img" aria-label="${e(`QR code for ${who}`)}" `);
  return `<section class="sheet" data-user="${e(account.user)}">
<p class="confidential">${e(CONFIDENTIAL_NOTICE)}</p>
<h1>Two-factor authentication for ${e(who)}</h1>
<dl class="facts">
<dt>Issuer</dt><dd>${e(ctx.issuer)}</dd>
<dt>Account</dt><dd>${e(who)}</dd>
<dt>Server</dt><dd>${e(ctx.hostname)}</dd>
<dt>Date</dt><dd>${e(ctx.date)}</dd>
</dl>
<div class="enroll">
<div class="qr">${labelled.trim()}</div>
<div>
<p class="key-label">Key</p>
<p class="secret">${e(groupsOfFour(account.secret))}</p>
<p class="key-note">Time-based (TOTP), 6 digits, every 30 seconds. The spaces are only for reading: type the key without them.</p>
</div>
</div>
<h2>How to enroll</h2>
<ol>
<li>Open your authenticator app and add an account:
<ul>
<li><b>Google Authenticator</b>: tap +, then “Scan a QR code”, or “Enter a setup key”.</li>
<li><b>Microsoft Authenticator</b>: tap +, choose “Other account”, then scan, or “Enter code manually”.</li>
<li><b>Authy</b>: tap +, then “Scan QR Code”, or “Enter key manually”.</li>
<li><b>FreeOTP, Aegis, 2FAS</b>: tap +, then scan, or enter the key manually.</li>
</ul></li>
<li>Scan the QR code, or enter the key manually: time-based, 6 digits.</li>
<li>Enter the 6-digit code the app shows where you are asked for it, to finish enrollment.</li>
</ol>
<p class="footer">${e(CONFIDENTIAL_NOTICE)}</p>
</section>
`;
}

function head(ctx: SheetContext): string {
  const style = ctx.stylesheetHref
    ? `<link rel="stylesheet" href="${escapeHtml(ctx.stylesheetHref)}">`
    : `<style>\n${enrollmentSheetCss(ctx.paper)}</style>`;
  // Even opened from disk, the file may run nothing and fetch nothing.
  const csp = ctx.stylesheetHref
    ? "default-src 'none'; style-src 'self'; img-src 'self' data:"
    : "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(`2FA enrollment sheets — ${ctx.hostname}`)}</title>
${style}
</head>
<body>
`;
}

/** Renders the document for `accounts`, in the order given: one page each. */
export async function renderEnrollmentSheets(ctx: SheetContext, accounts: readonly SheetAccount[]): Promise<string> {
  const pages: string[] = [];
  for (const account of accounts) {
    const svg = await qrSvg(buildOtpauthStr(ctx.issuer, account.user, account.secret));
    pages.push(sheetPage(ctx, account, svg));
  }
  return `${head(ctx)}${pages.join('')}</body>\n</html>\n`;
}
