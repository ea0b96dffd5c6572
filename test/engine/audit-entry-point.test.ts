// Every command is audited once, at its entry point, whatever way it ends: refused before it starts, refused by the
// state, failed in an adapter halfway through, or done. No entry holds a secret or a code.
import { describe, expect, it } from 'vitest';
import { AdapterError, type SealRequest, type SealResult, type VaultRef } from '../../main/engine/ports.js';
import { FIXED_NOW_MS, makeEngine, MemorySealer, params } from './fakes.js';
import { codeAt, HOST } from './helpers.js';

/** A sealer whose keychain locks after `allowed` seals: a batch that meets a locked keychain halfway. */
class LockingSealer extends MemorySealer {
  constructor(private allowed: number) {
    super();
  }
  override async sealMany(vault: VaultRef, items: readonly SealRequest[]): Promise<SealResult> {
    if (this.allowed-- <= 0) throw new AdapterError('The OS keychain is locked (test).', 'KEYCHAIN_LOCKED');
    return super.sealMany(vault, items);
  }
}

const entriesOf = (h: ReturnType<typeof makeEngine>) => h.audit.entries.map((e) => [e.profile, e.function, e.user, e.result, e.reason]);

describe('audit at the entry point', () => {
  it('records servers use, a refused servers remove, an invalid accounts add and a verify refused before any code check', async () => {
    const h = makeEngine();
    await h.engine.servers.add('whm1.example.com');
    await h.engine.accounts.add('ann', 'ann.example.com');
    await h.engine.provisioning.provision(['ann']);
    h.audit.entries = [];

    await h.engine.servers.use('whm1.example.com');
    await h.engine.servers.use('nowhere.example.com');
    await h.engine.servers.use('__proto__');
    await h.engine.servers.remove('whm1.example.com');
    await h.engine.accounts.add('Bad\u001b[31mName', 'x.example');
    await h.engine.provisioning.verify('ghost', '123456');
    await h.engine.provisioning.verify('ann', '12345');
    expect(entriesOf(h)).toEqual([
      ['whm1.example.com', 'servers_use', null, 1, 'OK'],
      ['nowhere.example.com', 'servers_use', null, 0, 'There is no server profile named “nowhere.example.com”. Add it with: tfa-provisioner servers add nowhere.example.com'],
      ['__proto__', 'servers_use', null, 0, '“__proto__” is not a valid hostname.'],
      [
        'whm1.example.com',
        'servers_remove',
        null,
        0,
        'The server profile “whm1.example.com” holds 1 secret(s); removing it destroys them. Export a backup first, or remove it with --force.',
      ],
      ['whm1.example.com', 'accounts_add', 'bad?[31mname', 0, expect.stringContaining('The username “Bad?[31mName” is not valid')],
      ['whm1.example.com', 'twofactorauth_set_tfa_config', 'ghost', 0, 'You do not have access to an account named “ghost”.'],
      ['whm1.example.com', 'twofactorauth_set_tfa_config', 'ann', 0, 'The security code is invalid.'],
    ]);
  });

  it('records a batch that meets a locked keychain: the chunks done, then the failure, with its reason', async () => {
    const h = makeEngine({ sealer: new LockingSealer(1) });
    await h.engine.accounts.import('a1,a1.example\na2,a2.example\na3,a3.example\n');
    h.audit.entries = [];
    const answer = await h.engine.provisioning.provision([], { chunkSize: 2 });
    expect(answer.metadata).toMatchObject({ result: 0, error_code: 'KEYCHAIN_LOCKED', reason: 'The OS keychain is locked (test).' });
    expect(entriesOf(h)).toEqual([
      [HOST, 'provision', 'a1', 1, 'OK'],
      [HOST, 'provision', 'a2', 1, 'OK'],
      [HOST, 'provision', null, 0, 'The OS keychain is locked (test).'],
    ]);
  });

  it('records WHM calls refused before they run: an unknown function and a malformed parameter', async () => {
    const h = makeEngine();
    await h.engine.whm.call('twofactorauth_nope\u0007', []);
    await h.engine.whm.call('twofactorauth_get_issuer', params(`note=${'x'.repeat(5000)}`));
    expect(entriesOf(h).map(([profile, fn, , result]) => [profile, fn, result])).toEqual([
      [HOST, 'twofactorauth_nope?', 0],
      [HOST, 'twofactorauth_get_issuer', 0],
    ]);
  });

  it('writes names through the sanitiser whichever path records them: a --server with control characters', async () => {
    const h = makeEngine();
    await h.engine.whm.call('twofactorauth_enable_policy', [], 'a\r\u001b[2Jb');
    await h.engine.whm.call('twofactorauth_get_user_configs', params('user=x\u0085y'));
    expect(h.audit.entries.map((e) => [e.profile, e.user])).toEqual([
      ['a??[2Jb', null],
      [HOST, 'x?y'],
    ]);
  });

    it('never writes a secret or a code, whichever way verify and reveal end', async () => {
    const h = makeEngine();
    await h.engine.accounts.add('ann', 'ann.example.com');
    const made = await h.engine.provisioning.provision(['ann'], { withSecrets: true });
    const { secret } = made.data!.provisioned[0]!;
    await h.engine.provisioning.reveal('ann');
    const code = codeAt(secret, FIXED_NOW_MS);
    await h.engine.provisioning.verify('ann', code);
    await h.engine.provisioning.verify('ann', code);
    const trail = JSON.stringify(await h.audit.read());
    expect(trail).not.toContain(secret);
    expect(trail).not.toContain(code);
    expect(h.audit.entries.map((e) => [e.function, e.result])).toEqual([
      ['accounts_add', 1],
      ['provision', 1],
      ['reveal', 1],
      ['twofactorauth_set_tfa_config', 1],
      ['twofactorauth_set_tfa_config', 0],
    ]);
  });
});
