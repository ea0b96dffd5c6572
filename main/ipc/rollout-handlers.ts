// Rollout tracking from the window (beyond WHM): the dashboard's counts and rows, reconciling with the server's
// twofactorauth_get_user_configs answer, and the active profile's pending-expiry limit.
import type { HandlerBodies, HandlerDeps } from './handler-deps.js';

type RolloutMethods = 'rolloutStatus' | 'reconcileAccounts' | 'setPendingExpiry';

export function rolloutHandlers({ engine }: HandlerDeps): Pick<HandlerBodies, RolloutMethods> {
  return {
    rolloutStatus: ({ rows }) => engine.rollout.status(rows ? { rows } : {}),
    reconcileAccounts: ({ text }) => engine.rollout.reconcile(text),
    setPendingExpiry: ({ days }) => engine.rollout.setPendingExpiry(days),
  };
}
