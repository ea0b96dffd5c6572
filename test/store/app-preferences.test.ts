// The desktop app's preferences file: defaults, the range rule (shared with the renderer), a damaged file left as
// it is until the operator saves, and the file's mode and atomic replacement.
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkPreferences,
  clipboardClearSecondsProblem,
  DEFAULT_CLIPBOARD_CLEAR_SECONDS,
  MAX_CLIPBOARD_CLEAR_SECONDS,
  MIN_CLIPBOARD_CLEAR_SECONDS,
} from '../../main/common/preferences-rules.js';
import { JsonPreferencesFile, PREFERENCES_FILE_NAME } from '../../main/store/app-preferences.js';
import { withTempDir } from './helpers.js';

describe('the clipboard delay rule', () => {
  it('takes whole seconds from 5 to 300; 10 by default', () => {
    expect([DEFAULT_CLIPBOARD_CLEAR_SECONDS, MIN_CLIPBOARD_CLEAR_SECONDS, MAX_CLIPBOARD_CLEAR_SECONDS]).toEqual([10, 5, 300]);
    for (const ok of [5, 6, 10, 299, 300]) expect(clipboardClearSecondsProblem(ok), String(ok)).toBeNull();
    expect(clipboardClearSecondsProblem(4)).toBe('At least 5 seconds: any less leaves no time to paste.');
    expect(clipboardClearSecondsProblem(301)).toBe('At most 300 seconds (5 minutes): a secret should not linger in the clipboard.');
    expect(clipboardClearSecondsProblem(7.5)).toBe('Use a whole number of seconds, from 5 to 300.');
    for (const bad of [null, undefined, '10', Number.NaN, Number.POSITIVE_INFINITY, -10, 0]) {
      expect(clipboardClearSecondsProblem(bad), String(bad)).not.toBeNull();
    }
  });

  it('reads a document: unknown keys ignored, a missing key takes its default, a bad value refuses it all', () => {
    expect(checkPreferences({ clipboardClearSeconds: 42, later: true })).toEqual({ ok: true, preferences: { clipboardClearSeconds: 42 } });
    expect(checkPreferences({})).toEqual({ ok: true, preferences: { clipboardClearSeconds: 10 } });
    expect(checkPreferences({ clipboardClearSeconds: 0 })).toMatchObject({ ok: false, problem: expect.stringContaining('clipboardClearSeconds 0') });
    expect(checkPreferences([10])).toEqual({ ok: false, problem: 'it is not a JSON object' });
    expect(checkPreferences(null)).toEqual({ ok: false, problem: 'it is not a JSON object' });
  });
});

describe('JsonPreferencesFile', () => {
  it('answers the defaults when there is no file, and creates none by reading', async () => {
    await withTempDir(async (dir) => {
      const store = new JsonPreferencesFile(path.join(dir, 'not-yet'));
      expect(await store.get()).toEqual({ clipboardClearSeconds: 10 });
      expect(await store.read()).toEqual({ preferences: { clipboardClearSeconds: 10 }, problem: null, unknown: {} });
      expect(await readdir(dir)).toEqual([]);
    });
  });

  it('saves atomically with mode 0600 (creating the directory 0700), and a new instance reads it back', async () => {
    await withTempDir(async (dir) => {
      const stateDir = path.join(dir, 'state');
      const previous = process.umask(0o022);
      try {
        expect(await new JsonPreferencesFile(stateDir).set({ clipboardClearSeconds: 45 })).toEqual({ clipboardClearSeconds: 45 });
      } finally {
        process.umask(previous);
      }
      const file = path.join(stateDir, PREFERENCES_FILE_NAME);
      expect(await readFile(file, 'utf8')).toBe('{\n  "clipboardClearSeconds": 45\n}\n');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
      expect(await readdir(stateDir)).toEqual([PREFERENCES_FILE_NAME]);
      expect(await new JsonPreferencesFile(stateDir).get()).toEqual({ clipboardClearSeconds: 45 });
    });
  });

  it('refuses to save a value out of range, and keeps the saved one', async () => {
    await withTempDir(async (dir) => {
      const store = new JsonPreferencesFile(dir);
      await store.set({ clipboardClearSeconds: 20 });
      for (const bad of [4, 301, 7.5]) {
        await expect(store.set({ clipboardClearSeconds: bad })).rejects.toThrow(/^The clipboard delay was not saved: /);
      }
      expect(await store.get()).toEqual({ clipboardClearSeconds: 20 });
    });
  });

  it.each([
    ['not JSON', '{"clipboardClearSeconds": 3', 'it is not valid JSON'],
    ['out of range', '{"clipboardClearSeconds": 3}\n', 'clipboardClearSeconds 3: At least 5 seconds'],
    ['not a number', '{"clipboardClearSeconds": "ten"}', 'clipboardClearSeconds "ten"'],
    ['not an object', '[1, 2]', 'it is not a JSON object'],
    ['empty', '', 'it is not valid JSON'],
  ])('a damaged file (%s) gives the defaults and is left as it is until a save replaces it', async (_what, text, problem) => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, PREFERENCES_FILE_NAME);
      await writeFile(file, text, { mode: 0o644 });
      const store = new JsonPreferencesFile(dir);
      expect(await store.get()).toEqual({ clipboardClearSeconds: 10 });
      expect((await store.read()).problem).toContain(problem);
      // Reading, even many times, changes nothing on disk.
      await store.get();
      expect(await readFile(file, 'utf8')).toBe(text);
      expect((await stat(file)).mode & 0o777).toBe(0o644);

      await store.set({ clipboardClearSeconds: 15 });
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ clipboardClearSeconds: 15 });
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await store.read()).toMatchObject({ preferences: { clipboardClearSeconds: 15 }, problem: null });
    });
  });

  it('an unreadable path (a directory where the file should be) gives the defaults, and a save says why it failed', async () => {
    await withTempDir(async (dir) => {
      await mkdir(path.join(dir, PREFERENCES_FILE_NAME));
      const store = new JsonPreferencesFile(dir);
      expect(await store.get()).toEqual({ clipboardClearSeconds: 10 });
      expect((await store.read()).problem).toBe('it is a directory, not a regular file');
      await expect(store.set({ clipboardClearSeconds: 15 })).rejects.toThrow(/could not be written \(the previous one is intact\)/);
    });
  });

  it('a FIFO where the file should be gives the defaults at once, saying what it is, instead of hanging the app', async () => {
    await withTempDir(async (dir) => {
      execFileSync('mkfifo', [path.join(dir, PREFERENCES_FILE_NAME)]);
      const store = new JsonPreferencesFile(dir);
      expect(await store.read()).toEqual({ preferences: { clipboardClearSeconds: 10 }, problem: 'it is a FIFO (named pipe), not a regular file', unknown: {} });
    });
  });

  it('keeps the keys a newer version wrote when saving', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, PREFERENCES_FILE_NAME);
      await writeFile(file, JSON.stringify({ clipboardClearSeconds: 12, theme: 'dark' }));
      const store = new JsonPreferencesFile(dir);
      expect(await store.get()).toEqual({ clipboardClearSeconds: 12 });
      await store.set({ clipboardClearSeconds: 60 });
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ theme: 'dark', clipboardClearSeconds: 60 });
    });
  });

  it('two saves at once both complete, the last one wins', async () => {
    await withTempDir(async (dir) => {
      const store = new JsonPreferencesFile(dir);
      await Promise.all([store.set({ clipboardClearSeconds: 7 }), store.set({ clipboardClearSeconds: 8 })]);
      expect(await store.get()).toEqual({ clipboardClearSeconds: 8 });
      expect(await readdir(dir)).toEqual([PREFERENCES_FILE_NAME]);
    });
  });
});
