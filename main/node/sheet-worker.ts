// What a slice of a batch of enrollment sheets takes to render (HTML pages, or the PDF's QR codes), for this
// thread and for the worker threads of sheet-workers.ts alike, so a page is the same text whichever thread made it.
// Loaded as a worker (workerData marks it), it answers the slices it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { renderSheetPages } from '../engine/enrollment-sheets.js';
import type { SheetAccount, SheetContext } from '../engine/enrollment-sheet-content.js';
import { pdfQrForm, type PdfQrForm } from './pdf-qr-form.js';

/** A slice of work: pages of HTML, or the PDF's QR codes of URIs. */
export type SheetJob =
  | { kind: 'html'; ctx: SheetContext; accounts: readonly SheetAccount[]; first: number; total: number }
  | { kind: 'pdf-qr'; uris: readonly string[] };

export type SheetJobResult = { kind: 'html'; html: string } | { kind: 'pdf-qr'; forms: PdfQrForm[] };

/** The marker sheet-workers.ts starts its workers with. */
export const SHEET_WORKER_MARK = 'tfa-sheet-worker';

export function runSheetJob(job: SheetJob): SheetJobResult {
  return job.kind === 'html'
    ? { kind: 'html', html: renderSheetPages(job.ctx, job.accounts, job.first, job.total) }
    : { kind: 'pdf-qr', forms: job.uris.map(pdfQrForm) };
}

/** A slice's QR codes in one buffer, so a message moves one buffer instead of one per code. */
function packed(forms: PdfQrForm[]): { forms: PdfQrForm[]; buffer: ArrayBuffer } {
  const buffer = new ArrayBuffer(forms.reduce((sum, f) => sum + f.stream.byteLength, 0));
  let at = 0;
  const moved = forms.map(({ side, stream }) => {
    const view = new Uint8Array(buffer, at, stream.byteLength);
    view.set(stream);
    at += stream.byteLength;
    return { side, stream: view };
  });
  return { forms: moved, buffer };
}

const port = parentPort;
if (port && workerData === SHEET_WORKER_MARK) {
  port.on('message', ({ id, job }: { id: number; job: SheetJob }) => {
    try {
      const result = runSheetJob(job);
      if (result.kind === 'html') port.postMessage({ id, ok: true, result });
      else {
        // The QR codes' bytes move to the main thread instead of being copied.
        const { forms, buffer } = packed(result.forms);
        port.postMessage({ id, ok: true, result: { kind: 'pdf-qr', forms } }, [buffer]);
      }
    } catch (error) {
      port.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  });
}
