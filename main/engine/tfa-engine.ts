// The engine as one object: WHM API 1's nine functions plus this app's extensions, over the ports it is given.
import { AccountCommands } from './account-commands.js';
import { answerOrFail, success, type Envelope } from './envelope.js';
import type { EnginePorts } from './ports.js';
import { ProvisioningCommands } from './provisioning-commands.js';
import { ServerCommands } from './server-commands.js';
import { WhmApi1 } from './whm-functions.js';

export class TfaEngine {
  readonly whm: WhmApi1;
  readonly servers: ServerCommands;
  readonly accounts: AccountCommands;
  readonly provisioning: ProvisioningCommands;

  constructor(private readonly ports: EnginePorts) {
    this.whm = new WhmApi1(ports);
    this.servers = new ServerCommands(ports);
    this.accounts = new AccountCommands(ports);
    this.provisioning = new ProvisioningCommands(ports, this.whm);
  }

  /** The audit trail, newest last; optionally only the last `limit` entries. */
  auditTrail(limit?: number): Promise<Envelope> {
    return answerOrFail('audit', async () => {
      const entries = await this.ports.audit.read();
      return success('audit', { entries: limit ? entries.slice(-limit) : entries });
    });
  }
}
