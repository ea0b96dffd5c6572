// Runs test/engine/oracle/independent-readers.py (expat and PyYAML). Missing python3 or python3-yaml fails loudly.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./independent-readers.py', import.meta.url));

export type Tagged = string | Tagged[] | { map: [Tagged, Tagged][] } | { int: string } | { float: string } | { bool: boolean } | { timestamp: string } | { null: null } | { other: string };

export interface ReaderVerdict {
  error: string | null;
  value?: Tagged;
}

export function readIndependently(items: readonly ({ xml: string } | { yaml: string })[]): ReaderVerdict[] {
  const run = spawnSync('python3', [SCRIPT], { input: JSON.stringify(items), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error || run.status !== 0) {
    throw new Error(`The independent readers could not run (install python3 and python3-yaml; .ci/run does): ${run.error?.message ?? run.stderr}`);
  }
  return JSON.parse(run.stdout) as ReaderVerdict[];
}
