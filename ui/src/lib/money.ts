/**
 * Euro amounts: the backend keeps integer cents; the clerk reads and types the Italian format
 * "1.234,56" (dot for thousands, comma for decimals).
 */

const currency = new Intl.NumberFormat('it-IT', {
  style: 'currency',
  currency: 'EUR',
  // it-IT would print 1234,56 without the thousands dot (CLDR minimum grouping digits).
  useGrouping: 'always',
});

/** "1.234,56 €" (with a no-break space before the sign, as Intl writes it). */
export function formatEuro(cents: number): string {
  return currency.format(cents / 100);
}

/** "1.234,56": the form an amount field shows, without the currency sign. */
export function formatEuroInput(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(Math.trunc(cents));
  const euros = Math.floor(abs / 100).toString();
  const rest = (abs % 100).toString().padStart(2, '0');
  const grouped = euros.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped},${rest}`;
}

// Either plain digits (1234) or digits grouped by three with dots (1.234.567); then optionally a
// comma and one or two decimals.
const AMOUNT = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/;

/**
 * Parses an amount typed in the Italian format into cents: "1.234,56" -> 123456, "12" -> 1200,
 * "0,5" -> 50, "€ 1.000" -> 100000. Returns null for anything else (empty, negative, letters,
 * "1,234.56", three decimals, misplaced dots).
 */
export function parseEuroCents(text: string): number | null {
  const s = text
    .trim()
    .replace(/^€[\s\u00a0\u202f]*/, '')
    .replace(/[\s\u00a0\u202f]*€$/, '');
  const m = AMOUNT.exec(s);
  if (!m) return null;
  const euros = Number((m[1] ?? '').replace(/\./g, ''));
  const decimals = (m[2] ?? '').padEnd(2, '0');
  const cents = euros * 100 + Number(decimals);
  return Number.isSafeInteger(cents) ? cents : null;
}

/** The message shown under an amount field that does not parse. */
export const AMOUNT_HINT = 'Scrivi l\u2019importo in euro nel formato 1.234,56';
