// The nine WHM API 1 twofactorauth_* functions, answering as a cPanel & WHM server does (docs/whm-api.md, checked
// against cPanel's code). Names, parameters, reasons, error IDs and data shapes are WHM's; where the app differs on
// purpose (the user= extension, the replay guard, the input bounds) docs/whm-api.md says so.
import { generateWhmSecret, hasOnlyWhmSecretCharacters, normalizeWhmSecret } from './base32-secret.js';
import { errorId } from './error-id.js';
import { failure, success, type Envelope } from './envelope.js';
import { parseIssuer, ISSUER_RULE_MESSAGE } from '../common/issuer-rule.js';
import { buildOtpauthStr } from './otpauth-uri.js';
import { recordInAudit } from './audit-record.js';
import { nameMap } from '../common/name-map.js';
import { AdapterError, type AdapterErrorCode, type EnginePorts } from './ports.js';
import {
  effectiveIssuer,
  lookupProfile,
  noAccessReason,
  primaryDomainOf,
  resolveProfileForWrite,
  shownName,
  systemWideIssuer,
  tfaRecordOf,
} from './server-profiles.js';
import type { ServerProfile, TfaState } from './state.js';
import { verifiedMarks } from './rollout-stage.js';
import { matchTokenStep } from './totp.js';
import { isWhmFunction, WHM_FUNCTIONS, type WhmFunctionName } from '../common/whm-function-specs.js';
import { parseParams, type ParamPairs } from './whm-params.js';
import { messageOf } from '../common/error-message.js';

export { WHM_FUNCTIONS, isWhmFunction, type WhmFunctionName } from '../common/whm-function-specs.js';

export function unknownFunctionReason(name: string): string {
  return `Unknown app ("${shownName(name)}") requested for this version (1) of the API.`;
}

/** Thrown inside a function body for a failure whose reason is already WHM's. */
class WhmFailure extends Error {
  constructor(readonly envelope: Envelope) {
    super(envelope.metadata.reason);
  }
}

interface CallContext {
  values: Map<string, string>;
  server: string | undefined;
  /** The user the call acted on, for the audit trail. */
  auditUser: string | null;
  profileName: string;
  /** Why a refusal happened when WHM's reason does not say (a replayed code): for the audit trail and the caller. */
  auditNote: string | null;
}

/** Beyond the envelope: what a caller may tell its user (the CLI prints these on stderr). */
export interface CallHooks {
  onNote?: (note: string) => void;
  /**
   * The keychain or the state file failed (the answer keeps WHM's reason, which carries the cause): the code, for a
   * caller that says what to do next. WHM's envelope itself never carries it.
   */
  onAdapterError?: (code: AdapterErrorCode) => void;
}

/** Why a code the window accepts was refused; the answer stays WHM's “The security code is invalid.” */
export const REPLAY_NOTE =
  'The code was refused because it was already used with this secret (a code is good once: RFC 6238 replay protection). Wait for the next code.';

/**
 * Reasons WHM gives when a function fails unexpectedly; the cause follows where WHM's template has a slot, with the
 * error ID cPanel's exceptions carry (`xid`).
 */
const UNEXPECTED_FAILURE: Record<WhmFunctionName, (cause: string, xid: string) => Envelope> = {
  twofactorauth_generate_tfa_config: (c, xid) =>
    failure('twofactorauth_generate_tfa_config', `Failed to generate two-factor authentication configuration: ${xid}${c}`),
  twofactorauth_set_tfa_config: (c) =>
    failure('twofactorauth_set_tfa_config', 'Failed to set user configuration.', { data: { success: 0 }, warnings: [c] }),
  twofactorauth_get_user_configs: (c, xid) => failure('twofactorauth_get_user_configs', `Failed to fetch user configurations: ${xid}${c}`),
  twofactorauth_remove_user_config: (c, xid) =>
    failure('twofactorauth_remove_user_config', `Failed to remove two-factor authentication: ${xid}${c}`),
  twofactorauth_policy_status: (c, xid) => failure('twofactorauth_policy_status', `API failure: ${xid}${c}`),
  twofactorauth_enable_policy: (c) =>
    failure('twofactorauth_enable_policy', 'Failed to enable the Two-Factor Authentication security policy.', { warnings: [c] }),
  twofactorauth_disable_policy: (c) =>
    failure('twofactorauth_disable_policy', 'Failed to disable Two-Factor Authentication security policy.', { warnings: [c] }),
  twofactorauth_get_issuer: (c, xid) => failure('twofactorauth_get_issuer', `Failed to get issuer: ${xid}${c}`),
  twofactorauth_set_issuer: (c, xid) => failure('twofactorauth_set_issuer', `Failed to set issuer: ${xid}${c}`),
};

export class WhmApi1 {
  constructor(private readonly ports: EnginePorts) {}

  /** Answers one WHM API 1 call. Never throws: every outcome is an envelope. */
  async call(fn: string, pairs: ParamPairs, server?: string, hooks: CallHooks = {}): Promise<Envelope> {
    // Refused calls are audited too: an unknown function or a malformed parameter is an attempt worth seeing.
    const refused: CallContext = { values: new Map(), server, auditUser: null, profileName: server ?? '', auditNote: null };
    if (!isWhmFunction(fn)) return this.audited(shownName(fn), refused, failure(shownName(fn), unknownFunctionReason(fn)));
    const parsed = parseParams(fn, pairs, WHM_FUNCTIONS[fn]);
    if (!parsed.ok) return this.audited(fn, refused, failure(fn, parsed.reason));
    for (const note of parsed.notes) hooks.onNote?.(note);

    const ctx: CallContext = { values: parsed.values, server, auditUser: null, profileName: server ?? '', auditNote: null };
    let envelope: Envelope;
    try {
      envelope = await this.dispatch(fn, ctx);
    } catch (error) {
      if (error instanceof AdapterError) hooks.onAdapterError?.(error.code);
      envelope = error instanceof WhmFailure ? error.envelope : UNEXPECTED_FAILURE[fn](messageOf(error), this.xid());
    }
    if (ctx.auditNote) hooks.onNote?.(ctx.auditNote);
    return this.audited(fn, ctx, envelope);
  }

  /** A fresh `(XID abc123) ` for a reason that comes from one of cPanel's exceptions; none when randomness fails. */
  private xid(): string {
    try {
      return errorId(this.ports.random);
    } catch {
      return '';
    }
  }

  private dispatch(fn: WhmFunctionName, ctx: CallContext): Promise<Envelope> {
    switch (fn) {
      case 'twofactorauth_generate_tfa_config':
        return this.twofactorauth_generate_tfa_config(ctx);
      case 'twofactorauth_set_tfa_config':
        return this.twofactorauth_set_tfa_config(ctx);
      case 'twofactorauth_get_user_configs':
        return this.twofactorauth_get_user_configs(ctx);
      case 'twofactorauth_remove_user_config':
        return this.twofactorauth_remove_user_config(ctx);
      case 'twofactorauth_policy_status':
        return this.twofactorauth_policy_status(ctx);
      case 'twofactorauth_enable_policy':
        return this.setPolicy(ctx, 'twofactorauth_enable_policy', 1);
      case 'twofactorauth_disable_policy':
        return this.setPolicy(ctx, 'twofactorauth_disable_policy', 0);
      case 'twofactorauth_get_issuer':
        return this.twofactorauth_get_issuer(ctx);
      case 'twofactorauth_set_issuer':
        return this.twofactorauth_set_issuer(ctx);
    }
  }

  private async audited(fn: string, ctx: CallContext, envelope: Envelope): Promise<Envelope> {
    // A call refused before it read any profile (a bad issuer, no users) still names the profile it was meant for.
    if (ctx.profileName === '') {
      try {
        const lookup = lookupProfile(await this.ports.state.read(), this.ports.machineHostname);
        if (lookup.ok) ctx.profileName = lookup.profile.hostname;
      } catch {
        // An unreadable state is already the answer's reason; the entry then names no profile.
      }
    }
    const subjects = [{ profile: ctx.profileName, function: fn, user: ctx.auditUser }];
    if (!ctx.auditNote) return recordInAudit(this.ports, subjects, envelope);
    // The trail says why, in the entry's reason; the answer keeps WHM's words.
    const noted = { ...envelope, metadata: { ...envelope.metadata, reason: `${envelope.metadata.reason} ${ctx.auditNote}` } };
    const recorded = await recordInAudit(this.ports, subjects, noted);
    return recorded === noted ? envelope : { ...envelope, metadata: { ...recorded.metadata, reason: envelope.metadata.reason } };
  }

  /** Reads the profile the call acts on; an unknown --server is a failure in the function's own envelope. */
  private async readProfile(fn: WhmFunctionName, ctx: CallContext): Promise<ServerProfile> {
    const state = await this.ports.state.read();
    return this.profileIn(state, fn, ctx, false);
  }

  private profileIn(state: TfaState, fn: WhmFunctionName, ctx: CallContext, forWrite: boolean): ServerProfile {
    const lookup = (forWrite ? resolveProfileForWrite : lookupProfile)(state, this.ports.machineHostname, ctx.server);
    if (!lookup.ok) throw new WhmFailure(failure(fn, lookup.reason));
    ctx.profileName = lookup.profile.hostname;
    return lookup.profile;
  }

  /** The `user=` extension: the operator by default, otherwise a known account. */
  private actingUser(fn: WhmFunctionName, ctx: CallContext, profile: ServerProfile): string {
    const user = ctx.values.get('user') || profile.operator;
    ctx.auditUser = shownName(user);
    if (!tfaRecordOf(profile, user)) throw new WhmFailure(failure(fn, noAccessReason(user)));
    return user;
  }

  private async twofactorauth_generate_tfa_config(ctx: CallContext): Promise<Envelope> {
    const fn = 'twofactorauth_generate_tfa_config';
    const profile = await this.readProfile(fn, ctx);
    const user = this.actingUser(fn, ctx, profile);
    const secret = generateWhmSecret(this.ports.random);
    return success(fn, { otpauth_str: buildOtpauthStr(effectiveIssuer(profile), user, secret), secret });
  }

  private async twofactorauth_set_tfa_config(ctx: CallContext): Promise<Envelope> {
    const fn = 'twofactorauth_set_tfa_config';
    // WHM treats a missing secret or token as empty, and goes on to the code check, which an empty one fails.
    const rawSecret = ctx.values.get('secret') ?? '';
    const token = ctx.values.get('tfa_token') ?? '';
    const profile = await this.readProfile(fn, ctx);
    const user = this.actingUser(fn, ctx, profile);
    // WHM's only check on the secret: its characters. Any length goes on to the code check.
    if (!hasOnlyWhmSecretCharacters(rawSecret)) return failure(fn, `${this.xid()}Missing or Invalid: “secret”`);
    const secret = normalizeWhmSecret(rawSecret);

    const invalid = failure(fn, 'The security code is invalid.');
    const step = secret === '' ? null : matchTokenStep(secret, token, this.ports.clock.now());
    if (step === null) return invalid;

    const accepted = await this.ports.state.update(async (fresh) => {
      const current = this.profileIn(fresh, fn, ctx, true);
      const record = tfaRecordOf(current, user);
      if (!record) throw new WhmFailure(failure(fn, noAccessReason(user)));
      const vault = { hostname: current.hostname, keyCheck: current.vaultKeyCheck };
      // RFC 6238 §5.2, kept per secret: a time step once accepted is refused again only for the secret it was
      // accepted with, so the first code of a newly set secret is never refused for the old secret's spent step.
      if (record.lastAcceptedStep !== null && step <= record.lastAcceptedStep && record.sealedSecret !== null) {
        const [stored] = await this.ports.sealer.openMany(vault, [{ user, sealed: record.sealedSecret }]);
        if (stored === secret) return false;
      }
      // Sealed under the state lock, so two processes can never each create a vault key for one profile.
      const { sealed, keyCheck } = await this.ports.sealer.sealMany(vault, [{ user, secret }]);
      // WHM silently overwrites an earlier configuration.
      record.state = 'enabled';
      record.sealedSecret = sealed[0]!;
      record.lastAcceptedStep = step;
      record.updatedAt = new Date(this.ports.clock.now()).toISOString();
      // Rollout tracking: verified now; a new secret is not yet in any apply body, nor confirmed by the server.
      record.rollout = verifiedMarks(record.rollout, record.updatedAt);
      current.vaultKeyCheck = keyCheck;
      return true;
    });
    if (accepted) return success(fn, { success: 1 });
    ctx.auditNote = REPLAY_NOTE;
    return invalid;
  }

  private async twofactorauth_get_user_configs(ctx: CallContext): Promise<Envelope> {
    const fn = 'twofactorauth_get_user_configs';
    const profile = await this.readProfile(fn, ctx);
    const only = ctx.values.get('user');
    if (only !== undefined && only !== '') {
      ctx.auditUser = shownName(only);
      const record = tfaRecordOf(profile, only);
      if (!record) return failure(fn, noAccessReason(only));
      return success(fn, { [only]: userConfig(profile, only) });
    }
    const users = [profile.operator, ...Object.keys(profile.accounts)].sort();
    return success(fn, Object.fromEntries(users.map((user) => [user, userConfig(profile, user)])));
  }

  private async twofactorauth_remove_user_config(ctx: CallContext): Promise<Envelope> {
    const fn = 'twofactorauth_remove_user_config';
    // Every user key counts, an empty value too: WHM takes `user=` as a user named “”. Each user once, in order.
    const users = [...new Set([...ctx.values].filter(([name]) => /^user(?:-\d+)?$/.test(name)).map(([, v]) => v))];
    if (users.length === 0) return failure(fn, 'No users specified.');
    ctx.auditUser = users.map((user) => shownName(user)).join(',').slice(0, 256);
    const data = await this.ports.state.update((state) => {
      const profile = this.profileIn(state, fn, ctx, true);
      const failed = nameMap<string>();
      const usersModified: string[] = [];
      for (const user of users) {
        const record = tfaRecordOf(profile, user);
        if (!record) {
          failed[user] = `You are not authorized to modify “${shownName(user)}”: ${this.xid()}${notYoursReason(profile, user)}`;
          continue;
        }
        // WHM deletes unconditionally, so a user with nothing configured is still reported as modified.
        record.state = 'none';
        record.sealedSecret = null;
        // The replay guard is kept per secret, and this one is gone.
        record.lastAcceptedStep = null;
        record.updatedAt = new Date(this.ports.clock.now()).toISOString();
        usersModified.push(user);
      }
      return { failed, users_modified: usersModified };
    });
    return success(fn, data);
  }

  private async twofactorauth_policy_status(ctx: CallContext): Promise<Envelope> {
    const profile = await this.readProfile('twofactorauth_policy_status', ctx);
    return success('twofactorauth_policy_status', { is_enabled: profile.policyEnabled });
  }

  private async setPolicy(
    ctx: CallContext,
    fn: 'twofactorauth_enable_policy' | 'twofactorauth_disable_policy',
    value: 0 | 1,
  ): Promise<Envelope> {
    await this.ports.state.update((state) => {
      this.profileIn(state, fn, ctx, true).policyEnabled = value;
    });
    return success(fn);
  }

  private async twofactorauth_get_issuer(ctx: CallContext): Promise<Envelope> {
    const profile = await this.readProfile('twofactorauth_get_issuer', ctx);
    // A reseller's own issuer is not the system's: system_wide_issuer is root's (as recorded in the reseller's
    // profile, else the hostname, cPanel's default), whatever the reseller set.
    return success('twofactorauth_get_issuer', { issuer: effectiveIssuer(profile), system_wide_issuer: systemWideIssuer(profile) });
  }

  private async twofactorauth_set_issuer(ctx: CallContext): Promise<Envelope> {
    const fn = 'twofactorauth_set_issuer';
    const input = parseIssuer(ctx.values.get('issuer'));
    if (input.kind === 'invalid') return failure(fn, `Failed to set issuer: ${this.xid()}${ISSUER_RULE_MESSAGE}`);
    await this.ports.state.update((state) => {
      this.profileIn(state, fn, ctx, true).issuer = input.kind === 'set' ? input.issuer : null;
    });
    return success(fn);
  }
}

/**
 * Why a user is not the caller's to modify, in WHM's words: root has every account and is told the user does not
 * exist; a reseller is told it has no access to it (root included).
 */
function notYoursReason(profile: ServerProfile, user: string): string {
  return profile.operator === 'root' ? `You do not have a user named “${shownName(user)}”.` : noAccessReason(user);
}

function userConfig(profile: ServerProfile, user: string): { is_enabled: 0 | 1; primary_domain: string } {
  return {
    is_enabled: tfaRecordOf(profile, user)?.state === 'enabled' ? 1 : 0,
    primary_domain: primaryDomainOf(profile, user) ?? '',
  };
}
