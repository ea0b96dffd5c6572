// The state repository: <dir>/state.json, shared by every CLI and app process on the machine.
// A file this version cannot vouch for (damaged, foreign, newer) is reported and never overwritten. Only a regular
// file is read: a FIFO, socket or directory in its place is reported at once instead of hanging the process.
// The lock (proper-lockfile's directory) has an owner record beside it, so a lock left by a process that died on this
// machine is reclaimed at once instead of after the stale window.
import { constants as fsConstants } from 'node:fs';
import { mkdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import { AdapterError, type StateRepository } from '../engine/ports.js';
import { emptyState, STATE_VERSION, type TfaState } from '../engine/state.js';
import { NotRegularFileError, openRegularFile } from './regular-file.js';
import { ensureStateDir } from './state-dir.js';
import { checkState } from './state-validation.js';
import { messageOf } from '../common/error-message.js';

export const STATE_FILE_NAME = 'state.json';

export interface JsonStateFileOptions {
  /** How old an un-refreshed lock must be before it counts as left by a dead process (ms, at least 2000). */
  staleMs?: number;
  /** How many times to retry a held lock before giving up with STATE_LOCKED. */
  lockRetries?: number;
  /** Told when a lock left by a dead process was reclaimed, so the caller can say so. */
  onLockReclaimed?: (owner: LockOwner) => void;
}

/** Who holds the lock: written beside it once taken, so a dead holder on this machine can be recognised at once. */
export interface LockOwner {
  pid: number;
  host: string;
  /** The lock directory's identity, so a record never vouches for a later lock that reuses the name. */
  lock: string;
}

export class JsonStateFile implements StateRepository {
  readonly filePath: string;
  readonly lockPath: string;
  readonly ownerPath: string;
  private readonly staleMs: number;
  private readonly onLockReclaimed: ((owner: LockOwner) => void) | undefined;
  private readonly lockRetries: number;
  // Updates from this process queue here, so they do not spin on the lock against each other.
  private queue: Promise<unknown> = Promise.resolve();
  /** The text this process last wrote and the state it wrote (checked): see updateLocked. */
  private written: { text: string; state: TfaState } | null = null;

  constructor(
    readonly dir: string,
    options: JsonStateFileOptions = {},
  ) {
    this.filePath = path.join(dir, STATE_FILE_NAME);
    this.lockPath = `${this.filePath}.lock`;
    this.ownerPath = `${this.lockPath}.owner`;
    this.onLockReclaimed = options.onLockReclaimed;
    this.staleMs = Math.max(options.staleMs ?? 15_000, 2_000);
    this.lockRetries = options.lockRetries ?? 200;
  }

  async read(): Promise<TfaState> {
    return this.parse(await this.readText());
  }

  /** The file's text; null when there is no file yet. */
  private async readText(): Promise<string | null> {
    try {
      return await this.readRegularFile();
    } catch (error) {
      if (error instanceof AdapterError) throw error;
      if (isErrno(error, 'ENOENT')) return null;
      throw this.ioError('could not be read', error);
    }
  }

  private parse(text: string | null): TfaState {
    if (text === null) return emptyState();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw this.corrupt('it is not valid JSON (it may have been truncated or edited by hand)');
    }
    const check = checkState(parsed);
    if (check.ok) return check.state;
    if (check.problem === 'too-new') {
      throw new AdapterError(
        `The state file ${this.filePath} was written by a newer TFA Provisioner (state version ${check.version}; ` +
          `this version understands up to ${STATE_VERSION}). It was left untouched: upgrade TFA Provisioner to use it.`,
        'STATE_TOO_NEW',
      );
    }
    throw this.corrupt(check.detail);
  }

  /** Reads only a regular file: anything else in its place is named at once (openRegularFile never blocks on a FIFO). */
  private async readRegularFile(): Promise<string> {
    let handle;
    try {
      handle = await openRegularFile(this.filePath, fsConstants.O_RDONLY);
    } catch (error) {
      if (error instanceof NotRegularFileError) throw this.notRegular(error.kind);
      throw error;
    }
    try {
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  }

  update<T>(mutate: (state: TfaState) => T | Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.updateLocked(mutate));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async updateLocked<T>(mutate: (state: TfaState) => T | Promise<T>): Promise<T> {
    try {
      await ensureStateDir(this.dir);
    } catch (error) {
      throw this.ioError('could not be created (its directory is missing and mkdir failed)', error);
    }
    let compromised: Error | null = null;
    const release = await this.lock((error) => {
      compromised = error;
    });
    try {
      // Read under the lock, so the mutator sees every update that finished before ours. When the file is still
      // the very text this process last wrote, the state it wrote is still in memory, checked: parsing and checking
      // the whole file again for every chunk of a batch was most of a big provision's time (issue 11). It is kept
      // only from one successful write to the next update: the mutator changes it in place.
      const text = await this.readText();
      const written = this.written;
      this.written = null;
      const state = written !== null && text === written.text ? written.state : this.parse(text);
      const result = await mutate(state);
      const check = checkState(state);
      if (!check.ok) {
        // A mutator bug must not turn the file into one the next run reports as damaged.
        const detail = check.problem === 'corrupt' ? check.detail : `its version is not ${STATE_VERSION}`;
        throw new Error(`Refusing to write an invalid state to ${this.filePath}: ${detail}`);
      }
      if (compromised) {
        // Another process may have taken over the lock (we stalled past the stale window): writing now could lose its update.
        throw new AdapterError(
          `The lock on ${this.filePath} was lost while updating (this process stalled too long); nothing was written. Try again.`,
          'STATE_LOCKED',
        );
      }
      try {
        // Compact: indentation only made the file larger and every read and write of 10,000 accounts slower.
        // Files written pretty by earlier versions read the same (it is JSON either way).
        const out = `${JSON.stringify(state)}\n`;
        await writeFileAtomic(this.filePath, out, { mode: 0o600 });
        this.written = { text: out, state };
      } catch (error) {
        throw this.ioError('could not be written (the previous version is intact)', error);
      }
      return result;
    } finally {
      await release().catch(() => undefined);
    }
  }

  private async lock(onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
    await this.reclaimDeadLock();
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.filePath, {
        realpath: false,
        lockfilePath: this.lockPath,
        stale: this.staleMs,
        update: Math.max(1_000, Math.floor(this.staleMs / 3)),
        retries: { retries: this.lockRetries, factor: 1.2, minTimeout: 20, maxTimeout: 250, randomize: true },
        onCompromised,
      });
    } catch (error) {
      if (isErrno(error, 'ELOCKED')) {
        const owner = await this.readOwner();
        const who = owner ? ` (process ${owner.pid} on ${owner.host})` : '';
        throw new AdapterError(
          `The state file ${this.filePath} is locked by another TFA Provisioner process${who} that is still working. ` +
            `Try again in a moment; if no other instance is running, the lock ${this.lockPath} clears itself after ` +
            `${Math.round(this.staleMs / 1000)} seconds.`,
          'STATE_LOCKED',
        );
      }
      throw this.ioError('could not be locked', error);
    }
    try {
      const owner: LockOwner = { pid: process.pid, host: os.hostname(), lock: await lockIdentity(this.lockPath) };
      await writeFile(this.ownerPath, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
    } catch {
      // Without an owner record the lock still works; a dead holder is then only recognised once it is stale.
    }
    return async () => {
      await rm(this.ownerPath, { force: true }).catch(() => undefined);
      await release();
    };
  }

  /**
   * Removes the lock when its owner record says it was taken on this machine by a process that no longer runs.
   * Only one process may reclaim at a time (an atomic mkdir beside the lock), and it re-checks the lock's identity
   * just before removing it, so a live lock taken meanwhile is never removed.
   */
  private async reclaimDeadLock(): Promise<void> {
    const owner = await this.readOwner();
    if (!owner || owner.host !== os.hostname() || isAlive(owner.pid)) return;
    if ((await lockIdentity(this.lockPath).catch(() => null)) !== owner.lock) return;
    const claim = `${this.lockPath}.reclaim`;
    try {
      await mkdir(claim);
    } catch (error) {
      // Another process is reclaiming; a claim left by a crash is itself cleared once it is stale.
      if (isErrno(error, 'EEXIST')) {
        const age = Date.now() - (await stat(claim).then((s) => s.mtimeMs, () => Date.now()));
        if (age > this.staleMs) await rmdir(claim).catch(() => undefined);
      }
      return;
    }
    try {
      if ((await lockIdentity(this.lockPath).catch(() => null)) !== owner.lock) return;
      await rmdir(this.lockPath);
      await rm(this.ownerPath, { force: true });
      this.onLockReclaimed?.(owner);
    } catch {
      // Someone else got there first: the ordinary lock attempt decides.
    } finally {
      await rmdir(claim).catch(() => undefined);
    }
  }

  private async readOwner(): Promise<LockOwner | null> {
    try {
      const owner = JSON.parse(await readFile(this.ownerPath, 'utf8')) as Partial<LockOwner>;
      return Number.isSafeInteger(owner.pid) && owner.pid! > 0 && typeof owner.host === 'string' && typeof owner.lock === 'string' ? (owner as LockOwner) : null;
    } catch {
      return null;
    }
  }

  private notRegular(what: string): AdapterError {
    return new AdapterError(
      `The state file ${this.filePath} is ${what}, not a regular file, so it was not read. Move it aside; ` +
        `TFA Provisioner then starts with an empty state (or restore the file from a backup).`,
      'STATE_IO',
    );
  }

  private corrupt(detail: string): AdapterError {
    return new AdapterError(
      `The state file ${this.filePath} is damaged or not a TFA Provisioner state file: ${detail}. ` +
        `It was left untouched. To recover, restore it from a backup, or move it aside (for example to ` +
        `${STATE_FILE_NAME}.broken) to start with an empty state.`,
      'STATE_CORRUPT',
    );
  }

  private ioError(what: string, error: unknown): AdapterError {
    const reason = messageOf(error);
    return new AdapterError(`The state file ${this.filePath} ${what}: ${reason}`, 'STATE_IO');
  }
}

/** Inode and birth time: a lock directory removed and made again under the same name is a different lock. */
async function lockIdentity(lockPath: string): Promise<string> {
  const info = await stat(lockPath, { bigint: true });
  // Not ctime or mtime: the holder refreshes the lock's times while it works.
  return `${info.dev}:${info.ino}:${info.birthtimeNs}`;
}

/** Whether a process of this machine runs; EPERM means it runs under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isErrno(error, 'ESRCH');
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
