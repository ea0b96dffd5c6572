// Turns whatever was thrown into words for a person, in one place: the engine's failure envelopes, the CLI's
// stderr line, the IPC error and the UI's note all say the same thing for the same error.

/** The message of an Error, or the thrown value itself as text (a string thrown, a number…). Never a stack. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why a file cannot be read or written, in words (never a bare ENOENT); an unknown code as it is. */
export function fileErrorWords(error: unknown, writing = false): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ENOENT':
      return writing ? 'its directory does not exist' : 'there is no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EFBIG':
      return 'it is too large';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return typeof code === 'string' && code !== '' ? code : messageOf(error);
  }
}
