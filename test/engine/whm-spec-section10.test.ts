// One test per row of §10 of the WHM reference (docs/whm-api.md, “Checked against cPanel's code”): what cPanel's own
// code and serialisers do, and what the app answers. Where the app differs on purpose, the test says so and checks
// the difference. The byte-for-byte comparisons with the Perl serialisers are in cpanel-serialisers.test.ts.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/main.js';
import type { Envelope } from '../../main/engine/envelope.js';
import { renderEnvelope } from '../../main/engine/envelope-format.js';
import { REPLAY_NOTE } from '../../main/engine/whm-functions.js';
import { FIXED_NOW_MS, makeEngine, params, type Harness } from './fakes.js';
import { codeAt, expectExactly, fail, HOST, ok, XID } from './helpers.js';

const SECRET = 'JBSWY3DPEHPK3PXP';

/** The CLI in this process over the engine's in-memory ports: its exit status and output. */
async function cli(h: Harness, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string) => ((stdout += s), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((stderr += s), true) } as unknown as NodeJS.WritableStream,
    env: {},
  };
  const code = await runCli(args, io, async () => ({ engine: h.engine }) as never);
  return { code, stdout, stderr };
}

describe('§10, row by row', () => {
  it('JSON metadata.result: the string "1" on success, the number 0 on failure (json and jsonpretty)', async () => {
    const h = makeEngine();
    const good = await h.engine.whm.call('twofactorauth_get_issuer', []);
    const bad = await h.engine.whm.call('twofactorauth_set_issuer', params('issuer=a/b'));
    expect(renderEnvelope(good, 'json')).toContain('"result":"1"');
    expect(renderEnvelope(bad, 'json')).toContain('"result":0');
    expect(renderEnvelope(good, 'jsonpretty')).toContain('"result" : "1"');
    expect(renderEnvelope(bad, 'jsonpretty')).toContain('"result" : 0');
  });

  it('whmapi1 exit status: 0 whenever the answer was printed, also for result 0; --fail makes result 0 exit 1', async () => {
    const h = makeEngine();
    const refused = await cli(h, ['--output=json', 'twofactorauth_set_tfa_config', `secret=${SECRET}`, 'tfa_token=000000']);
    expect(refused.code).toBe(0);
    expect(JSON.parse(refused.stdout).metadata.result).toBe(0);
    expect((await cli(h, ['--fail', '--output=json', 'twofactorauth_set_tfa_config', `secret=${SECRET}`, 'tfa_token=000000'])).code).toBe(1);
    // Not a call that ran: a usage error.
    expect((await cli(h, ['twofactorauth_set_issuer', 'no-equals-sign'])).code).toBe(2);
  });

  it('unknown, extra or repeated parameters: ignored (get_issuer user=root succeeds); the CLI notes them on stderr', async () => {
    const h = makeEngine();
    expectExactly(await h.engine.whm.call('twofactorauth_get_issuer', params('user=root')), ok('twofactorauth_get_issuer', { issuer: HOST, system_wide_issuer: HOST }));
    const run = await cli(h, ['--output=json', 'twofactorauth_get_issuer', 'user=root']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ data: { issuer: HOST, system_wide_issuer: HOST }, metadata: { command: 'twofactorauth_get_issuer', reason: 'OK', result: '1', version: 1 } });
    expect(run.stderr).toBe('tfa-provisioner: twofactorauth_get_issuer has no parameter “user” (it takes no parameters); ignored, as WHM ignores it.\n');
  });

  it('jsonpretty: JSON::XS pretty, three-space indent and "key" : value, keys sorted', async () => {
    const h = makeEngine();
    expect(renderEnvelope(await h.engine.whm.call('twofactorauth_policy_status', []), 'jsonpretty')).toBe(
      '{\n   "data" : {\n      "is_enabled" : 0\n   },\n   "metadata" : {\n      "command" : "twofactorauth_policy_status",\n      "reason" : "OK",\n      "result" : "1",\n      "version" : 1\n   }\n}\n',
    );
  });

  it('YAML: trailing space after --- and block keys, two-space indent, "- " items, a blank line after an empty collection', async () => {
    const h = makeEngine();
    await h.engine.accounts.add('bob', 'bob.example.com');
    expect(renderEnvelope(await h.engine.whm.call('twofactorauth_remove_user_config', params('user=bob')), 'yaml')).toBe(
      '--- \ndata: \n  failed: {}\n\n  users_modified: \n    - bob\nmetadata: \n  command: twofactorauth_remove_user_config\n  reason: OK\n  result: 1\n  version: 1\n',
    );
  });

  it("YAML quoting: 'yes', 'no', 'on', 'off', 'true', 'null', '~', '', '007', '1.0' single-quoted; 1234 and -dash plain; non-ASCII as \\xHH in double quotes", async () => {
    const h = makeEngine();
    const issuerYaml = async (issuer: string) => {
      await h.engine.whm.call('twofactorauth_set_issuer', [['issuer', issuer]]);
      return /\n {2}issuer: (.*)\n/.exec(renderEnvelope(await h.engine.whm.call('twofactorauth_get_issuer', []), 'yaml'))![1];
    };
    for (const word of ['yes', 'no', 'on', 'off', 'true', 'null', '007', '1.0']) expect(await issuerYaml(word)).toBe(`'${word}'`);
    expect(await issuerYaml('1234')).toBe('1234');
    expect(await issuerYaml('-dash')).toBe('-dash');
    const failedYaml = renderEnvelope(await h.engine.whm.call('twofactorauth_remove_user_config', params('user=~', 'user-1=')), 'yaml');
    expect(failedYaml).toContain('\n    "": "You are not authorized to modify \\xE2\\x80\\x9C\\xE2\\x80\\x9D: (XID ');
    expect(failedYaml).toContain('\n    "~": "You are not authorized to modify \\xE2\\x80\\x9C~\\xE2\\x80\\x9D: (XID ');
  });

  it('XML: XMLout(RootName => result, NoAttr => 1) with no key folding: a username is an element name', async () => {
    const h = makeEngine();
    await h.engine.accounts.add('example', 'example.tld');
    expect(renderEnvelope(await h.engine.whm.call('twofactorauth_get_user_configs', params('user=example')), 'xml')).toBe(
      '<result>\n  <data>\n    <example>\n      <is_enabled>0</is_enabled>\n      <primary_domain>example.tld</primary_domain>\n    </example>\n  </data>\n  <metadata>\n    <command>twofactorauth_get_user_configs</command>\n    <reason>OK</reason>\n    <result>1</result>\n    <version>1</version>\n  </metadata>\n</result>\n',
    );
  });

  it('error IDs: an exception’s message starts with (XID …), six lowercase letters and digits', async () => {
    const h = makeEngine();
    const reason = (await h.engine.whm.call('twofactorauth_set_issuer', params('issuer=a/b'))).metadata.reason;
    expect(reason).toMatch(/^Failed to set issuer: \(XID [a-z0-9]{6}\) The “issuer” parameter/);
  });

  it('invalid secret: only characters outside a-z A-Z 2-7 → (XID …) Missing or Invalid: “secret”; missing, empty or any length → The security code is invalid.', async () => {
    const h = makeEngine();
    const token = codeAt(SECRET, FIXED_NOW_MS);
    expectExactly(await h.engine.whm.call('twofactorauth_set_tfa_config', params('secret=JBSWY3DPEHPK3PX1', `tfa_token=${token}`)), fail('twofactorauth_set_tfa_config', `${XID}Missing or Invalid: “secret”`));
    for (const pairs of [params(`tfa_token=${token}`), params('secret=', `tfa_token=${token}`), params('secret=jbswy3dpehpk3pxpjbswy3dpehpk3pxp', `tfa_token=${token}`)]) {
      expectExactly(await h.engine.whm.call('twofactorauth_set_tfa_config', pairs), fail('twofactorauth_set_tfa_config', 'The security code is invalid.'));
    }
  });

  it('set_issuer refusal: the allowed characters listed with spaces, a-z A-Z 0-9 . _ -', async () => {
    const h = makeEngine();
    expectExactly(
      await h.engine.whm.call('twofactorauth_set_issuer', params('issuer=a/b')),
      fail(
        'twofactorauth_set_issuer',
        `Failed to set issuer: ${XID}The “issuer” parameter must be less than or equal to 32 characters in length. It can only use spaces and the following characters: a-z A-Z 0-9 . _ -`,
      ),
    );
  });

  it('remove_user_config, unknown user, caller root: failed.bob = … (XID …) You do not have a user named “bob”., result 1; a reseller’s denial names access', async () => {
    const h = makeEngine();
    expectExactly(
      await h.engine.whm.call('twofactorauth_remove_user_config', params('user=bob')),
      ok('twofactorauth_remove_user_config', { failed: { bob: `You are not authorized to modify “bob”: ${XID}You do not have a user named “bob”.` }, users_modified: [] }),
    );
    await h.engine.servers.add('reseller.example.test', 'reseller1');
    expectExactly(
      await h.engine.whm.call('twofactorauth_remove_user_config', params('user=root')),
      ok('twofactorauth_remove_user_config', { failed: { root: `You are not authorized to modify “root”: ${XID}You do not have access to an account named “root”.` }, users_modified: [] }),
    );
  });

  it('remove_user_config user= (empty value): the empty name is a user, result 1, failed {"": …}', async () => {
    const h = makeEngine();
    expectExactly(
      await h.engine.whm.call('twofactorauth_remove_user_config', params('user=')),
      ok('twofactorauth_remove_user_config', { failed: { '': `You are not authorized to modify “”: ${XID}You do not have a user named “”.` }, users_modified: [] }),
    );
  });

  it('replay: WHM has no guard; the app keeps one per secret (a deliberate difference), answering WHM’s reason and saying why on stderr', async () => {
    const h = makeEngine();
    const token = codeAt(SECRET, FIXED_NOW_MS);
    expect((await cli(h, ['twofactorauth_set_tfa_config', `secret=${SECRET}`, `tfa_token=${token}`])).code).toBe(0);
    const replayed = await cli(h, ['--output=json', 'twofactorauth_set_tfa_config', `secret=${SECRET}`, `tfa_token=${token}`]);
    expect(JSON.parse(replayed.stdout).metadata.reason).toBe('The security code is invalid.');
    expect(replayed.stderr).toBe(`tfa-provisioner: ${REPLAY_NOTE}\n`);
    expect(h.audit.entries.at(-1)!.reason).toBe(`The security code is invalid. ${REPLAY_NOTE}`);
    // A new secret's first code, in the same step: never refused for the old secret's spent step.
    const other = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expectExactly(await h.engine.whm.call('twofactorauth_set_tfa_config', params(`secret=${other}`, `tfa_token=${codeAt(other, FIXED_NOW_MS)}`)), ok('twofactorauth_set_tfa_config', { success: 1 }));
  });

  it('reseller get_issuer: system_wide_issuer is root’s (the hostname here), whatever the reseller sets for itself', async () => {
    const h = makeEngine();
    await h.engine.servers.add('reseller.example.test', 'reseller1');
    await h.engine.whm.call('twofactorauth_set_issuer', params('issuer=Reseller'));
    expectExactly(await h.engine.whm.call('twofactorauth_get_issuer', []), ok('twofactorauth_get_issuer', { issuer: 'Reseller', system_wide_issuer: 'reseller.example.test' }));
  });

  it('reseller get_issuer: root’s system-wide issuer, once recorded in the profile, is system_wide_issuer, and the reseller’s issuer until it sets its own', async () => {
    const h = makeEngine();
    const get = () => h.engine.whm.call('twofactorauth_get_issuer', []);
    await h.engine.servers.add('reseller.example.test', 'reseller1');
    expect((await h.engine.servers.set(undefined, { systemWideIssuer: '"Root Hosting"' })).metadata.result).toBe('1');
    // §5.1: a reseller with no issuer of its own takes the system-wide one, in get_issuer and in the otpauth URI.
    expectExactly(await get(), ok('twofactorauth_get_issuer', { issuer: 'Root Hosting', system_wide_issuer: 'Root Hosting' }));
    const generated = (await h.engine.whm.call('twofactorauth_generate_tfa_config', [])).data as { otpauth_str: string };
    expect(generated.otpauth_str).toMatch(/^otpauth:\/\/totp\/Root%20Hosting:reseller1\?secret=[A-Z2-7]+&issuer=Root%20Hosting$/);
    await h.engine.whm.call('twofactorauth_set_issuer', params('issuer=Reseller'));
    expectExactly(await get(), ok('twofactorauth_get_issuer', { issuer: 'Reseller', system_wide_issuer: 'Root Hosting' }));
    // Refused as WHM's set_issuer refuses it; an empty one clears it, so the hostname stands in again.
    const refused = await h.engine.servers.set(undefined, { systemWideIssuer: 'a/b' });
    expect(refused.metadata).toMatchObject({ result: 0, reason: 'The “issuer” parameter must be less than or equal to 32 characters in length. It can only use spaces and the following characters: a-z A-Z 0-9 . _ -' });
    expectExactly(await get(), ok('twofactorauth_get_issuer', { issuer: 'Reseller', system_wide_issuer: 'Root Hosting' }));
    await h.engine.servers.set(undefined, { systemWideIssuer: '' });
    expectExactly(await get(), ok('twofactorauth_get_issuer', { issuer: 'Reseller', system_wide_issuer: 'reseller.example.test' }));
    // Root's own issuer is the system-wide one: a root profile sets it with twofactorauth_set_issuer.
    await h.engine.servers.add('root.example.test', 'root');
    const onRoot = await h.engine.servers.set(undefined, { systemWideIssuer: 'Root Hosting' });
    expect(onRoot.metadata).toMatchObject({ result: 0, reason: 'On a root profile the system-wide issuer is the profile’s own issuer: set it with twofactorauth_set_issuer issuer=NAME.' });
    // From the CLI, for a named profile; one setting at a time.
    expect((await cli(h, ['servers', 'set', 'reseller.example.test', '--system-wide-issuer=Root Co'])).code).toBe(0);
    const answer = await cli(h, ['--output=json', '--server=reseller.example.test', 'twofactorauth_get_issuer']);
    expect(JSON.parse(answer.stdout).data).toEqual({ issuer: 'Reseller', system_wide_issuer: 'Root Co' });
    const both = await cli(h, ['servers', 'set', '--system-wide-issuer=X', '--first-code-contact=Y']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Give --pending-expiry-days, --first-code-contact or --system-wide-issuer (one setting at a time).');
  });

  it('generate_tfa_config user=: WHM strips it over the API; the app keeps it as an extension for a known account (a deliberate difference)', async () => {
    const h = makeEngine();
    await h.engine.accounts.add('alice', 'alice.example.com');
    const forAlice = (await h.engine.whm.call('twofactorauth_generate_tfa_config', params('user=alice'))).data as { otpauth_str: string };
    expect(forAlice.otpauth_str).toMatch(new RegExp(`^otpauth://totp/${HOST}:alice\\?secret=`));
    const forRoot = (await h.engine.whm.call('twofactorauth_generate_tfa_config', [])).data as { otpauth_str: string };
    expect(forRoot.otpauth_str).toMatch(new RegExp(`^otpauth://totp/${HOST}:root\\?secret=`));
  });

  it('policy_status is_enabled: 0 when unset, a number', async () => {
    const h = makeEngine();
    const answer: Envelope = await h.engine.whm.call('twofactorauth_policy_status', []);
    expect(answer.data).toEqual({ is_enabled: 0 });
    expect(renderEnvelope(answer, 'json')).toContain('"is_enabled":0');
  });
});
