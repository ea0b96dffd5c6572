// The plaintext of a profile backup: a server profile's settings, accounts, states AND secrets in clear.
// It only ever exists in memory, between the vault and the backup cipher; the file holds it encrypted.
// The vault key check is left out: a restore seals everything afresh under the target machine's key.
import { z } from 'zod';
import { hostnameProblem, operatorProblem, usernameProblem } from '../common/cpanel-names.js';
import { nameMap } from '../common/name-map.js';
import { isValidWhmSecret } from './base32-secret.js';
import { MAX_PENDING_EXPIRY_DAYS, MIN_PENDING_EXPIRY_DAYS } from '../common/rollout-stages.js';
import type { OpenRequest } from './ports.js';
import type { AccountRecord, ServerProfile, TfaRecord } from './state.js';
import { MAX_FIRST_CODE_CONTACT_LENGTH } from './first-code-contact.js';

export const BUNDLE_FORMAT = 'tfa-provisioner-profile';
export const BUNDLE_VERSION = 1;

const stamp = z.string().max(64);
const tfaFields = {
  state: z.enum(['none', 'pending', 'enabled']),
  secret: z.string().nullable(),
  lastAcceptedStep: z.number().int().nonnegative().nullable(),
  updatedAt: z.string().max(64).nullable(),
  /** Rollout tracking's timestamps (optional: backups made before it have none). */
  rollout: z
    .object({ provisionedAt: stamp, sheetAt: stamp, verifiedAt: stamp, appliedAt: stamp, confirmedAt: stamp })
    .partial()
    .strict()
    .optional(),
};

/** A secret where the state says there is one, and only there; and one WHM would accept. */
const secretMatchesState = (r: { state: string; secret: string | null }): boolean =>
  r.state === 'none' ? r.secret === null : r.secret !== null && isValidWhmSecret(r.secret);

const bundledTfa = z.object(tfaFields).strict().refine(secretMatchesState, 'a secret must be present exactly when the state is pending or enabled');
const bundledAccount = z
  .object({ domain: z.string().min(1).max(253), ...tfaFields })
  .strict()
  .refine(secretMatchesState, 'a secret must be present exactly when the state is pending or enabled');

// Names become keychain items and state keys: they follow the same rules as names typed in or imported.
const ruled = (problem: (name: string) => string | null) =>
  z.string().max(253).superRefine((value, ctx) => {
    const reason = problem(value);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  });

const bundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(BUNDLE_VERSION),
    created: z.string().max(64),
    profile: z
      .object({
        hostname: ruled(hostnameProblem),
        operator: ruled(operatorProblem),
        issuer: z.string().max(64).nullable(),
        /** Root's system-wide issuer recorded for a reseller's profile (optional: older backups have none). */
        systemWideIssuer: z.string().max(64).optional(),
        policyEnabled: z.union([z.literal(0), z.literal(1)]),
        pendingExpiryDays: z.number().int().min(MIN_PENDING_EXPIRY_DAYS).max(MAX_PENDING_EXPIRY_DAYS).nullable().optional(),
        firstCodeContact: z.string().max(MAX_FIRST_CODE_CONTACT_LENGTH).optional(),
        operatorTfa: bundledTfa,
        accounts: z.record(ruled(usernameProblem), bundledAccount),
      })
      .strict(),
  })
  .strict();

export type ProfileBundle = z.infer<typeof bundleSchema>;
type BundledTfa = z.infer<typeof bundledTfa>;

/** The sealed secrets of a profile, to open in one vault call: the operator's first, then the accounts'. */
export function sealedItemsOf(profile: ServerProfile): OpenRequest[] {
  const items: OpenRequest[] = [];
  if (profile.operatorTfa.sealedSecret !== null) items.push({ user: profile.operator, sealed: profile.operatorTfa.sealedSecret });
  for (const [user, account] of Object.entries(profile.accounts)) {
    if (account.sealedSecret !== null) items.push({ user, sealed: account.sealedSecret });
  }
  return items;
}

function bundled(record: TfaRecord, secret: string | undefined): BundledTfa {
  const base = { state: record.state, secret: record.state === 'none' ? null : (secret ?? null), lastAcceptedStep: record.lastAcceptedStep, updatedAt: record.updatedAt };
  return record.rollout ? { ...base, rollout: { ...record.rollout } } : base;
}

type ProfileSettings = Pick<
  ServerProfile,
  'hostname' | 'operator' | 'issuer' | 'systemWideIssuer' | 'policyEnabled' | 'pendingExpiryDays' | 'firstCodeContact'
>;

/**
 * A profile's settings as a backup carries them, the same way out and back in, so a setting added to the profile
 * is added here once; the optional ones are left out when unset, so older readers and files stay as they were.
 */
function profileSettings(profile: ProfileSettings) {
  return {
    hostname: profile.hostname,
    operator: profile.operator,
    issuer: profile.issuer,
    ...(profile.systemWideIssuer ? { systemWideIssuer: profile.systemWideIssuer } : {}),
    policyEnabled: profile.policyEnabled,
    ...(profile.pendingExpiryDays != null ? { pendingExpiryDays: profile.pendingExpiryDays } : {}),
    ...(profile.firstCodeContact ? { firstCodeContact: profile.firstCodeContact } : {}),
  };
}

/** `secrets` maps each user of sealedItemsOf(profile) to its opened secret. */
export function buildBundle(profile: ServerProfile, secrets: ReadonlyMap<string, string>, created: string): ProfileBundle {
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    created,
    profile: {
      ...profileSettings(profile),
      operatorTfa: bundled(profile.operatorTfa, secrets.get(profile.operator)),
      accounts: Object.fromEntries(
        Object.entries(profile.accounts).map(([user, a]) => [user, { domain: a.domain, ...bundled(a, secrets.get(user)) }]),
      ),
    },
  };
}

export class BundleError extends Error {}

/** Parses decrypted text; anything but a bundle this version understands is a BundleError naming the field. */
export function parseBundle(text: string): ProfileBundle {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BundleError('its content is not JSON');
  }
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > BUNDLE_VERSION) {
    throw new BundleError(`it was made by a newer TFA Provisioner (backup version ${version}); upgrade to restore it`);
  }
  const parsed = bundleSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BundleError(`${issue?.path.join('.') || 'its content'}: ${issue?.message ?? 'invalid'}`);
  }
  if (Object.hasOwn(parsed.data.profile.accounts, parsed.data.profile.operator)) {
    throw new BundleError('an account has the operator’s name');
  }
  return parsed.data;
}

/** The secrets of a bundle to seal under the target vault, operator first (the order profileFromBundle expects). */
export function secretsOf(bundle: ProfileBundle): { user: string; secret: string }[] {
  const { profile } = bundle;
  const items: { user: string; secret: string }[] = [];
  if (profile.operatorTfa.secret !== null) items.push({ user: profile.operator, secret: profile.operatorTfa.secret });
  for (const [user, a] of Object.entries(profile.accounts)) if (a.secret !== null) items.push({ user, secret: a.secret });
  return items;
}

/** The state's profile for a bundle, with `sealed` mapping each user of secretsOf(bundle) to its sealed secret. */
export function profileFromBundle(bundle: ProfileBundle, sealed: ReadonlyMap<string, string>, keyCheck: string | null): ServerProfile {
  const { profile } = bundle;
  const record = (r: BundledTfa, user: string): TfaRecord => ({
    state: r.state,
    sealedSecret: r.secret === null ? null : sealed.get(user)!,
    lastAcceptedStep: r.lastAcceptedStep,
    updatedAt: r.updatedAt,
    ...(r.rollout ? { rollout: { ...r.rollout } } : {}),
  });
  const accounts = nameMap<AccountRecord>(Object.entries(profile.accounts).map(([user, a]) => [user, { ...record(a, user), domain: a.domain }]));
  return {
    ...profileSettings(profile),
    vaultKeyCheck: keyCheck,
    operatorTfa: record(profile.operatorTfa, profile.operator),
    accounts,
  };
}
