import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, inFolder } from '../src/lib/backend';
import { fieldId, fieldLabel, byField } from '../src/lib/fields';
import { formatDate, formatSize, parseTimestamp, shortHash, snippetParts } from '../src/lib/format';
import { commentTargets, lastReturn, latestReturn } from '../src/lib/iter';
import { installBackend } from './backend';
import { COMMANDS } from '../src/lib/gen/commands';
import type { Act } from '../src/lib/gen/types';
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
  it('riconosce i rifiuti dell’iter', () => {
    const e = AppError.from({ code: 'not-allowed', message: 'manca il parere di regolarità contabile', fields: [] });
    expect(e.code).toBe('not-allowed');
    expect(e.message).toBe('Manca il parere di regolarità contabile');
  });
  it('riconosce i codici della firma e del server documentale', () => {
    for (const code of ['signature', 'server', 'offline'] as const) {
      expect(AppError.from({ code, message: 'x', fields: [] }).code).toBe(code);
    }
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
    // The same table as atti-core's size_label: the editor and the act's PDF agree.
    const cases = JSON.parse(readFileSync(join(process.cwd(), 'tests', 'fixtures', 'dimensioni.json'), 'utf-8')) as [number, string][];
    for (const [bytes, label] of cases) expect(formatSize(bytes), String(bytes)).toBe(label);
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
    for (const h of [
      '#/',
      '#/atti',
      '#/atti/7',
      '#/atti/7/versioni',
      '#/atti/7/versioni/3',
      '#/atti/7/confronta/2/3',
      '#/atti/7/documento',
      '#/verifica',
      '#/verifica-firma',
      '#/archivio',
      '#/impostazioni',
      '#/impostazioni/server',
      '#/impostazioni/firma',
      '#/impostazioni/sigillo',
      '#/registri',
      '#/registri/ordinanza',
      '#/registri/determinazione/2026',
    ]) {
      expect(href(parseRoute(h)!)).toBe(h);
    }
    expect(parseRoute('#main')).toBeNull();
    expect(parseRoute('')).toEqual({ name: 'inbox' });
    expect(parseRoute('#/registri/boh/2026')).toEqual({ name: 'registro', kind: null, year: null });
    expect(parseRoute('#/atti/7/confronta/2')).toEqual({ name: 'list' });
    expect(parseRoute('#/impostazioni/boh')).toEqual({ name: 'impostazioni' });
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

describe('iter', () => {
  it('le parti dell’atto a cui si riferiscono le osservazioni', async () => {
    // The world's determinazione: four sections, three points, two impegni.
    const act = await installBackend().call<Act>('act_get', { id: 1 });
    expect(commentTargets(act).map((t) => t.field)).toEqual([
      'oggetto',
      'sections[0].text',
      'sections[1].text',
      'sections[2].text',
      'sections[3].text',
      'dispositivo[0].text',
      'dispositivo[1].text',
      'dispositivo[2].text',
      'impegni',
    ]);
  });
  it('l’ultima restituzione', () => {
    const e = (seq: number, action: string) => ({
      seq,
      at: '',
      actor: 'dirigente',
      actor_name: 'Marco Rossi',
      action,
      label: '',
      note: null,
      comments: [],
      version_hash: '',
      version: null,
    });
    expect(latestReturn([e(1, 'crea'), e(2, 'restituisci'), e(3, 'invia'), e(4, 'restituisci'), e(5, 'salva')])?.seq).toBe(4);
    expect(latestReturn([e(1, 'crea')])).toBeNull();
    // A return waits for the drafter until the act is sent again.
    const waiting = lastReturn([e(1, 'crea'), e(2, 'invia'), e(3, 'restituisci'), e(4, 'salva')]);
    expect([waiting?.returned.seq, waiting?.resent]).toEqual([3, null]);
    const answered = lastReturn([e(1, 'crea'), e(2, 'invia'), e(3, 'restituisci'), e(4, 'salva'), e(5, 'invia')]);
    expect([answered?.returned.seq, answered?.resent?.seq]).toEqual([3, 5]);
  });
  it('il «Salva» propone la cartella dell’utente, con il suo separatore', () => {
    expect(inFolder('/home/giulia/Documenti', 'atto.pdf')).toBe('/home/giulia/Documenti/atto.pdf');
    expect(inFolder('/home/giulia/', 'atto.pdf')).toBe('/home/giulia/atto.pdf');
    expect(inFolder('C:\\Users\\giulia\\Documents', 'atto.pdf')).toBe('C:\\Users\\giulia\\Documents\\atto.pdf');
    expect(inFolder(null, 'atto.pdf')).toBe('atto.pdf');
  });
  it('date civili in formato italiano', () => {
    expect(formatDate('2026-11-26')).toBe('26/11/2026');
    expect(formatDate(null)).toBe('');
  });
});

describe('il contratto IPC', () => {
  it('ogni comando generato esiste nell’app ed è concesso alla finestra (capabilities)', async () => {
    const backend = installBackend();
    const refused: string[] = [];
    for (const cmd of COMMANDS) {
      try {
        await backend.invoke(cmd, {});
      } catch (e) {
        // Without its arguments a command says which one is missing: it was reached.
        const text = typeof e === 'string' ? e : JSON.stringify(e);
        if (/not allowed|not found|Command not found/i.test(text)) refused.push(`${cmd}: ${text}`);
      }
    }
    expect(refused).toEqual([]);
    // And one that is not in the contract is refused.
    await expect(backend.invoke('atti_nope', {})).rejects.toMatch(/not allowed|not found/i);
  });
});
