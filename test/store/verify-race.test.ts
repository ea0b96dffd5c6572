// verify checks a code and enables the account under one state lock: a `provision --replace` from another process
// in between can never get a code for the old secret to enable the account. Two engines share one state directory,
// each with its own JsonStateFile (so the cross-process lock, not the in-process queue, orders them) and vault.
import { describe, expect, it } from 'vitest';
import { TfaEngine } from '../../main/engine/tfa-engine.js';
import type { EnginePorts, StateRepository } from '../../main/engine/ports.js';
import type { KeychainStore } from '../../main/store/keychain.js';
import { JsonStateFile } from '../../main/store/state-file.js';
import { KeychainVault } from '../../main/store/vault.js';
import { FakeClock, FIXED_NOW_MS, MemoryAuditTrail, SeededRandom } from '../engine/fakes.js';
import { codeAt } from '../engine/helpers.js';
import { withTempDir } from './helpers.js';

class MemoryKeychain implements KeychainStore {
  readonly items = new Map<string, string>();
  /** When set, getPassword waits for it: a keychain prompt the user is slow to answer. */
  gate: Promise<void> | null = null;
  onGet: () => void = () => undefined;
  async getPassword(service: string, account: string): Promise<string | null> {
    this.onGet();
    if (this.gate) await this.gate;
    return this.items.get(`${service}/${account}`) ?? null;
  }
  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.items.set(`${service}/${account}`, password);
  }
  async deletePassword(service: string, account: string): Promise<boolean> {
    return this.items.delete(`${service}/${account}`);
  }
}

/** A keychain view sharing the items of another, with its own gate. */
function sharing(shared: MemoryKeychain): MemoryKeychain {
  const view = new MemoryKeychain();
  (view as { items: Map<string, string> }).items.clear();
  Object.defineProperty(view, 'items', { value: shared.items });
  return view;
}

function engineOn(dir: string, keychain: KeychainStore, seed: string, state: StateRepository = new JsonStateFile(dir)): TfaEngine {
  const random = new SeededRandom(seed);
  const ports: EnginePorts = {
    clock: new FakeClock(FIXED_NOW_MS),
    random,
    state,
    sealer: new KeychainVault(keychain, random),
    audit: new MemoryAuditTrail(),
    machineHostname: 'whm.example.test',
  };
  return new TfaEngine(ports);
}

describe('verify under one lock', () => {
  it('a concurrent provision --replace cannot make a code for the old secret enable the account', async () => {
    await withTempDir(async (dir) => {
      const shared = new MemoryKeychain();
      const setup = engineOn(dir, shared, 'setup');
      await setup.accounts.add('ann', 'ann.example.com');
      const first = await setup.provisioning.provision(['ann'], { withSecrets: true });
      const oldSecret = (first.data as { provisioned: { secret: string }[] }).provisioned[0]!.secret;

      // Engine A verifies with a code for the old secret, and stalls while opening it (its vault asks the keychain).
      const keychainA = sharing(shared);
      let openGate!: () => void;
      keychainA.gate = new Promise<void>((resolve) => (openGate = resolve));
      let reachedKeychain!: () => void;
      const atKeychain = new Promise<void>((resolve) => (reachedKeychain = resolve));
      keychainA.onGet = () => reachedKeychain();
      const a = engineOn(dir, keychainA, 'a');
      const verifying = a.provisioning.verify('ann', codeAt(oldSecret, FIXED_NOW_MS));
      await atKeychain;

      // Meanwhile engine B replaces the pending secret. Once B has written (or after a while, when B waits for
      // the lock A holds), A's keychain answers.
      const b = engineOn(dir, sharing(shared), 'b');
      const replacing = b.provisioning.provision(['ann'], { replace: true, withSecrets: true });
      await Promise.race([replacing, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      openGate();
      const [verified, replaced] = await Promise.all([verifying, replacing]);
      const newSecret = (replaced.data as { provisioned: { secret: string }[] }).provisioned[0]!.secret;
      expect(newSecret).not.toBe(oldSecret);

      // Either order is fine as long as the account never ends up enabled with a secret the operator replaced.
      const after = await setup.accounts.list();
      const ann = (after.data as { accounts: { user: string; state: string }[] }).accounts[0]!;
      if (verified.metadata.result === '1') {
        // A verified the old secret before B replaced it: the replacement is pending, and it is the new secret.
        expect(ann.state).toBe('pending');
        const revealed = await setup.provisioning.reveal('ann');
        expect((revealed.data as { secret: string }).secret).toBe(newSecret);
      } else {
        expect(verified.metadata.reason).toBe('The security code is invalid.');
        expect(ann.state).toBe('pending');
      }
    });
  });
});
