// The new methods' payloads are checked before anything runs, and their bodies answer as the contract says,
// over a stub engine (no keychain needed): batch jobs, exports, backup and restore.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TfaEngine } from '../../main/engine/tfa-engine.js';
import { createTfaHandlers, type DesktopShell } from '../../main/ipc/tfa-handlers.js';
import { JsonPreferencesFile } from '../../main/store/app-preferences.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tfa-payloads-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ok = (data: unknown, command = 'x') => ({ data, metadata: { command, reason: 'OK', result: '1' as const, version: 1 as const } });

function setUp(engine: Partial<Record<string, unknown>> = {}, shellOverrides: Partial<DesktopShell> = {}) {
  const shell: DesktopShell = {
    chooseSavePath: async (name) => path.join(dir, name),
    confirmSecretExport: async () => true,
    writeClipboard: () => {},
    readClipboard: () => '',
    chooseOpenPath: async () => null,
    ...shellOverrides,
  };
  const handlers = createTfaHandlers({ engine: engine as unknown as TfaEngine, shell, stateDir: dir, version: '0', platform: 'linux', preferences: new JsonPreferencesFile(dir) });
  return { handlers };
}

describe('payloads of the batch, export, backup and restore methods', () => {
  const { handlers } = setUp();
  it.each([
    ['startProvisionBatch', { users: ['a'] }, 'at “replace”'],
    ['startProvisionBatch', { users: ['a'], replace: false, chunkSize: 0 }, 'at “chunkSize”'],
    ['startProvisionBatch', { users: ['a'], replace: false, chunkSize: 1.5 }, 'at “chunkSize”'],
    ['startProvisionBatch', { users: ['a'], replace: false, extra: 1 }, 'Unrecognized key'],
    ['cancelProvisionBatch', { jobId: '' }, 'at “jobId”'],
    ['cancelProvisionBatch', {}, 'at “jobId”'],
    ['exportFile', { kind: 'secrets', users: [] }, 'at “kind”'],
    ['exportFile', { kind: 'uris', users: [], states: ['none'] }, 'at “states.0”'],
    ['exportFile', { kind: 'generate-answers', users: [], format: 'csv' }, 'at “format”'],
    ['exportFile', { kind: 'sheets', users: [], paper: 'a3' }, 'at “paper”'],
    ['backupProfile', { passphrase: '' }, 'at “passphrase”'],
    ['restoreProfile', { passphrase: 'x', replace: false }, 'at “fileId”'],
  ] as const)('%s refuses %j', async (method, payload, where) => {
    const answer = await handlers[method](payload);
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe('BAD_REQUEST');
      expect(answer.error.message).toContain(where);
    }
  });

  it('an unknown job id is a readable failure', async () => {
    expect(await handlers.cancelProvisionBatch({ jobId: 'nope' })).toEqual({
      ok: false,
      error: { code: 'FAILED', message: 'There is no provisioning batch “nope” (it finished long ago, or never started).' },
    });
  });
});

describe('exportFile, backupProfile, restoreProfile bodies', () => {
  it('asks the engine for the PDF sheets and writes its bytes, 0600, never answering the content, and records them as printed', async () => {
    const asked: unknown[] = [];
    const marked: unknown[] = [];
    const bytes = new TextEncoder().encode('%PDF-1.7 sheets');
    const engine = {
      exports: {
        sheets: async (options: unknown) => (
          asked.push(options),
          ok({ suggestedName: 'h-enrollment-sheets.pdf', content: bytes, containsSecret: true, hostname: 'h', accounts: 2, users: ['a', 'b'], skipped: [], failed: {} }, 'sheets')
        ),
      },
      rollout: { recordDelivery: async (kind: string, users: string[]) => (marked.push([kind, users]), ok({ hostname: 'h', marked: users.length }, 'rollout_sheet_printed')) },
    };
    const { handlers } = setUp(engine);
    const answer = await handlers.exportFile({ kind: 'sheets', users: ['a', 'b'], paper: 'letter' });
    expect(answer.ok && answer.value.saved).toEqual({ saved: true, path: path.join(dir, 'h-enrollment-sheets.pdf') });
    expect(JSON.stringify(answer)).not.toContain('%PDF');
    expect(asked).toEqual([{ users: ['a', 'b'], paper: 'letter', format: 'pdf' }]);
    expect(await readFile(path.join(dir, 'h-enrollment-sheets.pdf'), 'latin1')).toBe('%PDF-1.7 sheets');
    expect((await stat(path.join(dir, 'h-enrollment-sheets.pdf'))).mode & 0o777).toBe(0o600);
    expect(marked).toEqual([['sheets', ['a', 'b']]]);

    // Sheets that never reached a file were not printed.
    const cancelled = setUp(engine, { chooseSavePath: async () => null });
    expect(await cancelled.handlers.exportFile({ kind: 'sheets', users: ['a', 'b'] })).toMatchObject({ ok: true, value: { saved: { saved: false, reason: 'cancelled' } } });
    expect(marked).toHaveLength(1);
  });

  it('a refused export offers no dialog', async () => {
    let asked = 0;
    const engine = { exports: { applyBody: async () => ({ data: { hostname: 'h', accounts: 0, skipped: [], failed: {} }, metadata: { command: 'export_apply_body', reason: 'None of the chosen accounts is enabled', result: 0, version: 1 } }) } };
    const { handlers } = setUp(engine, { chooseSavePath: async () => ((asked += 1), null) });
    const answer = await handlers.exportFile({ kind: 'apply-body', users: [] });
    expect(answer.ok && answer.value).toMatchObject({ saved: null, companionPath: null, envelope: { metadata: { result: 0 } } });
    expect(asked).toBe(0);
  });

  it('backs up without asking (encrypted), mode 0600', async () => {
    let confirmations = 0;
    const engine = { backups: { backup: async () => ok({ suggestedName: 'h.tfa-backup.json', content: 'ciphertext', containsSecret: true, hostname: 'h', accounts: 3, secrets: 2 }, 'backup') } };
    const { handlers } = setUp(engine, { confirmSecretExport: async () => ((confirmations += 1), true) });
    const answer = await handlers.backupProfile({ passphrase: 'long enough passphrase' });
    expect(answer).toEqual({
      ok: true,
      value: {
        envelope: ok({ hostname: 'h', accounts: 3, secrets: 2, suggestedName: 'h.tfa-backup.json' }, 'backup'),
        saved: { saved: true, path: path.join(dir, 'h.tfa-backup.json') },
      },
    });
    expect(confirmations).toBe(0);
    expect(await readFile(path.join(dir, 'h.tfa-backup.json'), 'utf8')).toBe('ciphertext');
    expect((await stat(path.join(dir, 'h.tfa-backup.json'))).mode & 0o777).toBe(0o600);
  });

  it('restores the chosen file, and again with replace without a second dialog', async () => {
    const file = path.join(dir, 'b.json');
    await writeFile(file, 'backup text');
    const seen: unknown[] = [];
    let opened = 0;
    const engine = {
      backups: {
        restore: async (options: { replace?: boolean }) => {
          seen.push(options);
          return options.replace
            ? ok({ hostname: 'h', accounts: 1 }, 'restore')
            : { data: { hostname: 'h', exists: 1 }, metadata: { command: 'restore', reason: 'exists', result: 0, version: 1 } };
        },
      },
    };
    const { handlers } = setUp(engine, { chooseOpenPath: async () => ((opened += 1), file) });
    const first = await handlers.restoreProfile({ passphrase: 'pass', replace: false, fileId: null });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.envelope?.data).toEqual({ hostname: 'h', exists: 1 });
    expect(first.value.file?.name).toBe('b.json');
    const second = await handlers.restoreProfile({ passphrase: 'pass', replace: true, fileId: first.value.file!.id });
    expect(second.ok && second.value.envelope?.metadata.result).toBe('1');
    expect(opened).toBe(1);
    expect(seen).toEqual([
      { text: 'backup text', passphrase: 'pass', replace: false },
      { text: 'backup text', passphrase: 'pass', replace: true },
    ]);
    // Used up: that id no longer names a file.
    expect(await handlers.restoreProfile({ passphrase: 'pass', replace: true, fileId: first.value.file!.id })).toMatchObject({ ok: false });
  });

  it('a cancelled open dialog restores nothing', async () => {
    const { handlers } = setUp({ backups: { restore: async () => Promise.reject(new Error('not reached')) } });
    expect(await handlers.restoreProfile({ passphrase: 'pass', replace: false, fileId: null })).toEqual({ ok: true, value: { file: null, envelope: null } });
  });
});
