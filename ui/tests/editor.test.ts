import { truncateSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import EditorHarness from './harness/EditorHarness.svelte';
import { callsOf, installBackend, type Backend } from './backend';
import { formatTime } from '../src/lib/format';
import type { Act, VersionSummary } from '../src/lib/gen/types';

async function openEditor(backend: Backend, id = 1, autosaveDelayMs = 1000) {
  const result = render(EditorHarness, { info: await backend.session(), id, autosaveDelayMs });
  await screen.findByLabelText('Oggetto');
  return result;
}

function latest(backend: Backend, id = 1): Promise<Act> {
  return backend.call<Act>('act_get', { id });
}

/** Another user (the dirigente) saves act `id` meanwhile. */
async function saveAsSomeoneElse(backend: Backend, id: number, change: (act: Act) => void): Promise<void> {
  await backend.as('dirigente', 'istruttore', async () => {
    const act = await latest(backend, id);
    change(act);
    await backend.call('act_save', { act });
  });
}

function labelsOfPoints(): string[] {
  const section = screen.getByRole('region', { name: 'Dispositivo' });
  return within(section)
    .getAllByText(/^Punto \d+$/)
    .map((el) => el.textContent ?? '');
}

function textsOfPoints(): string[] {
  return labelsOfPoints().map((_, i) => (document.getElementById(`f-dispositivo-${i}-text`) as HTMLTextAreaElement).value);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('dispositivo', () => {
  it('aggiunge, sposta e rimuove i punti rinumerandoli', async () => {
    const backend = installBackend();
    await openEditor(backend);
    const original = textsOfPoints();
    expect(labelsOfPoints()).toEqual(['Punto 1', 'Punto 2', 'Punto 3']);
    expect(screen.getByText('DETERMINA')).toBeTruthy();

    // Add: a fourth point, focused, ready to type.
    await fireEvent.click(screen.getByRole('button', { name: 'Aggiungi un punto' }));
    expect(labelsOfPoints()).toEqual(['Punto 1', 'Punto 2', 'Punto 3', 'Punto 4']);
    const fourth = document.getElementById('f-dispositivo-3-text') as HTMLTextAreaElement;
    expect(document.activeElement).toBe(fourth);
    await fireEvent.input(fourth, { target: { value: 'di trasmettere il presente atto al servizio finanziario.' } });

    // Move point 2 up: it becomes point 1; the numbers stay 1..4; the focus follows the point.
    await fireEvent.click(screen.getByRole('button', { name: 'Sposta su il punto 2' }));
    expect(textsOfPoints()).toEqual([original[1], original[0], original[2], 'di trasmettere il presente atto al servizio finanziario.']);
    expect(labelsOfPoints()).toEqual(['Punto 1', 'Punto 2', 'Punto 3', 'Punto 4']);
    expect((document.activeElement as HTMLElement).id).toBe('disp-0-down');
    expect(screen.getByText('Punto 2 spostato in posizione 1.')).toBeTruthy();

    // Move down with the keyboard-reachable button too.
    await fireEvent.click(screen.getByRole('button', { name: 'Sposta giù il punto 3' }));
    expect(textsOfPoints()[3]).toBe(original[2]);

    // Remove point 1: the others are renumbered.
    await fireEvent.click(screen.getByRole('button', { name: 'Rimuovi il punto 1' }));
    expect(labelsOfPoints()).toEqual(['Punto 1', 'Punto 2', 'Punto 3']);
    expect(textsOfPoints()).toEqual([original[0], 'di trasmettere il presente atto al servizio finanziario.', original[2]]);
    expect(document.activeElement?.id).toBe('f-dispositivo-0-text');

    // The first point cannot go up, the last cannot go down.
    expect((screen.getByRole('button', { name: 'Sposta su il punto 1' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Sposta giù il punto 3' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('salva i punti nell’ordine mostrato', async () => {
    vi.useFakeTimers();
    const backend = installBackend();
    await openEditor(backend);
    const original = textsOfPoints();
    await fireEvent.click(screen.getByRole('button', { name: 'Sposta giù il punto 1' }));
    await vi.advanceTimersByTimeAsync(1000);
    const saves = callsOf(backend, 'act_save');
    expect(saves).toHaveLength(1);
    const sent = (saves[0]!.args as { act: Act }).act;
    expect(sent.dispositivo.map((p) => p.text)).toEqual([original[1], original[0], original[2]]);
    expect(sent.version).toBe(5);
    await backend.settled();
    expect((await latest(backend)).dispositivo.map((p) => p.text)).toEqual([original[1], original[0], original[2]]);
  });
});

describe('impegni', () => {
  it('legge gli importi in formato italiano e aggiorna il totale', async () => {
    const backend = installBackend();
    await openEditor(backend);
    const total = screen.getByTestId('totale-impegni');
    expect(total.textContent).toBe('48.800,00\u00a0€');
    const amount = screen.getByLabelText('Importo dell’impegno 2, in euro') as HTMLInputElement;
    expect(amount.value).toBe('8.800,00');
    await fireEvent.input(amount, { target: { value: '1.234,56' } });
    expect(total.textContent).toBe('41.234,56\u00a0€');
    await fireEvent.input(amount, { target: { value: '12,345' } });
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Scrivi l’importo in euro nel formato 1.234,56')).toBeTruthy();
    expect(total.textContent).toBe('41.234,56\u00a0€');
  });
});

describe('vantaggi economici (artt. 26-27 D.Lgs. 33/2013)', () => {
  it('un impegno che concede un contributo chiede la norma e le modalità; si salvano con l’impegno', async () => {
    const backend = installBackend();
    await openEditor(backend);
    const grant = screen.getByRole('checkbox', { name: /L’impegno 1 concede un vantaggio economico/ });
    expect(screen.queryByLabelText('Norma o titolo dell’attribuzione')).toBeNull();
    await fireEvent.click(grant);
    const norma = await screen.findByLabelText('Norma o titolo dell’attribuzione');
    await fireEvent.input(norma, { target: { value: 'Regolamento comunale dei contributi, art. 5' } });
    await fireEvent.input(screen.getByLabelText('Modalità di individuazione del beneficiario'), {
      target: { value: 'Bando pubblico' },
    });
    await fireEvent.click(screen.getByRole('checkbox', { name: /il nome non si pubblica/ }));
    await waitFor(
      async () =>
        expect((await latest(backend)).impegni[0]!.sovvenzione).toEqual({
          norma: 'Regolamento comunale dei contributi, art. 5',
          modalita: 'Bando pubblico',
          disagio: true,
        }),
      { timeout: 5000 },
    );
    // Unticked: no longer a grant.
    await fireEvent.click(grant);
    await waitFor(async () => expect((await latest(backend)).impegni[0]!.sovvenzione ?? null).toBeNull(), { timeout: 5000 });
  });
});

describe('pubblicazione più lunga', () => {
  it('quando una legge la chiede: giorni e norma si salvano con l’atto; il core rifiuta meno di 16 giorni', async () => {
    const backend = installBackend();
    await openEditor(backend);
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Una legge chiede una pubblicazione più lunga dei 15 giorni ordinari' }));
    const norma = await screen.findByLabelText('Norma che la chiede');
    await waitFor(() => expect(document.activeElement).toBe(norma));
    await fireEvent.input(norma, { target: { value: 'art. 6 c.5 TUEL' } });
    await waitFor(async () => expect((await latest(backend)).pubblicazione).toEqual({ giorni: 30, norma: 'art. 6 c.5 TUEL' }), {
      timeout: 5000,
    });
    const giorni = screen.getByLabelText('Giorni consecutivi di pubblicazione');
    await fireEvent.input(giorni, { target: { value: '10' } });
    await screen.findByText('Una pubblicazione più lunga dei 15 giorni ordinari: da 16 a 365 giorni', {}, { timeout: 5000 });
    expect(giorni.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('verbale della Polizia locale', () => {
  it('non contestato sul posto: il caso dell’art. 201, il motivo, il giorno dell’identificazione si salvano', async () => {
    const backend = installBackend({ username: 'agente' });
    await openEditor(backend, 2);
    expect(screen.getByLabelText('Dichiarazioni del trasgressore')).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('Contestazione'), { target: { value: 'altro' } });
    const motivo = await screen.findByLabelText('Motivo della mancata contestazione');
    // Not contested: no statements of an offender who was not there.
    expect(screen.queryByLabelText('Dichiarazioni del trasgressore')).toBeNull();
    await fireEvent.input(motivo, { target: { value: 'Il conducente si è allontanato prima dell’arrivo della pattuglia.' } });
    await fireEvent.input(screen.getByLabelText('Trasgressore identificato il'), { target: { value: '2026-11-28' } });
    await fireEvent.click(screen.getByRole('checkbox', { name: /Residente all’estero/ }));
    await waitFor(
      async () =>
        expect((await latest(backend, 2)).verbale).toMatchObject({
          mancata_contestazione: 'altro',
          motivo_mancata_contestazione: 'Il conducente si è allontanato prima dell’arrivo della pattuglia.',
          identificato_il: '2026-11-28',
          residente_estero: true,
        }),
      { timeout: 5000 },
    );
  });
});

describe('salvataggio automatico', () => {
  it('salva una volta sola, un secondo dopo l’ultima di tante modifiche rapide', async () => {
    vi.useFakeTimers();
    const backend = installBackend();
    await openEditor(backend);
    const oggetto = screen.getByLabelText('Oggetto') as HTMLTextAreaElement;

    for (const text of ['Affidamento', 'Affidamento del', 'Affidamento del servizio', 'Affidamento del servizio di pulizia']) {
      await fireEvent.input(oggetto, { target: { value: text } });
      await vi.advanceTimersByTimeAsync(300);
    }
    expect(document.querySelector('.autosave')?.textContent?.trim()).toBe('Modifiche non salvate');
    expect(callsOf(backend, 'act_save')).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(699); // 999 ms after the last change
    expect(callsOf(backend, 'act_save')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await backend.settled();
    const saves = callsOf(backend, 'act_save');
    expect(saves).toHaveLength(1);
    expect((saves[0]!.args as { act: Act }).act.oggetto).toBe('Affidamento del servizio di pulizia');

    const savedAt = (await backend.call<VersionSummary[]>('act_versions', { id: 1 })).find((v) => v.version === 6)!.saved_at;
    const line = document.querySelector('.autosave');
    expect(line?.getAttribute('aria-live')).toBe('polite');
    expect(line?.textContent?.trim()).toBe(`Salvato alle ${formatTime(savedAt)}`);
    expect(line?.textContent?.trim()).toMatch(/^Salvato alle \d{2}:\d{2}$/);

    // The next save starts from the version just saved.
    await fireEvent.input(oggetto, { target: { value: 'Affidamento del servizio di pulizia degli uffici' } });
    await vi.advanceTimersByTimeAsync(1000);
    await backend.settled();
    const again = callsOf(backend, 'act_save');
    expect(again).toHaveLength(2);
    expect((again[1]!.args as { act: Act }).act.version).toBe(6);
    expect((await latest(backend)).version).toBe(7);
  });

  it('salva subito quando il fuoco lascia l’editor', async () => {
    vi.useFakeTimers();
    const backend = installBackend();
    await openEditor(backend);
    const oggetto = screen.getByLabelText('Oggetto');
    await fireEvent.input(oggetto, { target: { value: 'Nuovo oggetto' } });
    await fireEvent.focusOut(oggetto, { relatedTarget: document.body });
    await backend.settled();
    expect(callsOf(backend, 'act_save')).toHaveLength(1);
  });
});

describe('conflitto', () => {
  it('spiega che un altro utente ha salvato e sospende il salvataggio', async () => {
    vi.useFakeTimers();
    const backend = installBackend();
    await openEditor(backend);
    await saveAsSomeoneElse(backend, 1, (a) => (a.oggetto = 'Oggetto scritto dal dirigente'));

    await fireEvent.input(screen.getByLabelText('Oggetto'), { target: { value: 'Oggetto mio' } });
    await vi.advanceTimersByTimeAsync(1000);
    await backend.settled();

    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Le tue ultime modifiche non sono state salvate');
    expect(alert.textContent).toContain('Un altro utente ha salvato questo atto');
    expect(document.querySelector('.autosave')?.textContent).toMatch(/modificato da dirigente \(versione 6\)/);

    // Paused: more typing does not hammer the backend.
    await fireEvent.input(screen.getByLabelText('Oggetto'), { target: { value: 'Oggetto mio, bis' } });
    await vi.advanceTimersByTimeAsync(3000);
    expect(callsOf(backend, 'act_save')).toHaveLength(1);

    // Taking the latest version: their text, no alert.
    await fireEvent.click(screen.getByRole('button', { name: /Carica la versione più recente/ }));
    await backend.settled();
    expect((screen.getByLabelText('Oggetto') as HTMLTextAreaElement).value).toBe('Oggetto scritto dal dirigente');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('può salvare comunque le mie modifiche come nuova versione', async () => {
    vi.useFakeTimers();
    const backend = installBackend();
    await openEditor(backend);
    await saveAsSomeoneElse(backend, 1, (a) => (a.oggetto = 'Oggetto del dirigente'));
    await fireEvent.input(screen.getByLabelText('Oggetto'), { target: { value: 'Oggetto mio' } });
    await vi.advanceTimersByTimeAsync(1000);
    await backend.settled();
    await fireEvent.click(screen.getByRole('button', { name: 'Salva comunque le mie modifiche' }));
    await backend.settled();
    expect((await latest(backend)).oggetto).toBe('Oggetto mio');
    expect((await latest(backend)).version).toBe(7);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('errori di validazione', () => {
  it('mostra ogni messaggio accanto al suo campo e un riepilogo con i collegamenti', async () => {
    vi.useFakeTimers();
    const backend = installBackend({}, (cmd) => {
      if (cmd !== 'act_save') return undefined;
      throw {
        code: 'invalid-input',
        message: 'oggetto: l\'oggetto è obbligatorio; …',
        fields: [
          { field: 'oggetto', message: 'l\'oggetto è obbligatorio' },
          { field: 'dispositivo[1].text', message: 'il punto 2 del dispositivo è vuoto' },
          { field: 'impegni[0].cig', message: 'il CIG deve essere di 10 caratteri, lettere maiuscole e cifre' },
        ],
      };
    });
    await openEditor(backend);
    await fireEvent.input(screen.getByLabelText('Oggetto'), { target: { value: '' } });
    await vi.advanceTimersByTimeAsync(1000);
    await backend.settled();

    const check = (id: string, message: string) => {
      const input = document.getElementById(id)!;
      expect(input.getAttribute('aria-invalid'), id).toBe('true');
      const describedBy = input.getAttribute('aria-describedby') ?? '';
      expect(describedBy.split(' ')).toContain(`${id}-error`);
      expect(document.getElementById(`${id}-error`)?.textContent).toBe(message);
    };
    expect(document.querySelector('.autosave')?.textContent?.trim()).toBe('Non salvato: 3 campi da correggere, segnati in rosso');
    // The autosave adds nothing to the page while the clerk types: the fields are marked, their
    // messages are read by screen readers but not drawn, and there is no summary yet.
    const oggetto = document.getElementById('f-oggetto')!;
    expect(oggetto.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('f-oggetto-error')?.closest('.errors-quiet')).not.toBeNull();
    expect(screen.queryByRole('region', { name: /errori? da correggere/ })).toBeNull();
    // «Salva ora»: the messages and the summary appear, and the focus goes to the summary.
    await fireEvent.click(screen.getByRole('button', { name: 'Salva ora' }));
    await backend.settled();
    await vi.advanceTimersByTimeAsync(0);
    expect(document.querySelector('.errors-quiet')).toBeNull();
    expect(document.activeElement?.id).toBe('riepilogo-errori');
    check('f-oggetto', 'L\'oggetto è obbligatorio');
    check('f-dispositivo-1-text', 'Il punto 2 del dispositivo è vuoto');
    check('f-impegni-0-cig', 'Il CIG deve essere di 10 caratteri, lettere maiuscole e cifre');
    // Fields without errors stay clean.
    expect(document.getElementById('f-impegni-1-cig')?.getAttribute('aria-invalid')).toBeNull();

    const summary = screen.getByRole('region', { name: 'Ci sono 3 errori da correggere' });
    const links = within(summary).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['#f-oggetto', '#f-dispositivo-1-text', '#f-impegni-0-cig']);
    expect(links[2]!.textContent).toBe('Impegno 1, CIG: il CIG deve essere di 10 caratteri, lettere maiuscole e cifre');
    await fireEvent.click(links[2]!);
    expect(document.activeElement?.id).toBe('f-impegni-0-cig');
  });

  it('i messaggi della validazione del backend arrivano ai campi del verbale', async () => {
    vi.useFakeTimers();
    const backend = installBackend({ username: 'agente' });
    await openEditor(backend, 2);
    const targa = screen.getByLabelText('Targa');
    await fireEvent.input(targa, { target: { value: 'ab 123cd' } });
    await vi.advanceTimersByTimeAsync(1000);
    await backend.settled();
    expect(targa.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('f-verbale-targa-error')?.textContent).toBe(
      'La targa contiene solo lettere maiuscole e cifre, senza spazi (al massimo 12)',
    );
    // Fixing it clears the error at the next save.
    await fireEvent.input(targa, { target: { value: 'AB123CD' } });
    await vi.advanceTimersByTimeAsync(1000);
    await backend.settled();
    expect(targa.getAttribute('aria-invalid')).toBeNull();
    expect(document.querySelector('.autosave')?.textContent).toMatch(/Salvato alle/);
  });
});

describe('allegati', () => {
  it('aggiunge un file scelto, con nome, tipo, dimensione e impronta, e lo rimuove', async () => {
    const backend = installBackend({ pickedFiles: ['Relazione tecnica.pdf'] });
    await openEditor(backend);
    await fireEvent.click(screen.getByRole('button', { name: 'Scegli i file da allegare…' }));
    await screen.findByText('Allegato aggiunto.');
    const row = screen.getByText('Relazione tecnica.pdf').closest('tr')!;
    expect(row.textContent).toContain('PDF');
    const hash = row.querySelector('code.hash')!;
    expect(hash.getAttribute('title')).toMatch(/^[0-9a-f]{64}$/);
    expect(hash.querySelector('[aria-hidden="true"]')?.textContent).toMatch(/^[0-9a-f]{12}…$/);
    expect(screen.getByText('Versione').nextElementSibling?.textContent).toBe('6');

    await fireEvent.click(within(row).getByRole('button', { name: 'Rimuovi l’allegato Relazione tecnica.pdf' }));
    await waitFor(() => expect(screen.queryByText('Relazione tecnica.pdf')).toBeNull());
    expect(callsOf(backend, 'attachment_remove')).toHaveLength(1);
  });

  it('mostra l’errore del backend (file troppo grande)', async () => {
    const backend = installBackend();
    // 101 MB, sparse: the backend refuses it by its size before reading it.
    backend.pickedFiles = [backend.file('Planimetria grande.pdf')];
    truncateSync(backend.pickedFiles[0]!, 101 * 1024 * 1024);
    await openEditor(backend);
    await fireEvent.click(screen.getByRole('button', { name: 'Scegli i file da allegare…' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('il limite è 100 MB');
  });
});

describe('permessi', () => {
  it('chi non redige quel tipo di atto lo vede in sola lettura, senza salvataggio', async () => {
    const backend = installBackend({ username: 'presidente' });
    render(EditorHarness, { info: await backend.session(), id: 1 });
    await screen.findByText(/Sola lettura: con il ruolo Presidente del Consiglio non si redigono atti/);
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Salva ora' })).toBeNull();
    expect(screen.getByText('Affidamento del servizio di manutenzione – più qualità nel verde pubblico')).toBeTruthy();
    expect(callsOf(backend, 'act_save')).toHaveLength(0);
  });
});
