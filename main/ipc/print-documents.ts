// The documents the desktop app prints to PDF (the enrollment sheets), served from memory to a hidden print
// window on its own session as app://tfa-provisioner/print/<token>/{document.html,sheet.css}: the sheets link
// their stylesheet (their CSP allows style-src 'self' only), and nothing holding a secret is written to a
// temporary file. Electron-free: it only maps a URL to what was added, so every refusal is testable.
import { randomBytes } from 'node:crypto';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from '../common/content-security-policy.js';

export const PRINT_DOCUMENT_NAME = 'document.html';
/** What the print window may do: show the document and its stylesheet, nothing else. */
export const PRINT_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src data:; base-uri 'none'; form-action 'none'";

export type PrintResponse = { status: 200; body: string; contentType: string } | { status: 403 | 404; reason: string };

export class PrintDocuments {
  private readonly documents = new Map<string, Map<string, { body: string; contentType: string }>>();

  /** Adds a document and the files beside it (by name); answers the document's URL and its token. */
  add(html: string, beside: Record<string, string>): { token: string; url: string } {
    const token = randomBytes(16).toString('hex');
    const files = new Map([[PRINT_DOCUMENT_NAME, { body: html, contentType: 'text/html; charset=utf-8' }]]);
    for (const [name, css] of Object.entries(beside)) files.set(name, { body: css, contentType: 'text/css; charset=utf-8' });
    this.documents.set(token, files);
    return { token, url: `${APP_ORIGIN}/print/${token}/${PRINT_DOCUMENT_NAME}` };
  }

  remove(token: string): void {
    this.documents.delete(token);
  }

  get size(): number {
    return this.documents.size;
  }

  resolve(requestUrl: string): PrintResponse {
    let url: URL;
    try {
      url = new URL(requestUrl);
    } catch {
      return { status: 403, reason: 'malformed URL' };
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '' || url.search !== '') {
      return { status: 403, reason: 'not a print document' };
    }
    const match = /^\/print\/([0-9a-f]{32})\/([a-z0-9.-]+)$/.exec(url.pathname);
    if (!match) return { status: 403, reason: 'not a print document' };
    const file = this.documents.get(match[1]!)?.get(match[2]!);
    return file ? { status: 200, ...file } : { status: 404, reason: 'not found' };
  }
}
