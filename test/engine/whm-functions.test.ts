// The nine WHM API 1 twofactorauth_* functions through engine.whm.call, envelope for envelope
// (spec whm-2fa-api.md §2, §3.3–3.4, §4, §5).
import { describe, expect, it } from 'vitest';
import { ISSUER_RULE_MESSAGE } from '../../main/common/issuer-rule.js';
import { REPLAY_NOTE } from '../../main/engine/whm-functions.js';
import { FailingSealer, FIXED_NOW_MS, KEYCHAIN_FAILURE_MESSAGE, makeEngine, params } from './fakes.js';
import { bytesOf, codeAt, expectExactly, fail, HOST, ok, wrongCodeAt, XID } from './helpers.js';

const GEN = 'twofactorauth_generate_tfa_config';
const SET = 'twofactorauth_set_tfa_config';
const GET_CONFIGS = 'twofactorauth_get_user_configs';
const REMOVE = 'twofactorauth_remove_user_config';
const STATUS = 'twofactorauth_policy_status';
const ENABLE = 'twofactorauth_enable_policy';
const DISABLE = 'twofactorauth_disable_policy';
const GET_ISSUER = 'twofactorauth_get_issuer';
const SET_ISSUER = 'twofactorauth_set_issuer';

const SECRET = 'JBSWY3DPEHPK3PXP';
// Spec §10: the error ID of the exception, and the characters listed with spaces between them.
const ISSUER_FAILURE = `Failed to set issuer: ${XID}The “issuer” parameter must be less than or equal to 32 characters in length. It can only use spaces and the following characters: a-z A-Z 0-9 . _ -`;

async function withAccounts() {
  const h = makeEngine();
  expect((await h.engine.accounts.add('alice', 'alice.example.com')).metadata.result).toBe('1');
  expect((await h.engine.accounts.add('bob', 'bob.example.org')).metadata.result).toBe('1');
  return h;
}

describe('twofactorauth_generate_tfa_config', () => {
  it('answers otpauth_str then secret, with the hostname as the default issuer', async () => {
    const h = makeEngine();
    h.random.enqueue(bytesOf('CAOXW75HKYJJ6E5Y'));
    const answer = await h.engine.whm.call(GEN, []);
    expectExactly(
      answer,
      ok(GEN, {
        otpauth_str: `otpauth://totp/${HOST}:root?secret=CAOXW75HKYJJ6E5Y&issuer=${HOST}`,
        secret: 'CAOXW75HKYJJ6E5Y',
      }),
    );
    expect(JSON.stringify(answer)).toBe(
      `{"data":{"otpauth_str":"otpauth://totp/${HOST}:root?secret=CAOXW75HKYJJ6E5Y&issuer=${HOST}","secret":"CAOXW75HKYJJ6E5Y"},` +
        '"metadata":{"command":"twofactorauth_generate_tfa_config","reason":"OK","result":"1","version":1}}',
    );
  });

  it('reproduces the docs sample exactly once the issuer is “Example”', async () => {
    const h = makeEngine();
    expectExactly(await h.engine.whm.call(SET_ISSUER, params('issuer=Example')), ok(SET_ISSUER));
    h.random.enqueue(bytesOf('CAOXW75HKYJJ6E5Y'));
    expectExactly(
      await h.engine.whm.call(GEN, params('api.version=1')),
      ok(GEN, { otpauth_str: 'otpauth://totp/Example:root?secret=CAOXW75HKYJJ6E5Y&issuer=Example', secret: 'CAOXW75HKYJJ6E5Y' }),
    );
  });

  it('gives a fresh 16-character secret each call', async () => {
    const h = makeEngine();
    const secrets = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      const { secret } = (await h.engine.whm.call(GEN, [])).data as { secret: string };
      expect(secret).toMatch(/^[A-Z2-7]{16}$/);
      secrets.add(secret);
    }
    expect(secrets.size).toBe(20);
  });

  it('stores nothing and never touches the keychain (works with a failing sealer)', async () => {
    const h = makeEngine({ sealer: new FailingSealer() });
    const before = h.state.snapshot();
    const answer = await h.engine.whm.call(GEN, []);
    expect(answer.metadata).toEqual({ command: GEN, reason: 'OK', result: '1', version: 1 });
    expect(h.state.snapshot()).toBe(before);
    expect(h.state.updates).toBe(0);
    expect(h.sealer.calls).toBe(0);
  });

  it('honours user= for a known account and refuses an unknown one', async () => {
    const h = await withAccounts();
    h.random.enqueue(bytesOf('S3I4WUY7MTHRMMWN'));
    const alice = await h.engine.whm.call(GEN, params('user=alice'));
    expectExactly(
      alice,
      ok(GEN, { otpauth_str: `otpauth://totp/${HOST}:alice?secret=S3I4WUY7MTHRMMWN&issuer=${HOST}`, secret: 'S3I4WUY7MTHRMMWN' }),
    );
    expectExactly(await h.engine.whm.call(GEN, params('user=mallory')), fail(GEN, 'You do not have access to an account named “mallory”.'));
  });

  it('reproduces the UAPI sample with spaces in the issuer (spec §7)', async () => {
    const h = makeEngine();
    await h.engine.accounts.add('fakedomain', 'fakedomain.example');
    await h.engine.whm.call(SET_ISSUER, params('issuer=Example cPanel L.L.C.'));
    h.random.enqueue(bytesOf('S3I4WUY7MTHRMMWN'));
    const answer = await h.engine.whm.call(GEN, params('user=fakedomain'));
    expect((answer.data as { otpauth_str: string }).otpauth_str).toBe(
      'otpauth://totp/Example%20cPanel%20L.L.C.:fakedomain?secret=S3I4WUY7MTHRMMWN&issuer=Example%20cPanel%20L.L.C.',
    );
  });

  it('reports a failing random source with WHM’s generate failure reason', async () => {
    const h = makeEngine();
    h.random.failWith = 'no entropy';
    // Without randomness there is no error ID either.
    expectExactly(await h.engine.whm.call(GEN, []), fail(GEN, 'Failed to generate two-factor authentication configuration: no entropy'));
  });

  it('gives an exception’s reason an error ID from the engine’s randomness: fixed randomness, fixed ID', async () => {
    const answers = [];
    for (let run = 0; run < 2; run += 1) {
      const h = makeEngine();
      h.state.failReadsWith = 'disk gone';
      answers.push((await h.engine.whm.call(GEN, [])).metadata.reason);
    }
    expect(answers[0]).toMatch(/^Failed to generate two-factor authentication configuration: \(XID [a-z0-9]{6}\) disk gone$/);
    expect(answers[1]).toBe(answers[0]);
  });
});

describe('twofactorauth_set_tfa_config', () => {
  it('accepts the current code: data.success 1, then get_user_configs shows root enabled', async () => {
    const h = makeEngine();
    const answer = await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${codeAt(SECRET, FIXED_NOW_MS)}`));
    expectExactly(answer, ok(SET, { success: 1 }));
    expect(JSON.stringify(answer)).toBe(
      '{"data":{"success":1},"metadata":{"command":"twofactorauth_set_tfa_config","reason":"OK","result":"1","version":1}}',
    );
    expectExactly(await h.engine.whm.call(GET_CONFIGS, params('user=root')), ok(GET_CONFIGS, { root: { is_enabled: 1, primary_domain: HOST } }));
    // The secret is stored sealed, never in clear.
    expect(h.state.snapshot()).not.toContain(SECRET);
    expect(h.sealer.sealCalls).toEqual([{ vault: { hostname: HOST, keyCheck: null }, count: 1 }]);
  });

  it('refuses a wrong code with no data and stores nothing', async () => {
    const h = makeEngine();
    const before = h.state.snapshot();
    const answer = await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${wrongCodeAt(SECRET, FIXED_NOW_MS)}`));
    expectExactly(answer, fail(SET, 'The security code is invalid.'));
    expect(JSON.stringify(answer)).toBe(
      '{"metadata":{"command":"twofactorauth_set_tfa_config","reason":"The security code is invalid.","result":0,"version":1}}',
    );
    expect(h.state.snapshot()).toBe(before);
    expect(h.sealer.sealCalls).toEqual([]);
  });

  it('accepts the previous and the next step, refuses codes two steps old or ahead', async () => {
    for (const [offsetSeconds, accepted] of [[-30, true], [30, true], [-60, false], [60, false], [-90, false], [90, false]] as const) {
      const h = makeEngine();
      const token = codeAt(SECRET, FIXED_NOW_MS + offsetSeconds * 1000);
      const answer = await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${token}`));
      expectExactly(answer, accepted ? ok(SET, { success: 1 }) : fail(SET, 'The security code is invalid.'));
    }
  });

  it('refuses a stale code once the clock has moved two steps on', async () => {
    const h = makeEngine();
    const token = codeAt(SECRET, FIXED_NOW_MS);
    h.clock.advanceSeconds(60);
    expectExactly(await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${token}`)), fail(SET, 'The security code is invalid.'));
    h.clock.advanceSeconds(-30); // one step on: still inside the window
    expectExactly(await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${token}`)), ok(SET, { success: 1 }));
  });

  it('accepts a code once: a replay of the same step for the same secret is refused with WHM’s reason, and said why', async () => {
    const h = makeEngine();
    const token = codeAt(SECRET, FIXED_NOW_MS);
    const notes: string[] = [];
    const call = (tfaToken = token) => h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${tfaToken}`), undefined, { onNote: (n) => notes.push(n) });
    expectExactly(await call(), ok(SET, { success: 1 }));
    expect(notes).toEqual([]);
    expectExactly(await call(), fail(SET, 'The security code is invalid.'));
    expect(notes).toEqual([REPLAY_NOTE]);
    // An earlier step than the one accepted is spent too.
    expectExactly(await call(codeAt(SECRET, FIXED_NOW_MS - 30_000)), fail(SET, 'The security code is invalid.'));
    // The audit trail records why; the answer keeps WHM's words.
    expect(h.audit.entries.slice(-1)[0]!.reason).toBe(`The security code is invalid. ${REPLAY_NOTE}`);
    // The next step is a new code.
    h.clock.advanceSeconds(30);
    expectExactly(await call(codeAt(SECRET, h.clock.now())), ok(SET, { success: 1 }));
  });

  it('keeps the replay guard per secret: the first code of a newly set secret is never refused for the old one’s spent step', async () => {
    const h = makeEngine();
    const other = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expectExactly(await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${codeAt(SECRET, FIXED_NOW_MS)}`)), ok(SET, { success: 1 }));
    // A new secret, set in the very step the old one's code was spent (and a step earlier): accepted.
    expectExactly(await h.engine.whm.call(SET, params(`secret=${other}`, `tfa_token=${codeAt(other, FIXED_NOW_MS - 30_000)}`)), ok(SET, { success: 1 }));
    // Back to the first secret in the same step: it is not the stored one any more, so it is new again.
    expectExactly(await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${codeAt(SECRET, FIXED_NOW_MS)}`)), ok(SET, { success: 1 }));
    expectExactly(await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${codeAt(SECRET, FIXED_NOW_MS)}`)), fail(SET, 'The security code is invalid.'));
    // remove_user_config forgets the secret, and with it its spent steps.
    expectExactly(await h.engine.whm.call(REMOVE, params('user=root')), ok(REMOVE, { failed: {}, users_modified: ['root'] }));
    expectExactly(await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${codeAt(SECRET, FIXED_NOW_MS)}`)), ok(SET, { success: 1 }));
  });

  it('keeps replay records per user: the same code works once for each identity', async () => {
    const h = await withAccounts();
    const token = codeAt(SECRET, FIXED_NOW_MS);
    expectExactly(await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${token}`)), ok(SET, { success: 1 }));
    expectExactly(await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${token}`, 'user=alice')), ok(SET, { success: 1 }));
    expectExactly(
      await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${token}`, 'user=alice')),
      fail(SET, 'The security code is invalid.'),
    );
  });

  it('accepts a lower-case secret and a code with a leading zero as a string', async () => {
    // GEZDGNBV… at t=1111111109 gives 081804 (RFC 6238); the window is centred there.
    const h = makeEngine();
    h.clock.set(1_111_111_109_000);
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expectExactly(await h.engine.whm.call(SET, params('secret=' + secret.toLowerCase(), 'tfa_token=81804')), fail(SET, 'The security code is invalid.'));
    expectExactly(await h.engine.whm.call(SET, params('secret=' + secret.toLowerCase(), 'tfa_token=081804')), ok(SET, { success: 1 }));
  });

  it('refuses a secret with a character outside a-z A-Z 2-7 as WHM does: (XID …) Missing or Invalid: “secret”', async () => {
    const h = makeEngine();
    const token = codeAt(SECRET, FIXED_NOW_MS);
    for (const secret of ['JBSWY3DPEHPK3PX=', 'JBSW Y3DP EHPK 3PXP', 'JBSWY3DPEHPK3PX1', 'JBSWY3DPEHPK3PX0', 'é']) {
      const answer = await h.engine.whm.call(SET, params(`secret=${secret}`, `tfa_token=${token}`));
      expectExactly(answer, fail(SET, `${XID}Missing or Invalid: “secret”`));
      expect(answer.metadata.reason).toMatch(/^\(XID [a-z0-9]{6}\) Missing or Invalid: “secret”$/);
    }
  });

  it('takes a missing or empty secret, or one of any length, on to the code check: “The security code is invalid.”', async () => {
    const h = makeEngine();
    const token = codeAt(SECRET, FIXED_NOW_MS);
    for (const secret of ['', 'A', 'ABC', 'ABCDEF', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPA', 'A'.repeat(4096)]) {
      expectExactly(await h.engine.whm.call(SET, params(`secret=${secret}`, `tfa_token=${token}`)), fail(SET, 'The security code is invalid.'));
    }
    expectExactly(await h.engine.whm.call(SET, params(`tfa_token=${token}`)), fail(SET, 'The security code is invalid.'));
    // Any length: a 33-character secret's own code is accepted.
    const long = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPA';
    expectExactly(await h.engine.whm.call(SET, params(`secret=${long}`, `tfa_token=${codeAt(long, FIXED_NOW_MS)}`)), ok(SET, { success: 1 }));
  });

  it('treats a missing token as an empty one, which no code matches', async () => {
    const h = makeEngine();
    expectExactly(await h.engine.whm.call(SET, params(`secret=${SECRET}`)), fail(SET, 'The security code is invalid.'));
    expectExactly(await h.engine.whm.call(SET, params(`secret=${SECRET}`, 'tfa_token=')), fail(SET, 'The security code is invalid.'));
  });

  it('silently overwrites an existing configuration with a new secret', async () => {
    const h = makeEngine();
    const other = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expectExactly(await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${codeAt(SECRET, FIXED_NOW_MS)}`)), ok(SET, { success: 1 }));
    const firstSealed = h.state.peek().profiles[HOST]!.operatorTfa.sealedSecret;
    h.clock.advanceSeconds(30);
    expectExactly(await h.engine.whm.call(SET, params(`secret=${other}`, `tfa_token=${codeAt(other, h.clock.now())}`)), ok(SET, { success: 1 }));
    const record = h.state.peek().profiles[HOST]!.operatorTfa;
    expect(record.state).toBe('enabled');
    expect(record.sealedSecret).not.toBe(firstSealed);
    const [opened] = await h.sealer.openMany({ hostname: HOST, keyCheck: h.state.peek().profiles[HOST]!.vaultKeyCheck }, [
      { user: 'root', sealed: record.sealedSecret! },
    ]);
    expect(opened).toBe(other);
  });

  it('reports a keychain failure as WHM’s write failure, data.success 0, the cause in metadata.output.warnings', async () => {
    const h = makeEngine({ sealer: new FailingSealer() });
    const before = h.state.snapshot();
    const answer = await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${codeAt(SECRET, FIXED_NOW_MS)}`));
    expectExactly(answer, fail(SET, 'Failed to set user configuration.', { data: { success: 0 }, warnings: [KEYCHAIN_FAILURE_MESSAGE] }));
    expect(JSON.stringify(answer)).toBe(
      '{"data":{"success":0},"metadata":{"command":"twofactorauth_set_tfa_config","output":{"warnings":["' +
        KEYCHAIN_FAILURE_MESSAGE +
        '"]},"reason":"Failed to set user configuration.","result":0,"version":1}}',
    );
    expect(h.state.snapshot()).toBe(before);
  });

  it('refuses to seal under a new key when the state records one the keychain no longer has', async () => {
    const h = makeEngine();
    expectExactly(await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${codeAt(SECRET, FIXED_NOW_MS)}`)), ok(SET, { success: 1 }));
    h.sealer.keys.clear(); // the keychain item was lost
    h.clock.advanceSeconds(30);
    const answer = await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${codeAt(SECRET, h.clock.now())}`));
    expect(answer.metadata.reason).toBe('Failed to set user configuration.');
    expect(answer.data).toEqual({ success: 0 });
    expect(answer.metadata.output?.warnings?.[0]).toContain('KEYCHAIN_KEY_MISSING');
    expect(h.sealer.keys.size).toBe(0);
  });

  it('honours user= for a known account and refuses an unknown one', async () => {
    const h = await withAccounts();
    const token = codeAt(SECRET, FIXED_NOW_MS);
    expectExactly(await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${token}`, 'user=alice')), ok(SET, { success: 1 }));
    expectExactly(
      await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${token}`, 'user=mallory')),
      fail(SET, 'You do not have access to an account named “mallory”.'),
    );
    expectExactly(
      await h.engine.whm.call(GET_CONFIGS, []),
      ok(GET_CONFIGS, {
        alice: { is_enabled: 1, primary_domain: 'alice.example.com' },
        bob: { is_enabled: 0, primary_domain: 'bob.example.org' },
        root: { is_enabled: 0, primary_domain: HOST },
      }),
    );
  });
});

describe('twofactorauth_get_user_configs', () => {
  it('lists root (primary_domain = hostname) and every account keyed by username', async () => {
    const h = await withAccounts();
    const answer = await h.engine.whm.call(GET_CONFIGS, []);
    expect(answer).toEqual(
      ok(GET_CONFIGS, {
        alice: { is_enabled: 0, primary_domain: 'alice.example.com' },
        bob: { is_enabled: 0, primary_domain: 'bob.example.org' },
        root: { is_enabled: 0, primary_domain: HOST },
      }),
    );
    expect(JSON.stringify(answer.metadata)).toBe('{"command":"twofactorauth_get_user_configs","reason":"OK","result":"1","version":1}');
    for (const config of Object.values(answer.data as Record<string, object>)) expect(Object.keys(config)).toEqual(['is_enabled', 'primary_domain']);
  });

  it('lists only root on a fresh install', async () => {
    const h = makeEngine();
    expectExactly(await h.engine.whm.call(GET_CONFIGS, []), ok(GET_CONFIGS, { root: { is_enabled: 0, primary_domain: HOST } }));
    expectExactly(await h.engine.whm.call(GET_CONFIGS, params('user=')), ok(GET_CONFIGS, { root: { is_enabled: 0, primary_domain: HOST } }));
  });

  it('answers one user, and refuses an unknown one with WHM’s curly-quoted message', async () => {
    const h = await withAccounts();
    expectExactly(await h.engine.whm.call(GET_CONFIGS, params('user=bob')), ok(GET_CONFIGS, { bob: { is_enabled: 0, primary_domain: 'bob.example.org' } }));
    const unknown = await h.engine.whm.call(GET_CONFIGS, params('user=x'));
    expectExactly(unknown, fail(GET_CONFIGS, 'You do not have access to an account named “x”.'));
    expect(JSON.stringify(unknown)).toBe(
      '{"metadata":{"command":"twofactorauth_get_user_configs","reason":"You do not have access to an account named “x”.","result":0,"version":1}}',
    );
  });

  it('reports an unreadable state as WHM’s fetch failure', async () => {
    const h = makeEngine();
    h.state.failReadsWith = 'state file is corrupt';
    expectExactly(await h.engine.whm.call(GET_CONFIGS, []), fail(GET_CONFIGS, `Failed to fetch user configurations: ${XID}state file is corrupt`));
  });
});

describe('twofactorauth_remove_user_config', () => {
  async function enabled(users: string[]) {
    const h = await withAccounts();
    for (const user of users) {
      expectExactly(
        await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${codeAt(SECRET, FIXED_NOW_MS)}`, `user=${user}`)),
        ok(SET, { success: 1 }),
      );
    }
    return h;
  }

  it('removes one user given as user=', async () => {
    const h = await enabled(['alice']);
    expectExactly(await h.engine.whm.call(REMOVE, params('user=alice')), ok(REMOVE, { failed: {}, users_modified: ['alice'] }));
    expect((await h.engine.whm.call(GET_CONFIGS, params('user=alice'))).data).toEqual({ alice: { is_enabled: 0, primary_domain: 'alice.example.com' } });
    expect(h.state.peek().profiles[HOST]!.accounts.alice!.sealedSecret).toBeNull();
  });

  it('removes several users given as user, user-1, user-2', async () => {
    const h = await enabled(['root', 'alice', 'bob']);
    const answer = await h.engine.whm.call(REMOVE, params('user=root', 'user-1=alice', 'user-2=bob'));
    expectExactly(answer, ok(REMOVE, { failed: {}, users_modified: ['root', 'alice', 'bob'] }));
    expect(JSON.stringify(answer)).toBe(
      '{"data":{"failed":{},"users_modified":["root","alice","bob"]},"metadata":{"command":"twofactorauth_remove_user_config","reason":"OK","result":"1","version":1}}',
    );
    const configs = (await h.engine.whm.call(GET_CONFIGS, [])).data as Record<string, { is_enabled: number }>;
    expect(Object.values(configs).map((c) => c.is_enabled)).toEqual([0, 0, 0]);
  });

  it('fails with “No users specified.” and no data when there is no user key', async () => {
    const h = makeEngine();
    for (const pairs of [[], params('api.version=1'), params('users=alice', 'user-x=bob')]) {
      const answer = await h.engine.whm.call(REMOVE, pairs);
      expectExactly(answer, fail(REMOVE, 'No users specified.'));
    }
  });

  it('as root, puts an unknown user in failed (“You do not have a user named”) and still answers result 1; no-ops count as modified', async () => {
    const h = await withAccounts();
    const answer = await h.engine.whm.call(REMOVE, params('user-1=bob', 'user-2=ghost'));
    expectExactly(
      answer,
      ok(REMOVE, { failed: { ghost: `You are not authorized to modify “ghost”: ${XID}You do not have a user named “ghost”.` }, users_modified: ['bob'] }),
    );
    expectExactly(
      await h.engine.whm.call(REMOVE, params('user=bob')),
      ok(REMOVE, { failed: {}, users_modified: ['bob'] }),
    );
  });

  it('as a reseller, puts root and an unknown user in failed with “You do not have access to an account named”', async () => {
    const h = makeEngine();
    await h.engine.servers.add('whm.example.test', 'reseller1');
    await h.engine.accounts.add('carol', 'carol.example.com');
    expectExactly(
      await h.engine.whm.call(REMOVE, params('user=root', 'user-1=carol', 'user-2=ghost')),
      ok(REMOVE, {
        failed: {
          root: `You are not authorized to modify “root”: ${XID}You do not have access to an account named “root”.`,
          ghost: `You are not authorized to modify “ghost”: ${XID}You do not have access to an account named “ghost”.`,
        },
        users_modified: ['carol'],
      }),
    );
  });

  it('takes an empty user= as a user named “”, as WHM does: result 1, failed {"": …}', async () => {
    const h = makeEngine();
    expectExactly(
      await h.engine.whm.call(REMOVE, params('user=')),
      ok(REMOVE, { failed: { '': `You are not authorized to modify “”: ${XID}You do not have a user named “”.` }, users_modified: [] }),
    );
  });

  it('ignores keys that are not user or user-N, as WHM does, and says so to the caller', async () => {
    const h = await withAccounts();
    const notes: string[] = [];
    const answer = await h.engine.whm.call(REMOVE, params('users=alice', 'user-x=alice', 'user=bob'), undefined, { onNote: (n) => notes.push(n) });
    expectExactly(answer, ok(REMOVE, { failed: {}, users_modified: ['bob'] }));
    expect(notes).toEqual([
      'twofactorauth_remove_user_config has no parameter “users” (it takes user); ignored, as WHM ignores it.',
      'twofactorauth_remove_user_config has no parameter “user-x” (it takes user); ignored, as WHM ignores it.',
    ]);
  });

  it('reports a failed write as WHM’s remove failure and changes nothing', async () => {
    const h = await enabled(['alice']);
    const before = h.state.snapshot();
    h.state.failUpdatesWith = 'disk full';
    expectExactly(await h.engine.whm.call(REMOVE, params('user=alice')), fail(REMOVE, `Failed to remove two-factor authentication: ${XID}disk full`));
    expect(h.state.snapshot()).toBe(before);
  });
});

describe('policy functions', () => {
  it('status 0 → enable (metadata only) → status 1 → disable (metadata only) → status 0', async () => {
    const h = makeEngine();
    expectExactly(await h.engine.whm.call(STATUS, []), ok(STATUS, { is_enabled: 0 }));
    const enable = await h.engine.whm.call(ENABLE, []);
    expectExactly(enable, ok(ENABLE));
    expect('data' in enable).toBe(false);
    expect(JSON.stringify(enable)).toBe('{"metadata":{"command":"twofactorauth_enable_policy","reason":"OK","result":"1","version":1}}');
    expectExactly(await h.engine.whm.call(STATUS, []), ok(STATUS, { is_enabled: 1 }));
    const disable = await h.engine.whm.call(DISABLE, []);
    expect('data' in disable).toBe(false);
    expect(JSON.stringify(disable)).toBe('{"metadata":{"command":"twofactorauth_disable_policy","reason":"OK","result":"1","version":1}}');
    expectExactly(await h.engine.whm.call(STATUS, []), ok(STATUS, { is_enabled: 0 }));
  });

  it('disabling the policy keeps every stored secret', async () => {
    const h = makeEngine();
    await h.engine.whm.call(SET, params(`secret=${SECRET}`, `tfa_token=${codeAt(SECRET, FIXED_NOW_MS)}`));
    await h.engine.whm.call(ENABLE, []);
    await h.engine.whm.call(DISABLE, []);
    expectExactly(await h.engine.whm.call(GET_CONFIGS, []), ok(GET_CONFIGS, { root: { is_enabled: 1, primary_domain: HOST } }));
    expect(h.state.peek().profiles[HOST]!.operatorTfa.sealedSecret).not.toBeNull();
  });

  it('policy and per-user configuration are independent', async () => {
    const h = makeEngine();
    await h.engine.whm.call(ENABLE, []);
    expectExactly(await h.engine.whm.call(GET_CONFIGS, []), ok(GET_CONFIGS, { root: { is_enabled: 0, primary_domain: HOST } }));
    await h.engine.whm.call(REMOVE, params('user=root'));
    expectExactly(await h.engine.whm.call(STATUS, []), ok(STATUS, { is_enabled: 1 }));
  });

  it('uses WHM’s failure reasons (no “the” when disabling) with the cause as a warning', async () => {
    const h = makeEngine();
    h.state.failUpdatesWith = 'state is locked';
    expectExactly(
      await h.engine.whm.call(ENABLE, []),
      fail(ENABLE, 'Failed to enable the Two-Factor Authentication security policy.', { warnings: ['state is locked'] }),
    );
    expectExactly(
      await h.engine.whm.call(DISABLE, []),
      fail(DISABLE, 'Failed to disable Two-Factor Authentication security policy.', { warnings: ['state is locked'] }),
    );
    h.state.failReadsWith = 'state is corrupt';
    expectExactly(await h.engine.whm.call(STATUS, []), fail(STATUS, `API failure: ${XID}state is corrupt`));
  });
});

describe('issuer functions', () => {
  it('get_issuer defaults to the hostname for both fields', async () => {
    const h = makeEngine();
    const answer = await h.engine.whm.call(GET_ISSUER, []);
    expectExactly(answer, ok(GET_ISSUER, { issuer: HOST, system_wide_issuer: HOST }));
  });

  it('set_issuer strips one pair of surrounding quotes and answers metadata only', async () => {
    const h = makeEngine();
    for (const [raw, stored] of [
      ['"My Issuer"', 'My Issuer'],
      ["'Acme_Co-1.0'", 'Acme_Co-1.0'],
      ['"half', 'half'],
      ['plain', 'plain'],
    ] as const) {
      const answer = await h.engine.whm.call(SET_ISSUER, [['issuer', raw]]);
      expectExactly(answer, ok(SET_ISSUER));
      expect('data' in answer).toBe(false);
      expectExactly(await h.engine.whm.call(GET_ISSUER, []), ok(GET_ISSUER, { issuer: stored, system_wide_issuer: stored }));
    }
  });

  it('refuses 33 characters and disallowed characters with WHM’s exact reason, keeping the old issuer', async () => {
    const h = makeEngine();
    await h.engine.whm.call(SET_ISSUER, params('issuer=Keep Me'));
    expect(ISSUER_RULE_MESSAGE).toBe(ISSUER_FAILURE.slice(`Failed to set issuer: ${XID}`.length));
    for (const bad of ['A'.repeat(33), '"' + 'B'.repeat(33) + '"', 'Acme, Inc.', 'Ünïcode', 'a:b', 'a/b', "a'b", '""""']) {
      expectExactly(await h.engine.whm.call(SET_ISSUER, [['issuer', bad]]), fail(SET_ISSUER, ISSUER_FAILURE));
    }
    expectExactly(await h.engine.whm.call(SET_ISSUER, [['issuer', 'C'.repeat(32)]]), ok(SET_ISSUER));
    expectExactly(await h.engine.whm.call(SET_ISSUER, [['issuer', `"${'D'.repeat(32)}"`]]), ok(SET_ISSUER));
    expect((await h.engine.whm.call(GET_ISSUER, [])).data).toEqual({ issuer: 'D'.repeat(32), system_wide_issuer: 'D'.repeat(32) });
  });

  it('an empty or absent issuer clears it back to the hostname', async () => {
    const h = makeEngine();
    for (const pairs of [params('issuer='), params("issuer=''"), params('issuer=""'), []]) {
      await h.engine.whm.call(SET_ISSUER, params('issuer=Temporary'));
      expectExactly(await h.engine.whm.call(SET_ISSUER, pairs), ok(SET_ISSUER));
      expectExactly(await h.engine.whm.call(GET_ISSUER, []), ok(GET_ISSUER, { issuer: HOST, system_wide_issuer: HOST }));
    }
  });

  it('generate uses the new issuer, percent-encoded', async () => {
    const h = makeEngine();
    await h.engine.whm.call(SET_ISSUER, params('issuer=My Host_1.0'));
    const { otpauth_str: uri, secret } = (await h.engine.whm.call(GEN, [])).data as { otpauth_str: string; secret: string };
    expect(uri).toBe(`otpauth://totp/My%20Host_1.0:root?secret=${secret}&issuer=My%20Host_1.0`);
  });

  it('reports failures with WHM’s issuer reasons', async () => {
    const h = makeEngine();
    h.state.failReadsWith = 'unreadable';
    expectExactly(await h.engine.whm.call(GET_ISSUER, []), fail(GET_ISSUER, `Failed to get issuer: ${XID}unreadable`));
    h.state.failUpdatesWith = 'read-only file system';
    expectExactly(await h.engine.whm.call(SET_ISSUER, params('issuer=x')), fail(SET_ISSUER, `Failed to set issuer: ${XID}read-only file system`));
  });

  it('gives a reseller root’s system-wide issuer (here the hostname) as system_wide_issuer, its own as issuer', async () => {
    const h = makeEngine();
    await h.engine.servers.add(HOST, 'reseller1');
    expectExactly(await h.engine.whm.call(GET_ISSUER, []), ok(GET_ISSUER, { issuer: HOST, system_wide_issuer: HOST }));
    expectExactly(await h.engine.whm.call(SET_ISSUER, params('issuer=Reseller Co')), ok(SET_ISSUER));
    expectExactly(await h.engine.whm.call(GET_ISSUER, []), ok(GET_ISSUER, { issuer: 'Reseller Co', system_wide_issuer: HOST }));
    // As root, the issuer set is the system-wide one.
    await h.engine.servers.add('root.example.test', 'root');
    await h.engine.whm.call(SET_ISSUER, params('issuer=Root Co'));
    expectExactly(await h.engine.whm.call(GET_ISSUER, []), ok(GET_ISSUER, { issuer: 'Root Co', system_wide_issuer: 'Root Co' }));
  });
});

describe('call intake: unknown functions and bad parameters never throw', () => {
  it('answers an unknown function as WHM does', async () => {
    const h = makeEngine();
    const answer = await h.engine.whm.call('nope', []);
    expectExactly(answer, fail('nope', 'Unknown app ("nope") requested for this version (1) of the API.'));
    expect(answer.metadata.reason).toBe('Unknown app ("nope") requested for this version (1) of the API.');
    for (const name of ['', 'twofactorauth_get_issuer ', 'TWOFACTORAUTH_GET_ISSUER', 'constructor', '__proto__', 'toString', 'x'.repeat(10_000)]) {
      const other = await h.engine.whm.call(name, []);
      expect(other.metadata.result, JSON.stringify(name.slice(0, 30))).toBe(0);
      expect(other.metadata.reason).toMatch(/^Unknown app \(".*"\) requested for this version \(1\) of the API\.$/s);
      expect(other.metadata.reason.length).toBeLessThan(200);
      expect(other.metadata.command.length).toBeLessThan(100);
    }
  });

  it('never echoes control characters from an unknown function name', async () => {
    const h = makeEngine();
    const answer = await h.engine.whm.call('evil\u001b[2J\u0000\n', []);
    expect(answer.metadata.result).toBe(0);
    expect(JSON.stringify(answer.metadata)).not.toMatch(/\\u001b|\\u0000|\\n/);
  });

  const cases: [string, [string, string][], string][] = [
    [STATUS, params('api.version=2'), 'This engine answers WHM API 1 only: “api.version” must be 1, not “2”.'],
    [STATUS, params('api.version=0'), 'This engine answers WHM API 1 only: “api.version” must be 1, not “0”.'],
    [SET_ISSUER, [['issuer', 'x'.repeat(100_000)]], 'The “issuer” parameter is too long (100000 characters; the limit is 4096).'],
    [STATUS, [['anything', 'x'.repeat(4097)]], 'The “anything” parameter is too long (4097 characters; the limit is 4096).'],
    [SET_ISSUER, [['issuer', 'a\u0007b']], 'The “issuer” parameter contains control characters.'],
    [SET_ISSUER, [['issuer', 'line1\nline2']], 'The “issuer” parameter contains control characters.'],
    [SET, [['tfa_token', '123456\r']], 'The “tfa_token” parameter contains control characters.'],
    [STATUS, [['n'.repeat(65), '1']], `The parameter name “${'n'.repeat(64)}…” is too long (the limit is 64 characters).`],
    [REMOVE, Array.from({ length: 200 }, (_, i) => [`user-${i}`, `u${i}`] as [string, string]), 'Too many parameters (200); the limit is 64.'],
  ];
  for (const [fn, pairs, reason] of cases) {
    it(`${fn}: ${reason.slice(0, 100)} (the app's bounds)`, async () => {
      const h = makeEngine();
      const before = h.state.snapshot();
      const answer = await h.engine.whm.call(fn, pairs);
      expectExactly(answer, fail(fn, reason));
      expect(h.state.snapshot()).toBe(before);
    });
  }

  it('ignores unknown, extra and repeated parameters as WHM does (the last value counts), and notes each for the caller', async () => {
    const h = makeEngine();
    const notes: string[] = [];
    const onNote = (note: string) => notes.push(note);
    expectExactly(await h.engine.whm.call(GET_ISSUER, params('user=root', 'issuer=x', 'bad name=1', '=x', 'ctl=\u0007'), undefined, { onNote }), ok(GET_ISSUER, { issuer: HOST, system_wide_issuer: HOST }));
    expect(notes).toEqual([
      'twofactorauth_get_issuer has no parameter “user” (it takes no parameters); ignored, as WHM ignores it.',
      'twofactorauth_get_issuer has no parameter “issuer” (it takes no parameters); ignored, as WHM ignores it.',
      'twofactorauth_get_issuer has no parameter “bad name” (it takes no parameters); ignored, as WHM ignores it.',
      'twofactorauth_get_issuer has no parameter “” (it takes no parameters); ignored, as WHM ignores it.',
      'twofactorauth_get_issuer has no parameter “ctl” (it takes no parameters); ignored, as WHM ignores it.',
    ]);
    // `code` is not the token's name: ignored, so the token is missing and the code check fails, as on WHM.
    expectExactly(await h.engine.whm.call(SET, params(`secret=${SECRET}`, `code=${codeAt(SECRET, FIXED_NOW_MS)}`)), fail(SET, 'The security code is invalid.'));
    notes.length = 0;
    expectExactly(
      await h.engine.whm.call(SET, params(`secret=${'A'.repeat(16)}`, `secret=${SECRET}`, `tfa_token=${codeAt(SECRET, FIXED_NOW_MS)}`), undefined, { onNote }),
      ok(SET, { success: 1 }),
    );
    expect(notes).toEqual(['“secret” was given more than once; the last value counts, as on WHM.']);
  });

  it('never echoes a parameter value (it may be a secret)', async () => {
    const h = makeEngine();
    const answer = await h.engine.whm.call(SET, [['secret', `${SECRET}\u0001`]]);
    expect(JSON.stringify(answer)).not.toContain(SECRET);
    const long = await h.engine.whm.call(SET, [['secret', SECRET.repeat(300)]]);
    expect(JSON.stringify(long)).not.toContain(SECRET);
  });

  it('bounds a huge parameter name in the reason', async () => {
    const h = makeEngine();
    const answer = await h.engine.whm.call(STATUS, [['n'.repeat(100_000), '1']]);
    expect(answer.metadata.result).toBe(0);
    expect(answer.metadata.reason.length).toBeLessThan(140);
  });

  it('accepts api.version=1 and the output-control parameters, which change nothing', async () => {
    const h = makeEngine();
    const notes: string[] = [];
    expectExactly(
      await h.engine.whm.call(GET_ISSUER, params('api.version=1', 'api.filter.enable=1', 'api.filter.a.field=issuer', 'api.sort.enable=1', 'api.chunk.size=5', 'api.columns.enable=1'), undefined, {
        onNote: (n) => notes.push(n),
      }),
      ok(GET_ISSUER, { issuer: HOST, system_wide_issuer: HOST }),
    );
    expect(notes).toHaveLength(5);
    expect(notes[0]).toBe('“api.filter.enable” has nothing to act on in twofactorauth_get_issuer\'s answer; ignored, as WHM does.');
  });

  it('keeps every answer inside the envelope even under 64 parameters of 4096 characters', async () => {
    const h = makeEngine();
    const pairs = Array.from({ length: 64 }, (_, i) => [i === 0 ? 'user' : `user-${i}`, 'z'.repeat(4096)] as [string, string]);
    const answer = await h.engine.whm.call(REMOVE, pairs);
    expect(answer.metadata.result).toBe('1');
    expect((answer.data as { users_modified: string[] }).users_modified).toEqual([]);
  });

  it('fails on an unknown --server with a reason naming the fix', async () => {
    const h = makeEngine();
    expectExactly(
      await h.engine.whm.call(STATUS, [], 'other.example.com'),
      fail(STATUS, 'There is no server profile named “other.example.com”. Add it with: tfa-provisioner servers add other.example.com'),
    );
    expectExactly(await h.engine.whm.call(STATUS, [], HOST), ok(STATUS, { is_enabled: 0 }));
  });
});
