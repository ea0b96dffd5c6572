// Reading a server's twofactorauth_get_user_configs answer (for `accounts reconcile`): whmapi1's JSON, YAML and
// the legacy XML, as cPanel's own serialisers write them, this app's four renderings, and every way a file is wrong.
import { describe, expect, it } from 'vitest';
import { renderEnvelope, OUTPUT_FORMATS } from '../../main/engine/envelope-format.js';
import { parseUserConfigsAnswer, UserConfigsAnswerError } from '../../main/engine/user-configs-answer.js';
import { makeEngine } from './fakes.js';
import { HOST } from './helpers.js';

// Written by the very serialisers cPanel ships (spec §10), from one Perl hash:
//   YAML::Syck Dump with SortKeys, XML::Simple XMLout(RootName => 'result', NoAttr => 1, KeyAttr => []),
//   JSON::XS canonical. `constructor` is a valid cPanel username; `yes` is one YAML 1.1 would read as a boolean.
const SYCK_YAML = `--- 
data: 
  constructor: 
    is_enabled: 1
    primary_domain: c.example.com
  root: 
    is_enabled: 0
    primary_domain: whm.example.test
  "yes": 
    is_enabled: 0
    primary_domain: ''
metadata: 
  command: twofactorauth_get_user_configs
  reason: OK
  result: 1
  version: 1
`;
const XML_SIMPLE = `<result>
  <data>
    <constructor>
      <is_enabled>1</is_enabled>
      <primary_domain>c.example.com</primary_domain>
    </constructor>
    <root>
      <is_enabled>0</is_enabled>
      <primary_domain>whm.example.test</primary_domain>
    </root>
    <yes>
      <is_enabled>0</is_enabled>
      <primary_domain></primary_domain>
    </yes>
  </data>
  <metadata>
    <command>twofactorauth_get_user_configs</command>
    <reason>OK</reason>
    <result>1</result>
    <version>1</version>
  </metadata>
</result>
`;
const JSON_XS =
  '{"data":{"constructor":{"is_enabled":1,"primary_domain":"c.example.com"},"root":{"is_enabled":0,"primary_domain":"whm.example.test"},' +
  '"yes":{"is_enabled":0,"primary_domain":""}},"metadata":{"command":"twofactorauth_get_user_configs","reason":"OK","result":"1","version":1}}';

const EXPECTED = [
  ['constructor', { is_enabled: 1, primary_domain: 'c.example.com' }],
  ['root', { is_enabled: 0, primary_domain: 'whm.example.test' }],
  ['yes', { is_enabled: 0, primary_domain: '' }],
];

function expectFailure(text: string, message: string | RegExp): void {
  let caught: unknown;
  try {
    parseUserConfigsAnswer(text);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UserConfigsAnswerError);
  if (typeof message === 'string') expect((caught as Error).message).toBe(message);
  else expect((caught as Error).message).toMatch(message);
}

describe('parseUserConfigsAnswer', () => {
  it.each([
    ['yaml', SYCK_YAML],
    ['xml', XML_SIMPLE],
    ['json', JSON_XS],
  ] as const)('reads cPanel’s own %s serialisation, usernames as Map keys', (format, text) => {
    const answer = parseUserConfigsAnswer(text);
    expect(answer.format).toBe(format);
    expect([...answer.users]).toEqual(EXPECTED);
    // Nothing leaked onto a prototype.
    expect(({} as Record<string, unknown>).is_enabled).toBeUndefined();
  });

  it('reads every rendering of this app’s own answer, including names XML must escape', async () => {
    const h = makeEngine();
    await h.engine.accounts.import('user,domain\ncarol,c.example.com\nhasownproperty,h.example.com\nbob,bob.example.com\n');
    const envelope = await h.engine.whm.call('twofactorauth_get_user_configs', []);
    for (const format of OUTPUT_FORMATS) {
      const answer = parseUserConfigsAnswer(renderEnvelope(envelope, format));
      expect([...answer.users.keys()], format).toEqual(['bob', 'carol', 'hasownproperty', 'root']);
      expect(answer.users.get('root'), format).toEqual({ is_enabled: 0, primary_domain: HOST });
    }
    // A name that is not an XML name round-trips through the _xHHHH_ escape.
    const odd = { data: { '1abc': { is_enabled: 1, primary_domain: 'x.example.com' } }, metadata: { command: 'twofactorauth_get_user_configs', reason: 'OK', result: '1', version: 1 } } as const;
    expect([...parseUserConfigsAnswer(renderEnvelope(odd, 'xml')).users.keys()]).toEqual(['1abc']);
  });

  it('reads an answer with no users, and a BOM', () => {
    const empty = '\uFEFF{"data":{},"metadata":{"command":"twofactorauth_get_user_configs","reason":"OK","result":1,"version":1}}';
    expect(parseUserConfigsAnswer(empty).users.size).toBe(0);
  });

  it('names the function of another answer', () => {
    expectFailure(
      '{"data":{"issuer":"x","system_wide_issuer":"x"},"metadata":{"command":"twofactorauth_get_issuer","reason":"OK","result":1,"version":1}}',
      "The file is the answer of twofactorauth_get_issuer, not of twofactorauth_get_user_configs. Save the server's answer with: whmapi1 --output=json twofactorauth_get_user_configs > FILE",
    );
    expectFailure('---\ndata:\n  acct: []\nmetadata:\n  command: listaccts\n  result: 1\n', /^The file is the answer of listaccts, not of twofactorauth_get_user_configs/);
  });

  it('refuses a failed answer with the server’s reason', () => {
    expectFailure(
      '{"metadata":{"command":"twofactorauth_get_user_configs","reason":"Failed to fetch user configurations: disk","result":0,"version":1}}',
      "The server's twofactorauth_get_user_configs answer is a failure: Failed to fetch user configurations: disk. Nothing was reconciled.",
    );
  });

  it.each([
    ['', /it is empty/],
    ['{"data":{"a":', /it is not valid JSON/],
    ['<result><data>', /it is not valid XML/],
    ['<result><data><bob><is_e', /it is not valid XML \(cut short: <result> <data> <bob> <is_e> left open\)/],
    ['---\ndata: [unclosed\n', /it is not valid YAML/],
    ['"just a string"', /it holds no WHM API 1 envelope/],
    ['{"data":{}}', /it has no metadata/],
    ['{"data":[],"metadata":{"command":"twofactorauth_get_user_configs","result":1}}', /its data is not a list of users/],
    ['{"data":{"bob":1},"metadata":{"command":"twofactorauth_get_user_configs","result":1}}', /the entry of “bob” is not a user configuration/],
    ['{"data":{"bob":{"is_enabled":2}},"metadata":{"command":"twofactorauth_get_user_configs","result":1}}', /the is_enabled of “bob” is not 0 or 1/],
    ['{"data":{"__proto__":{"is_enabled":1}},"metadata":{"command":"twofactorauth_get_user_configs","result":1}}', /names a user no cPanel server has \(“__proto__”\)/],
    ['{"data":{"a\\u001b[31m":{"is_enabled":1}},"metadata":{"command":"twofactorauth_get_user_configs","result":1}}', /names a user no cPanel server has \(“a\?\[31m”\)/],
    ['---\ndata: &a\n  bob: {is_enabled: 1}\nmetadata: *a\n', /a YAML alias or tag whmapi1 never writes/],
    ['---\ndata:\n  bob: {is_enabled: 1}\n  bob: {is_enabled: 0}\nmetadata:\n  command: twofactorauth_get_user_configs\n  result: 1\n', /not valid YAML/],
    ['<result><data><bob><is_enabled>1</is_enabled></bob><bob><is_enabled>0</is_enabled></bob></data><metadata><command>twofactorauth_get_user_configs</command><result>1</result></metadata></result>', /“bob” appears twice/],
    ['<result><data><__proto__><is_enabled>1</is_enabled></__proto__></data><metadata><command>twofactorauth_get_user_configs</command><result>1</result></metadata></result>', /names a user no cPanel server has \(“__proto__”\)/],
  ])('calls a damaged file damaged: %j', (text, message) => {
    expectFailure(text, message);
  });
});
