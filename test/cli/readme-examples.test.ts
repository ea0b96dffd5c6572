// Every command line the README shows in its code blocks is one the CLI accepts as written: a known command or
// function, options that command takes, the right number of words. A new operator copies these first.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/main.js';
import { pairsFromWords } from '../../main/engine/whm-params.js';
import type { openEngine } from '../../main/store/open-engine.js';
import { makeHome, runHere } from './cli-harness.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The words of each `tfa-provisioner …` line in the README's code blocks (`$ npx ` and trailing comments dropped). */
function readmeExamples(): { line: string; argv: string[] }[] {
  const blocks = [...README.matchAll(/^```[a-z]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
  return blocks
    .flatMap((block) => block.split('\n'))
    .map((line) => line.replace(/^\$ /, '').replace(/^npx /, '').replace(/\s+#.*$/, '').trim())
    // Not the usage synopsis (FUNCTION [key=value ...]): an example is a line one could run.
    .filter((line) => line.startsWith('tfa-provisioner ') && !/[[\]]|\b[A-Z]{4,}\b/.test(line))
    .map((line) => ({
      line,
      // The examples quote with single quotes only, around whole values (secret='…').
      argv: line.split(/\s+/).slice(1).map((word) => word.replaceAll("'", '')),
    }));
}

class Parsed extends Error {}

/** Runs the CLI in this process up to the point where it would open the state: a usage error stops it before. */
async function parses(argv: string[]): Promise<{ code: number; opened: boolean; stderr: string }> {
  let stderr = '';
  let opened = false;
  const sink = (write: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        write(String(chunk));
        done();
      },
    });
  const open = (async () => {
    opened = true;
    throw new Parsed('parsed');
  }) as unknown as typeof openEngine;
  const code = await runCli(argv, { stdout: sink(() => {}), stderr: sink((text) => (stderr += text)), env: {} }, open);
  return { code, opened, stderr };
}

describe('the README’s system packages', () => {
  const packagesOf = (text: string, where: string): string[] => {
    const line = /apt-get install -y[^\n]*--no-install-recommends ([a-z0-9 .+-]+)/.exec(text)?.[1];
    expect(line, where).toBeDefined();
    return line!.trim().split(/\s+/).sort();
  };

  it('are the ones CI installs, and hold every package a test or the app tells to install', () => {
    const readme = packagesOf(README, 'README.md');
    expect(packagesOf(readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8'), '.ci/run')).toEqual(readme);
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const told = ['main', 'test']
      .flatMap((dir) => readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).map((file) => join(root, dir, file)))
      .filter((file) => /\.(ts|mjs|sh)$/.test(file) && !file.endsWith('readme-examples.test.ts'))
      .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/apt-get install ([a-z0-9][a-z0-9 .+-]*)/g)].flatMap((m) => m[1]!.trim().split(/\s+/)));
    expect(told.length).toBeGreaterThan(0);
    for (const name of told) expect(readme, name).toContain(name);
  });
});

describe('the npm scripts the docs name', () => {
  it('exist in package.json', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: object }).scripts);
    const docs = ['README.md', 'DEVELOPERS.md', 'docs/whm-api.md'].map((file) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')).join('\n');
    const named = [...new Set([...docs.matchAll(/npm run ([a-z:]+)/g)].map((m) => m[1]!))];
    expect(named).toEqual(expect.arrayContaining(['bench', 'fuzz', 'screenshots', 'dist']));
    for (const name of named) expect(scripts, `npm run ${name}`).toContain(name);
  });
});

describe('the README’s command lines', () => {
  const examples = readmeExamples();

  it('are found (the quick start, the CLI section and the rollout walk)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(12);
    expect(examples.map((e) => e.argv[0])).toEqual(expect.arrayContaining(['twofactorauth_disable_policy', 'servers', 'provision', 'sheets', 'rollout']));
  });

  it.each(examples.map((e) => [e.line, e.argv] as const))('%s is accepted as written', async (_line, argv) => {
    const run = await parses(argv);
    expect(run.stderr).not.toContain('Usage');
    expect(run.code).not.toBe(2);
    expect(run.opened).toBe(true);
    // A WHM function's key=value words are read once the state is open, so they are checked here.
    const words = argv.filter((word) => !word.startsWith('--'));
    if (words[0]!.startsWith('twofactorauth_')) expect(pairsFromWords(words.slice(1))).toMatchObject({ ok: true });
  });

  it('show what the CLI prints, byte for byte, where they show an answer', async () => {
    // A `$ ` line followed by its output, up to the next blank line or `$ ` line.
    const shown = [...README.matchAll(/^\$ npx (tfa-provisioner [^\n]+)\n((?:(?!\$ |```)[^\n]+\n)+)/gm)];
    expect(shown.length).toBeGreaterThanOrEqual(1);
    for (const [, line, output] of shown) {
      const run = await runHere(makeHome(), line!.split(/\s+/).slice(1).map((word) => word.replaceAll("'", '')));
      expect({ line, stdout: run.stdout, code: run.code }).toEqual({ line, stdout: output, code: 0 });
    }
  });

  it('a mistyped option in an example would be caught', async () => {
    const run = await parses(['provision', '--all', '--chunksize=100']);
    expect(run).toMatchObject({ code: 2, opened: false });
    expect(run.stderr).toContain('Unknown option --chunksize. Did you mean --chunk-size?');
  });
});

describe('the README’s WHM section', () => {
  it('states every deliberate difference docs/whm-api.md lists, one bullet each', () => {
    const docs = readFileSync(new URL('../../docs/whm-api.md', import.meta.url), 'utf8');
    const listed = docs.split('## Deliberate differences')[1]!.split('\n## ')[0]!.match(/^\d+\. \*\*/gm) ?? [];
    const stated = README.split('Where the app differs from WHM on purpose')[1]!.split('\n### ')[0]!.match(/^- \*\*/gm) ?? [];
    expect(listed.length).toBeGreaterThanOrEqual(10);
    expect(stated.length).toBe(listed.length);
  });
});

describe('the README’s screenshots', () => {
  it('every image it shows is in the tree (npm run screenshots makes them), the rollout walkthrough’s among them', () => {
    const walkthrough = README.split('## A rollout, start to finish')[1]!.split('\n## ')[0]!;
    expect(walkthrough.match(/\]\(assets\/screenshots\/[^)]+\.png\)/g)?.length).toBeGreaterThanOrEqual(2);
    const shown = [...README.matchAll(/\]\((assets\/screenshots\/[^)]+\.png)\)/g)].map((m) => m[1]!);
    const missing = shown.filter((file) => !existsSync(fileURLToPath(new URL(`../../${file}`, import.meta.url))));
    expect(missing).toEqual([]);
  });
});
