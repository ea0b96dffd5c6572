// A batch big enough for worker threads, through the built CLI as an operator runs it (`sheets --all` of 5,000
// accounts, sheet-workers.ts's threshold): every page holds the QR code this process draws for that account's otpauth_str, in order and
// numbered, and no worker failed (sheet-workers.ts warns on stderr when one does and this thread stands in).
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { qrMatrix } from '../../main/engine/qr-matrix.js';
import { matrixSvg } from '../../main/engine/qr-svg.js';
import { KEYRING_SKIP_REASON, keyringAvailable, makeHome, runCli, runJson } from './cli-harness.js';

const ACCOUNTS = 5000;
if (!keyringAvailable) console.warn(`skipping the CLI worker-thread sheets test: ${KEYRING_SKIP_REASON}`);
if (availableParallelism() < 2) console.warn('the CLI worker-thread sheets test runs on one core: no worker starts, so it checks the one-thread path only');

describe.skipIf(!keyringAvailable)('sheets --all of a big batch (worker threads)', () => {
  it('5,000 pages, each with its own account’s QR code as this process draws it, and no worker warning', async () => {
    const home = makeHome();
    expect((await runCli(home, ['servers', 'add', `t${randomUUID().slice(0, 8)}.example.com`])).code).toBe(0);
    const users = Array.from({ length: ACCOUNTS }, (_, i) => `user${String(i).padStart(4, '0')}`);
    const csv = join(home, 'accounts.csv');
    writeFileSync(csv, `user,domain\n${users.map((u) => `${u},${u}.example.net`).join('\n')}\n`);
    expect((await runJson(home, ['accounts', 'import', csv])).json.data).toMatchObject({ added: ACCOUNTS });
    const provisioned = await runJson(home, ['provision', '--all', '--with-secrets']);
    const uriOf = new Map<string, string>(provisioned.json.data.provisioned.map((p: { user: string; otpauth_str: string }) => [p.user, p.otpauth_str]));
    expect(uriOf.size).toBe(ACCOUNTS);

    const out = join(home, 'sheets.html');
    const run = await runJson(home, ['sheets', `--out=${out}`, '--all', '--with-secrets']);
    expect(run.json).toMatchObject({ data: { accounts: ACCOUNTS, format: 'html' }, metadata: { result: '1' } });
    expect(run.stderr).not.toMatch(/worker/i);
    const html = readFileSync(out, 'utf8');
    const sections = html.split('<section class="sheet"').slice(1);
    expect(sections).toHaveLength(ACCOUNTS);
    sections.forEach((section, i) => {
      const user = users[i]!;
      expect(section).toContain(`data-user="${user}"`);
      expect(section).toContain(`Page ${i + 1} of ${ACCOUNTS}`);
      const svg = /<svg [^]*?<\/svg>/.exec(section)![0].replace(/ role="img" aria-label="[^"]*"/, '');
      if (`${svg}\n` !== matrixSvg(qrMatrix(uriOf.get(user)!))) expect.fail(`page ${i + 1} (${user}) does not hold its account's QR code`);
    });
  });
});
