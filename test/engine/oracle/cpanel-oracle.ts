// Runs cPanel's own serialisers (test/engine/oracle/cpanel-serialisers.pl) over answers and returns their bytes.
// When perl or one of the three Debian packages is missing, this throws with what to install: the byte-for-byte
// tests must fail loudly in CI, never skip.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./cpanel-serialisers.pl', import.meta.url));
export const ORACLE_PACKAGES = 'libjson-xs-perl libyaml-syck-perl libxml-simple-perl';

export interface CpanelRenderings {
  json: string;
  jsonpretty: string;
  yaml: string;
  xml: string;
}

export function renderWithCpanelSerialisers(answers: readonly unknown[]): CpanelRenderings[] {
  const run = spawnSync('perl', [SCRIPT], { input: JSON.stringify(answers), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error || run.status !== 0) {
    const why = run.error ? run.error.message : run.stderr;
    throw new Error(`cPanel's serialisers could not run (install perl and ${ORACLE_PACKAGES}; .ci/run does): ${why}`);
  }
  const decoded = JSON.parse(run.stdout) as string[][];
  return decoded.map((row) => {
    const [json, jsonpretty, yaml, xml] = row.map((b64) => Buffer.from(b64, 'base64').toString('utf8'));
    return { json: json!, jsonpretty: jsonpretty!, yaml: yaml!, xml: xml! };
  });
}
