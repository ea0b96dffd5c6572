// A believable server profile for the views and screenshots: two profiles, eight accounts in every state.
import { totpCode } from '../../main/engine/totp.js';
import type { TfaEngine } from '../../main/engine/tfa-engine.js';

export const DEMO_HOST = 'whm.example.com';
export const DEMO_ACCOUNTS = [
  ['alice', 'alice-bakery.com'],
  ['bob', 'bobsbikes.net'],
  ['carol', 'carol-design.org'],
  ['dave', 'davesdiner.com'],
  ['erin', 'erin-photo.net'],
  ['frank', 'frankfurt-law.de'],
  ['grace', 'gracegardens.co.uk'],
  ['heidi', 'heidi-hiking.ch'],
] as const;

async function ok(envelopePromise: Promise<{ metadata: { result: '1' | 0; reason: string } }>): Promise<void> {
  const { metadata } = await envelopePromise;
  if (metadata.result !== '1') throw new Error(`Seeding failed: ${metadata.reason}`);
}

export async function seedDemo(engine: TfaEngine): Promise<void> {
  await ok(engine.servers.add('backup.example.net', 'reseller1'));
  await ok(engine.servers.add(DEMO_HOST, 'root'));
  await ok(engine.accounts.import(['user,domain', ...DEMO_ACCOUNTS.map(([u, d]) => `${u},${d}`)].join('\n')));
  const provisioned = await engine.provisioning.provision(['bob', 'dave', 'erin', 'grace'], { withSecrets: true });
  const data = provisioned.data as { provisioned: { user: string; secret: string }[] };
  for (const { user, secret } of data.provisioned.filter((p) => p.user === 'bob' || p.user === 'dave' || p.user === 'grace')) {
    await ok(engine.provisioning.verify(user, totpCode(secret, Date.now())));
  }
  // Rollout: erin's sheet handed over, bob and dave applied, and the server's answer confirms bob.
  await ok(engine.rollout.recordDelivery('sheets', ['erin']));
  await ok(engine.rollout.recordDelivery('apply-body', ['bob', 'dave']));
  const server = { data: { bob: { is_enabled: 1, primary_domain: 'bobsbikes.net' }, root: { is_enabled: 0, primary_domain: DEMO_HOST } } };
  await ok(engine.rollout.reconcile(JSON.stringify({ ...server, metadata: { command: 'twofactorauth_get_user_configs', reason: 'OK', result: 1, version: 1 } })));
  await ok(engine.whm.call('twofactorauth_enable_policy', []));
  await ok(engine.whm.call('twofactorauth_set_issuer', [['issuer', 'Example Hosting']]));
  // One refused call, so the trail shows both outcomes.
  await engine.whm.call('twofactorauth_set_tfa_config', [
    ['secret', 'WJ73QJSKZBXCFIPZ'],
    ['tfa_token', '000000'],
    ['user', 'alice'],
  ]);
}
