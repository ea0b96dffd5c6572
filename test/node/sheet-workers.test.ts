// Sheets rendered on worker threads are the sheets one thread renders: the same HTML to the byte, the same PDF QR
// codes, the worker's pages read back by zbarimg; a worker that cannot start costs only speed; and the bundled
// CLI's worker chunk answers a slice as this process would. The workers run the built modules (out/main, out/cli:
// `npm run build`, which `npm test` runs first).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { renderEnrollmentSheets } from '../../main/engine/enrollment-sheets.js';
import type { SheetAccount, SheetContext } from '../../main/engine/enrollment-sheet-content.js';
import { buildOtpauthStr } from '../../main/engine/otpauth-uri.js';
import { SHEET_WORKER_MARK, type SheetJob } from '../../main/node/sheet-worker.js';
import { renderEnrollmentSheetsPdf } from '../../main/node/enrollment-sheets-pdf.js';
import { pdfQrForm } from '../../main/node/pdf-qr-form.js';
import { pdfQrFormsInParallel, renderEnrollmentSheetsInParallel, type ShareReport } from '../../main/node/sheet-workers.js';
import { paint, pbm } from '../engine/qr-bitmap.js';
import { pdfToolsMissing, readPdf } from './pdf-tools.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BUILT_WORKER = join(root, 'out/main/node/sheet-worker.js');
const BUNDLED_WORKER = join(root, 'out/cli/chunks/sheet-worker.mjs');
const built = existsSync(BUILT_WORKER) && existsSync(BUNDLED_WORKER);
if (!built) console.warn(`skipping the worker-thread sheet tests: ${BUILT_WORKER} or ${BUNDLED_WORKER} is missing (npm run build)`);
const haveZbar = existsSync('/usr/bin/zbarimg');
if (!haveZbar) console.warn('skipping the zbarimg check of worker-rendered pages: zbarimg is missing (apt-get install zbar-tools)');

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ctx: SheetContext = { hostname: 'whm.example.com', issuer: 'My Host Co', date: '2026-01-02', paper: 'a4', firstCodeContact: 'helpdesk@example.com' };
const accounts: SheetAccount[] = Array.from({ length: 230 }, (_, i) => ({
  user: `user${i}`,
  domain: `user${i}.example.net`,
  secret: Array.from({ length: 16 }, (_, k) => BASE32[(i * 31 + k * 7 + i * k) % 32]).join(''),
}));
const uris = accounts.map((a) => buildOtpauthStr(ctx.issuer, a.user, a.secret));
/** Small slices and no minimum, so a test-sized batch is shared with a worker. */
const SHARED = { workers: 1, minItems: 1, sliceSize: 40, workerUrl: pathToFileURL(BUILT_WORKER) };

describe.skipIf(!built)('sheets on worker threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfa-sheet-workers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('make the same HTML as one thread, to the byte, with the worker doing a share', async () => {
    const report: ShareReport = { slices: 0, byWorkers: 0 };
    const problems: string[] = [];
    const html = await renderEnrollmentSheetsInParallel(ctx, accounts, { ...SHARED, report, onWorkerProblem: (m) => problems.push(m) });
    expect(problems).toEqual([]);
    expect(report.slices).toBe(6);
    expect(report.byWorkers).toBeGreaterThan(0);
    expect(html).toBe(renderEnrollmentSheets(ctx, accounts));
  });

  it.skipIf(!haveZbar)('the pages the worker made (the last slice) scan to their own otpauth_str', async () => {
    const html = await renderEnrollmentSheetsInParallel(ctx, accounts, SHARED);
    const svgs = [...html.matchAll(/<svg [^]*?<\/svg>/g)].map(([svg]) => svg);
    expect(svgs).toHaveLength(accounts.length);
    const last = [accounts.length - 3, accounts.length - 2, accounts.length - 1];
    const files = last.map((i) => {
      const side = Number(/viewBox="0 0 (\d+) /.exec(svgs[i]!)![1]);
      const file = join(dir, `page-${i}.pbm`);
      writeFileSync(file, pbm(paint(svgs[i]!, side), side, 4));
      return file;
    });
    const decoded = execFileSync('zbarimg', ['--raw', '-q', ...files], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(decoded).toEqual(last.map((i) => uris[i]));
  });

  it('give the PDF the same QR codes, in order', async () => {
    const report: ShareReport = { slices: 0, byWorkers: 0 };
    const slices = [];
    for await (const forms of pdfQrFormsInParallel(uris, { ...SHARED, report })) slices.push(forms);
    expect(report.byWorkers).toBeGreaterThan(0);
    const all = slices.flat();
    expect(all).toHaveLength(uris.length);
    all.forEach((form, i) => {
      const here = pdfQrForm(uris[i]!);
      expect(form.side, uris[i]).toBe(here.side);
      expect(Buffer.from(form.stream).equals(Buffer.from(here.stream)), uris[i]).toBe(true);
    });
  });

  it.skipIf(pdfToolsMissing.length > 0)('the PDF laid out with the worker’s QR codes: each page scans to its own account', async () => {
    const report: ShareReport = { slices: 0, byWorkers: 0 };
    const some = accounts.slice(0, 60);
    const pdf = await renderEnrollmentSheetsPdf(ctx, some, { ...SHARED, sliceSize: 15, report });
    expect(report.byWorkers).toBeGreaterThan(0);
    const file = join(dir, 'sheets.pdf');
    writeFileSync(file, pdf);
    const read = await readPdf(file);
    expect(read.pages).toBe(60);
    expect(read.codes).toEqual(uris.slice(0, 60));
    some.forEach((a, i) => expect(read.texts[i]).toContain(`Two-factor authentication for ${a.user}@${a.domain}`));
  });

  it('without a worker (it cannot start), this thread renders everything, and says so', async () => {
    const problems: string[] = [];
    const report: ShareReport = { slices: 0, byWorkers: 0 };
    const html = await renderEnrollmentSheetsInParallel(ctx, accounts, {
      ...SHARED,
      workerUrl: pathToFileURL(join(dir, 'no-such-worker.js')),
      report,
      onWorkerProblem: (m) => problems.push(m),
    });
    expect(html).toBe(renderEnrollmentSheets(ctx, accounts));
    expect(report.byWorkers).toBe(0);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/no-such-worker|Cannot find module/);
  });

  it('a page that cannot be drawn fails the batch as it would in one thread (worker’s slice or not)', async () => {
    // Big enough that the worker fails its (last) slice long before this thread gets there.
    const broken = Array.from({ length: 10 }, (_, copy) => accounts.map((a) => ({ ...a, user: `${a.user}c${copy}` }))).flat();
    broken[broken.length - 1] = { ...broken[broken.length - 1]!, domain: 'x.example', user: 'u'.repeat(3000) };
    const alone = (() => {
      try {
        renderEnrollmentSheets(ctx, broken);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    })();
    expect(alone).toMatch(/too big/);
    const problems: string[] = [];
    await expect(renderEnrollmentSheetsInParallel(ctx, broken, { ...SHARED, sliceSize: 100, onWorkerProblem: (m) => problems.push(m) })).rejects.toThrow(alone);
    // The worker said why it gave its slice back.
    expect(problems).toEqual([alone]);
  });

  it('a small batch stays in this thread', async () => {
    const report: ShareReport = { slices: 0, byWorkers: 0 };
    const problems: string[] = [];
    const few = accounts.slice(0, 10);
    const html = await renderEnrollmentSheetsInParallel(ctx, few, { workerUrl: pathToFileURL(join(dir, 'no-such-worker.js')), report, onWorkerProblem: (m) => problems.push(m) });
    expect(html).toBe(renderEnrollmentSheets(ctx, few));
    expect({ report, problems }).toEqual({ report: { slices: 1, byWorkers: 0 }, problems: [] });
  });

  it('the bundled CLI’s worker chunk answers a slice as this process renders it', async () => {
    const job: SheetJob = { kind: 'html', ctx, accounts: accounts.slice(0, 5), first: 0, total: accounts.length };
    const worker = new Worker(BUNDLED_WORKER, { workerData: SHEET_WORKER_MARK });
    try {
      const answer = await new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ id: 1, job });
      });
      const whole = renderEnrollmentSheets(ctx, accounts.slice(0, 5));
      expect(answer).toMatchObject({ id: 1, ok: true, result: { kind: 'html' } });
      const pages = (answer as { result: { html: string } }).result.html;
      expect(pages.length).toBeGreaterThan(1000);
      // The first five of 230 pages: the same sections as a five-page document's, but for "Page N of 230".
      expect(pages.replace(/Page (\d+) of 230/g, 'Page $1 of 5')).toBe(whole.slice(whole.indexOf('<section'), whole.lastIndexOf('</body>')));
    } finally {
      await worker.terminate();
    }
  });
});
