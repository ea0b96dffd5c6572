// npm run bench: provisioning and QR rendering costs, each printed beside a baseline measured in the same run.
// Runs the built engine (out/main) over a real state file and the real Secret Service (inside test/run-with-keyring.sh).
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { openEngine } from '../out/main/store/open-engine.js';
import { createKeytarStore } from '../out/main/store/keychain.js';

const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const NAIVE_ITEMS = Number(process.env.BENCH_NAIVE_ITEMS ?? 100);
const QR_COUNT = Number(process.env.BENCH_QR_COUNT ?? 1000);
const SHEETS_COUNT = Number(process.env.BENCH_SHEETS_COUNT ?? 10000);
const PLAIN_ISSUER = 'whm.example.com';

const fmt = (n, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rows = [];

function row(name, n, ms, extra = {}) {
  const perAccountUs = (ms * 1000) / n;
  rows.push({ name, n, ms, perAccountUs, ...extra });
  const extras = Object.entries(extra).map(([k, v]) => `${k}=${v}`).join('  ');
  console.log(`${name.padEnd(44)} n=${String(n).padStart(6)}  total ${fmt(ms).padStart(10)} ms  per account ${fmt(perAccountUs).padStart(9)} µs  ${extras}`);
  return perAccountUs;
}

async function provisionRun(n) {
  const home = mkdtempSync(join(tmpdir(), 'tfa-bench-'));
  try {
    const { engine, keychain } = await openEngine({ env: { ...process.env, TFA_PROVISIONER_HOME: home } });
    const hostname = `bench-${n}-${process.pid}.example`;
    await engine.servers.add(hostname);
    const csv = join(home, 'accounts.csv');
    writeFileSync(csv, Array.from({ length: n }, (_, i) => `u${i},u${i}.example`).join('\n'));
    await engine.accounts.import(Array.from({ length: n }, (_, i) => `u${i},u${i}.example`).join('\n'));
    const before = keychain.calls;
    const start = performance.now();
    const answer = await engine.provisioning.provision([]);
    const ms = performance.now() - start;
    if (answer.metadata.result !== 1 || answer.data.provisioned.length !== n) throw new Error(`provisioning failed: ${answer.metadata.reason}`);
    const calls = keychain.calls - before;
    const stateKiB = Math.round(statSync(join(home, 'state.json')).size / 1024);
    await engine.servers.remove(hostname, { force: true });
    return { ms, calls, stateKiB };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** The design the vault replaces: one keychain item per account secret. Measured on a small N only (it grows quadratically). */
async function naiveKeychainRun(n) {
  const keytar = createKeytarStore();
  const service = `tfa-provisioner-bench-naive-${process.pid}`;
  const start = performance.now();
  for (let i = 0; i < n; i += 1) await keytar.setPassword(service, `u${i}`, new Secret({ size: 10 }).base32);
  const ms = performance.now() - start;
  for (let i = 0; i < n; i += 1) await keytar.deletePassword(service, `u${i}`);
  return ms;
}

console.log(`TFA Provisioner bench (node ${process.version}, ${new Date().toISOString()})\n`);
console.log('Provisioning: generate + seal (AES-256-GCM, one vault key per profile in the keychain) + atomic locked state write');
const naiveMs = await naiveKeychainRun(NAIVE_ITEMS);
const naivePer = row('baseline: one keychain item per secret', NAIVE_ITEMS, naiveMs, { keychain_calls: NAIVE_ITEMS });
for (const n of SIZES) {
  const { ms, calls, stateKiB } = await provisionRun(n);
  const per = row('engine provision (vault)', n, ms, { keychain_calls: calls, state_kib: stateKiB });
  console.log(`${''.padEnd(44)} → ${fmt(naivePer / per, 1)}× cheaper per account than the baseline at n=${NAIVE_ITEMS} (which only grows with n)`);
}

console.log('\nQR rendering of otpauth_str (error correction M, quiet zone 4)');
const uris = Array.from({ length: QR_COUNT }, (_, i) => `otpauth://totp/whm.example.com:u${i}?secret=${new Secret({ size: 10 }).base32}&issuer=whm.example.com`);
let start = performance.now();
for (const uri of uris) await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
const svgPer = row('qrcode SVG', QR_COUNT, performance.now() - start);
start = performance.now();
for (const uri of uris) await QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
const pngPer = row('baseline: qrcode PNG (scale 8)', QR_COUNT, performance.now() - start);
console.log(`${''.padEnd(44)} → SVG costs ${fmt(svgPer / pngPer, 2)}× the PNG baseline per account`);

/**
 * The whole enrollment pipeline the app runs: provision through the vault (generate, seal, locked atomic state
 * write), then `sheets` for every account (one vault open, a QR SVG and an HTML page per account).
 */
async function sheetsRun(n) {
  const home = mkdtempSync(join(tmpdir(), 'tfa-bench-'));
  try {
    const { engine, keychain } = await openEngine({ env: { ...process.env, TFA_PROVISIONER_HOME: home } });
    const hostname = `bench-sheets-${n}-${process.pid}.example`;
    await engine.servers.add(hostname);
    // The baseline's issuer, so both draw QR codes of the same size.
    await engine.whm.call('twofactorauth_set_issuer', [['issuer', PLAIN_ISSUER]]);
    await engine.accounts.import(Array.from({ length: n }, (_, i) => `u${i},u${i}.example`).join('\n'));
    const before = keychain.calls;
    const start = performance.now();
    const provisioned = await engine.provisioning.provision([], { withSecrets: true });
    const provisionMs = performance.now() - start;
    const sheets = await engine.exports.sheets({});
    const totalMs = performance.now() - start;
    if (provisioned.metadata.result !== 1 || sheets.metadata.result !== 1 || sheets.data.accounts !== n) {
      throw new Error(`sheets failed: ${sheets.metadata.reason}`);
    }
    const calls = keychain.calls - before;
    const htmlMiB = (Buffer.byteLength(sheets.data.content) / 1048576).toFixed(1);
    await engine.servers.remove(hostname, { force: true });
    return { provisionMs, sheetsMs: totalMs - provisionMs, totalMs, calls, htmlMiB };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** The plain pipeline, one account after another: otpauth Secret, TOTP URI, qrcode SVG. No vault, no state, no HTML. */
async function plainPipelineRun(n) {
  const start = performance.now();
  for (let i = 0; i < n; i += 1) {
    const totp = new TOTP({ issuer: PLAIN_ISSUER, label: `u${i}`, secret: new Secret({ size: 10 }) });
    await QRCode.toString(totp.toString(), { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  }
  return performance.now() - start;
}

console.log(`\nEnrollment sheets: provision + one QR SVG and one HTML page per account, against the plain pipeline`);
const plainPer = row('baseline: plain pipeline (Secret+URI+SVG)', SHEETS_COUNT, await plainPipelineRun(SHEETS_COUNT));
const sheets = await sheetsRun(SHEETS_COUNT);
row('  of which provision (vault)', SHEETS_COUNT, sheets.provisionMs);
row('  of which sheets (open + SVG + HTML)', SHEETS_COUNT, sheets.sheetsMs, { html_mib: sheets.htmlMiB });
const sheetsPer = row('provision + sheets', SHEETS_COUNT, sheets.totalMs, { keychain_calls: sheets.calls });
console.log(`${''.padEnd(44)} → ${fmt(sheetsPer / plainPer, 2)}× the plain pipeline's cost per account`);

const memory = process.memoryUsage();
console.log(`\npeak-ish memory: rss ${Math.round(memory.rss / 1048576)} MiB, heap used ${Math.round(memory.heapUsed / 1048576)} MiB`);
