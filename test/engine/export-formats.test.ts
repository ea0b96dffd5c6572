// The exports beyond WHM, over in-memory ports: each document parsed back, secrets only where flagged,
// one vault call per export, and an audit trail that names accounts but never holds a secret.
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { applyCommand, applyInstructions, renderApplyBody, shellWord } from '../../main/engine/apply-body.js';
import { CONFIDENTIAL_NOTICE, groupsOfFour, renderEnrollmentSheets } from '../../main/engine/enrollment-sheets.js';
import type { Envelope } from '../../main/engine/envelope.js';
import type { ApplyBodyDocument, ExportDocument } from '../../main/engine/export-commands.js';
import { escapeHtml } from '../../main/engine/html-escape.js';
import { FailingSealer, FIXED_NOW_MS, makeEngine, type Harness } from './fakes.js';
import { codeAt, HOST } from './helpers.js';

/** alice and bob pending, carol enabled (verified with her first code), dave never provisioned. */
async function seeded(): Promise<{ h: Harness; secrets: Record<string, string> }> {
  const h = makeEngine();
  for (const user of ['alice', 'bob', 'carol', 'dave']) await h.engine.accounts.add(user, `${user}.example.com`);
  const provisioned = await h.engine.provisioning.provision(['alice', 'bob', 'carol'], { withSecrets: true });
  const secrets = Object.fromEntries(
    (provisioned.data as { provisioned: { user: string; secret: string }[] }).provisioned.map((p) => [p.user, p.secret]),
  );
  expect((await h.engine.provisioning.verify('carol', codeAt(secrets.carol!, FIXED_NOW_MS))).metadata.result).toBe('1');
  h.sealer.openCalls = [];
  h.audit.entries = [];
  return { h, secrets };
}

function documentOf(envelope: Envelope): ExportDocument {
  expect(envelope.metadata).toMatchObject({ result: '1', reason: 'OK' });
  return envelope.data as ExportDocument;
}

const uri = (user: string, secret: string) => `otpauth://totp/${HOST}:${user}?secret=${secret}&issuer=${HOST}`;
const generateAnswer = (user: string, secret: string) => ({
  data: { otpauth_str: uri(user, secret), secret },
  metadata: { command: 'twofactorauth_generate_tfa_config', reason: 'OK', result: '1', version: 1 },
});

describe('generate answers', () => {
  it('json is one exact WHM envelope per line, pending accounts by default, in one vault call', async () => {
    const { h, secrets } = await seeded();
    const doc = documentOf(await h.engine.exports.generateAnswers());
    expect(doc).toMatchObject({ containsSecret: true, accounts: 2, hostname: HOST, mediaType: 'application/jsonl', suggestedName: `${HOST}-generate-answers.jsonl` });
    const lines = doc.content.trimEnd().split('\n');
    expect(lines).toEqual([JSON.stringify(generateAnswer('alice', secrets.alice!)), JSON.stringify(generateAnswer('bob', secrets.bob!))]);
    expect(doc.skipped).toEqual([
      { user: 'carol', state: 'enabled' },
      { user: 'dave', state: 'none' },
    ]);
    expect(h.sealer.openCalls).toEqual([{ vault: expect.objectContaining({ hostname: HOST }), count: 2 }]);
  });

  it('jsonpretty, yaml and xml parse back to the same envelopes', async () => {
    const { h, secrets } = await seeded();
    const expected = ['alice', 'bob', 'carol'].map((u) => generateAnswer(u, secrets[u]!));
    const states = ['pending', 'enabled'] as const;

    const pretty = documentOf(await h.engine.exports.generateAnswers({ states, format: 'jsonpretty' })).content;
    // Each document starts with `{` at the start of a line; the lines inside are indented.
    expect(pretty.split(/^(?=\{)/m).map((d) => JSON.parse(d))).toEqual(expected);

    const yaml = documentOf(await h.engine.exports.generateAnswers({ states, format: 'yaml' })).content;
    expect(yaml.match(/^--- $/gm)).toHaveLength(3);
    // Syck's reader (ImplicitTyping off) reads every scalar as a string, as the failsafe schema does.
    const asStrings = expected.map((e) => ({ data: e.data, metadata: { ...e.metadata, version: '1' } }));
    expect(parseAllDocuments(yaml, { schema: 'failsafe' }).map((d) => (d as { toJS(): unknown }).toJS())).toEqual(asStrings);

    const xml = documentOf(await h.engine.exports.generateAnswers({ states, format: 'xml' })).content;
    const parser = new XMLParser({ parseTagValue: false });
    const docs = xml.split(/^(?=<result>)/m).map((d) => parser.parse(d).result);
    expect(docs).toEqual(expected.map((e) => ({ data: e.data, metadata: { ...e.metadata, result: '1', version: '1' } })));
  });

  it('named users keep their order; unknown ones are reported, and none chosen is a failure without a vault call', async () => {
    const { h, secrets } = await seeded();
    const doc = documentOf(await h.engine.exports.generateAnswers({ users: ['bob', 'zed', 'alice', 'bob'] }));
    expect(doc.content.trimEnd().split('\n').map((l) => JSON.parse(l).data.secret)).toEqual([secrets.bob, secrets.alice]);
    expect(doc.failed).toEqual({ zed: 'You do not have access to an account named “zed”.' });

    h.sealer.openCalls = [];
    const none = await h.engine.exports.generateAnswers({ users: ['dave'] });
    expect(none.metadata.result).toBe(0);
    expect(none.metadata.reason).toMatch(/^None of the chosen accounts is pending, so there is nothing to export\./);
    expect(none.data).not.toHaveProperty('content');
    expect(h.sealer.openCalls).toEqual([]);
  });

  it('a keychain failure is the answer, with nothing exported', async () => {
    const h = makeEngine({ sealer: new FailingSealer() });
    const state = h.state.peek();
    state.profiles[HOST] = {
      hostname: HOST, operator: 'root', issuer: null, policyEnabled: 0, vaultKeyCheck: 'x',
      operatorTfa: { state: 'none', sealedSecret: null, lastAcceptedStep: null, updatedAt: null },
      accounts: { alice: { domain: 'alice.example.com', state: 'pending', sealedSecret: 'sealed', lastAcceptedStep: null, updatedAt: null } },
    };
    state.activeProfile = HOST;
    await h.state.update((s) => Object.assign(s, state));
    const answer = await h.engine.exports.uris();
    expect(answer.metadata).toMatchObject({ command: 'export_uris', result: 0 });
    expect(answer.metadata.reason).toMatch(/KEYCHAIN_UNAVAILABLE/);
  });
});

describe('apply body for twofactorauth_set_tfa_config_for_user', () => {
  it('holds exactly the enabled secrets, none of the pending ones, and a note with the curl command', async () => {
    const { h, secrets } = await seeded();
    const doc = documentOf(await h.engine.exports.applyBody({ bodyPath: '/tmp/body.json' })) as ApplyBodyDocument;
    expect(JSON.parse(doc.content)).toEqual({ carol: { primary_account: { secret: secrets.carol } } });
    expect(doc.content).toBe(`{\n  "carol": {\n    "primary_account": {\n      "secret": "${secrets.carol}"\n    }\n  }\n}\n`);
    for (const pending of [secrets.alice!, secrets.bob!]) expect(doc.content).not.toContain(pending);
    expect(doc.containsSecret).toBe(true);
    expect(doc.companion).toMatchObject({ suffix: '.apply.txt', containsSecret: false });
    expect(doc.companion.content).not.toContain(secrets.carol);
    expect(doc.companion.content).toContain(
      `curl -sS -H 'Authorization: whm root:YOUR_API_TOKEN' -H 'Content-Type: application/json' -X POST --data-binary @/tmp/body.json 'https://${HOST}:2087/json-api/twofactorauth_set_tfa_config_for_user?api.version=1'`,
    );
    expect(doc.companion.content).toMatch(/REPLACES all of its\s+(#\s+)?existing two-factor entries/);
    expect(doc.companion.content).toMatch(/holds secrets in clear.*Delete it after use/s);
    expect(doc.applyCommand).toBe(applyCommand('/tmp/body.json', HOST));
  });

  it('with only pending accounts there is nothing to apply', async () => {
    const { h } = await seeded();
    const answer = await h.engine.exports.applyBody({ users: ['alice', 'bob'] });
    expect(answer.metadata.result).toBe(0);
    expect(answer.metadata.reason).toMatch(/None of the chosen accounts is enabled/);
  });

  it('quotes a path the shell would split, and renders users in order', () => {
    expect(shellWord('@/tmp/my body.json')).toBe(`'@/tmp/my body.json'`);
    expect(shellWord(`@it's.json`)).toBe(`'@it'\\''s.json'`);
    expect(applyInstructions('b.json', 'h.example', 2, 'reseller1')).toContain(`'Authorization: whm reseller1:YOUR_API_TOKEN'`);
    expect(Object.keys(JSON.parse(renderApplyBody([{ user: 'zz', secret: 'A' }, { user: 'aa', secret: 'B' }])))).toEqual(['zz', 'aa']);
  });
});

describe('otpauth URIs and the accounts CSV', () => {
  it('uris: WHM’s otpauth_str, one per line', async () => {
    const { h, secrets } = await seeded();
    const doc = documentOf(await h.engine.exports.uris({ states: ['enabled', 'pending'] }));
    expect(doc.content).toBe(['alice', 'bob', 'carol'].map((u) => `${uri(u, secrets[u]!)}\n`).join(''));
    expect(doc).toMatchObject({ containsSecret: true, mediaType: 'text/plain' });
  });

  it('accounts-csv: user,domain,state,updated, no secret, no vault call, flagged as secret-free', async () => {
    const { h, secrets } = await seeded();
    const doc = documentOf(await h.engine.exports.accountsCsv());
    expect(doc.containsSecret).toBe(false);
    expect(h.sealer.openCalls).toEqual([]);
    const rows = parseCsv(doc.content, { columns: true }) as Record<string, string>[];
    const at = new Date(FIXED_NOW_MS).toISOString();
    expect(rows).toEqual([
      { user: 'alice', domain: 'alice.example.com', state: 'pending', updated: at },
      { user: 'bob', domain: 'bob.example.com', state: 'pending', updated: at },
      { user: 'carol', domain: 'carol.example.com', state: 'enabled', updated: at },
      { user: 'dave', domain: 'dave.example.com', state: 'none', updated: '' },
    ]);
    for (const secret of Object.values(secrets)) expect(doc.content).not.toContain(secret);
    expect(doc.content.split('\n')[0]).toBe('user,domain,state,updated');
  });

  it('audits one entry per exported account and never a secret', async () => {
    const { h, secrets } = await seeded();
    await h.engine.exports.uris();
    await h.engine.exports.accountsCsv();
    expect(h.audit.entries.map((e) => [e.function, e.user, e.result])).toEqual([
      ['export_uris', 'alice', 1],
      ['export_uris', 'bob', 1],
      ['export_accounts_csv', null, 1],
    ]);
    const trail = JSON.stringify(h.audit.entries);
    for (const secret of Object.values(secrets)) expect(trail).not.toContain(secret);
  });
});

describe('enrollment sheets', () => {
  it('one page per account with QR code, grouped key, date, notice and app instructions; no script, nothing external', async () => {
    const { h, secrets } = await seeded();
    const doc = documentOf(await h.engine.exports.sheets({ users: ['alice', 'bob'] }));
    const html = doc.content;
    expect(doc).toMatchObject({ containsSecret: true, mediaType: 'text/html', accounts: 2 });
    expect(html.match(/<section class="sheet"/g)).toHaveLength(2);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain(groupsOfFour(secrets.alice!));
    expect(html).toContain(escapeHtml(CONFIDENTIAL_NOTICE));
    expect(html).toContain('<dd>2009-02-13</dd>');
    expect(html).toContain('<dt>Account</dt><dd>alice</dd>');
    // A line may break between the domain's labels, never inside one.
    expect(html).toContain('<dt>Domain</dt><dd>alice.<wbr>example.<wbr>com</dd>');
    expect(html).toContain('<span class="page-number">Page 1 of 2</span>');
    expect(html).toContain('<span class="page-number">Page 2 of 2</span>');
    // No first-code contact set: the person is told to enter the code where asked.
    expect(html).toContain('Enter the 6-digit code the app shows where you are asked for it, to finish enrollment.');
    for (const app of ['Google Authenticator', 'Microsoft Authenticator', 'Authy', 'FreeOTP, Aegis, 2FAS']) expect(html).toContain(app);
    expect(html).toContain('Scan the QR code, or enter the key manually: time-based, 6 digits.');
    expect(html).not.toMatch(/<script|javascript:|\son\w+=/i);
    // The only URL is the SVG namespace, which is a name, not a fetch.
    expect(html.match(/https?:\/\/[^\s"']+/g)).toEqual(['http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg']);
    expect(html).not.toContain(secrets.carol);
  });

  it('letter paper, and the first-code contact the server profile sets', async () => {
    const { h } = await seeded();
    const letter = documentOf(await h.engine.exports.sheets({ paper: 'letter' })).content;
    expect(letter).toContain('@page { size: letter;');
    const set = await h.engine.servers.set(HOST, { firstCodeContact: '  helpdesk@example.com (+1 555 0100)  ' });
    expect(set.data).toMatchObject({ hostname: HOST, first_code_contact: 'helpdesk@example.com (+1 555 0100)' });
    const html = documentOf(await h.engine.exports.sheets({})).content;
    expect(html).toContain('<li class="finish">Send the 6-digit code the app shows, as soon as it shows, to: helpdesk@example.com (+1 555 0100)</li>');
    expect(html).not.toContain('where you are asked for it');
  });

  it('escapes every interpolated string', async () => {
    const html = await renderEnrollmentSheets(
      { hostname: 'h<x>.example', issuer: 'A&B "Co" <i>', date: '2024-01-01', paper: 'a4', firstCodeContact: '<b>desk</b>' },
      [{ user: 'u"><script>alert(1)</script>', domain: "d'.example", secret: 'JBSWY3DPEHPK3PXP' }],
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<i>');
    expect(html).toContain('A&amp;B &quot;Co&quot; &lt;i&gt;');
    expect(html).toContain('data-user="u&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('d&#39;.example');
    expect(html).toContain('to: &lt;b&gt;desk&lt;/b&gt;');
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
