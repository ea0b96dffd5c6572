import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdapterError } from '../../main/engine/ports.js';
import { emptyState, newProfile, type TfaState } from '../../main/engine/state.js';
import { JsonStateFile, type LockOwner } from '../../main/store/state-file.js';
import { assertBuilt, fixturesDir, runFixture, withTempDir } from './helpers.js';

function account(domain: string) {
  return { domain, state: 'none' as const, sealedSecret: null, lastAcceptedStep: null, updatedAt: null };
}

async function expectAdapterError(promise: Promise<unknown>, code: AdapterError['code']): Promise<AdapterError> {
  const error = await promise.then(
    () => expect.fail(`expected AdapterError ${code}, but it succeeded`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AdapterError);
  expect((error as AdapterError).code).toBe(code);
  return error as AdapterError;
}

describe('JsonStateFile', () => {
  it('reads an empty state when no file exists, without creating one', async () => {
    await withTempDir(async (dir) => {
      const repo = new JsonStateFile(path.join(dir, 'home'));
      expect(await repo.read()).toEqual(emptyState());
      expect(existsSync(path.join(dir, 'home'))).toBe(false);
    });
  });

  it('round-trips an update, returns the mutator result, and writes compact JSON with a trailing newline', async () => {
    await withTempDir(async (dir) => {
      const repo = new JsonStateFile(dir);
      const result = await repo.update(async (state) => {
        await Promise.resolve();
        state.profiles['a.example'] = newProfile('a.example');
        state.profiles['a.example'].accounts.bob = account('bob.example');
        state.activeProfile = 'a.example';
        return 'done';
      });
      expect(result).toBe('done');
      const read = await new JsonStateFile(dir).read();
      expect(read.activeProfile).toBe('a.example');
      expect(read.profiles['a.example']?.accounts.bob?.domain).toBe('bob.example');
      const text = await readFile(path.join(dir, 'state.json'), 'utf8');
      expect(text).toBe(`${JSON.stringify(read)}\n`);
    });
  });

  it('reads a state file written pretty-printed by an earlier version, and updates it compact', async () => {
    await withTempDir(async (dir) => {
      const pretty = emptyState();
      pretty.profiles['a.example'] = newProfile('a.example');
      pretty.profiles['a.example'].accounts.bob = account('bob.example');
      pretty.activeProfile = 'a.example';
      await writeFile(path.join(dir, 'state.json'), `${JSON.stringify(pretty, null, 2)}\n`, { mode: 0o600 });
      const repo = new JsonStateFile(dir);
      expect((await repo.read()).profiles['a.example']?.accounts.bob?.domain).toBe('bob.example');
      await repo.update((state) => {
        state.profiles['a.example']!.accounts.carol = account('carol.example');
      });
      const text = await readFile(path.join(dir, 'state.json'), 'utf8');
      expect(text.split('\n')).toHaveLength(2);
      expect(Object.keys((JSON.parse(text) as TfaState).profiles['a.example']!.accounts)).toEqual(['bob', 'carol']);
    });
  });

  it('creates the state dir 0700 and the file 0600', async () => {
    await withTempDir(async (dir) => {
      const home = path.join(dir, 'nested', 'home');
      await new JsonStateFile(home).update((state) => {
        state.activeProfile = null;
      });
      expect((await stat(home)).mode & 0o777).toBe(0o700);
      expect((await stat(path.join(home, 'state.json'))).mode & 0o777).toBe(0o600);
    });
  });

  it('writes nothing when the mutator throws', async () => {
    await withTempDir(async (dir) => {
      const repo = new JsonStateFile(dir);
      await repo.update((state) => {
        state.profiles['a.example'] = newProfile('a.example');
      });
      const before = await readFile(path.join(dir, 'state.json'));
      await expect(
        repo.update((state) => {
          state.profiles['b.example'] = newProfile('b.example');
          throw new Error('mutator failed');
        }),
      ).rejects.toThrow('mutator failed');
      expect(await readFile(path.join(dir, 'state.json'))).toEqual(before);
      // and nothing is written when there was no file at all
      await withTempDir(async (empty) => {
        await expect(new JsonStateFile(empty).update(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
        expect(existsSync(path.join(empty, 'state.json'))).toBe(false);
      });
    });
  });

  it('keeps a reseller profile’s record of root’s system-wide issuer; a file without it, as earlier versions wrote, still reads', async () => {
    await withTempDir(async (dir) => {
      const older = emptyState();
      older.profiles['r.example'] = newProfile('r.example', 'reseller1');
      expect(Object.hasOwn(older.profiles['r.example'], 'systemWideIssuer')).toBe(false);
      await writeFile(path.join(dir, 'state.json'), `${JSON.stringify(older)}\n`, { mode: 0o600 });
      const repo = new JsonStateFile(dir);
      expect((await repo.read()).profiles['r.example']?.systemWideIssuer).toBeUndefined();
      await repo.update((state) => {
        state.profiles['r.example']!.systemWideIssuer = 'Root Hosting';
      });
      expect((await new JsonStateFile(dir).read()).profiles['r.example']?.systemWideIssuer).toBe('Root Hosting');
      const damaged = JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8')) as TfaState;
      (damaged.profiles['r.example'] as unknown as Record<string, unknown>).systemWideIssuer = 7;
      await writeFile(path.join(dir, 'state.json'), JSON.stringify(damaged));
      const error = await expectAdapterError(new JsonStateFile(dir).read(), 'STATE_CORRUPT');
      expect(error.message).toContain('profiles["r.example"].systemWideIssuer should be a string or null');
    });
  });

  it('refuses to write a state the mutator left invalid', async () => {
    await withTempDir(async (dir) => {
      const repo = new JsonStateFile(dir);
      await expect(
        repo.update((state) => {
          (state.profiles as Record<string, unknown>)['x.example'] = { hostname: 'x.example' };
        }),
      ).rejects.toThrow(/Refusing to write an invalid state/);
      expect(existsSync(path.join(dir, 'state.json'))).toBe(false);
    });
  });

  const valid: TfaState = { ...emptyState(), profiles: { 'a.example': newProfile('a.example') } };
  const badFiles: Array<[string, string, AdapterError['code']]> = [
    ['garbage', 'this is not json \u0000\u00ff', 'STATE_CORRUPT'],
    ['truncated JSON', JSON.stringify(valid, null, 2).slice(0, 60), 'STATE_CORRUPT'],
    ['a JSON array', '[]', 'STATE_CORRUPT'],
    ['another format', JSON.stringify({ ...valid, format: 'something-else' }), 'STATE_CORRUPT'],
    [
      'a wrong account state',
      JSON.stringify({ ...valid, profiles: { 'a.example': { ...newProfile('a.example'), accounts: { bob: { ...account('b'), state: 'bogus' } } } } }),
      'STATE_CORRUPT',
    ],
    ['version 99', JSON.stringify({ ...valid, version: 99, profiles: 'anything' }), 'STATE_TOO_NEW'],
  ];

  for (const [name, content, code] of badFiles) {
    it(`reports ${name} as ${code} and never overwrites it`, async () => {
      await withTempDir(async (dir) => {
        const file = path.join(dir, 'state.json');
        await writeFile(file, content);
        const before = await readFile(file);
        const repo = new JsonStateFile(dir);

        const readError = await expectAdapterError(repo.read(), code);
        expect(readError.message).toContain(file);
        expect(readError.message).toContain('left untouched');
        expect(readError.message).toMatch(code === 'STATE_TOO_NEW' ? /newer TFA Provisioner.*upgrade/s : /backup|move it aside/);
        expect(await readFile(file)).toEqual(before);

        let mutated = false;
        await expectAdapterError(
          repo.update((state) => {
            mutated = true;
            state.activeProfile = 'overwritten';
          }),
          code,
        );
        expect(mutated).toBe(false);
        expect(await readFile(file)).toEqual(before);
        expect(existsSync(`${file}.lock`)).toBe(false);
      });
    });
  }
});

describe('JsonStateFile with something else at state.json', () => {
  const cases: Array<[string, string, (file: string) => Promise<() => Promise<void>>]> = [
    ['a FIFO', 'a FIFO (named pipe)', async (file) => {
      execFileSync('mkfifo', [file]);
      return async () => undefined;
    }],
    ['a socket', 'a socket', async (file) => {
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(file, resolve));
      return () => new Promise<void>((resolve) => server.close(() => resolve()));
    }],
    ['a directory', 'a directory', async (file) => {
      await mkdir(file);
      return async () => undefined;
    }],
  ];
  for (const [name, shown, make] of cases) {
    it(`reports ${name} at once as not a regular file, for reads and updates, and leaves it alone`, async () => {
      await withTempDir(async (dir) => {
        const file = path.join(dir, 'state.json');
        const cleanUp = await make(file);
        try {
          const repo = new JsonStateFile(dir);
          const error = await expectAdapterError(repo.read(), 'STATE_IO');
          expect(error.message).toBe(
            `The state file ${file} is ${shown}, not a regular file, so it was not read. Move it aside; ` +
              'TFA Provisioner then starts with an empty state (or restore the file from a backup).',
          );
          await expectAdapterError(repo.update(() => 'never'), 'STATE_IO');
          expect(existsSync(`${file}.lock`)).toBe(false);
        } finally {
          await cleanUp();
        }
      });
    });
  }
});

describe('JsonStateFile across processes', () => {
  it('loses no update when 8 processes each make 25 concurrent updates', async () => {
    assertBuilt();
    await withTempDir(async (dir) => {
      const workers = Array.from({ length: 8 }, (_, w) => runFixture('state-worker.mjs', ['add', dir, `w${w}`, '25']));
      const results = await Promise.all(workers);
      for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
      const accounts = Object.keys((await new JsonStateFile(dir).read()).profiles['host.example']?.accounts ?? {});
      expect(accounts).toHaveLength(200);
      for (let w = 0; w < 8; w += 1) for (let i = 0; i < 25; i += 1) expect(accounts).toContain(`w${w}-${i}`);
      expect(existsSync(path.join(dir, 'state.json.lock'))).toBe(false);
    });
  }, 120_000);

  it('reports STATE_LOCKED while a live process holds the lock, and recovers once the holder is SIGKILLed', async () => {
    assertBuilt();
    await withTempDir(async (dir) => {
      await new JsonStateFile(dir).update((state) => {
        state.activeProfile = null;
      });
      // The holder's own window is the default: a machine too loaded to refresh a lock within 2 s must not matter.
      const staleMs = 15_000;
      const holder = spawn(process.execPath, [path.join(fixturesDir, 'state-worker.mjs'), 'hold', dir, String(staleMs)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      try {
        await new Promise<void>((resolve, reject) => {
          holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
          holder.on('exit', (code) => reject(new Error(`holder exited early with ${code}`)));
        });
        const lockPath = path.join(dir, 'state.json.lock');
        const identity = async () => {
          const info = await stat(lockPath, { bigint: true });
          return `${info.ino}:${info.birthtimeNs}`;
        };
        const heldLock = await identity();
        const takenAt = (await stat(lockPath)).mtimeMs;

        // A live holder's lock is never taken from it: an impatient updater is told who holds it instead of waiting
        // forever, and the holder's owner record (a process that runs) never lets the lock be reclaimed, however
        // often it is asked. Its stale window is long, so what it sees does not depend on how fast this machine is.
        const reclaimedLive: LockOwner[] = [];
        const impatient = new JsonStateFile(dir, { staleMs: 600_000, lockRetries: 1, onLockReclaimed: (owner) => reclaimedLive.push(owner) });
        const locked = await expectAdapterError(impatient.update(() => 'never'), 'STATE_LOCKED');
        expect(locked.message).toContain(`locked by another TFA Provisioner process (process ${holder.pid} on ${os.hostname()})`);
        await expectAdapterError(impatient.update(() => 'never'), 'STATE_LOCKED');
        // While it works, the holder refreshes its lock (every third of its window), so no one ever finds it stale:
        // wait for a refresh, however long this machine takes to get there, and the lock is still the holder's.
        while ((await stat(lockPath)).mtimeMs <= takenAt) await new Promise((resolve) => setTimeout(resolve, 100));
        await expectAdapterError(impatient.update(() => 'never'), 'STATE_LOCKED');
        expect(reclaimedLive).toEqual([]);
        expect(await identity()).toBe(heldLock);
        expect(JSON.parse(await readFile(`${lockPath}.owner`, 'utf8'))).toMatchObject({ pid: holder.pid, host: os.hostname() });
      } finally {
        holder.kill('SIGKILL');
        await new Promise((resolve) => holder.once('close', resolve));
      }

      // The dead holder's lock is recognised from its owner record and reclaimed at once, not after the stale window
      // (15 s by default, the value used here): with no retry at all the update still gets the lock, and the reclaim
      // is reported with the dead process's pid.
      const reclaimed: LockOwner[] = [];
      const value = await new JsonStateFile(dir, { lockRetries: 0, onLockReclaimed: (owner) => reclaimed.push(owner) }).update((state) => {
        state.profiles['after.example'] = newProfile('after.example');
        return 'after';
      });
      expect(value).toBe('after');
      expect(reclaimed).toEqual([{ pid: holder.pid, host: os.hostname(), lock: expect.any(String) }]);
      expect(existsSync(path.join(dir, 'state.json.lock'))).toBe(false);
      expect(existsSync(path.join(dir, 'state.json.lock.owner'))).toBe(false);
      const after = await new JsonStateFile(dir).read();
      expect(after.activeProfile).toBeNull(); // the killed holder's mutation never reached the file
      expect(Object.keys(after.profiles)).toEqual(['after.example']);
    });
  }, 60_000);
});
