// The app's extensions beyond WHM: server profiles, the account inventory and its imports, and provisioning.
import { describe, expect, it } from 'vitest';
import { parseAccountList } from '../../main/engine/account-import.js';
import { FailingSealer, FIXED_NOW_MS, makeEngine, MemorySealer, params } from './fakes.js';
import { codeAt, expectExactly, fail, HOST, ok, wrongCodeAt } from './helpers.js';

const SECRET = 'JBSWY3DPEHPK3PXP';

type ServerRow = { hostname: string; active: 0 | 1; accounts: number; pending: number; enabled: number };
async function serverNames(h: ReturnType<typeof makeEngine>): Promise<string[]> {
  return ((await h.engine.servers.list()).data as { servers: ServerRow[] }).servers.map((s) => s.hostname);
}

describe('servers', () => {
  it('lists the default profile, named after this machine, on a fresh install without writing it', async () => {
    const h = makeEngine();
    expectExactly(
      await h.engine.servers.list(),
      ok('servers_list', {
        servers: [{ hostname: HOST, operator: 'root', issuer: HOST, policy_enabled: 0, first_code_contact: null, accounts: 0, pending: 0, enabled: 0, active: 1 }],
      }),
    );
    expect(h.state.peek().profiles).toEqual({});
  });

  it('add replaces the untouched default profile and makes the new one active', async () => {
    const h = makeEngine();
    await h.engine.whm.call('twofactorauth_enable_policy', []);
    await h.engine.whm.call('twofactorauth_disable_policy', []); // the default is now written, but still untouched
    expect(Object.keys(h.state.peek().profiles)).toEqual([HOST]);
    expectExactly(
      await h.engine.servers.add('WHM1.Example.COM.'),
      ok('servers_add', { hostname: 'whm1.example.com', operator: 'root', issuer: 'whm1.example.com', policy_enabled: 0, first_code_contact: null, accounts: 0, pending: 0, enabled: 0, active: 1 }),
    );
    expect(await serverNames(h)).toEqual(['whm1.example.com']);
    expect(h.state.peek().activeProfile).toBe('whm1.example.com');
    expectExactly(
      await h.engine.whm.call('twofactorauth_get_issuer', []),
      ok('twofactorauth_get_issuer', { issuer: 'whm1.example.com', system_wide_issuer: 'whm1.example.com' }),
    );
  });

  it('add keeps a default profile that holds something', async () => {
    const h = makeEngine();
    await h.engine.accounts.add('alice', 'alice.example.com');
    await h.engine.servers.add('whm1.example.com');
    expect((await serverNames(h)).sort()).toEqual(['whm1.example.com', HOST].sort());
  });

  it('add keeps every profile the operator added, even ones that hold nothing yet', async () => {
    const h = makeEngine();
    await h.engine.servers.add('whm1.example.com');
    await h.engine.servers.add('whm2.example.com');
    expect((await serverNames(h)).sort()).toEqual(['whm1.example.com', 'whm2.example.com']);
    expectExactly(await h.engine.servers.use('whm1.example.com'), ok('servers_use', {
      hostname: 'whm1.example.com', operator: 'root', issuer: 'whm1.example.com', policy_enabled: 0, first_code_contact: null, accounts: 0, pending: 0, enabled: 0, active: 1,
    }));
  });

  it('add refuses a duplicate, a bad hostname and a bad operator', async () => {
    const h = makeEngine();
    await h.engine.servers.add('whm1.example.com');
    expectExactly(await h.engine.servers.add('whm1.example.com'), fail('servers_add', 'A server profile named “whm1.example.com” already exists.'));
    expectExactly(await h.engine.servers.add('not a host!'), fail('servers_add', '“not a host!” is not a valid hostname.'));
    expectExactly(
      await h.engine.servers.add('whm2.example.com', 'Test1'),
      fail('servers_add', 'The username “Test1” is not valid: use lowercase letters, digits, “-”, “.” and “_”, and do not start with a digit, “-” or “.”.'),
    );
    expect((await h.engine.servers.add('whm3.example.com', 'reseller1')).data).toMatchObject({ operator: 'reseller1' });
    expectExactly(
      await h.engine.whm.call('twofactorauth_get_user_configs', []),
      ok('twofactorauth_get_user_configs', { reseller1: { is_enabled: 0, primary_domain: 'whm3.example.com' } }),
    );
  });

  it('use switches the profile WHM calls act on; an unknown name fails', async () => {
    const h = makeEngine();
    await h.engine.servers.add('whm1.example.com');
    await h.engine.servers.add('whm2.example.com');
    await h.engine.whm.call('twofactorauth_set_issuer', params('issuer=Second'));
    await h.engine.servers.use('whm1.example.com');
    expect((await h.engine.whm.call('twofactorauth_get_issuer', [])).data).toEqual({ issuer: 'whm1.example.com', system_wide_issuer: 'whm1.example.com' });
    expect((await h.engine.whm.call('twofactorauth_get_issuer', [], 'whm2.example.com')).data).toEqual({ issuer: 'Second', system_wide_issuer: 'Second' });
    expectExactly(
      await h.engine.servers.use('nowhere.example.com'),
      fail('servers_use', 'There is no server profile named “nowhere.example.com”. Add it with: tfa-provisioner servers add nowhere.example.com'),
    );
  });

  it('remove of a profile holding secrets needs force, and then forgets its vault key', async () => {
    const h = makeEngine();
    await h.engine.servers.add('whm1.example.com');
    await h.engine.accounts.add('alice', 'alice.example.com');
    expect((await h.engine.provisioning.provision([])).metadata.result).toBe('1');
    expect(h.sealer.keys.has('whm1.example.com')).toBe(true);

    const before = h.state.snapshot();
    expectExactly(
      await h.engine.servers.remove('whm1.example.com'),
      fail('servers_remove', 'The server profile “whm1.example.com” holds 1 secret(s); removing it destroys them. Export a backup first, or remove it with --force.'),
    );
    expect(h.state.snapshot()).toBe(before);
    expect(h.sealer.forgotten).toEqual([]);

    expectExactly(await h.engine.servers.remove('whm1.example.com', { force: true }), ok('servers_remove', { removed: 'whm1.example.com' }));
    expect(h.state.peek().profiles).toEqual({});
    expect(h.state.peek().activeProfile).toBeNull();
    expect(h.sealer.forgotten).toEqual(['whm1.example.com']);
    expect(h.sealer.keys.has('whm1.example.com')).toBe(false);
  });

  it('remove of an empty profile needs no force and touches no keychain; unknown names fail', async () => {
    const h = makeEngine({ sealer: new FailingSealer() });
    await h.engine.servers.add('whm1.example.com');
    await h.engine.servers.add('whm2.example.com');
    expectExactly(await h.engine.servers.remove('whm2.example.com'), ok('servers_remove', { removed: 'whm2.example.com' }));
    expect(h.state.peek().activeProfile).toBe('whm1.example.com');
    expect(h.sealer.calls).toBe(0);
    expectExactly(
      await h.engine.servers.remove('whm2.example.com'),
      fail('servers_remove', 'There is no server profile named “whm2.example.com”. Add it with: tfa-provisioner servers add whm2.example.com'),
    );
  });

  it('finds a profile however its hostname is typed, as servers add and use do (case, a trailing dot)', async () => {
    const h = makeEngine();
    await h.engine.servers.add('WHM1.Example.com');
    await h.engine.servers.add('whm2.example.com');
    await h.engine.accounts.add('alice', 'alice.example', 'whm1.example.com');
    expect((await h.engine.accounts.list('WHM1.example.COM.')).data?.accounts.map((a) => a.user)).toEqual(['alice']);
    expect((await h.engine.servers.set('Whm1.Example.Com', { firstCodeContact: 'help@example.com' })).data).toMatchObject({
      hostname: 'whm1.example.com',
      first_code_contact: 'help@example.com',
    });
    expect((await h.engine.whm.call('twofactorauth_get_issuer', [], 'WHM2.example.com')).data).toEqual({ issuer: 'whm2.example.com', system_wide_issuer: 'whm2.example.com' });
    expectExactly(await h.engine.servers.remove('WHM2.Example.com'), ok('servers_remove', { removed: 'whm2.example.com' }));
    expect(Object.keys(h.state.peek().profiles)).toEqual(['whm1.example.com']);
  });
});

describe('accounts add: cPanel username rules (spec §6)', () => {
  const cases: [string, string][] = [
    ['root', 'The username “root” is reserved by the system.'],
    ['nobody', 'The username “nobody” is reserved by the system.'],
    ['testuser', 'The username “testuser” begins with the reserved prefix “test”.'],
    ['cpanelx', 'The username “cpanelx” begins with the reserved prefix “cpanel”.'],
    ['mypassword', 'The username “mypassword” ends with the reserved suffix “assword”.'],
    ['1abc', 'The username “1abc” is not valid: use lowercase letters, digits, “-”, “.” and “_”, and do not start with a digit, “-” or “.”.'],
    ['-abc', 'The username “-abc” is not valid: use lowercase letters, digits, “-”, “.” and “_”, and do not start with a digit, “-” or “.”.'],
    ['a b', 'The username “a b” is not valid: use lowercase letters, digits, “-”, “.” and “_”, and do not start with a digit, “-” or “.”.'],
    ['abcdefghijklmnopq', 'The username “abcdefghijklmnopq” is longer than 16 characters.'],
    ['   ', 'A username cannot be empty.'],
  ];
  for (const [user, reason] of cases) {
    it(`refuses ${JSON.stringify(user)}`, async () => {
      const h = makeEngine();
      expectExactly(await h.engine.accounts.add(user, 'example.com'), fail('accounts_add', reason));
      expect(h.state.peek().profiles).toEqual({});
    });
  }

  it('normalizes case and whitespace, accepts 16 characters, refuses a bad domain and a duplicate', async () => {
    const h = makeEngine();
    expectExactly(await h.engine.accounts.add('  ALICE ', ' Alice.Example.COM. '), ok('accounts_add', { user: 'alice', domain: 'alice.example.com', state: 'none' }));
    expectExactly(await h.engine.accounts.add('abcdefghijklmnop', 'p.example.com'), ok('accounts_add', { user: 'abcdefghijklmnop', domain: 'p.example.com', state: 'none' }));
    expectExactly(await h.engine.accounts.add('bob', 'not a domain'), fail('accounts_add', '“not a domain” is not a valid domain name.'));
    expectExactly(await h.engine.accounts.add('Alice', 'other.example.com'), fail('accounts_add', `An account named “alice” already exists on “${HOST}”.`));
    expect((await h.engine.whm.call('twofactorauth_get_user_configs', params('user=alice'))).data).toEqual({
      alice: { is_enabled: 0, primary_domain: 'alice.example.com' },
    });
  });

  it('refuses an account named like a reseller operator', async () => {
    const h = makeEngine();
    await h.engine.servers.add('whm1.example.com', 'reseller1');
    expectExactly(await h.engine.accounts.add('reseller1', 'r.example.com'), fail('accounts_add', 'An account named “reseller1” already exists on “whm1.example.com”.'));
  });
});

describe('accounts import', () => {
  const listacctsJson = JSON.stringify({
    data: {
      acct: [
        { user: 'alice', domain: 'alice.example.com', email: 'a@example.com', suspended: 0 },
        { user: 'Bob', domain: 'BOB.example.org.' },
        { user: 'testing', domain: 'x.example.com' },
      ],
    },
    metadata: { command: 'listaccts', reason: 'OK', result: '1', version: 1 },
  });

  it('imports a whmapi1 --output=json listaccts dump, reporting bad rows by entry number', async () => {
    const h = makeEngine();
    expectExactly(
      await h.engine.accounts.import(listacctsJson),
      ok('accounts_import', {
        format: 'listaccts-json',
        added: 2,
        updated: 0,
        unchanged: 0,
        problems: [{ row: 3, reason: 'The username “testing” begins with the reserved prefix “test”.' }],
      }),
    );
    expect((await h.engine.whm.call('twofactorauth_get_user_configs', [])).data).toEqual({
      alice: { is_enabled: 0, primary_domain: 'alice.example.com' },
      bob: { is_enabled: 0, primary_domain: 'bob.example.org' },
      root: { is_enabled: 0, primary_domain: HOST },
    });
  });

  it('imports a whmapi1 YAML listaccts dump', async () => {
    const yamlDump = [
      '---',
      'data:',
      '  acct:',
      '    -',
      '      domain: carol.example.net',
      '      suspended: 0',
      '      user: carol',
      '    - domain: dave.example.net',
      '      user: dave',
      'metadata:',
      '  command: listaccts',
      '  reason: OK',
      '  result: 1',
      '  version: 1',
      '',
    ].join('\n');
    const h = makeEngine();
    expectExactly(
      await h.engine.accounts.import(yamlDump),
      ok('accounts_import', { format: 'listaccts-yaml', added: 2, updated: 0, unchanged: 0, problems: [] }),
    );
    expect(Object.keys(h.state.peek().profiles[HOST]!.accounts).sort()).toEqual(['carol', 'dave']);
  });

  it('imports CSV without a header, and re-imports: a known account keeps its state and takes the new domain', async () => {
    const h = makeEngine();
    expectExactly(
      await h.engine.accounts.import('erin,erin.example.com\nfrank,frank.example.com\n'),
      ok('accounts_import', { format: 'csv', added: 2, updated: 0, unchanged: 0, problems: [] }),
    );
    await h.engine.whm.call('twofactorauth_set_tfa_config', params(`secret=${SECRET}`, `tfa_token=${codeAt(SECRET, FIXED_NOW_MS)}`, 'user=erin'));
    expectExactly(
      await h.engine.accounts.import('erin,erin.example.net\nfrank,frank.example.com\ngina,gina.example.com'),
      ok('accounts_import', { format: 'csv', added: 1, updated: 1, unchanged: 1, problems: [] }),
    );
    expect((await h.engine.whm.call('twofactorauth_get_user_configs', params('user=erin'))).data).toEqual({
      erin: { is_enabled: 1, primary_domain: 'erin.example.net' },
    });
  });

  it('imports CSV with a header, reporting problems and duplicates by line number', async () => {
    const h = makeEngine();
    const csv = ['User,Domain', 'hank,hank.example.com', 'root,root.example.com', 'ivan,not_a_domain', 'Hank,hank2.example.com', '9lives,x.example.com', 'judy,judy.example.com'].join('\n');
    expectExactly(
      await h.engine.accounts.import(csv),
      ok('accounts_import', {
        format: 'csv',
        added: 2,
        updated: 0,
        unchanged: 0,
        problems: [
          { row: 3, reason: 'The username “root” is reserved by the system.' },
          { row: 4, reason: '“not_a_domain” is not a valid domain name.' },
          { row: 5, reason: 'The username “Hank” appears more than once (as “hank”: usernames are lowercase).' },
          { row: 6, reason: 'The username “9lives” is not valid: use lowercase letters, digits, “-”, “.” and “_”, and do not start with a digit, “-” or “.”.' },
        ],
      }),
    );
    expect(Object.keys(h.state.peek().profiles[HOST]!.accounts).sort()).toEqual(['hank', 'judy']);
    expect(h.state.peek().profiles[HOST]!.accounts.hank!.domain).toBe('hank.example.com');
  });

  it('reports CSV problems by the line a person sees, past comments and blank lines', () => {
    const parsed = parseAccountList('\n# exported 2024-01-01\nuser,domain\n\nkate,kate.example.com\nroot,r.example.com\n');
    expect(parsed.accounts).toEqual([{ user: 'kate', domain: 'kate.example.com', row: 5 }]);
    expect(parsed.problems).toEqual([{ row: 6, reason: 'The username “root” is reserved by the system.' }]);
  });

  it('refuses text that is not an account list, changing nothing', async () => {
    const h = makeEngine();
    for (const [text, reason] of [
      ['{"data":{"accounts":[]}}', 'The account list could not be read: This is not a listaccts dump: expected data.acct to be a list of accounts (whmapi1 --output=json listaccts).'],
      ['{"data":', 'The account list could not be read: '],
    ] as const) {
      const answer = await h.engine.accounts.import(text);
      expect(answer.metadata.result).toBe(0);
      expect(answer.metadata.reason.startsWith(reason)).toBe(true);
      expect('data' in answer).toBe(false);
    }
    expect(h.state.peek().profiles).toEqual({});
  });

  it('takes the columns a CSV header names, in any order and among others (domain,user; user,owner,domain)', () => {
    expect(parseAccountList('Domain,User\na.example,alice\n').accounts).toEqual([{ user: 'alice', domain: 'a.example', row: 2 }]);
    expect(parseAccountList('user,owner,domain\nbob,root,b.example\n').accounts).toEqual([{ user: 'bob', domain: 'b.example', row: 2 }]);
    // Without a header, user then domain, as ever.
    expect(parseAccountList('carol,c.example\n').accounts).toEqual([{ user: 'carol', domain: 'c.example', row: 1 }]);
  });

  it('words a damaged YAML dump in one line, with where it broke, not the parser’s picture of the lines', async () => {
    const h = makeEngine();
    const answer = await h.engine.accounts.import('data:\n  acct:\n   - user: "alice\n  x: [\n');
    expect(answer.metadata.reason).toBe('The account list could not be read: Missing closing "quote at line 5, column 1.');
  });

  it('does not turn a reseller operator into an account when its own name is in the dump', async () => {
    const h = makeEngine();
    await h.engine.servers.add('whm1.example.com', 'reseller1');
    const answer = await h.engine.accounts.import('reseller1,reseller1.example.com\nlucy,lucy.example.com\n');
    expect(answer.data).toMatchObject({ added: 1 });
    expect(Object.keys(h.state.peek().profiles['whm1.example.com']!.accounts)).toEqual(['lucy']);
    expect((answer.data as { problems: { row: number }[] }).problems.map((p) => p.row)).toEqual([1]);
    // Provisioning every account leaves the operator's own 2FA alone.
    const provisioned = await h.engine.provisioning.provision([], { withSecrets: true });
    expect((provisioned.data as { provisioned: { user: string }[] }).provisioned.map((p) => p.user)).toEqual(['lucy']);
    expect(h.state.peek().profiles['whm1.example.com']!.operatorTfa.state).toBe('none');
  });
});

describe('provisioning', () => {
  async function withAccounts(users: string[], sealer = new MemorySealer()) {
    const h = makeEngine({ sealer });
    for (const user of users) expect((await h.engine.accounts.add(user, `${user}.example.com`)).metadata.result).toBe('1');
    return h;
  }
  type Provisioned = { provisioned: { user: string; otpauth_str: string; secret: string }[]; skipped: { user: string; state: string }[]; failed: Record<string, string>; cancelled: 0 | 1 };

  it('gives every account a pending secret, sealing once per chunk, with progress', async () => {
    const h = await withAccounts(['ann', 'ben', 'cat', 'dan', 'eve']);
    const progress: [number, number][] = [];
    const answer = await h.engine.provisioning.provision([], { withSecrets: true, chunkSize: 2, onProgress: (done, total) => progress.push([done, total]) });
    expect(answer.metadata).toEqual({ command: 'provision', reason: 'OK', result: '1', version: 1 });
    const data = answer.data as Provisioned;
    expect(Object.keys(data)).toEqual(['provisioned', 'skipped', 'failed', 'cancelled']);
    expect(data.provisioned.map((p) => p.user)).toEqual(['ann', 'ben', 'cat', 'dan', 'eve']);
    for (const p of data.provisioned) {
      expect(p.secret).toMatch(/^[A-Z2-7]{16}$/);
      expect(p.otpauth_str).toBe(`otpauth://totp/${HOST}:${p.user}?secret=${p.secret}&issuer=${HOST}`);
    }
    expect(data).toMatchObject({ skipped: [], failed: {}, cancelled: 0 });
    expect(progress).toEqual([[0, 5], [2, 5], [4, 5], [5, 5]]);
    expect(h.sealer.sealCalls.map((c) => c.count)).toEqual([2, 2, 1]);
    expect(h.sealer.sealCalls[0]!.vault.keyCheck).toBeNull();
    const keyCheck = h.state.peek().profiles[HOST]!.vaultKeyCheck;
    expect(keyCheck).not.toBeNull();
    expect(h.sealer.sealCalls.slice(1).every((c) => c.vault.keyCheck === keyCheck)).toBe(true);
    const accounts = h.state.peek().profiles[HOST]!.accounts;
    expect(Object.values(accounts).map((a) => a.state)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
    for (const p of data.provisioned) expect(h.state.snapshot()).not.toContain(p.secret);
    // Pending is not enabled: WHM would still list them as 0.
    const configs = (await h.engine.whm.call('twofactorauth_get_user_configs', [])).data as Record<string, { is_enabled: number }>;
    expect(Object.values(configs).every((c) => c.is_enabled === 0)).toBe(true);
  });

  it('skips pending and enabled accounts unless replace, and reports unknown ones', async () => {
    const h = await withAccounts(['ann', 'ben']);
    await h.engine.whm.call('twofactorauth_set_tfa_config', params(`secret=${SECRET}`, `tfa_token=${codeAt(SECRET, FIXED_NOW_MS)}`, 'user=ben'));
    const first = (await h.engine.provisioning.provision(['ann', 'ben', 'ghost'], { withSecrets: true })).data as Provisioned;
    expect(first.provisioned.map((p) => p.user)).toEqual(['ann']);
    expect(first.skipped).toEqual([{ user: 'ben', state: 'enabled' }]);
    expect(first.failed).toEqual({ ghost: 'You do not have access to an account named “ghost”.' });

    const again = (await h.engine.provisioning.provision([], { withSecrets: true })).data as Provisioned;
    expect(again).toEqual({ provisioned: [], skipped: [{ user: 'ann', state: 'pending' }, { user: 'ben', state: 'enabled' }], failed: {}, cancelled: 0 });

    const replaced = (await h.engine.provisioning.provision([], { withSecrets: true, replace: true })).data as Provisioned;
    expect(replaced.provisioned.map((p) => p.user)).toEqual(['ann', 'ben']);
    expect(replaced.provisioned[0]!.secret).not.toBe(first.provisioned[0]!.secret);
    expect(h.state.peek().profiles[HOST]!.accounts.ben!.state).toBe('pending');
  });

  it('stops at a chunk boundary when cancelled: earlier chunks pending, later accounts untouched', async () => {
    const h = await withAccounts(['ann', 'ben', 'cat', 'dan', 'eve']);
    const controller = new AbortController();
    const progress: number[] = [];
    const answer = await h.engine.provisioning.provision([], { withSecrets: true,
      chunkSize: 2,
      signal: controller.signal,
      onProgress: (done) => {
        progress.push(done);
        if (done >= 2) controller.abort();
      },
    });
    expect(answer.metadata).toEqual({
      command: 'provision',
      reason: 'Provisioning was cancelled; the accounts already provisioned stay pending.',
      result: 0,
      version: 1,
    });
    const data = answer.data as Provisioned;
    expect(data.cancelled).toBe(1);
    expect(data.provisioned.map((p) => p.user)).toEqual(['ann', 'ben']);
    expect(progress).toEqual([0, 2]);
    expect(h.sealer.sealCalls).toHaveLength(1);
    const states = Object.fromEntries(Object.entries(h.state.peek().profiles[HOST]!.accounts).map(([u, a]) => [u, a.state]));
    expect(states).toEqual({ ann: 'pending', ben: 'pending', cat: 'none', dan: 'none', eve: 'none' });
    // A rerun resumes where it stopped.
    const rerun = (await h.engine.provisioning.provision([], { withSecrets: true, chunkSize: 2 })).data as Provisioned;
    expect(rerun.provisioned.map((p) => p.user)).toEqual(['cat', 'dan', 'eve']);
  });

  it('writes a large batch in at most 20 state writes by default, and in the chunks asked for otherwise', async () => {
    // Each write rewrites the whole state: 500 accounts a write would make provisioning a big profile quadratic.
    const h = makeEngine();
    const users = Array.from({ length: 10_500 }, (_, i) => `u${i}`);
    expect((await h.engine.accounts.import(users.map((u) => `${u},${u}.example.com`).join('\n'))).data).toMatchObject({ added: 10_500 });
    const progress: number[] = [];
    const updatesBefore = h.state.updates;
    const answer = await h.engine.provisioning.provision([], { onProgress: (done) => progress.push(done) });
    expect(answer.metadata.result).toBe('1');
    expect(h.state.updates - updatesBefore).toBe(20);
    expect(h.sealer.sealCalls.map((c) => c.count)).toEqual(Array.from({ length: 20 }, () => 525));
    expect(progress.slice(0, 3)).toEqual([0, 525, 1050]);
    expect(Object.values(h.state.peek().profiles[HOST]!.accounts).every((a) => a.state === 'pending')).toBe(true);

    // Up to 10,000 accounts the chunk stays 500, and a chunk the caller asks for is kept whatever the batch's size.
    const replaced = await h.engine.provisioning.provision(users.slice(0, 1_200), { replace: true });
    expect(replaced.metadata.result).toBe('1');
    expect(h.sealer.sealCalls.slice(20).map((c) => c.count)).toEqual([500, 500, 200]);
    await h.engine.provisioning.provision([], { replace: true, chunkSize: 5_000 });
    expect(h.sealer.sealCalls.slice(23).map((c) => c.count)).toEqual([5_000, 5_000, 500]);
  }, 60_000);

  it('changes nothing when the keychain fails', async () => {
    const h = await withAccounts(['ann'], new FailingSealer() as unknown as MemorySealer);
    const before = h.state.snapshot();
    const answer = await h.engine.provisioning.provision([], { withSecrets: true });
    expect(answer.metadata.result).toBe(0);
    expect(answer.metadata.reason).toContain('KEYCHAIN_UNAVAILABLE');
    // The kind travels apart from the words, for the CLI and the UI to act on.
    expect(answer.metadata.error_code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(h.state.snapshot()).toBe(before);
  });

  it('verify with a correct code enables the account; reveal shows the same secret until then', async () => {
    const h = await withAccounts(['ann']);
    const [provisioned] = ((await h.engine.provisioning.provision([], { withSecrets: true })).data as Provisioned).provisioned;
    expectExactly(
      await h.engine.provisioning.reveal('ann'),
      ok('reveal', { otpauth_str: provisioned!.otpauth_str, secret: provisioned!.secret }),
    );
    h.clock.advanceSeconds(45);
    const verified = await h.engine.provisioning.verify('ann', codeAt(provisioned!.secret, h.clock.now()));
    expectExactly(verified, ok('twofactorauth_set_tfa_config', { success: 1 }));
    expectExactly(
      await h.engine.whm.call('twofactorauth_get_user_configs', params('user=ann')),
      ok('twofactorauth_get_user_configs', { ann: { is_enabled: 1, primary_domain: 'ann.example.com' } }),
    );
    expect(((await h.engine.accounts.list()).data as { accounts: { user: string; state: string }[] }).accounts).toMatchObject([{ user: 'ann', state: 'enabled' }]);
    // Once enabled there is no pending secret to show or verify; the advice says so and how to start again.
    const hint =
      '“ann” is already enabled: its first code was verified, and its secret is no longer shown. ' +
      'To give it a new secret (its holder enrols again), re-provision it: tfa-provisioner provision ann --replace';
    expectExactly(await h.engine.provisioning.reveal('ann'), fail('reveal', hint));
    expectExactly(await h.engine.provisioning.verify('ann', '123456'), fail('twofactorauth_set_tfa_config', hint));
  });

  it('verify with a wrong code answers WHM’s invalid code and the account stays pending', async () => {
    const h = await withAccounts(['ann']);
    const [provisioned] = ((await h.engine.provisioning.provision([], { withSecrets: true })).data as Provisioned).provisioned;
    expectExactly(
      await h.engine.provisioning.verify('ann', wrongCodeAt(provisioned!.secret, FIXED_NOW_MS)),
      fail('twofactorauth_set_tfa_config', 'The security code is invalid.'),
    );
    expect(h.state.peek().profiles[HOST]!.accounts.ann!.state).toBe('pending');
    expect((await h.engine.provisioning.reveal('ann')).data).toEqual({ otpauth_str: provisioned!.otpauth_str, secret: provisioned!.secret });
    expectExactly(await h.engine.provisioning.verify('ghost', '123456'), fail('twofactorauth_set_tfa_config', 'You do not have access to an account named “ghost”.'));
  });

  it('reveal uses the issuer in force when it is asked', async () => {
    const h = await withAccounts(['ann']);
    const [provisioned] = ((await h.engine.provisioning.provision([], { withSecrets: true })).data as Provisioned).provisioned;
    await h.engine.whm.call('twofactorauth_set_issuer', params('issuer=New Name'));
    expect((await h.engine.provisioning.reveal('ann')).data).toEqual({
      otpauth_str: `otpauth://totp/New%20Name:ann?secret=${provisioned!.secret}&issuer=New%20Name`,
      secret: provisioned!.secret,
    });
  });

  it('reveal refuses when the vault key is gone, naming KEYCHAIN_KEY_MISSING', async () => {
    const h = await withAccounts(['ann']);
    await h.engine.provisioning.provision([]);
    h.sealer.keys.clear();
    const answer = await h.engine.provisioning.reveal('ann');
    expect(answer.metadata.result).toBe(0);
    expect(answer.metadata.reason).toContain('KEYCHAIN_KEY_MISSING');
    expect(answer.metadata.error_code).toBe('KEYCHAIN_KEY_MISSING');
    expect(h.sealer.keys.size).toBe(0);
  });
});
