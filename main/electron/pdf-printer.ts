// Prints a document to PDF in a hidden window of its own: sandboxed, no preload, JavaScript off, on a private
// in-memory session whose app:// handler serves only the documents being printed (from memory, see
// main/ipc/print-documents.ts) and whose requests are fenced as the main window's are (app:// and data: only).
import { BrowserWindow, session, type Session } from 'electron';
import type { SheetPaper } from '../engine/enrollment-sheet-style.js';
import { APP_SCHEME } from '../common/content-security-policy.js';
import { PRINT_CONTENT_SECURITY_POLICY, PrintDocuments } from '../ipc/print-documents.js';
import { isAllowedRendererRequest } from '../ipc/request-policy.js';

/** Not "persist:": the session lives in memory only, so nothing printed lands in a cache on disk. */
export const PRINT_PARTITION = 'tfa-provisioner-print';

export type HtmlPdfPrinter = (html: string, beside: Record<string, string>, paper: SheetPaper) => Promise<Uint8Array>;

export function createPdfPrinter(): HtmlPdfPrinter {
  const documents = new PrintDocuments();
  let printSession: Session | null = null;

  function sessionOnce(): Session {
    if (printSession) return printSession;
    const ses = session.fromPartition(PRINT_PARTITION, { cache: false });
    ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRendererRequest(details.url, { devTools: false }) }));
    ses.protocol.handle(APP_SCHEME, (request) => {
      const answer = documents.resolve(request.url);
      const headers = { 'content-security-policy': PRINT_CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' };
      return answer.status === 200
        ? new Response(answer.body, { status: 200, headers: { ...headers, 'content-type': answer.contentType } })
        : new Response(answer.reason, { status: answer.status, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
    });
    printSession = ses;
    return ses;
  }

  return async (html, beside, paper) => {
    const { token, url } = documents.add(html, beside);
    const window = new BrowserWindow({
      show: false,
      width: 900,
      height: 1200,
      webPreferences: {
        session: sessionOnce(),
        javascript: false,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
        navigateOnDragDrop: false,
        devTools: false,
      },
    });
    try {
      await window.loadURL(url);
      return await window.webContents.printToPDF({ pageSize: paper === 'letter' ? 'Letter' : 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      documents.remove(token);
      window.destroy();
    }
  };
}
