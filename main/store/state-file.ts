// The state repository: <dir>/state.json, shared by every CLI and app process on the machine.
// A file this version cannot vouch for (damaged, foreign, newer) is reported and never overwritten.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import { AdapterError, type StateRepository } from '../engine/ports.js';
import { emptyState, STATE_VERSION, type TfaState } from '../engine/state.js';
import { ensureStateDir } from './state-dir.js';
import { checkState } from './state-validation.js';

export const STATE_FILE_NAME = 'state.json';

export interface JsonStateFileOptions {
  /** How old an un-refreshed lock must be before it counts as left by a dead process (ms, at least 2000). */
  staleMs?: number;
  /** How many times to retry a held lock before giving up with STATE_LOCKED. */
  lockRetries?: number;
}

export class JsonStateFile implements StateRepository {
  readonly filePath: string;
  readonly lockPath: string;
  private readonly staleMs: number;
  private readonly lockRetries: number;
  // Updates from this process queue here, so they do not spin on the lock against each other.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    options: JsonStateFileOptions = {},
  ) {
    this.filePath = path.join(dir, STATE_FILE_NAME);
    this.lockPath = `${this.filePath}.lock`;
    this.staleMs = Math.max(options.staleMs ?? 15_000, 2_000);
    this.lockRetries = options.lockRetries ?? 200;
  }

  async read(): Promise<TfaState> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return emptyState();
      throw this.ioError('could not be read', error);
    }
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
      // Read under the lock, so the mutator sees every update that finished before ours.
      const state = await this.read();
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
        await writeFileAtomic(this.filePath, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
      } catch (error) {
        throw this.ioError('could not be written (the previous version is intact)', error);
      }
      return result;
    } finally {
      await release().catch(() => undefined);
    }
  }

  private async lock(onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
    try {
      return await lockfile.lock(this.filePath, {
        realpath: false,
        lockfilePath: this.lockPath,
        stale: this.staleMs,
        update: Math.max(1_000, Math.floor(this.staleMs / 3)),
        retries: { retries: this.lockRetries, factor: 1.2, minTimeout: 20, maxTimeout: 250, randomize: true },
        onCompromised,
      });
    } catch (error) {
      if (isErrno(error, 'ELOCKED')) {
        throw new AdapterError(
          `The state file ${this.filePath} is locked by another TFA Provisioner process that is still working. ` +
            `Try again in a moment; if no other instance is running, the lock ${this.lockPath} clears itself after ` +
            `${Math.round(this.staleMs / 1000)} seconds.`,
          'STATE_LOCKED',
        );
      }
      throw this.ioError('could not be locked', error);
    }
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
    const reason = error instanceof Error ? error.message : String(error);
    return new AdapterError(`The state file ${this.filePath} ${what}: ${reason}`, 'STATE_IO');
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
