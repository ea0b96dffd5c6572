// WHM API 1's response envelope. Key order follows the current cPanel docs: `data` before `metadata`,
// and metadata as command, reason, result, version (with `output` in its alphabetical place when present).

export interface EnvelopeMetadata {
  command: string;
  /** WHM's optional messages and warnings, used here for the cause behind a fixed WHM reason. */
  output?: { messages?: string[]; warnings?: string[] };
  reason: string;
  result: 0 | 1;
  version: 1;
}

export interface Envelope<D = unknown> {
  data?: D;
  metadata: EnvelopeMetadata;
}

export function success<D>(command: string, data?: D): Envelope<D> {
  const metadata: EnvelopeMetadata = { command, reason: 'OK', result: 1, version: 1 };
  return data === undefined ? { metadata } : { data, metadata };
}

export function failure<D>(command: string, reason: string, options: { data?: D; warnings?: string[] } = {}): Envelope<D> {
  const metadata: EnvelopeMetadata = options.warnings?.length
    ? { command, output: { warnings: options.warnings }, reason, result: 0, version: 1 }
    : { command, reason, result: 0, version: 1 };
  return options.data === undefined ? { metadata } : { data: options.data, metadata };
}

/** Runs a command body; an unexpected error becomes a failure envelope with its message, never an exception. */
export async function answerOrFail(command: string, body: () => Promise<Envelope>): Promise<Envelope> {
  try {
    return await body();
  } catch (error) {
    return failure(command, error instanceof Error ? error.message : String(error));
  }
}
