// The renderer's door to the main process: a failure keeps its kind, so a view can tell a locked keychain from a
// damaged state file, whether it came as an app command's envelope (metadata.error_code) or as a failed call.
import { afterEach, describe, expect, it } from 'vitest';
import type { TfaApi } from '../../main/common/tfa-api-contract.js';
import { adapterCodeOf, BridgeError, command, request } from '../../renderer/src/lib/api.js';

/** The page's window.tfa, as the preload exposes it: globalThis is the window. */
const page = globalThis as { tfa?: Partial<TfaApi> };
afterEach(() => {
  delete page.tfa;
});

describe('adapterCodeOf', () => {
  it('reads the code of an app command that failed on the keychain', async () => {
    page.tfa = {
      listAccounts: async () => ({
        ok: true,
        value: { metadata: { command: 'accounts_list', error_code: 'KEYCHAIN_LOCKED', reason: 'The keychain is locked.', result: 0, version: 1 } },
      }),
    };
    const failure = await command('listAccounts', {}).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'WhmFailure', message: 'The keychain is locked.' });
    expect(adapterCodeOf(failure)).toBe('KEYCHAIN_LOCKED');
  });

  it('reads the code of a call that failed on the state file, and none from other errors', async () => {
    page.tfa = { getPreferences: async () => ({ ok: false, error: { code: 'FAILED', message: 'damaged', adapterCode: 'STATE_CORRUPT' } }) };
    const failure = await request('getPreferences', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BridgeError);
    expect(adapterCodeOf(failure)).toBe('STATE_CORRUPT');
    expect(adapterCodeOf(new BridgeError('refused'))).toBeNull();
    expect(adapterCodeOf(new Error('other'))).toBeNull();
  });
});
