/**
 * Arithmetic on civil dates ("YYYY-MM-DD", the Comune's calendar days), at noon UTC so that no
 * time zone or summer time moves a day.
 */

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** `civil` moved by `n` days. */
export function addDays(civil: string, n: number): string {
  const d = new Date(`${civil}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
}

/** The first day of the month `months` after the month of `civil` (negative: before). */
export function firstOfMonth(civil: string, months = 0): string {
  const [y, m] = civil.split('-').map(Number) as [number, number];
  return iso(new Date(Date.UTC(y, m - 1 + months, 1, 12)));
}

/** The last day of the month of `civil`. */
export function lastOfMonth(civil: string): string {
  return addDays(firstOfMonth(civil, 1), -1);
}
