// The DesktopShell over Electron's dialog, clipboard and printToPDF (stand-ins): Documents as the default
// folder, cancel means null, Cancel is the default answer to the secret-export question.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  const calls: { method: string; args: unknown[] }[] = [];
  const answers = {
    save: { canceled: false, filePath: '/home/op/Documents/x.txt' } as { canceled: boolean; filePath?: string },
    box: 0,
    open: { canceled: false, filePaths: ['/home/op/Documents/b.tfa-backup.json'] } as { canceled: boolean; filePaths: string[] },
  };
  let board = '';
  return {
    calls,
    answers,
    board: () => board,
    module: {
      app: { getPath: (name: string) => (name === 'documents' ? '/home/op/Documents' : '/tmp') },
      dialog: {
        showSaveDialog: async (...args: unknown[]) => (calls.push({ method: 'showSaveDialog', args }), answers.save),
        showMessageBox: async (...args: unknown[]) => (calls.push({ method: 'showMessageBox', args }), { response: answers.box }),
        showOpenDialog: async (...args: unknown[]) => (calls.push({ method: 'showOpenDialog', args }), answers.open),
      },
      clipboard: {
        writeText: async (text: string) => {
          board = text;
        },
        readText: async () => board,
      },
    },
  };
});
vi.mock('electron', () => fake.module);
const { createDesktopShell, SECRET_EXPORT_WARNING } = await import('../../main/electron/desktop-shell.js');

const pdf = new Uint8Array([37, 80, 68, 70]);
const printed: unknown[] = [];
const window = { webContents: { printToPDF: async (options: unknown) => (printed.push(options), pdf) } };
const shell = createDesktopShell(() => window as never);

describe('createDesktopShell', () => {
  it('offers the suggested name in Documents, modal to the window', async () => {
    expect(await shell.chooseSavePath('alice.txt')).toBe('/home/op/Documents/x.txt');
    expect(fake.calls.at(-1)).toEqual({ method: 'showSaveDialog', args: [window, { defaultPath: path.join('/home/op/Documents', 'alice.txt') }] });
  });

  it('answers null when the dialog is cancelled or returns no path', async () => {
    fake.answers.save = { canceled: true, filePath: '' };
    expect(await shell.chooseSavePath('a.txt')).toBeNull();
    fake.answers.save = { canceled: false };
    expect(await shell.chooseSavePath('a.txt')).toBeNull();
  });

  it('asks before exporting secrets, with Cancel first and the default', async () => {
    fake.answers.box = 0;
    expect(await shell.confirmSecretExport('alice.txt')).toBe(false);
    const [parent, options] = fake.calls.at(-1)?.args as [unknown, Record<string, unknown>];
    expect(parent).toBe(window);
    expect(options).toMatchObject({
      message: SECRET_EXPORT_WARNING,
      buttons: ['Cancel', 'Save with secrets'],
      defaultId: 0,
      cancelId: 0,
      detail: 'alice.txt',
    });
    expect(SECRET_EXPORT_WARNING).toBe("This file will hold secrets in clear. Anyone who reads it can generate this account's codes. Save it?");
    fake.answers.box = 1;
    expect(await shell.confirmSecretExport('alice.txt')).toBe(true);
  });

  it('uses the clipboard', async () => {
    await shell.writeClipboard('123456');
    expect(await shell.readClipboard()).toBe('123456');
    expect(fake.board()).toBe('123456');
  });

  it('without a window, dialogs still open', async () => {
    const orphan = createDesktopShell(() => null);
    fake.answers.save = { canceled: false, filePath: path.join(os.tmpdir(), 'y.txt') };
    expect(await orphan.chooseSavePath('y.txt')).toBe(path.join(os.tmpdir(), 'y.txt'));
    expect(fake.calls.at(-1)?.args).toHaveLength(1);
  });

  it('opens one file, modal to the window; cancel means null', async () => {
    expect(await shell.chooseOpenPath('Restore')).toBe('/home/op/Documents/b.tfa-backup.json');
    const [parent, options] = fake.calls.at(-1)?.args as [unknown, Record<string, unknown>];
    expect(parent).toBe(window);
    expect(options).toMatchObject({ title: 'Restore', properties: ['openFile'], defaultPath: '/home/op/Documents' });
    fake.answers.open = { canceled: true, filePaths: [] };
    expect(await shell.chooseOpenPath('Restore')).toBeNull();
  });
});
