// The main-process side of the contract, without Electron: each method checks its payload's shape and
// answers with the engine's envelope. The Electron glue registers these on ipcMain after checking the
// sender; the renderer tests bind the very same functions into Chromium.
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { OUTPUT_FORMATS, renderEnvelope } from '../engine/envelope-format.js';
import type { TfaEngine } from '../engine/tfa-engine.js';
import { MAX_VALUE_LENGTH } from '../engine/whm-params.js';
import type { Envelope, SaveOutcome, TfaApi, TfaMethod, TfaResult, TfaValue, WhmAnswer } from '../common/tfa-api-contract.js';

/** The few Electron objects the handlers need (dialog, clipboard, webContents), so tests can stand them in. */
export interface DesktopShell {
  /** A native save dialog; null when the operator cancels. */
  chooseSavePath(suggestedName: string): Promise<string | null>;
  /** Asks before writing a file that holds secrets. */
  confirmSecretExport(fileName: string): Promise<boolean>;
  /** Electron 45's clipboard is asynchronous (W3C-style); synchronous stand-ins are fine too. */
  writeClipboard(text: string): void | Promise<void>;
  readClipboard(): string | Promise<string>;
  printPageToPdf(): Promise<Uint8Array>;
}

export interface HandlerDeps {
  engine: TfaEngine;
  shell: DesktopShell;
  stateDir: string;
  version: string;
  platform: string;
  clipboardClearSeconds: number;
}

export type TfaHandlers = { [M in TfaMethod]: (payload: unknown) => Promise<TfaResult<TfaValue<M>>> };

const text = (max = MAX_VALUE_LENGTH) => z.string().max(max);
const name = text(253);
/** An import file or an export is bounded, so a runaway payload is refused before it costs memory. */
const MAX_DOCUMENT_CHARS = 32 * 1024 * 1024;

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
  printToPdf: z.object({ suggestedName: z.string().min(1).max(255).regex(/^[^/\\\0]+$/) }).strict(),
} satisfies Record<TfaMethod, z.ZodType>;

const ok = <T>(value: T): TfaResult<T> => ({ ok: true, value });
const failed = (message: string): TfaResult<never> => ({ ok: false, error: { code: 'FAILED', message } });

function renderAll(envelope: Envelope): WhmAnswer {
  const renderings = Object.fromEntries(OUTPUT_FORMATS.map((f) => [f, renderEnvelope(envelope, f)])) as WhmAnswer['renderings'];
  return { envelope, renderings };
}

export function createTfaHandlers(deps: HandlerDeps): TfaHandlers {
  const { engine, shell } = deps;
  let clipboardTimer: ReturnType<typeof setTimeout> | undefined;

  async function save(suggestedName: string, content: string | Uint8Array, containsSecret: boolean): Promise<SaveOutcome> {
    if (containsSecret && !(await shell.confirmSecretExport(suggestedName))) return { saved: false, reason: 'declined' };
    const path = await shell.chooseSavePath(suggestedName);
    if (path === null) return { saved: false, reason: 'cancelled' };
    await writeFileAtomic(path, typeof content === 'string' ? content : Buffer.from(content), { mode: containsSecret ? 0o600 : 0o644 });
    return { saved: true, path };
  }

  const bodies: { [M in TfaMethod]: (p: z.infer<(typeof payloads)[M]>) => Promise<TfaValue<M>> } = {
    appInfo: async () => ({
      version: deps.version,
      stateDir: deps.stateDir,
      platform: deps.platform,
      clipboardClearSeconds: deps.clipboardClearSeconds,
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
    provision: ({ users, replace }) => engine.provisioning.provision(users, { replace }),
    verify: ({ user, token }) => engine.provisioning.verify(user, token),
    reveal: ({ user }) => engine.provisioning.reveal(user),
    auditTrail: ({ limit }) => engine.auditTrail(limit ?? undefined),
    saveExport: ({ suggestedName, content, containsSecret }) => save(suggestedName, content, containsSecret),
    copyText: async ({ text: copied }) => {
      await shell.writeClipboard(copied);
      clearTimeout(clipboardTimer);
      // Cleared only if it still holds what we put there: the operator may have copied something else since.
      clipboardTimer = setTimeout(() => {
        void (async () => {
          if ((await shell.readClipboard()) === copied) await shell.writeClipboard('');
        })().catch(() => {
          // A clipboard that cannot be read now cannot be cleared either; nobody is waiting on this timer.
        });
      }, deps.clipboardClearSeconds * 1000);
      clipboardTimer.unref?.();
      return { clearsInSeconds: deps.clipboardClearSeconds };
    },
    printToPdf: async ({ suggestedName }) => save(suggestedName, await shell.printPageToPdf(), true),
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
