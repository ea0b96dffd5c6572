// A script written for whmapi1 runs unchanged against the CLI: bash with `set -e`, jq on `--output=json`
// (`.metadata.result == "1"`), grep and awk on the default YAML. `whmapi1` here is a two-line wrapper on PATH that
// runs the built CLI; the script itself never names the app. jq and bash are required (.ci/run installs jq).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, makeHome } from './cli-harness.js';

/** Written as an operator would for a real server: it stops at the first command that exits non-zero. */
const SCRIPT = String.raw`#!/usr/bin/env bash
set -euo pipefail

ok() { jq -e '.metadata.result == "1"' >/dev/null; }

whmapi1 --output=json twofactorauth_set_issuer issuer='Example Hosting' | ok
issuer=$(whmapi1 --output=json twofactorauth_get_issuer | jq -r '.data.issuer')
echo "issuer: $issuer"

secret=$(whmapi1 --output=json twofactorauth_generate_tfa_config | jq -r '.data.secret')
[[ "$secret" =~ ^[A-Z2-7]{16}$ ]]

# A refused code is an answer with result 0, not an error: set -e does not stop here, as with whmapi1.
answer=$(whmapi1 --output=json twofactorauth_set_tfa_config secret="$secret" tfa_token=000000)
if echo "$answer" | ok; then echo "a wrong code was accepted"; exit 1; fi
echo "refused: $(echo "$answer" | jq -r '.metadata.reason') (result $(echo "$answer" | jq '.metadata.result'))"

# --fail turns result 0 into a non-zero exit, for scripts that want set -e to stop there.
if whmapi1 --fail --output=json twofactorauth_set_tfa_config secret="$secret" tfa_token=000000 >/dev/null; then
  echo "--fail did not fail"; exit 1
fi

# The default YAML, as whmapi1 prints it, read with grep and awk.
whmapi1 twofactorauth_policy_status | grep -q 'is_enabled: 0'
whmapi1 twofactorauth_enable_policy | grep -q 'result: 1'
whmapi1 twofactorauth_policy_status | grep -q 'is_enabled: 1'
echo "policy: $(whmapi1 twofactorauth_policy_status | awk '/is_enabled:/ {print $2; exit}')"

removed=$(whmapi1 --output=json twofactorauth_remove_user_config user=root user-1=nobody)
echo "$removed" | ok
echo "modified: $(echo "$removed" | jq -r '.data.users_modified | join(",")')"
echo "failed: $(echo "$removed" | jq -r '.data.failed | keys | join(",")')"
echo done
`;

function requireTool(name: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`${name} is needed to run a whmapi1 script (install it; .ci/run does).`);
}

describe('a script written for whmapi1', () => {
  it('runs unchanged: set -e, jq on .metadata.result == "1", grep and awk on the YAML', () => {
    requireTool('bash');
    requireTool('jq');
    const bin = mkdtempSync(join(tmpdir(), 'whmapi1-bin-'));
    const wrapper = join(bin, 'whmapi1');
    writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(wrapper, 0o755);
    const script = join(bin, 'rollout.sh');
    writeFileSync(script, SCRIPT);
    const output = execFileSync('bash', [script], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, TFA_PROVISIONER_HOME: makeHome() },
    });
    expect(output.split('\n')).toEqual([
      'issuer: Example Hosting',
      'refused: The security code is invalid. (result 0)',
      'policy: 1',
      'modified: root',
      'failed: nobody',
      'done',
      '',
    ]);
  });
});
