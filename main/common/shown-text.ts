// The one sanitiser for text from outside (usernames, hostnames, parameter names, file contents, adapter messages)
// on its way into a reason, a message or the audit trail. Dependency-free: the engine, the store, the CLI and the
// renderer all show names through it, so a name can never inject terminal escapes, break an XML or YAML answer, or
// flood a message.

/**
 * C0 and C1 controls (ESC included, so `ESC[31m` shows as `?[31m`), DEL, line and paragraph separators, bidi
 * embeddings and overrides (which can make a name read as another), and the noncharacters XML 1.0 forbids.
 */
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g;
/** A surrogate without its pair is not text: no UTF-8 encoder, XML or YAML writer can carry it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Longest name shown in a reason, in characters (code points), before it is cut with “…”. */
export const SHOWN_NAME_LIMIT = 64;

/** Text made safe to show: every unshowable character becomes `?`, every lone surrogate U+FFFD. Length is kept. */
export function shownText(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd').replace(UNSHOWABLE, '?');
}

/** A name as it may appear in a reason: made safe by shownText and bounded, so a huge parameter never floods a message. */
export function shownName(name: string): string {
  const safe = shownText(name);
  if (safe.length <= SHOWN_NAME_LIMIT) return safe;
  const chars = Array.from(safe);
  return chars.length > SHOWN_NAME_LIMIT ? `${chars.slice(0, SHOWN_NAME_LIMIT).join('')}…` : safe;
}
