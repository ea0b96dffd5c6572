// The layering ESLint enforces on the renderer (eslint.config.js): a view or a lib module may import main/common
// (the contract and the pure rules) and nothing else from main/, nor zod, nor Node. Each case lints a fixture
// with the project's own config, as `npm run lint` would, at a path inside renderer/src.
import { ESLint } from 'eslint';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: REPO_ROOT });

async function lint(file: string, code: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
  return result!.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

const view = (imports: string) => `<script lang="ts">\n  ${imports}\n  void probe;\n</script>\n\n<p>{String(probe)}</p>\n`;

describe('the renderer imports nothing from main/ but main/common', () => {
  it('fails a view that imports the engine', async () => {
    const messages = await lint('renderer/src/views/Fixture.svelte', view(`import { TfaEngine as probe } from '../../../main/engine/tfa-engine.js';`));
    expect(messages).toEqual([
      {
        rule: 'no-restricted-imports',
        message: expect.stringContaining('The renderer imports nothing from main/ but main/common/: it reaches the main process only through window.tfa'),
      },
    ]);
  });

  it('fails an engine import that passes through main/common on its way (main/common/../engine)', async () => {
    const sneaky = await lint('renderer/src/views/Fixture.svelte', view(`import { TfaEngine as probe } from '../../../main/common/../engine/tfa-engine.js';`));
    expect(sneaky).toEqual([expect.objectContaining({ rule: 'no-restricted-imports' })]);
    const lib = `export { openEngine as probe } from '../../../main/common/./../store/open-engine.js';\n`;
    expect((await lint('renderer/src/lib/fixture.ts', lib)).map((m) => m.rule)).toEqual(['no-restricted-imports']);
  });

  it('fails a type-only import from the engine too, and a lib module reaching into main/store or main/ipc', async () => {
    expect(await lint('renderer/src/views/Fixture.svelte', view(`import type { AuditEntry as probe } from '../../../main/engine/ports.js';`))).toEqual([
      expect.objectContaining({ rule: 'no-restricted-imports' }),
    ]);
    const lib = `import { openEngine } from '../../../main/store/open-engine.js';\nimport { createTfaHandlers } from '../../../main/ipc/tfa-handlers.js';\nexport const probe = [openEngine, createTfaHandlers];\n`;
    expect((await lint('renderer/src/lib/fixture.ts', lib)).map((m) => m.rule)).toEqual(['no-restricted-imports', 'no-restricted-imports']);
  });

  it('fails zod and Node modules in the renderer', async () => {
    const messages = await lint('renderer/src/components/Fixture.svelte', view(`import { z as probe } from 'zod';\n  import { readFileSync } from 'node:fs';\n  void readFileSync;`));
    expect(messages.map((m) => m.message)).toEqual([
      expect.stringContaining('Keep zod out of the UI bundle'),
      expect.stringContaining('no Node modules'),
    ]);
  });

  it('fails a value import of the zod payload schemas, and accepts their types', async () => {
    expect(await lint('renderer/src/lib/fixture.ts', `import { TFA_PAYLOAD_SCHEMAS } from '../../../main/common/tfa-api-schemas.js';\nexport const probe = TFA_PAYLOAD_SCHEMAS;\n`)).toEqual([
      { rule: '@typescript-eslint/no-restricted-imports', message: expect.stringContaining('the renderer may import their types only') },
    ]);
    expect(await lint('renderer/src/lib/fixture.ts', `import type { TfaPayloads } from '../../../main/common/tfa-api-schemas.js';\nexport type Probe = TfaPayloads;\n`)).toEqual([]);
  });

  it('accepts main/common, and leaves the rule to the renderer (the main process may import its engine)', async () => {
    expect(await lint('renderer/src/views/Fixture.svelte', view(`import { passphraseProblem as probe } from '../../../main/common/passphrase-rule.js';`))).toEqual([]);
    expect(await lint('main/ipc/fixture.ts', `import { TfaEngine } from '../engine/tfa-engine.js';\nexport const probe = TfaEngine;\n`)).toEqual([]);
  });
});

describe('the renderer stays in pieces a person can hold in their head', () => {
  it('has no file over 250 lines in renderer/src', () => {
    const root = path.join(REPO_ROOT, 'renderer/src');
    const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    const long = files
      .map((entry) => path.join(entry.parentPath, entry.name))
      .map((file) => ({ file: path.relative(REPO_ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > 250);
    expect(files.length).toBeGreaterThan(20);
    expect(long).toEqual([]);
  });
});
