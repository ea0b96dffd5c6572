// Times as the operator reads them: local, 24-hour, year first (2025-01-31 14:05:09), compact enough for tables
// and unambiguous in every locale. The ISO value stays in each <time datetime> for machines.

const pad = (n: number) => String(n).padStart(2, '0');

export function localTime(iso: string | null, withSeconds = true): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}${withSeconds ? `:${pad(d.getSeconds())}` : ''}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** A file-name-safe stamp, e.g. 2025-01-31T14-05-09Z. */
export function fileStamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}
