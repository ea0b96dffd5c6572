// The one path to a file, for the CLI and the desktop app: the mode comes from the kind (whatever the document or
// the caller claims), the apply note names the path the body really went to, and a backup to restore must be a
// regular file of a plausible size (a FIFO is refused at once instead of hanging).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplyBodyDocument, ExportDocument } from '../../main/common/engine-answers.js';
import type { TfaEngine } from '../../main/engine/tfa-engine.js';
import { guardStateDir } from '../../main/store/app-files.js';
import { BackupReadError, deliverExport, FileWriteError, readBackupFile, saveHoldsSecrets } from '../../main/store/file-delivery.js';

let dir: string;
let previousUmask: number;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tfa-delivery-'));
  previousUmask = process.umask(0o022);
});
afterEach(async () => {
  process.umask(previousUmask);
  await rm(dir, { recursive: true, force: true });
});

const marks: unknown[][] = [];
const engine = {
  rollout: { recordDelivery: async (...args: unknown[]) => (marks.push(args), { data: { hostname: 'h', marked: 1 }, metadata: { command: 'm', reason: 'OK', result: '1' as const, version: 1 as const } }) },
} as unknown as TfaEngine;

const base = { hostname: 'whm.example.com', accounts: 1, users: ['alice'], skipped: [], failed: {}, mediaType: 'text/plain' };

describe('deliverExport', () => {
  it('writes by the kind: a secret-holding kind is 0600 even when its document says otherwise, a plain one 0644', async () => {
    const uris: ExportDocument = { ...base, suggestedName: 'u.txt', content: 'otpauth://totp/x?secret=S', containsSecret: false };
    await deliverExport(engine, 'uris', uris, path.join(dir, 'u.txt'));
    expect((await stat(path.join(dir, 'u.txt'))).mode & 0o777).toBe(0o600);
    const csv: ExportDocument = { ...base, suggestedName: 'a.csv', content: 'user,domain\n', containsSecret: true };
    await deliverExport(engine, 'accounts-csv', csv, path.join(dir, 'a.csv'));
    expect((await stat(path.join(dir, 'a.csv'))).mode & 0o777).toBe(0o644);
  });

  it('writes the apply note beside the body, naming the path the body went to, and marks the accounts applied', async () => {
    marks.length = 0;
    const body: ApplyBodyDocument = {
      ...base,
      suggestedName: 'whm.example.com-set-tfa-config-for-user.json',
      content: '{}\n',
      containsSecret: true,
      applyCommand: 'curl … @elsewhere.json',
      operator: 'reseller1',
      companion: { suffix: '.apply.txt', mediaType: 'text/plain', content: 'stale', containsSecret: false },
    };
    const target = path.join(dir, 'chosen name.json');
    const delivered = await deliverExport(engine, 'apply-body', body, target);
    expect(delivered.notePath).toBe(`${target}.apply.txt`);
    const note = await readFile(`${target}.apply.txt`, 'utf8');
    expect(note).toContain(`--data-binary '@${target}'`);
    expect(note).toContain("'Authorization: whm reseller1:YOUR_API_TOKEN'");
    expect((await stat(`${target}.apply.txt`)).mode & 0o777).toBe(0o644);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(marks).toEqual([['apply-body', ['alice'], undefined]]);
  });

  it('says which file could not be written, in words', async () => {
    const doc: ExportDocument = { ...base, suggestedName: 'u.txt', content: 'x', containsSecret: true };
    const missing = path.join(dir, 'no such directory', 'u.txt');
    await expect(deliverExport(engine, 'uris', doc, missing)).rejects.toThrow(new FileWriteError(missing, { code: 'ENOENT' }));
    await expect(deliverExport(engine, 'uris', doc, missing)).rejects.toThrow(`The file ${missing} could not be written: its directory does not exist.`);
  });
});

describe('the app’s own files', () => {
  it('are never written over by an export, a backup or a saved answer, whatever path names them', async () => {
    const home = path.join(dir, 'home');
    guardStateDir(home);
    execFileSync('mkdir', ['-p', home]);
    await writeFile(path.join(home, 'state.json'), '{"format":"tfa-provisioner-state"}');
    execFileSync('ln', ['-s', home, path.join(dir, 'link')]);
    const doc: ExportDocument = { ...base, suggestedName: 'a.csv', content: 'user,domain\n', containsSecret: false };
    for (const target of [path.join(home, 'state.json'), path.join(dir, 'link', 'state.json'), path.join(home, '.', 'audit.jsonl'), path.join(home, 'preferences.json')]) {
      await expect(deliverExport(engine, 'accounts-csv', doc, target)).rejects.toThrow(
        `The file ${target} could not be written: it is one of TFA Provisioner's own files (its state, audit trail or preferences); choose another name or folder.`,
      );
    }
    expect(await readFile(path.join(home, 'state.json'), 'utf8')).toBe('{"format":"tfa-provisioner-state"}');
    // Any other name in that folder, or that name elsewhere, is written as usual.
    await deliverExport(engine, 'accounts-csv', doc, path.join(home, 'accounts.csv'));
    await deliverExport(engine, 'accounts-csv', doc, path.join(dir, 'state.json'));
    expect(await readFile(path.join(dir, 'state.json'), 'utf8')).toBe('user,domain\n');
  });
});

describe('saveHoldsSecrets', () => {
  it('decides from what is saved: only generate_tfa_config answers hold a secret', () => {
    expect(saveHoldsSecrets({ kind: 'whm-answer', fn: 'twofactorauth_generate_tfa_config', suggestedName: 'a', content: '' })).toBe(true);
    expect(saveHoldsSecrets({ kind: 'whm-answer', fn: 'twofactorauth_get_user_configs', suggestedName: 'a', content: '' })).toBe(false);
    expect(saveHoldsSecrets({ kind: 'audit-csv', suggestedName: 'a', content: '' })).toBe(false);
  });
});

describe('readBackupFile', () => {
  it('reads a regular file', async () => {
    await writeFile(path.join(dir, 'b.json'), 'backup text');
    expect(await readBackupFile(path.join(dir, 'b.json'))).toBe('backup text');
  });

  it('refuses a FIFO at once, a directory and a missing file, in words', async () => {
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    await expect(readBackupFile(fifo)).rejects.toThrow(new BackupReadError(fifo, 'it is not a regular file'));
    await expect(readBackupFile(dir)).rejects.toThrow(BackupReadError);
    await expect(readBackupFile(path.join(dir, 'none.json'))).rejects.toThrow(`Cannot read “${path.join(dir, 'none.json')}”: there is no such file.`);
  });
});
