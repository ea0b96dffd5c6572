// The main-process side of the contract, without Electron: each method's payload is checked against its schema
// (main/common/tfa-api-schemas.ts) before its body runs, and every answer is a TfaResult. The bodies live by area
// (accounts, provisioning, files, preferences, rollout); the Electron glue registers these on ipcMain after checking the
// sender, and the renderer tests bind the very same functions into Chromium.
import { messageOf } from '../common/error-message.js';
import type { TfaError, TfaMethod, TfaPayload, TfaResult, TfaValue } from '../common/tfa-api-contract.js';
import { TFA_METHODS } from '../common/tfa-api-contract.js';
import { TFA_EVENT_SCHEMAS, TFA_PAYLOAD_SCHEMAS } from '../common/tfa-api-schemas.js';
import { AdapterError } from '../engine/ports.js';
import { accountHandlers } from './account-handlers.js';
import { fileHandlers } from './file-handlers.js';
import { UNHEARD_CALLER, type HandlerBodies, type HandlerDeps, type TfaCaller, type TfaEmit } from './handler-deps.js';
import { preferenceHandlers } from './preference-handlers.js';
import { provisioningHandlers } from './provisioning-handlers.js';
import { rolloutHandlers } from './rollout-handlers.js';

export type { DesktopShell, HandlerDeps, TfaCaller, TfaEmit } from './handler-deps.js';
export { provisionJobsFor } from './provisioning-handlers.js';

/** Each method, for any payload; `caller` is how to push events back to the window that called (none: nobody listens). */
export type TfaHandlers = { [M in TfaMethod]: (payload: unknown, caller?: TfaCaller) => Promise<TfaResult<TfaValue<M>>> };

/** An event that fails its schema is never sent: the page gets only what the contract says, and never a secret. */
export class EventRefusedError extends Error {
  constructor(event: string, problem: string) {
    super(`The ${event} event was not sent: ${problem}`);
    this.name = 'EventRefusedError';
  }
}

/** The caller's emitter behind the schema check of each event. */
function checkedCaller(caller: TfaCaller): TfaCaller {
  const emit: TfaEmit = (event, payload) => {
    const parsed = TFA_EVENT_SCHEMAS[event].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new EventRefusedError(event, `${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim());
    }
    caller.emit(event, payload);
  };
  return { emit };
}

/** An error for the window: its message, and the adapter's code when the keychain or the state file failed. */
export function failedResult(error: unknown): { ok: false; error: TfaError } {
  return { ok: false, error: { code: 'FAILED', message: messageOf(error), ...(error instanceof AdapterError ? { adapterCode: error.code } : {}) } };
}

function guarded<M extends TfaMethod>(method: M, body: HandlerBodies[M]): (payload: unknown) => Promise<TfaResult<TfaValue<M>>> {
  const schema = TFA_PAYLOAD_SCHEMAS[method];
  return async (payload: unknown, caller: TfaCaller = UNHEARD_CALLER): Promise<TfaResult<TfaValue<M>>> => {
    const parsed = schema.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at “${issue.path.join('.')}”` : '';
      return { ok: false, error: { code: 'BAD_REQUEST', message: `Malformed ${method} request${where}: ${issue?.message ?? 'invalid'}` } };
    }
    try {
      return { ok: true, value: await body(parsed.data as TfaPayload<M>, checkedCaller(caller)) };
    } catch (error) {
      return failedResult(error);
    }
  };
}

export function createTfaHandlers(deps: HandlerDeps): TfaHandlers {
  // Every method has exactly one body: a missing or extra one fails the build here.
  const bodies: HandlerBodies = {
    ...preferenceHandlers(deps),
    ...accountHandlers(deps),
    ...provisioningHandlers(deps),
    ...fileHandlers(deps),
    ...rolloutHandlers(deps),
  };
  const handlers: Partial<Record<TfaMethod, (payload: unknown, caller?: TfaCaller) => Promise<TfaResult<unknown>>>> = {};
  for (const method of TFA_METHODS) handlers[method] = guarded(method, bodies[method]);
  return handlers as TfaHandlers;
}
