// Provisioning (beyond WHM): give accounts a pending secret, verify the first code, show a pending secret again.
// A batch goes in chunks: each chunk is generated, sealed in one vault call and written in one state update,
// so a cancelled or killed batch leaves every account either pending with a sealed secret or untouched.
import { defaultChunkSize } from '../common/limits.js';
import type { ProvisionData, ProvisionedAccount, ProvisionWithSecretsData, RevealData, SkippedAccount } from '../common/engine-answers.js';
import { answerAudited, recordInAudit, type AuditSubject } from './audit-record.js';
import { generateWhmSecret } from './base32-secret.js';
import { failure, success, type Envelope } from './envelope.js';
import { buildOtpauthStr } from './otpauth-uri.js';
import { nameMap } from '../common/name-map.js';
import type { EnginePorts } from './ports.js';
import { effectiveIssuer, noAccessReason, requireProfile, shownName, storedUsername, tfaRecordOf } from './server-profiles.js';
import type { ProvisioningState, ServerProfile, TfaState } from './state.js';
import { matchTokenStep } from './totp.js';
import { verifiedMarks } from './rollout-stage.js';
import type { WhmApi1 } from './whm-functions.js';

export type { ProvisionedAccount };

export interface ProvisionOptions {
  server?: string;
  /**
   * Answer each new secret and otpauth_str. Off by default: a batch answers the provisioned users only, and the
   * secrets stay sealed in the vault until asked for (reveal, exports, sheets), as exports refuse them without it.
   */
  withSecrets?: boolean;
  /** Replace a pending or enabled secret; without it those accounts are skipped, so a rerun resumes. */
  replace?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Accounts sealed and written per state write; without it, defaultChunkSize (at most MAX_BATCH_WRITES writes). */
  chunkSize?: number;
}

/** Why verify or reveal has nothing to act on, with the step that does: provision for a new account, --replace for an enabled one. */
function noPendingReason(user: string, state: ProvisioningState): string {
  const name = shownName(user);
  if (state === 'enabled') {
    return (
      `“${name}” is already enabled: its first code was verified, and its secret is no longer shown. ` +
      `To give it a new secret (its holder enrols again), re-provision it: tfa-provisioner provision ${name} --replace`
    );
  }
  return `“${name}” has no pending secret (its state is ${state}). Provision it first: tfa-provisioner provision ${name}`;
}

export class ProvisioningCommands {
  constructor(
    private readonly ports: EnginePorts,
    private readonly whm: WhmApi1,
  ) {}

  private profileFor(state: TfaState, server: string | undefined, forWrite: boolean): ServerProfile {
    return requireProfile(state, this.ports.machineHostname, server, forWrite);
  }

  /** `users` empty means every account of the profile (not the operator). */
  provision(users: readonly string[], options: ProvisionOptions & { withSecrets: true }): Promise<Envelope<ProvisionWithSecretsData>>;
  provision(users: readonly string[], options?: ProvisionOptions & { withSecrets?: false }): Promise<Envelope<ProvisionData>>;
  provision(users: readonly string[], options?: ProvisionOptions): Promise<Envelope<ProvisionData | ProvisionWithSecretsData>>;
  provision(users: readonly string[], options: ProvisionOptions = {}): Promise<Envelope<ProvisionData | ProvisionWithSecretsData>> {
    const command = 'provision';
    return answerAudited(this.ports, command, async (scope) => {
      scope.profile = options.server ?? '';
      const initial = this.profileFor(await this.ports.state.read(), options.server, false);
      scope.profile = initial.hostname;
      const wanted = users.length ? [...new Set(users.map((user) => storedUsername(initial, user)))] : Object.keys(initial.accounts).sort();
      const failed = nameMap<string>();
      const skipped: SkippedAccount[] = [];
      const provisioned: ProvisionedAccount[] = [];
      const todo: string[] = [];
      for (const user of wanted) {
        const record = tfaRecordOf(initial, user);
        if (!record) failed[shownName(user)] = noAccessReason(user);
        else if (record.state !== 'none' && !options.replace) skipped.push({ user, state: record.state });
        else todo.push(user);
      }

      const chunkSize = Math.max(1, options.chunkSize ?? defaultChunkSize(todo.length));
      let cancelled = false;
      options.onProgress?.(0, todo.length);
      for (let at = 0; at < todo.length; at += chunkSize) {
        if (options.signal?.aborted) {
          cancelled = true;
          break;
        }
        const chunk = todo.slice(at, at + chunkSize).map((user) => ({ user, secret: generateWhmSecret(this.ports.random) }));
        const now = new Date(this.ports.clock.now()).toISOString();
        const written = await this.ports.state.update(async (state) => {
          const profile = this.profileFor(state, options.server, true);
          const done: number[] = [];
          chunk.forEach(({ user }, i) => {
            const record = tfaRecordOf(profile, user);
            // Another process may have provisioned or removed it since the batch began.
            if (!record) failed[shownName(user)] = noAccessReason(user);
            else if (record.state !== 'none' && !options.replace) skipped.push({ user, state: record.state });
            else done.push(i);
          });
          if (done.length === 0) return { done, issuer: effectiveIssuer(profile), hostname: profile.hostname };
          // One vault call for the whole chunk, under the state lock so no other process can race the key's creation.
          const { sealed, keyCheck } = await this.ports.sealer.sealMany(
            { hostname: profile.hostname, keyCheck: profile.vaultKeyCheck },
            done.map((i) => chunk[i]!),
          );
          profile.vaultKeyCheck = keyCheck;
          done.forEach((i, k) => {
            const record = tfaRecordOf(profile, chunk[i]!.user)!;
            record.state = 'pending';
            record.sealedSecret = sealed[k]!;
            // The replay guard is kept per secret: no step of the old one is spent for the new one.
            record.lastAcceptedStep = null;
            record.updatedAt = now;
            // A new secret starts its rollout afresh: no sheet printed, nothing verified, applied or confirmed yet.
            record.rollout = { provisionedAt: now };
          });
          return { done, issuer: effectiveIssuer(profile), hostname: profile.hostname };
        });
        for (const i of written.done) {
          const { user, secret } = chunk[i]!;
          provisioned.push({ user, otpauth_str: buildOtpauthStr(written.issuer, user, secret), secret });
        }
        // Each provisioned account is recorded as its chunk is written, so even a killed batch leaves its trail; the
        // entry point then adds one entry only if the batch as a whole fails (cancelled, or a keychain that locks).
        const subjects: AuditSubject[] = written.done.map((i) => ({ profile: written.hostname, function: command, user: chunk[i]!.user }));
        if (subjects.length) await recordInAudit(this.ports, subjects, success(command));
        scope.recorded = true;
        options.onProgress?.(Math.min(at + chunkSize, todo.length), todo.length);
      }
      const rest = { skipped, failed, cancelled: cancelled ? (1 as const) : (0 as const) };
      const data: ProvisionData | ProvisionWithSecretsData = options.withSecrets
        ? { provisioned, ...rest }
        : { provisioned: provisioned.map(({ user }) => user), ...rest };
      return cancelled ? failure(command, 'Provisioning was cancelled; the accounts already provisioned stay pending.', { data }) : success(command, data);
    });
  }

  /**
   * Verifies a pending account's first code and enables it, as WHM's twofactorauth_set_tfa_config would with the
   * kept secret. The check and the enabling happen under one state lock, on the secret pending at that moment: a
   * concurrent `provision --replace` can never make a code for the old secret enable the account.
   */
  verify(typedUser: string, token: string, server?: string): Promise<Envelope> {
    const fn = 'twofactorauth_set_tfa_config';
    return answerAudited(this.ports, fn, async (scope) => {
      scope.profile = server ?? '';
      scope.users = [typedUser];
      const outcome = await this.ports.state.update(async (state): Promise<{ reason: string } | { enabled: true }> => {
        // Read-only lookup: a failed verify must not add the default profile to the state.
        const profile = this.profileFor(state, server, false);
        scope.profile = profile.hostname;
        const user = storedUsername(profile, typedUser);
        scope.users = [user];
        const record = tfaRecordOf(profile, user);
        if (!record) return { reason: noAccessReason(user) };
        if (record.state !== 'pending' || record.sealedSecret === null) return { reason: noPendingReason(user, record.state) };
        const [secret] = await this.ports.sealer.openMany({ hostname: profile.hostname, keyCheck: profile.vaultKeyCheck }, [
          { user, sealed: record.sealedSecret },
        ]);
        const now = this.ports.clock.now();
        const step = matchTokenStep(secret!, token, now);
        // RFC 6238 §5.2: a time step once accepted for this identity is never accepted again.
        if (step === null || (record.lastAcceptedStep !== null && step <= record.lastAcceptedStep)) {
          return { reason: 'The security code is invalid.' };
        }
        record.state = 'enabled';
        record.lastAcceptedStep = step;
        record.updatedAt = new Date(now).toISOString();
        record.rollout = verifiedMarks(record.rollout, record.updatedAt);
        return { enabled: true };
      });
      return 'reason' in outcome ? failure(fn, outcome.reason) : success(fn, { success: 1 });
    });
  }

  /** Shows a pending secret again (for its QR code), as twofactorauth_generate_tfa_config would have. */
  reveal(user: string, server?: string): Promise<Envelope<RevealData>> {
    const command = 'reveal';
    return answerAudited(this.ports, command, async (scope) => {
      scope.profile = server ?? '';
      scope.users = [user];
      const opened = await this.openSecret(user, server, 'pending');
      scope.profile = opened.profile;
      scope.users = [opened.user];
      return opened.ok
        ? success<RevealData>(command, { otpauth_str: buildOtpauthStr(opened.issuer, opened.user, opened.secret), secret: opened.secret })
        : failure<RevealData>(command, opened.reason);
    });
  }

  private async openSecret(
    typedUser: string,
    server: string | undefined,
    expected: ProvisioningState,
  ): Promise<{ ok: true; user: string; secret: string; issuer: string; profile: string } | { ok: false; user: string; reason: string; profile: string }> {
    const profile = this.profileFor(await this.ports.state.read(), server, false);
    const user = storedUsername(profile, typedUser);
    const record = tfaRecordOf(profile, user);
    if (!record) return { ok: false, user, reason: noAccessReason(user), profile: profile.hostname };
    if (record.state !== expected || record.sealedSecret === null) {
      return { ok: false, user, reason: noPendingReason(user, record.state), profile: profile.hostname };
    }
    const [secret] = await this.ports.sealer.openMany({ hostname: profile.hostname, keyCheck: profile.vaultKeyCheck }, [
      { user, sealed: record.sealedSecret },
    ]);
    return { ok: true, user, secret: secret!, issuer: effectiveIssuer(profile), profile: profile.hostname };
  }
}
