// What each `window.tfa` method takes, as zod schemas: the main process checks every payload against these before
// anything runs, and the payload types of the contract are inferred from them (tfa-api-contract.ts imports only
// their types). What each pushed event carries, likewise: the main process checks every event against its schema
// before it leaves (a secret can never ride along). Imported at run time by the main process alone: the preload and
// the renderer never load zod.
import { z } from 'zod';
import { OUTPUT_FORMATS, SECRET_STATES, SHEET_PAPERS, type Envelope, type SecretState, type SheetPaper } from './engine-answers.js';
import { MAX_DOCUMENT_BYTES, MAX_USERS_PER_CALL, MAX_VALUE_LENGTH } from './limits.js';
import { MAX_PASSPHRASE_LENGTH } from './passphrase-rule.js';
import { clipboardClearSecondsProblem } from './preferences-rules.js';
import { MAX_PENDING_EXPIRY_DAYS, MIN_PENDING_EXPIRY_DAYS, ROLLOUT_STAGES } from './rollout-stages.js';
import { EXPORT_KINDS, SAVE_KINDS, type BatchData, type TfaEvent, type TfaEventPayloads, type TfaMethod } from './tfa-api-contract.js';
import { WHM_FUNCTIONS, type WhmFunctionName } from './whm-function-specs.js';

/** An import file or a saved answer is bounded, so a runaway payload is refused before it costs memory. */
export const MAX_DOCUMENT_CHARS = MAX_DOCUMENT_BYTES;

const text = (max = MAX_VALUE_LENGTH) => z.string().max(max);
const name = text(253);
const users = z.array(name).max(MAX_USERS_PER_CALL);
const nothing = z.object({}).strict();
const jobId = z.object({ jobId: z.string().min(1).max(64) }).strict();
/** A file name for a save dialog: never a path. */
const fileName = z.string().min(1).max(255).regex(/^[^/\\\0]+$/);
/** Checked for length by the engine, which says why; here only bounded. */
const passphrase = z.string().min(1).max(MAX_PASSPHRASE_LENGTH * 4);
/** The rule itself lives in preferences-rules.ts (the renderer checks with it as the operator types). */
const clipboardClearSeconds = z.number().superRefine((value, context) => {
  const problem = clipboardClearSecondsProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});
const whmFunction = z.enum(Object.keys(WHM_FUNCTIONS) as [WhmFunctionName, ...WhmFunctionName[]]);

/**
 * One schema per method, and exactly the contract's methods: `satisfies` fails the build when a method of
 * TFA_METHODS has no schema here, or a schema names a method the contract does not list.
 */
export const TFA_PAYLOAD_SCHEMAS = {
  appInfo: nothing,
  whmCall: z.object({ fn: name, params: z.array(z.tuple([text(64), text()])).max(64) }).strict(),
  listServers: nothing,
  addServer: z.object({ hostname: name, operator: name }).strict(),
  useServer: z.object({ hostname: name }).strict(),
  removeServer: z.object({ hostname: name, force: z.boolean() }).strict(),
  listAccounts: nothing,
  addAccount: z.object({ user: name, domain: name }).strict(),
  importAccounts: z.object({ text: z.string().max(MAX_DOCUMENT_CHARS) }).strict(),
  removeAccounts: z.object({ users: users.min(1) }).strict(),
  provision: z.object({ users, replace: z.boolean() }).strict(),
  verify: z.object({ user: name, token: text(64) }).strict(),
  reveal: z.object({ user: name }).strict(),
  auditTrail: z.object({ limit: z.number().int().positive().max(1_000_000).nullable() }).strict(),
  // What is saved says whether it holds a secret (main/store/file-delivery.ts decides), never the page.
  saveExport: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal(SAVE_KINDS[0]), fn: whmFunction, suggestedName: fileName, content: z.string().max(MAX_DOCUMENT_CHARS) }).strict(),
    z.object({ kind: z.literal(SAVE_KINDS[1]), suggestedName: fileName, content: z.string().max(MAX_DOCUMENT_CHARS) }).strict(),
  ]),
  copyText: z.object({ text: text() }).strict(),
  startProvisionBatch: z.object({ users, replace: z.boolean(), chunkSize: z.number().int().min(1).max(MAX_USERS_PER_CALL).optional() }).strict(),
  cancelProvisionBatch: jobId,
  exportFile: z
    .object({
      kind: z.enum(EXPORT_KINDS),
      /** generate-answers only: json (one envelope a line), jsonpretty, yaml or xml. */
      format: z.enum(OUTPUT_FORMATS).optional(),
      /** sheets only. */
      paper: z.enum(SHEET_PAPERS as [SheetPaper, ...SheetPaper[]]).optional(),
      /** Named users; empty means every account of the active profile. */
      users,
      /** generate-answers, uris and sheets: pending by default. */
      states: z.array(z.enum(SECRET_STATES as [SecretState, ...SecretState[]])).max(2).optional(),
    })
    .strict(),
  backupProfile: z.object({ passphrase }).strict(),
  restoreProfile: z.object({ passphrase, replace: z.boolean(), fileId: z.string().min(1).max(64).nullable() }).strict(),
  getPreferences: nothing,
  setPreferences: z.object({ clipboardClearSeconds }).strict(),
  rolloutStatus: z.object({ rows: z.enum([...ROLLOUT_STAGES, 'all']).nullable() }).strict(),
  reconcileAccounts: z.object({ text: z.string().max(MAX_DOCUMENT_CHARS) }).strict(),
  setPendingExpiry: z.object({ days: z.number().int().min(MIN_PENDING_EXPIRY_DAYS).max(MAX_PENDING_EXPIRY_DAYS).nullable() }).strict(),
} satisfies { [M in TfaMethod]: z.ZodType };

/** Each method's payload type, inferred from its schema: what the renderer sends is what the main process checks. */
export type TfaPayloads = { [M in keyof typeof TFA_PAYLOAD_SCHEMAS]: z.infer<(typeof TFA_PAYLOAD_SCHEMAS)[M]> };

/** A finished batch's envelope: its users by name only (never a secret or an otpauth URI), as provision-jobs.ts reduces it. */
const batchEnvelope = z
  .object({
    data: z
      .object({
        provisioned: z.array(z.string()),
        skipped: z.array(z.object({ user: z.string(), state: z.string() }).strict()),
        failed: z.record(z.string(), z.string()),
        cancelled: z.union([z.literal(0), z.literal(1)]),
      })
      .strict()
      .optional(),
    metadata: z.object({ command: z.string(), reason: z.string(), result: z.union([z.literal('1'), z.literal(0)]), version: z.literal(1) }).loose(),
  })
  .strict();

const count = z.number().int().min(0);

/**
 * One schema per pushed event, and exactly the contract's events, each yielding that event's payload type (`satisfies`
 * fails the build otherwise). The main process checks every event against its schema before it is sent.
 */
export const TFA_EVENT_SCHEMAS = {
  provisionProgress: z
    .object({
      jobId: z.string().min(1).max(64),
      done: count,
      total: count,
      finished: z.boolean(),
      cancelled: z.boolean(),
      // The structure is checked by batchEnvelope; the type is the engine's own Envelope<BatchData>.
      envelope: z.custom<Envelope<BatchData>>((value) => batchEnvelope.safeParse(value).success, 'A batch envelope names its users only.').nullable(),
    })
    .strict(),
} satisfies { [E in TfaEvent]: z.ZodType<TfaEventPayloads[E]> };
