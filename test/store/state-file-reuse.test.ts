// A batch updates the state file chunk after chunk; when the file is still the text this process last wrote, the
// state it wrote is reused instead of parsed and checked again. What the next update sees must be what the file
// holds all the same: another process's write is read, a mutator that failed halfway leaves nothing behind, and a
// state that cannot be written is not kept.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newProfile } from '../../main/engine/state.js';
import { JsonStateFile } from '../../main/store/state-file.js';
import { withTempDir } from './helpers.js';

const account = (domain: string) => ({ domain, state: 'none' as const, sealedSecret: null, lastAcceptedStep: null, updatedAt: null });

describe('JsonStateFile, update after update', () => {
  it('sees what the file holds: its own last write, another writer’s, and not a failed mutator’s changes', async () => {
    await withTempDir(async (dir) => {
      const repo = new JsonStateFile(dir);
      await repo.update((state) => {
        state.profiles['h.example'] = newProfile('h.example', 'root');
        state.activeProfile = 'h.example';
      });
      await repo.update((state) => {
        state.profiles['h.example']!.accounts['alice'] = account('alice.example');
      });
      // Its own last write, reused: the account is there.
      expect(await repo.update((state) => Object.keys(state.profiles['h.example']!.accounts))).toEqual(['alice']);

      // A mutator that changes the state, then fails: nothing written, and the next update does not see the change.
      await expect(
        repo.update((state) => {
          state.profiles['h.example']!.accounts['mallory'] = account('mallory.example');
          throw new Error('halfway');
        }),
      ).rejects.toThrow('halfway');
      expect(await repo.update((state) => Object.keys(state.profiles['h.example']!.accounts))).toEqual(['alice']);

      // A mutator that leaves an invalid state: refused, not kept.
      await expect(
        repo.update((state) => {
          state.profiles['h.example']!.accounts['bob'] = { ...account('bob.example'), state: 'enabled' as const };
        }),
      ).rejects.toThrow(/Refusing to write an invalid state/);
      expect(await repo.update((state) => Object.keys(state.profiles['h.example']!.accounts))).toEqual(['alice']);

      // Another process writes the file: its text, not this process's last state, is what the next update sees.
      const other = new JsonStateFile(dir);
      await other.update((state) => {
        state.profiles['h.example']!.accounts['carol'] = account('carol.example');
      });
      expect(await repo.update((state) => Object.keys(state.profiles['h.example']!.accounts).sort())).toEqual(['alice', 'carol']);

      // The file replaced by hand with the same accounts in another order of keys: read afresh, not mistaken for ours.
      const file = path.join(dir, 'state.json');
      const onDisk = JSON.parse(await readFile(file, 'utf8')) as { profiles: Record<string, { accounts: Record<string, unknown> }> };
      const accounts = onDisk.profiles['h.example']!.accounts;
      onDisk.profiles['h.example']!.accounts = { carol: accounts['carol'], alice: accounts['alice'], dave: account('dave.example') };
      await writeFile(file, JSON.stringify(onDisk));
      expect(await repo.update((state) => Object.keys(state.profiles['h.example']!.accounts))).toEqual(['carol', 'alice', 'dave']);
    });
  });
});
