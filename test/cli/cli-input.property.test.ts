// Property-based, through the command line: random words (names, key=value pairs with hostile values, options,
// the nine functions and the app's commands) in every output format. The CLI must answer every time with exit
// status 0, 1 or 2, never a stack trace, and whatever it prints on stdout must parse in the format asked for.
// The keychain is an in-memory stand-in: this is about input, not the keychain.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCli } from '../../main/cli/main.js';
import { openEngine } from '../../main/store/open-engine.js';
import { MemoryKeychain } from '../store/memory-keychain.js';

const FUZZ_RUNS = Number(process.env.TFA_FUZZ_RUNS ?? 0);
const RUNS = FUZZ_RUNS > 0 ? Math.ceil(FUZZ_RUNS / 100) : 150;
// As the engine's property test: a fixed seed in npm test, a random one under npm run fuzz, TFA_FUZZ_SEED to replay.
const SEED = process.env.TFA_FUZZ_SEED ? Number(process.env.TFA_FUZZ_SEED) : FUZZ_RUNS > 0 ? Date.now() % 2 ** 31 : 20261130;

class Collected extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const SPECIAL = ['', 'constructor', '__proto__', 'toString', 'alice', 'root', '=', '==', 'a=b', '"', "'", '<x>', ']]>', '- x', 'yes', '~', '\u0000', '\u001b[31m', '\ud800', 'é', '😀', '--', '-', '--help', '--output=xml', '--server=__proto__', '--force', '--with-secrets', '--all', '--chunk-size=0', '--limit=-1', 'x'.repeat(5000)];
const word = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc.string({ maxLength: 12 }),
  fc.tuple(fc.constantFrom('user', 'user-1', 'secret', 'tfa_token', 'issuer', 'api.version', 'bad key'), fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 12 }))).map(([k, v]) => `${k}=${v}`),
);
const command = fc.constantFrom(
  ['twofactorauth_generate_tfa_config'], ['twofactorauth_set_tfa_config'], ['twofactorauth_get_user_configs'], ['twofactorauth_remove_user_config'],
  ['twofactorauth_policy_status'], ['twofactorauth_enable_policy'], ['twofactorauth_disable_policy'], ['twofactorauth_get_issuer'], ['twofactorauth_set_issuer'],
  ['servers', 'add'], ['servers', 'use'], ['servers', 'remove'], ['servers', 'list'], ['accounts', 'add'], ['accounts', 'list'], ['accounts', 'remove'],
  ['provision'], ['verify'], ['reveal'], ['audit'], ['rollout', 'status'], ['nonsense'],
);
const format = fc.constantFrom('json', 'jsonpretty', 'yaml', 'xml');

function parses(text: string, as: string): void {
  if (as === 'xml') expect(XMLValidator.validate(text)).toBe(true);
  else if (as === 'yaml') parseYaml(text);
  else JSON.parse(text);
}

describe('hostile input through the CLI, property-based', () => {
  it(`always answers with 0, 1 or 2, no stack trace, and stdout that parses in the chosen format (${RUNS} cases, seed ${SEED})`, async () => {
    const home = mkdtempSync(join(tmpdir(), 'tfa-cli-property-'));
    const keychain = new MemoryKeychain();
    await fc.assert(
      fc.asyncProperty(format, command, fc.array(word, { maxLength: 4 }), async (output, words, rest) => {
        const stdout = new Collected();
        const stderr = new Collected();
        const code = await runCli([`--output=${output}`, ...words, ...rest], { stdout, stderr, env: { ...process.env, TFA_PROVISIONER_HOME: home } }, (options) =>
          openEngine({ ...options, keychain }),
        );
        expect([0, 1, 2]).toContain(code);
        expect(stdout.text + stderr.text).not.toMatch(/\n\s+at .*[(:]\d+/);
        // An answer (not --help or a usage text) must parse in the format asked for.
        const opening = { json: '{', jsonpretty: '{', yaml: '---', xml: '<' }[output];
        if (stdout.text.startsWith(opening)) parses(stdout.text, output);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 300_000);
});
