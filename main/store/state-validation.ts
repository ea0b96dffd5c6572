// A compact hand check of the persisted shape, so a damaged or foreign file is reported as such instead
// of surfacing later as a confusing engine failure. Messages name the field, never its value, and show names only
// through the one sanitiser. Names are checked by the rules that admitted them (a hand-edited `__proto__` or a name
// with control characters is refused here), and the records keyed by them come back as null-prototype NameMaps.
// Every CLI call checks the whole file, so the account records (nearly all of it) go through a yes/no path that
// builds no message and allocates nothing; only a record it refuses is checked again by the describing path (the
// check as it was before), for the message. test/store/state-validation.property.test.ts holds the two together.
import { hostnameProblem, operatorProblem, usernameProblem } from '../common/cpanel-names.js';
import { hasName } from '../common/name-map.js';
import { shownName } from '../common/shown-text.js';
import { MAX_PENDING_EXPIRY_DAYS, MIN_PENDING_EXPIRY_DAYS, pendingExpiryProblem } from '../common/rollout-stages.js';
import { STATE_FORMAT, STATE_VERSION, adoptNameMaps, type TfaState } from '../engine/state.js';

export type StateCheck =
  | { ok: true; state: TfaState }
  | { ok: false; problem: 'corrupt'; detail: string }
  | { ok: false; problem: 'too-new'; version: number };

type Obj = Record<string, unknown>;

class ShapeError extends Error {}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(where: string, expected: string): never {
  throw new ShapeError(`${where} should be ${expected}`);
}

function obj(v: unknown, where: string): Obj {
  return isObj(v) ? v : fail(where, 'an object');
}

function str(v: unknown, where: string, nullable = false): void {
  if (typeof v === 'string' || (nullable && v === null)) return;
  fail(where, nullable ? 'a string or null' : 'a string');
}

function oneOf(v: unknown, allowed: readonly unknown[], where: string): void {
  if (!allowed.includes(v)) fail(where, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
}

// A rule added to tfaRecord, rolloutMarks or describeAccount must be added to isAccount (and isRolloutMarks) too,
// and its field to the property test's generator: the fast path alone decides for every valid account record.
function tfaRecord(v: unknown, where: string): void {
  const r = obj(v, where);
  oneOf(r.state, ['none', 'pending', 'enabled'], `${where}.state`);
  str(r.sealedSecret, `${where}.sealedSecret`, true);
  if (r.state !== 'none' && r.sealedSecret === null) fail(`${where}.sealedSecret`, `a sealed secret when state is ${String(r.state)}`);
  if (r.lastAcceptedStep !== null && !Number.isSafeInteger(r.lastAcceptedStep)) {
    fail(`${where}.lastAcceptedStep`, 'an integer or null');
  }
  str(r.updatedAt, `${where}.updatedAt`, true);
  if (r.rollout !== undefined) rolloutMarks(r.rollout, `${where}.rollout`);
}

const ROLLOUT_MARKS = ['provisionedAt', 'sheetAt', 'verifiedAt', 'appliedAt', 'confirmedAt'] as const;

/** Rollout tracking's timestamps: optional, so files from before it read unchanged. */
function rolloutMarks(v: unknown, where: string): void {
  const marks = obj(v, where);
  for (const key of ROLLOUT_MARKS) {
    if (Object.hasOwn(marks, key)) str(marks[key], `${where}.${key}`);
  }
}

/** An account record as describeAccount would pass it, answered without building a message. */
function isAccount(user: string, v: unknown): boolean {
  if (!isObj(v)) return false;
  const { state, sealedSecret, lastAcceptedStep, updatedAt, rollout } = v;
  if (state !== 'none' && state !== 'pending' && state !== 'enabled') return false;
  if (sealedSecret === null ? state !== 'none' : typeof sealedSecret !== 'string') return false;
  if (lastAcceptedStep !== null && !Number.isSafeInteger(lastAcceptedStep)) return false;
  if (updatedAt !== null && typeof updatedAt !== 'string') return false;
  if (rollout !== undefined && !isRolloutMarks(rollout)) return false;
  return typeof v.domain === 'string' && usernameProblem(user) === null;
}

function isRolloutMarks(v: unknown): boolean {
  if (!isObj(v)) return false;
  for (const key of ROLLOUT_MARKS) if (Object.hasOwn(v, key) && typeof v[key] !== 'string') return false;
  return true;
}

/** The describing check of one account record: throws a ShapeError naming what is wrong. */
function describeAccount(user: string, account: unknown, at: string): void {
  named(user, usernameProblem(user), at);
  tfaRecord(account, at);
  str((account as Obj).domain, `${at}.domain`);
}

function named(name: string, problem: string | null, where: string): void {
  if (problem !== null) throw new ShapeError(`${where} has an invalid name: ${problem}`);
}

function profile(v: unknown, where: string, key: string, fast: boolean): void {
  const p = obj(v, where);
  str(p.hostname, `${where}.hostname`);
  if (p.hostname !== key) fail(`${where}.hostname`, 'the name the profile is stored under');
  str(p.operator, `${where}.operator`);
  named(p.operator as string, operatorProblem(p.operator as string), `${where}.operator`);
  str(p.issuer, `${where}.issuer`, true);
  // Root's system-wide issuer, recorded for a reseller's profile: optional, so files from before it read unchanged.
  if (p.systemWideIssuer !== undefined) str(p.systemWideIssuer, `${where}.systemWideIssuer`, true);
  oneOf(p.policyEnabled, [0, 1], `${where}.policyEnabled`);
  str(p.vaultKeyCheck, `${where}.vaultKeyCheck`, true);
  tfaRecord(p.operatorTfa, `${where}.operatorTfa`);
  if (p.pendingExpiryDays !== undefined && p.pendingExpiryDays !== null && pendingExpiryProblem(p.pendingExpiryDays as number) !== null) {
    fail(`${where}.pendingExpiryDays`, `null or a whole number of days from ${MIN_PENDING_EXPIRY_DAYS} to ${MAX_PENDING_EXPIRY_DAYS}`);
  }
  if (p.firstCodeContact !== undefined) str(p.firstCodeContact, `${where}.firstCodeContact`, true);
  const accounts = obj(p.accounts, `${where}.accounts`);
  for (const user of Object.keys(accounts)) {
    const account = accounts[user];
    if (fast && isAccount(user, account)) continue;
    const at = `${where}.accounts[${JSON.stringify(shownName(user))}]`;
    describeAccount(user, account, at);
    // Reached only if isAccount refused a record the describing check passes: refused all the same.
    if (fast) throw new ShapeError(`${at} is not a valid account record`);
  }
}

/**
 * Checks format and version first: a newer version may have any shape, and must be reported as newer, not as damaged.
 * A value that passes is adopted, not copied: its name-keyed records become NameMaps in place, and it is the state.
 */
export function checkState(value: unknown): StateCheck {
  return check(value, true);
}

/** checkState with every account record through the describing path alone: the reference its fast path is tested against. */
export function checkStateDescribing(value: unknown): StateCheck {
  return check(value, false);
}

function check(value: unknown, fast: boolean): StateCheck {
  if (!isObj(value)) return { ok: false, problem: 'corrupt', detail: 'the top level is not a JSON object' };
  if (value.format !== STATE_FORMAT) {
    return { ok: false, problem: 'corrupt', detail: `its "format" is not "${STATE_FORMAT}"` };
  }
  const version = value.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    return { ok: false, problem: 'corrupt', detail: 'its "version" is not a positive integer' };
  }
  if (version > STATE_VERSION) return { ok: false, problem: 'too-new', version };
  try {
    checkShape(value, fast);
  } catch (error) {
    if (error instanceof ShapeError) return { ok: false, problem: 'corrupt', detail: error.message };
    throw error;
  }
  return { ok: true, state: adoptNameMaps(value) };
}

/** Throws a ShapeError naming the first field that is wrong; once it returns, the value has the state's shape. */
function checkShape(value: Obj, fast: boolean): asserts value is Obj & TfaState {
  str(value.activeProfile, 'activeProfile', true);
  const profiles = obj(value.profiles, 'profiles');
  for (const [name, p] of Object.entries(profiles)) {
    const at = `profiles[${JSON.stringify(shownName(name))}]`;
    named(name, hostnameProblem(name), at);
    profile(p, at, name, fast);
  }
  const active = value.activeProfile as string | null;
  if (active !== null && !hasName(profiles, active)) {
    const problem = hostnameProblem(active);
    throw new ShapeError(`activeProfile ${problem ? `is not a valid hostname: ${problem}` : `names no profile in the file (“${active}”)`}`);
  }
}
