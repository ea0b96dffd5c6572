// Turns whatever was thrown into words for a person, in one place: the engine's failure envelopes, the CLI's
// stderr line, the IPC error and the UI's note all say the same thing for the same error.

/** The message of an Error, or the thrown value itself as text (a string thrown, a number…). Never a stack. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A file error in one word when the system gave one (ENOENT, EACCES, EISDIR…), otherwise its message: "could not
 * be written: EACCES" names the cause without the raw syscall text around it.
 */
export function fileErrorOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code !== '' ? code : messageOf(error);
}
