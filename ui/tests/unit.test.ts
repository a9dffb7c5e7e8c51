import { describe, expect, it } from 'vitest';
import { AppError } from '../src/lib/backend';
import { fieldId, fieldLabel, byField } from '../src/lib/fields';
import { formatSize, parseTimestamp, shortHash, snippetParts } from '../src/lib/format';
import { parseRoute, href } from '../src/lib/router.svelte';
import { moveItem, removeItem } from '../src/lib/list';

describe('AppError', () => {
  it('avvolge il DTO del backend', () => {
    const e = AppError.from({ code: 'invalid-input', message: 'l\'oggetto è obbligatorio', fields: [{ field: 'oggetto', message: 'x' }] });
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('invalid-input');
    expect(e.message).toBe('L\'oggetto è obbligatorio');
    expect(e.fields).toEqual([{ field: 'oggetto', message: 'x' }]);
  });
  it('tratta stringhe e valori ignoti come errori interni', () => {
    expect(AppError.from('command act_nope not found').code).toBe('internal');
    expect(AppError.from({ code: 'boh', message: 'x' }).code).toBe('internal');
    expect(AppError.from(undefined).message).toMatch(/imprevisto/);
  });
});

describe('percorsi dei campi', () => {
  it('diventano id di elementi', () => {
    expect(fieldId('oggetto')).toBe('f-oggetto');
    expect(fieldId('dispositivo[1].text')).toBe('f-dispositivo-1-text');
    expect(fieldId('impegni[0].cig')).toBe('f-impegni-0-cig');
    expect(fieldId('verbale.trasgressore.codice_fiscale')).toBe('f-verbale-trasgressore-codice_fiscale');
  });
  it('hanno un nome leggibile', () => {
    expect(fieldLabel('oggetto')).toBe('Oggetto');
    expect(fieldLabel('dispositivo[1].text')).toBe('Punto 2 del dispositivo');
    expect(fieldLabel('impegni[0].cig')).toBe('Impegno 1, CIG');
    expect(fieldLabel('verbale.targa')).toBe('Targa');
    expect(fieldLabel('verbale.trasgressore.nome')).toBe('Trasgressore, nome');
  });
  it('uniscono più messaggi dello stesso campo', () => {
    expect(byField([{ field: 'a', message: 'uno.' }, { field: 'a', message: 'due.' }])).toEqual({ a: 'uno. due.' });
  });
});

describe('formati', () => {
  it('legge i timestamp di jiff', () => {
    expect(parseTimestamp('2026-11-26T09:42:00.123456789Z')?.toISOString()).toBe('2026-11-26T09:42:00.123Z');
    expect(parseTimestamp('2026-11-26T10:42:00+01:00[Europe/Rome]')?.toISOString()).toBe('2026-11-26T09:42:00.000Z');
    expect(parseTimestamp('ieri')).toBeNull();
  });
  it('dimensioni, impronte, estratti', () => {
    expect(formatSize(532)).toBe('532 byte');
    expect(formatSize(248_311)).toBe('248,3 kB');
    expect(formatSize(1_532_880)).toBe('1,5 MB');
    expect(shortHash('9f2c4e1ab37d5c08e6f1a2b3')).toBe('9f2c4e1ab37d…');
    expect(snippetParts('…il servizio di «manutenzione» del «verde»')).toEqual([
      { text: '…il servizio di ', match: false },
      { text: 'manutenzione', match: true },
      { text: ' del ', match: false },
      { text: 'verde', match: true },
    ]);
  });
});

describe('rotte', () => {
  it('andata e ritorno', () => {
    for (const h of ['#/', '#/atti/7', '#/atti/7/versioni', '#/atti/7/versioni/3']) {
      expect(href(parseRoute(h)!)).toBe(h);
    }
    expect(parseRoute('#main')).toBeNull();
    expect(parseRoute('')).toEqual({ name: 'list' });
  });
});

describe('riordino', () => {
  it('sposta e rimuove', () => {
    const a = ['a', 'b', 'c'];
    expect(moveItem(a, 1, -1)).toBe(0);
    expect(a).toEqual(['b', 'a', 'c']);
    expect(moveItem(a, 0, -1)).toBe(0);
    expect(removeItem(a, 2)).toBe(1);
    expect(a).toEqual(['b', 'a']);
  });
});
