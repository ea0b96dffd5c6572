// Names from outside are data: a username or hostname that is also a property name of Object.prototype is a name
// like any other, `__proto__` and control characters are refused with a clear reason, and nothing reaches
// Object.prototype, whatever path (WHM functions, app commands, imports, backups, the state file) the name takes.
import { afterEach, describe, expect, it } from 'vitest';
import { renderEnvelope } from '../../main/engine/envelope-format.js';
import { checkState } from '../../main/store/state-validation.js';
import { FIXED_NOW_MS, makeEngine, params } from './fakes.js';
import { codeAt } from './helpers.js';

function expectPristinePrototype(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PRISTINE);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}
const PRISTINE = Object.getOwnPropertyNames(Object.prototype).sort();

afterEach(expectPristinePrototype);

describe('prototype property names as usernames', () => {
  it('provisions, verifies, lists and removes `constructor` end to end, as cPanel allows', async () => {
    const h = makeEngine();
    expect((await h.engine.accounts.add('constructor', 'c.example.com')).metadata).toMatchObject({ result: '1' });
    expect((await h.engine.accounts.add('toString', 't.example.com')).data).toEqual({ user: 'tostring', domain: 't.example.com', state: 'none' });
    expect((await h.engine.accounts.add('constructor', 'c.example.com')).metadata.reason).toBe(
      'An account named “constructor” already exists on “whm.example.test”.',
    );
    const provisioned = await h.engine.provisioning.provision(['constructor'], { withSecrets: true });
    const secret = (provisioned.data as { provisioned: { user: string; secret: string }[] }).provisioned[0]!.secret;
    expect((await h.engine.provisioning.verify('constructor', codeAt(secret, FIXED_NOW_MS))).metadata.result).toBe('1');
    const configs = await h.engine.whm.call('twofactorauth_get_user_configs', params('user=constructor'));
    expect(configs.data).toEqual({ constructor: { is_enabled: 1, primary_domain: 'c.example.com' } });
    const listed = await h.engine.accounts.list();
    expect((listed.data as { accounts: { user: string; state: string }[] }).accounts.map((a) => [a.user, a.state])).toEqual([
      ['constructor', 'enabled'],
      ['tostring', 'none'],
    ]);
    const removed = await h.engine.whm.call('twofactorauth_remove_user_config', params('user=constructor'));
    expect(removed.data).toEqual({ failed: {}, users_modified: ['constructor'] });
    expect((await h.engine.accounts.remove(['constructor'])).data).toEqual({ removed: ['constructor'], failed: {} });
  });

  it.each(['toString', 'hasOwnProperty', 'valueOf', '__proto__', 'constructor'])(
    'answers that no account named %s exists while none was added, in every WHM function that takes user=',
    async (user) => {
      const h = makeEngine();
      // WHM's wording around the name (XIDs, prefixes) is the WHM functions' own; what matters here is the name.
      const reason = `account named “${user}”.`;
      const generate = await h.engine.whm.call('twofactorauth_generate_tfa_config', params(`user=${user}`));
      expect(generate.metadata).toMatchObject({ result: 0, reason: expect.stringContaining(reason) });
      const set = await h.engine.whm.call('twofactorauth_set_tfa_config', params('secret=JBSWY3DPEHPK3PXP', `tfa_token=${codeAt('JBSWY3DPEHPK3PXP', FIXED_NOW_MS)}`, `user=${user}`));
      expect(set.metadata.result).toBe(0);
      expect(set.data).not.toEqual({ success: 1 });
      expect((await h.engine.whm.call('twofactorauth_get_user_configs', params(`user=${user}`))).metadata.result).toBe(0);
      const removed = await h.engine.whm.call('twofactorauth_remove_user_config', params(`user=${user}`));
      expect(removed.metadata.result).toBe('1');
      expect(Object.keys(removed.data as object)).toEqual(['failed', 'users_modified']);
      expect(Object.keys((removed.data as { failed: object }).failed)).toEqual([user]);
      expect(JSON.parse(renderEnvelope(removed, 'json')).data.failed).toHaveProperty([user]);
      expect((await h.engine.provisioning.reveal(user)).metadata.reason).toContain(reason);
      expect(Object.values(h.state.peek().profiles).map((p) => Object.keys(p.accounts))).toEqual([[]]);
    },
  );
});

describe('names that are refused', () => {
  it('refuses `__proto__` and control characters as account names, by hand or from a file', async () => {
    const h = makeEngine();
    expect((await h.engine.accounts.add('__proto__', 'evil.example')).metadata.reason).toContain('“__proto__” is reserved');
    expect((await h.engine.accounts.add('bob\u0004', 'evil.example')).metadata.reason).toBe(
      'The username “bob?” is not valid: use lowercase letters, digits, “-”, “.” and “_”, and do not start with a digit, “-” or “.”.',
    );
    const csv = await h.engine.accounts.import('user,domain\n__proto__,evil.example\nconstructor,ok.example\n');
    expect(csv.data).toMatchObject({ added: 1, problems: [{ row: 2, reason: expect.stringContaining('“__proto__” is reserved') }] });
    const dump = await h.engine.accounts.import(JSON.stringify({ data: { acct: [{ user: '__proto__', domain: 'evil.example' }, { user: 'x\u001b[31m', domain: 'a.example' }] } }));
    expect((dump.data as { problems: { reason: string }[] }).problems.map((p) => p.reason)).toEqual([
      expect.stringContaining('“__proto__” is reserved'),
      expect.stringContaining('“x?[31m” is not valid'),
    ]);
    expect(Object.keys(h.state.peek().profiles['whm.example.test']!.accounts)).toEqual(['constructor']);
  });

  it('refuses `servers use __proto__` and leaves the active profile as it was', async () => {
    const h = makeEngine();
    await h.engine.servers.add('whm1.example.com');
    const used = await h.engine.servers.use('__proto__');
    expect(used.metadata).toMatchObject({ result: 0, reason: '“__proto__” is not a valid hostname.' });
    expect(h.state.peek().activeProfile).toBe('whm1.example.com');
    // A name that can be no profile says why, instead of advising `servers add`, which would refuse it too.
    expect((await h.engine.servers.remove('__proto__')).metadata).toMatchObject({ result: 0, reason: '“__proto__” is not a valid hostname.' });
    expect((await h.engine.accounts.list('__proto__')).metadata.reason).toBe('“__proto__” is not a valid hostname.');
    expect((await h.engine.whm.call('twofactorauth_get_issuer', [], 'a\u001bb')).metadata.reason).toBe('“a?b” is not a valid hostname.');
    expect((await h.engine.whm.call('twofactorauth_get_issuer', [], 'constructor')).metadata.reason).toBe(
      'There is no server profile named “constructor”. Add it with: tfa-provisioner servers add constructor',
    );
    expect((await h.engine.servers.add('constructor')).metadata.result).toBe('1');
    expect((await h.engine.servers.use('constructor')).metadata.result).toBe('1');
  });

  it('finds a state file naming `__proto__` as active profile, account or profile invalid, with a clear reason', () => {
    const base = { format: 'tfa-provisioner-state', version: 1 };
    const tfa = { state: 'none', sealedSecret: null, lastAcceptedStep: null, updatedAt: null };
    const profile = (hostname: string, accounts: object) => ({ hostname, operator: 'root', issuer: null, policyEnabled: 0, vaultKeyCheck: null, operatorTfa: tfa, accounts });
    const active = checkState(JSON.parse(JSON.stringify({ ...base, activeProfile: '__proto__', profiles: {} })));
    expect(active).toEqual({ ok: false, problem: 'corrupt', detail: 'activeProfile is not a valid hostname: “__proto__” is not a valid hostname.' });
    const account = checkState(JSON.parse(`{"format":"tfa-provisioner-state","version":1,"activeProfile":"h.example","profiles":{"h.example":${JSON.stringify(profile('h.example', {})).replace('"accounts":{}', `"accounts":{"__proto__":${JSON.stringify({ ...tfa, domain: 'x.example' })}}`)}}}`));
    expect(account).toMatchObject({ ok: false, detail: expect.stringContaining('profiles["h.example"].accounts["__proto__"] has an invalid name') });
    const escape = checkState({ ...base, activeProfile: null, profiles: { 'a\u001b]0;x': profile('a\u001b]0;x', {}) } });
    expect(escape).toMatchObject({ ok: false, detail: expect.stringMatching(/^profiles\["a\?\]0;x"\] has an invalid name/) });
    const good = checkState({ ...base, activeProfile: 'h.example', profiles: { 'h.example': profile('h.example', { constructor: { ...tfa, domain: 'c.example' } }) } });
    expect(good.ok && Object.getPrototypeOf(good.state.profiles)).toBeNull();
    expect(good.ok && Object.keys(good.state.profiles['h.example']!.accounts)).toEqual(['constructor']);
  });
});
