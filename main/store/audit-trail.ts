// The audit trail: <dir>/audit.jsonl, one JSON object per line, appended by every CLI and app process.
// Appends use O_APPEND in a single call per batch so concurrent writers interleave whole batches, not bytes.
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AdapterError, type AuditEntry, type AuditTrail } from '../engine/ports.js';
import { NotRegularFileError, openRegularFile } from './regular-file.js';
import { ensureStateDir } from './state-dir.js';
import { messageOf } from '../common/error-message.js';

export const AUDIT_FILE_NAME = 'audit.jsonl';

const AUDIT_KEYS = ['time', 'profile', 'function', 'user', 'result', 'reason'] as const;

export interface AuditReadResult {
  entries: AuditEntry[];
  /** Lines that could not be parsed: usually one torn by a process killed mid-append. */
  skippedLines: number;
}

export class JsonLinesAuditTrail implements AuditTrail {
  readonly filePath: string;

  constructor(readonly dir: string) {
    this.filePath = path.join(dir, AUDIT_FILE_NAME);
  }

  async append(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // Guard first: nothing reaches the disk unless the whole batch is clean.
    const lines = entries.map((entry) => `${JSON.stringify(ordered(entry))}\n`).join('');
    try {
      await ensureStateDir(this.dir);
      const handle = await this.openRegular(constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 'written to');
      try {
        // A line torn by a killed writer would swallow our first entry; start on a fresh line instead.
        const prefix = (await endsMidLine(handle)) ? '\n' : '';
        await handle.appendFile(prefix + lines);
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (error instanceof AdapterError) throw error;
      throw this.ioError('could not be written', error);
    }
  }

  async read(): Promise<AuditEntry[]> {
    return (await this.readDetailed()).entries;
  }

  async readDetailed(): Promise<AuditReadResult> {
    let text: string;
    try {
      const handle = await this.openRegular(constants.O_RDONLY, 'read from');
      try {
        text = await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (error instanceof AdapterError) throw error;
      if ((error as { code?: unknown }).code === 'ENOENT') return { entries: [], skippedLines: 0 };
      throw this.ioError('could not be read', error);
    }
    const entries: AuditEntry[] = [];
    let skippedLines = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        entries.push(ordered(JSON.parse(line) as AuditEntry));
      } catch {
        skippedLines += 1;
      }
    }
    return { entries, skippedLines };
  }

  /** Opens the trail, refusing at once anything but a regular file (a FIFO would hang every command). */
  private async openRegular(flags: number, doing: 'written to' | 'read from'): Promise<FileHandle> {
    try {
      return await openRegularFile(this.filePath, flags);
    } catch (error) {
      if (error instanceof NotRegularFileError) throw this.notRegular(error.kind, doing);
      throw error;
    }
  }

  private notRegular(what: string, doing: 'written to' | 'read from'): AdapterError {
    return new AdapterError(
      `The audit trail ${this.filePath} is ${what}, not a regular file: move it aside (the next entry then starts a new trail). Nothing was ${doing} it.`,
      'STATE_IO',
    );
  }

  private ioError(what: string, error: unknown): AdapterError {
    const reason = messageOf(error);
    return new AdapterError(`The audit trail ${this.filePath} ${what}: ${reason}`, 'STATE_IO');
  }
}

async function endsMidLine(handle: FileHandle): Promise<boolean> {
  const { size } = await handle.stat();
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

/**
 * Rebuilds the entry with exactly the six known fields, in a fixed order. Anything else (a stray secret,
 * token or nested object) is refused outright: the audit trail must never hold one.
 */
function ordered(entry: AuditEntry): AuditEntry {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new AuditEntryError('is not an object');
  const extra = Object.keys(entry).filter((key) => !(AUDIT_KEYS as readonly string[]).includes(key));
  if (extra.length > 0) throw new AuditEntryError(`has fields beyond ${AUDIT_KEYS.join(', ')}: ${extra.join(', ')}`);
  const { time, profile, function: fn, user, result, reason } = entry;
  if (typeof time !== 'string' || typeof profile !== 'string' || typeof fn !== 'string' || typeof reason !== 'string') {
    throw new AuditEntryError('has a non-string time, profile, function or reason');
  }
  if (user !== null && typeof user !== 'string') throw new AuditEntryError('has a user that is neither a string nor null');
  if (result !== 0 && result !== 1) throw new AuditEntryError('has a result that is not 0 or 1');
  return { time, profile, function: fn, user, result, reason };
}

/** An audit entry the trail refuses to store. Names the offending fields, never their values. */
export class AuditEntryError extends Error {
  constructor(problem: string) {
    super(`Refusing to write an audit entry that ${problem}.`);
    this.name = 'AuditEntryError';
  }
}
