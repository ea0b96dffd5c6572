// Server profile commands (beyond WHM): list, add, select and remove the servers this app provisions for.
import type { ServerRemoveData, ServerSummary, ServersListData } from '../common/engine-answers.js';
import { answerAudited } from './audit-record.js';
import { hostnameProblem, normalizeDomain, operatorProblem } from '../common/cpanel-names.js';
import { failure, success, type Envelope } from './envelope.js';
import { hasName, own, setName } from '../common/name-map.js';
import { firstCodeContactProblem, normalizeFirstCodeContact } from './first-code-contact.js';
import { ISSUER_RULE_MESSAGE, parseIssuer } from '../common/issuer-rule.js';
import type { EnginePorts } from './ports.js';
import { addProfile, effectiveIssuer, lookupProfile, noSuchProfileReason, resolveProfileForWrite } from './server-profiles.js';
import type { ServerProfile } from './state.js';

export type { ServerSummary };

const ROOT_SETS_ITS_OWN =
  'On a root profile the system-wide issuer is the profile’s own issuer: set it with twofactorauth_set_issuer issuer=NAME.';

function summarize(profile: ServerProfile, active: boolean): ServerSummary {
  const records = [profile.operatorTfa, ...Object.values(profile.accounts)];
  return {
    hostname: profile.hostname,
    operator: profile.operator,
    issuer: effectiveIssuer(profile),
    policy_enabled: profile.policyEnabled,
    first_code_contact: profile.firstCodeContact ?? null,
    accounts: Object.keys(profile.accounts).length,
    pending: records.filter((r) => r.state === 'pending').length,
    enabled: records.filter((r) => r.state === 'enabled').length,
    active: active ? 1 : 0,
  };
}

export class ServerCommands {
  constructor(private readonly ports: EnginePorts) {}

  list(): Promise<Envelope<ServersListData>> {
    return answerAudited(this.ports, 'servers_list', async () => {
      const state = await this.ports.state.read();
      const lookup = lookupProfile(state, this.ports.machineHostname);
      const profiles = Object.keys(state.profiles).length ? Object.values(state.profiles) : lookup.ok ? [lookup.profile] : [];
      const active = lookup.ok ? lookup.profile.hostname : null;
      return success('servers_list', { servers: profiles.map((p) => summarize(p, p.hostname === active)) });
    }, { audit: false });
  }

  add(rawHostname: string, operator = 'root'): Promise<Envelope<ServerSummary>> {
    const command = 'servers_add';
    return answerAudited(this.ports, command, async (scope) => {
      const hostname = normalizeDomain(rawHostname);
      scope.profile = hostname;
      scope.users = [operator];
      const problem = hostnameProblem(hostname) ?? operatorProblem(operator);
      if (problem) return failure(command, problem);
      const added = await this.ports.state.update((state) => {
        if (hasName(state.profiles, hostname)) return null;
        return summarize(addProfile(state, hostname, operator, this.ports.machineHostname), true);
      });
      return added ? success(command, added) : failure<ServerSummary>(command, `A server profile named “${hostname}” already exists.`);
    });
  }

  use(rawHostname: string): Promise<Envelope<ServerSummary>> {
    const command = 'servers_use';
    return answerAudited(this.ports, command, async (scope) => {
      const hostname = normalizeDomain(rawHostname);
      scope.profile = hostname;
      const problem = hostnameProblem(hostname);
      if (problem) return failure(command, problem);
      const found = await this.ports.state.update((state) => {
        const lookup = lookupProfile(state, this.ports.machineHostname, hostname);
        if (!lookup.ok) return null;
        if (!hasName(state.profiles, hostname)) setName(state.profiles, hostname, lookup.profile);
        state.activeProfile = hostname;
        return summarize(lookup.profile, true);
      });
      return found ? success(command, found) : failure(command, noSuchProfileReason(hostname));
    });
  }

  /**
   * Changes one of a profile's own settings (beyond WHM): the first-code contact printed on enrollment sheets, or, for
   * a reseller's profile, root's system-wide issuer (WHM's rule, as set_issuer; empty clears it). No hostname: the
   * active profile.
   */
  set(hostname: string | undefined, settings: { firstCodeContact?: string; systemWideIssuer?: string }): Promise<Envelope> {
    const command = 'servers_set';
    return answerAudited(this.ports, command, async (scope) => {
      scope.profile = hostname ?? '';
      const { firstCodeContact: contact, systemWideIssuer: rawIssuer } = settings;
      if ((contact === undefined) === (rawIssuer === undefined)) {
        return failure(command, 'Name one setting to change: --first-code-contact=TEXT or --system-wide-issuer=NAME.');
      }
      const problem = contact !== undefined ? firstCodeContactProblem(contact) : null;
      if (problem) return failure(command, problem);
      const issuer = parseIssuer(rawIssuer);
      if (rawIssuer !== undefined && issuer.kind === 'invalid') return failure(command, ISSUER_RULE_MESSAGE);
      const outcome = await this.ports.state.update((state): { reason: string } | ServerSummary => {
        const found = lookupProfile(state, this.ports.machineHostname, hostname);
        if (!found.ok) return { reason: found.reason };
        if (rawIssuer !== undefined && found.profile.operator === 'root') return { reason: ROOT_SETS_ITS_OWN };
        const lookup = resolveProfileForWrite(state, this.ports.machineHostname, hostname);
        if (!lookup.ok) return { reason: lookup.reason };
        const { profile } = lookup;
        if (contact !== undefined) profile.firstCodeContact = normalizeFirstCodeContact(contact);
        else profile.systemWideIssuer = issuer.kind === 'set' ? issuer.issuer : null;
        return summarize(profile, state.activeProfile === profile.hostname);
      });
      if ('reason' in outcome) return failure(command, outcome.reason);
      scope.profile = outcome.hostname;
      return success(command, outcome);
    });
  }

  /** Removes a profile. One holding secrets is removed only with `force`, and its vault key goes with it. */
  remove(rawHostname: string, options: { force?: boolean } = {}): Promise<Envelope<ServerRemoveData>> {
    const command = 'servers_remove';
    return answerAudited(this.ports, command, async (scope) => {
      const hostname = normalizeDomain(rawHostname);
      scope.profile = hostname;
      const outcome = await this.ports.state.update((state): { reason: string } | { removed: boolean } => {
        const profile = own(state.profiles, hostname);
        if (!profile) return { reason: noSuchProfileReason(hostname) };
        const sealed = [profile.operatorTfa, ...Object.values(profile.accounts)].filter((r) => r.sealedSecret !== null).length;
        if (sealed > 0 && !options.force) {
          return {
            reason: `The server profile “${hostname}” holds ${sealed} secret(s); removing it destroys them. Export a backup first, or remove it with --force.`,
          };
        }
        delete state.profiles[hostname];
        if (state.activeProfile === hostname) state.activeProfile = Object.keys(state.profiles)[0] ?? null;
        return { removed: profile.vaultKeyCheck !== null };
      });
      if ('reason' in outcome) return failure(command, outcome.reason);
      if (outcome.removed) await this.ports.sealer.forget(hostname);
      return success(command, { removed: hostname });
    });
  }
}
