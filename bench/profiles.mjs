// Throw-away state directories with N accounts, built in-process through the engine (out/main) over the real state
// file and the real keychain, and removed again with their keychain item.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine } from '../out/main/store/open-engine.js';

export const BENCH_ISSUER = 'whm.example.com';

export function accountsCsv(n, prefix = 'u') {
  return Array.from({ length: n }, (_, i) => `${prefix}${i},${prefix}${i}.example`).join('\n');
}

/** A fresh home with a profile of `accounts` accounts, `provisioned` of them given a pending secret. */
export async function makeHome(label, { accounts = 0, provisioned = 0 } = {}) {
  const home = mkdtempSync(join(tmpdir(), `tfa-bench-${label}-`));
  const env = { ...process.env, TFA_PROVISIONER_HOME: home };
  const opened = await openEngine({ env });
  const hostname = `bench-${label}-${process.pid}.example`;
  await opened.engine.servers.add(hostname);
  await opened.engine.whm.call('twofactorauth_set_issuer', [['issuer', BENCH_ISSUER]]);
  if (accounts > 0) {
    const imported = await opened.engine.accounts.import(accountsCsv(accounts));
    if (imported.metadata.result !== '1') throw new Error(`import failed: ${imported.metadata.reason}`);
  }
  if (provisioned > 0) {
    const users = Array.from({ length: provisioned }, (_, i) => `u${i}`);
    const answer = await opened.engine.provisioning.provision(users);
    if (answer.metadata.result !== '1') throw new Error(`provision failed: ${answer.metadata.reason}`);
  }
  return {
    home,
    env,
    hostname,
    engine: opened.engine,
    keychain: opened.keychain,
    async dispose() {
      await opened.engine.servers.remove(hostname, { force: true }).catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export function writeCsv(home, n) {
  const file = join(home, 'accounts.csv');
  writeFileSync(file, `${accountsCsv(n)}\n`);
  return file;
}
