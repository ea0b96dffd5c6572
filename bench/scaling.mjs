// How each kind of operation grows with the number of accounts, in-process through the engine over the real state
// file and keychain: a single-account read (reveal), a single-account write (accounts add), a batch (provision
// --all, per account) and a list (accounts list). The growth from one size to the next is printed beside the growth
// in size, so a super-linear step shows; each figure is given as CPU time, wall time and the part of it V8 spent
// collecting garbage, so a step can be told apart from a loaded machine or a heap outgrowing V8's young generation.
import { fmt, medianOfSteps } from './measure.mjs';
import { makeHome } from './profiles.mjs';

export async function scaling({ sizes, repeats }) {
  console.log(`\n== Scaling per operation (in-process engine, real state file and keychain; medians of ${repeats})`);
  const rows = [];
  for (const n of sizes) {
    const home = await makeHome(`scale${n}`, { accounts: n });
    try {
      const batch = await medianOfSteps(1, async () => {
        const provisioned = await home.engine.provisioning.provision([]);
        if (provisioned.metadata.result !== '1') throw new Error(`provision failed: ${provisioned.metadata.reason}`);
      });
      const read = await medianOfSteps(repeats, (i) => home.engine.provisioning.reveal(`u${i}`));
      const write = await medianOfSteps(repeats, (i) => home.engine.accounts.add(`added${i}`, `added${i}.example`));
      const list = await medianOfSteps(repeats, () => home.engine.accounts.list());
      const perAccount = Object.fromEntries(Object.entries(batch).map(([key, ms]) => [key, ms / n]));
      rows.push({ n, read, write, batchPerAccount: perAccount, list });
    } finally {
      await home.dispose();
    }
  }
  const ops = [
    ['single-account read (reveal)', 'read'],
    ['single-account write (accounts add)', 'write'],
    ['batch per account (provision --all)', 'batchPerAccount'],
    ['list (accounts list)', 'list'],
  ];
  for (const [measure, title] of [['cpuMs', 'CPU time'], ['wallMs', 'wall time'], ['gcMs', 'of which garbage collection']]) {
    console.log(`\n${title}:`);
    console.log(`${'operation'.padEnd(38)}${rows.map((r) => `n=${fmt(r.n, 0)}`.padStart(20)).join('')}`);
    for (const [label, key] of ops) {
      const cells = rows.map((r, i) => {
        const value = `${fmt(r[key][measure], key === 'batchPerAccount' ? 3 : 1)} ms`;
        if (i === 0 || measure === 'gcMs') return value.padStart(20);
        const growth = r[key][measure] / rows[i - 1][key][measure];
        const sizeGrowth = r.n / rows[i - 1].n;
        return `${value} (${fmt(growth, 1)}×/${fmt(sizeGrowth, 0)}×)`.padStart(20);
      });
      console.log(`${label.padEnd(38)}${cells.join('')}`);
    }
  }
  console.log('(growth: the cost\'s growth from the previous size / the growth in accounts; 1× is flat, equal numbers are linear)');
  return rows;
}
