// A compact hand check of the persisted shape, so a damaged or foreign file is reported as such instead
// of surfacing later as a confusing engine failure. Messages name the field, never its value.
import { STATE_FORMAT, STATE_VERSION, type TfaState } from '../engine/state.js';

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

function tfaRecord(v: unknown, where: string): void {
  const r = obj(v, where);
  oneOf(r.state, ['none', 'pending', 'enabled'], `${where}.state`);
  str(r.sealedSecret, `${where}.sealedSecret`, true);
  if (r.state !== 'none' && r.sealedSecret === null) fail(`${where}.sealedSecret`, `a sealed secret when state is ${String(r.state)}`);
  if (r.lastAcceptedStep !== null && !Number.isSafeInteger(r.lastAcceptedStep)) {
    fail(`${where}.lastAcceptedStep`, 'an integer or null');
  }
  str(r.updatedAt, `${where}.updatedAt`, true);
}

function profile(v: unknown, where: string): void {
  const p = obj(v, where);
  str(p.hostname, `${where}.hostname`);
  str(p.operator, `${where}.operator`);
  str(p.issuer, `${where}.issuer`, true);
  oneOf(p.policyEnabled, [0, 1], `${where}.policyEnabled`);
  str(p.vaultKeyCheck, `${where}.vaultKeyCheck`, true);
  tfaRecord(p.operatorTfa, `${where}.operatorTfa`);
  for (const [user, account] of Object.entries(obj(p.accounts, `${where}.accounts`))) {
    const at = `${where}.accounts[${JSON.stringify(user)}]`;
    tfaRecord(account, at);
    str((account as Obj).domain, `${at}.domain`);
  }
}

/** Checks format and version first: a newer version may have any shape, and must be reported as newer, not as damaged. */
export function checkState(value: unknown): StateCheck {
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
    str(value.activeProfile, 'activeProfile', true);
    for (const [name, p] of Object.entries(obj(value.profiles, 'profiles'))) {
      profile(p, `profiles[${JSON.stringify(name)}]`);
    }
  } catch (error) {
    if (error instanceof ShapeError) return { ok: false, problem: 'corrupt', detail: error.message };
    throw error;
  }
  return { ok: true, state: value as unknown as TfaState };
}
