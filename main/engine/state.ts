// The persisted model. WHM itself keeps secrets per user and one issuer and policy per server;
// server profiles, accounts and provisioning states are this app's extensions beyond WHM.

import { adoptAsNameMap, nameMap, type NameMap } from '../common/name-map.js';
import type { RolloutMarks } from './rollout-stage.js';

export const STATE_FORMAT = 'tfa-provisioner-state';
export const STATE_VERSION = 1;

import type { ProvisioningState } from '../common/engine-answers.js';

export type { ProvisioningState };

export interface TfaRecord {
  state: ProvisioningState;
  /** The secret sealed under the profile's vault key; null when state is none. */
  sealedSecret: string | null;
  /** RFC 6238 §5.2 replay protection: the last TOTP time step accepted for this identity. */
  lastAcceptedStep: number | null;
  updatedAt: string | null;
  /** Rollout tracking (beyond WHM): when its sheet was printed, its code verified, it was applied, confirmed. */
  rollout?: RolloutMarks;
}

export interface AccountRecord extends TfaRecord {
  domain: string;
}

export interface ServerProfile {
  hostname: string;
  /** The WHM user the engine acts for: root, or a reseller. */
  operator: string;
  /** The operator's stored issuer (root's is the system-wide one, a reseller's its own); null: none set. */
  issuer: string | null;
  /**
   * Root's system-wide issuer, recorded for a reseller's profile (beyond WHM: a reseller's server does not tell it, so
   * the operator records it with `servers set --system-wide-issuer`); absent or null: none, so the hostname, WHM's
   * default, stands in. A root profile has none: its `issuer` is the system-wide one.
   */
  systemWideIssuer?: string | null;
  policyEnabled: 0 | 1;
  /** Identifies the vault key once anything is sealed, so a replaced or missing key is detected, never papered over. */
  vaultKeyCheck: string | null;
  /** The operator's own 2FA configuration (WHM's root entry). */
  operatorTfa: TfaRecord;
  /** Days after which a pending secret counts as expired (rollout tracking); absent or null: never. */
  pendingExpiryDays?: number | null;
  /** Where account holders send their first code, printed on enrollment sheets (beyond WHM); absent or null: not set. */
  firstCodeContact?: string | null;
  /** cPanel accounts, keyed by username: a null-prototype NameMap, read with own-property lookups only. */
  accounts: NameMap<AccountRecord>;
}

export interface TfaState {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  activeProfile: string | null;
  /** Server profiles, keyed by hostname: a null-prototype NameMap, read with own-property lookups only. */
  profiles: NameMap<ServerProfile>;
}

export function emptyTfaRecord(): TfaRecord {
  return { state: 'none', sealedSecret: null, lastAcceptedStep: null, updatedAt: null };
}

export function emptyState(): TfaState {
  return { format: STATE_FORMAT, version: STATE_VERSION, activeProfile: null, profiles: nameMap() };
}

export function newProfile(hostname: string, operator = 'root'): ServerProfile {
  return {
    hostname,
    operator,
    issuer: null,
    policyEnabled: 0,
    vaultKeyCheck: null,
    operatorTfa: emptyTfaRecord(),
    accounts: nameMap(),
  };
}

/** A profile that holds nothing the operator made: safe to drop when the first real server is added. */
export function isUntouchedProfile(profile: ServerProfile): boolean {
  return (
    profile.operator === 'root' &&
    profile.issuer === null &&
    profile.policyEnabled === 0 &&
    profile.vaultKeyCheck === null &&
    profile.operatorTfa.state === 'none' &&
    Object.keys(profile.accounts).length === 0
  );
}

/**
 * Makes every name-keyed record of a state parsed from JSON (whose objects inherit Object.prototype) a NameMap, in
 * place, and returns the same state: a state of 10,000 accounts is not copied. Call it on the result of a shape
 * check: it trusts the shape.
 */
export function adoptNameMaps(state: TfaState): TfaState {
  const profiles = adoptAsNameMap(state.profiles);
  for (const hostname of Object.keys(profiles)) adoptAsNameMap(profiles[hostname]!.accounts);
  return state;
}
