// `tfa-provisioner doctor`: checks what the app needs from this machine (Node, the OS keychain, the state directory,
// the printing path) and says for each what is wrong and what to do. It changes nothing but one keychain item,
// written and removed at once to learn whether the keychain is open (a locked Secret Service reads as empty).
import { lstat, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AdapterError } from '../engine/ports.js';
import { createKeytarStore, type KeychainStore } from '../store/keychain.js';
import { resolveStateDir } from '../store/state-dir.js';
import { JsonStateFile, STATE_FILE_NAME } from '../store/state-file.js';
import { VAULT_SERVICE } from '../store/vault.js';
import type { CliIo } from './cli-io.js';
import { fileErrorWords, messageOf } from '../common/error-message.js';
import { HEADLESS_KEYRING_RECIPE } from '../common/adapter-advice.js';

/** package.json's engines.node; a test keeps the two in step. */
export const MIN_NODE_VERSION = '20.19.0';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  /** What was checked: Node.js, keychain, state directory, state file, sheets. */
  subject: string;
  status: CheckStatus;
  /** What was found, and, unless all is well, what to do. */
  message: string;
}

export interface DoctorOptions {
  env: NodeJS.ProcessEnv;
  keychain?: KeychainStore;
  platform?: NodeJS.Platform;
  nodeVersion?: string;
  /** How long the keychain may take to answer (an unlock prompt may be waiting on a desktop). */
  keychainTimeoutMs?: number;
}

/** How a headless or SSH session gets a Secret Service (main/common: the error advice gives it too). */
export { HEADLESS_KEYRING_RECIPE };

function newer(version: string, minimum: string): boolean {
  const a = version.replace(/^v/, '').split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

export function checkNode(version: string): CheckResult {
  return newer(version, MIN_NODE_VERSION)
    ? { subject: 'Node.js', status: 'ok', message: `${version} (needs ${MIN_NODE_VERSION} or later).` }
    : {
        subject: 'Node.js',
        status: 'fail',
        message: `${version} is older than ${MIN_NODE_VERSION}, which the CLI needs. Install Node.js ${MIN_NODE_VERSION} or later (for example from nodejs.org or your distribution's nodejs package).`,
      };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref?.();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function headless(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.SSH_CONNECTION || env.SSH_TTY) || (!env.DISPLAY && !env.WAYLAND_DISPLAY);
}

export async function checkKeychain(options: DoctorOptions): Promise<CheckResult> {
  const platform = options.platform ?? process.platform;
  const linux = platform === 'linux' || platform === 'freebsd' || platform === 'openbsd';
  const keychain = options.keychain ?? createKeytarStore(platform);
  const subject = 'keychain';
  const recipe = linux && headless(options.env) ? ` In a headless or SSH session, start one for this shell: ${HEADLESS_KEYRING_RECIPE}` : '';
  let outcome: void | 'timeout';
  try {
    outcome = await withTimeout(keychain.checkWritable ? keychain.checkWritable(VAULT_SERVICE) : keychain.getPassword(VAULT_SERVICE, '.doctor').then(() => undefined), options.keychainTimeoutMs ?? 20_000);
  } catch (error) {
    const message = messageOf(error);
    const code = error instanceof AdapterError ? error.code : undefined;
    if (code === 'KEYCHAIN_LOCKED') {
      return { subject, status: 'fail', message: `locked. Unlock it (Passwords and Keys, your KeePassXC database, or Keychain Access), then run doctor again.${recipe}` };
    }
    if (code === 'KEYCHAIN_UNAVAILABLE' && /no default keyring/.test(message)) {
      return { subject, status: 'fail', message: `no default keyring (collection). Create one in Passwords and Keys (or a KeePassXC database with Secret Service integration) and make it the default.` };
    }
    if (code === 'KEYCHAIN_UNAVAILABLE' && /library could not be loaded/.test(message)) {
      return { subject, status: 'fail', message: `the keychain library could not be loaded. On Linux: apt-get install libsecret-1-0 (or your distribution's libsecret); otherwise reinstall TFA Provisioner.` };
    }
    if (code === 'KEYCHAIN_UNAVAILABLE') {
      return {
        subject,
        status: 'fail',
        message: `no Secret Service is running in this session. Start gnome-keyring or KeePassXC (with Secret Service integration) and unlock it.${recipe}`,
      };
    }
    // The keychain's own words are in the adapter's message, in brackets after its first clause.
    const said = /^[^(]*\((.*)\)\. /.exec(message)?.[1] ?? message;
    return { subject, status: 'fail', message: `refused access (${said}). Allow TFA Provisioner to use the keychain, then run doctor again.` };
  }
  if (outcome === 'timeout') {
    return {
      subject,
      status: 'fail',
      message: `did not answer within ${(options.keychainTimeoutMs ?? 20_000) / 1000} s: an unlock prompt may be waiting on the desktop. Answer it, or unlock the keyring, then run doctor again.`,
    };
  }
  const what = linux ? 'the Secret Service answers and its default keyring is unlocked' : platform === 'darwin' ? 'the login keychain is unlocked' : 'Credential Manager answers';
  return { subject, status: 'ok', message: `works: ${what} (an item was written and removed).` };
}

function modeText(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

/** Whether a process runs on this machine, as far as signals can tell. */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function checkStateDir(dir: string): Promise<CheckResult[]> {
  const subject = 'state directory';
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [{ subject, status: 'ok', message: `${dir} does not exist yet; the first change creates it (mode 0700).` }];
    }
    return [{ subject, status: 'fail', message: `${dir} cannot be examined (${fileErrorWords(error)}). Check the permissions of its parent directories, or set TFA_PROVISIONER_HOME to another directory.` }];
  }
  if (!info.isDirectory()) {
    return [{ subject, status: 'fail', message: `${dir} is not a directory. Move it aside, or set TFA_PROVISIONER_HOME to a directory.` }];
  }
  const results: CheckResult[] = [];
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    results.push({ subject, status: 'fail', message: `${dir} belongs to user id ${info.uid}, not to you (${uid}). Run as its owner, or: chown -R ${uid} ${dir}` });
  } else if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    results.push({ subject, status: 'warn', message: `${dir} has mode ${modeText(info.mode)}: other users can see the account list and audit trail. chmod 700 ${dir}` });
  } else {
    results.push({ subject, status: 'ok', message: `${dir} exists${process.platform === 'win32' ? '' : `, mode ${modeText(info.mode)}`}, yours.` });
  }
  results.push(await checkStateFile(dir));
  const lock = await checkLock(dir);
  if (lock) results.push(lock);
  return results;
}

async function checkStateFile(dir: string): Promise<CheckResult> {
  const subject = 'state file';
  const file = path.join(dir, STATE_FILE_NAME);
  try {
    const info = await lstat(file);
    if (info.isSymbolicLink()) {
      const target = await stat(file).catch(() => null);
      if (!target) return { subject, status: 'fail', message: `${file} is a symbolic link to nothing. Remove the link, or restore the file from a backup.` };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { subject, status: 'ok', message: `${file} does not exist yet (no server profile saved).` };
  }
  try {
    const state = await new JsonStateFile(dir).read();
    const profiles = Object.keys(state.profiles).length;
    return { subject, status: 'ok', message: `${file} is a regular file this version reads (${profiles} server profile${profiles === 1 ? '' : 's'}).` };
  } catch (error) {
    return { subject, status: 'fail', message: messageOf(error) };
  }
}

async function checkLock(dir: string): Promise<CheckResult | null> {
  const subject = 'state lock';
  const lockPath = path.join(dir, `${STATE_FILE_NAME}.lock`);
  const lockInfo = await stat(lockPath).catch(() => null);
  if (!lockInfo) return { subject, status: 'ok', message: 'not locked: no TFA Provisioner process is changing the state.' };
  let owner: { pid?: unknown; host?: unknown } = {};
  try {
    owner = JSON.parse(await readFile(`${lockPath}.owner`, 'utf8')) as typeof owner;
  } catch {
    // A lock without an owner record is judged by its age alone.
  }
  if (typeof owner.pid === 'number' && owner.host === os.hostname()) {
    return processRuns(owner.pid)
      ? { subject, status: 'warn', message: `locked by process ${owner.pid}, which is running (the desktop app or another CLI command). Let it finish, or close it; commands that change the state wait for it.` }
      : { subject, status: 'ok', message: `a lock left by process ${owner.pid}, which is no longer running; the next command clears it.` };
  }
  const ageS = Math.round((Date.now() - lockInfo.mtimeMs) / 1000);
  const where = typeof owner.host === 'string' ? ` on ${owner.host.replace(/[^\x20-\x7e]/g, '?')}` : '';
  return ageS > 15
    ? { subject, status: 'ok', message: `a lock${where} not refreshed for ${ageS} s: its holder is gone, and the next command clears it.` }
    : { subject, status: 'warn', message: `locked by a process${where} that is working now. Let it finish; if none is running, the lock clears itself within 15 s.` };
}

/** The printing path: the very renderer `sheets --out=FILE.pdf` and the desktop app use (pdfkit, qrcode), one page. */
export async function checkPrinting(): Promise<CheckResult> {
  const subject = 'sheets';
  try {
    const { renderEnrollmentSheetsPdf } = await import('../node/enrollment-sheets-pdf.js');
    const pdf = await renderEnrollmentSheetsPdf(
      { hostname: 'doctor.example', issuer: 'doctor.example', date: '2000-01-01', paper: 'a4', firstCodeContact: null },
      [{ user: 'doctor', domain: 'doctor.example', secret: 'JBSWY3DPEHPK3PXPJBSWY3DP' }],
    );
    if (Buffer.from(pdf.subarray(0, 5)).toString('latin1') !== '%PDF-') throw new Error('the renderer wrote no PDF');
    return { subject, status: 'ok', message: 'PDF and HTML enrollment sheets can be written (a test page was drawn in memory).' };
  } catch (error) {
    return {
      subject,
      status: 'fail',
      message: `PDF sheets cannot be drawn (${messageOf(error)}). Reinstall TFA Provisioner (npm ci in a source checkout); HTML sheets (--out=FILE.html) still work.`,
    };
  }
}

export async function runDoctor(options: DoctorOptions): Promise<CheckResult[]> {
  const stateDir = resolveStateDir(options.env);
  return [
    checkNode(options.nodeVersion ?? process.versions.node),
    await checkKeychain(options),
    ...(await checkStateDir(stateDir)),
    await checkPrinting(),
  ];
}

const LABEL: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export function doctorReport(results: readonly CheckResult[]): string {
  const lines = results.map((r) => `${LABEL[r.status]}  ${r.subject}: ${r.message}`);
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  const summary = failed ? `${failed} problem${failed === 1 ? '' : 's'} to fix.` : warned ? 'Usable; see the warnings.' : 'All is well.';
  return `${lines.join('\n')}\n${summary}\n`;
}

/** Prints the report on stdout; exit status 0 when nothing failed, 1 otherwise. */
export async function doctor(io: CliIo, options: Partial<DoctorOptions> = {}): Promise<number> {
  const results = await runDoctor({ env: io.env, ...options });
  io.stdout.write(doctorReport(results));
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}
