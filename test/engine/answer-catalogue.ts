// Real answers of the nine WHM functions, success and failure each, as the engine gives them: what the renderings
// are checked on (envelope-format.test.ts) and compared byte for byte with cPanel's serialisers
// (cpanel-serialisers.test.ts).
import type { Envelope } from '../../main/engine/envelope.js';
import { FailingSealer, FIXED_NOW_MS, makeEngine, params } from './fakes.js';
import { codeAt, wrongCodeAt } from './helpers.js';

const SECRET = 'JBSWY3DPEHPK3PXP';

/** One success and one failure answer per WHM function, as real calls produce them. */
export async function catalogue(): Promise<[string, Envelope][]> {
  const h = makeEngine();
  await h.engine.accounts.add('alice', 'alice.example.com');
  const call = (fn: string, pairs: [string, string][] = []) => h.engine.whm.call(fn, pairs);
  const out: [string, Envelope][] = [];
  out.push(['generate ok', await call('twofactorauth_generate_tfa_config')]);
  out.push(['generate unknown user', await call('twofactorauth_generate_tfa_config', params('user=ghost'))]);
  out.push(['set ok', await call('twofactorauth_set_tfa_config', params(`secret=${SECRET}`, `tfa_token=${codeAt(SECRET, FIXED_NOW_MS)}`))]);
  out.push(['set invalid code', await call('twofactorauth_set_tfa_config', params(`secret=${SECRET}`, `tfa_token=${wrongCodeAt(SECRET, FIXED_NOW_MS)}`))]);
  out.push(['set bad secret', await call('twofactorauth_set_tfa_config', params('secret=0000', 'tfa_token=123456'))]);
  const locked = makeEngine({ sealer: new FailingSealer() });
  out.push([
    'set keychain failure',
    await locked.engine.whm.call('twofactorauth_set_tfa_config', params(`secret=${SECRET}`, `tfa_token=${codeAt(SECRET, FIXED_NOW_MS)}`)),
  ]);
  out.push(['get_user_configs ok', await call('twofactorauth_get_user_configs')]);
  out.push(['get_user_configs unknown', await call('twofactorauth_get_user_configs', params('user=ghost'))]);
  out.push(['remove ok', await call('twofactorauth_remove_user_config', params('user=root', 'user-1=alice', 'user-2=ghost'))]);
  out.push(['remove nothing failed', await call('twofactorauth_remove_user_config', params('user=alice'))]);
  out.push(['remove all failed', await call('twofactorauth_remove_user_config', params('user=ghost'))]);
  out.push(['remove no users', await call('twofactorauth_remove_user_config')]);
  out.push(['policy_status ok', await call('twofactorauth_policy_status')]);
  out.push(['policy_status bad param', await call('twofactorauth_policy_status', params('api.version=2'))]);
  out.push(['enable ok', await call('twofactorauth_enable_policy')]);
  out.push(['disable ok', await call('twofactorauth_disable_policy')]);
  const broken = makeEngine();
  broken.state.failUpdatesWith = 'state is locked & busy';
  out.push(['enable failure', await broken.engine.whm.call('twofactorauth_enable_policy', [])]);
  out.push(['disable failure', await broken.engine.whm.call('twofactorauth_disable_policy', [])]);
  out.push(['get_issuer ok', await call('twofactorauth_get_issuer')]);
  out.push(['get_issuer bad param', await call('twofactorauth_get_issuer', params('issuer=x'))]);
  out.push(['set_issuer ok', await call('twofactorauth_set_issuer', params('issuer=Example cPanel L.L.C.'))]);
  out.push(['set_issuer invalid', await call('twofactorauth_set_issuer', params('issuer=<b>&"x"'))]);
  out.push(['generate with spaced issuer', await call('twofactorauth_generate_tfa_config')]);
  out.push(['unknown function', await call('nope')]);
  return out;
}

