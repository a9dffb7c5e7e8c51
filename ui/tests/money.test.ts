import { describe, expect, it } from 'vitest';
import { formatEuro, formatEuroInput, parseEuroCents } from '../src/lib/money';

describe('importi in euro', () => {
  it('legge il formato italiano in centesimi', () => {
    expect(parseEuroCents('1.234,56')).toBe(123456);
    expect(parseEuroCents('1234,56')).toBe(123456);
    expect(parseEuroCents('12')).toBe(1200);
    expect(parseEuroCents('0,5')).toBe(50);
    expect(parseEuroCents('0,05')).toBe(5);
    expect(parseEuroCents('1.000.000')).toBe(100000000);
    expect(parseEuroCents(' € 48.800,00 ')).toBe(4880000);
    expect(parseEuroCents('48.800,00 €')).toBe(4880000);
  });

  it('rifiuta ciò che non è un importo', () => {
    for (const bad of ['', ' ', 'abc', '12a', '-5', '1,234.56', '1234.56', '12,345', '1.23,45', '1..234', ',50', '1.234,', '12 34', '1e5']) {
      expect(parseEuroCents(bad), bad).toBeNull();
    }
  });

  it('scrive i centesimi nel formato dei campi', () => {
    expect(formatEuroInput(123456)).toBe('1.234,56');
    expect(formatEuroInput(5)).toBe('0,05');
    expect(formatEuroInput(0)).toBe('0,00');
    expect(formatEuroInput(100000000)).toBe('1.000.000,00');
  });

  it('andata e ritorno', () => {
    for (const cents of [0, 1, 99, 100, 123456, 4880000, 987654321]) {
      expect(parseEuroCents(formatEuroInput(cents))).toBe(cents);
    }
  });

  it('formatta il totale con Intl in euro, con il punto delle migliaia', () => {
    expect(formatEuro(123456)).toBe('1.234,56\u00a0€');
    expect(formatEuro(4880000)).toBe('48.800,00\u00a0€');
    expect(formatEuro(50)).toBe('0,50\u00a0€');
  });
});
