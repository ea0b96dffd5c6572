// The nine WHM API 1 functions as the API shell offers them: a form field per parameter. Keyed by the engine's own
// function names, so a function added there fails the type check here until described; the summaries are the
// engine's, the same words as `tfa-provisioner --help`.
import { ISSUER_RULE_HINT } from '../../../main/common/issuer-rule.js';
import { TOTP_DIGITS } from '../../../main/common/totp-parameters.js';
import { WHM_FUNCTIONS, type WhmFunctionName } from '../../../main/common/whm-function-specs.js';

export type FieldKind = 'text' | 'secret' | 'code' | 'users';

export interface ParamField {
  /** The WHM parameter name (for `users`, the base: it becomes user or user-1, user-2…). */
  name: string;
  label: string;
  hint: string;
  kind: FieldKind;
  required: boolean;
}

export interface FunctionInfo {
  fields: ParamField[];
  /** The answer holds a secret: a saved copy asks first and is written 0600. */
  answersSecret: boolean;
}

const userField = (hint: string): ParamField => ({ name: 'user', label: 'user', hint, kind: 'text', required: false });

export const WHM_CATALOG = {
  twofactorauth_generate_tfa_config: {
    fields: [userField('An account of this server profile; empty means the operator.')],
    answersSecret: true,
  },
  twofactorauth_set_tfa_config: {
    fields: [
      { name: 'secret', label: 'secret', hint: 'Base32, as generate returned it (16 characters).', kind: 'secret', required: true },
      { name: 'tfa_token', label: 'tfa_token', hint: `The ${TOTP_DIGITS}-digit code the authenticator app shows now.`, kind: 'code', required: true },
      userField('An account of this server profile; empty means the operator.'),
    ],
    answersSecret: false,
  },
  twofactorauth_get_user_configs: {
    fields: [userField('Only this account; empty lists every account.')],
    answersSecret: false,
  },
  twofactorauth_remove_user_config: {
    fields: [
      {
        name: 'user',
        label: 'users',
        hint: 'One or more usernames, separated by spaces or commas (sent as user, or user-1, user-2…).',
        kind: 'users',
        required: true,
      },
    ],
    answersSecret: false,
  },
  twofactorauth_policy_status: { fields: [], answersSecret: false },
  twofactorauth_enable_policy: { fields: [], answersSecret: false },
  twofactorauth_disable_policy: {
    fields: [],
    answersSecret: false,
  },
  twofactorauth_get_issuer: { fields: [], answersSecret: false },
  twofactorauth_set_issuer: {
    fields: [
      {
        name: 'issuer',
        label: 'issuer',
        hint: ISSUER_RULE_HINT,
        kind: 'text',
        required: false,
      },
    ],
    answersSecret: false,
  },
} as const satisfies Record<WhmFunctionName, FunctionInfo>;

export const WHM_FUNCTION_NAMES = Object.keys(WHM_CATALOG) as WhmFunctionName[];

export { WHM_FUNCTIONS };
export type { WhmFunctionName };

/** Splits the users field of remove_user_config. */
export function splitUsers(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((u) => u.trim())
    .filter((u) => u !== '');
}

/** The key=value pairs a form sends: empty optional fields are left out, as whmapi1 callers would. */
export function paramsFor(fn: WhmFunctionName, values: Record<string, string>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const field of WHM_CATALOG[fn].fields as readonly ParamField[]) {
    const value = values[field.name] ?? '';
    if (field.kind === 'users') {
      const users = splitUsers(value);
      if (users.length === 1) pairs.push(['user', users[0]!]);
      else users.forEach((u, i) => pairs.push([`user-${i + 1}`, u]));
    } else if (field.kind === 'code' || field.kind === 'secret') {
      const trimmed = value.replace(/\s+/g, '');
      if (trimmed !== '' || field.required) pairs.push([field.name, trimmed]);
    } else if (value !== '' || (fn === 'twofactorauth_set_issuer' && field.name === 'issuer')) {
      // set_issuer with an empty issuer is meaningful: it restores the default.
      pairs.push([field.name, value]);
    }
  }
  return pairs;
}
