// Rollout tracking through the engine: stages from provisioning to confirmation, the pending-expiry limit with a
// fixed clock, delivery marks, and reconciling with a "server" that is this app's own engine on a second state.
import { describe, expect, it } from 'vitest';
import type { ReconcileData, RolloutStatusData } from '../../main/common/rollout-stages.js';
import { renderEnvelope } from '../../main/engine/envelope-format.js';
import type { ProvisionedAccount } from '../../main/engine/provisioning-commands.js';
import { checkState } from '../../main/store/state-validation.js';
import { FIXED_NOW_MS, makeEngine, params } from './fakes.js';
import { codeAt, expectExactly, fail, HOST } from './helpers.js';

const DAY = 86_400_000;
type Harness = ReturnType<typeof makeEngine>;

async function status(h: Harness, rows?: 'all' | 'expired'): Promise<RolloutStatusData> {
  return (await h.engine.rollout.status(rows ? { rows } : {})).data as RolloutStatusData;
}

async function provisioned(h: Harness, users: string[], replace = false): Promise<Map<string, string>> {
  const answer = await h.engine.provisioning.provision(users, { replace, withSecrets: true });
  return new Map(((answer.data as { provisioned: ProvisionedAccount[] }).provisioned).map((p) => [p.user, p.secret]));
}

/** The "server": a second engine whose own twofactorauth_get_user_configs answer is the file brought back. */
async function serverAnswer(enabled: string[], disabled: string[], format: 'json' | 'yaml' | 'xml' = 'json', hostname = HOST): Promise<string> {
  const server = makeEngine({ machineHostname: hostname });
  const csv = ['user,domain', ...[...enabled, ...disabled].map((u) => `${u},${u}.example.com`)].join('\n');
  await server.engine.accounts.import(csv);
  for (const user of enabled) {
    const [secret] = (await provisioned(server, [user])).values();
    await server.engine.provisioning.verify(user, codeAt(secret!, FIXED_NOW_MS));
  }
  return renderEnvelope(await server.engine.whm.call('twofactorauth_get_user_configs', []), format);
}

describe('rollout tracking', () => {
  it('follows accounts from provisioned to confirmed, audited at each step, with no secret or code in the trail', async () => {
    const h = makeEngine();
    await h.engine.accounts.import('user,domain\nann,ann.example.com\nben,ben.example.com\ncat,cat.example.com\n');
    expect((await status(h)).counts).toEqual({ none: 3, provisioned: 0, printed: 0, expired: 0, verified: 0, applied: 0, confirmed: 0 });

    const secrets = await provisioned(h, []);
    expect((await status(h)).counts).toMatchObject({ none: 0, provisioned: 3 });
    expect(await h.engine.rollout.usersAt('provisioned')).toEqual(['ann', 'ben', 'cat']);

    expect((await h.engine.rollout.recordDelivery('sheets', ['ann', 'ben', 'ghost'])).data).toEqual({ hostname: HOST, marked: 2 });
    expect((await status(h)).counts).toMatchObject({ provisioned: 1, printed: 2 });

    h.clock.advanceSeconds(60);
    const code = codeAt(secrets.get('ann')!, h.clock.now());
    expect((await h.engine.provisioning.verify('ann', code)).metadata.result).toBe('1');
    await h.engine.provisioning.verify('ben', codeAt(secrets.get('ben')!, h.clock.now()));
    expect((await status(h)).counts).toMatchObject({ provisioned: 1, printed: 0, verified: 2 });

    // An apply body marks only enabled accounts.
    expect((await h.engine.rollout.recordDelivery('apply-body', ['ann', 'cat'])).data).toEqual({ hostname: HOST, marked: 1 });
    expect((await status(h, 'all')).rows).toEqual([
      { user: 'ann', domain: 'ann.example.com', stage: 'applied', since: new Date(FIXED_NOW_MS + 60_000).toISOString() },
      { user: 'ben', domain: 'ben.example.com', stage: 'verified', since: new Date(FIXED_NOW_MS + 60_000).toISOString() },
      { user: 'cat', domain: 'cat.example.com', stage: 'provisioned', since: new Date(FIXED_NOW_MS).toISOString() },
    ]);

    const reconciled = await h.engine.rollout.reconcile(await serverAnswer(['ann'], ['ben', 'cat']));
    expect((reconciled.data as ReconcileData).newly_confirmed).toEqual(['ann']);
    expect((await status(h)).counts).toEqual({ none: 0, provisioned: 1, printed: 0, expired: 0, verified: 1, applied: 0, confirmed: 1 });

    const trail = h.audit.entries.map((e) => `${e.function} ${e.user ?? '-'} ${e.result}`);
    expect(trail).toEqual(expect.arrayContaining([
      'provision ann 1', 'rollout_sheet_printed ann 1', 'rollout_sheet_printed ben 1', 'twofactorauth_set_tfa_config ann 1',
      'rollout_applied ann 1', 'accounts_reconcile - 1', 'rollout_confirmed ann 1',
    ]));
    expect(trail.filter((t) => t.startsWith('rollout_sheet_printed'))).toHaveLength(2);
    const everything = JSON.stringify(h.audit.entries);
    for (const secret of secrets.values()) expect(everything).not.toContain(secret);
    expect(everything).not.toContain(code);
  });

  it('expires pending secrets past the profile’s limit, and re-provisioning starts their rollout afresh', async () => {
    const h = makeEngine();
    await h.engine.accounts.import('user,domain\nann,ann.example.com\nben,ben.example.com\n');
    await provisioned(h, ['ann']);
    await h.engine.rollout.recordDelivery('sheets', ['ann']);
    h.clock.set(FIXED_NOW_MS + 10 * DAY);
    await provisioned(h, ['ben']);
    h.clock.set(FIXED_NOW_MS + 15 * DAY);
    // No limit yet: nothing expires.
    expect((await status(h)).counts).toMatchObject({ printed: 1, provisioned: 1, expired: 0 });

    expectExactly(await h.engine.rollout.setPendingExpiry(14), { data: { hostname: HOST, pending_expiry_days: 14 }, metadata: { command: 'servers_set', reason: 'OK', result: '1', version: 1 } });
    expect(await status(h, 'expired')).toMatchObject({ pending_expiry_days: 14, counts: { expired: 1, provisioned: 1 } });
    expect((await status(h, 'expired')).rows).toEqual([{ user: 'ann', domain: 'ann.example.com', stage: 'expired', since: new Date(FIXED_NOW_MS).toISOString() }]);
    expect(await h.engine.rollout.usersAt('expired')).toEqual(['ann']);

    expectExactly(await h.engine.rollout.setPendingExpiry(0), fail('servers_set', 'The pending-expiry limit must be a whole number of days from 1 to 365, or off.'));

    await provisioned(h, await h.engine.rollout.usersAt('expired'), true);
    expect((await status(h, 'all')).rows?.map((r) => `${r.user}:${r.stage}`)).toEqual(['ann:provisioned', 'ben:provisioned']);
    expect(h.state.peek().profiles[HOST]!.accounts.ann!.rollout).toEqual({ provisionedAt: new Date(FIXED_NOW_MS + 15 * DAY).toISOString() });

    await h.engine.rollout.setPendingExpiry(null);
    expect((await status(h)).pending_expiry_days).toBeNull();
  });

  it('reconcile reports every kind of mismatch and confirms only accounts enabled here and there', async () => {
    const h = makeEngine();
    // here: ann applied+enabled on server (confirmed); ben applied, server says 0; cat pending, server enabled;
    // dan unknown here, enabled there; eve here, gone from the server; fay verified (not applied), server says 0.
    await h.engine.accounts.import('user,domain\nann,a.example.com\nben,b.example.com\ncat,c.example.com\neve,e.example.com\nfay,f.example.com\n');
    const secrets = await provisioned(h, []);
    for (const user of ['ann', 'ben', 'fay']) await h.engine.provisioning.verify(user, codeAt(secrets.get(user)!, FIXED_NOW_MS));
    await h.engine.rollout.recordDelivery('apply-body', ['ann', 'ben']);
    const file = await serverAnswer(['ann', 'cat', 'dan'], ['ben', 'fay']);
    const before = h.state.snapshot();

    const answer = await h.engine.rollout.reconcile(file);
    expectExactly(answer.data, {
      server: HOST,
      source: { format: 'json', users: 6 },
      confirmed: ['ann'],
      newly_confirmed: ['ann'],
      applied_not_enabled: ['ben'],
      enabled_on_server_only: [
        { user: 'cat', here: 'pending' },
        { user: 'dan', here: 'unknown' },
      ],
      missing_on_server: ['eve'],
    });
    // Only ann changed.
    const after = h.state.peek().profiles[HOST]!;
    expect(after.accounts.ann!.rollout?.confirmedAt).toBe(new Date(FIXED_NOW_MS).toISOString());
    const strip = (text: string) => text.replace(/,"confirmedAt":"[^"]+"/, '');
    expect(strip(h.state.snapshot())).toBe(before);

    // Again, in YAML and XML: the same report, nothing newly confirmed.
    for (const format of ['yaml', 'xml'] as const) {
      const again = (await h.engine.rollout.reconcile(await serverAnswer(['ann', 'cat', 'dan'], ['ben', 'fay'], format))).data as ReconcileData;
      expect(again).toMatchObject({ source: { format }, confirmed: ['ann'], newly_confirmed: [], applied_not_enabled: ['ben'], missing_on_server: ['eve'] });
    }
  });

  it('refuses a file from another server, of another function, or damaged, and changes nothing', async () => {
    const h = makeEngine();
    await h.engine.accounts.import('user,domain\nann,a.example.com\n');
    const before = h.state.snapshot();
    expectExactly(
      await h.engine.rollout.reconcile(await serverAnswer(['ann'], [], 'json', 'other.example.net')),
      fail(
        'accounts_reconcile',
        "The file comes from another server: its root entry's primary_domain (which WHM sets to the server's hostname) is “other.example.net”, " +
          `and this profile is “${HOST}”. Reconcile it with --server=other.example.net, or bring back the answer of ${HOST}. Nothing was changed.`,
      ),
    );
    const issuer = renderEnvelope(await makeEngine().engine.whm.call('twofactorauth_get_issuer', []), 'yaml');
    expect((await h.engine.rollout.reconcile(issuer)).metadata.reason).toMatch(/^The file is the answer of twofactorauth_get_issuer, not of twofactorauth_get_user_configs/);
    expect((await h.engine.rollout.reconcile('{"data":')).metadata.reason).toMatch(/^The file is not a readable twofactorauth_get_user_configs answer: it is not valid JSON/);
    const oneUser = renderEnvelope(await makeEngine().engine.whm.call('twofactorauth_get_user_configs', params('user=root')), 'json');
    expect((await h.engine.rollout.reconcile(oneUser.replace('"root"', '"ann"'))).metadata.reason).toMatch(/^The file has no root entry, so it is not root's full/);
    expect(h.state.snapshot()).toBe(before);
  });

  it('takes a reseller’s answer (no root entry) with a warning that says the server could not be checked', async () => {
    const h = makeEngine();
    await h.engine.servers.add('whm9.example.com', 'reseller1');
    await h.engine.accounts.import('user,domain\nann,a.example.com\n');
    const file = JSON.stringify({
      data: { ann: { is_enabled: 0, primary_domain: 'a.example.com' }, reseller1: { is_enabled: 0, primary_domain: 'r.example.com' } },
      metadata: { command: 'twofactorauth_get_user_configs', reason: 'OK', result: 1, version: 1 },
    });
    const answer = await h.engine.rollout.reconcile(file);
    expect(answer.metadata).toEqual({
      command: 'accounts_reconcile',
      output: { warnings: ["The file has no root entry, so it could not be checked to come from whm9.example.com (a reseller's answer lists only its own accounts)."] },
      reason: 'OK',
      result: '1',
      version: 1,
    });
    expect(answer.data).toMatchObject({ confirmed: [], missing_on_server: [], enabled_on_server_only: [] });
  });

  it('reads a state file written before rollout tracking, and refuses damaged rollout fields', () => {
    const old = {
      format: 'tfa-provisioner-state',
      version: 1,
      activeProfile: HOST,
      profiles: {
        [HOST]: {
          hostname: HOST, operator: 'root', issuer: null, policyEnabled: 0, vaultKeyCheck: 'k',
          operatorTfa: { state: 'none', sealedSecret: null, lastAcceptedStep: null, updatedAt: null },
          accounts: { ann: { state: 'pending', sealedSecret: 's', lastAcceptedStep: null, updatedAt: '2026-01-01T00:00:00.000Z', domain: 'a.example.com' } },
        },
      },
    };
    expect(checkState(old).ok).toBe(true);
    type Loose = { profiles: Record<string, { pendingExpiryDays?: unknown; accounts: Record<string, { rollout?: unknown }> }> };
    const withMarks = structuredClone(old) as unknown as Loose;
    withMarks.profiles[HOST]!.pendingExpiryDays = 14;
    withMarks.profiles[HOST]!.accounts.ann!.rollout = { provisionedAt: '2026-01-01T00:00:00.000Z', sheetAt: '2026-01-02T00:00:00.000Z' };
    expect(checkState(withMarks).ok).toBe(true);
    withMarks.profiles[HOST]!.pendingExpiryDays = 0;
    expect(checkState(withMarks)).toMatchObject({ ok: false, detail: expect.stringContaining('pendingExpiryDays should be null or a whole number of days from 1 to 365') });
    withMarks.profiles[HOST]!.pendingExpiryDays = null;
    withMarks.profiles[HOST]!.accounts.ann!.rollout = { sheetAt: 5 };
    expect(checkState(withMarks)).toMatchObject({ ok: false, detail: expect.stringContaining('.rollout.sheetAt should be a string') });
  });
});
