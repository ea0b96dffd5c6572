// How the bench times things: whole processes (wall time and, where GNU time exists, CPU time) and in-process steps,
// each repeated and reported as a median so one stall of a shared machine does not decide a figure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';

const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs a command once: { wallMs, cpuMs (null without GNU time), stdout }. Throws when it fails. */
export function runTimed(command, args, { env = process.env, allowFail = false, input } = {}) {
  const scratch = GNU_TIME ? mkdtempSync(join(tmpdir(), 'tfa-bench-time-')) : null;
  const timeFile = scratch ? join(scratch, 'time') : null;
  const [cmd, argv] = GNU_TIME ? [GNU_TIME, ['-f', '%U %S', '-o', timeFile, command, ...args]] : [command, args];
  const start = performance.now();
  const run = spawnSync(cmd, argv, { env, encoding: 'utf8', maxBuffer: 1 << 30, input });
  const wallMs = performance.now() - start;
  let cpuMs = null;
  if (timeFile) {
    const [user, sys] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
    cpuMs = (user + sys) * 1000;
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!allowFail && run.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${run.status}): ${run.stderr.slice(0, 400)}`);
  }
  return { wallMs, cpuMs, stdout: run.stdout, status: run.status };
}

/** Runs `make()`'s command `times` times: median wall and CPU time. */
export function medianOfRuns(times, make) {
  const walls = [];
  const cpus = [];
  for (let i = 0; i < times; i += 1) {
    const [command, args, options] = make(i);
    const { wallMs, cpuMs } = runTimed(command, args, options);
    walls.push(wallMs);
    if (cpuMs !== null) cpus.push(cpuMs);
  }
  return { wallMs: median(walls), cpuMs: cpus.length ? median(cpus) : null };
}

// Garbage collections of this process, as V8 reports them, so an in-process step can say how much of it was GC.
const collections = [];
new PerformanceObserver((list) => collections.push(...list.getEntries())).observe({ entryTypes: ['gc'] });

/**
 * Awaits `step(i)` `times` times: the medians of its wall time, of this process's CPU time (user + sys, every thread:
 * steadier than wall time on a busy machine) and of the time V8 spent collecting garbage during it, in ms.
 */
export async function medianOfSteps(times, step) {
  const walls = [];
  const cpus = [];
  const gcs = [];
  for (let i = 0; i < times; i += 1) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await step(i);
    const cpu = process.cpuUsage(cpuStart);
    const end = performance.now();
    walls.push(end - start);
    cpus.push((cpu.user + cpu.system) / 1000);
    // GC entries arrive after the fact: let the observer run before counting those that began during the step.
    await new Promise((resolve) => setImmediate(resolve));
    gcs.push(collections.filter((gc) => gc.startTime >= start && gc.startTime < end).reduce((sum, gc) => sum + gc.duration, 0));
  }
  return { wallMs: median(walls), cpuMs: median(cpus), gcMs: median(gcs) };
}

export const fmt = (n, digits = 1) =>
  n === null || n === undefined ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** One line of the report: a figure, the baseline it is held against, and whether the target is met. */
export function verdict(ok) {
  return ok ? 'meets target' : 'MISSES target';
}
