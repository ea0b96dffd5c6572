// The plain pipeline the whole rollout is held against: one Node process, one account after another, an otpauth
// secret (80 bits) and URI, a qrcode SVG, and one HTML file of every page. No vault, no state, no keychain.
// Usage: node bench/plain-pipeline.mjs N OUT.html
import { writeFileSync } from 'node:fs';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const [n, out] = [Number(process.argv[2]), process.argv[3]];
const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pages = [];
for (let i = 0; i < n; i += 1) {
  const totp = new TOTP({ issuer: 'whm.example.com', label: `u${i}`, secret: new Secret({ size: 10 }) });
  const svg = await QRCode.toString(totp.toString(), { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  pages.push(`<section><h1>${escape(`u${i}@u${i}.example`)}</h1>${svg}<p>${totp.secret.base32}</p></section>\n`);
}
writeFileSync(out, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>sheets</title></head><body>\n${pages.join('')}</body></html>\n`, { mode: 0o600 });
