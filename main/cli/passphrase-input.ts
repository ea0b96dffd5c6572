// The backup passphrase: from --passphrase-file=PATH, or typed on a terminal without echo. Never from argv,
// where other users see it in the process list and the shell keeps it in its history.
import { readFile } from 'node:fs/promises';
import { fileErrorWords } from './file-problem.js';
import { UsageError } from './usage-error.js';

export interface PassphraseStdin extends NodeJS.ReadableStream {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export interface PassphraseSource {
  file: string | undefined;
  stdin: PassphraseStdin | undefined;
  stderr: NodeJS.WritableStream;
  /** Ask twice (a new backup), so a typing slip cannot lock the operator out of it. */
  confirm: boolean;
}

/** The file's text without its final line break (editors add one); everything else is the passphrase. */
async function fromFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read the passphrase file “${path}”: ${fileErrorWords(error)}.`);
  }
  const passphrase = text.replace(/\r?\n$/, '');
  if (passphrase === '') throw new UsageError(`The passphrase file “${path}” is empty.`);
  return passphrase;
}

function promptHidden(stdin: PassphraseStdin, stderr: NodeJS.WritableStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // Echo goes off before the prompt shows, so nothing typed after it can ever appear on the screen.
    const wasRaw = stdin.isRaw ?? false;
    stdin.setRawMode?.(true);
    stderr.write(prompt);
    stdin.setEncoding('utf8');
    stdin.resume();
    let value = '';
    const finish = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode?.(wasRaw);
      stdin.pause();
      stderr.write('\n');
    };
    function onData(chunk: string | Buffer): void {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new UsageError('Cancelled; nothing was changed.'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    }
    stdin.on('data', onData);
  });
}

export async function readPassphrase(source: PassphraseSource): Promise<string> {
  if (source.file !== undefined) return fromFile(source.file);
  const { stdin, stderr } = source;
  if (!stdin?.isTTY || !stdin.setRawMode) {
    throw new UsageError(
      'Give the passphrase with --passphrase-file=PATH, or run on a terminal to be asked for it. It is never taken from the command line.',
    );
  }
  const first = await promptHidden(stdin, stderr, 'Passphrase: ');
  if (!source.confirm) return first;
  const second = await promptHidden(stdin, stderr, 'Passphrase again: ');
  if (first !== second) throw new UsageError('The two passphrases differ; nothing was written.');
  return first;
}
