// The audit trail: one entry per call and per provisioned account, fixed keys, never a secret or a code.
import { describe, expect, it } from 'vitest';
import { FIXED_NOW_MS, makeEngine, params } from './fakes.js';
import { AdapterError } from '../../main/engine/ports.js';
import { codeAt, expectExactly, HOST, ok, wrongCodeAt } from './helpers.js';

const AUDIT_KEYS = ['time', 'profile', 'function', 'user', 'result', 'reason'];

describe('audit trail', () => {
  it('records every answered call with exactly time, profile, function, user, result, reason — and no secret or code', async () => {
    const h = makeEngine();
    const secrets: string[] = [];
    const tokens: string[] = [];
    const counts: number[] = [];
    const step = async (run: () => Promise<unknown>, expectedNewEntries: number) => {
      const before = h.audit.entries.length;
      await run();
      counts.push(h.audit.entries.length - before);
      expect(h.audit.entries.length - before).toBe(expectedNewEntries);
    };

    await step(() => h.engine.servers.add('whm1.example.com'), 1);
    await step(() => h.engine.accounts.add('alice', 'alice.example.com'), 1);
    await step(() => h.engine.accounts.import('bob,bob.example.com\ncarl,carl.example.com\n'), 1);
    await step(async () => {
      const g = await h.engine.whm.call('twofactorauth_generate_tfa_config', []);
      secrets.push((g.data as { secret: string }).secret);
    }, 1);
    await step(async () => {
      const g = await h.engine.whm.call('twofactorauth_generate_tfa_config', params('user=alice'));
      const secret = (g.data as { secret: string }).secret;
      secrets.push(secret);
      const wrong = wrongCodeAt(secret, FIXED_NOW_MS);
      tokens.push(wrong);
      await h.engine.whm.call('twofactorauth_set_tfa_config', params(`secret=${secret}`, `tfa_token=${wrong}`, 'user=alice'));
      const right = codeAt(secret, FIXED_NOW_MS);
      tokens.push(right);
      expectExactly(await h.engine.whm.call('twofactorauth_set_tfa_config', params(`secret=${secret}`, `tfa_token=${right}`, 'user=alice')), ok('twofactorauth_set_tfa_config', { success: 1 }));
    }, 3);
    await step(async () => {
      const provisioned = await h.engine.provisioning.provision([], { withSecrets: true, chunkSize: 1 });
      for (const p of (provisioned.data as { provisioned: { secret: string }[] }).provisioned) secrets.push(p.secret);
    }, 2);
    await step(async () => {
      const revealed = await h.engine.provisioning.reveal('bob');
      const secret = (revealed.data as { secret: string }).secret;
      expect(secrets).toContain(secret);
      const code = codeAt(secret, FIXED_NOW_MS);
      tokens.push(code);
      expectExactly(await h.engine.provisioning.verify('bob', code), ok('twofactorauth_set_tfa_config', { success: 1 }));
    }, 2);
    await step(() => h.engine.whm.call('twofactorauth_get_user_configs', []), 1);
    await step(() => h.engine.whm.call('twofactorauth_get_user_configs', params('user=nobody1')), 1);
    await step(() => h.engine.whm.call('twofactorauth_remove_user_config', params('user=alice', 'user-1=ghost')), 1);
    await step(() => h.engine.whm.call('twofactorauth_policy_status', []), 1);
    await step(() => h.engine.whm.call('twofactorauth_enable_policy', []), 1);
    await step(() => h.engine.whm.call('twofactorauth_disable_policy', []), 1);
    await step(() => h.engine.whm.call('twofactorauth_get_issuer', []), 1);
    await step(() => h.engine.whm.call('twofactorauth_set_issuer', params('issuer=Audit Co')), 1);
    await step(() => h.engine.whm.call('twofactorauth_set_issuer', params(`issuer=${'x'.repeat(40)}`)), 1);
    await step(() => h.engine.accounts.remove(['carl']), 1);
    await step(() => h.engine.servers.remove('whm1.example.com', { force: true }), 1);

    const entries = await h.audit.read();
    expect(entries.length).toBe(counts.reduce((a, b) => a + b, 0));
    for (const entry of entries) {
      expect(Object.keys(entry)).toEqual(AUDIT_KEYS);
      expect(entry.time).toBe(new Date(FIXED_NOW_MS).toISOString());
      expect([0, 1]).toContain(entry.result);
      expect(typeof entry.reason).toBe('string');
      expect(typeof entry.function).toBe('string');
    }
    expect(secrets.length).toBe(4);
    expect(tokens.length).toBe(3);
    const serialized = JSON.stringify(entries);
    for (const secret of secrets) {
      expect(serialized).not.toContain(secret);
      expect(serialized.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    for (const token of tokens) expect(serialized).not.toContain(token);

    // What a person reading the trail sees for the WHM calls.
    const whm = entries.filter((e) => e.function.startsWith('twofactorauth_'));
    expect(whm.map((e) => [e.function, e.user, e.result, e.reason.replace(/\(XID [a-z0-9]{6}\) /, '(XID …) ')])).toEqual([
      ['twofactorauth_generate_tfa_config', 'root', 1, 'OK'],
      ['twofactorauth_generate_tfa_config', 'alice', 1, 'OK'],
      ['twofactorauth_set_tfa_config', 'alice', 0, 'The security code is invalid.'],
      ['twofactorauth_set_tfa_config', 'alice', 1, 'OK'],
      ['twofactorauth_set_tfa_config', 'bob', 1, 'OK'],
      ['twofactorauth_get_user_configs', null, 1, 'OK'],
      ['twofactorauth_get_user_configs', 'nobody1', 0, 'You do not have access to an account named “nobody1”.'],
      ['twofactorauth_remove_user_config', 'alice,ghost', 1, 'OK'],
      ['twofactorauth_policy_status', null, 1, 'OK'],
      ['twofactorauth_enable_policy', null, 1, 'OK'],
      ['twofactorauth_disable_policy', null, 1, 'OK'],
      ['twofactorauth_get_issuer', null, 1, 'OK'],
      ['twofactorauth_set_issuer', null, 1, 'OK'],
      [
        'twofactorauth_set_issuer',
        null,
        0,
        'Failed to set issuer: (XID …) The “issuer” parameter must be less than or equal to 32 characters in length. It can only use spaces and the following characters: a-z A-Z 0-9 . _ -',
      ],
    ]);
    expect(new Set(whm.map((e) => e.profile))).toEqual(new Set(['whm1.example.com']));
    expect(entries.filter((e) => e.function === 'provision').map((e) => e.user)).toEqual(['bob', 'carl']);
    expect(entries.filter((e) => e.function === 'reveal').map((e) => [e.user, e.result])).toEqual([['bob', 1]]);
  });

  it('names the profile the default stands for, and the server asked for when it is unknown', async () => {
    const h = makeEngine();
    await h.engine.whm.call('twofactorauth_get_issuer', []);
    await h.engine.whm.call('twofactorauth_get_issuer', [], 'elsewhere.example.com');
    await h.engine.whm.call('twofactorauth_set_issuer', params('issuer=bad/issuer'));
    await h.engine.whm.call('twofactorauth_remove_user_config', []);
    expect(h.audit.entries.map((e) => [e.profile, e.function, e.result])).toEqual([
      [HOST, 'twofactorauth_get_issuer', 1],
      ['elsewhere.example.com', 'twofactorauth_get_issuer', 0],
      [HOST, 'twofactorauth_set_issuer', 0],
      [HOST, 'twofactorauth_remove_user_config', 0],
    ]);
  });

  it('keeps a failing audit trail from hiding the answer: the problem becomes a warning', async () => {
    const h = makeEngine();
    h.audit.failWith = 'disk full';
    const answer = await h.engine.whm.call('twofactorauth_policy_status', []);
    expectExactly(answer, {
      data: { is_enabled: 0 },
      metadata: {
        command: 'twofactorauth_policy_status',
        output: { warnings: ['The audit trail could not be written: disk full'] },
        reason: 'OK',
        result: '1',
        version: 1,
      },
    });
  });

  it('says "The audit trail" once when the store’s own error already names it', async () => {
    const h = makeEngine();
    const said = 'The audit trail /srv/tfa/audit.jsonl is a FIFO (named pipe), not a regular file: move it aside. Nothing was written to it.';
    h.audit.failWith = new AdapterError(said, 'STATE_IO');
    const answer = await h.engine.whm.call('twofactorauth_policy_status', []);
    expect(answer.metadata.output?.warnings).toEqual([said]);
  });

  it('auditTrail() returns the entries newest last, optionally only the last few', async () => {
    const h = makeEngine();
    await h.engine.whm.call('twofactorauth_policy_status', []);
    await h.engine.whm.call('twofactorauth_get_issuer', []);
    const all = await h.engine.auditTrail();
    expect((all.data as { entries: { function: string }[] }).entries.map((e) => e.function)).toEqual([
      'twofactorauth_policy_status',
      'twofactorauth_get_issuer',
    ]);
    const last = await h.engine.auditTrail(1);
    expect((last.data as { entries: { function: string }[] }).entries.map((e) => e.function)).toEqual(['twofactorauth_get_issuer']);
  });
});
