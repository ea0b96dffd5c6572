// The engine's only windows onto the world. Real adapters live in main/store; tests pass fixed ones.
import type { AdapterErrorCode, AuditEntry } from '../common/engine-answers.js';
import type { SheetAccount, SheetContext } from './enrollment-sheet-content.js';
import type { TfaState } from './state.js';

export type { AdapterErrorCode, AuditEntry };

/** Wall-clock time in milliseconds since the Unix epoch. */
export interface Clock {
  now(): number;
}

/** Cryptographically secure random bytes. */
export interface RandomSource {
  bytes(length: number): Uint8Array;
}

/**
 * The persisted state. `update` runs its mutator under a cross-process lock on a freshly read
 * copy and writes the result atomically, so concurrent CLI and app processes never lose updates.
 * A mutator that throws leaves the stored state untouched.
 */
export interface StateRepository {
  read(): Promise<TfaState>;
  update<T>(mutate: (state: TfaState) => T | Promise<T>): Promise<T>;
}

/**
 * Seals account secrets under the profile's vault key (kept in the OS keychain).
 * Implementations make a constant number of keychain calls per call, whatever the batch size.
 */
export interface SecretSealer {
  /** Seals under the profile's key, creating the key only when `vault.keyCheck` is null (nothing sealed yet). */
  sealMany(vault: VaultRef, items: readonly SealRequest[]): Promise<SealResult>;
  openMany(vault: VaultRef, items: readonly OpenRequest[]): Promise<string[]>;
  /** Forgets the profile's vault key (the keychain item), once nothing is sealed under it. */
  forget(hostname: string): Promise<void>;
}

/**
 * Which vault key: the profile's hostname names the keychain item, and `keyCheck` (a non-secret
 * identifier recorded in state) lets a missing or replaced key be detected, never papered over.
 */
export interface VaultRef {
  hostname: string;
  keyCheck: string | null;
}

export interface SealResult {
  sealed: string[];
  /** The identifier of the key used, to record in state. */
  keyCheck: string;
}

export interface SealRequest {
  user: string;
  secret: string;
}

export interface OpenRequest {
  user: string;
  sealed: string;
}

export interface AuditTrail {
  append(entries: readonly AuditEntry[]): Promise<void>;
  read(): Promise<AuditEntry[]>;
}

/**
 * Encrypts a profile backup under a passphrase (the store uses scrypt and AES-256-GCM). `open` throws when the
 * passphrase is wrong or the text is damaged; the engine then answers with one clear reason and changes nothing.
 */
export interface BackupCipher {
  seal(plaintext: string, passphrase: string): Promise<string>;
  open(sealedText: string, passphrase: string): Promise<string>;
}

/** Everything the engine needs, passed in once. */
export interface EnginePorts {
  clock: Clock;
  random: RandomSource;
  state: StateRepository;
  sealer: SecretSealer;
  audit: AuditTrail;
  /** The name of this machine, used for the default server profile. */
  machineHostname: string;
  /** Profile backups; without it, backup and restore answer that they are not available. */
  backupCipher?: BackupCipher;
  /** Enrollment sheets as PDF (main/node, pdfkit); without it, PDF sheets answer that they are not available. */
  sheetPdf?: SheetPdfRenderer;
  /**
   * Enrollment sheets as HTML on every core (main/node worker threads); without it, the engine renders them in
   * this thread. Either way the same text (enrollment-sheets.ts).
   */
  sheetHtml?: SheetHtmlRenderer;
}

/** Lays out enrollment sheets, one page per account in the order given, as PDF bytes. */
export type SheetPdfRenderer = (ctx: SheetContext, accounts: readonly SheetAccount[]) => Promise<Uint8Array>;

/** Lays out enrollment sheets, one page per account in the order given, as one HTML document. */
export type SheetHtmlRenderer = (ctx: SheetContext, accounts: readonly SheetAccount[]) => Promise<string>;

/**
 * A failure of an adapter that a person can act on. The keychain's four are kept apart on purpose: no keychain
 * service (UNAVAILABLE), a locked one (LOCKED), a refused access (REFUSED), and a vault key truly missing from an
 * unlocked keychain (KEY_MISSING); only the last may suggest recovery, none suggests deleting data.
 */
export class AdapterError extends Error {
  constructor(
    message: string,
    readonly code: AdapterErrorCode,
  ) {
    super(message);
    this.name = 'AdapterError';
  }
}
