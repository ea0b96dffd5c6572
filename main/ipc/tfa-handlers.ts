// The main-process side of the contract, without Electron: each method checks its payload's shape and
// answers with the engine's envelope. The Electron glue registers these on ipcMain after checking the
// sender; the renderer tests bind the very same functions into Chromium.
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { applyInstructions } from '../engine/apply-body.js';
import { SHEET_PAPERS, type SheetPaper } from '../engine/enrollment-sheet-style.js';
import { OUTPUT_FORMATS, renderEnvelope } from '../engine/envelope-format.js';
import type { ApplyBodyDocument, ExportDocument } from '../engine/export-commands.js';
import type { BackupDocument } from '../engine/profile-backup-commands.js';
import { MAX_PASSPHRASE_LENGTH } from '../common/passphrase-rule.js';
import { SECRET_STATES } from '../engine/secret-selection.js';
import type { TfaEngine } from '../engine/tfa-engine.js';
import { MAX_VALUE_LENGTH } from '../engine/whm-params.js';
import { clipboardClearSecondsProblem, type PreferencesPort } from '../common/preferences-rules.js';
import {
  EXPORT_KINDS,
  type BackupOutcome,
  type Envelope,
  type ExportOutcome,
  type ExportRequest,
  type ExportSummary,
  type RestoreOutcome,
  type SaveOutcome,
  type TfaApi,
  type TfaMethod,
  type TfaResult,
  type TfaValue,
  type WhmAnswer,
} from '../common/tfa-api-contract.js';
import { MAX_PENDING_EXPIRY_DAYS, MIN_PENDING_EXPIRY_DAYS, ROLLOUT_STAGES } from '../common/rollout-stages.js';
import { ClipboardGuard } from './clipboard-guard.js';
import { ProvisionJobs } from './provision-jobs.js';

/** The few Electron objects the handlers need (dialog, clipboard, webContents), so tests can stand them in. */
export interface DesktopShell {
  /** A native save dialog; null when the operator cancels. */
  chooseSavePath(suggestedName: string): Promise<string | null>;
  /** Asks before writing a file that holds secrets. */
  confirmSecretExport(fileName: string): Promise<boolean>;
  /** Electron 45's clipboard is asynchronous (W3C-style); synchronous stand-ins are fine too. */
  writeClipboard(text: string): void | Promise<void>;
  readClipboard(): string | Promise<string>;
  /** A native open dialog for a backup file; null when the operator cancels. */
  chooseOpenPath(title: string): Promise<string | null>;
}

export interface HandlerDeps {
  engine: TfaEngine;
  shell: DesktopShell;
  stateDir: string;
  version: string;
  platform: string;
  /** The app's preferences (the clipboard delay among them), read afresh for every copy. */
  preferences: PreferencesPort;
  /** Shared with the quit guard, which clears a copy still on the clipboard; made over `shell` when absent. */
  clipboard?: ClipboardGuard;
  /** Shared with the quit guard, which asks before quitting during a batch; made over the engine when absent. */
  jobs?: ProvisionJobs;
}

export type TfaHandlers = { [M in TfaMethod]: (payload: unknown) => Promise<TfaResult<TfaValue<M>>> };

const text = (max = MAX_VALUE_LENGTH) => z.string().max(max);
const name = text(253);
/** An import file or an export is bounded, so a runaway payload is refused before it costs memory. */
const MAX_DOCUMENT_CHARS = 32 * 1024 * 1024;
/** A backup of 100,000 accounts is well under this; anything bigger is not one of ours. */
const MAX_BACKUP_BYTES = 256 * 1024 * 1024;
const MAX_USERS = 100_000;
const users = z.array(name).max(MAX_USERS);
const jobId = z.object({ jobId: z.string().min(1).max(64) }).strict();
/** Checked for length by the engine, which says why; here only bounded. */
const passphrase = z.string().min(1).max(MAX_PASSPHRASE_LENGTH * 4);
/** The rule itself lives in preferences-rules.ts (the renderer checks with it as the operator types). */
const clipboardClearSeconds = z.number().superRefine((value, context) => {
  const problem = clipboardClearSecondsProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

const payloads = {
  appInfo: z.object({}).strict(),
  whmCall: z
    .object({ fn: name, params: z.array(z.tuple([text(64), text()])).max(64) })
    .strict(),
  listServers: z.object({}).strict(),
  addServer: z.object({ hostname: name, operator: name }).strict(),
  useServer: z.object({ hostname: name }).strict(),
  removeServer: z.object({ hostname: name, force: z.boolean() }).strict(),
  listAccounts: z.object({}).strict(),
  addAccount: z.object({ user: name, domain: name }).strict(),
  importAccounts: z.object({ text: z.string().max(MAX_DOCUMENT_CHARS) }).strict(),
  removeAccounts: z.object({ users: z.array(name).min(1).max(100_000) }).strict(),
  provision: z.object({ users: z.array(name).max(100_000), replace: z.boolean() }).strict(),
  verify: z.object({ user: name, token: text(64) }).strict(),
  reveal: z.object({ user: name }).strict(),
  auditTrail: z.object({ limit: z.number().int().positive().max(1_000_000).nullable() }).strict(),
  saveExport: z
    .object({ suggestedName: z.string().min(1).max(255).regex(/^[^/\\\0]+$/), content: z.string().max(MAX_DOCUMENT_CHARS), containsSecret: z.boolean() })
    .strict(),
  copyText: z.object({ text: text() }).strict(),
  startProvisionBatch: z.object({ users, replace: z.boolean(), chunkSize: z.number().int().min(1).max(MAX_USERS).optional() }).strict(),
  provisionBatchStatus: jobId,
  cancelProvisionBatch: jobId,
  exportFile: z
    .object({
      kind: z.enum(EXPORT_KINDS),
      format: z.enum(OUTPUT_FORMATS).optional(),
      paper: z.enum(SHEET_PAPERS as [SheetPaper, ...SheetPaper[]]).optional(),
      users,
      states: z.array(z.enum(SECRET_STATES as ['pending', 'enabled'])).max(2).optional(),
    })
    .strict(),
  backupProfile: z.object({ passphrase }).strict(),
  restoreProfile: z.object({ passphrase, replace: z.boolean(), fileId: z.string().min(1).max(64).nullable() }).strict(),
  getPreferences: z.object({}).strict(),
  setPreferences: z.object({ clipboardClearSeconds }).strict(),
  rolloutStatus: z.object({ rows: z.enum([...ROLLOUT_STAGES, 'all']).nullable() }).strict(),
  reconcileAccounts: z.object({ text: z.string().max(MAX_DOCUMENT_CHARS) }).strict(),
  setPendingExpiry: z.object({ days: z.number().int().min(MIN_PENDING_EXPIRY_DAYS).max(MAX_PENDING_EXPIRY_DAYS).nullable() }).strict(),
} satisfies Record<TfaMethod, z.ZodType>;

const ok = <T>(value: T): TfaResult<T> => ({ ok: true, value });
const failed = (message: string): TfaResult<never> => ({ ok: false, error: { code: 'FAILED', message } });

function renderAll(envelope: Envelope): WhmAnswer {
  const renderings = Object.fromEntries(OUTPUT_FORMATS.map((f) => [f, renderEnvelope(envelope, f)])) as WhmAnswer['renderings'];
  return { envelope, renderings };
}

/** The batch registry over the engine's chunked provision(). */
export function provisionJobsFor(engine: TfaEngine): ProvisionJobs {
  return new ProvisionJobs((list, options) => engine.provisioning.provision(list, options));
}

export function createTfaHandlers(deps: HandlerDeps): TfaHandlers {
  const { engine, shell } = deps;
  const clipboard = deps.clipboard ?? new ClipboardGuard(shell);

  type Content = string | Uint8Array;
  const write = (file: string, content: Content, mode: number) =>
    writeFileAtomic(file, typeof content === 'string' ? content : Buffer.from(content), { mode });

  /** Asks (when `confirm`), offers a save dialog, then writes atomically: mode 0600 when it holds secrets, 0644 otherwise. */
  async function save(suggestedName: string, content: Content, { confirm, secret }: { confirm: boolean; secret: boolean }): Promise<SaveOutcome> {
    if (confirm && !(await shell.confirmSecretExport(suggestedName))) return { saved: false, reason: 'declined' };
    const file = await shell.chooseSavePath(suggestedName);
    if (file === null) return { saved: false, reason: 'cancelled' };
    await write(file, content, secret ? 0o600 : 0o644);
    return { saved: true, path: file };
  }

  const jobs = deps.jobs ?? provisionJobsFor(engine);

  /** The engine's export envelope with its document reduced to what the UI shows. */
  function exportSummary(envelope: Envelope): Envelope<ExportSummary> {
    const data = envelope.data as Partial<ExportDocument> | undefined;
    if (!data) return { metadata: envelope.metadata };
    const summary: ExportSummary = {
      hostname: data.hostname ?? '',
      accounts: data.accounts ?? 0,
      skipped: data.skipped ?? [],
      failed: data.failed ?? {},
      containsSecret: data.containsSecret ?? false,
      suggestedName: data.suggestedName ?? '',
    };
    return { data: summary, metadata: envelope.metadata };
  }

  async function exportFile(request: ExportRequest): Promise<ExportOutcome> {
    const selection = { users: request.users, ...(request.states?.length ? { states: request.states } : {}) };
    const paper = request.paper ?? 'a4';
    const envelope =
      request.kind === 'generate-answers'
        ? await engine.exports.generateAnswers({ ...selection, format: request.format ?? 'json' })
        : request.kind === 'apply-body'
          ? await engine.exports.applyBody({ users: request.users })
          : request.kind === 'uris'
            ? await engine.exports.uris(selection)
            : request.kind === 'accounts-csv'
              ? await engine.exports.accountsCsv({ users: request.users })
              : await engine.exports.sheets({ ...selection, paper, format: 'pdf' });
    const summary = exportSummary(envelope);
    if (envelope.metadata.result !== 1 || !envelope.data) return { envelope: summary, saved: null, companionPath: null };
    // The sheets are the engine's PDF, the very file `tfa-provisioner sheets --out=FILE.pdf` writes.
    const document = envelope.data as ExportDocument<string | Uint8Array>;
    const saved = await save(document.suggestedName, document.content, { confirm: document.containsSecret, secret: document.containsSecret });
    // Rollout tracking: sheets that reached a file count as printed.
    if (request.kind === 'sheets' && saved.saved) await engine.rollout.recordDelivery('sheets', document.users);
    let companionPath: string | null = null;
    if (request.kind === 'apply-body' && saved.saved) {
      // The note's curl command names the file where it actually went, which only the save dialog knew.
      const body = document as ApplyBodyDocument;
      companionPath = `${saved.path}${body.companion.suffix}`;
      await write(companionPath, applyInstructions(saved.path, body.hostname, body.accounts, body.operator), 0o644);
      // Rollout tracking: these enabled accounts are now in an apply body.
      await engine.rollout.recordDelivery('apply-body', document.users);
    }
    return { envelope: summary, saved, companionPath };
  }

  async function backupProfile(secret: string): Promise<BackupOutcome> {
    const envelope = await engine.backups.backup({ passphrase: secret });
    const document = envelope.data as BackupDocument | undefined;
    if (envelope.metadata.result !== 1 || !document) return { envelope: { metadata: envelope.metadata }, saved: null };
    const { hostname, accounts, secrets, suggestedName } = document;
    // Encrypted, so no confirmation; still 0600, since an offline guess at the passphrase would open it.
    const saved = await save(suggestedName, document.content, { confirm: false, secret: true });
    return { envelope: { data: { hostname, accounts, secrets, suggestedName }, metadata: envelope.metadata }, saved };
  }

  /** The backup chosen last, so a restore confirmed with replace does not ask for the file again. */
  let chosenBackup: { id: string; path: string } | null = null;

  async function restoreProfile(secret: string, replace: boolean, fileId: string | null): Promise<RestoreOutcome> {
    let chosen = chosenBackup;
    if (fileId === null || chosen?.id !== fileId) {
      if (fileId !== null) throw new Error('That backup file is no longer at hand: choose it again.');
      const file = await shell.chooseOpenPath('Restore a server profile from a backup');
      if (file === null) return { file: null, envelope: null };
      chosen = chosenBackup = { id: randomUUID(), path: file };
    }
    const file = { id: chosen.id, name: path.basename(chosen.path) };
    const info = await stat(chosen.path);
    if (!info.isFile() || info.size > MAX_BACKUP_BYTES) {
      throw new Error(`${file.name} is not a TFA Provisioner backup (it is not a file of a plausible size); nothing was changed.`);
    }
    const envelope = (await engine.backups.restore({ text: await readFile(chosen.path, 'utf8'), passphrase: secret, replace })) as RestoreOutcome['envelope'];
    if (envelope?.metadata.result === 1) chosenBackup = null;
    return { file, envelope };
  }

  const bodies: { [M in TfaMethod]: (p: z.infer<(typeof payloads)[M]>) => Promise<TfaValue<M>> } = {
    appInfo: async () => ({
      version: deps.version,
      stateDir: deps.stateDir,
      platform: deps.platform,
    }),
    whmCall: async ({ fn, params }) => renderAll(await engine.whm.call(fn, params)),
    listServers: () => engine.servers.list(),
    addServer: ({ hostname, operator }) => engine.servers.add(hostname, operator),
    useServer: ({ hostname }) => engine.servers.use(hostname),
    removeServer: ({ hostname, force }) => engine.servers.remove(hostname, { force }),
    listAccounts: () => engine.accounts.list(),
    addAccount: ({ user, domain }) => engine.accounts.add(user, domain),
    importAccounts: ({ text: list }) => engine.accounts.import(list),
    removeAccounts: ({ users }) => engine.accounts.remove(users),
    // The Provision view shows the new secret's QR code at once, so this one call asks for it.
    provision: ({ users, replace }) => engine.provisioning.provision(users, { replace, withSecrets: true }),
    verify: ({ user, token }) => engine.provisioning.verify(user, token),
    reveal: ({ user }) => engine.provisioning.reveal(user),
    auditTrail: ({ limit }) => engine.auditTrail(limit ?? undefined),
    saveExport: ({ suggestedName, content, containsSecret }) => save(suggestedName, content, { confirm: containsSecret, secret: containsSecret }),
    copyText: async ({ text: copied }) => {
      // The delay in force now: a change in the app applies from the next copy on (a pending clear keeps its own).
      const seconds = (await deps.preferences.get()).clipboardClearSeconds;
      // Cleared after the delay, or on quit, only if it still holds what we put there.
      await clipboard.copy(copied, seconds);
      return { clearsInSeconds: seconds };
    },
    startProvisionBatch: async ({ users: list, replace, chunkSize }) => jobs.start(list, { replace, ...(chunkSize ? { chunkSize } : {}) }),
    provisionBatchStatus: async ({ jobId: id }) => jobs.status(id),
    cancelProvisionBatch: async ({ jobId: id }) => jobs.cancel(id),
    exportFile: (request) => exportFile(request),
    backupProfile: ({ passphrase: secret }) => backupProfile(secret),
    restoreProfile: ({ passphrase: secret, replace, fileId }) => restoreProfile(secret, replace, fileId),
    getPreferences: () => deps.preferences.get(),
    setPreferences: (preferences) => deps.preferences.set(preferences),
    rolloutStatus: ({ rows }) => engine.rollout.status(rows ? { rows } : {}),
    reconcileAccounts: ({ text: answer }) => engine.rollout.reconcile(answer),
    setPendingExpiry: ({ days }) => engine.rollout.setPendingExpiry(days),
  };

  const handlers = {} as Record<TfaMethod, (payload: unknown) => Promise<TfaResult<unknown>>>;
  for (const method of Object.keys(payloads) as TfaMethod[]) {
    handlers[method] = async (payload: unknown) => {
      const parsed = payloads[method].safeParse(payload ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? ` at “${issue.path.join('.')}”` : '';
        return { ok: false, error: { code: 'BAD_REQUEST', message: `Malformed ${method} request${where}: ${issue?.message ?? 'invalid'}` } };
      }
      try {
        return ok(await (bodies[method] as (p: unknown) => Promise<unknown>)(parsed.data));
      } catch (error) {
        return failed(error instanceof Error ? error.message : String(error));
      }
    };
  }
  return handlers as TfaHandlers;
}

/** Compile-time proof that the handlers answer every method of the contract with its types. */
export type HandlersMatchContract = TfaHandlers extends { [M in TfaMethod]: (p: never) => ReturnType<TfaApi[M]> } ? true : never;
