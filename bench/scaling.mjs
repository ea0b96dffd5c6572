// How each kind of operation grows with the number of accounts, in-process through the engine over the real state
// file and keychain: a single-account read (reveal), a single-account write (accounts add), a batch (provision
// --all, per account) and a list (accounts list). The growth from one size to the next is printed beside the growth
// in size, so a super-linear step shows.
import { performance } from 'node:perf_hooks';
import { fmt, medianOfSteps } from './measure.mjs';
import { makeHome } from './profiles.mjs';

export async function scaling({ sizes, repeats }) {
  console.log(`\n== Scaling per operation (in-process engine, real state file and keychain; medians of ${repeats})`);
  const rows = [];
  for (const n of sizes) {
    const home = await makeHome(`scale${n}`, { accounts: n });
    try {
      const start = performance.now();
      const provisioned = await home.engine.provisioning.provision([]);
      const batchMs = performance.now() - start;
      if (provisioned.metadata.result !== '1') throw new Error(`provision failed: ${provisioned.metadata.reason}`);
      const readMs = await medianOfSteps(repeats, (i) => home.engine.provisioning.reveal(`u${i}`));
      const writeMs = await medianOfSteps(repeats, (i) => home.engine.accounts.add(`added${i}`, `added${i}.example`));
      const listMs = await medianOfSteps(repeats, () => home.engine.accounts.list());
      rows.push({ n, read: readMs, write: writeMs, batchPerAccount: batchMs / n, list: listMs });
    } finally {
      await home.dispose();
    }
  }
  const ops = [
    ['single-account read (reveal)', 'read', 'ms'],
    ['single-account write (accounts add)', 'write', 'ms'],
    ['batch per account (provision --all)', 'batchPerAccount', 'ms'],
    ['list (accounts list)', 'list', 'ms'],
  ];
  console.log(`${'operation'.padEnd(38)}${rows.map((r) => `n=${fmt(r.n, 0)}`.padStart(20)).join('')}`);
  for (const [label, key] of ops) {
    const cells = rows.map((r, i) => {
      const value = `${fmt(r[key], key === 'batchPerAccount' ? 3 : 1)} ms`;
      if (i === 0) return value.padStart(20);
      const growth = r[key] / rows[i - 1][key];
      const sizeGrowth = r.n / rows[i - 1].n;
      return `${value} (${fmt(growth, 1)}×/${fmt(sizeGrowth, 0)}×)`.padStart(20);
    });
    console.log(`${label.padEnd(38)}${cells.join('')}`);
  }
  console.log('(growth: the cost\'s growth from the previous size / the growth in accounts; 1× is flat, equal numbers are linear)');
  return rows;
}
