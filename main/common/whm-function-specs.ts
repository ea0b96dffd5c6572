// The nine WHM API 1 two-factor functions as data: their parameters, and the one-line summary and usage that
// `tfa-provisioner --help` and the desktop app's API shell both show. No code beyond the table, so the
// renderer can import it without pulling in the engine (main/engine/whm-params.ts checks calls against it).

/** The parameters a function accepts. */
export interface ParamSpec {
  /** Names accepted, besides `api.*`. */
  names: readonly string[];
  /** Extra names accepted by pattern (remove_user_config's `user-1`, `user-2`…). */
  pattern?: RegExp;
}

export const WHM_FUNCTIONS = {
  twofactorauth_generate_tfa_config: {
    names: ['user'],
    summary: 'Generate a random secret and otpauth:// URI (stores nothing).',
    usage: '[user=ACCOUNT]',
  },
  twofactorauth_set_tfa_config: {
    names: ['secret', 'tfa_token', 'user'],
    summary: 'Verify a security code for a secret and store the configuration.',
    usage: 'secret=BASE32 tfa_token=123456 [user=ACCOUNT]',
  },
  twofactorauth_get_user_configs: {
    names: ['user'],
    summary: 'List accounts and whether 2FA is configured for each.',
    usage: '[user=ACCOUNT]',
  },
  twofactorauth_remove_user_config: {
    names: ['user'],
    pattern: /^user-\d+$/,
    summary: 'Remove the 2FA configuration of one or more accounts.',
    usage: 'user=ACCOUNT | user-1=A user-2=B ...',
  },
  twofactorauth_policy_status: { names: [], summary: 'Show whether the 2FA security policy is enabled.', usage: '' },
  twofactorauth_enable_policy: { names: [], summary: 'Enable the 2FA security policy.', usage: '' },
  twofactorauth_disable_policy: { names: [], summary: 'Disable the 2FA security policy (secrets are kept).', usage: '' },
  twofactorauth_get_issuer: { names: [], summary: 'Show the issuer shown in authenticator apps.', usage: '' },
  twofactorauth_set_issuer: {
    names: ['issuer'],
    summary: 'Set the issuer; empty restores the default (the hostname).',
    usage: 'issuer=NAME',
  },
} as const satisfies Record<string, ParamSpec & { summary: string; usage: string }>;

export type WhmFunctionName = keyof typeof WHM_FUNCTIONS;

export function isWhmFunction(name: string): name is WhmFunctionName {
  return Object.hasOwn(WHM_FUNCTIONS, name);
}

