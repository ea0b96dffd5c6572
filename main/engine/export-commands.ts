// Exports (beyond WHM): documents built from the chosen accounts, for a file or a save dialog. The engine
// writes nothing: each answer carries the document, flagged containsSecret when it holds secrets in clear,
// so the caller can ask for confirmation and write it with mode 0600. Every export is audited, never its content.
import type { ApplyBodyDocument, ExportData, ExportDocument, ExportSelection } from '../common/engine-answers.js';
import { applyCommand, applyInstructions, renderApplyBody } from './apply-body.js';
import { answerAudited } from './audit-record.js';
import type { SheetPaper } from './enrollment-sheet-style.js';
import { failure, success, type Envelope } from './envelope.js';
import type { OutputFormat } from './envelope-format.js';
import { GENERATE_ANSWERS_MEDIA, renderGenerateAnswers } from './generate-answers-stream.js';
import { renderUriList } from './otpauth-uri-list.js';
import { nameMap, own } from '../common/name-map.js';
import type { EnginePorts } from './ports.js';
import { chosenUsers, openSelectedSecrets, profileFor, type OpenedSelection, type SecretState } from './secret-selection.js';
import { noAccessReason, shownName, tfaRecordOf } from './server-profiles.js';

export type { ApplyBodyDocument, ExportData, ExportDocument, ExportSelection };

export interface SecretExportOptions {
  server?: string;
  /** Named users; empty or absent means every account of the profile. */
  users?: readonly string[];
  /** Which states to export; pending by default (accounts being enrolled). */
  states?: readonly SecretState[];
}

/** Enrollment sheets come as a PDF or as one HTML file. */
export type SheetFormat = 'pdf' | 'html';
export const SHEET_FORMATS: readonly SheetFormat[] = ['pdf', 'html'];

const SHEET_PDF_UNAVAILABLE = 'Enrollment sheets as PDF are not available in this build; write them as HTML (FILE.html) instead.';

export const EXPORT_COMMANDS = {
  generateAnswers: 'export_generate_answers',
  applyBody: 'export_apply_body',
  uris: 'export_uris',
  accountsCsv: 'export_accounts_csv',
  sheets: 'sheets',
} as const;

// The CSV writer and the QR encoder load on the exports that use them only (import() below): every other command
// opens the engine too and would pay for them.
export class ExportCommands {
  constructor(private readonly ports: EnginePorts) {}

  /** WHM's twofactorauth_generate_tfa_config answer per account (see generate-answers-stream.ts for the layouts). */
  generateAnswers(options: SecretExportOptions & { format?: OutputFormat } = {}): Promise<Envelope<ExportData>> {
    const format = options.format ?? 'json';
    const { mediaType, extension } = GENERATE_ANSWERS_MEDIA[format];
    return this.secretExport(EXPORT_COMMANDS.generateAnswers, options, async (opened) => ({
      suggestedName: `${opened.hostname}-generate-answers.${extension}`,
      mediaType,
      content: renderGenerateAnswers(opened.issuer, opened.accounts, format),
    }));
  }

  /**
   * The twofactorauth_set_tfa_config_for_user body for ENABLED accounts (pending ones have not proven a code yet,
   * so they never go to the server). `bodyPath` is the name the note's curl command sends; the desktop app, which
   * learns the path only from its save dialog, can remake the note with applyInstructions().
   */
  applyBody(options: Omit<SecretExportOptions, 'states'> & { bodyPath?: string } = {}): Promise<Envelope<ExportData<ApplyBodyDocument>>> {
    return this.secretExport<ApplyBodyDocument>(EXPORT_COMMANDS.applyBody, { ...options, states: ['enabled'] }, async (opened) => {
      const suggestedName = `${opened.hostname}-set-tfa-config-for-user.json`;
      const bodyPath = options.bodyPath ?? suggestedName;
      return {
        suggestedName,
        mediaType: 'application/json',
        content: renderApplyBody(opened.accounts),
        applyCommand: applyCommand(bodyPath, opened.hostname, opened.operator),
        operator: opened.operator,
        companion: {
          suffix: '.apply.txt',
          mediaType: 'text/plain',
          content: applyInstructions(bodyPath, opened.hostname, opened.accounts.length, opened.operator),
          containsSecret: false,
        },
      };
    });
  }

  /** otpauth:// URIs, one per line (WHM's otpauth_str). */
  uris(options: SecretExportOptions = {}): Promise<Envelope<ExportData>> {
    return this.secretExport(EXPORT_COMMANDS.uris, options, async (opened) => ({
      suggestedName: `${opened.hostname}-otpauth-uris.txt`,
      mediaType: 'text/plain',
      content: renderUriList(opened.issuer, opened.accounts),
    }));
  }

  /**
   * Printable enrollment sheets, one page per account (pending accounts by default): a PDF (through the sheetPdf
   * port) or one self-contained HTML file. Either way the same words, from enrollment-sheet-content.ts.
   */
  sheets(options: SecretExportOptions & { paper?: SheetPaper; format?: SheetFormat } = {}): Promise<Envelope<ExportData<ExportDocument<string | Uint8Array>>>> {
    const paper = options.paper ?? 'a4';
    const format = options.format ?? 'html';
    const date = new Date(this.ports.clock.now()).toISOString().slice(0, 10);
    const renderPdf = this.ports.sheetPdf;
    const renderHtml = this.ports.sheetHtml;
    if (format === 'pdf' && !renderPdf) return Promise.resolve(failure(EXPORT_COMMANDS.sheets, SHEET_PDF_UNAVAILABLE));
    return this.secretExport(EXPORT_COMMANDS.sheets, options, async (opened) => {
      const ctx = { hostname: opened.hostname, issuer: opened.issuer, date, paper, firstCodeContact: opened.firstCodeContact };
      const [only, ...more] = opened.accounts;
      const name = more.length === 0 && only ? `${opened.hostname}-${only.user}-enrollment-sheet` : `${opened.hostname}-enrollment-sheets`;
      return format === 'pdf'
        ? { suggestedName: `${name}.pdf`, mediaType: 'application/pdf', content: await renderPdf!(ctx, opened.accounts) }
        : {
            suggestedName: `${name}.html`,
            mediaType: 'text/html',
            content: renderHtml ? await renderHtml(ctx, opened.accounts) : (await import('./enrollment-sheets.js')).renderEnrollmentSheets(ctx, opened.accounts),
          };
    });
  }

  /** The accounts and their states as CSV: user,domain,state,updated. Holds no secret, so opens no vault. */
  accountsCsv(options: { server?: string; users?: readonly string[] } = {}): Promise<Envelope<ExportData>> {
    const command = EXPORT_COMMANDS.accountsCsv;
    return answerAudited<ExportData>(this.ports, command, async (scope) => {
      scope.profile = options.server ?? '';
      const profile = profileFor(this.ports, await this.ports.state.read(), options.server);
      scope.profile = profile.hostname;
      const rows = [];
      const failed = nameMap<string>();
      for (const user of chosenUsers(profile, options.users)) {
        const record = tfaRecordOf(profile, user);
        if (!record) failed[shownName(user)] = noAccessReason(user);
        else rows.push({ user, domain: own(profile.accounts, user)?.domain ?? profile.hostname, state: record.state, updated: record.updatedAt });
      }
      const document: ExportDocument = {
        suggestedName: `${profile.hostname}-accounts.csv`,
        mediaType: 'text/csv',
        content: (await import('./accounts-csv.js')).renderAccountsCsv(rows),
        containsSecret: false,
        hostname: profile.hostname,
        accounts: rows.length,
        users: rows.map(({ user }) => user),
        skipped: [],
        failed,
      };
      return success(command, document);
    });
  }

  /** Opens the chosen secrets (one vault call), builds the document, and audits one entry per exported account. */
  private secretExport<D extends ExportDocument<string | Uint8Array> = ExportDocument>(
    command: string,
    options: SecretExportOptions,
    build: (opened: OpenedSelection) => Promise<Omit<D, keyof ExportSelection | 'containsSecret' | 'users'>>,
  ): Promise<Envelope<ExportData<D>>> {
    return answerAudited<ExportData<D>>(this.ports, command, async (scope) => {
      scope.profile = options.server ?? '';
      const states = options.states?.length ? options.states : (['pending'] as const);
      const opened = await openSelectedSecrets(this.ports, { server: options.server, users: options.users, states });
      const { hostname, skipped, failed } = opened;
      scope.profile = hostname;
      if (opened.accounts.length === 0) {
        const nothing: ExportSelection = { hostname, accounts: 0, skipped, failed };
        return failure<ExportData<D>>(command, nothingToExportReason(states, Object.keys(failed).length > 0), { data: nothing });
      }
      const built = await build(opened);
      const users = opened.accounts.map(({ user }) => user);
      const document = { ...built, containsSecret: true, hostname, accounts: users.length, users, skipped, failed } as D;
      // One entry per exported account: who had a secret leave the vault.
      scope.users = users;
      return success(command, document);
    });
  }
}

function nothingToExportReason(states: readonly SecretState[], someUnknown: boolean): string {
  const wanted = states.join(' or ');
  const hint = states.includes('pending') ? ' Provision them first: tfa-provisioner provision (USER ... | --all)' : '';
  return `None of the chosen accounts is ${wanted}${someUnknown ? ' (some are unknown, see “failed”)' : ''}, so there is nothing to export.${hint}`;
}
