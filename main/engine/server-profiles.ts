// Server profiles (beyond WHM): which server the engine answers as. With none added, a default profile
// named after this machine stands in, and it is only written to state once something is stored in it.
import { hostnameProblem, normalizeDomain, normalizeUsername } from '../common/cpanel-names.js';
import { shownName } from '../common/shown-text.js';
import { hasName, own, setName } from '../common/name-map.js';
import { isUntouchedProfile, newProfile, type ServerProfile, type TfaRecord, type TfaState } from './state.js';

/** The one sanitiser for names in reasons (main/common/shown-text.ts), re-exported for the engine's commands. */
export { shownName };

export type ProfileLookup = { ok: true; profile: ServerProfile } | { ok: false; reason: string };

export function noSuchProfileReason(hostname: string): string {
  // A name no profile can have (`__proto__`, a control character) gets the hostname rule, not advice to add it.
  const problem = hostnameProblem(hostname);
  if (problem) return problem;
  return `There is no server profile named “${shownName(hostname)}”. Add it with: tfa-provisioner servers add ${shownName(hostname)}`;
}

/** The profile a call acts on, without changing state: `server` if given, else the active one, else the default. */
export function lookupProfile(state: TfaState, machineHostname: string, typedServer?: string): ProfileLookup {
  if (typedServer !== undefined) {
    // Stored as servers add stores it (trimmed, lowercased, no trailing dot), so it is found however it is typed.
    const server = normalizeDomain(typedServer);
    const named = own(state.profiles, server);
    if (named) return { ok: true, profile: named };
    if (Object.keys(state.profiles).length === 0 && server === machineHostname) {
      return { ok: true, profile: newProfile(machineHostname) };
    }
    return { ok: false, reason: noSuchProfileReason(server) };
  }
  const active = state.activeProfile === null ? undefined : own(state.profiles, state.activeProfile);
  if (active) return { ok: true, profile: active };
  const first = Object.values(state.profiles)[0];
  return { ok: true, profile: first ?? newProfile(machineHostname) };
}

/** As lookupProfile, but inside an update: the default profile is added to state so changes to it persist. */
export function resolveProfileForWrite(state: TfaState, machineHostname: string, server?: string): ProfileLookup {
  const found = lookupProfile(state, machineHostname, server);
  if (found.ok && !hasName(state.profiles, found.profile.hostname)) {
    setName(state.profiles, found.profile.hostname, found.profile);
    state.activeProfile ??= found.profile.hostname;
  }
  return found;
}

/** The profile a command acts on, for reading or (adding the default profile to state) for writing; throws its reason. */
export function requireProfile(state: TfaState, machineHostname: string, server: string | undefined, forWrite: boolean): ServerProfile {
  const lookup = (forWrite ? resolveProfileForWrite : lookupProfile)(state, machineHostname, server);
  if (!lookup.ok) throw new Error(lookup.reason);
  return lookup.profile;
}

/**
 * Adds a server profile and makes it active; an untouched default profile (the one named after this machine)
 * gives way to it. Profiles the operator added stay, even while they hold nothing yet.
 */
export function addProfile(state: TfaState, hostname: string, operator: string, machineHostname: string): ServerProfile {
  const standIn = own(state.profiles, machineHostname);
  if (standIn && machineHostname !== hostname && isUntouchedProfile(standIn)) {
    delete state.profiles[machineHostname];
  }
  const profile = newProfile(hostname, operator);
  setName(state.profiles, hostname, profile);
  state.activeProfile = hostname;
  return profile;
}

/** Root's system-wide issuer as WHM answers it in `system_wide_issuer`: the one root set, otherwise the hostname. */
export function systemWideIssuer(profile: ServerProfile): string {
  return (profile.operator === 'root' ? profile.issuer : (profile.systemWideIssuer ?? null)) ?? profile.hostname;
}

/**
 * WHM's issuer resolution for the operator and its accounts: the operator's own stored issuer (a reseller's, or
 * root's, which is the system-wide one), otherwise the system-wide issuer, otherwise the hostname.
 */
export function effectiveIssuer(profile: ServerProfile): string {
  return profile.issuer ?? systemWideIssuer(profile);
}

/** The 2FA record of the operator or of a known account; undefined for anyone else. */
export function tfaRecordOf(profile: ServerProfile, user: string): TfaRecord | undefined {
  return user === profile.operator ? profile.operatorTfa : own(profile.accounts, user);
}

/**
 * The stored name an operator's typed username stands for in the app's own commands: accounts are stored lowercase
 * (as accounts add and import store them, as cPanel does), so `Alice` finds `alice`. A name found under neither
 * spelling stays as typed, so the reason echoes what was typed. WHM's functions take `user=` exactly, as WHM does.
 */
export function storedUsername(profile: ServerProfile, typed: string): string {
  if (tfaRecordOf(profile, typed)) return typed;
  const lower = normalizeUsername(typed);
  return tfaRecordOf(profile, lower) ? lower : typed;
}

export function primaryDomainOf(profile: ServerProfile, user: string): string | undefined {
  return user === profile.operator ? profile.hostname : own(profile.accounts, user)?.domain;
}


export function noAccessReason(user: string): string {
  return `You do not have access to an account named “${shownName(user)}”.`;
}
