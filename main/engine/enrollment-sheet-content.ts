// What an enrollment sheet says, once, for both of its renderings: the HTML file (enrollment-sheets.ts) and the
// PDF (main/node/enrollment-sheets-pdf.ts). Each page: the CONFIDENTIAL mark, issuer, account, domain, server, date,
// the QR code of WHM's otpauth_str, the key in groups of four, how to enroll in common authenticator apps, where
// to send the first code (the server profile's firstCodeContact) and "Page X of N".
import type { SheetPaper } from './enrollment-sheet-style.js';
import { buildOtpauthStr } from './otpauth-uri.js';

export const CONFIDENTIAL_MARK = 'CONFIDENTIAL';
export const CONFIDENTIAL_NOTICE =
  "CONFIDENTIAL — this page holds a secret: anyone with it can generate this account's codes. Destroy after enrollment.";

export const KEY_NOTE = 'Time-based (TOTP), 6 digits, every 30 seconds. The spaces are only for reading: type the key without them.';

/** How to add an account in the apps people have; the last entry stands for the rest. */
export const AUTHENTICATOR_APPS: readonly { app: string; how: string }[] = [
  { app: 'Google Authenticator', how: 'tap +, then “Scan a QR code”, or “Enter a setup key”.' },
  { app: 'Microsoft Authenticator', how: 'tap +, choose “Other account”, then scan, or “Enter code manually”.' },
  { app: 'Authy', how: 'tap +, then “Scan QR Code”, or “Enter key manually”.' },
  { app: 'FreeOTP, Aegis, 2FAS', how: 'tap +, then scan, or enter the key manually.' },
];

export const ADD_ACCOUNT_STEP = 'Open your authenticator app and add an account:';
export const SCAN_STEP = 'Scan the QR code, or enter the key manually: time-based, 6 digits.';
const ENTER_CODE_STEP = 'Enter the 6-digit code the app shows where you are asked for it, to finish enrollment.';

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
  /** Where the account holder sends the first code (the server profile's setting); null: not set. */
  firstCodeContact: string | null;
}

/** "ABCDEFGHIJKLMNOP" → "ABCD EFGH IJKL MNOP", the way the key is easiest to type. */
export function groupsOfFour(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The last step: where the first code goes when the operator said so, otherwise where the person is asked. */
export function finishStep(firstCodeContact: string | null): string {
  return firstCodeContact === null
    ? ENTER_CODE_STEP
    : `Send the 6-digit code the app shows, as soon as it shows, to: ${firstCodeContact}`;
}

export function pageLabel(page: number, pages: number): string {
  return `Page ${page} of ${pages}`;
}

export interface SheetPage {
  /** WHM's otpauth_str: what the QR code holds. */
  uri: string;
  title: string;
  /** Label, value: in this order on the page. */
  facts: readonly [label: string, value: string][];
  key: string;
  finish: string;
  page: string;
}

/** Everything one page shows, in words: the renderers only lay it out. */
export function sheetPage(ctx: SheetContext, account: SheetAccount, index: number, total: number): SheetPage {
  const who = `${account.user}@${account.domain}`;
  return {
    uri: buildOtpauthStr(ctx.issuer, account.user, account.secret),
    title: `Two-factor authentication for ${who}`,
    facts: [
      ['Issuer', ctx.issuer],
      ['Account', account.user],
      ['Domain', account.domain],
      ['Server', ctx.hostname],
      ['Date', ctx.date],
    ],
    key: groupsOfFour(account.secret),
    finish: finishStep(ctx.firstCodeContact),
    page: pageLabel(index + 1, total),
  };
}
