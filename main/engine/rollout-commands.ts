// Rollout tracking (beyond WHM): counts per stage, the pending-expiry limit of a profile, the marks recorded when
// sheets and apply bodies are delivered, and reconciling with the server's own twofactorauth_get_user_configs
// answer, brought back as a file. Every mark is audited per account; no secret or code is ever involved.
import {
  isRolloutStage,
  pendingExpiryProblem,
  type PendingExpiryData,
  type ReconcileData,
  type RolloutMarkData,
  type RolloutRow,
  type RolloutStage,
  type RolloutStatusData,
} from '../common/rollout-stages.js';
import { hasName, own } from '../common/name-map.js';
import { answerAudited, recordInAudit, type AuditSubject } from './audit-record.js';
import { failure, success, type Envelope } from './envelope.js';
import type { EnginePorts } from './ports.js';
import { countStages, stageOf, type RolloutMarks } from './rollout-stage.js';
import { requireProfile, shownName } from './server-profiles.js';
import type { ServerProfile, TfaState } from './state.js';
import { GET_USER_CONFIGS } from './user-configs-answer-name.js';

export const ROLLOUT_COMMANDS = {
  status: 'rollout_status',
  setExpiry: 'servers_set',
  sheetPrinted: 'rollout_sheet_printed',
  applied: 'rollout_applied',
  confirmed: 'rollout_confirmed',
  reconcile: 'accounts_reconcile',
} as const;

/** Which delivered export marks which step. */
const DELIVERY_MARK = { sheets: 'sheetAt', 'apply-body': 'appliedAt' } as const satisfies Record<string, keyof RolloutMarks>;
export type MarkedDelivery = keyof typeof DELIVERY_MARK;

export class RolloutCommands {
  constructor(private readonly ports: EnginePorts) {}

  private profileFor(state: TfaState, server: string | undefined, forWrite: boolean): ServerProfile {
    return requireProfile(state, this.ports.machineHostname, server, forWrite);
  }

  private now(): string {
    return new Date(this.ports.clock.now()).toISOString();
  }

  /** Counts per stage; with `rows`, the accounts too (all of them, or those of one stage), in user order. */
  status(options: { server?: string; rows?: RolloutStage | 'all' } = {}): Promise<Envelope<RolloutStatusData>> {
    const command = ROLLOUT_COMMANDS.status;
    return answerAudited<RolloutStatusData>(this.ports, command, async () => {
      const profile = this.profileFor(await this.ports.state.read(), options.server, false);
      const expiry = profile.pendingExpiryDays ?? null;
      const now = this.ports.clock.now();
      const data: RolloutStatusData = {
        server: profile.hostname,
        pending_expiry_days: expiry,
        accounts: Object.keys(profile.accounts).length,
        counts: countStages(Object.values(profile.accounts), expiry, now),
      };
      if (options.rows) {
        const rows: RolloutRow[] = [];
        for (const user of Object.keys(profile.accounts).sort()) {
          const account = own(profile.accounts, user)!;
          const { stage, since } = stageOf(account, expiry, now);
          if (options.rows === 'all' || options.rows === stage) rows.push({ user, domain: account.domain, stage, since });
        }
        data.rows = rows;
      }
      return success(command, data);
    }, { audit: false });
  }

  /** The accounts of one stage, in user order (for "print the sheets not yet printed", "re-provision the expired"). */
  async usersAt(stage: RolloutStage, server?: string): Promise<string[]> {
    const profile = this.profileFor(await this.ports.state.read(), server, false);
    const expiry = profile.pendingExpiryDays ?? null;
    const now = this.ports.clock.now();
    return Object.keys(profile.accounts)
      .sort()
      .filter((user) => stageOf(own(profile.accounts, user)!, expiry, now).stage === stage);
  }

  /** Sets the profile's pending-expiry limit in days (null: pending secrets never expire). */
  setPendingExpiry(days: number | null, server?: string): Promise<Envelope<PendingExpiryData>> {
    const command = ROLLOUT_COMMANDS.setExpiry;
    return answerAudited<PendingExpiryData>(this.ports, command, async (scope) => {
      scope.profile = server ?? '';
      const problem = pendingExpiryProblem(days);
      if (problem) return failure(command, problem);
      const hostname = await this.ports.state.update((state) => {
        const profile = this.profileFor(state, server, true);
        profile.pendingExpiryDays = days;
        return profile.hostname;
      });
      scope.profile = hostname;
      return success<PendingExpiryData>(command, { hostname, pending_expiry_days: days });
    });
  }

  /**
   * Records that a document reached its file: the sheets of pending accounts were printed or exported, or enabled
   * accounts went into an apply body. Called by whoever wrote the file, once it is written.
   */
  recordDelivery(kind: MarkedDelivery, users: readonly string[], server?: string): Promise<Envelope<RolloutMarkData>> {
    const command = kind === 'sheets' ? ROLLOUT_COMMANDS.sheetPrinted : ROLLOUT_COMMANDS.applied;
    const wanted = kind === 'sheets' ? 'pending' : 'enabled';
    return answerAudited<RolloutMarkData>(this.ports, command, async (scope) => {
      scope.profile = server ?? '';
      const now = this.now();
      const { hostname, marked } = await this.ports.state.update((state) => {
        const profile = this.profileFor(state, server, true);
        const done: string[] = [];
        for (const user of new Set(users)) {
          const account = own(profile.accounts, user);
          if (!account || account.state !== wanted) continue;
          account.rollout = { ...account.rollout, [DELIVERY_MARK[kind]]: now };
          done.push(user);
        }
        return { hostname: profile.hostname, marked: done };
      });
      // One entry per marked account; a delivery that marked none leaves no entry.
      const subjects: AuditSubject[] = marked.map((user) => ({ profile: hostname, function: command, user }));
      const envelope = success(command, { hostname, marked: marked.length });
      scope.recorded = true;
      return subjects.length ? recordInAudit(this.ports, subjects, envelope) : envelope;
    });
  }

  /**
   * Compares the profile with the server's twofactorauth_get_user_configs answer. Accounts enabled here and there
   * move to "confirmed"; every other difference is reported and left for the operator to act on.
   */
  reconcile(text: string, server?: string): Promise<Envelope<ReconcileData>> {
    const command = ROLLOUT_COMMANDS.reconcile;
    return answerAudited<ReconcileData>(this.ports, command, async (scope) => {
      scope.profile = server ?? '';
      let answer;
      // The YAML and XML parsers load on this path only: every other command would pay for them.
      const { parseUserConfigsAnswer, UserConfigsAnswerError } = await import('./user-configs-answer.js');
      try {
        answer = parseUserConfigsAnswer(text);
      } catch (error) {
        if (error instanceof UserConfigsAnswerError) return failure(command, error.message);
        throw error;
      }
      const now = this.now();
      const outcome = await this.ports.state.update((state): { refused: string; hostname: string } | { data: ReconcileData; warning: string | null } => {
        const profile = this.profileFor(state, server, true);
        const refused = serverMismatch(profile, answer.users);
        if (refused) return { refused, hostname: profile.hostname };
        const data: ReconcileData = {
          server: profile.hostname,
          source: { format: answer.format, users: answer.users.size },
          confirmed: [],
          newly_confirmed: [],
          applied_not_enabled: [],
          enabled_on_server_only: [],
          missing_on_server: [],
        };
        for (const user of Object.keys(profile.accounts).sort()) {
          const account = own(profile.accounts, user)!;
          const there = answer.users.get(user);
          if (!there) {
            data.missing_on_server.push(user);
          } else if (account.state === 'enabled' && there.is_enabled === 1) {
            data.confirmed.push(user);
            if (!account.rollout?.confirmedAt) {
              account.rollout = { ...account.rollout, confirmedAt: now };
              data.newly_confirmed.push(user);
            }
          } else if (there.is_enabled === 1) {
            data.enabled_on_server_only.push({ user, here: account.state === 'pending' ? 'pending' : 'none' });
          } else if (account.state === 'enabled' && (account.rollout?.appliedAt || account.rollout?.confirmedAt)) {
            data.applied_not_enabled.push(user);
          }
        }
        // Accounts the server has and this profile does not; the operator (root or the reseller) is not an account.
        for (const [user, there] of [...answer.users].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
          if (there.is_enabled === 1 && user !== 'root' && user !== profile.operator && !hasName(profile.accounts, user)) {
            data.enabled_on_server_only.push({ user, here: 'unknown' });
          }
        }
        data.enabled_on_server_only.sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
        const warning = answer.users.has('root')
          ? null
          : `The file has no root entry, so it could not be checked to come from ${profile.hostname} (a reseller's answer lists only its own accounts).`;
        return { data, warning };
      });
      if ('refused' in outcome) {
        scope.profile = outcome.hostname;
        return failure(command, outcome.refused);
      }
      const { data, warning } = outcome;
      const subjects: AuditSubject[] = [
        { profile: data.server, function: command, user: null },
        ...data.newly_confirmed.map((user) => ({ profile: data.server, function: ROLLOUT_COMMANDS.confirmed, user })),
      ];
      const envelope = warning ? { ...success(command, data), metadata: { command, output: { warnings: [warning] }, reason: 'OK', result: '1' as const, version: 1 as const } } : success(command, data);
      scope.recorded = true;
      return recordInAudit(this.ports, subjects, envelope);
    });
  }
}

/**
 * WHM gives root the server's hostname as its primary_domain, so root's entry says which server answered.
 * A profile acting as root expects that entry; a reseller's answer has none, and is taken with a warning.
 */
function serverMismatch(profile: ServerProfile, users: ReadonlyMap<string, { primary_domain: string }>): string | null {
  const root = users.get('root');
  if (root) {
    const answered = root.primary_domain.trim().toLowerCase().replace(/\.$/, '');
    if (answered === profile.hostname) return null;
    return (
      `The file comes from another server: its root entry's primary_domain (which WHM sets to the server's hostname) is ` +
      `“${shownName(answered)}”, and this profile is “${profile.hostname}”. Reconcile it with --server=${shownName(answered)}, ` +
      `or bring back the answer of ${profile.hostname}. Nothing was changed.`
    );
  }
  if (profile.operator === 'root') {
    return (
      `The file has no root entry, so it is not root's full ${GET_USER_CONFIGS} answer (a call with user= answers for one account). ` +
      `Run on ${profile.hostname}: whmapi1 --output=json ${GET_USER_CONFIGS} > FILE. Nothing was changed.`
    );
  }
  return null;
}

export function parseStageOption(value: string): RolloutStage | 'all' | null {
  return value === 'all' || isRolloutStage(value) ? value : null;
}
