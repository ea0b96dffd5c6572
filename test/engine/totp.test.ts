// TOTP, Base32 secrets and otpauth:// strings, checked against the RFC tables, oathtool, qrcode and zbarimg.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOTP, Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { generateWhmSecret, isValidWhmSecret, MAX_SECRET_LENGTH, normalizeWhmSecret } from '../../main/engine/base32-secret.js';
import { percentEncode } from '../../main/common/percent-encode.js';
import { buildOtpauthStr } from '../../main/engine/otpauth-uri.js';
import { matchTokenStep, timeStep, totpCode } from '../../main/engine/totp.js';
import { makeEngine, SeededRandom } from './fakes.js';

const RFC_SHA1_SEED_B32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // ASCII "12345678901234567890"

/** RFC 6238 Appendix B, SHA1 column (8 digits). */
const RFC6238_SHA1: [seconds: number, code8: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

/** RFC 4226 Appendix D. */
const RFC4226_HOTP = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];

function oathtool(secret: string, ms: number): string {
  const when = `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return execFileSync('oathtool', ['--totp', '-b', '--now', when, secret], { encoding: 'utf8' }).trim();
}

function secretFromBytes(bytes: number[]): SeededRandom {
  return new SeededRandom().enqueue(Uint8Array.from(bytes));
}

describe('totpCode: RFC 6238 Appendix B (SHA1)', () => {
  for (const [seconds, code8] of RFC6238_SHA1) {
    it(`t=${seconds}: otpauth gives ${code8} with 8 digits, totpCode gives the last six digits`, () => {
      const totp8 = new TOTP({ algorithm: 'SHA1', digits: 8, period: 30, secret: Secret.fromBase32(RFC_SHA1_SEED_B32) });
      expect(totp8.generate({ timestamp: seconds * 1000 })).toBe(code8);
      expect(totpCode(RFC_SHA1_SEED_B32, seconds * 1000)).toBe(code8.slice(-6));
    });
  }

  it('computes the step of a time beyond 32 bits exactly (t=20000000000 → counter 0x27BC86AA)', () => {
    expect(timeStep(20_000_000_000_000)).toBe(0x27bc86aa);
    expect(timeStep(59_000)).toBe(1);
    expect(timeStep(1_111_111_109_000)).toBe(0x23523ec);
  });

  it('accepts the lower-case form of a secret', () => {
    expect(totpCode(RFC_SHA1_SEED_B32.toLowerCase(), 59_000)).toBe('287082');
  });

  it('gives 742275 for JBSWY3DPEHPK3PXP at 2009-02-13 23:31:30 UTC', () => {
    expect(totpCode('JBSWY3DPEHPK3PXP', 1_234_567_890_000)).toBe('742275');
    expect(oathtool('JBSWY3DPEHPK3PXP', 1_234_567_890_000)).toBe('742275');
  });

  it('zero-pads to six digits (t=1111111109 → 081804)', () => {
    expect(totpCode(RFC_SHA1_SEED_B32, 1_111_111_109_000)).toBe('081804');
  });
});

describe('RFC 4226 Appendix D HOTP (the HMAC and truncation under TOTP)', () => {
  it('matches the ten-row table', () => {
    const hotp = new HOTP({ algorithm: 'SHA1', digits: 6, secret: Secret.fromBase32(RFC_SHA1_SEED_B32) });
    expect(RFC4226_HOTP.map((_, counter) => hotp.generate({ counter }))).toEqual(RFC4226_HOTP);
  });

  it('the TOTP of step N is the HOTP of counter N', () => {
    for (let counter = 0; counter < RFC4226_HOTP.length; counter += 1) {
      expect(totpCode(RFC_SHA1_SEED_B32, counter * 30_000 + 29_999)).toBe(RFC4226_HOTP[counter]);
    }
  });
});

describe('totpCode against the oathtool binary', () => {
  it('agrees for ten generated secrets at fixed times', () => {
    const random = new SeededRandom('oathtool-cross-check');
    const times = [0, 59_000, 1_000_000_000_000, 1_234_567_890_000, 1_700_000_000_000, 1_700_000_029_000, 1_893_456_000_000, 2_000_000_000_000, 4_102_444_800_000, 1_500_000_015_000];
    for (const ms of times) {
      const secret = generateWhmSecret(random);
      expect(totpCode(secret, ms), `${secret} at ${ms}`).toBe(oathtool(secret, ms));
    }
  });
});

describe('matchTokenStep: ±1 step, six ASCII digits only', () => {
  const secret = 'JBSWY3DPEHPK3PXP';
  const now = 1_234_567_890_000 + 10_000; // inside step 41152263
  const step = timeStep(now);
  const codeAtStep = (s: number) => totpCode(secret, s * 30_000);

  it('accepts the previous, current and next step and reports which', () => {
    expect(matchTokenStep(secret, codeAtStep(step - 1), now)).toBe(step - 1);
    expect(matchTokenStep(secret, codeAtStep(step), now)).toBe(step);
    expect(matchTokenStep(secret, codeAtStep(step + 1), now)).toBe(step + 1);
  });

  it('refuses codes two steps away', () => {
    const near = new Set([step - 1, step, step + 1].map(codeAtStep));
    for (const far of [step - 2, step + 2]) {
      const code = codeAtStep(far);
      if (near.has(code)) continue; // a 1-in-a-million collision would make this case meaningless
      expect(matchTokenStep(secret, code, now)).toBeNull();
    }
  });

  it('refuses tokens that are not exactly six ASCII digits', () => {
    const good = codeAtStep(step);
    const fullwidth = [...good].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
    for (const token of [good.slice(1), `${good}0`, `0${good}`, ` ${good}`, `${good} `, `${good}\n`, fullwidth, 'abcdef', '12345a', '', '１２３４５６', '+12345', '-12345', '1.2345']) {
      expect(matchTokenStep(secret, token, now), JSON.stringify(token)).toBeNull();
    }
  });
});

describe('base32-secret', () => {
  it('generates 16 Base32 characters from exactly 10 random bytes', () => {
    const random = new SeededRandom('b32');
    for (let i = 0; i < 50; i += 1) {
      expect(generateWhmSecret(random)).toMatch(/^[A-Z2-7]{16}$/);
    }
    expect(generateWhmSecret(secretFromBytes([...Buffer.from('foobarfoob')]))).toBe('MZXW6YTBOJTG633C');
    expect(generateWhmSecret(secretFromBytes([16, 29, 123, 127, 167, 86, 18, 159, 19, 184]))).toBe('CAOXW75HKYJJ6E5Y');
  });

  it('asks the random source for 10 bytes and refuses a short answer', () => {
    const asked: number[] = [];
    const spy = { bytes: (n: number) => (asked.push(n), new Uint8Array(n)) };
    expect(generateWhmSecret(spy)).toBe('AAAAAAAAAAAAAAAA');
    expect(asked).toEqual([10]);
    expect(() => generateWhmSecret({ bytes: () => new Uint8Array(9) })).toThrow('wrong number of bytes');
  });

  it('uses only the requested bytes of a view into a larger buffer', () => {
    const big = new Uint8Array(64).fill(0xff);
    const view = new Uint8Array(big.buffer, 8, 10).fill(0);
    expect(generateWhmSecret({ bytes: () => view })).toBe('AAAAAAAAAAAAAAAA');
  });

  it('accepts upper and lower case Base32 of decodable lengths', () => {
    for (const ok of ['JBSWY3DPEHPK3PXP', 'jbswy3dpehpk3pxp', 'JbSwY3DpEhPk3PxP', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'AB', 'ABCD', 'ABCDE', 'ABCDEFG', 'A'.repeat(MAX_SECRET_LENGTH)]) {
      expect(isValidWhmSecret(ok), ok).toBe(true);
    }
    expect(normalizeWhmSecret('jbswy3dpehpk3pxp')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses padding, spaces, digits outside 2-7, undecodable lengths, and over-long secrets', () => {
    const refused = [
      '',
      'JBSWY3DPEHPK3PX=',
      'JBSWY3DPEHPK3PXP====',
      'JBSW Y3DP EHPK 3PXP',
      ' JBSWY3DPEHPK3PXP',
      'JBSWY3DPEHPK3PX0',
      'JBSWY3DPEHPK3PX1',
      'JBSWY3DPEHPK3PX8',
      'JBSWY3DPEHPK3PX9',
      'JBSWY3DPEHPK3PX-',
      'JBSWY3DPEHPK3PXÉ',
      'A', // length 1 mod 8
      'ABC', // 3 mod 8
      'ABCDEF', // 6 mod 8
      'ABCDEFGHI', // 9 = 1 mod 8
      'ABCDEFGHIJK', // 11 = 3 mod 8
      'JBSWY3DPEHPK3PXPAA'.slice(0, 14), // 14 = 6 mod 8
      'A'.repeat(MAX_SECRET_LENGTH + 8),
      'A'.repeat(129),
    ];
    for (const bad of refused) expect(isValidWhmSecret(bad), JSON.stringify(bad)).toBe(false);
  });
});

describe('otpauth_str', () => {
  it('is byte for byte the cPanel docs sample', () => {
    expect(buildOtpauthStr('Example', 'root', 'CAOXW75HKYJJ6E5Y')).toBe(
      'otpauth://totp/Example:root?secret=CAOXW75HKYJJ6E5Y&issuer=Example',
    );
  });

  it('encodes spaces as %20 in both the label and the issuer parameter (UAPI sample, spec §7)', () => {
    expect(buildOtpauthStr('Example cPanel L.L.C.', 'fakedomain', 'S3I4WUY7MTHRMMWN')).toBe(
      'otpauth://totp/Example%20cPanel%20L.L.C.:fakedomain?secret=S3I4WUY7MTHRMMWN&issuer=Example%20cPanel%20L.L.C.',
    );
  });

  it('percent-encodes every reserved character (never + for space)', () => {
    expect(percentEncode("a b:c/d?e&f=g#h!i'j(k)l*m@n+o%p")).toBe(
      'a%20b%3Ac%2Fd%3Fe%26f%3Dg%23h%21i%27j%28k%29l%2Am%40n%2Bo%25p',
    );
    expect(percentEncode('A-Z_a.z~0')).toBe('A-Z_a.z~0');
    expect(buildOtpauthStr('host', 'team_user@owner', 'AB')).toBe('otpauth://totp/host:team_user%40owner?secret=AB&issuer=host');
  });

  it('survives a real QR code: qrcode renders it and zbarimg reads back exactly the same string', async () => {
    const h = makeEngine();
    await h.engine.whm.call('twofactorauth_set_issuer', [['issuer', 'Example cPanel L.L.C.']]);
    const generated = await h.engine.whm.call('twofactorauth_generate_tfa_config', []);
    const { otpauth_str: otpauthStr, secret } = generated.data as { otpauth_str: string; secret: string };
    expect(otpauthStr).toBe(`otpauth://totp/Example%20cPanel%20L.L.C.:root?secret=${secret}&issuer=Example%20cPanel%20L.L.C.`);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'tfa-engine-qr-'));
    try {
      const file = path.join(dir, 'code.png');
      await QRCode.toFile(file, otpauthStr, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 });
      const decoded = execFileSync('zbarimg', ['--raw', '-q', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      expect(decoded.replace(/\n$/, '')).toBe(otpauthStr);
      // The decoded URI also yields the same secret and a working code for any standard parser.
      const parsed = new URL(decoded.trim());
      expect(parsed.searchParams.get('secret')).toBe(secret);
      expect(parsed.searchParams.get('issuer')).toBe('Example cPanel L.L.C.');
      expect(totpCode(parsed.searchParams.get('secret')!, h.clock.now())).toBe(oathtool(secret, h.clock.now()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
