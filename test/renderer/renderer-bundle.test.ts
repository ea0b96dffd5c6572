// What the renderer bundle is built from, as vite builds it for the app (nothing is written): no zod (payloads are
// checked in the main process) and, from main/, only main/common's contract and pure rules.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';
import { expect, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

it('bundles no zod and nothing of main/ but main/common', async () => {
  const built = await build({ root: path.join(REPO_ROOT, 'renderer'), configFile: path.join(REPO_ROOT, 'vite.config.ts'), logLevel: 'silent', build: { write: false } });
  const outputs = (Array.isArray(built) ? built : [built]) as Rollup.RollupOutput[];
  const modules = outputs
    .flatMap((o) => o.output)
    .flatMap((chunk) => (chunk.type === 'chunk' ? chunk.moduleIds : []))
    .map((id) => path.relative(REPO_ROOT, id).replaceAll(path.sep, '/'));
  expect(modules).toContain('renderer/src/main.ts');
  expect(modules.filter((id) => id.includes('node_modules/zod/'))).toEqual([]);
  expect(modules.filter((id) => id.startsWith('main/') && !id.startsWith('main/common/'))).toEqual([]);
  expect(modules).toContain('main/common/cpanel-names.ts');
});
