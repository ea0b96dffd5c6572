// What the IPC handlers are given: the engine, the few Electron objects they need (as a DesktopShell, so tests can
// stand them in), and the app's facts and preferences. Each area's handlers (account-handlers.ts, …) take these.
import type { TfaEvent, TfaEventPayload, TfaMethod, TfaPayload, TfaValue } from '../common/tfa-api-contract.js';
import type { PreferencesPort } from '../common/preferences-rules.js';
import type { TfaEngine } from '../engine/tfa-engine.js';
import type { ClipboardGuard } from './clipboard-guard.js';
import type { ProvisionJobs } from './provision-jobs.js';

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

/** Pushes an event to one window; main/electron makes it webContents.send to the window that made the call. */
export type TfaEmit = <E extends TfaEvent>(event: E, payload: TfaEventPayload<E>) => void;

/** Who made a call, as far as the handlers need to know: how to push events back to that window, and to no other. */
export interface TfaCaller {
  emit: TfaEmit;
}

/** A call from nowhere that listens (a test calling a handler directly): its events go nowhere. */
export const UNHEARD_CALLER: TfaCaller = { emit: () => {} };

/**
 * Each method's body, once its payload has passed its schema: the answer, or a throw for the caller to word. The
 * caller's emitter checks each event against its schema before it leaves.
 */
export type HandlerBodies = { [M in TfaMethod]: (payload: TfaPayload<M>, caller: TfaCaller) => Promise<TfaValue<M>> };
