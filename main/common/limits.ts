// Sizes both sides of the app apply: the engine and the IPC handlers enforce them, the UI says them and stays
// within them before asking. Dependency-free, so the renderer can import it without pulling in the engine.

/** The longest value of one WHM API parameter (and of a text the app copies to the clipboard). */
export const MAX_VALUE_LENGTH = 4096;

/** The most accounts one call (provision, remove, a batch, an export) names. */
export const MAX_USERS_PER_CALL = 100_000;

/**
 * The largest file read whole: an imported account list or the server's answer to reconcile. A listaccts dump
 * of MAX_IMPORT accounts' worth stays under it; a runaway file is refused before it costs memory.
 */
export const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

/** Why a file of this many bytes is not read, or null when it may be. The CLI and the UI say the same words. */
export function documentSizeProblem(bytes: number): string | null {
  return bytes > MAX_DOCUMENT_BYTES
    ? `It is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB, the most an imported account list or a server's answer may be.`
    : null;
}

/** Accounts sealed and written per vault write in a batch, unless the caller chooses another chunk size. */
export const DEFAULT_CHUNK_SIZE = 500;

/**
 * The most state writes a batch makes when the caller chooses no chunk size. Each write rewrites the whole state file,
 * so with a fixed chunk a batch over a whole profile of N accounts would cost N/500 rewrites of N accounts: quadratic.
 */
export const MAX_BATCH_WRITES = 20;

/** A batch's chunk when the caller chooses none: DEFAULT_CHUNK_SIZE, larger past 10,000 accounts (MAX_BATCH_WRITES). */
export function defaultChunkSize(batchSize: number): number {
  return Math.max(DEFAULT_CHUNK_SIZE, Math.ceil(batchSize / MAX_BATCH_WRITES));
}
