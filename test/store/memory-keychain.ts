import type { KeychainStore } from '../../main/store/keychain.js';

/** An in-memory stand-in for the OS keychain, for vault logic that does not depend on the real one. */
export class MemoryKeychain implements KeychainStore {
  readonly items = new Map<string, string>();

  async getPassword(service: string, account: string): Promise<string | null> {
    await Promise.resolve();
    return this.items.get(`${service}\0${account}`) ?? null;
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    await Promise.resolve();
    this.items.set(`${service}\0${account}`, password);
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    await Promise.resolve();
    return this.items.delete(`${service}\0${account}`);
  }
}
