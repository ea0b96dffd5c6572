// Enrollment sheets as a person sees and prints them: rendered by Chromium (the Debian build, no network),
// each page's QR code read back by zbarimg, and the PDF holding exactly one page per account on A4 and Letter.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportDocument } from '../../main/engine/export-commands.js';
import { makeEngine } from './fakes.js';

const CHROMIUM = '/usr/bin/chromium';
const haveTools = existsSync(CHROMIUM) && existsSync('/usr/bin/zbarimg');
if (!haveTools) console.warn(`skipping the Chromium sheet tests: ${CHROMIUM} or zbarimg is missing (apt-get install chromium zbar-tools)`);

/** Page objects in a PDF (not the /Pages tree nodes). */
function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length;
}

async function sheetsFor(users: string[], paper: 'a4' | 'letter') {
  const h = makeEngine();
  await h.engine.whm.call('twofactorauth_set_issuer', [['issuer', 'My Host Co']]);
  for (const user of users) await h.engine.accounts.add(user, `${user}.example.com`);
  const provisioned = await h.engine.provisioning.provision(users, { withSecrets: true });
  const uris = (provisioned.data as { provisioned: { user: string; otpauth_str: string }[] }).provisioned.map((p) => p.otpauth_str);
  const sheets = await h.engine.exports.sheets({ users, paper });
  return { html: (sheets.data as ExportDocument).content, uris };
}

describe.skipIf(!haveTools)('enrollment sheets in Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'tfa-sheets-'));

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('each page’s QR code decodes to exactly that account’s otpauth_str; A4 prints one page per account; no request', async () => {
    const users = ['alice', 'bob', 'carol'];
    const { html, uris } = await sheetsFor(users, 'a4');
    expect(uris[0]).toMatch(/^otpauth:\/\/totp\/My%20Host%20Co:alice\?secret=[A-Z2-7]{16}&issuer=My%20Host%20Co$/);
    const page = await browser.newPage({ deviceScaleFactor: 2 });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.setContent(html);

    const codes = page.locator('.sheet .qr');
    expect(await codes.count()).toBe(users.length);
    for (const [i, uri] of uris.entries()) {
      const png = join(dir, `qr-${i}.png`);
      writeFileSync(png, await codes.nth(i).screenshot());
      expect(execFileSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8' }).trim()).toBe(uri);
      await expect(page.locator('.sheet').nth(i).locator('h1').textContent()).resolves.toBe(`Two-factor authentication for ${users[i]}@${users[i]}.example.com`);
    }
    // The inline style applied (the CSP allows it), so the QR code has its printed size, not the SVG's default.
    expect((await codes.first().boundingBox())!.width).toBeGreaterThan(200);

    const pdf = await page.pdf({ format: 'A4' });
    expect(pdfPageCount(pdf)).toBe(users.length);
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Letter prints one page per account too', async () => {
    const users = ['dave', 'erin', 'frank', 'grace'];
    const { html } = await sheetsFor(users, 'letter');
    const page = await browser.newPage();
    await page.setContent(html);
    expect(pdfPageCount(await page.pdf({ format: 'Letter' }))).toBe(users.length);
    // With the sheet's own @page size honoured, too.
    expect(pdfPageCount(await page.pdf({ preferCSSPageSize: true }))).toBe(users.length);
    await page.close();
  });
});
