// npm run bench: every figure of issue 11 beside the baseline it is held against, measured in the same run.
// Runs the built CLI (out/cli) and engine (out/main) over real state files and the real Secret Service (inside
// test/run-with-keyring.sh). Sizes can be lowered for a quick look: BENCH_QUICK=1, or the variables below.
// BENCH_ONLY=cli,rollout,scaling (any of them, comma-separated) runs only those parts.
// The desktop UI's figures come from a separate Chromium run: npm run bench:ui.
import { cpus, loadavg } from 'node:os';
import { cliOverhead } from './cli-overhead.mjs';
import { rollout } from './rollout.mjs';
import { scaling } from './scaling.mjs';

const quick = process.env.BENCH_QUICK === '1';
const list = (name, fallback) => (process.env[name] ?? fallback).split(',').filter(Boolean).map(Number);
const PARTS = ['cli', 'rollout', 'scaling'];
const only = (process.env.BENCH_ONLY ?? PARTS.join(',')).split(',').filter(Boolean);
const unknown = only.filter((part) => !PARTS.includes(part));
if (unknown.length) throw new Error(`BENCH_ONLY: unknown part ${unknown.join(', ')} (known: ${PARTS.join(', ')})`);
const selected = (part) => only.includes(part);

const started = Date.now();
console.log(`TFA Provisioner bench — node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${new Date().toISOString()}`);
console.log('Wall times on a busy machine vary run to run; CPU times (user + sys, from GNU time) are steadier.');

const overhead = !selected('cli') ? { results: [] } : await cliOverhead({ runs: Number(process.env.BENCH_RUNS ?? (quick ? 3 : 7)), accounts: Number(process.env.BENCH_CLI_ACCOUNTS ?? 10000) });
const rolloutResults = !selected('rollout') ? [] : await rollout({
  sizes: list('BENCH_ROLLOUT_SIZES', quick ? '500' : '2000,10000'),
  pythonSizes: list('BENCH_PYTHON_SIZES', quick ? '500' : '2000'),
  runs: Number(process.env.BENCH_ROLLOUT_RUNS ?? (quick ? 1 : 3)),
});
const scalingRows = !selected('scaling') ? [] : await scaling({ sizes: list('BENCH_SCALING_SIZES', quick ? '100,1000' : '100,1000,10000,50000'), repeats: 5 });

const missed = [...overhead.results.filter((r) => !r.ok).map((r) => r.name), ...rolloutResults.filter((r) => !r.ok).map((r) => `${r.label} at N=${r.n}`)];
console.log(`\n${missed.length ? `Targets missed: ${missed.join('; ')}` : 'Every target met.'}`);
console.log(`Load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')}; bench took ${Math.round((Date.now() - started) / 1000)} s.`);
void scalingRows;
