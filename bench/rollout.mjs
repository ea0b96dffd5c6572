// The whole rollout as an operator runs it, one CLI process per step (accounts import N, provision --all, then
// sheets --all: as HTML, as a PDF instead, and as both one after the other), against one Node process doing
// otpauth + qrcode + HTML for the same N
// (plain-pipeline.mjs), and against the same pipeline in Python (python-pipeline.py) when Debian's python3-pyotp and
// python3-qrcode are installed. Targets (issue 11): rollout ≤ 0.5× the plain pipeline; ≥ 20× faster than Python.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, runTimed, verdict } from './measure.mjs';
import { makeHome, writeCsv } from './profiles.mjs';

const CLI = fileURLToPath(new URL('../bin/tfa-provisioner.js', import.meta.url));
const PLAIN = fileURLToPath(new URL('./plain-pipeline.mjs', import.meta.url));
const PYTHON_PIPELINE = fileURLToPath(new URL('./python-pipeline.py', import.meta.url));
const node = process.execPath;

/** Debian's packages live under /usr/bin/python3 even where another python3 comes first on PATH. */
function findPython() {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import pyotp, qrcode, qrcode.image.svg'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return null;
}

const add = (a, b) => ({ wallMs: a.wallMs + b.wallMs, cpuMs: a.cpuMs === null || b.cpuMs === null ? null : a.cpuMs + b.cpuMs });

/** The sheets a rollout prints: HTML, a PDF, or both (HTML then PDF). */
const SHEETS = { html: ['html'], pdf: ['pdf'], both: ['html', 'pdf'] };

async function cliRollout(n, sheets) {
  const home = await makeHome(`rollout${n}`);
  try {
    const csv = writeCsv(home.home, n);
    const steps = [
      ['accounts import', ['accounts', 'import', csv]],
      ['provision --all', ['provision', '--all']],
      ...SHEETS[sheets].map((kind) => [`sheets --all (${kind.toUpperCase()})`, ['sheets', '--all', '--with-secrets', `--out=${join(home.home, `sheets.${kind}`)}`]]),
    ];
    let total = { wallMs: 0, cpuMs: 0 };
    const parts = [];
    for (const [name, args] of steps) {
      const m = runTimed(node, [CLI, ...args], { env: home.env });
      parts.push([name, m]);
      total = add(total, m);
    }
    return { total, parts };
  } finally {
    await home.dispose();
  }
}

async function plainPipeline(n) {
  const plainHome = await makeHome(`plain${n}`);
  try {
    return runTimed(node, [PLAIN, String(n), join(plainHome.home, 'plain.html')]);
  } finally {
    await plainHome.dispose();
  }
}

/** The run whose total wall time is the median: its steps are printed as they were, not medians of each. */
const medianRun = (runs, wallOf) => [...runs].sort((a, b) => wallOf(a) - wallOf(b))[(runs.length - 1) >> 1];

export async function rollout({ sizes, pythonSizes, runs = 1 }) {
  console.log('\n== Whole rollout (separate CLI processes) against one plain Node process (otpauth + qrcode + HTML), same N, same run');
  if (runs > 1) console.log(`   each figure: the median of ${runs} runs, the baseline and the rollouts taking turns, so a busy spell touches them alike`);
  const python = findPython();
  const results = [];
  for (const n of sizes) {
    const plains = [];
    const htmls = [];
    const pdfs = [];
    const boths = [];
    for (let i = 0; i < runs; i += 1) {
      plains.push(await plainPipeline(n));
      htmls.push(await cliRollout(n, 'html'));
      pdfs.push(await cliRollout(n, 'pdf'));
      boths.push(await cliRollout(n, 'both'));
    }
    const plain = medianRun(plains, (m) => m.wallMs);
    const htmlOnly = medianRun(htmls, (r) => r.total.wallMs);
    const pdfOnly = medianRun(pdfs, (r) => r.total.wallMs);
    const both = medianRun(boths, (r) => r.total.wallMs);
    console.log(`N = ${fmt(n, 0)}`);
    console.log(`  ${'plain pipeline (baseline)'.padEnd(44)} ${fmt(plain.wallMs / 1000, 2).padStart(7)} s wall  cpu ${fmt(plain.cpuMs / 1000, 2)} s`);
    const steps = [...both.parts, ...pdfOnly.parts.filter(([name]) => name.includes('PDF')).map(([name, m]) => [`${name}, in the PDF-only rollout`, m])];
    for (const [name, m] of steps) console.log(`  ${`  ${name}`.padEnd(44)} ${fmt(m.wallMs / 1000, 2).padStart(7)} s wall  cpu ${fmt(m.cpuMs === null ? null : m.cpuMs / 1000, 2)} s`);
    for (const [label, run] of [
      ['rollout: import + provision + HTML sheets', htmlOnly],
      ['rollout: import + provision + PDF sheets', pdfOnly],
      ['rollout: import + provision + HTML + PDF', both],
    ]) {
      const ratio = run.total.wallMs / plain.wallMs;
      const cpuRatio = run.total.cpuMs && plain.cpuMs ? run.total.cpuMs / plain.cpuMs : null;
      results.push({ n, label, ratio, cpuRatio, ok: ratio <= 0.5 });
      console.log(
        `  ${label.padEnd(44)} ${fmt(run.total.wallMs / 1000, 2).padStart(7)} s wall = ${fmt(ratio, 2)}× plain (target ≤ 0.5×; cpu ${fmt(cpuRatio, 2)}×)  ${verdict(ratio <= 0.5)}`,
      );
    }
    if (pythonSizes.includes(n)) {
      if (!python) {
        console.log('  Python pipeline: skipped, python3 with pyotp and qrcode is not installed (Debian: apt-get install python3-pyotp python3-qrcode)');
      } else {
        const pyHome = await makeHome(`python${n}`);
        try {
          const py = runTimed(python, [PYTHON_PIPELINE, String(n), join(pyHome.home, 'python.html')]);
          const speedup = py.wallMs / htmlOnly.total.wallMs;
          const cpuSpeedup = py.cpuMs && htmlOnly.total.cpuMs ? py.cpuMs / htmlOnly.total.cpuMs : null;
          results.push({ n, label: 'python', ratio: speedup, cpuRatio: cpuSpeedup, ok: speedup >= 20 });
          console.log(`  ${'Python pipeline (pyotp + qrcode + HTML)'.padEnd(44)} ${fmt(py.wallMs / 1000, 2).padStart(7)} s wall  cpu ${fmt(py.cpuMs / 1000, 2)} s`);
          console.log(
            `  ${'rollout (HTML) vs Python'.padEnd(44)} ${fmt(speedup, 1).padStart(7)}× faster (target ≥ 20×; cpu ${fmt(cpuSpeedup, 1)}×)  ${verdict(speedup >= 20)}`,
          );
        } finally {
          await pyHome.dispose();
        }
      }
    }
  }
  return results;
}
