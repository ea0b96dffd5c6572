// CLI overhead: a whole `tfa-provisioner` process against `node -e 0`, the floor any Node CLI pays.
// Targets (issue 11): ≤ 50 ms above it for twofactorauth_get_issuer on an empty state, ≤ 100 ms above it for reveal,
// verify and accounts add on a 10,000-account profile.
import { fileURLToPath } from 'node:url';
import { TOTP } from 'otpauth';
import { fmt, medianOfRuns, runTimed, verdict } from './measure.mjs';
import { BENCH_ISSUER, makeHome } from './profiles.mjs';

const CLI = fileURLToPath(new URL('../bin/tfa-provisioner.js', import.meta.url));
const node = process.execPath;

export async function cliOverhead({ runs, accounts }) {
  console.log(`\n== CLI overhead: median of ${runs} whole processes each, against \`node -e 0\` in the same run`);
  const results = [];
  const floor = medianOfRuns(runs, () => [node, ['-e', '0']]);
  const line = (name, m, target) => {
    const over = m.wallMs - floor.wallMs;
    const cpuOver = m.cpuMs === null ? null : m.cpuMs - floor.cpuMs;
    results.push({ name, wallMs: m.wallMs, overMs: over, cpuOverMs: cpuOver, targetMs: target, ok: over <= target });
    console.log(
      `${name.padEnd(46)} ${fmt(m.wallMs, 0).padStart(6)} ms wall (+${fmt(over, 0)} ms over node; target ≤ +${target})` +
        `  cpu ${fmt(m.cpuMs, 0)} ms (+${fmt(cpuOver, 0)})  ${verdict(over <= target)}`,
    );
  };
  console.log(`${'node -e 0'.padEnd(46)} ${fmt(floor.wallMs, 0).padStart(6)} ms wall  cpu ${fmt(floor.cpuMs, 0)} ms`);

  const empty = await makeHome('empty');
  try {
    line('twofactorauth_get_issuer, empty state', medianOfRuns(runs, () => [node, [CLI, 'twofactorauth_get_issuer'], { env: empty.env }]), 50);
  } finally {
    await empty.dispose();
  }

  const big = await makeHome('cli', { accounts, provisioned: runs + 1 });
  try {
    line(`reveal, ${fmt(accounts, 0)} accounts`, medianOfRuns(runs, (i) => [node, [CLI, 'reveal', `u${i}`], { env: big.env }]), 100);
    // Each verify enables another pending account with its current code, computed from what reveal shows.
    const codes = [];
    for (let i = 0; i < runs; i += 1) {
      const revealed = JSON.parse(runTimed(node, [CLI, '--output=json', 'reveal', `u${i}`], { env: big.env }).stdout);
      codes.push(new TOTP({ issuer: BENCH_ISSUER, label: `u${i}`, secret: revealed.data.secret }));
    }
    line(`verify, ${fmt(accounts, 0)} accounts`, medianOfRuns(runs, (i) => [node, [CLI, 'verify', `u${i}`, codes[i].generate()], { env: big.env }]), 100);
    line(`accounts add, ${fmt(accounts, 0)} accounts`, medianOfRuns(runs, (i) => [node, [CLI, 'accounts', 'add', `added${i}`, `added${i}.example`], { env: big.env }]), 100);
  } finally {
    await big.dispose();
  }
  return { floor, results };
}
