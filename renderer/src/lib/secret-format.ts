// How a Base32 secret is shown and spoken: groups of four for the eye, one character at a time for the ear.

export function secretGroups(secret: string): string[] {
  return secret.match(/.{1,4}/g) ?? [];
}

/** For aria-label: "W J 7 3, Q J S K, …" so a screen reader spells it rather than guessing words. */
export function spokenSecret(secret: string): string {
  return secretGroups(secret)
    .map((group) => group.split('').join(' '))
    .join(', ');
}
