// The encrypted profile backup file: scrypt (N=2^17, r=8, p=1, 16-byte salt) derives a 256-bit key from the
// passphrase, AES-256-GCM (random 12-byte nonce) encrypts the bundle, and the whole header is bound as
// associated data, so a file whose cost, salt, nonce or version was edited fails exactly as a wrong passphrase does.
//
// {"format":"tfa-provisioner-backup","version":1,"kdf":{"name":"scrypt","N":131072,"r":8,"p":1,"salt":"<b64>"},
//  "cipher":{"name":"aes-256-gcm","nonce":"<b64>"},"ciphertext":"<b64>","tag":"<b64>"}
import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import type { BackupCipher } from '../engine/ports.js';

export const BACKUP_FILE_FORMAT = 'tfa-provisioner-backup';
export const BACKUP_FILE_VERSION = 1;

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt floor is N=2^17, r=8, p=1: about 128 MiB and a few hundred milliseconds per try. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** A file may not ask for more than this much scrypt memory (128·N·r bytes), so a crafted one cannot exhaust RAM. */
const MAX_SCRYPT_MEMORY = 512 * 1024 * 1024;

interface Header {
  format: typeof BACKUP_FILE_FORMAT;
  version: typeof BACKUP_FILE_VERSION;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; nonce: string };
}

/** A damaged or edited file (as opposed to a wrong passphrase, which GCM reports the same way on purpose). */
class DamagedBackup extends Error {}

/** The associated data: the header rebuilt in a fixed key order, so whitespace in the file does not matter but every value does. */
function associatedData(h: Header): Buffer {
  const { format, version, kdf, cipher } = h;
  return Buffer.from(
    JSON.stringify({
      format,
      version,
      kdf: { name: kdf.name, N: kdf.N, r: kdf.r, p: kdf.p, salt: kdf.salt },
      cipher: { name: cipher.name, nonce: cipher.nonce },
    }),
    'utf8',
  );
}

function deriveKey(passphrase: string, salt: Buffer, { N, r, p }: ScryptCost): Promise<Buffer> {
  // The same passphrase typed on another system may arrive composed differently: NFC makes it one byte string.
  const options: ScryptOptions = { N, r, p, maxmem: 2 * 128 * N * r * p + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function base64(value: unknown, bytes?: number): Buffer {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw new DamagedBackup('a field is not base64');
  const decoded = Buffer.from(value, 'base64');
  if (bytes !== undefined && decoded.length !== bytes) throw new DamagedBackup('a field has the wrong length');
  return decoded;
}

function readHeader(file: Record<string, unknown>): { header: Header; salt: Buffer; nonce: Buffer; ciphertext: Buffer; tag: Buffer } {
  const { kdf, cipher } = file;
  if (!isObject(kdf) || !isObject(cipher) || kdf.name !== 'scrypt' || cipher.name !== 'aes-256-gcm') {
    throw new DamagedBackup('unknown key derivation or cipher');
  }
  const { N, r, p } = kdf;
  const ok = (v: unknown, max: number): v is number => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= max;
  if (!ok(N, 2 ** 20) || (N & (N - 1)) !== 0 || N < 2 ** 14 || !ok(r, 32) || !ok(p, 16) || 128 * N * r * p > MAX_SCRYPT_MEMORY) {
    throw new DamagedBackup('scrypt parameters out of range');
  }
  const salt = base64(kdf.salt, SALT_BYTES);
  const nonce = base64(cipher.nonce, NONCE_BYTES);
  const header: Header = {
    format: BACKUP_FILE_FORMAT,
    version: BACKUP_FILE_VERSION,
    kdf: { name: 'scrypt', N, r, p, salt: kdf.salt as string },
    cipher: { name: 'aes-256-gcm', nonce: cipher.nonce as string },
  };
  return { header, salt, nonce, ciphertext: base64(file.ciphertext), tag: base64(file.tag, TAG_BYTES) };
}

export class ScryptBackupCipher implements BackupCipher {
  constructor(private readonly cost: ScryptCost = DEFAULT_SCRYPT_COST) {}

  async seal(plaintext: string, passphrase: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const nonce = randomBytes(NONCE_BYTES);
    const header: Header = {
      format: BACKUP_FILE_FORMAT,
      version: BACKUP_FILE_VERSION,
      kdf: { name: 'scrypt', ...this.cost, salt: salt.toString('base64') },
      cipher: { name: 'aes-256-gcm', nonce: nonce.toString('base64') },
    };
    const key = await deriveKey(passphrase, salt, this.cost);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(header));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const file = { ...header, ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
    return `${JSON.stringify(file, null, 2)}\n`;
  }

  /**
   * Throws BundleError when the file is not a backup of this format or is from a newer version (the engine says
   * so); any other failure — wrong passphrase, damage, an edited header — is one indistinguishable error.
   */
  async open(sealedText: string, passphrase: string): Promise<string> {
    // zod comes with BundleError's module: loaded here, not by every command that opens the engine.
    const { BundleError } = await import('../engine/profile-backup-bundle.js');
    let file: unknown;
    try {
      file = JSON.parse(sealedText);
    } catch {
      throw new DamagedBackup('not JSON');
    }
    if (!isObject(file) || file.format !== BACKUP_FILE_FORMAT) throw new BundleError('it is not a TFA Provisioner backup file');
    if (typeof file.version === 'number' && file.version > BACKUP_FILE_VERSION) {
      throw new BundleError(`it was made by a newer TFA Provisioner (backup file version ${file.version}); upgrade to restore it`);
    }
    if (file.version !== BACKUP_FILE_VERSION) throw new DamagedBackup('unknown version');
    const { header, salt, nonce, ciphertext, tag } = readHeader(file);
    const key = await deriveKey(passphrase, salt, header.kdf);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(header));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new DamagedBackup('authentication failed');
    }
  }
}
