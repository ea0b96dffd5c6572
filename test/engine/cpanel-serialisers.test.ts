// Byte for byte against cPanel's own serialisers: the same answers go to the Perl modules cPanel renders WHM API 1
// answers with (JSON::XS, YAML::Syck 1.34, XML::Simple; Debian's libjson-xs-perl, libyaml-syck-perl,
// libxml-simple-perl) and to the app's renderers, and the bytes must be the same. Where XML::Simple writes a
// document no XML parser accepts, the app's must differ and be well-formed (expat, with namespaces, decides).
// Without perl, python3 or those packages these tests fail, saying what to install: they never skip.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../main/engine/envelope.js';
import { renderEnvelope } from '../../main/engine/envelope-format.js';
import { jsonXsCompact, jsonXsPretty } from '../../main/engine/json-xs-format.js';
import { isPerlHash, sortedEntries, type PerlHash, type PerlValue } from '../../main/engine/perl-data.js';
import { xmlSimpleOut } from '../../main/engine/xml-simple-format.js';
import { syckDump } from '../../main/engine/yaml-syck-format.js';
import { catalogue } from './answer-catalogue.js';
import { makeEngine, params } from './fakes.js';
import { renderWithCpanelSerialisers, type CpanelRenderings } from './oracle/cpanel-oracle.js';
import { readIndependently, type Tagged } from './oracle/independent-readers.js';

const FORMATS = ['json', 'jsonpretty', 'yaml', 'xml'] as const;

/**
 * The app's four renderings: of an envelope through renderEnvelope (json without the newline the CLI prints after
 * the one line JSON::XS writes), of any other data through the renderers themselves.
 */
function appRenderings(answer: PerlHash): CpanelRenderings {
  if (!isPerlHash(answer.metadata ?? null)) {
    return { json: jsonXsCompact(answer), jsonpretty: jsonXsPretty(answer), yaml: syckDump(answer), xml: xmlSimpleOut(answer) };
  }
  const envelope = answer as unknown as Envelope;
  return {
    json: renderEnvelope(envelope, 'json').replace(/\n$/, ''),
    jsonpretty: renderEnvelope(envelope, 'jsonpretty'),
    yaml: renderEnvelope(envelope, 'yaml'),
    xml: renderEnvelope(envelope, 'xml'),
  };
}

interface Mismatch {
  label: string;
  format: string;
  app: string;
  cpanel: string;
}

/**
 * Compares every answer's renderings with cPanel's. XML must be equal wherever cPanel's is well-formed; where it
 * is not, the app's must be well-formed. Returns the mismatches and how many XML documents cPanel got wrong.
 */
function compare(labelled: readonly (readonly [string, PerlHash])[]): { mismatches: Mismatch[]; malformedByCpanel: number } {
  const cpanel = renderWithCpanelSerialisers(labelled.map(([, answer]) => answer));
  const app = labelled.map(([, answer]) => appRenderings(answer));
  const verdicts = readIndependently(labelled.flatMap((_, i) => [{ xml: cpanel[i]!.xml }, { xml: app[i]!.xml }]));
  const mismatches: Mismatch[] = [];
  let malformedByCpanel = 0;
  labelled.forEach(([label], i) => {
    for (const format of FORMATS) {
      const [ours, theirs] = [app[i]![format], cpanel[i]![format]];
      if (format === 'xml') {
        const [cpanelVerdict, appVerdict] = [verdicts[2 * i]!, verdicts[2 * i + 1]!];
        if (appVerdict.error !== null) mismatches.push({ label, format: `xml not well-formed (${appVerdict.error})`, app: ours, cpanel: theirs });
        if (cpanelVerdict.error !== null) malformedByCpanel += 1;
        // Equal wherever XML::Simple's document is well-formed and says what the data says: every key an element
        // name every XML parser takes (see xml-simple-format.ts), not one that parses by accident (`a>`).
        if (cpanelVerdict.error !== null || !keysAreSafeXmlNames(labelled[i]![1])) continue;
      }
      if (ours !== theirs) mismatches.push({ label, format, app: ours, cpanel: theirs });
    }
  });
  return { mismatches, malformedByCpanel };
}

/** ASCII and Latin-1 letters or `_`, then those, digits, `.`, `-`, `·`: names in every edition of XML 1.0. */
function keysAreSafeXmlNames(value: PerlValue): boolean {
  if (Array.isArray(value)) return value.every(keysAreSafeXmlNames);
  if (!isPerlHash(value)) return true;
  return Object.entries(value).every(
    ([key, inner]) =>
      (key === '' || key.startsWith('-') || /^[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF][\w.\-\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF]*$/.test(key)) &&
      keysAreSafeXmlNames(inner),
  );
}

function shown(mismatches: readonly Mismatch[]): string {
  return mismatches
    .slice(0, 5)
    .map((m) => `${m.label} (${m.format})\n  app:    ${JSON.stringify(m.app)}\n  cPanel: ${JSON.stringify(m.cpanel)}`)
    .join('\n');
}

// Characters that steer Syck's, JSON::XS's and XML::Simple's choices: indicators, quotes, escapes, whitespace at
// the edges, line breaks, controls, DEL, non-ASCII (2-, 3- and 4-byte UTF-8), number and boolean look-alikes.
const TRICKY = 'aZ09 ._-:#\'"\\\n\t\r,?[]{}!*&|>%@`^~=<+eE.xé“”€😀\u0001\u007f\u001b\u0085\u00a0\u2028';
const trickyString = fc.oneof(
  fc.string({ unit: fc.constantFrom(...Array.from(TRICKY)), maxLength: 10 }),
  fc.constantFrom('yes', 'No', 'ON', '~', 'null', 'y', 'n', '1', '0', '-1', '+12', '007', '1.0', '.5', '-.5', '1e3', 'inf', 'NaN', '0x1F', '1_000', '2001-12-14', '12:30', '', ' 12', '12 ', '---', '<<', '=', '0 but true', '123456789', '1234567890', 'yesé', '~é', 'content', '-x'),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);
const perlValue: fc.Arbitrary<PerlValue> = fc.letrec<{ value: PerlValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    trickyString,
    fc.integer({ min: -3_000_000_000, max: 3_000_000_000 }),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(trickyString, tie('value'), { maxKeys: 3 }),
  ),
})).value;
const perlHash = fc.dictionary(trickyString, perlValue, { maxKeys: 5 }) as fc.Arbitrary<PerlHash>;

describe('the renderings are cPanel’s bytes', () => {
  it('for every success and failure answer of the nine functions', async () => {
    const answers = (await catalogue()).map(([label, envelope]) => [label, envelope as unknown as PerlHash] as const);
    const { mismatches } = compare(answers);
    expect(mismatches, shown(mismatches)).toEqual([]);
  });

  it('for WHM answers made from random names, issuers and secrets', async () => {
    const names = fc.sample(fc.array(trickyString, { minLength: 1, maxLength: 4 }), { numRuns: 150, seed: 8 });
    const issuers = fc.sample(fc.oneof(trickyString, fc.stringMatching(/^[ a-zA-Z0-9._-]{1,32}$/)), { numRuns: 150, seed: 9 });
    const answers: [string, PerlHash][] = [];
    const h = makeEngine();
    await h.engine.accounts.add('alice', 'alice.example.com');
    for (const users of names) {
      const pairs = users.map((user, i) => [i === 0 ? 'user' : `user-${i}`, user] as [string, string]);
      answers.push([`remove ${JSON.stringify(users)}`, (await h.engine.whm.call('twofactorauth_remove_user_config', pairs)) as unknown as PerlHash]);
      answers.push([`get_user_configs ${JSON.stringify(users[0])}`, (await h.engine.whm.call('twofactorauth_get_user_configs', [['user', users[0]!]])) as unknown as PerlHash]);
      answers.push([`set_tfa_config ${JSON.stringify(users[0])}`, (await h.engine.whm.call('twofactorauth_set_tfa_config', params(`secret=${users[0]}`, 'tfa_token=123456'))) as unknown as PerlHash]);
    }
    for (const issuer of issuers) {
      answers.push([`set_issuer ${JSON.stringify(issuer)}`, (await h.engine.whm.call('twofactorauth_set_issuer', [['issuer', issuer]])) as unknown as PerlHash]);
      answers.push([`get_issuer after ${JSON.stringify(issuer)}`, (await h.engine.whm.call('twofactorauth_get_issuer', [])) as unknown as PerlHash]);
      answers.push([`generate after ${JSON.stringify(issuer)}`, (await h.engine.whm.call('twofactorauth_generate_tfa_config', [])) as unknown as PerlHash]);
    }
    const { mismatches } = compare(answers);
    expect(mismatches, shown(mismatches)).toEqual([]);
  });

  it('for random data: strings, numbers, undef, nested hashes and arrays, empty ones (fast-check, fixed seed)', () => {
    const samples = fc.sample(perlHash, { numRuns: 4000, seed: 20261130 });
    const { mismatches, malformedByCpanel } = compare(samples.map((answer, i) => [`sample ${i}: ${JSON.stringify(answer)}`, answer] as const));
    expect(mismatches, shown(mismatches)).toEqual([]);
    // The data does reach XML::Simple's malformed cases (names that are not XML names, control characters).
    expect(malformedByCpanel).toBeGreaterThan(100);
  });

  it('for XML::Simple’s corner cases: an undefined content key, keys starting with “-”, an empty key, nested arrays', () => {
    const corner: [string, PerlHash][] = [
      ['content undef', { data: { content: null, zeta: 'z' } }],
      ['only dash keys', { data: { '-a': 1, '-b': 'x' } }],
      ['empty key text', { data: { '': 'text > "quoted"', a: 1 } }],
      ['empty key hash', { data: { '': { inner: 1 } } }],
      ['nested arrays', { data: { list: [[1, [2, 3]], [], {}, null, ''] } }],
      ['root empty', {}],
    ];
    const { mismatches } = compare(corner);
    expect(mismatches, shown(mismatches)).toEqual([]);
  });
});

/** A YAML 1.1 reader's value as the strings and numbers it should be: short decimal integers stay numbers. */
function expectedYaml11(value: PerlValue): Tagged {
  if (Array.isArray(value)) return value.map(expectedYaml11);
  if (isPerlHash(value)) return { map: sortedEntries(value).map(([k, v]) => [expectedYaml11(k), expectedYaml11(v)]) };
  if (value === null) return { null: null };
  // Plain decimal integers of up to nine characters stay plain (whmapi1 writes result "1" as 1); longer ones are
  // quoted by Syck so that they survive a round trip, and read back as strings.
  const text = String(value);
  if ((typeof value === 'number' || typeof value === 'string') && /^(?:0|-?[1-9][0-9]*)$/.test(text) && text.length <= 9) return { int: text };
  return text;
}

describe('the app’s own answers are safe for YAML 1.1 readers', () => {
  it('an issuer “yes”, a timestamp, 0x1F, .inf, +12, <<, 1_000 and any random string read back in PyYAML as the same string', () => {
    const fixed = ['yes', 'on', 'y', '2026-11-30T19:40:33.000Z', '2001-12-14', '0x1F', '.inf', '.5', '+12', '<<', '=', '1_000', '12:30', '0o17', '~', 'null', '1e3', 'é“x”', '\u0085', '\u2028'];
    const random = fc.sample(perlHash, { numRuns: 1500, seed: 1111 });
    const values: PerlHash[] = [{ data: { issuer: 'yes', updated: '2026-11-30T19:40:33.000Z', values: fixed } }, ...random];
    const verdicts = readIndependently(values.map((value) => ({ yaml: syckDump(value, { yaml11Safe: true }) })));
    values.forEach((value, i) => {
      expect(verdicts[i]!.error, syckDump(value, { yaml11Safe: true })).toBeNull();
      expect(verdicts[i]!.value, syckDump(value, { yaml11Safe: true })).toEqual(expectedYaml11(value));
    });
  });

  it('is the same renderer: a WHM answer is Syck’s bytes, the same data as an app answer is quoted where YAML 1.1 needs it', async () => {
    const h = makeEngine();
    await h.engine.whm.call('twofactorauth_set_issuer', params('issuer=yes'));
    const whm = await h.engine.whm.call('twofactorauth_get_issuer', []);
    expect(renderEnvelope(whm, 'yaml')).toContain("\n  issuer: 'yes'\n");
    const app = { data: { issuer: 'yes', when: '2001-12-14' }, metadata: { command: 'servers_list', reason: 'OK', result: '1', version: 1 } } as const;
    expect(renderEnvelope(app as unknown as Envelope, 'yaml')).toBe(
      "--- \ndata: \n  issuer: 'yes'\n  when: '2001-12-14'\nmetadata: \n  command: servers_list\n  reason: OK\n  result: 1\n  version: 1\n",
    );
  });
});
