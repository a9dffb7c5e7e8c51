/** Dates, times and sizes as an Italian clerk reads them. */

// One clock for every screen: the Comune's, Italy's time zone, wherever the PC is (the
// iter, the lists, the versions, the save indicator and the PDF say the same time).
const time = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const longDate = new Intl.DateTimeFormat('it-IT', { day: 'numeric', month: 'long', year: 'numeric' });

/**
 * Parses RFC 3339 as the backend writes it (jiff: "2026-11-26T09:42:00.123456789Z", maybe with a
 * "[Europe/Rome]" suffix). Fractions beyond milliseconds are cut: not every engine takes them.
 */
export function parseTimestamp(rfc3339: string): Date | null {
  const clean = rfc3339
    .trim()
    .replace(/\[[^\]]*\]$/, '')
    .replace(/(\.\d{3})\d+/, '$1');
  const d = new Date(clean);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "10:42" (Europe/Rome) */
export function formatTime(rfc3339: string): string {
  const d = parseTimestamp(rfc3339);
  return d ? time.format(d) : rfc3339;
}

/** "26 novembre 2026" for a civil date "2026-11-26". */
export function formatCivilDate(date: string | null): string {
  if (!date) return '';
  const d = parseTimestamp(`${date}T12:00:00`);
  return d ? longDate.format(d) : date;
}

/** "26/11/2026" for a civil date "2026-11-26" (empty for none). */
export function formatDate(date: string | null): string {
  if (!date) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date.trim());
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date;
}

const rome = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "26/11/2026 10:42" (Europe/Rome) for an RFC 3339 timestamp. */
export function formatTimestamp(rfc3339: string): string {
  const d = parseTimestamp(rfc3339);
  if (!d) return rfc3339;
  const p: Record<string, string> = {};
  for (const part of rome.formatToParts(d)) p[part.type] = part.value;
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** "10:42" for "10:42:00" or "10:42". */
export function formatCivilTime(t: string | null): string {
  return t ? t.slice(0, 5) : '';
}

/**
 * "532 byte", "12,4 kB", "3 MB", "1,2 GB": decimal units as file managers show them, at most one
 * decimal, rounded half up in integers: the act's PDF says the same (atti-core `size_label`; both
 * are checked against tests/fixtures/dimensioni.json).
 */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} byte`;
  const [unit, scale]: [string, number] = bytes < 1_000_000 ? ['kB', 1000] : bytes < 1_000_000_000 ? ['MB', 1_000_000] : ['GB', 1_000_000_000];
  const tenths = Math.floor((bytes * 10 + scale / 2) / scale);
  const whole = Math.floor(tenths / 10)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const tenth = tenths % 10;
  return tenth === 0 ? `${whole} ${unit}` : `${whole},${tenth} ${unit}`;
}

/** First 12 hex digits of a SHA-256, for display (the full one goes in the title). */
export function shortHash(sha256: string): string {
  return sha256.length > 12 ? `${sha256.slice(0, 12)}\u2026` : sha256;
}

/** Splits a search snippet into plain and matched parts (matches are wrapped in « and »). */
export function snippetParts(snippet: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  const re = /«([^»]*)»/g;
  let last = 0;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    if (m.index > last) parts.push({ text: snippet.slice(last, m.index), match: false });
    parts.push({ text: m[1] ?? '', match: true });
    last = m.index + m[0].length;
  }
  if (last < snippet.length) parts.push({ text: snippet.slice(last), match: false });
  return parts;
}
