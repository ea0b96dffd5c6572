// WHM's issuer rule for twofactorauth_set_issuer: the engine applies it, the UI checks it as the issuer is typed.

export const ISSUER_PATTERN = /^[ a-zA-Z0-9._-]{1,32}$/;

export const ISSUER_RULE_MESSAGE =
  'The “issuer” parameter must be less than or equal to 32 characters in length. It can only use spaces and the following characters: a-z A-Z 0-9 . _ -';

/** The rule in the UI's words, shown under an issuer field before anything is typed. */
export const ISSUER_RULE_HINT = 'Up to 32 characters: letters, digits, spaces, “.”, “_” and “-”.';

/** WHM's reason for refusing an issuer as typed (empty is allowed: it restores the default), or null. */
export function issuerProblem(typed: string): string | null {
  return typed !== '' && !ISSUER_PATTERN.test(typed) ? ISSUER_RULE_MESSAGE : null;
}

export type IssuerInput = { kind: 'clear' } | { kind: 'set'; issuer: string } | { kind: 'invalid' };

/** One leading and one trailing quote are stripped; empty clears the stored issuer so the hostname applies again. */
export function parseIssuer(raw: string | undefined): IssuerInput {
  const stripped = (raw ?? '').replace(/^['"]/, '').replace(/['"]$/, '');
  if (stripped === '') return { kind: 'clear' };
  return ISSUER_PATTERN.test(stripped) ? { kind: 'set', issuer: stripped } : { kind: 'invalid' };
}
