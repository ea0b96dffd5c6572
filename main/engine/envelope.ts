// WHM API 1's response envelope. Key order follows the current cPanel docs: `data` before `metadata`,
// and metadata as command, reason, result, version (with `output` in its alphabetical place when present).
// `result` is typed as cPanel builds it (Whostmgr/API/1/Utils.pm): the string "1" on success, the number 0 on
// failure, so JSON answers `"result":"1"` and `"result":0` exactly as whmapi1 prints them.

import type { AdapterErrorCode, Envelope, EnvelopeMetadata, WhmResult } from '../common/engine-answers.js';
import { messageOf } from '../common/error-message.js';
import { shownText } from '../common/shown-text.js';
import { AdapterError } from './ports.js';

export type { Envelope, EnvelopeMetadata, WhmResult };

/** Whether an answer succeeded; use this rather than comparing `result` with a number. */
export function succeeded(envelope: { metadata: { result: WhmResult } }): boolean {
  return envelope.metadata.result === '1';
}

export function success<D>(command: string, data?: D): Envelope<D> {
  const metadata: EnvelopeMetadata = { command, reason: 'OK', result: '1', version: 1 };
  return data === undefined ? { metadata } : { data, metadata };
}

export function failure<D>(
  command: string,
  reason: string,
  options: { data?: D; warnings?: string[]; errorCode?: AdapterErrorCode } = {},
): Envelope<D> {
  // The one sanitiser sees every reason and warning, whoever built it: no control character, escape sequence or
  // lone surrogate from a name, a file or an adapter's message reaches a terminal or breaks a rendering.
  const metadata: EnvelopeMetadata = {
    command,
    ...(options.errorCode ? { error_code: options.errorCode } : {}),
    ...(options.warnings?.length ? { output: { warnings: options.warnings.map(shownText) } } : {}),
    reason: shownText(reason),
    result: 0,
    version: 1,
  };
  return options.data === undefined ? { metadata } : { data: options.data, metadata };
}

/**
 * Runs an app command's body; an unexpected error becomes a failure envelope with its message, never an exception,
 * and an adapter's error keeps its kind in metadata.error_code.
 */
export async function answerOrFail<D>(command: string, body: () => Promise<Envelope<D>>): Promise<Envelope<D>> {
  try {
    return await body();
  } catch (error) {
    return failure<D>(command, messageOf(error), error instanceof AdapterError ? { errorCode: error.code } : {});
  }
}
