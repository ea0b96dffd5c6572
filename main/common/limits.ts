// Sizes both sides of the app apply: the engine and the IPC handlers enforce them, the UI says them and stays
// within them before asking. Dependency-free, so the renderer can import it without pulling in the engine.

/** The longest value of one WHM API parameter (and of a text the app copies to the clipboard). */
export const MAX_VALUE_LENGTH = 4096;

/** The most accounts one call (provision, remove, a batch, an export) names. */
export const MAX_USERS_PER_CALL = 100_000;

/** Accounts sealed and written per vault write in a batch, unless the caller chooses another chunk size. */
export const DEFAULT_CHUNK_SIZE = 500;
