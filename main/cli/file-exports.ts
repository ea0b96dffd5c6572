// `export …` and `sheets` on the command line: checks the options, then hands the path to the delivery module
// (main/store/file-delivery.ts), which asks the engine and writes the file with the mode its kind calls for. Secrets
// are written only when --with-secrets says the operator means it. The answer printed is the engine's command with
// where the file went, never the document itself.
import type { Envelope, ExportSelection, OutputFormat, SecretState, SheetPaper } from '../common/engine-answers.js';
import type { ExportKind } from '../common/tfa-api-contract.js';
import { failure } from '../engine/envelope.js';
import type { SheetFormat } from '../engine/export-commands.js';
import type { TfaEngine } from '../engine/tfa-engine.js';
import { buildExport, deliverExport, EXPORT_HOLDS_SECRETS, EXPORT_USAGE, exportDocumentOf, FileWriteError } from '../store/file-delivery.js';
import { UsageError } from './usage-error.js';

/** The kinds `export KIND` takes; sheets has a command of its own. */
export const EXPORT_KINDS = ['generate-answers', 'apply-body', 'uris', 'accounts-csv'] as const satisfies readonly ExportKind[];
export type { ExportKind };
export { EXPORT_USAGE };

export interface FileExportOptions {
  server: string | undefined;
  out: string | undefined;
  withSecrets: boolean;
  all: boolean;
  format: OutputFormat;
  paper: SheetPaper;
  states: SecretState[] | undefined;
}

/** What the CLI prints once an export is written (beyond WHM): where it went, and what it holds. */
export interface FileExportData extends ExportSelection {
  path: string;
  contains_secrets: 0 | 1;
  /** generate-answers: the envelopes' format; sheets: pdf or html. */
  format?: OutputFormat | SheetFormat;
  paper?: SheetPaper;
  apply_instructions?: string;
  apply_command?: string;
}

/** The sheets' format follows the file's name: a PDF for FILE.pdf, one HTML file otherwise. */
export function sheetFormatOf(out: string): SheetFormat {
  return /\.pdf$/i.test(out) ? 'pdf' : 'html';
}

function checkCommandLine(kind: ExportKind, users: readonly string[], options: FileExportOptions): string {
  const usage = `Usage: tfa-provisioner ${EXPORT_USAGE[kind]}`;
  if (!options.out) throw new UsageError(`--out=FILE is required. ${usage}`);
  if (options.all && users.length > 0) throw new UsageError(`Name users or give --all, not both. ${usage}`);
  // Printing thousands of pages by accident is costly: sheets wants the choice said out loud.
  if (kind === 'sheets' && !options.all && users.length === 0) throw new UsageError(usage);
  if (EXPORT_HOLDS_SECRETS[kind] && !options.withSecrets) {
    throw new UsageError(
      `${kind === 'sheets' ? 'sheets' : `export ${kind}`} writes secrets in clear to ${options.out}: anyone who reads the file can ` +
        `generate those accounts' codes. Add --with-secrets to confirm (the file is written with mode 0600; delete it after use).`,
    );
  }
  return options.out;
}

export async function runFileExport(
  engine: TfaEngine,
  kind: ExportKind,
  users: string[],
  options: FileExportOptions,
): Promise<Envelope<FileExportData | ExportSelection | { path: string }>> {
  const out = checkCommandLine(kind, users, options);
  const { server, format, paper } = options;
  const sheetFormat = sheetFormatOf(out);
  const envelope = await buildExport(engine, { kind, server, users, ...(options.states ? { states: options.states } : {}), format, paper, sheetFormat, bodyPath: out });
  const document = exportDocumentOf(envelope);
  if (!document) {
    // Refused, or nothing to export: the engine's answer as it is (its data is the selection alone).
    const { data: selection, metadata } = envelope;
    return selection && !('content' in selection) ? { data: selection, metadata } : { metadata };
  }
  const command = envelope.metadata.command;
  let delivered;
  try {
    delivered = await deliverExport(engine, kind, document, out, { server });
  } catch (error) {
    if (!(error instanceof FileWriteError)) throw error;
    // The body went out but its note did not: say where the body is.
    return failure(command, error.message, error.path === out ? {} : { data: { path: out } });
  }
  const data: FileExportData = {
    path: out,
    hostname: document.hostname,
    accounts: document.accounts,
    contains_secrets: document.containsSecret ? 1 : 0,
    ...(kind === 'generate-answers' ? { format } : {}),
    ...(kind === 'sheets' ? { format: sheetFormat, paper } : {}),
    ...(delivered.notePath && delivered.applyCommand ? { apply_instructions: delivered.notePath, apply_command: delivered.applyCommand } : {}),
    skipped: document.skipped,
    failed: document.failed,
  };
  // The engine's metadata stays, with any warning it carries (an audit trail that could not be written).
  const warnings = [...(envelope.metadata.output?.warnings ?? []), ...delivered.warnings];
  const { command: c, reason, result, version } = envelope.metadata;
  return { data, metadata: warnings.length ? { command: c, output: { ...envelope.metadata.output, warnings }, reason, result, version } : envelope.metadata };
}
