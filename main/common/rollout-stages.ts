// Rollout tracking (beyond WHM): where each account stands between "no secret" and "confirmed by the server".
// The stages, their words and the data shapes of `rollout status` and `accounts reconcile`, shared by the
// engine, the CLI, the IPC handlers and the renderer. Pure, and dependent on nothing.

/**
 * The stages in rollout order. A stage is derived from the account's provisioning state and its rollout
 * marks (state.ts), never stored on its own, so it can never disagree with the state:
 *  - none: no secret;
 *  - provisioned: a pending secret whose enrollment sheet was not printed or exported yet;
 *  - printed: a pending secret whose sheet was printed or exported;
 *  - expired: a pending secret older than the profile's pending-expiry limit (printed or not);
 *  - verified: the first code was verified here (enabled), not yet in an apply body;
 *  - applied: enabled and included in an apply body, not yet confirmed by the server;
 *  - confirmed: the server's twofactorauth_get_user_configs answer said it is enabled there.
 */
export const ROLLOUT_STAGES = ['none', 'provisioned', 'printed', 'expired', 'verified', 'applied', 'confirmed'] as const;
export type RolloutStage = (typeof ROLLOUT_STAGES)[number];

export function isRolloutStage(value: string): value is RolloutStage {
  return (ROLLOUT_STAGES as readonly string[]).includes(value);
}

/** The words the CLI's help, the README and the dashboard use for each stage. */
export const ROLLOUT_STAGE_LABELS: Readonly<Record<RolloutStage, string>> = Object.freeze({
  none: 'No secret',
  provisioned: 'Sheet not printed',
  printed: 'Sheet handed over',
  expired: 'Expired',
  verified: 'Verified here',
  applied: 'Applied',
  confirmed: 'Confirmed by the server',
});

/** Days a pending secret may wait for its first code: 1 to 365, or null for no limit. */
export const MIN_PENDING_EXPIRY_DAYS = 1;
export const MAX_PENDING_EXPIRY_DAYS = 365;

/** Why a pending-expiry limit is not acceptable, or null when it is. */
export function pendingExpiryProblem(days: number | null): string | null {
  if (days === null) return null;
  return Number.isSafeInteger(days) && days >= MIN_PENDING_EXPIRY_DAYS && days <= MAX_PENDING_EXPIRY_DAYS
    ? null
    : `The pending-expiry limit must be a whole number of days from ${MIN_PENDING_EXPIRY_DAYS} to ${MAX_PENDING_EXPIRY_DAYS}, or off.`;
}

export type RolloutCounts = Record<RolloutStage, number>;

export function zeroCounts(): RolloutCounts {
  return { none: 0, provisioned: 0, printed: 0, expired: 0, verified: 0, applied: 0, confirmed: 0 };
}

/** One account's place in the rollout; `since` is when it entered that stage (null when unknown). */
export interface RolloutRow {
  user: string;
  domain: string;
  stage: RolloutStage;
  since: string | null;
}

/** `rollout status`: counts per stage for the profile's accounts (the operator is not one of them). */
export interface RolloutStatusData {
  server: string;
  /** The profile's pending-expiry limit in days; null: pending secrets never expire. */
  pending_expiry_days: number | null;
  accounts: number;
  counts: RolloutCounts;
  /** Accounts, in user order, when asked for (all of them, or those of one stage). */
  rows?: RolloutRow[];
}

/** `servers set --pending-expiry-days`: the profile and its limit now. */
export interface PendingExpiryData {
  hostname: string;
  pending_expiry_days: number | null;
}

/** What recording a delivery answers: how many accounts took the mark (sheet printed, or applied). */
export interface RolloutMarkData {
  hostname: string;
  marked: number;
}

/** `accounts reconcile FILE`: what the server's twofactorauth_get_user_configs answer says against this profile. */
export interface ReconcileData {
  server: string;
  /** How the file was read, and how many users it listed. */
  source: { format: 'json' | 'yaml' | 'xml'; users: number };
  /** Enabled here and there; all of them are now at "confirmed". */
  confirmed: string[];
  /** Of those, the ones that moved to "confirmed" with this reconcile. */
  newly_confirmed: string[];
  /** Included in an apply body here, but the server says 2FA is not enabled. */
  applied_not_enabled: string[];
  /** 2FA enabled on the server, but this profile does not know the account or has it not enabled. */
  enabled_on_server_only: { user: string; here: 'unknown' | 'none' | 'pending' }[];
  /** Accounts of this profile the server's answer does not list. */
  missing_on_server: string[];
}
