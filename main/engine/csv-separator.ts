// A CSV saved with semicolons (as spreadsheets do in many locales) instead of the commas an account list needs:
// recognised cheaply, without the CSV parser, so the CLI can say it once for a whole file.

/** Said when a CSV's rows are `user;domain`: spreadsheets in many locales save CSV with semicolons. */
export const SEMICOLON_HINT =
  'The file looks separated by semicolons (user;domain); the CSV must use commas (user,domain). ' +
  'Save it again with comma as the separator, or replace each ; with , and import it again.';

/** Whether most rows of a CSV text are `a;b` with no comma, so one hint can be given for the whole file. */
export function looksSemicolonSeparated(text: string): boolean {
  const lines = text.slice(0, 64 * 1024).split(/\r?\n/).filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#')).slice(0, 50);
  const semicolon = lines.filter((line) => line.includes(';') && !line.includes(',')).length;
  return lines.length > 0 && semicolon * 2 > lines.length;
}
