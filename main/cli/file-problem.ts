// Why a file named on the command line cannot be read or written, in words: never a bare ENOENT.

/** The reason in words, for a file being read or written. */
export function fileErrorWords(error: unknown, writing = false): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
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
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

export function fileProblem(path: string, error: unknown): string {
  return `Cannot read “${path}”: ${fileErrorWords(error)}.`;
}
