// The composition root shared by the CLI, the desktop app and the bench: the engine over the real adapters.
import os from 'node:os';
import { machineProfileName } from '../common/cpanel-names.js';
import { TfaEngine } from '../engine/tfa-engine.js';
import type { Clock, EnginePorts, SheetHtmlRenderer, SheetPdfRenderer } from '../engine/ports.js';
import { guardStateDir } from './app-files.js';
import { JsonLinesAuditTrail } from './audit-trail.js';
import { systemClock } from './clock.js';
import { CountingKeychainStore, createKeytarStore, type KeychainStore } from './keychain.js';
import { ScryptBackupCipher, type ScryptCost } from './profile-backup-file.js';
import { systemRandom } from './random.js';
import { resolveStateDir } from './state-dir.js';
import { JsonStateFile } from './state-file.js';
import { KeychainVault } from './vault.js';

export interface OpenEngineOptions {
  env?: NodeJS.ProcessEnv;
  /** Overrides the directory resolveStateDir(env) would choose. */
  stateDir?: string;
  /** Overrides the OS keychain (tests). */
  keychain?: KeychainStore;
  /**
   * Overrides the backup's scrypt cost (tests that are about something else than scrypt). Code only: no command
   * line option, environment variable or file reaches it, so a real backup always gets DEFAULT_SCRYPT_COST.
   */
  scryptCost?: ScryptCost;
  /** Overrides the system clock (tests that compare what two runs write on a date: code only, like scryptCost). */
  clock?: Clock;
  /** Told what the store did on its own that the operator should know (a dead process's lock cleared). */
  onNotice?: (message: string) => void;
}

export interface OpenedEngine {
  engine: TfaEngine;
  ports: EnginePorts;
  stateDir: string;
  /** Every keychain call goes through this counter, so the bench can report them. */
  keychain: CountingKeychainStore;
}

/** pdfkit (and its fonts and compressors) loads only when a PDF is asked for: every other call would pay for it. */
const renderSheetsPdf: SheetPdfRenderer = async (ctx, accounts) => (await import('../node/enrollment-sheets-pdf.js')).renderEnrollmentSheetsPdf(ctx, accounts);
/** HTML sheets on every core (worker threads) once a batch is big enough to pay for them. */
const renderSheetsHtml: SheetHtmlRenderer = async (ctx, accounts) => (await import('../node/sheet-workers.js')).renderEnrollmentSheetsInParallel(ctx, accounts);

/** Touches neither disk nor keychain: the directory is created on the first write, the keychain on first use. */
export async function openEngine(options: OpenEngineOptions = {}): Promise<OpenedEngine> {
  const stateDir = options.stateDir ?? resolveStateDir(options.env ?? process.env);
  guardStateDir(stateDir);
  const keychain = new CountingKeychainStore(options.keychain ?? createKeytarStore());
  const ports: EnginePorts = {
    clock: options.clock ?? systemClock,
    random: systemRandom,
    state: new JsonStateFile(stateDir, {
      onLockReclaimed: ({ pid, host }) =>
        options.onNotice?.(`Cleared the state file's lock left by process ${pid} on ${host}, which is no longer running.`),
    }),
    sealer: new KeychainVault(keychain, systemRandom),
    audit: new JsonLinesAuditTrail(stateDir),
    machineHostname: machineProfileName(os.hostname()),
    backupCipher: new ScryptBackupCipher(options.scryptCost),
    sheetPdf: renderSheetsPdf,
    sheetHtml: renderSheetsHtml,
  };
  return { engine: new TfaEngine(ports), ports, stateDir, keychain };
}
