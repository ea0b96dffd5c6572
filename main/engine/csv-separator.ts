// A CSV saved with semicolons (as spreadsheets do in many locales) or tabs (“tab-delimited text”, or a paste from a
// spreadsheet) instead of the commas an account list needs: recognised cheaply, without the CSV parser, so the CLI
// can say it once for a whole file and each such row can say it too.

/** Said when a CSV's rows are `user;domain`: spreadsheets in many locales save CSV with semicolons. */
export const SEMICOLON_HINT =
  'The file looks separated by semicolons (user;domain); the CSV must use commas (user,domain). ' +
  'Save it again with comma as the separator, or replace each ; with , and import it again.';

/** Said when a CSV's rows are `user<TAB>domain`: a spreadsheet's tab-delimited text, or rows pasted from one. */
export const TAB_HINT =
  'The file looks separated by tabs (user<TAB>domain); the CSV must use commas (user,domain). ' +
  'Save it again as CSV with comma as the separator, or replace each tab with , and import it again.';

const HINTS = [
  [';', SEMICOLON_HINT],
  ['\t', TAB_HINT],
] as const;

/** The hint for a row with no comma that holds a semicolon or a tab (its one field is `user;domain`), or null. */
export function rowSeparatorHint(field: string): string | null {
  return HINTS.find(([separator]) => field.includes(separator))?.[1] ?? null;
}

/** The hint for a CSV text most of whose rows are `a;b` or `a<TAB>b` with no comma, so it is said once for the file. */
export function wrongSeparatorHint(text: string): string | null {
  const lines = text.slice(0, 64 * 1024).split(/\r?\n/).filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#')).slice(0, 50);
  for (const [separator, hint] of HINTS) {
    const separated = lines.filter((line) => line.includes(separator) && !line.includes(',')).length;
    if (lines.length > 0 && separated * 2 > lines.length) return hint;
  }
  return null;
}
