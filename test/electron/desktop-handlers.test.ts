// The desktop-only handlers (copyText, getPreferences and setPreferences, saveExport) with stand-ins for
// Electron's clipboard and dialogs, over the real preferences file in a temp directory; the engine is never
// reached, so a stub is enough there.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TfaEngine } from '../../main/engine/tfa-engine.js';
import { createTfaHandlers, type DesktopShell } from '../../main/ipc/tfa-handlers.js';
import { JsonPreferencesFile } from '../../main/store/app-preferences.js';

function fakeShell(overrides: Partial<DesktopShell> = {}) {
  let clipboard = '';
  const calls = { confirm: [] as string[], choose: [] as string[] };
  const shell: DesktopShell = {
    chooseSavePath: async (name) => {
      calls.choose.push(name);
      return null;
    },
    confirmSecretExport: async (name) => {
      calls.confirm.push(name);
      return false;
    },
    // Asynchronous like Electron 45's clipboard.
    writeClipboard: async (text) => {
      clipboard = text;
    },
    readClipboard: async () => clipboard,
    chooseOpenPath: async () => null,
    ...overrides,
  };
  return { shell, calls, clipboard: () => clipboard, setClipboard: (t: string) => (clipboard = t) };
}

/** A fresh state directory per test: no preferences file, so the default 10 s. */
let stateDir: string;
beforeEach(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'tfa-desktop-'));
});
afterEach(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

/** As main.ts wires them; a second call over the same directory is the app after a restart. */
const handlersWith = (shell: DesktopShell) =>
  createTfaHandlers({ engine: {} as TfaEngine, shell, stateDir, version: '0', platform: 'linux', preferences: new JsonPreferencesFile(stateDir) });

describe('copyText', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('copies, then clears the clipboard after the delay if it still holds the copy', async () => {
    const fake = fakeShell();
    const handlers = handlersWith(fake.shell);
    expect(await handlers.copyText({ text: '123456' })).toEqual({ ok: true, value: { clearsInSeconds: 10 } });
    expect(fake.clipboard()).toBe('123456');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(fake.clipboard()).toBe('123456');
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.clipboard()).toBe('');
  });

  it('leaves the clipboard alone if the operator copied something else meanwhile', async () => {
    const fake = fakeShell();
    const handlers = handlersWith(fake.shell);
    await handlers.copyText({ text: 'JBSWY3DPEHPK3PXP' });
    fake.setClipboard('a note of their own');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.clipboard()).toBe('a note of their own');
  });

  it('restarts the delay on a second copy', async () => {
    const fake = fakeShell();
    const handlers = handlersWith(fake.shell);
    await handlers.copyText({ text: 'first' });
    await vi.advanceTimersByTimeAsync(6_000);
    await handlers.copyText({ text: 'second' });
    await vi.advanceTimersByTimeAsync(6_000);
    expect(fake.clipboard()).toBe('second');
    await vi.advanceTimersByTimeAsync(4_000);
    expect(fake.clipboard()).toBe('');
  });

  it('works with a synchronous clipboard stand-in too', async () => {
    let board = '';
    const handlers = handlersWith(
      fakeShell({ writeClipboard: (t) => void (board = t), readClipboard: () => board }).shell,
    );
    await handlers.copyText({ text: '654321' });
    expect(board).toBe('654321');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(board).toBe('');
  });

  it('uses the delay saved with setPreferences from the next copy on, without a restart; it persists', async () => {
    const fake = fakeShell();
    const handlers = handlersWith(fake.shell);
    expect(await handlers.getPreferences({})).toEqual({ ok: true, value: { clipboardClearSeconds: 10 } });
    expect(await handlers.setPreferences({ clipboardClearSeconds: 5 })).toEqual({ ok: true, value: { clipboardClearSeconds: 5 } });
    expect(await handlers.getPreferences({})).toEqual({ ok: true, value: { clipboardClearSeconds: 5 } });

    expect(await handlers.copyText({ text: '123456' })).toEqual({ ok: true, value: { clearsInSeconds: 5 } });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(fake.clipboard()).toBe('123456');
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.clipboard()).toBe('');

    // The app started again over the same state directory keeps the delay.
    const restarted = handlersWith(fake.shell);
    expect(await restarted.getPreferences({})).toEqual({ ok: true, value: { clipboardClearSeconds: 5 } });
    expect(await restarted.copyText({ text: 'again' })).toEqual({ ok: true, value: { clearsInSeconds: 5 } });
  });

  it.each([
    [4, 'At least 5 seconds'],
    [301, 'At most 300 seconds'],
    [7.5, 'Use a whole number of seconds, from 5 to 300.'],
    ['10', 'at “clipboardClearSeconds”'],
    [Number.NaN, 'at “clipboardClearSeconds”'],
  ])('setPreferences refuses %s with BAD_REQUEST, and the saved delay stays', async (seconds, why) => {
    const handlers = handlersWith(fakeShell().shell);
    await handlers.setPreferences({ clipboardClearSeconds: 30 });
    const answer = await handlers.setPreferences({ clipboardClearSeconds: seconds });
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((answer as { error: { message: string } }).error.message).toContain(why);
    expect(await handlers.getPreferences({})).toEqual({ ok: true, value: { clipboardClearSeconds: 30 } });
    expect(await handlers.copyText({ text: 'x' })).toEqual({ ok: true, value: { clearsInSeconds: 30 } });
  });

  it('setPreferences refuses unknown keys and getPreferences takes no payload', async () => {
    const handlers = handlersWith(fakeShell().shell);
    expect(await handlers.setPreferences({ clipboardClearSeconds: 10, theme: 'dark' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await handlers.getPreferences({ clipboardClearSeconds: 10 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('saveExport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tfa-save-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('asks before saving secrets; declined writes nothing and never opens the save dialog', async () => {
    const fake = fakeShell();
    const answer = await handlersWith(fake.shell).saveExport({ kind: 'whm-answer', fn: 'twofactorauth_generate_tfa_config', suggestedName: 'alice.txt', content: 'otpauth://totp/x?secret=ABC' });
    expect(answer).toEqual({ ok: true, value: { saved: false, reason: 'declined' } });
    expect(fake.calls.confirm).toEqual(['alice.txt']);
    expect(fake.calls.choose).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('accepted secrets are written with mode 0600, atomically (no temp file left)', async () => {
    const target = path.join(dir, 'alice.txt');
    const fake = fakeShell({ confirmSecretExport: async () => true, chooseSavePath: async () => target });
    const answer = await handlersWith(fake.shell).saveExport({ kind: 'whm-answer', fn: 'twofactorauth_generate_tfa_config', suggestedName: 'alice.txt', content: 'SECRET' });
    expect(answer).toEqual({ ok: true, value: { saved: true, path: target } });
    expect(await readFile(target, 'utf8')).toBe('SECRET');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['alice.txt']);
  });

  it('an existing file is replaced, and takes the secret mode', async () => {
    const target = path.join(dir, 'alice.txt');
    const first = fakeShell({ chooseSavePath: async () => target });
    await handlersWith(first.shell).saveExport({ kind: 'audit-csv', suggestedName: 'alice.txt', content: 'old' });
    const second = fakeShell({ confirmSecretExport: async () => true, chooseSavePath: async () => target });
    await handlersWith(second.shell).saveExport({ kind: 'whm-answer', fn: 'twofactorauth_generate_tfa_config', suggestedName: 'alice.txt', content: 'new' });
    expect(await readFile(target, 'utf8')).toBe('new');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  it('non-secret exports skip the question and are written 0644', async () => {
    const target = path.join(dir, 'servers.json');
    const previous = process.umask(0o022);
    try {
      const fake = fakeShell({ chooseSavePath: async () => target });
      const answer = await handlersWith(fake.shell).saveExport({ kind: 'audit-csv', suggestedName: 'servers.json', content: '{}' });
      expect(answer).toEqual({ ok: true, value: { saved: true, path: target } });
      expect(fake.calls.confirm).toEqual([]);
      expect((await stat(target)).mode & 0o777).toBe(0o644);
    } finally {
      process.umask(previous);
    }
  });

  it('the main process decides from the kind: a page claiming containsSecret=false cannot lower the mode', async () => {
    const target = path.join(dir, 'generated.json');
    const asked: string[] = [];
    const fake = fakeShell({ confirmSecretExport: async (name) => (asked.push(name), true), chooseSavePath: async () => target });
    const handlers = handlersWith(fake.shell);
    const request = { kind: 'whm-answer', fn: 'twofactorauth_generate_tfa_config', suggestedName: 'generated.json', content: '{"secret":"S"}' };
    // The old claim is no part of the contract: refused before anything is asked or written.
    expect(await handlers.saveExport({ ...request, containsSecret: false })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(asked).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
    // Without it, generate_tfa_config's answer holds a secret because of what it is: asked first, written 0600.
    const previous = process.umask(0o022);
    try {
      expect(await handlers.saveExport(request)).toEqual({ ok: true, value: { saved: true, path: target } });
    } finally {
      process.umask(previous);
    }
    expect(asked).toEqual(['generated.json']);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    // A WHM answer without a secret is plain: no question, mode 0644.
    const plain = path.join(dir, 'issuer.json');
    const other = fakeShell({ chooseSavePath: async () => plain });
    await handlersWith(other.shell).saveExport({ kind: 'whm-answer', fn: 'twofactorauth_get_issuer', suggestedName: 'issuer.json', content: '{}' });
    expect(other.calls.confirm).toEqual([]);
    expect((await stat(plain)).mode & 0o777).toBe(0o644);
  });

  it('a cancelled save dialog writes nothing', async () => {
    const fake = fakeShell({ confirmSecretExport: async () => true });
    const answer = await handlersWith(fake.shell).saveExport({ kind: 'whm-answer', fn: 'twofactorauth_generate_tfa_config', suggestedName: 'a.txt', content: 'x' });
    expect(answer).toEqual({ ok: true, value: { saved: false, reason: 'cancelled' } });
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a suggested name with a path in it', async () => {
    const fake = fakeShell();
    const answer = await handlersWith(fake.shell).saveExport({ kind: 'audit-csv', suggestedName: '../x.txt', content: 'x' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
