// `export …` and `sheets`: asks the engine for the document and writes it atomically — mode 0600 when it holds
// secrets in clear (and only when --with-secrets says the operator means it), 0644 otherwise. The answer printed
// is the engine's command with where the file went, never the document itself.
import writeFileAtomic from 'write-file-atomic';
import type { Envelope } from '../engine/envelope.js';
import type { OutputFormat } from '../engine/envelope-format.js';
import type { ApplyBodyDocument, ExportDocument, SheetFormat } from '../engine/export-commands.js';
import { failure } from '../engine/envelope.js';
import type { SheetPaper } from '../engine/enrollment-sheet-style.js';
import type { SecretState } from '../engine/secret-selection.js';
import type { TfaEngine } from '../engine/tfa-engine.js';
import { fileErrorWords } from './file-problem.js';
import { UsageError } from './usage-error.js';

export const EXPORT_KINDS = ['generate-answers', 'apply-body', 'uris', 'accounts-csv'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number] | 'sheets';

export interface FileExportOptions {
  server: string | undefined;
  out: string | undefined;
  withSecrets: boolean;
  all: boolean;
  format: OutputFormat;
  paper: SheetPaper;
  states: SecretState[] | undefined;
}

export const EXPORT_USAGE: Record<ExportKind, string> = {
  'generate-answers': 'export generate-answers --out=FILE [--format=json|jsonpretty|yaml|xml] [--state=pending,enabled] [USER ... | --all] --with-secrets',
  'apply-body': 'export apply-body --out=FILE [USER ... | --all] --with-secrets',
  uris: 'export uris --out=FILE [--state=pending,enabled] [USER ... | --all] --with-secrets',
  'accounts-csv': 'export accounts-csv --out=FILE [USER ... | --all]',
  sheets: 'sheets --out=FILE.pdf|FILE.html [--paper=a4|letter] [--state=pending,enabled] (USER ... | --all | --not-printed) --with-secrets',
};

const HOLDS_SECRETS: Record<ExportKind, boolean> = {
  'generate-answers': true,
  'apply-body': true,
  uris: true,
  'accounts-csv': false,
  sheets: true,
};

function checkCommandLine(kind: ExportKind, users: readonly string[], options: FileExportOptions): string {
  const usage = `Usage: tfa-provisioner ${EXPORT_USAGE[kind]}`;
  if (!options.out) throw new UsageError(`--out=FILE is required. ${usage}`);
  if (options.all && users.length > 0) throw new UsageError(`Name users or give --all, not both. ${usage}`);
  // Printing thousands of pages by accident is costly: sheets wants the choice said out loud.
  if (kind === 'sheets' && !options.all && users.length === 0) throw new UsageError(usage);
  if (HOLDS_SECRETS[kind] && !options.withSecrets) {
    throw new UsageError(
      `${kind === 'sheets' ? 'sheets' : `export ${kind}`} writes secrets in clear to ${options.out}: anyone who reads the file can ` +
        `generate those accounts' codes. Add --with-secrets to confirm (the file is written with mode 0600; delete it after use).`,
    );
  }
  return options.out;
}

function askEngine(engine: TfaEngine, kind: ExportKind, users: string[], options: FileExportOptions, out: string): Promise<Envelope> {
  const chosen = { server: options.server, users, ...(options.states ? { states: options.states } : {}) };
  switch (kind) {
    case 'generate-answers':
      return engine.exports.generateAnswers({ ...chosen, format: options.format });
    case 'apply-body':
      return engine.exports.applyBody({ server: options.server, users, bodyPath: out });
    case 'uris':
      return engine.exports.uris(chosen);
    case 'accounts-csv':
      return engine.exports.accountsCsv({ server: options.server, users });
    case 'sheets':
      return engine.exports.sheets({ ...chosen, paper: options.paper, format: sheetFormatOf(out) });
  }
}

/** The sheets' format follows the file's name: a PDF for FILE.pdf, one HTML file otherwise. */
export function sheetFormatOf(out: string): SheetFormat {
  return /\.pdf$/i.test(out) ? 'pdf' : 'html';
}

async function writeDocument(path: string, content: string | Uint8Array, containsSecret: boolean): Promise<string | null> {
  try {
    const data = typeof content === 'string' ? content : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    await writeFileAtomic(path, data, { mode: containsSecret ? 0o600 : 0o644 });
    return null;
  } catch (error) {
    return `The file ${path} could not be written: ${fileErrorWords(error, true)}.`;
  }
}

export async function runFileExport(engine: TfaEngine, kind: ExportKind, users: string[], options: FileExportOptions): Promise<Envelope> {
  const out = checkCommandLine(kind, users, options);
  const envelope = await askEngine(engine, kind, users, options, out);
  const command = envelope.metadata.command;
  if (envelope.metadata.result !== 1) return envelope;
  const document = envelope.data as ExportDocument<string | Uint8Array>;
  const problem = await writeDocument(out, document.content, document.containsSecret);
  if (problem) return failure(command, problem);
  const data: Record<string, unknown> = {
    path: out,
    hostname: document.hostname,
    accounts: document.accounts,
    contains_secrets: document.containsSecret ? 1 : 0,
  };
  if (kind === 'generate-answers') data.format = options.format;
  if (kind === 'sheets') {
    data.format = sheetFormatOf(out);
    data.paper = options.paper;
  }
  if ('companion' in document) {
    const { companion, applyCommand } = document as ApplyBodyDocument;
    const notePath = `${out}${companion.suffix}`;
    const noteProblem = await writeDocument(notePath, companion.content, false);
    if (noteProblem) return failure(command, noteProblem, { data: { path: out } });
    data.apply_instructions = notePath;
    data.apply_command = applyCommand;
  }
  data.skipped = document.skipped;
  data.failed = document.failed;
  // Rollout tracking: the file is written, so these sheets count as printed, or these accounts as applied.
  const warnings = [...(envelope.metadata.output?.warnings ?? [])];
  if (kind === 'sheets' || kind === 'apply-body') {
    const marked = await engine.rollout.recordDelivery(kind, document.users, options.server);
    if (marked.metadata.result !== 1) warnings.push(`The rollout marks were not recorded: ${marked.metadata.reason}`);
    warnings.push(...(marked.metadata.output?.warnings ?? []));
  }
  // The engine's metadata stays, with any warning it carries (an audit trail that could not be written).
  const { command: c, reason, result, version } = envelope.metadata;
  return { data, metadata: warnings.length ? { command: c, output: { ...envelope.metadata.output, warnings }, reason, result, version } : envelope.metadata };
}
