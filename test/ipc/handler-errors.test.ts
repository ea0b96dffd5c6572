// A handler that fails answers a TfaResult the window can show, never a stack; a failure of the keychain or the
// state file carries its kind (adapterCode), so the UI can tell a locked keychain from a damaged state file.
import { describe, expect, it } from 'vitest';
import type { PreferencesPort } from '../../main/common/preferences-rules.js';
import { AdapterError } from '../../main/engine/ports.js';
import type { TfaEngine } from '../../main/engine/tfa-engine.js';
import { createTfaHandlers, type DesktopShell } from '../../main/ipc/tfa-handlers.js';

function handlersOver(preferences: Partial<PreferencesPort>) {
  return createTfaHandlers({
    engine: {} as TfaEngine,
    shell: {} as DesktopShell,
    preferences: preferences as PreferencesPort,
    stateDir: '/nowhere',
    version: '0',
    platform: 'linux',
  });
}

describe('handler failures', () => {
  it('keep an AdapterError’s code beside its message', async () => {
    const handlers = handlersOver({
      get: async () => {
        throw new AdapterError('The keychain is locked: unlock it, then try again.', 'KEYCHAIN_LOCKED');
      },
    });
    expect(await handlers.getPreferences({})).toEqual({
      ok: false,
      error: { code: 'FAILED', message: 'The keychain is locked: unlock it, then try again.', adapterCode: 'KEYCHAIN_LOCKED' },
    });
  });

  it('give any other error its message alone', async () => {
    const handlers = handlersOver({
      get: async () => {
        throw new Error('disk on fire');
      },
    });
    expect(await handlers.getPreferences({})).toEqual({ ok: false, error: { code: 'FAILED', message: 'disk on fire' } });
  });
});
