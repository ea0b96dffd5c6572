// Provisioning from the window: one account at a time (its secret answered for the QR code), its first code
// verified, a pending secret shown again, and batches run as jobs (provision-jobs.ts) that keep their secrets sealed
// and push their progress to the window that started them.
import type { TfaEngine } from '../engine/tfa-engine.js';
import type { HandlerBodies, HandlerDeps } from './handler-deps.js';
import { ProvisionJobs } from './provision-jobs.js';

type ProvisioningMethods = 'provision' | 'verify' | 'reveal' | 'startProvisionBatch' | 'cancelProvisionBatch';

/** The batch registry over the engine's chunked provision(). */
export function provisionJobsFor(engine: TfaEngine): ProvisionJobs {
  return new ProvisionJobs((users, options) => engine.provisioning.provision(users, options));
}

export function provisioningHandlers(deps: HandlerDeps): Pick<HandlerBodies, ProvisioningMethods> {
  const { engine } = deps;
  const jobs = deps.jobs ?? provisionJobsFor(engine);
  return {
    // The Provision view shows the new secret's QR code at once, so it asks for the secret.
    provision: ({ users, replace }) => engine.provisioning.provision(users, { replace, withSecrets: true }),
    verify: ({ user, token }) => engine.provisioning.verify(user, token),
    reveal: ({ user }) => engine.provisioning.reveal(user),
    // The batch's progress is pushed to the window that started it, and to no other.
    startProvisionBatch: async ({ users, replace, chunkSize }, caller) =>
      jobs.start(users, { replace, ...(chunkSize ? { chunkSize } : {}) }, (progress) => caller.emit('provisionProgress', progress)),
    cancelProvisionBatch: async ({ jobId }) => jobs.cancel(jobId),
  };
}
