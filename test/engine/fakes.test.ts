// The fakes must behave like the ports' contracts, or the engine tests prove nothing.
import { describe, expect, it } from 'vitest';
import { AdapterError } from '../../main/engine/ports.js';
import { FailingSealer, MemorySealer, MemoryStateRepository, SeededRandom } from './fakes.js';

describe('test fakes', () => {
  it('MemoryStateRepository: reads are copies, a throwing mutator leaves the state unchanged', async () => {
    const repo = new MemoryStateRepository();
    const read = await repo.read();
    read.activeProfile = 'leaked';
    expect((await repo.read()).activeProfile).toBeNull();
    let kept: { activeProfile: string | null } | null = null;
    await repo.update((s) => {
      s.activeProfile = 'a';
      kept = s;
    });
    kept!.activeProfile = 'mutated later';
    expect((await repo.read()).activeProfile).toBe('a');
    await expect(
      repo.update((s) => {
        s.activeProfile = 'b';
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await repo.read()).activeProfile).toBe('a');
  });

  it('SeededRandom: deterministic, queue first, length checked', () => {
    expect(new SeededRandom('x').bytes(40)).toEqual(new SeededRandom('x').bytes(40));
    expect(new SeededRandom('x').bytes(10)).not.toEqual(new SeededRandom('y').bytes(10));
    const r = new SeededRandom().enqueue(Uint8Array.from([1, 2, 3]));
    expect([...r.bytes(3)]).toEqual([1, 2, 3]);
    expect(() => new SeededRandom().enqueue(new Uint8Array(2)).bytes(3)).toThrow();
  });

  it('MemorySealer: round-trips, creates a key only when keyCheck is null, refuses a missing or replaced key', async () => {
    const sealer = new MemorySealer();
    const { sealed, keyCheck } = await sealer.sealMany({ hostname: 'h', keyCheck: null }, [
      { user: 'a', secret: 'JBSWY3DPEHPK3PXP' },
      { user: 'b', secret: 'GEZDGNBVGY3TQOJQ' },
    ]);
    expect(sealed.join()).not.toContain('JBSWY3DPEHPK3PXP');
    expect(await sealer.openMany({ hostname: 'h', keyCheck }, [{ user: 'b', sealed: sealed[1]! }, { user: 'a', sealed: sealed[0]! }])).toEqual([
      'GEZDGNBVGY3TQOJQ',
      'JBSWY3DPEHPK3PXP',
    ]);
    // Bound to its user: moving a sealed value to another user fails.
    await expect(sealer.openMany({ hostname: 'h', keyCheck }, [{ user: 'b', sealed: sealed[0]! }])).rejects.toThrow();
    await sealer.forget('h');
    const missing = sealer.sealMany({ hostname: 'h', keyCheck }, [{ user: 'a', secret: 'X' }]);
    await expect(missing).rejects.toThrow(/KEYCHAIN_KEY_MISSING/);
    await expect(missing).rejects.toBeInstanceOf(AdapterError);
    await expect(sealer.openMany({ hostname: 'h', keyCheck }, [{ user: 'a', sealed: sealed[0]! }])).rejects.toThrow(/KEYCHAIN_KEY_MISSING/);
    // A new key may only be made where nothing was sealed yet; its check differs from the lost one.
    const fresh = await sealer.sealMany({ hostname: 'h', keyCheck: null }, []);
    expect(fresh.keyCheck).not.toBe(keyCheck);
    await expect(sealer.sealMany({ hostname: 'h', keyCheck }, [])).rejects.toThrow(/KEYCHAIN_KEY_MISSING/);
    expect(sealer.sealCalls.map((c) => c.count)).toEqual([2, 1, 0, 0]);
  });

  it('FailingSealer throws on every call', async () => {
    const sealer = new FailingSealer();
    await expect(sealer.sealMany()).rejects.toThrow(/KEYCHAIN_UNAVAILABLE/);
    await expect(sealer.openMany()).rejects.toThrow(/KEYCHAIN_UNAVAILABLE/);
    await expect(sealer.forget()).rejects.toThrow(/KEYCHAIN_UNAVAILABLE/);
    expect(sealer.calls).toBe(3);
  });
});
