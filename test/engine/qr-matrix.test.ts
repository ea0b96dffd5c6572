// The sheets' QR codes: the symbol qr-matrix.ts makes is module for module the one the qrcode package makes for the
// same segments (its own mask search), no bigger than qrcode's own segmentation gives for WHM's URIs, and what
// the SVG path draws is exactly that matrix, which zbarimg reads back to the very otpauth_str.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOtpauthStr } from '../../main/engine/otpauth-uri.js';
import { qrMatrix, qrSegments, type QrMatrix } from '../../main/engine/qr-matrix.js';
import { matrixSvg, qrPathData } from '../../main/engine/qr-svg.js';
import { paint, pbm } from './qr-bitmap.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** A deterministic spread of secrets (no randomness: a failure names its URI and stays reproducible). */
const secretOf = (seed: number, length = 16) => Array.from({ length }, (_, i) => BASE32[(seed * 7919 + i * 104729 + i * i * seed) % 32]).join('');

const URIS = [
  ...Array.from({ length: 60 }, (_, i) => buildOtpauthStr('whm.example.com', `u${i}`, secretOf(i))),
  ...Array.from({ length: 20 }, (_, i) => buildOtpauthStr('My Host Co', `account${i}name`, secretOf(i + 100))),
  buildOtpauthStr('Ünïcode Hosting & Co', 'constructor', secretOf(1)),
  buildOtpauthStr('h', 'a', secretOf(2)),
  // Long names (a bigger version) and a 32-character secret.
  buildOtpauthStr('a-rather-long-issuer-name.hosting-company-example.co.uk', 'averyveryverylongusername1', secretOf(3, 32)),
  buildOtpauthStr('x'.repeat(200), 'y'.repeat(16), secretOf(4)),
  // No secret parameter to split out: bytes throughout.
  'otpauth://totp/h:a?issuer=h',
];

describe('qrMatrix', () => {
  it('is the symbol qrcode makes for the same segments, mask search included', () => {
    const masks = new Set<number>();
    for (const uri of URIS) {
      const reference = QRCode.create(qrSegments(uri), { errorCorrectionLevel: 'M' });
      const mine = qrMatrix(uri);
      expect({ uri, size: mine.size }).toEqual({ uri, size: reference.modules.size });
      expect(Buffer.from(mine.modules).equals(Buffer.from(reference.modules.data)), uri).toBe(true);
      masks.add(reference.maskPattern!);
    }
    // The URIs exercise most of the eight masks, so a wrong mask or format bit would show.
    expect(masks.size).toBeGreaterThanOrEqual(6);
  });

  it('is no bigger than qrcode’s own optimal segmentation for WHM’s URIs', () => {
    for (const uri of URIS) expect({ uri, version: qrMatrix(uri).size }).toEqual({ uri, version: QRCode.create(uri, { errorCorrectionLevel: 'M' }).modules.size });
  });

  it('splits out the base32 secret as alphanumerics, and only a secret', () => {
    const modes = (uri: string) => qrSegments(uri).map((s) => s.mode);
    expect(modes(buildOtpauthStr('whm.example.com', 'bob', 'JBSWY3DPEHPK3PXP'))).toEqual(['byte', 'alphanumeric', 'byte']);
    expect(modes('otpauth://totp/h:a?issuer=h&secret=JBSWY3DPEHPK3PXP')).toEqual(['byte', 'alphanumeric']);
    expect(modes('otpauth://totp/h:a?secret=JBSWY3DP&issuer=h')).toEqual(['byte']);
    expect(modes('otpauth://totp/h:a?secretx=JBSWY3DPEHPK3PXP')).toEqual(['byte']);
  });
});

const haveZbar = existsSync('/usr/bin/zbarimg');
if (!haveZbar) console.warn('skipping the SVG path decode test: zbarimg is missing (apt-get install zbar-tools)');

describe('matrixSvg', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfa-qr-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('draws each dark module once and nothing else, inside a white quiet zone of 4', () => {
    for (const uri of URIS.slice(0, 10)) {
      const matrix: QrMatrix = qrMatrix(uri);
      const side = matrix.size + 8;
      const svg = matrixSvg(matrix);
      expect(svg).toMatch(new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges"><path fill="#ffffff" d="M0 0h${side}v${side}H0z"/>`));
      const bitmap = paint(svg, side);
      for (let row = 0; row < side; row++) {
        for (let col = 0; col < side; col++) {
          const inside = row >= 4 && col >= 4 && row < side - 4 && col < side - 4;
          const expected = inside ? matrix.modules[(row - 4) * matrix.size + (col - 4)] : 0;
          if (bitmap[row * side + col] !== expected) expect.fail(`${uri}: module ${row},${col} painted ${bitmap[row * side + col]} times, expected ${expected}`);
        }
      }
      expect(qrPathData(matrix, 0)).toMatch(/^M\d+ \d+\.5h/);
    }
  });

  it.skipIf(!haveZbar)('what the path draws, zbarimg reads back to the exact otpauth_str', () => {
    const chosen = [URIS[0]!, URIS[61]!, URIS[80]!, URIS[82]!, URIS[URIS.length - 1]!];
    const files = chosen.map((uri, i) => {
      const matrix = qrMatrix(uri);
      const side = matrix.size + 8;
      const file = join(dir, `qr-${i}.pbm`);
      writeFileSync(file, pbm(paint(matrixSvg(matrix), side), side, 4));
      return file;
    });
    const decoded = execFileSync('zbarimg', ['--raw', '-q', ...files], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(decoded).toEqual(chosen);
  });
});
