// The rule for a backup's passphrase: the engine refuses a backup under a weaker one, the UI checks it as it is
// typed. Lengths count characters (code points), not bytes or UTF-16 units.

export const MIN_PASSPHRASE_LENGTH = 12;
export const MAX_PASSPHRASE_LENGTH = 1024;

/** Why a passphrase for a new backup is refused, or null. */
export function passphraseProblem(passphrase: string): string | null {
  const length = [...passphrase].length;
  if (length < MIN_PASSPHRASE_LENGTH) {
    return `The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long (this one has ${length}). A few unrelated words make a strong one.`;
  }
  if (length > MAX_PASSPHRASE_LENGTH) return `The passphrase must be at most ${MAX_PASSPHRASE_LENGTH} characters long.`;
  return null;
}
