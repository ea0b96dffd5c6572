// Opening a file the app keeps in its state directory (the audit trail, the preferences) so that something else in
// its place (a FIFO, a socket, a directory, a device) is named at once: the open never blocks (a FIFO with no other
// end would hang it, and the process with it), and what was opened is checked before a byte is read or written.
import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';

/** Something other than a regular file sits at `path`; `kind` says what (“a FIFO (named pipe)”…). */
export class NotRegularFileError extends Error {
  constructor(
    readonly path: string,
    readonly kind: string,
  ) {
    super(`${path} is ${kind}, not a regular file`);
    this.name = 'NotRegularFileError';
  }
}

/** Opens `file` with `flags` (and O_NONBLOCK), answering the handle only if it is a regular file. */
export async function openRegularFile(file: string, flags: number, mode = 0o600): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(file, flags | (constants.O_NONBLOCK ?? 0), mode);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // A directory cannot be opened to write, a socket not at all (ENXIO): name what is there.
    if (code === 'EISDIR' || code === 'ENXIO') {
      const info = await stat(file).catch(() => null);
      throw new NotRegularFileError(file, info ? kindOf(info) : 'a special file');
    }
    throw error;
  }
  const info = await handle.stat();
  if (info.isFile()) return handle;
  await handle.close();
  throw new NotRegularFileError(file, kindOf(info));
}

function kindOf(info: Stats): string {
  return info.isDirectory() ? 'a directory' : info.isFIFO() ? 'a FIFO (named pipe)' : info.isSocket() ? 'a socket' : 'a device';
}
