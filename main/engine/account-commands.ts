// Account inventory commands (beyond WHM): the cPanel accounts of a server profile, added by hand or imported.
import type {
  AccountAddData,
  AccountRow,
  AccountsImportData,
  AccountsListData,
  AccountsRemoveData,
} from '../common/engine-answers.js';
import { messageOf } from '../common/error-message.js';
import type { ImportProblem } from './account-import.js';
import { shownText } from '../common/shown-text.js';
import { answerAudited } from './audit-record.js';
import { domainProblem, normalizeDomain, normalizeUsername, usernameProblem } from '../common/cpanel-names.js';
import { failure, success, type Envelope } from './envelope.js';
import { hasName, nameMap, own, setName } from '../common/name-map.js';
import type { EnginePorts } from './ports.js';
import { requireProfile, shownName, storedUsername } from './server-profiles.js';
import { emptyTfaRecord, type ServerProfile, type TfaRecord, type TfaState } from './state.js';
import { stageOf } from './rollout-stage.js';

export type { AccountRow };

export class AccountCommands {
  constructor(private readonly ports: EnginePorts) {}

  private profileFor(state: TfaState, server: string | undefined, forWrite: boolean): ServerProfile {
    return requireProfile(state, this.ports.machineHostname, server, forWrite);
  }

  list(server?: string): Promise<Envelope<AccountsListData>> {
    return answerAudited(this.ports, 'accounts_list', async () => {
      const profile = this.profileFor(await this.ports.state.read(), server, false);
      const expiry = profile.pendingExpiryDays ?? null;
      const now = this.ports.clock.now();
      const row = (user: string, domain: string, record: TfaRecord): AccountRow => ({
        user,
        domain,
        state: record.state,
        updated: record.updatedAt,
        stage: stageOf(record, expiry, now).stage,
      });
      const accounts = Object.entries(profile.accounts)
        .map(([user, a]) => row(user, a.domain, a))
        .sort((a, b) => a.user.localeCompare(b.user));
      const operator = row(profile.operator, profile.hostname, profile.operatorTfa);
      return success('accounts_list', { server: profile.hostname, operator, accounts });
    }, { audit: false });
  }

  add(rawUser: string, rawDomain: string, server?: string): Promise<Envelope<AccountAddData>> {
    const command = 'accounts_add';
    return answerAudited(this.ports, command, async (scope) => {
      const user = normalizeUsername(rawUser);
      const domain = normalizeDomain(rawDomain);
      scope.profile = server ?? '';
      scope.users = [user];
      const problem = usernameProblem(user, rawUser) ?? domainProblem(domain, rawDomain);
      if (problem) return failure(command, problem);
      const added = await this.ports.state.update((state) => {
        const profile = this.profileFor(state, server, true);
        scope.profile = profile.hostname;
        if (hasName(profile.accounts, user) || user === profile.operator) return false;
        setName(profile.accounts, user, { ...emptyTfaRecord(), domain });
        return true;
      });
      return added
        ? success<AccountAddData>(command, { user, domain, state: 'none' })
        : failure<AccountAddData>(command, `An account named “${user}” already exists on “${scope.profile}”.`);
    });
  }

  /** Imports a listaccts dump or CSV. New accounts are added; a known account keeps its 2FA state and takes the new domain. */
  import(text: string, server?: string): Promise<Envelope<AccountsImportData>> {
    const command = 'accounts_import';
    return answerAudited(this.ports, command, async (scope) => {
      scope.profile = server ?? '';
      let parsed;
      try {
        // csv-parse and yaml load on this path only: every other command would pay for them.
        parsed = (await import('./account-import.js')).parseAccountList(text);
      } catch (error) {
        // A parser's message may quote the file: it goes through the sanitiser like any outside text.
        return failure(command, `The account list could not be read: ${shownText(messageOf(error))}`);
      }
      const problems: ImportProblem[] = [...parsed.problems];
      const counts = await this.ports.state.update((state) => {
        const profile = this.profileFor(state, server, true);
        scope.profile = profile.hostname;
        let added = 0;
        let updated = 0;
        let unchanged = 0;
        for (const { user, domain, row } of parsed.accounts) {
          // A reseller's own account is in its listaccts; it is the operator here, never one of its accounts.
          if (user === profile.operator) {
            problems.push({ row, reason: `The username “${user}” is the operator of “${profile.hostname}”, not one of its accounts.` });
            continue;
          }
          const existing = own(profile.accounts, user);
          if (!existing) {
            setName(profile.accounts, user, { ...emptyTfaRecord(), domain });
            added += 1;
          } else if (existing.domain !== domain) {
            existing.domain = domain;
            updated += 1;
          } else unchanged += 1;
        }
        return { added, updated, unchanged };
      });
      problems.sort((a, b) => a.row - b.row);
      return success(command, { format: parsed.format, ...counts, problems });
    });
  }

  /** Forgets accounts (and any secret of theirs) from the profile; this changes nothing on the server. */
  remove(users: readonly string[], server?: string): Promise<Envelope<AccountsRemoveData>> {
    const command = 'accounts_remove';
    return answerAudited(this.ports, command, async (scope) => {
      scope.profile = server ?? '';
      scope.users = [...users];
      if (users.length === 0) return failure(command, 'No users specified.');
      const data = await this.ports.state.update((state) => {
        const profile = this.profileFor(state, server, true);
        scope.profile = profile.hostname;
        const removed: string[] = [];
        const failed = nameMap<string>();
        for (const typed of users) {
          const user = storedUsername(profile, typed);
          if (hasName(profile.accounts, user)) {
            delete profile.accounts[user];
            removed.push(user);
          } else failed[shownName(user)] = `There is no account named “${shownName(user)}” on “${profile.hostname}”.`;
        }
        return { removed, failed };
      });
      return success(command, data);
    });
  }
}
