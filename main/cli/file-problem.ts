// Why a file named on the command line cannot be read or written, in words: never a bare ENOENT.
import { fileErrorWords } from '../common/error-message.js';

export { fileErrorWords };

export function fileProblem(path: string, error: unknown): string {
  return `Cannot read “${path}”: ${fileErrorWords(error)}.`;
}
