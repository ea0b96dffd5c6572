import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { appendFile, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../main/engine/ports.js';
import { AuditEntryError, JsonLinesAuditTrail } from '../../main/store/audit-trail.js';
import { withTempDir } from './helpers.js';

function entry(n: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return { time: `2026-01-01T00:00:0${n}.000Z`, profile: 'host.example', function: 'twofactorauth_generate_tfa_config', user: `u${n}`, result: 1, reason: 'OK', ...extra };
}

describe('JsonLinesAuditTrail', () => {
  it('appends batches in order, one JSON object per line with a fixed key order, mode 0600', async () => {
    await withTempDir(async (dir) => {
      const trail = new JsonLinesAuditTrail(path.join(dir, 'home'));
      expect(await trail.read()).toEqual([]);
      // keys deliberately given out of order: the file must still list them in the documented order
      const shuffled = { reason: 'OK', result: 1, user: null, function: 'twofactorauth_set_issuer', profile: 'host.example', time: 't0' } as const;
      await trail.append([shuffled, entry(1)]);
      await trail.append([]);
      await trail.append([entry(2, { result: 0, reason: 'Invalid code' })]);

      expect(await trail.read()).toEqual([{ ...shuffled }, entry(1), entry(2, { result: 0, reason: 'Invalid code' })]);
      const lines = (await readFile(trail.filePath, 'utf8')).split('\n');
      expect(lines).toHaveLength(4);
      expect(lines[3]).toBe('');
      expect(lines[0]).toBe('{"time":"t0","profile":"host.example","function":"twofactorauth_set_issuer","user":null,"result":1,"reason":"OK"}');
      expect((await stat(trail.filePath)).mode & 0o777).toBe(0o600);
    });
  });

  it('skips and counts a torn last line, and the next append starts on a fresh line', async () => {
    await withTempDir(async (dir) => {
      const trail = new JsonLinesAuditTrail(dir);
      await trail.append([entry(1)]);
      await appendFile(trail.filePath, JSON.stringify(entry(2)).slice(0, 25));
      expect(await trail.readDetailed()).toEqual({ entries: [entry(1)], skippedLines: 1 });

      await trail.append([entry(3)]);
      expect(await trail.readDetailed()).toEqual({ entries: [entry(1), entry(3)], skippedLines: 1 });
    });
  });

  it.each([
    ['a FIFO (named pipe)', (file: string) => execFileSync('mkfifo', [file])],
    ['a directory', (file: string) => mkdirSync(file)],
    ['a socket', (file: string) => execFileSync('python3', ['-c', 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', file])],
  ])('refuses %s at audit.jsonl at once, when writing and reading, instead of hanging or failing obscurely', async (what, make) => {
    await withTempDir(async (dir) => {
      const trail = new JsonLinesAuditTrail(dir);
      make(trail.filePath);
      const message = `The audit trail ${trail.filePath} is ${what}, not a regular file: move it aside (the next entry then starts a new trail).`;
      await expect(trail.append([entry(1)])).rejects.toMatchObject({ code: 'STATE_IO', message: `${message} Nothing was written to it.` });
      await expect(trail.read()).rejects.toMatchObject({ code: 'STATE_IO', message: `${message} Nothing was read from it.` });
    });
  });

  it('refuses a batch with any field beyond the six, writing none of it', async () => {
    await withTempDir(async (dir) => {
      const trail = new JsonLinesAuditTrail(dir);
      await trail.append([entry(1)]);
      const before = await readFile(trail.filePath, 'utf8');
      const leaky = { ...entry(3), secret: 'JBSWY3DPEHPK3PXP' } as AuditEntry;
      const error = await trail.append([entry(2), leaky]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuditEntryError);
      expect((error as Error).message).toContain('secret');
      expect((error as Error).message).not.toContain('JBSWY3DPEHPK3PXP');
      await expect(trail.append([{ ...entry(4), user: { token: 'x' } } as unknown as AuditEntry])).rejects.toBeInstanceOf(AuditEntryError);
      expect(await readFile(trail.filePath, 'utf8')).toBe(before);
    });
  });
});
