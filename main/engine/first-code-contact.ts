// The server profile's first-code contact (beyond WHM): where account holders send the first code their app shows,
// as the operator words it ("helpdesk@example.com", "call 555-0100"). Printed on every enrollment sheet.

export const MAX_FIRST_CODE_CONTACT_LENGTH = 200;

/** Controls, line and paragraph separators and bidi overrides would garble or disguise a printed line. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Why `text` cannot be the contact, or null. An empty text clears it (see normalizeFirstCodeContact). */
export function firstCodeContactProblem(text: string): string | null {
  if (text.length > MAX_FIRST_CODE_CONTACT_LENGTH) {
    return `The first-code contact is ${text.length} characters long; at most ${MAX_FIRST_CODE_CONTACT_LENGTH} fit on a sheet.`;
  }
  if (UNPRINTABLE.test(text)) return 'The first-code contact may not hold control characters, line breaks or direction overrides.';
  return null;
}

/** Trimmed; empty means “not set”. */
export function normalizeFirstCodeContact(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}
