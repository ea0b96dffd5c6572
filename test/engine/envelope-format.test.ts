// The four renderings (json, jsonpretty, whmapi1 YAML, xml-api XML) of every function's success and failure answers.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { isOutputFormat, OUTPUT_FORMATS, renderEnvelope, xmlElementName } from '../../main/engine/envelope-format.js';
import { catalogue } from './answer-catalogue.js';
import { makeEngine, params } from './fakes.js';

/** What an XML reader gets back: empty objects become empty strings and empty arrays vanish (XML::Simple's losses). */
function asXmlSeesIt(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asXmlSeesIt);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => !(Array.isArray(v) && v.length === 0));
    if (Object.keys(value).length === 0) return '';
    return Object.fromEntries(entries.map(([k, v]) => [xmlElementName(k), asXmlSeesIt(v)]));
  }
  return value === null || value === undefined ? '' : String(value);
}

/** A string as Syck's reader puts it back together: its \\xHH escapes are bytes of UTF-8, not characters. */
function syckBytes(text: string): string {
  return /[\u0080-\u00ff]/.test(text) && !/[^\u0000-\u00ff]/.test(text) ? Buffer.from(text, 'latin1').toString('utf8') : text;
}

function syckRead(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(syckRead);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [syckBytes(k), syckRead(v)]));
  return typeof value === 'string' ? syckBytes(value) : value;
}

/** What Syck's reader (ImplicitTyping off) gets back: every scalar a string. */
function asStrings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asStrings);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asStrings(v)]));
  return String(value);
}

const xmlParser = new XMLParser({
  parseTagValue: false,
  // Arrays cannot be told from repeated elements in XML: a reader must know which elements are lists.
  isArray: (_name: string, jPath: unknown) => /\.(users_modified|warnings)$/.test(String(jPath)),
});

describe('renderEnvelope', () => {
  it('knows exactly the four formats', () => {
    expect(OUTPUT_FORMATS).toEqual(['json', 'jsonpretty', 'yaml', 'xml']);
    expect(['json', 'jsonpretty', 'yaml', 'xml'].every(isOutputFormat)).toBe(true);
    expect(['JSON', 'yml', '', 'xml-api'].some(isOutputFormat)).toBe(false);
  });

  it('renders every success and failure answer in all four formats, each reading back to the same answer', async () => {
    const all = await catalogue();
    expect(all.filter(([, e]) => e.metadata.result === '1').length).toBeGreaterThanOrEqual(11);
    expect(all.filter(([, e]) => e.metadata.result === 0).length).toBeGreaterThanOrEqual(11);
    for (const [label, envelope] of all) {
      const json = renderEnvelope(envelope, 'json');
      expect(JSON.parse(json), label).toEqual(envelope);
      expect(json.split('\n').length, label).toBe(2);

      const pretty = renderEnvelope(envelope, 'jsonpretty');
      expect(JSON.parse(pretty), label).toEqual(envelope);
      expect(pretty.endsWith('}\n'), label).toBe(true);
      const prettyLines = pretty.trimEnd().split('\n');
      expect(prettyLines[0]).toBe('{');
      expect(prettyLines[1], label).toMatch(/^ {3}"(data|metadata)" : [{[]/);
      for (const line of prettyLines) expect(line.match(/^ */)![0].length % 3, `${label}: ${line}`).toBe(0);

      const yaml = renderEnvelope(envelope, 'yaml');
      expect(yaml.startsWith('--- \n'), label).toBe(true);
      expect(yaml.endsWith('\n'), label).toBe(true);
      const topLevel = yaml.split('\n').filter((l) => /^\S/.test(l));
      expect(topLevel, label).toEqual(envelope.data === undefined ? ['--- ', 'metadata: '] : ['--- ', 'data: ', 'metadata: ']);
      for (const line of yaml.split('\n')) expect(line.match(/^ */)![0].length % 2, `${label}: ${line}`).toBe(0);
      expect(yaml, label).toMatch(/^metadata: \n  command: /m);
      expect(syckRead(parseYaml(yaml, { schema: 'failsafe' })), label).toEqual(asStrings(envelope));

      const xml = renderEnvelope(envelope, 'xml');
      expect(XMLValidator.validate(xml), `${label}\n${xml}`).toBe(true);
      expect(xml.startsWith('<result>\n'), label).toBe(true);
      expect(xml.endsWith('</result>\n'), label).toBe(true);
      const back = xmlParser.parse(xml) as { result: unknown };
      expect(Object.keys(back), label).toEqual(['result']);
      expect(back.result, `${label}\n${xml}`).toEqual(asXmlSeesIt(envelope));
    }
  });

  it('renders the metadata-only disable_policy answer exactly as the real whmapi1 YAML (Linode sample, spec §3.5)', async () => {
    const h = makeEngine();
    const yaml = renderEnvelope(await h.engine.whm.call('twofactorauth_disable_policy', []), 'yaml');
    // The Linode sample as the web page shows it, plus the trailing spaces Syck writes after `---` and `metadata:`.
    expect(yaml).toBe('--- \nmetadata: \n  command: twofactorauth_disable_policy\n  reason: OK\n  result: 1\n  version: 1\n');
  });

  it('renders policy_status as the inferred YAML sample, so `grep "is_enabled: 1"` works (spec §3.5)', async () => {
    const h = makeEngine();
    await h.engine.whm.call('twofactorauth_enable_policy', []);
    const yaml = renderEnvelope(await h.engine.whm.call('twofactorauth_policy_status', []), 'yaml');
    expect(yaml).toBe(
      '--- \ndata: \n  is_enabled: 1\nmetadata: \n  command: twofactorauth_policy_status\n  reason: OK\n  result: 1\n  version: 1\n',
    );
  });

  it('never folds a long otpauth_str in YAML and keeps a failure reason on one line', async () => {
    const h = makeEngine();
    await h.engine.whm.call('twofactorauth_set_issuer', params(`issuer=${'Long Issuer Name '.repeat(2).slice(0, 32)}`));
    const generated = await h.engine.whm.call('twofactorauth_generate_tfa_config', []);
    const { otpauth_str: uri, secret } = generated.data as { otpauth_str: string; secret: string };
    const yaml = renderEnvelope(generated, 'yaml');
    expect(yaml).toContain(`\n  otpauth_str: ${uri}\n  secret: ${secret}\n`);
    const invalid = renderEnvelope(await h.engine.whm.call('twofactorauth_set_tfa_config', params('secret=A1', 'tfa_token=1')), 'yaml');
    // Syck double-quotes a string with “: ” and writes the curly quotes' UTF-8 bytes as escapes.
    expect(invalid).toMatch(
      /^--- \nmetadata: \n  command: twofactorauth_set_tfa_config\n  reason: "\(XID [a-z0-9]{6}\) Missing or Invalid: \\xE2\\x80\\x9Csecret\\xE2\\x80\\x9D"\n  result: 0\n  version: 1\n$/,
    );
  });

  it('renders the jsonpretty of get_issuer as JSON::XS pretty does: three-space indents, a space before the colon, result "1"', async () => {
    const h = makeEngine();
    expect(renderEnvelope(await h.engine.whm.call('twofactorauth_get_issuer', []), 'jsonpretty')).toBe(
      [
        '{',
        '   "data" : {',
        '      "issuer" : "whm.example.test",',
        '      "system_wide_issuer" : "whm.example.test"',
        '   },',
        '   "metadata" : {',
        '      "command" : "twofactorauth_get_issuer",',
        '      "reason" : "OK",',
        '      "result" : "1",',
        '      "version" : 1',
        '   }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('renders XML under <result> like the legacy get_issuer sample, as XML::Simple does (two-space indent, sorted keys, & as &amp;)', async () => {
    const h = makeEngine();
    expect(renderEnvelope(await h.engine.whm.call('twofactorauth_get_issuer', []), 'xml')).toBe(
      [
        '<result>',
        '  <data>',
        '    <issuer>whm.example.test</issuer>',
        '    <system_wide_issuer>whm.example.test</system_wide_issuer>',
        '  </data>',
        '  <metadata>',
        '    <command>twofactorauth_get_issuer</command>',
        '    <reason>OK</reason>',
        '    <result>1</result>',
        '    <version>1</version>',
        '  </metadata>',
        '</result>',
        '',
      ].join('\n'),
    );
    const generated = await h.engine.whm.call('twofactorauth_generate_tfa_config', []);
    const { otpauth_str: uri } = generated.data as { otpauth_str: string };
    const xml = renderEnvelope(generated, 'xml');
    expect(xml).toContain(`<otpauth_str>${uri.replace('&', '&amp;')}</otpauth_str>`);
    expect(xml).not.toMatch(/&(?!amp;)/);
    expect((xmlParser.parse(xml) as { result: { data: { otpauth_str: string } } }).result.data.otpauth_str).toBe(uri);
  });

  it('keeps XML well-formed when remove_user_config’s failed map is keyed by names that are not XML names', async () => {
    const h = makeEngine();
    const answer = await h.engine.whm.call('twofactorauth_remove_user_config', params('user=a b', 'user-1=1x', 'user-2=<&>', 'user-3=_x0041_', 'user-4=ok.name'));
    expect(Object.keys((answer.data as { failed: object }).failed)).toEqual(['a b', '1x', '<&>', '_x0041_', 'ok.name']);
    const xml = renderEnvelope(answer, 'xml');
    expect(XMLValidator.validate(xml), xml).toBe(true);
    expect(xml).toContain('<a_x0020_b>');
    expect(xml).toContain('<_x0031_x>');
    expect(xml).toContain('<_x003C__x0026__x003E_>');
    expect(xml).toContain('<_x005F_x0041_>');
    expect(xml).toContain('<ok.name>');
    expect(xml).toContain('You are not authorized to modify “&lt;&amp;&gt;”');
  });

  it('documents the XML losses: {} reads back as "", [] disappears, every scalar is text', async () => {
    const h = makeEngine();
    const answer = await h.engine.whm.call('twofactorauth_remove_user_config', params('user=ghost'));
    const back = (xmlParser.parse(renderEnvelope(answer, 'xml')) as { result: { data: Record<string, unknown> } }).result.data;
    expect('users_modified' in back).toBe(false);
    const none = await h.engine.whm.call('twofactorauth_remove_user_config', params('user=root'));
    expect(renderEnvelope(none, 'xml')).toContain('  <data>\n    <failed></failed>\n    <users_modified>root</users_modified>\n  </data>\n');
    const back2 = (xmlParser.parse(renderEnvelope(none, 'xml')) as { result: { data: Record<string, unknown> } }).result.data;
    expect(back2).toEqual({ failed: '', users_modified: ['root'] });
    await h.engine.whm.call('twofactorauth_set_issuer', params('issuer=12345'));
    const issuer = await h.engine.whm.call('twofactorauth_get_issuer', []);
    expect(issuer.data).toEqual({ issuer: '12345', system_wide_issuer: '12345' });
    // As whmapi1 prints it: Syck leaves a string of up to nine digits plain, as it does result's "1".
    expect(renderEnvelope(issuer, 'yaml')).toContain('\n  issuer: 12345\n');
    expect(renderEnvelope(issuer, 'json')).toContain('"issuer":"12345"');
  });
});
