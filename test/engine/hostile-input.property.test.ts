// Property-based: random names and values (empty, 100 KB, unicode, NUL and controls, lone surrogates, `=`, quotes,
// YAML and XML specials, Object.prototype's names) through the nine WHM functions and the app's commands. Every
// answer must come back (no exception escapes), render in all four formats to text that standard parsers read back
// to the same data (XML modulo its documented losses), never show a secret or a code in a reason or the audit
// trail, and leave Object.prototype alone. `npm test` runs a fixed seed; `npm run fuzz` runs 100,000 cases.
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { nameMap } from '../../main/common/name-map.js';
import { OUTPUT_FORMATS, renderEnvelope, xmlElementName } from '../../main/engine/envelope-format.js';
import type { Envelope } from '../../main/engine/envelope.js';
import { adoptNameMaps, type TfaState } from '../../main/engine/state.js';
import { TfaEngine } from '../../main/engine/tfa-engine.js';
import { FakeClock, FIXED_NOW_MS, makeEngine, MemoryAuditTrail, MemorySealer, MemoryStateRepository, SeededRandom } from './fakes.js';
import { codeAt } from './helpers.js';
import { WHM_FUNCTIONS } from '../../main/common/whm-function-specs.js';

const FUZZ_RUNS = Number(process.env.TFA_FUZZ_RUNS ?? 0);
const RUNS = FUZZ_RUNS > 0 ? FUZZ_RUNS : 200;
const SEED = process.env.TFA_FUZZ_SEED ? Number(process.env.TFA_FUZZ_SEED) : FUZZ_RUNS > 0 ? Date.now() % 2 ** 31 : 20261130;

const NINE = Object.keys(WHM_FUNCTIONS);

const SPECIAL = [
  '', 'alice', 'bob', 'carol', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'root', 'whm.example.test',
  '=', 'a=b', '"', "'", '`', '<x>', '&amp;', ']]>', '<!--', '- x', ': y', '? z', '#c', '---', '...', '*a', '&b', '!tag', '|', '>',
  'yes', 'no', 'on', 'off', 'true', 'null', '~', '007', '1.0', '1e3', '0x1F', '.inf', '\u0000', '\u0004', '\u001b[31mred\u001b[0m',
  '\ud800', 'x\udc00', '\u2028', '\u202e', '\ufffe', '\uffff', 'ü', 'é', '😀', ' lead', 'trail ', 'a\nb', 'a\r\nb', '\t', 'a,b', 'a;b',
  'JBSWY3DPEHPK3PXP', '123456', 'user', 'secret', 'tfa_token', 'issuer', 'user-1', 'api.version', 'api.filter.a',
];
const SECRET_TOKEN = '\u0001secret-of-alice';
const CODE_TOKEN = '\u0001code-of-alice';

const char = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x1f }) },
  { weight: 2, arbitrary: fc.integer({ min: 0x7f, max: 0xffff }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }) },
).map((code) => String.fromCharCode(code));
const name = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 30, arbitrary: fc.string({ unit: char, maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(100_000), '\u0000'.repeat(100_000), `${'é😀'.repeat(25_000)}`) },
);
// A real secret or code goes only where one belongs (secret=, tfa_token=, verify's code): a secret typed as a
// username is a name, and the trail rightly records the name asked for.
const secretValue = fc.oneof({ weight: 3, arbitrary: name }, { weight: 1, arbitrary: fc.constant(SECRET_TOKEN) });
const codeValue = fc.oneof({ weight: 3, arbitrary: name }, { weight: 1, arbitrary: fc.constant(CODE_TOKEN) });
const pair = fc.oneof(
  fc.tuple(fc.constant('secret'), secretValue),
  fc.tuple(fc.constant('tfa_token'), codeValue),
  fc.tuple(fc.oneof(fc.constantFrom('user', 'issuer', 'user-1', 'user-2'), name), name),
);
const server = fc.option(fc.oneof(name, fc.constantFrom('whm.example.test', 'other.example.com')), { nil: undefined });
const users = fc.array(name, { maxLength: 4 });

const op = fc.oneof(
  fc.record({ kind: fc.constant('whm' as const), fn: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...NINE) }, { weight: 1, arbitrary: name }), pairs: fc.array(pair, { maxLength: 4 }), server }),
  fc.record({ kind: fc.constant('accountsAdd' as const), user: name, domain: name, server }),
  fc.record({ kind: fc.constant('accountsImport' as const), rows: fc.array(fc.tuple(name, name), { maxLength: 5 }), shape: fc.constantFrom('csv', 'json', 'yaml', 'raw'), server }),
  fc.record({ kind: fc.constant('accountsRemove' as const), users, server }),
  fc.record({ kind: fc.constant('serversAdd' as const), host: name, operator: fc.option(name, { nil: undefined }) }),
  fc.record({ kind: fc.constant('serversUse' as const), host: name }),
  fc.record({ kind: fc.constant('serversRemove' as const), host: name, force: fc.boolean() }),
  fc.record({ kind: fc.constant('provision' as const), users, withSecrets: fc.boolean(), replace: fc.boolean(), server }),
  fc.record({ kind: fc.constant('verify' as const), user: name, token: codeValue, server }),
  fc.record({ kind: fc.constant('reveal' as const), user: name, server }),
  fc.record({ kind: fc.constant('export' as const), which: fc.constantFrom('generateAnswers', 'uris', 'accountsCsv', 'applyBody'), users, server }),
  fc.record({ kind: fc.constant('read' as const), which: fc.constantFrom('accounts', 'servers', 'rollout', 'audit'), server }),
  // The server's answer comes back as a file from elsewhere: as untrusted as an import.
  fc.record({
    kind: fc.constant('reconcile' as const),
    entries: fc.array(fc.tuple(name, fc.oneof(fc.constantFrom(0, 1, '1', '0'), name), name), { maxLength: 4 }),
    command: fc.oneof({ weight: 4, arbitrary: fc.constant('twofactorauth_get_user_configs') }, { weight: 1, arbitrary: name }),
    shape: fc.constantFrom('json', 'yaml', 'xml', 'raw'),
    server,
  }),
  fc.record({ kind: fc.constant('serversSet' as const), setting: fc.constantFrom('firstCodeContact', 'systemWideIssuer'), value: name, host: server }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** The starting point of every case: alice pending, bob enabled, constructor known, on the machine's profile. */
const sealer = new MemorySealer();
const start = await (async () => {
  const h = makeEngine({ sealer });
  await h.engine.accounts.import('alice,alice.example\nbob,bob.example\nconstructor,c.example\n');
  const made = await h.engine.provisioning.provision(['alice', 'bob'], { withSecrets: true });
  const secrets = Object.fromEntries(made.data!.provisioned.map((p) => [p.user, p.secret]));
  await h.engine.provisioning.verify('bob', codeAt(secrets.bob!, FIXED_NOW_MS));
  return { json: h.state.snapshot(), secrets };
})();

function freshEngine() {
  const state = new MemoryStateRepository(adoptNameMaps(JSON.parse(start.json) as TfaState));
  const audit = new MemoryAuditTrail();
  const random = new SeededRandom('property');
  const engine = new TfaEngine({ clock: new FakeClock(), random, state, sealer, audit, machineHostname: 'whm.example.test' });
  return { engine, audit };
}

function resolve(text: string): string {
  if (text === SECRET_TOKEN) return start.secrets.alice!;
  if (text === CODE_TOKEN) return codeAt(start.secrets.alice!, FIXED_NOW_MS);
  return text;
}

function importText(rows: [string, string][], shape: string): string {
  if (shape === 'json') return JSON.stringify({ data: { acct: rows.map(([user, domain]) => ({ user, domain })) } });
  if (shape === 'yaml') return `---\ndata:\n  acct:\n${rows.map(([u, d]) => `    - user: ${JSON.stringify(u)}\n      domain: ${JSON.stringify(d)}`).join('\n')}\n`;
  if (shape === 'raw') return rows.map(([u, d]) => u + d).join('');
  return rows.map(([u, d]) => `${u},${d}`).join('\n');
}

/** A twofactorauth_get_user_configs answer as whmapi1 would print it, built from random names and values. */
function answerText(entries: [string, unknown, string][], command: string, shape: string): string {
  const data = Object.fromEntries([['root', { is_enabled: 0, primary_domain: 'whm.example.test' }], ...entries.map(([user, enabled, domain]) => [user, { is_enabled: enabled, primary_domain: domain }])]);
  const metadata = { command, reason: 'OK', result: '1', version: 1 };
  if (shape === 'json') return JSON.stringify({ data, metadata });
  const rows = Object.entries(data) as [string, { is_enabled: unknown; primary_domain: string }][];
  if (shape === 'yaml') {
    const users = rows.map(([u, e]) => `  ${JSON.stringify(u)}:\n    is_enabled: ${JSON.stringify(e.is_enabled)}\n    primary_domain: ${JSON.stringify(e.primary_domain)}`);
    return `--- \ndata: \n${users.join('\n')}\nmetadata: \n  command: ${JSON.stringify(command)}\n  reason: OK\n  result: 1\n  version: 1\n`;
  }
  const users = rows.map(([u, e]) => `<${u}><is_enabled>${String(e.is_enabled)}</is_enabled><primary_domain>${e.primary_domain}</primary_domain></${u}>`);
  const xml = `<result><data>${users.join('')}</data><metadata><command>${command}</command><reason>OK</reason><result>1</result><version>1</version></metadata></result>`;
  return shape === 'xml' ? xml : rows.map(([u]) => u).join('');
}

function run(engine: TfaEngine, o: Op): Promise<Envelope> {
  switch (o.kind) {
    case 'whm':
      return engine.whm.call(o.fn, o.pairs.map(([k, v]) => [k, resolve(v)] as [string, string]), o.server);
    case 'accountsAdd':
      return engine.accounts.add(o.user, o.domain, o.server);
    case 'accountsImport':
      return engine.accounts.import(importText(o.rows, o.shape), o.server);
    case 'accountsRemove':
      return engine.accounts.remove(o.users, o.server);
    case 'serversAdd':
      return engine.servers.add(o.host, o.operator);
    case 'serversUse':
      return engine.servers.use(o.host);
    case 'serversRemove':
      return engine.servers.remove(o.host, { force: o.force });
    case 'provision':
      return engine.provisioning.provision(o.users, { withSecrets: o.withSecrets, replace: o.replace, server: o.server });
    case 'verify':
      return engine.provisioning.verify(o.user, resolve(o.token), o.server);
    case 'reveal':
      return engine.provisioning.reveal(o.user, o.server);
    case 'export':
      return o.which === 'accountsCsv'
        ? engine.exports.accountsCsv({ users: o.users, server: o.server })
        : engine.exports[o.which]({ users: o.users, server: o.server });
    case 'read':
      return o.which === 'accounts'
        ? engine.accounts.list(o.server)
        : o.which === 'servers'
          ? engine.servers.list()
          : o.which === 'rollout'
            ? engine.rollout.status({ server: o.server, rows: 'all' })
            : engine.auditTrail();
    case 'reconcile':
      return engine.rollout.reconcile(answerText(o.entries, o.command, o.shape), o.server);
    case 'serversSet':
      return engine.servers.set(o.host, { [o.setting]: o.value });
  }
}

/** What XML can carry: every scalar as text, an empty map as empty text, no empty list at all, element names escaped. */
function xmlView(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const items = value.map(xmlView);
    return items.length === 0 ? '' : items.length === 1 ? items[0] : items;
  }
  if (typeof value === 'object') {
    // An empty list has no element to write: the key is gone.
    const entries = Object.entries(value as object).filter(([, v]) => !(Array.isArray(v) && v.length === 0));
    // XML::Simple writes an empty key's scalar as the element's own text, and skips keys starting with “-”.
    const kept = entries.filter(([k]) => !k.startsWith('-'));
    if (kept.length === 0) return '';
    const view = Object.fromEntries(kept.map(([k, v]) => (k === '' && (v === null || typeof v !== 'object') ? ['#text', xmlView(v)] : [xmlElementName(k), xmlView(v)])));
    return Object.keys(view).length === 1 && '#text' in view ? view['#text'] : view;
  }
  // Text is compared without the line breaks and indentation around it; what XML 1.0 cannot carry (C0 controls
  // but tab, line feed and carriage return; U+FFFE, U+FFFF; a surrogate without its pair) is written as U+FFFD.
  return String(value)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .trim();
}

/** A parser gives a repeated element as a list, a single one as itself, an empty one as ''. */
function parsedXmlView(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 1 ? parsedXmlView(value[0]) : value.map(parsedXmlView);
  if (value !== null && typeof value === 'object') {
    // The indentation between elements is not data (the parser keeps it as whitespace-only #text).
    const entries = Object.entries(value as object).filter(([k, v]) => !(k === '#text' && typeof v === 'string' && v.trim() === ''));
    return Object.fromEntries(entries.map(([k, v]) => [k, k === '#text' && typeof v === 'string' ? v.trim() : parsedXmlView(v)]));
  }
  return value === undefined || value === null ? '' : String(value).trim();
}

/** whmapi1's YAML (YAML::Syck) writes non-ASCII bytes as \xHH escapes, which a YAML reader gives back as Latin-1. */
function yamlStrings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(yamlStrings);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [yamlStrings(k), yamlStrings(v)]));
  if (value === null) return '~';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // YAML is UTF-8: a surrogate without its pair is written as U+FFFD, as any UTF-8 encoder does.
  if (typeof value === 'string' && /[\ud800-\udfff]/.test(value)) value = value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  if (typeof value === 'string' && /[\u0080-\u00ff]/.test(value) && !/[^\u0000-\u00ff]/.test(value)) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'latin1'));
    } catch {
      return value;
    }
  }
  return value;
}

// fast-xml-parser renames elements named like Object.prototype's members and refuses `constructor`, `__proto__` and
// `prototype` outright, though they are well-formed XML (and `constructor` is a valid cPanel username): keep the
// former as they are, and read the latter under a name no element of ours can have (`:` is always escaped).
const CRITICAL = /<(\/?)(constructor|__proto__|prototype)>/g;
const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  ignoreDeclaration: true,
  onDangerousProperty: (name: string) => name,
});

function parseXml(text: string): unknown {
  const parsed = xmlParser.parse(text.replace(CRITICAL, '<$1critical:$2>')) as { result: unknown };
  const restore = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(restore);
    if (value === null || typeof value !== 'object') return value;
    return nameMap(Object.entries(value as object).map(([k, v]) => [k.replace(/^critical:/, ''), restore(v)] as [string, unknown]));
  };
  return restore(parsed.result);
}

function reasonsOf(envelope: Envelope): string[] {
  return [envelope.metadata.reason, ...(envelope.metadata.output?.warnings ?? []), ...(envelope.metadata.output?.messages ?? [])];
}

function checkAnswer(envelope: Envelope, hidden: readonly string[]): void {
  const data = JSON.parse(JSON.stringify(envelope)) as Envelope;
  expect(data.metadata.result === 0 || data.metadata.result === '1').toBe(true);
  for (const reason of reasonsOf(data)) {
    expect(reason).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]/);
    expect(reason).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    for (const secret of hidden) expect(reason).not.toContain(secret);
  }
  for (const format of OUTPUT_FORMATS) {
    const text = renderEnvelope(envelope, format);
    if (format === 'json' || format === 'jsonpretty') expect(JSON.parse(text)).toEqual(data);
    // Syck's reader (ImplicitTyping off) reads every scalar as text, as the failsafe schema does.
    else if (format === 'yaml') expect(yamlStrings(parseYaml(text, { schema: 'failsafe' }))).toEqual(yamlStrings(data));
    else {
      expect(XMLValidator.validate(text)).toBe(true);
      expect(parsedXmlView(parseXml(text))).toEqual(xmlView(data));
    }
  }
}

const PRISTINE = Object.getOwnPropertyNames(Object.prototype).sort().join();

describe('hostile input, property-based', () => {
  it(`every answer is well-formed in four formats, shows no secret or code, and leaves Object.prototype alone (${RUNS} cases, seed ${SEED})`, async () => {
    const started = Date.now();
    const hidden = [start.secrets.alice!, start.secrets.bob!, codeAt(start.secrets.alice!, FIXED_NOW_MS)];
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 4 }), async (ops) => {
        const { engine, audit } = freshEngine();
        for (const o of ops) {
          const envelope = await run(engine, o);
          checkAnswer(envelope, hidden);
        }
        const trail = JSON.stringify(await audit.read());
        for (const secret of hidden) expect(trail).not.toContain(secret);
        expect(Object.getOwnPropertyNames(Object.prototype).sort().join()).toBe(PRISTINE);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true, ...(process.env.TFA_FUZZ_PATH ? { path: process.env.TFA_FUZZ_PATH } : {}) },
    );
    if (FUZZ_RUNS > 0) console.log(`fuzz: ${RUNS} cases (seed ${SEED}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, FUZZ_RUNS > 0 ? 0 : 120_000);
});
