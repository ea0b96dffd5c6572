// Attributes shared by every input of one kind, so the forms of the app treat them alike.
import type { HTMLInputAttributes } from 'svelte/elements';

/**
 * An identifier the operator types exactly (hostname, operator, username, domain, a WHM parameter): the browser must
 * not offer past entries, capitalise its first letter or mark it as misspelt.
 */
export const IDENTIFIER_INPUT = { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' } as const satisfies HTMLInputAttributes;
