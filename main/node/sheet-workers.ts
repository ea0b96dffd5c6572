// The enrollment sheets of a big batch on every core (issue 11): the batch is cut into slices; this thread works
// from the front and worker threads (sheet-worker.ts) from the back, until they meet, so neither waits for the
// other while there is work, and the results come back in order. For the PDF the workers make QR codes while this
// thread makes both its own and lays out every page (pdfkit writes one document in one thread). A small batch
// stays in this thread (MIN_HTML_ITEMS, MIN_PDF_ITEMS): starting a worker costs more than it saves. A worker that
// cannot start or fails hands its slice back and this thread does it: a missing worker costs speed, never a sheet.
//
// The engine stays pure: it reaches this module only through its sheetHtml port (open-engine.ts), and the PDF
// renderer asks it for the pages' QR codes.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { enrollmentSheetsDocument } from '../engine/enrollment-sheets.js';
import type { SheetAccount, SheetContext } from '../engine/enrollment-sheet-content.js';
import type { PdfQrForm } from './pdf-qr-form.js';
import type { SheetJob, SheetJobResult } from './sheet-worker.js';

type Answer = { id: number; ok: true; result: SheetJobResult } | { id: number; ok: false; message: string };

/** The bundled CLI's worker file, beside the chunk holding this module (set by vite.cli.config.ts). */
declare const __TFA_SHEET_WORKER__: string | undefined;
const WORKER_URL = typeof __TFA_SHEET_WORKER__ === 'string' ? new URL(__TFA_SHEET_WORKER__, import.meta.url) : new URL('./sheet-worker.js', import.meta.url);

export interface ParallelOptions {
  /** Worker threads besides this one; by default one fewer than the cores, at most three. */
  workers?: number;
  /** Fewer items than this are rendered in this thread only. */
  minItems?: number;
  /** Items per slice. */
  sliceSize?: number;
  /** The worker's module (tests point at the built one). */
  workerUrl?: URL;
  /** Told when a worker could not do its part (this thread did it instead); by default a process warning. */
  onWorkerProblem?: (message: string) => void;
  /** Filled in as the batch goes: how many slices there were and how many the workers made. */
  report?: ShareReport;
}

export interface ShareReport {
  slices: number;
  byWorkers: number;
}

/** About 20 ms of HTML pages: small enough to balance the threads, big enough that the messages cost little. */
const SLICE = 250;
/**
 * Fewer items than this stay in this thread. A worker costs some 40 ms to start and 150 ms of CPU more to warm up
 * (its own copy of the QR encoder, compiled afresh) than the same items here. Measured on 2 cores at load 4: the
 * HTML pages of 5,000 accounts took the same wall time with a worker as without, those of 10,000 a fifth less.
 * The PDF's QR codes likewise: a page's layout here costs about 0.05 ms and its QR code 0.1 ms; at load 2.8, the
 * PDF of 2,000 pages took 0.71 s of wall time without a worker and 0.81 s with one, that of 10,000 2.29 s without
 * and 2.00 s with one (medians; the worker starting while this thread loads pdfkit).
 */
const MIN_HTML_ITEMS = 5000;
const MIN_PDF_ITEMS = 5000;

function warnOnce(): (message: string) => void {
  let warned = false;
  return (message) => {
    if (warned) return;
    warned = true;
    process.emitWarning(`Enrollment sheets: a worker thread failed (${message}); this thread rendered its part instead.`);
  };
}

/** Slices of `count` items, the job of each made by `jobOf(start, end)`, run here or on a worker; results in order. */
class SliceScheduler {
  private readonly results: Promise<SheetJobResult>[] = [];
  private front = 0;
  private back: number;
  private readonly slices: number;
  private readonly workers: Worker[] = [];
  private closed = false;
  private readonly size: number;
  private readonly report: ShareReport;

  constructor(
    private readonly count: number,
    private readonly jobOf: (start: number, end: number) => SheetJob,
    private readonly run: (job: SheetJob) => SheetJobResult,
    private readonly mark: string,
    minItems: number,
    options: ParallelOptions,
  ) {
    this.size = options.sliceSize ?? SLICE;
    this.slices = Math.ceil(count / this.size);
    this.back = this.slices;
    this.report = options.report ?? { slices: 0, byWorkers: 0 };
    this.report.slices = this.slices;
    this.report.byWorkers = 0;
    const wanted = options.workers ?? Math.min(3, availableParallelism() - 1);
    const workers = count < (options.minItems ?? minItems) ? 0 : Math.max(0, Math.min(wanted, this.slices - 1));
    const problem = options.onWorkerProblem ?? warnOnce();
    for (let i = 0; i < workers; i++) this.startWorker(options.workerUrl ?? WORKER_URL, problem);
  }

  private job(slice: number): SheetJob {
    return this.jobOf(slice * this.size, Math.min(this.count, (slice + 1) * this.size));
  }

  /** The next slice for a worker, if any is left. */
  private claim(): number | undefined {
    if (this.back <= this.front) return undefined;
    return --this.back;
  }

  private startWorker(url: URL, problem: (message: string) => void): void {
    const worker = new Worker(url, { workerData: this.mark });
    this.workers.push(worker);
    type Pending = { slice: number; resolve: (r: SheetJobResult) => void; reject: (e: unknown) => void };
    const inFlight = new Map<number, Pending>();
    // One slice until the worker has answered (it is still starting, and this thread may get there first), then
    // a few in hand, so it never waits for this thread (busy with its own slice) to hand it the next.
    let answered = false;
    const depth = () => (!answered ? 1 : 2);
    let id = 0;
    let retired = false;
    const retire = (message: string) => {
      if (retired) return;
      retired = true;
      problem(message);
      void worker.terminate();
      // Back to this thread, at once (a render error then shows as it would in one thread).
      for (const { slice, resolve, reject } of inFlight.values()) {
        try {
          resolve(this.run(this.job(slice)));
        } catch (error) {
          reject(error);
        }
      }
      inFlight.clear();
    };
    const topUp = () => {
      while (inFlight.size < depth()) {
        const slice = this.claim();
        if (slice === undefined) break;
        const jobId = ++id;
        const result = new Promise<SheetJobResult>((resolve, reject) => inFlight.set(jobId, { slice, resolve, reject }));
        // A slice that fails before this thread reaches it fails there, when awaited: not as an unhandled rejection.
        result.catch(() => undefined);
        this.results[slice] = result;
        worker.postMessage({ id: jobId, job: this.job(slice) });
      }
      if (inFlight.size === 0) void worker.terminate();
    };
    worker.on('message', (answer: Answer) => {
      const pending = inFlight.get(answer.id);
      if (!pending || retired) return;
      if (!answer.ok) return retire(answer.message);
      inFlight.delete(answer.id);
      answered = true;
      pending.resolve(answer.result);
      this.report.byWorkers++;
      topUp();
    });
    worker.on('error', (error) => retire(error.message));
    worker.on('exit', (code) => {
      if (inFlight.size > 0 && !this.closed) retire(`it stopped with code ${code}`);
    });
    topUp();
  }

  /** Slice after slice, in order: made here unless a worker has it (then awaited). */
  async *inOrder(): AsyncGenerator<SheetJobResult> {
    try {
      for (let slice = 0; slice < this.slices; slice++) {
        const fromWorker = this.results[slice];
        if (fromWorker) yield await fromWorker;
        else {
          this.front = Math.max(this.front, slice + 1);
          yield this.run(this.job(slice));
        }
        // Let the workers' answers in, so each gets its next slice at once.
        if (this.workers.length) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.closed = true;
      for (const worker of this.workers) void worker.terminate();
    }
  }
}

/** The HTML enrollment sheets: the same text as enrollment-sheets.ts makes in one thread, made on every core. */
export async function renderEnrollmentSheetsInParallel(ctx: SheetContext, accounts: readonly SheetAccount[], options: ParallelOptions = {}): Promise<string> {
  const { runSheetJob, SHEET_WORKER_MARK } = await import('./sheet-worker.js');
  const total = accounts.length;
  const jobOf = (start: number, end: number): SheetJob => ({ kind: 'html', ctx, accounts: accounts.slice(start, end), first: start, total });
  let pages = '';
  for await (const result of new SliceScheduler(total, jobOf, runSheetJob, SHEET_WORKER_MARK, MIN_HTML_ITEMS, options).inOrder()) if (result.kind === 'html') pages += result.html;
  return enrollmentSheetsDocument(ctx, pages);
}

/** The PDF's QR codes of `uris` (pdf-qr-form.ts), slice after slice in order, the last slices made by workers. */
export async function* pdfQrFormsInParallel(uris: readonly string[], options: ParallelOptions = {}): AsyncGenerator<PdfQrForm[]> {
  const { runSheetJob, SHEET_WORKER_MARK } = await import('./sheet-worker.js');
  const jobOf = (start: number, end: number): SheetJob => ({ kind: 'pdf-qr', uris: uris.slice(start, end) });
  for await (const result of new SliceScheduler(uris.length, jobOf, runSheetJob, SHEET_WORKER_MARK, MIN_PDF_ITEMS, options).inOrder()) {
    if (result.kind === 'pdf-qr') yield result.forms;
  }
}
