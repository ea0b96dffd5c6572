// `sheets --out=FILE.pdf` as an operator runs it: 50 accounts, one page each, read back by poppler (page count,
// paper, each page's text) and zbarimg (each page's QR code is exactly that account's otpauth_str); the
// first-code contact set with `servers set`; HTML still for a FILE.html. The CLI runs in this process (runHere)
// against the real state file and keychain.
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PDF_TOOLS_SKIP_REASON, pdfToolsMissing, readPdf } from '../node/pdf-tools.js';
import { KEYRING_SKIP_REASON, keyringAvailable, makeHome, runHere, runHereJson } from './cli-harness.js';

const ACCOUNTS = 50;
const ready = keyringAvailable && pdfToolsMissing.length === 0;
if (!keyringAvailable) console.warn(`skipping the PDF sheet CLI tests: ${KEYRING_SKIP_REASON}`);
else if (pdfToolsMissing.length) console.warn(`skipping the PDF sheet CLI tests: ${PDF_TOOLS_SKIP_REASON}`);

describe.skipIf(!ready)('sheets --out=FILE.pdf', () => {
  it('50 accounts: 50 pages, each naming its account and holding its QR code; the contact set with servers set', async () => {
    const home = makeHome();
    const host = `t${randomUUID().slice(0, 8)}.example.com`;
    expect((await runHere(home, ['servers', 'add', host])).code).toBe(0);
    const set = await runHereJson(home, ['servers', 'set', host, '--first-code-contact=helpdesk@example.com, ext. 200']);
    expect(set.json).toMatchObject({ data: { hostname: host, first_code_contact: 'helpdesk@example.com, ext. 200' }, metadata: { command: 'servers_set', result: '1' } });
    const users = Array.from({ length: ACCOUNTS }, (_, i) => `user${String(i).padStart(2, '0')}`);
    const csv = join(home, 'accounts.csv');
    writeFileSync(csv, `user,domain\n${users.map((u) => `${u},${u}.example.net`).join('\n')}\n`);
    expect((await runHereJson(home, ['accounts', 'import', csv])).json.data).toMatchObject({ added: ACCOUNTS });
    const provisioned = await runHereJson(home, ['provision', '--all', '--with-secrets']);
    expect(provisioned.code).toBe(0);
    const uriOf = new Map<string, string>(provisioned.json.data.provisioned.map((p: { user: string; otpauth_str: string }) => [p.user, p.otpauth_str]));
    expect(uriOf.size).toBe(ACCOUNTS);

    const out = join(home, 'sheets.pdf');
    const run = await runHereJson(home, ['sheets', `--out=${out}`, '--all', '--with-secrets']);
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ data: { path: out, hostname: host, accounts: ACCOUNTS, format: 'pdf', paper: 'a4', contains_secrets: 1 }, metadata: { command: 'sheets', result: '1' } });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const pdf = await readPdf(out);
    expect(pdf.pages).toBe(ACCOUNTS);
    expect(pdf.pageSize).toContain('(A4)');
    // Accounts come sorted by name, one page each: the codes, page after page, are exactly theirs.
    expect(pdf.codes).toEqual(users.map((u) => uriOf.get(u)));
    users.forEach((user, i) => {
      const text = pdf.texts[i]!;
      expect(text).toMatch(new RegExp(`Account\\s+${user}\\n`));
      expect(text).toMatch(new RegExp(`Domain\\s+${user}\\.example\\.net\\n`));
      expect(text).toContain(`Two-factor authentication for ${user}@${user}.example.net`);
      expect(text).toContain(`Page ${i + 1} of ${ACCOUNTS}`);
      expect(text).toContain('CONFIDENTIAL');
      expect(text).toContain('to: helpdesk@example.com, ext. 200');
      // The key, in groups of four, is the one in the QR code.
      const secret = /[?&]secret=([A-Z2-7]+)/.exec(uriOf.get(user)!)![1]!;
      expect(text).toContain(secret.match(/.{1,4}/g)!.join(' '));
      // No other account on this page.
      expect(text.match(/Account\s+user\d\d\n/g)).toHaveLength(1);
    });
    // The audit trail records each sheet, never a secret.
    const audit = readFileSync(join(home, 'audit.jsonl'), 'utf8');
    expect(audit.match(/"function":"sheets"/g)).toHaveLength(ACCOUNTS);
    expect(audit).not.toMatch(/secret=|[A-Z2-7]{16}/);
  });

  it('US Letter, a long domain broken only between its labels, and HTML for FILE.html', async () => {
    const home = makeHome();
    await runHere(home, ['servers', 'add', `t${randomUUID().slice(0, 8)}.example.com`]);
    const domain = 'a-rather-long-subdomain-label-for-this.another-quite-long-label-here.hosting-company-example.co.uk';
    await runHere(home, ['accounts', 'add', 'alice', domain]);
    await runHere(home, ['provision', 'alice']);
    const out = join(home, 'alice.PDF');
    const run = await runHereJson(home, ['sheets', `--out=${out}`, '--paper=letter', 'alice', '--with-secrets']);
    expect(run.json.data).toMatchObject({ format: 'pdf', paper: 'letter', accounts: 1 });
    const pdf = await readPdf(out);
    expect(pdf).toMatchObject({ pages: 1, codes: [expect.stringContaining('otpauth://totp/')] });
    expect(pdf.pageSize).toContain('612 x 792 pts');
    // Every line of the Domain fact ends at a dot or at the domain's end: no label is cut.
    const lines = pdf.texts[0]!.split('\n');
    const from = lines.findIndex((l) => l.startsWith('Domain'));
    const domainLines = lines.slice(from, lines.findIndex((l, i) => i > from && /^\S/.test(l))).map((l, i) => (i === 0 ? l.replace(/^Domain\s+/, '') : l).trim());
    expect(domainLines.length).toBeGreaterThan(1);
    expect(domainLines.join('')).toBe(domain);
    for (const line of domainLines.slice(0, -1)) expect(line.endsWith('.')).toBe(true);
    // Not set: the person is told to enter the code where asked.
    expect(pdf.texts[0]).toContain('Enter the 6-digit code the app shows where you are asked for it');

    const html = join(home, 'alice.html');
    const htmlRun = await runHereJson(home, ['sheets', `--out=${html}`, 'alice', '--with-secrets']);
    expect(htmlRun.json.data).toMatchObject({ format: 'html', accounts: 1 });
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });
});
