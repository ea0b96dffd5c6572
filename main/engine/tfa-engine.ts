// The engine as one object: WHM API 1's nine functions plus this app's extensions, over the ports it is given.
import type { AuditData } from '../common/engine-answers.js';
import { AccountCommands } from './account-commands.js';
import { answerAudited } from './audit-record.js';
import { success, type Envelope } from './envelope.js';
import { ExportCommands } from './export-commands.js';
import type { EnginePorts } from './ports.js';
import { ProfileBackups } from './profile-backup-commands.js';
import { ProvisioningCommands } from './provisioning-commands.js';
import { RolloutCommands } from './rollout-commands.js';
import { ServerCommands } from './server-commands.js';
import { WhmApi1 } from './whm-functions.js';

export class TfaEngine {
  readonly whm: WhmApi1;
  readonly servers: ServerCommands;
  readonly accounts: AccountCommands;
  readonly provisioning: ProvisioningCommands;
  /** Files built from the chosen accounts: generate answers, the apply body, URIs, CSV, enrollment sheets. */
  readonly exports: ExportCommands;
  /** A whole profile, secrets included, encrypted under a passphrase. */
  readonly backups: ProfileBackups;
  /** Rollout tracking: counts per stage, the pending-expiry limit, delivery marks, reconciling with the server. */
  readonly rollout: RolloutCommands;

  constructor(private readonly ports: EnginePorts) {
    this.whm = new WhmApi1(ports);
    this.servers = new ServerCommands(ports);
    this.accounts = new AccountCommands(ports);
    this.provisioning = new ProvisioningCommands(ports, this.whm);
    this.exports = new ExportCommands(ports);
    this.backups = new ProfileBackups(ports);
    this.rollout = new RolloutCommands(ports);
  }

  /** The audit trail, newest last; optionally only the last `limit` entries. */
  auditTrail(limit?: number): Promise<Envelope<AuditData>> {
    return answerAudited<AuditData>(
      this.ports,
      'audit',
      async () => {
        const entries = await this.ports.audit.read();
        return success('audit', { entries: limit ? entries.slice(-limit) : entries });
      },
      { audit: false },
    );
  }
}
