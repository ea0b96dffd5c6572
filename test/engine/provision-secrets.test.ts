// provision answers the users it provisioned; their secrets only when asked for (--with-secrets, or reveal).
import { describe, expect, it } from 'vitest';
import { OUTPUT_FORMATS, renderEnvelope } from '../../main/engine/envelope-format.js';
import { makeEngine } from './fakes.js';

describe('provision keeps secrets out of its answer unless asked', () => {
  it('answers users, skipped and failed by default, and no secret or otpauth URI in any format', async () => {
    const h = makeEngine();
    await h.engine.accounts.import('ann,ann.example.com\nben,ben.example.com\n');
    const answer = await h.engine.provisioning.provision([]);
    expect(answer.data).toEqual({ provisioned: ['ann', 'ben'], skipped: [], failed: {}, cancelled: 0 });
    const secrets = await Promise.all(['ann', 'ben'].map(async (u) => ((await h.engine.provisioning.reveal(u)).data as { secret: string }).secret));
    for (const format of OUTPUT_FORMATS) {
      const text = renderEnvelope(answer, format);
      expect(text).not.toContain('otpauth');
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });

  it('answers each secret and otpauth_str with withSecrets', async () => {
    const h = makeEngine();
    await h.engine.accounts.add('ann', 'ann.example.com');
    const answer = await h.engine.provisioning.provision(['ann'], { withSecrets: true });
    const [made] = (answer.data as { provisioned: { user: string; otpauth_str: string; secret: string }[] }).provisioned;
    expect(made).toEqual({ user: 'ann', otpauth_str: expect.stringMatching(/^otpauth:\/\/totp\//), secret: expect.stringMatching(/^[A-Z2-7]{16}$/) });
    expect(((await h.engine.provisioning.reveal('ann')).data as { secret: string }).secret).toBe(made!.secret);
  });
});
