// The state check's fast path for account records (issue 11) against the check as it was before it, which stays
// the describing path (checkStateDescribing runs it alone): on random states, mostly valid and each with a few damaged
// fields, names from cPanel's edge cases and values of every JSON type, both accept and refuse the same states with
// the same detail.
// States reach the checks as the file does (JSON text through JSON.parse) and as a mutator leaves them (with
// undefined, NaN or a function where a field should be). `npm test` runs a fixed seed; TFA_FUZZ_RUNS runs more.
// A field added to the state's records belongs in the arbitraries below, or the two paths are not compared on it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkState, checkStateDescribing, type StateCheck } from '../../main/store/state-validation.js';

const FUZZ_RUNS = Number(process.env.TFA_FUZZ_RUNS ?? 0);
const RUNS = FUZZ_RUNS > 0 ? FUZZ_RUNS : 500;
const SEED = process.env.TFA_FUZZ_SEED ? Number(process.env.TFA_FUZZ_SEED) : FUZZ_RUNS > 0 ? Date.now() % 2 ** 31 : 20261130;

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;

const USERNAMES = [
  'alice', 'bob', 'constructor', 'tostring', 'valueof', 'a-b', 'a.b', 'a_b', '_x', 'x1', 'sixteen-chars-ok', 'seventeen-chars-no',
  '__proto__', 'root', 'nobody', 'test1', 'testing', 'cpanelx', 'x.lock', 'mypassword', 'x.json', '1abc', '-abc', '.abc', '---',
  '007', 'Alice', 'ALICE', 'a b', '', 'é', 'a\u001bb', 'a\u0000', '\ud800', 'x'.repeat(300),
];
const HOSTNAMES = ['whm.example.com', 'a.example', 'localhost', 'box1', 'constructor', '__proto__', 'WHM.example.com', '-bad.example', 'a..b', '', 'a\u001b]0;x', 'x'.repeat(300)];
const STRINGS = ['', 'x', '2026-01-01T00:00:00.000Z', 'v1.nonce.body.tag', 'none', 'pending', 'enabled', 'root', 'a.example'];
const anyJson: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null), fc.boolean(), fc.constantFrom(0, 1, -1, 1.5, 2 ** 53, 1e308), fc.constantFrom(...STRINGS),
  fc.constant([]), fc.constant({}), fc.constant({ state: 'none' }),
);

/** A value that is usually right for its field, sometimes anything at all, sometimes missing. */
function mostly<T extends Json>(right: fc.Arbitrary<T>): fc.Arbitrary<Json | undefined> {
  return fc.oneof({ weight: 400, arbitrary: right }, { weight: 2, arbitrary: anyJson }, { weight: 1, arbitrary: fc.constant(undefined) });
}

const tfaRecord = fc
  .record({
    state: mostly(fc.constantFrom('none', 'pending', 'enabled')),
    sealedSecret: mostly(fc.oneof(fc.constant(null), fc.constantFrom('v1.a.b.c', 'sealed'))),
    lastAcceptedStep: mostly(fc.oneof(fc.constant(null), fc.nat())),
    updatedAt: mostly(fc.oneof(fc.constant(null), fc.constantFrom(...STRINGS))),
    rollout: fc.oneof(
      { weight: 30, arbitrary: fc.constant(undefined) },
      { weight: 30, arbitrary: fc.dictionary(fc.constantFrom('provisionedAt', 'sheetAt', 'verifiedAt', 'appliedAt', 'confirmedAt', 'other'), mostly(fc.constantFrom(...STRINGS)), { maxKeys: 4 }) },
      { weight: 1, arbitrary: anyJson },
    ),
  })
  // A record that is not none usually holds a sealed secret, so most generated states are valid.
  .map((r) => (r.state !== 'none' && r.sealedSecret === null ? { ...r, sealedSecret: 'v1.a.b.c' } : r));
const account = fc.oneof(
  { weight: 400, arbitrary: fc.tuple(tfaRecord, mostly(fc.constantFrom('a.example', 'b.example.com'))).map(([r, domain]) => ({ ...r, domain })) },
  { weight: 1, arbitrary: anyJson },
);
const username = fc.oneof({ weight: 200, arbitrary: fc.constantFrom(...USERNAMES.slice(0, 11)) }, { weight: 3, arbitrary: fc.constantFrom(...USERNAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
const hostname = fc.oneof({ weight: 60, arbitrary: fc.constantFrom(...HOSTNAMES.slice(0, 5)) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTNAMES) });
const accounts = fc.oneof({ weight: 100, arbitrary: fc.array(fc.tuple(username, account), { maxLength: 12 }) }, { weight: 1, arbitrary: anyJson });
const profile = fc.record({
  hostnameMatches: fc.oneof({ weight: 100, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  operator: fc.oneof({ weight: 60, arbitrary: fc.constantFrom('root', 'reseller1', 'alice') }, { weight: 1, arbitrary: mostly(fc.constantFrom('nobody', 'Root', '__proto__')) }),
  issuer: mostly(fc.oneof(fc.constant(null), fc.constantFrom(...STRINGS))),
  systemWideIssuer: fc.oneof(fc.constant(undefined), mostly(fc.oneof(fc.constant(null), fc.constantFrom(...STRINGS)))),
  policyEnabled: mostly(fc.constantFrom(0, 1)),
  vaultKeyCheck: mostly(fc.oneof(fc.constant(null), fc.constant('check'))),
  operatorTfa: fc.oneof({ weight: 100, arbitrary: tfaRecord }, { weight: 1, arbitrary: anyJson }),
  pendingExpiryDays: fc.oneof(fc.constant(undefined), mostly(fc.oneof(fc.constant(null), fc.integer({ min: -1, max: 400 })))),
  firstCodeContact: fc.oneof(fc.constant(undefined), mostly(fc.oneof(fc.constant(null), fc.constantFrom(...STRINGS)))),
  accounts,
});
const stateArb = fc.record({
  format: mostly(fc.constant('tfa-provisioner-state')),
  version: fc.oneof({ weight: 40, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: mostly(fc.constant(2)) }),
  profiles: fc.oneof({ weight: 100, arbitrary: fc.array(fc.tuple(hostname, profile), { maxLength: 3 }) }, { weight: 1, arbitrary: anyJson }),
  activeIndex: fc.oneof({ weight: 10, arbitrary: fc.oneof(fc.constant(null), fc.nat({ max: 3 })) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTNAMES) }),
});

/** JSON text of the state; name-keyed records are written key by key, so `__proto__` is an ordinary key. */
function stateText(s: Generated<typeof stateArb>): string {
  const obj = (entries: [string, string][]) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
  const field = (entries: [string, string][], key: string, value: unknown) => {
    if (value !== undefined) entries.push([key, JSON.stringify(value)]);
  };
  const top: [string, string][] = [];
  field(top, 'format', s.format);
  field(top, 'version', s.version);
  // The arbitraries put an array here only for a list of [name, profile] pairs; anything else is written as is.
  const list = Array.isArray(s.profiles) ? (s.profiles as [string, Generated<typeof profile>][]) : null;
  const names = list ? list.map(([h]) => h) : [];
  const active = typeof s.activeIndex === 'number' ? (names[s.activeIndex] ?? null) : s.activeIndex;
  field(top, 'activeProfile', active);
  if (!list) {
    field(top, 'profiles', s.profiles);
  } else {
    const profiles = list.map(([host, p]): [string, string] => {
      const fields: [string, string][] = [];
      field(fields, 'hostname', p.hostnameMatches ? host : `${host}x`);
      for (const key of ['operator', 'issuer', 'systemWideIssuer', 'policyEnabled', 'vaultKeyCheck', 'operatorTfa', 'pendingExpiryDays', 'firstCodeContact'] as const) field(fields, key, p[key]);
      if (Array.isArray(p.accounts)) {
        fields.push(['accounts', obj((p.accounts as [string, Json][]).map(([user, record]) => [user, JSON.stringify(record)]))]);
      } else field(fields, 'accounts', p.accounts);
      return [host, obj(fields)];
    });
    top.push(['profiles', obj(profiles)]);
  }
  return obj(top);
}

type Verdict = { ok: true } | Exclude<StateCheck, { ok: true }>;

function verdict(check: StateCheck): Verdict {
  return check.ok ? { ok: true } : check;
}

describe('the state check with its fast path for account records', () => {
  it('accepts and refuses exactly what the check before it did, with the same detail', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(stateArb, (generated) => {
        const text = stateText(generated);
        const expected = verdict(checkStateDescribing(JSON.parse(text)));
        const actual = checkState(JSON.parse(text));
        expect(verdict(actual)).toEqual(expected);
        if (actual.ok) {
          accepted += 1;
          // Adopted in place: the same keys, now in null-prototype records.
          expect(Object.getPrototypeOf(actual.state.profiles)).toBeNull();
          for (const p of Object.values(actual.state.profiles)) expect(Object.getPrototypeOf(p.accounts)).toBeNull();
          expect(JSON.stringify(actual.state)).toBe(JSON.stringify(JSON.parse(text)));
        } else refused += 1;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Both sides of the comparison were exercised, not only one.
    expect(accepted).toBeGreaterThan(RUNS / 10);
    expect(refused).toBeGreaterThan(RUNS / 10);
  });

  it('refuses what a mutator may leave that JSON cannot hold, as the check before it did', () => {
    const base = () =>
      JSON.parse(
        stateText({
          format: 'tfa-provisioner-state',
          version: 1,
          activeIndex: 0,
          profiles: [['a.example', { hostnameMatches: true, operator: 'root', issuer: null, policyEnabled: 0, vaultKeyCheck: null, operatorTfa: { state: 'none', sealedSecret: null, lastAcceptedStep: null, updatedAt: null, rollout: undefined }, systemWideIssuer: undefined, pendingExpiryDays: undefined, firstCodeContact: undefined, accounts: [['bob', { state: 'pending', sealedSecret: 's', lastAcceptedStep: 3, updatedAt: null, domain: 'b.example' }]] }]],
        }),
      ) as { profiles: Record<string, { accounts: Record<string, Record<string, unknown>> }> };
    const bob = (s: ReturnType<typeof base>) => s.profiles['a.example']!.accounts.bob!;
    const odd: unknown[] = [undefined, NaN, Infinity, -0, 3.5, () => 'x', Symbol('s'), 10n, new Date(0), ['pending']];
    let refused = 0;
    for (const field of ['state', 'sealedSecret', 'lastAcceptedStep', 'updatedAt', 'domain', 'rollout']) {
      for (const value of odd) {
        const [a, b] = [base(), base()];
        bob(a)[field] = value;
        bob(b)[field] = value;
        const expected = verdict(checkStateDescribing(a));
        expect(verdict(checkState(b)), `${field} = ${String(value)}`).toEqual(expected);
        if (!expected.ok) refused += 1;
      }
    }
    expect(refused).toBeGreaterThan(50);
  });
});
