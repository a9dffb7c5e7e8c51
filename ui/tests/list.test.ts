import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import ListHarness from './harness/ListHarness.svelte';
import App from '../src/App.svelte';
import { callsOf, installBackend } from './backend';
import { selectOption } from './helpers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActFilter } from '../src/lib/gen/types';

afterEach(() => vi.useRealTimers());

describe('elenco degli atti', () => {
  it('mostra oggetto, tipo, numero di proposta, stato e ultima modifica in una tabella con intestazioni', async () => {
    const backend = installBackend();
    render(ListHarness, { info: await backend.session() });
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Oggetto',
      'Tipo',
      'Numero',
      'Stato',
      'Ultima modifica',
    ]);
    const link = within(table).getByRole('link', { name: /Affidamento del servizio di manutenzione – più qualità/ });
    expect(link.getAttribute('href')).toBe('#/atti/1');
    const row = link.closest('tr')!;
    expect(row.textContent).toContain('Determinazione dirigenziale');
    expect(row.textContent).toContain('TEC/2026/0001');
    expect(row.textContent).toContain('Bozza');
    expect(screen.getByText('10 atti trovati.')).toBeTruthy();
  });

  it('un atto restituito dice «Restituita» accanto allo stato, finché non è inviato di nuovo', async () => {
    const backend = installBackend();
    await backend.as('dirigente', 'istruttore', () =>
      backend.call('iter_take', { id: 6, action: 'restituisci', request: { note: 'Manca la sala', comments: [] } }),
    );
    render(ListHarness, { info: await backend.session() });
    const table = await screen.findByRole('table');
    const rowOf = (id: number) => within(table).getAllByRole('link').find((a) => a.getAttribute('href') === `#/atti/${id}`)!.closest('tr')!;
    expect(rowOf(6).textContent).toContain('Restituita');
    expect(rowOf(1).textContent).not.toContain('Restituita');
  });

  it('cerca mentre si scrive, 200 ms dopo l’ultimo tasto, e evidenzia i termini trovati', async () => {
    const backend = installBackend();
    render(ListHarness, { info: await backend.session() });
    await screen.findByText('10 atti trovati.');
    vi.useFakeTimers();
    const before = callsOf(backend, 'act_list').length;
    const search = screen.getByLabelText('Cerca negli atti');
    for (const text of ['m', 'ma', 'man', 'manu', 'manutenzione']) {
      await fireEvent.input(search, { target: { value: text } });
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(callsOf(backend, 'act_list')).toHaveLength(before);
    await vi.advanceTimersByTimeAsync(100);
    const calls = callsOf(backend, 'act_list').slice(before);
    expect(calls).toHaveLength(1);
    expect((calls[0]!.args as { filter: ActFilter }).filter).toEqual({ kind: null, state: null, text: 'manutenzione', office: null, year: null, from: null, to: null, numero: null, limit: 51 });
    // The backend answers on the real clock.
    vi.useRealTimers();
    await screen.findByText('1 atto trovato.');
    const mark = document.querySelector('.snippet mark');
    expect(mark?.textContent?.toLowerCase()).toBe('manutenzione');
    expect(screen.getByText('1 atto trovato.')).toBeTruthy();
  });

  it('mostra i primi 50 atti e altri 50 a richiesta, con il fuoco sul primo aggiunto', async () => {
    const backend = installBackend();
    for (let i = 1; i <= 45; i++) {
      await backend.call('act_create', { kind: 'determinazione', oggetto: `Acquisto di cancelleria, lotto ${i}`, office: null });
    }
    render(ListHarness, { info: await backend.session() });
    await screen.findByText('I primi 50 atti trovati; ce ne sono altri.');
    const links = () => within(screen.getByRole('table')).getAllByRole('link');
    expect(links()).toHaveLength(50);
    await fireEvent.click(screen.getByRole('button', { name: 'Mostra altri 50 atti' }));
    await screen.findByText('55 atti trovati.');
    expect(links()).toHaveLength(55);
    await waitFor(() => expect(document.activeElement).toBe(links()[50]));
    expect(screen.queryByRole('button', { name: /Mostra altri/ })).toBeNull();
    const last = callsOf(backend, 'act_list').at(-1)!.args as { filter: ActFilter };
    expect(last.filter.limit).toBe(101);
  });

  it('filtra per tipo e stato', async () => {
    const backend = installBackend();
    render(ListHarness, { info: await backend.session() });
    await screen.findByRole('table');
    await selectOption(screen.getByLabelText('Tipo di atto'), 'ordinanza');
    await screen.findByText('1 atto trovato.');
    await selectOption(screen.getByLabelText('Stato'), 'bozza');
    await waitFor(() => {
      const last = callsOf(backend, 'act_list').at(-1)!.args as { filter: ActFilter };
      expect(last.filter).toEqual({ kind: 'ordinanza', state: 'bozza', text: null, office: null, year: null, from: null, to: null, numero: null, limit: 51 });
    });
  });
});

describe('nuovo atto', () => {
  it('si apre in una finestra modale, offre solo i tipi che l’utente redige, e si chiude con Esc', async () => {
    const backend = installBackend();
    render(ListHarness, { info: await backend.session() });
    await screen.findByRole('table');
    const opener = screen.getByRole('button', { name: 'Nuovo atto' });
    opener.focus();
    await fireEvent.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Nuovo atto' });
    const kinds = within(dialog)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(kinds).toContain('Determinazione dirigenziale');
    expect(kinds).not.toContain('Verbale della Polizia locale');
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText(/Tipo di atto/)));

    // Tab from the last control wraps to the first: the focus stays in the dialog.
    const create = within(dialog).getByRole('button', { name: 'Crea la bozza' });
    create.focus();
    await fireEvent.keyDown(create, { key: 'Tab' });
    expect(document.activeElement).toBe(within(dialog).getByLabelText(/Tipo di atto/));

    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('segnala i campi mancanti accanto ai campi e crea la bozza', async () => {
    const backend = installBackend();
    render(ListHarness, { info: await backend.session() });
    await screen.findByRole('table');
    await fireEvent.click(screen.getByRole('button', { name: 'Nuovo atto' }));
    const dialog = await screen.findByRole('dialog');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Crea la bozza' }));
    const oggetto = within(dialog).getByLabelText(/Oggetto/);
    expect(oggetto.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(oggetto.getAttribute('aria-describedby')!.split(' ').at(-1)!)?.textContent).toBe(
      'Scrivi l’oggetto dell’atto.',
    );

    await selectOption(within(dialog).getByLabelText(/Tipo di atto/), 'ordinanza');
    await fireEvent.input(oggetto, { target: { value: 'Divieto di vendita di bevande in vetro in occasione del Carnevale' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Crea la bozza' }));
    await waitFor(() => expect(window.location.hash).toBe('#/atti/11'));
    const created = callsOf(backend, 'act_create')[0]!.args;
    expect(created).toEqual({
      kind: 'ordinanza',
      oggetto: 'Divieto di vendita di bevande in vetro in occasione del Carnevale',
      office: 'TEC',
    });
  });
});

describe('modelli', () => {
  it('«Nuovo atto» parte da un modello dell’ufficio: premesse, dispositivo e impegni, l’oggetto se non lo si scrive', async () => {
    const backend = installBackend();
    // The dirigente of the office made act 1 a modello.
    await backend.as('dirigente', 'istruttore', () => backend.call('modello_from_act', { id: 1, nome: 'Manutenzione del verde' }));
    const source = await backend.call<{ dispositivo: { text: string }[]; impegni: unknown[]; oggetto: string }>('act_get', { id: 1 });
    render(ListHarness, { info: await backend.session() });
    await screen.findByRole('table');
    await fireEvent.click(screen.getByRole('button', { name: 'Nuovo atto' }));
    const dialog = await screen.findByRole('dialog', { name: 'Nuovo atto' });
    // No modello offered for a kind that has none.
    await selectOption(within(dialog).getByLabelText(/Tipo di atto/), 'ordinanza');
    await waitFor(() => expect(callsOf(backend, 'modelli').length).toBeGreaterThan(0));
    expect(within(dialog).queryByLabelText('Parti da un modello dell’ufficio')).toBeNull();
    await selectOption(within(dialog).getByLabelText(/Tipo di atto/), 'determinazione');
    const modello = await within(dialog).findByLabelText('Parti da un modello dell’ufficio');
    await selectOption(modello, 'Manutenzione del verde');
    // The oggetto may stay empty: the modello's.
    expect(within(dialog).getByLabelText(/Oggetto/).getAttribute('placeholder')).toBe(source.oggetto);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Crea la bozza' }));
    await waitFor(() => expect(window.location.hash).toMatch(/^#\/atti\/\d+$/));
    const id = Number(window.location.hash.split('/')[2]);
    const created = await backend.call<{ dispositivo: { text: string }[]; impegni: unknown[]; oggetto: string }>('act_get', { id });
    expect(created.oggetto).toBe(source.oggetto);
    expect(created.dispositivo).toEqual(source.dispositivo);
    expect(created.impegni).toHaveLength(source.impegni.length);
    expect(callsOf(backend, 'act_create')).toHaveLength(0);
  });
});

describe('modelli degli atti (impostazioni)', () => {
  it('elenca i modelli dell’ufficio; il dirigente li elimina', async () => {
    const backend = installBackend({ username: 'dirigente' });
    await backend.call('modello_from_act', { id: 1, nome: 'Manutenzione del verde' });
    window.location.hash = '#/impostazioni/modelli';
    render(App);
    await screen.findByRole('heading', { level: 1, name: 'Modelli degli atti' });
    const row = (await screen.findByRole('rowheader', { name: 'Manutenzione del verde' })).closest('tr')!;
    expect(row.textContent).toContain('Determinazione dirigenziale');
    await fireEvent.click(within(row).getByRole('button', { name: 'Elimina il modello Manutenzione del verde' }));
    await screen.findByText('Modello «Manutenzione del verde» eliminato.');
    await screen.findByText('Questo ufficio non ha modelli.');
    expect(await backend.call<unknown[]>('modelli', { office: null, kind: null })).toEqual([]);
  });
});

describe('filtri dell’elenco', () => {
  it('per ufficio, anno, giorni e numero; un anno scritto male è detto e non filtra', async () => {
    const backend = installBackend();
    render(ListHarness, { info: await backend.session() });
    await screen.findByRole('table');
    const last = () => callsOf(backend, 'act_list').at(-1)!.args as { filter: ActFilter };
    await selectOption(screen.getByLabelText('Ufficio'), 'TEC');
    await fireEvent.input(screen.getByLabelText('Anno'), { target: { value: '20' } });
    expect(screen.getByText('Scrivi l’anno con quattro cifre, per esempio 2026.')).toBeTruthy();
    await waitFor(() => expect(last().filter).toMatchObject({ office: 'TEC', year: null }));
    await fireEvent.input(screen.getByLabelText('Anno'), { target: { value: '2026' } });
    await fireEvent.input(screen.getByLabelText('Numero'), { target: { value: '1/2026' } });
    await waitFor(() => expect(last().filter).toMatchObject({ office: 'TEC', year: 2026, numero: '1/2026' }));
    await waitFor(() => expect(document.querySelector('.list-count')?.textContent).toBe('1 atto trovato.'));
    expect(screen.getByRole('link', { name: 'Nomina della commissione giudicatrice per la gara del servizio mensa' })).toBeTruthy();
    // What is shown goes out as a spreadsheet (ODS, proposed first; the acceptance tests read
    // it with LibreOffice Calc), with the same filter.
    await fireEvent.click(screen.getByRole('button', { name: 'Esporta in un foglio di calcolo…' }));
    const saved = join(backend.saveFolder!, 'elenco-atti.ods');
    await screen.findByText(`Elenco esportato in ${saved}.`);
    expect((callsOf(backend, 'act_list_save')[0]!.args as { filter: ActFilter }).filter).toMatchObject({ office: 'TEC', year: 2026, numero: '1/2026' });
    const open = callsOf(backend, 'plugin:dialog|save')[0]!.args as { options: { filters: { extensions: string[] }[] } };
    expect(open.options.filters.map((f) => f.extensions)).toEqual([['ods'], ['csv']]);
    // An ODS file: a zip whose first entry, stored, is its mimetype.
    const bytes = readFileSync(saved);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.subarray(30, 38 + 46).toString('latin1')).toBe('mimetypeapplication/vnd.oasis.opendocument.spreadsheet');
  });
});
