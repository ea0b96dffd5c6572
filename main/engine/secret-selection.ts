// Opens the secrets of chosen accounts for an export: one state read and ONE vault call for the whole
// selection, so a 10,000-account export costs the keychain what a single reveal does.
import { nameMap } from '../common/name-map.js';
import { SECRET_STATES, type SecretState, type SkippedAccount } from '../common/engine-answers.js';
import type { EnginePorts } from './ports.js';
import { effectiveIssuer, lookupProfile, noAccessReason, primaryDomainOf, shownName, storedUsername, tfaRecordOf } from './server-profiles.js';
import type { ProvisioningState, ServerProfile, TfaState } from './state.js';

export { SECRET_STATES, type SecretState };

export interface AccountSelection {
  server?: string;
  /** Named users (the operator may be named too); empty or absent means every account of the profile. */
  users?: readonly string[];
  /** Which states to take; an account in another state is reported as skipped. */
  states: readonly SecretState[];
}

export interface OpenedAccount {
  user: string;
  domain: string;
  state: SecretState;
  updated: string | null;
  secret: string;
}

export interface OpenedSelection {
  hostname: string;
  operator: string;
  issuer: string;
  /** Where account holders send their first code (printed on enrollment sheets); null: not set. */
  firstCodeContact: string | null;
  accounts: OpenedAccount[];
  /** Chosen accounts whose state is not among the wanted ones. */
  skipped: SkippedAccount[];
  /** Named users this profile does not know, with the reason. */
  failed: Record<string, string>;
}

export function profileFor(ports: Pick<EnginePorts, 'machineHostname'>, state: TfaState, server?: string): ServerProfile {
  const lookup = lookupProfile(state, ports.machineHostname, server);
  if (!lookup.ok) throw new Error(lookup.reason);
  return lookup.profile;
}

/** The users a selection names, in the order given (duplicates dropped), or every account sorted by name. */
export function chosenUsers(profile: ServerProfile, users: readonly string[] | undefined): string[] {
  return users?.length ? [...new Set(users.map((user) => storedUsername(profile, user)))] : Object.keys(profile.accounts).sort();
}

export async function openSelectedSecrets(ports: EnginePorts, selection: AccountSelection): Promise<OpenedSelection> {
  const profile = profileFor(ports, await ports.state.read(), selection.server);
  const wanted = new Set<ProvisioningState>(selection.states);
  const picked: { user: string; domain: string; state: SecretState; updated: string | null; sealed: string }[] = [];
  const skipped: OpenedSelection['skipped'] = [];
  const failed = nameMap<string>();
  for (const user of chosenUsers(profile, selection.users)) {
    const record = tfaRecordOf(profile, user);
    if (!record) failed[shownName(user)] = noAccessReason(user);
    else if (!wanted.has(record.state) || record.sealedSecret === null) skipped.push({ user, state: record.state });
    else {
      const domain = primaryDomainOf(profile, user) ?? '';
      picked.push({ user, domain, state: record.state as SecretState, updated: record.updatedAt, sealed: record.sealedSecret });
    }
  }
  // No vault call at all when nothing is chosen: an empty export must not need an unlocked keychain.
  const secrets = picked.length
    ? await ports.sealer.openMany(
        { hostname: profile.hostname, keyCheck: profile.vaultKeyCheck },
        picked.map(({ user, sealed }) => ({ user, sealed })),
      )
    : [];
  return {
    hostname: profile.hostname,
    operator: profile.operator,
    issuer: effectiveIssuer(profile),
    firstCodeContact: profile.firstCodeContact ?? null,
    accounts: picked.map(({ user, domain, state, updated }, i) => ({ user, domain, state, updated, secret: secrets[i]! })),
    skipped,
    failed,
  };
}
