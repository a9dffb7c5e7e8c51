import { describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../src/App.svelte';
import EditorHarness from './harness/EditorHarness.svelte';
import VersionDiff from '../src/lib/components/VersionDiff.svelte';
import IterTimeline from '../src/lib/components/IterTimeline.svelte';
import { callsOf, installBackend, type Backend, type Override } from './backend';
import { selectOption } from './helpers';
import { formatTime, formatTimestamp } from '../src/lib/format';
import type { Act, TimelineEntry } from '../src/lib/gen/types';
import { DEMO_PIN } from './world';
import { approveInSession, verbaleDaNotificare } from './scenarios';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

async function openAct(username: string, id: number, override?: Override) {
  const backend = installBackend({ username }, override);
  render(EditorHarness, { info: await backend.session(), id });
  const panel = await screen.findByRole('region', { name: 'Stato e azioni' });
  return { backend, panel };
}

async function latest(backend: Backend, id: number): Promise<Act> {
  return backend.call<Act>('act_get', { id });
}

function actionButtons(panel: HTMLElement): string[] {
  const list = within(panel).getByRole('list', { name: 'Azioni' });
  return within(list)
    .getAllByRole('button')
    .map((b) => b.textContent?.trim() ?? '');
}

function timelineItems(): HTMLElement[] {
  const timeline = screen.getByRole('region', { name: 'Iter dell’atto' });
  return [...timeline.querySelectorAll<HTMLElement>('ol.timeline > li')];
}

describe('pannello dell’iter', () => {
  it('mostra stato, numero, firme e le azioni aperte al dirigente', async () => {
    const { panel } = await openAct('dirigente', 6);
    expect(within(panel).getByText('In istruttoria', { selector: '.state-badge' })).toBeTruthy();
    expect(within(panel).getByText('non ancora assegnato')).toBeTruthy();
    expect(actionButtons(panel)).toEqual(['Restituisci per modifiche', 'Adotta e firma', 'Ritira']);
    expect(within(panel).getByRole('list', { name: 'Azioni' }).querySelector('[aria-disabled]')).toBeNull();
    const firme = within(panel).getByText('Firme').nextElementSibling!;
    expect(firme.textContent?.replace(/\s+/g, ' ').trim()).toBe('Dirigente: firma da apporre');
  });

  it('un’azione bloccata resta raggiungibile da tastiera e dice perché, a parole', async () => {
    const { backend, panel } = await openAct('segretario', 7);
    expect(actionButtons(panel)).toEqual(['Restituisci per modifiche', "Iscrivi all'ordine del giorno"]);
    const iscrivi = within(panel).getByRole('button', { name: "Iscrivi all'ordine del giorno" }) as HTMLButtonElement;
    expect(iscrivi.getAttribute('aria-disabled')).toBe('true');
    expect(iscrivi.disabled).toBe(false);
    iscrivi.focus();
    expect(document.activeElement).toBe(iscrivi);
    const reason = document.getElementById(iscrivi.getAttribute('aria-describedby')!)!;
    expect(reason.textContent).toMatch(/Non ancora possibile:\s+Il parere di regolarità tecnica è da rinnovare/);
    expect(reason.closest('li')).toBe(iscrivi.closest('li'));
    await fireEvent.click(iscrivi);
    expect(callsOf(backend, 'iter_take')).toHaveLength(0);
    // The parere given before the change of text is marked, in words.
    const parere = within(panel).getByText('Da rinnovare').closest('li')!;
    expect(parere.textContent).toContain('Parere di regolarità tecnica:');
    expect(parere.textContent).toContain('favorevole');
    expect(parere.textContent).toContain('Marco Rossi');
    expect(parere.textContent).toMatch(/Il testo è cambiato dopo \(ora è alla versione 3\): va espresso di nuovo/);
  });

  it('restituisci: la motivazione è obbligatoria e le osservazioni per parte arrivano al backend', async () => {
    const { backend, panel } = await openAct('dirigente', 6);
    await fireEvent.click(within(panel).getByRole('button', { name: 'Restituisci per modifiche' }));
    const dialog = await screen.findByRole('dialog', { name: 'Restituisci per modifiche' });
    const nota = within(dialog).getByLabelText('Motivazione');
    await waitFor(() => expect(document.activeElement).toBe(nota));

    await fireEvent.click(within(dialog).getByRole('button', { name: 'Conferma' }));
    expect(nota.getAttribute('aria-invalid')).toBe('true');
    expect(nota.getAttribute('aria-describedby')).toContain('azione-nota-error');
    expect(within(dialog).getByText('Scrivi la motivazione: è obbligatoria.')).toBeTruthy();
    expect(callsOf(backend, 'iter_take')).toHaveLength(0);

    await fireEvent.input(nota, { target: { value: 'Correggere l’importo e l’oggetto.' } });
    const parts = within(dialog).getByLabelText('Parte dell’atto') as HTMLSelectElement;
    expect([...parts.options].map((o) => o.textContent)).toEqual([
      'Oggetto',
      'Sezione 1 (Premesso che)',
      'Sezione 2 (Visti e richiamati)',
      'Punto 1 del dispositivo',
      'Punto 2 del dispositivo',
      'Impegni di spesa',
    ]);
    await selectOption(parts, 'dispositivo[1].text');
    await fireEvent.input(within(dialog).getByLabelText('Osservazione'), { target: { value: 'L’importo è di € 6.200,00.' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Aggiungi l’osservazione' }));
    await selectOption(parts, 'oggetto');
    // Written but not added: it is sent too.
    await fireEvent.input(within(dialog).getByLabelText('Osservazione'), { target: { value: 'Oggetto troppo generico.' } });
    expect(within(dialog).getByText('L’importo è di € 6.200,00.').closest('li')?.textContent).toContain('Punto 2 del dispositivo:');

    await fireEvent.click(within(dialog).getByRole('button', { name: 'Conferma' }));
    await waitFor(() => expect(callsOf(backend, 'iter_take')).toHaveLength(1));
    expect(callsOf(backend, 'iter_take')[0]!.args).toEqual({
      id: 6,
      action: 'restituisci',
      request: {
        note: 'Correggere l’importo e l’oggetto.',
        comments: [
          { field: 'dispositivo[1].text', text: 'L’importo è di € 6.200,00.' },
          { field: 'oggetto', text: 'Oggetto troppo generico.' },
        ],
        conferma_dati: [],
      },
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await within(panel).findByText(/Ora l’atto è «Bozza»/);
    expect(document.activeElement?.id).toBe('iter-panel-titolo');

    // The timeline shows the return with its reasons, newest last.
    await waitFor(() => expect(timelineItems().at(-1)?.textContent).toContain('Restituisci per modifiche → Bozza'));
    const last = timelineItems().at(-1)!;
    expect(last.textContent).toContain('Marco Rossi');
    expect(last.textContent).toContain('Motivazione: Correggere l’importo e l’oggetto.');
    expect(last.textContent).toContain('Punto 2 del dispositivo: L’importo è di € 6.200,00.');
    // They wait for the istruttore: who wrote them does not see them as received.
    expect(screen.queryByRole('region', { name: 'Osservazioni ricevute' })).toBeNull();
    expect(document.getElementById('f-dispositivo-1-text-osservazione')).toBeNull();
  });

  it('chi corregge vede le osservazioni dell’ultima restituzione accanto alle parti', async () => {
    const backend = installBackend({ username: 'istruttore' });
    await backend.as('dirigente', 'istruttore', () =>
      backend.call('iter_take', {
        id: 6,
        action: 'restituisci',
        request: {
          note: 'Indicare il termine di consegna e la sala interessata.',
          comments: [
            { field: 'oggetto', text: 'Specificare che si tratta della sala lettura ragazzi.' },
            { field: 'dispositivo[0].text', text: 'Indicare il termine di consegna degli arredi.' },
          ],
          conferma_dati: [],
        },
      }),
    );
    render(EditorHarness, { info: await backend.session(), id: 6 });
    const summary = await screen.findByRole('region', { name: 'Osservazioni ricevute' });
    expect(summary.textContent).toContain('Restituito per modifiche da Marco Rossi');
    expect(summary.textContent).toContain('Motivazione: Indicare il termine di consegna e la sala interessata.');
    const link = within(summary).getByRole('link', { name: 'Punto 1 del dispositivo' });
    await fireEvent.click(link);
    expect(document.activeElement?.id).toBe('f-dispositivo-0-text');
    const oggetto = screen.getByLabelText('Oggetto');
    expect(oggetto.getAttribute('aria-describedby')).toBe('f-oggetto-osservazione');
    expect(document.getElementById('f-oggetto-osservazione')?.textContent).toContain(
      'Specificare che si tratta della sala lettura ragazzi.',
    );
  });

  it('adotta e firma: numero, firma, sola lettura e iter aggiornato', async () => {
    const { backend, panel } = await openAct('dirigente', 6);
    await fireEvent.click(within(panel).getByRole('button', { name: 'Adotta e firma' }));
    await signWithPin('123456');
    await within(panel).findByText(/Ora l’atto è «In attesa del visto contabile», con il numero 4\/2026/);
    // Through the signature with the PIN, never through iter_take.
    expect(callsOf(backend, 'iter_take')).toHaveLength(0);
    expect(callsOf(backend, 'sign')[0]!.args).toEqual({ id: 6, pin: '123456' });
    await screen.findByText('Atto adottato: per correggerlo crea una rettifica.');
    // Once he has acted on it, the notice has done its job.
    expect(screen.queryByRole('region', { name: 'Reinviato dopo le tue osservazioni' })).toBeNull();
    expect(screen.queryByLabelText('Oggetto')).toBeNull();
    await within(panel).findByText('n. 4/2026');
    expect(within(panel).getByText('Firme').nextElementSibling?.textContent).toMatch(/Dirigente:\s*firmato/);
    await waitFor(() =>
      expect(timelineItems().slice(-7).map((li) => li.querySelector('.timeline-label')?.textContent)).toEqual([
        'Assegnato il numero 4/2026',
        'Firmato (Dirigente)',
        'Generato e conservato il documento originale (PDF/A)',
        'Generata la versione per la pubblicazione (con omissis)',
        'Firma digitale PAdES apposta (atto)',
        'Firma digitale PAdES apposta (pubblicazione)',
        'Adotta e firma → In attesa del visto contabile',
      ]),
    );
  });

  it('mostra il rifiuto del backend (not-allowed, forbidden) in un avviso con il messaggio', async () => {
    let code = 'not-allowed';
    const { panel } = await openAct('dirigente', 6, (cmd) => {
      if (cmd !== 'sign') return undefined;
      throw {
        code,
        message: code === 'not-allowed' ? 'manca il parere di regolarità contabile' : "l'utente dirigente (dirigente) non può adottare una determinazione",
        fields: [],
      };
    });
    await fireEvent.click(within(panel).getByRole('button', { name: 'Adotta e firma' }));
    // The signature is confirmed with the PIN; a refusal shows in the dialog.
    const dialog = await signWithPin('123456');
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Manca il parere di regolarità contabile');

    code = 'forbidden';
    await signWithPin('123456');
    await waitFor(() =>
      expect(within(dialog).getByRole('alert').textContent).toContain("L'utente dirigente (dirigente) non può adottare una determinazione"),
    );
  });

  it('le modifiche in sospeso si salvano prima dell’azione', async () => {
    const { backend, panel } = await openAct('dirigente', 6);
    await fireEvent.input(screen.getByLabelText('Oggetto'), { target: { value: 'Acquisto di arredi per la sala lettura ragazzi' } });
    await fireEvent.click(within(panel).getByRole('button', { name: 'Adotta e firma' }));
    await signWithPin('123456');
    await waitFor(() => expect(callsOf(backend, 'sign')).toHaveLength(1));
    const order = backend.calls.map((c) => c.cmd).filter((c) => c === 'act_save' || c === 'sign');
    expect(order).toEqual(['act_save', 'sign']);
    expect((await latest(backend, 6)).oggetto).toBe('Acquisto di arredi per la sala lettura ragazzi');
  });
});

describe('efficacia di un contributo oltre 1.000 euro (art. 26 c.3 D.Lgs. 33/2013)', () => {
  it('non è efficace finché non è pubblicato, anche se esecutivo; pubblicato, lo è dal primo giorno all’albo', async () => {
    const { backend, panel } = await openAct('ragioniere', 10);
    const pending = await within(panel).findByText(/^Non ancora efficace/);
    expect(pending.textContent).toContain('Associazione Pro Loco (2.500,00 € nell\'anno)');
    // The visto makes it executive (art. 183 c.7 TUEL): still not effective.
    await backend.call('parere_sign', { id: 10, tipo: 'visto-contabile', esito: 'favorevole', motivazione: '', pin: DEMO_PIN });
    await backend.as('messo', 'ragioniere', () =>
      backend.call('iter_take', { id: 10, action: 'pubblica', request: { note: null, comments: [], conferma_dati: [] } }),
    );
    cleanup();
    render(EditorHarness, { info: await backend.session(), id: 10 });
    const after = await screen.findByRole('region', { name: 'Stato e azioni' });
    const effective = await within(after).findByText(/^Efficace dal/);
    expect(effective.textContent).toMatch(/^Efficace dal \d{2}\/\d{2}\/2026, primo giorno di pubblicazione/);
  });
});

describe('verbale non contestato sul posto', () => {
  it('il pannello dice entro quando notificarlo e quanti giorni mancano; «Registra la contestazione immediata» spiega perché non si può', async () => {
    const backend = installBackend({ username: 'agente' });
    const info = await backend.session();
    const act = await backend.call<Act>('act_get', { id: 2 });
    act.verbale = { ...act.verbale!, mancata_contestazione: 'd', identificato_il: info.today };
    await backend.call('act_save', { act });
    await backend.call('iter_take', { id: 2, action: 'redigi', request: { note: null, comments: [], conferma_dati: [] } });
    await backend.call('sign', { id: 2, pin: DEMO_PIN });
    render(EditorHarness, { info, id: 2 });
    const panel = await screen.findByRole('region', { name: 'Stato e azioni' });
    await within(panel).findByText(/\(mancano 90 giorni\)$/);
    const contesta = within(panel).getByRole('button', { name: 'Registra la contestazione immediata' });
    expect(contesta.getAttribute('aria-disabled')).toBe('true');
    expect(within(panel).getByText(/si notifica \(art\. 201 CdS\)/)).toBeTruthy();
  });

  it('si notifica per posta dal pannello: la spedizione, poi la consegna dall’avviso di ricevimento', async () => {
    const backend = installBackend({ username: 'agente' });
    const info = await backend.session();
    await verbaleDaNotificare(backend);
    render(EditorHarness, { info, id: 2 });
    const panel = await screen.findByRole('region', { name: 'Stato e azioni' });
    // The bare step is not offered: a verbale is notified with its dates.
    expect(within(panel).queryByRole('button', { name: 'Registra la notifica' })).toBeNull();
    const posta = await within(panel).findByRole('group', { name: 'Per posta (atti giudiziari)' });
    await fireEvent.input(within(posta).getByLabelText('Indirizzo del destinatario'), { target: { value: 'Via Po 3, Torino' } });
    await fireEvent.input(within(posta).getByLabelText('Numero della raccomandata'), { target: { value: 'RA 1' } });
    await fireEvent.input(within(posta).getByLabelText('Data di spedizione'), { target: { value: info.today } });
    await fireEvent.click(within(posta).getByRole('button', { name: 'Registra la spedizione' }));
    await within(panel).findByText(/Spedizione registrata/);
    await waitFor(() => expect(panel.textContent).toContain('a Via Po 3, Torino: inviata, in attesa di consegna'));
    // Once the panel has reloaded (the buttons enabled again), the return receipt's day.
    await waitFor(() =>
      expect(within(panel).getByRole('button', { name: 'Registra la consegna' }).hasAttribute('disabled')).toBe(false),
    );
    const consegna = within(panel).getByRole('group', { name: 'Consegna per posta' });
    await fireEvent.input(within(consegna).getByLabelText('Data di consegna sull’avviso di ricevimento'), {
      target: { value: info.today },
    });
    await fireEvent.click(within(consegna).getByRole('button', { name: 'Registra la consegna' }));
    await waitFor(() => expect(panel.textContent).toContain('Consegna registrata: ora il verbale è «Notificata»'));
    await waitFor(() =>
      expect(panel.textContent).toMatch(/a Via Po 3, Torino: consegnata, spedita il \d{2}\/\d{2}\/\d{4}, consegnata il/),
    );
    await waitFor(() => expect(panel.textContent).toContain('Stato: Notificata'));
    expect(within(panel).queryByRole('group', { name: 'Per PEC al domicilio digitale' })).toBeNull();
  });
});

describe('archiviazione di un verbale', () => {
  it('il comandante sceglie il motivo, scrive la motivazione e firma il provvedimento; il verbale è archiviato', async () => {
    const backend = installBackend({ username: 'comandante' });
    const info = await backend.session();
    await verbaleDaNotificare(backend);
    render(EditorHarness, { info, id: 2 });
    const panel = await screen.findByRole('region', { name: 'Stato e azioni' });
    const section = await within(panel).findByRole('region', { name: 'Archiviazione' });
    // Not a bare button among the actions: a provvedimento with its reasons.
    expect(within(panel).queryByRole('button', { name: 'Archivia il verbale' })).toBeNull();
    await fireEvent.change(within(section).getByLabelText('Motivo'), { target: { value: 'termine-scaduto' } });
    const motivazione = within(section).getByLabelText('Motivazione: i fatti e i documenti esaminati');
    await fireEvent.input(motivazione, { target: { value: 'Il verbale non è stato notificato nel termine di legge.' } });
    const firma = within(section).getByRole('button', { name: 'Firma il provvedimento di archiviazione' });
    // The term has not run out: the core says so before any PIN.
    await fireEvent.click(firma);
    await within(section).findByText(/Il termine per la notifica non è scaduto: restano 90 giorni/);
    expect(screen.queryByRole('dialog')).toBeNull();
    await fireEvent.change(within(section).getByLabelText('Motivo'), { target: { value: 'veicolo-rubato' } });
    await fireEvent.input(motivazione, { target: { value: 'Denuncia di furto del veicolo presentata prima della violazione.' } });
    await fireEvent.click(firma);
    const dialog = await screen.findByRole('dialog', { name: 'Provvedimento di archiviazione' });
    expect(dialog.textContent).toContain('Denuncia di furto del veicolo');
    await fireEvent.input(within(dialog).getByLabelText('PIN del dispositivo di firma'), { target: { value: DEMO_PIN } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Firma' }));
    await waitFor(() => expect(document.body.textContent).toContain('Provvedimento firmato: il verbale è archiviato.'));
    await waitFor(() => expect(section.textContent).toContain('firmato da Stefano Moretti'));
    await waitFor(() => expect(panel.textContent).toContain('Stato: Archiviato'));
    expect(callsOf(backend, 'archivia')).toHaveLength(1);
  });
});

describe('pagamenti di un verbale', () => {
  it('un flusso di rendicontazione letto da file registra il pagamento del suo avviso e il verbale dice che è estinto', async () => {
    const backend = installBackend({ username: 'agente' });
    const info = await backend.session();
    await verbaleDaNotificare(backend);
    // The avviso as the citizen got it: its codici avviso and the Comune's codice fiscale.
    const dir = mkdtempSync(join(tmpdir(), 'atti-flusso-'));
    const avviso = join(dir, 'avviso.pdf');
    await backend.call('avviso_pagopa_save', { id: 2, path: avviso });
    const text = execFileSync('pdftotext', [avviso, '-']).toString();
    // Printed in groups of four digits, as on every avviso.
    const codici = [...text.matchAll(/Codice avviso: ([\d ]{18,})/g)].map((m) => m[1]!.replace(/ /g, ''));
    const cf = /Codice fiscale ente: (\d{11})/.exec(text)![1]!;
    expect(codici, text).toHaveLength(2);
    const iuv = codici[0]!.slice(1);
    const flusso = join(dir, 'flusso.xml');
    writeFileSync(
      flusso,
      `<FlussoRiversamento><identificativoFlusso>F-1</identificativoFlusso><dataRegolamento>${info.today}</dataRegolamento>` +
        `<istitutoMittente><denominazioneMittente>Poste Italiane</denominazioneMittente></istitutoMittente>` +
        `<istitutoRicevente><identificativoUnivocoRicevente><codiceIdentificativoUnivoco>${cf}</codiceIdentificativoUnivoco></identificativoUnivocoRicevente></istitutoRicevente>` +
        `<numeroTotalePagamenti>1</numeroTotalePagamenti><importoTotalePagamenti>29.40</importoTotalePagamenti>` +
        `<datiSingoliPagamenti><identificativoUnivocoVersamento>${iuv}</identificativoUnivocoVersamento><identificativoUnivocoRiscossione>R1</identificativoUnivocoRiscossione>` +
        `<singoloImportoPagato>29.40</singoloImportoPagato><codiceEsitoSingoloPagamento>0</codiceEsitoSingoloPagamento><dataEsitoSingoloPagamento>${info.today}</dataEsitoSingoloPagamento></datiSingoliPagamenti>` +
        `</FlussoRiversamento>`,
    );
    render(EditorHarness, { info, id: 2 });
    const panel = await screen.findByRole('region', { name: 'Stato e azioni' });
    const section = await within(panel).findByRole('region', { name: 'Pagamenti' });
    await waitFor(() => expect(section.textContent).toContain('Non pagato.'));
    backend.pickedFiles = [flusso];
    await fireEvent.click(within(section).getByRole('button', { name: 'Leggi un flusso da file…' }));
    await within(section).findByText('Flussi letti: 1 nuovi; pagamenti di verbali registrati: 1.');
    await waitFor(() => expect(section.textContent).toMatch(/Pagato il \d{2}\/\d{2}\/\d{4} in misura ridotta: obbligazione estinta\./));
    expect(section.textContent).toContain(`29,40 € il`);
    expect(section.textContent).toContain(`IUV ${iuv}, flusso F-1`);
    expect(callsOf(backend, 'pagopa_rendicontazione_file')[0]!.args).toEqual({ path: flusso });
    // Without an intermediary, «Leggi i pagamenti pagoPA» says who sets it.
    await fireEvent.click(within(section).getByRole('button', { name: 'Leggi i pagamenti pagoPA' }));
    await within(section).findByText(/^L'intermediario pagoPA non è configurato: l'amministratore lo indica/);
  });
});

describe('pareri', () => {
  it('il modulo del parere chiede la motivazione quando l’esito è non favorevole, poi il PIN', async () => {
    const { backend, panel } = await openAct('dirigente', 7);
    const form = within(panel).getByRole('form', { name: 'Esprimi il parere di regolarità tecnica' });
    const submit = within(form).getByRole('button', { name: 'Firma il parere' });

    await fireEvent.click(submit);
    expect(within(form).getByText('Scegli l’esito.')).toBeTruthy();

    await fireEvent.click(within(form).getByLabelText('Non favorevole'));
    await fireEvent.click(submit);
    const motivazione = within(form).getByLabelText('Motivazione del parere');
    expect(motivazione.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('parere-tecnico-motivazione-error')?.textContent).toBe(
      'Un parere non favorevole va motivato: scrivi la motivazione.',
    );
    expect(document.activeElement).toBe(motivazione);
    expect(callsOf(backend, 'parere_check')).toHaveLength(0);

    await fireEvent.input(motivazione, { target: { value: 'Manca il computo metrico aggiornato.' } });
    await fireEvent.click(submit);
    const dialog = await screen.findByRole('dialog', { name: 'Firma il parere di regolarità tecnica' });
    expect(dialog.querySelector('.sign-parere')?.textContent).toContain('non favorevole');
    await within(dialog).findByText('Marco Rossi');
    await fireEvent.input(within(dialog).getByLabelText('PIN del dispositivo di firma'), { target: { value: DEMO_PIN } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Firma' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsOf(backend, 'parere_sign').map((c) => c.args)).toEqual([
      { id: 7, tipo: 'tecnico', esito: 'non-favorevole', motivazione: 'Manca il computo metrico aggiornato.', pin: DEMO_PIN },
    ]);
    const notice = await within(panel).findByText('Parere di regolarità tecnica firmato: non favorevole.');
    expect(notice.closest('[role="status"]')!.textContent).toMatch(/parere-tecnico-v\d+\.pdf/);
    const latest = within(panel).getByText('Manca il computo metrico aggiornato.', { exact: false }).closest('li')!;
    expect(latest.textContent).toContain('non favorevole');
    expect(latest.textContent).not.toContain('Da rinnovare');

    // Its signed document, saved where the clerk picks: a signed PDF that poppler reads.
    await fireEvent.click(within(latest).getByRole('button', { name: 'Salva il documento firmato del parere di regolarità tecnica' }));
    await waitFor(() => expect(callsOf(backend, 'parere_document_save')).toHaveLength(1));
    const path = (callsOf(backend, 'parere_document_save')[0]!.args as { path: string }).path;
    expect(path).toMatch(/^.*\/7-parere-tecnico-v\d+\.pdf$/);
    expect(path.startsWith(join(backend.saveFolder!, '7-parere-tecnico-v'))).toBe(true);
    await within(panel).findByText(`Documento firmato salvato in ${path}.`);
    const signatures = execFileSync('pdfsig', [path]).toString();
    expect(signatures).toContain('Signature #1');
    expect(execFileSync('pdftotext', [path, '-']).toString()).toContain('PARERE DI REGOLARITÀ TECNICA');
  });

  it('il backend rifiuta prima del PIN: nessuna finestra, il motivo nel modulo', async () => {
    const { backend, panel } = await openAct('dirigente', 7);
    // The act moves on elsewhere (the form still shows): the check refuses, no PIN is asked.
    await backend.as('dirigente', 'dirigente', () => backend.call('parere_sign', { id: 7, tipo: 'tecnico', esito: 'favorevole', motivazione: '', pin: DEMO_PIN }));
    await backend.as('ragioniere', 'dirigente', () => backend.call('parere_sign', { id: 7, tipo: 'contabile', esito: 'favorevole', motivazione: '', pin: DEMO_PIN }));
    await backend.as('segretario', 'dirigente', () => backend.call('iter_take', { id: 7, action: 'iscrivi', request: { note: null, comments: [] } }));
    const form = within(panel).getByRole('form', { name: 'Esprimi il parere di regolarità tecnica' });
    await fireEvent.click(within(form).getByLabelText('Favorevole'));
    await fireEvent.click(within(form).getByRole('button', { name: 'Firma il parere' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('Parere non firmato.');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('favorevole senza motivazione va bene; il ragioniere vede il parere contabile, non quello tecnico', async () => {
    const { backend, panel } = await openAct('ragioniere', 7);
    expect(within(panel).queryByRole('form', { name: 'Esprimi il parere di regolarità tecnica' })).toBeNull();
    const form = within(panel).getByRole('form', { name: 'Esprimi il parere di regolarità contabile' });
    await fireEvent.click(within(form).getByLabelText('Favorevole'));
    await fireEvent.click(within(form).getByRole('button', { name: 'Firma il parere' }));
    await screen.findByRole('dialog', { name: 'Firma il parere di regolarità contabile' });
    expect(callsOf(backend, 'parere_check')[0]!.args).toMatchObject({ tipo: 'contabile', esito: 'favorevole', motivazione: '' });
  });
});

describe('seduta', () => {
  it('nessuno digita i voti: la proposta iscritta si approva con il voto della seduta, e il pannello mostra i dati del verbale', async () => {
    const backend = installBackend({ username: 'segretario' });
    const parere = (tipo: string) => backend.call('parere_sign', { id: 7, tipo, esito: 'favorevole', motivazione: '', pin: DEMO_PIN });
    await backend.as('dirigente', 'segretario', () => parere('tecnico'));
    await backend.as('ragioniere', 'segretario', () => parere('contabile'));
    await backend.call('iter_take', { id: 7, action: 'iscrivi', request: { note: null, comments: [] } });
    const info = await backend.session();
    render(EditorHarness, { info, id: 7 });
    const fresh = await screen.findByRole('region', { name: 'Stato e azioni' });
    // Approval and rejection are not options of the act: they are the vote of a session.
    expect(actionButtons(fresh)).toEqual(['Restituisci per modifiche']);
    await approveInSession(backend, 7, info.today);
    cleanup();
    render(EditorHarness, { info, id: 7 });
    const after = await screen.findByRole('region', { name: 'Stato e azioni' });
    await within(after).findByText(/Seduta del .*: presenti 5, favorevoli 5, contrari 0/);
  });
});

describe('iter dell’atto', () => {
  it('è un elenco ordinato, dal più vecchio al più recente, con ora italiana, autore, motivazione e osservazioni', async () => {
    const { backend } = await openAct('istruttore', 6);
    await waitFor(() => expect(timelineItems().length).toBeGreaterThan(0));
    const items = timelineItems();
    expect(items[0]!.parentElement?.tagName).toBe('OL');
    expect(items.map((li) => li.querySelector('.timeline-label')?.textContent)).toEqual([
      'Bozza creata',
      'Salvata la versione 2',
      'Invia in istruttoria → In istruttoria',
      'Restituisci per modifiche → Bozza',
      'Salvata la versione 3',
      'Invia in istruttoria → In istruttoria',
    ]);
    const entries = await backend.call<TimelineEntry[]>('act_history', { id: 6 });
    items.forEach((li, i) => {
      const time = li.querySelector('time')!;
      expect(time.getAttribute('datetime')).toBe(entries[i]!.at);
      expect(time.textContent).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      expect(time.textContent).toBe(formatTimestamp(entries[i]!.at));
    });
    const ret = items[3]!;
    expect(ret.textContent).toContain('Marco Rossi');
    expect(ret.textContent).toContain('Motivazione: Indicare il termine di consegna e la sala interessata.');
    const comments = [...ret.querySelectorAll('.timeline-comments li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(comments).toEqual([
      'Oggetto: Specificare che si tratta della sala lettura ragazzi.',
      'Punto 1 del dispositivo: Indicare il termine di consegna degli arredi.',
    ]);
    expect(items[0]!.textContent).toContain('Giulia Bianchi');
  });

  it('i salvataggi di una sessione di lavoro sono una riga sola, da aprire; un altro passo o un altro autore ne comincia un’altra', async () => {
    const entry = (seq: number, action: string, label: string, actor = 'istruttore'): TimelineEntry => ({
      seq,
      at: `2026-11-26T09:${String(40 + seq).padStart(2, '0')}:00Z`,
      actor,
      actor_name: actor === 'istruttore' ? 'Giulia Bianchi' : 'Marco Rossi',
      action,
      label,
      note: null,
      comments: [],
      version_hash: '',
      version: null,
    });
    render(IterTimeline, {
      entries: [
        entry(1, 'crea', 'Bozza creata'),
        ...[2, 3, 4, 5].map((v) => entry(v, 'salva', `Salvata la versione ${v}`)),
        entry(6, 'salva', 'Salvata la versione 6', 'dirigente'),
        entry(7, 'invia', 'Invia in istruttoria → In istruttoria'),
      ],
    });
    const items = timelineItems();
    expect(items.map((li) => li.querySelector('.timeline-label')?.textContent?.trim())).toEqual([
      'Bozza creata',
      'Salvate le versioni da 2 a 5 (4 salvataggi)',
      'Salvata la versione 6',
      'Invia in istruttoria → In istruttoria',
    ]);
    // From the first save to the last of the session, by its author; each save inside.
    expect(items[1]!.querySelector('.timeline-head')?.textContent).toContain('10:42');
    expect(items[1]!.querySelector('.timeline-head')?.textContent).toContain('10:45');
    const details = items[1]!.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(details.querySelectorAll('li')).toHaveLength(4);
  });

  it('l’ora è quella italiana, qualunque sia il fuso del PC', () => {
    expect(formatTimestamp('2026-11-26T09:42:00Z')).toBe('26/11/2026 10:42');
    expect(formatTimestamp('2026-07-01T22:30:00Z')).toBe('02/07/2026 00:30');
    // The save indicator's time too: one clock for every screen.
    expect(formatTime('2026-07-01T22:30:00Z')).toBe('00:30');
  });
});

describe('confronto tra versioni', () => {
  it('mostra parola per parola ciò che è stato tolto e aggiunto, anche a parole per chi usa un lettore di schermo', () => {
    render(VersionDiff, {
      diff: {
        from: 2,
        to: 3,
        changes: [
          {
            part: 'Dispositivo, punto 1',
            spans: [
              { kind: 'same', text: 'di affidare il servizio alla ditta ' },
              { kind: 'removed', text: 'Verde' },
              { kind: 'added', text: 'Blu' },
              { kind: 'same', text: ' S.r.l.' },
            ],
          },
        ],
      },
    });
    expect(screen.getByRole('heading', { name: 'Dispositivo, punto 1' })).toBeTruthy();
    const del = document.querySelector('p.diff-text del')!;
    const ins = document.querySelector('p.diff-text ins')!;
    expect(del.textContent).toBe('[rimosso: Verde]');
    expect(ins.textContent).toBe('[aggiunto: Blu]');
    expect(del.querySelector('.visually-hidden')).toBeTruthy();
    expect(document.querySelector('p.diff-text')!.textContent).toBe(
      'di affidare il servizio alla ditta [rimosso: Verde][aggiunto: Blu] S.r.l.',
    );
  });

  it('dalla cronologia si scelgono due versioni e si confrontano', async () => {
    const backend = installBackend({ username: 'istruttore' });
    window.location.hash = '#/atti/6/versioni';
    render(App);
    const form = await screen.findByRole('form', { name: 'Confronta due versioni' });
    await selectOption(within(form).getByLabelText('Dalla versione'), '2');
    await selectOption(within(form).getByLabelText('Alla versione'), '3');
    await fireEvent.click(within(form).getByRole('button', { name: 'Confronta' }));
    await waitFor(() => expect(window.location.hash).toBe('#/atti/6/confronta/2/3'));
    await screen.findByRole('heading', { name: 'Confronto tra la versione 2 e la versione 3' });
    expect(callsOf(backend, 'act_diff').at(-1)!.args).toEqual({ id: 6, from: 2, to: 3 });
    await screen.findByRole('heading', { name: 'Dispositivo, punto 1' });
    const text = document.querySelector('p.diff-text')!;
    expect(text.querySelector('del')?.textContent).toBe('[rimosso: S.r.l.;]');
    expect(text.querySelector('ins')?.textContent).toBe('[aggiunto: S.r.l., con consegna entro 30 giorni;]');
    const style = getComputedStyle(text.querySelector('del')!);
    expect(style.textDecoration || 'line-through').toContain('line-through');
  });

  it('due versioni uguali non si confrontano', async () => {
    installBackend();
    window.location.hash = '#/atti/1/versioni';
    render(App);
    const form = await screen.findByRole('form', { name: 'Confronta due versioni' });
    await selectOption(within(form).getByLabelText('Dalla versione'), '3');
    await selectOption(within(form).getByLabelText('Alla versione'), '3');
    await fireEvent.click(within(form).getByRole('button', { name: 'Confronta' }));
    expect(within(form).getByText('Scegli due versioni diverse.')).toBeTruthy();
    expect(window.location.hash).toBe('#/atti/1/versioni');
  });
});

describe('registri', () => {
  it('«Esporta in un foglio di calcolo…» salva il registro dove sceglie l’impiegato, in CSV se il nome finisce in .csv', async () => {
    const backend = installBackend();
    window.location.hash = '#/registri/determinazione/2026';
    render(App);
    await screen.findByRole('table', { name: 'Registro: Determinazione dirigenziale, anno 2026' });
    // The dialog proposes «registro-determinazione-2026.ods»; the clerk types a CSV name.
    backend.saveAs = 'registro-determinazione-2026.csv';
    await fireEvent.click(screen.getByRole('button', { name: 'Esporta in un foglio di calcolo…' }));
    const proposed = (callsOf(backend, 'plugin:dialog|save')[0]!.args as { options: { defaultPath: string } }).options.defaultPath;
    expect(proposed).toMatch(/registro-determinazione-2026\.ods$/);
    const saved = join(backend.saveFolder!, 'registro-determinazione-2026.csv');
    await screen.findByText(`Registro esportato in ${saved}.`);
    const text = readFileSync(saved, 'utf-8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe("Numero;Anno;Data di adozione;Oggetto;Stato;Numero assegnato il;Numero assegnato da;Motivo dell'annullamento");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^1;2026;26\/11\/2026;Nomina della commissione giudicatrice per la gara del servizio mensa;/);

    // «Stampa il registro…»: the register as a PDF/A, shown to print or save.
    await fireEvent.click(screen.getByRole('button', { name: 'Stampa il registro…' }));
    const shown = await screen.findByRole('heading', { name: 'Registro da stampare' });
    await waitFor(() => expect(document.activeElement).toBe(shown));
    expect(callsOf(backend, 'registro_pdf')[0]!.args).toEqual({ kind: 'determinazione', year: 2026 });
    const doc = await backend.call<{ pdf_base64: string; file_name: string }>('registro_pdf', { kind: 'determinazione', year: 2026 });
    expect(doc.file_name).toBe('registro-determinazione-2026.pdf');
    expect(Buffer.from(doc.pdf_base64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('mostra numero/anno, data di adozione, oggetto collegato all’atto e stato; un numero annullato resta con il motivo', async () => {
    const backend = installBackend();
    window.location.hash = '#/registri/determinazione/2026';
    render(App);
    const table = await screen.findByRole('table', { name: 'Registro: Determinazione dirigenziale, anno 2026' });
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Numero',
      'Data di adozione',
      'Oggetto',
      'Stato',
    ]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual(['1/2026', '2/2026', '3/2026']);
    expect(rows[0]!.textContent).toContain('26/11/2026');
    expect(within(rows[0]!).getByRole('link').getAttribute('href')).toBe('#/atti/8');
    expect(rows[0]!.textContent).toContain('In pubblicazione all\'albo');
    expect(rows[1]!.textContent?.replace(/\s+/g, ' ')).toContain('Annullato: Importo errato: l’impegno va ricalcolato sul nuovo listino.');
    expect(rows[2]!.textContent).toContain('In attesa del visto contabile');
    expect(callsOf(backend, 'registro').at(-1)!.args).toEqual({ kind: 'determinazione', year: 2026 });

    await selectOption(screen.getByLabelText('Tipo di atto'), 'delibera-giunta');
    await fireEvent.input(screen.getByLabelText('Anno'), { target: { value: '2025' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Mostra il registro' }));
    await waitFor(() => expect(window.location.hash).toBe('#/registri/delibera-giunta/2025'));
    await screen.findByText('Nessun numero assegnato in questo registro nel 2025.');
  });

  it('senza anno mostra l’anno in corso; l’anno va scritto con quattro cifre', async () => {
    const backend = installBackend();
    window.location.hash = '#/registri';
    render(App);
    await screen.findByRole('table', { name: 'Registro: Determinazione dirigenziale, anno 2026' });
    expect(callsOf(backend, 'registro')[0]!.args).toEqual({ kind: 'determinazione', year: null });
    expect((screen.getByLabelText('Anno') as HTMLInputElement).value).toBe('2026');
    await fireEvent.input(screen.getByLabelText('Anno'), { target: { value: '26' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Mostra il registro' }));
    expect(screen.getByLabelText('Anno').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Scrivi l’anno con quattro cifre, per esempio 2026.')).toBeTruthy();
  });
});

describe('le mie attività', () => {
  it('è la pagina iniziale: i quattro gruppi con i conteggi, ogni atto porta all’atto', async () => {
    installBackend({ username: 'dirigente' });
    render(App);
    await screen.findByRole('heading', { level: 1, name: 'Le mie attività' });
    const nav = screen.getByRole('navigation', { name: 'Principale' });
    expect(within(nav).getByRole('link', { name: 'Le mie attività' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Elenco degli atti' }).getAttribute('href')).toBe('#/atti');
    expect(within(nav).getByRole('link', { name: 'Registri' }).getAttribute('href')).toBe('#/registri');
    const group = (name: RegExp) => screen.getByRole('region', { name });
    await waitFor(() => expect(within(group(/^Da firmare/)).queryAllByRole('link')).toHaveLength(1));
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Da istruire 3 atti',
      'Da esprimere parere 1 atto',
      'Da firmare 1 atto',
      'In pubblicazione 1 atto',
    ]);
    expect(within(group(/^Da firmare/)).getByRole('link').getAttribute('href')).toBe('#/atti/6');
    expect(within(group(/^Da esprimere parere/)).getByRole('link').textContent).toBe(
      'Approvazione del progetto di riqualificazione della piazza del mercato',
    );
    expect(within(group(/^In pubblicazione/)).getByRole('link').getAttribute('href')).toBe('#/atti/8');
  });

  it('un gruppo con più di 100 atti mostra i 100 modificati più di recente e dice quanti sono', async () => {
    const backend = installBackend({ username: 'istruttore' });
    for (let i = 1; i <= 100; i++) {
      await backend.call('act_create', { kind: 'determinazione', oggetto: `Acquisto di cancelleria, lotto ${i}`, office: null });
    }
    render(App);
    const group = await screen.findByRole('region', { name: /^Da istruire/ });
    await waitFor(() => expect(within(group).getAllByRole('link').length).toBeGreaterThan(1));
    const total = Number(within(group).getByRole('heading', { level: 2 }).textContent?.match(/\d+/)?.[0]);
    expect(total).toBeGreaterThan(100);
    expect(within(group).getAllByRole('link', { name: /Acquisto di cancelleria/ })).toHaveLength(100);
    expect(within(group).getByText(/I 100 modificati più di recente/)).toBeTruthy();
    expect(within(group).getByRole('link', { name: 'elenco degli atti' }).getAttribute('href')).toBe('#/atti');
  });

  it('cambia con l’utente: la ragioneria vede i pareri e i visti da esprimere', async () => {
    installBackend({ username: 'ragioniere' });
    render(App);
    await screen.findByRole('heading', { level: 1, name: 'Le mie attività' });
    const parere = await screen.findByRole('region', { name: /^Da esprimere parere/ });
    await waitFor(() =>
      expect(within(parere).getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual(['#/atti/10', '#/atti/7']),
    );
  });
});

describe('percorso completo nella finestra', () => {
  it('il dirigente restituisce con un’osservazione, l’istruttore corregge e reinvia, il dirigente adotta', async () => {
    const backend = installBackend({ username: 'dirigente' });
    window.location.hash = '#/atti/6';
    render(App);
    await screen.findByText('Utente: Marco Rossi (Dirigente)');
    const banner = screen.getByRole('banner');
    const panel = await screen.findByRole('region', { name: 'Stato e azioni' });
    const switchTo = async (label: string) => {
      await fireEvent.click(within(banner).getByRole('button', { name: 'Cambia utente' }));
      await fireEvent.click(within(banner).getByRole('button', { name: label }));
      await within(banner).findByText(`Utente: ${label}`);
    };

    // The dirigente returns it, with a comment on point 2.
    await fireEvent.click(await within(panel).findByRole('button', { name: 'Restituisci per modifiche' }));
    const dialog = await screen.findByRole('dialog');
    await fireEvent.input(within(dialog).getByLabelText('Motivazione'), { target: { value: 'Manca il CIG corretto.' } });
    await selectOption(within(dialog).getByLabelText('Parte dell’atto'), 'dispositivo[1].text');
    await fireEvent.input(within(dialog).getByLabelText('Osservazione'), { target: { value: 'Indicare il capitolo di spesa.' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Conferma' }));
    await within(panel).findByText(/Ora l’atto è «Bozza»/);

    // The istruttore sees the comment, fixes the text and sends it again.
    await switchTo('Giulia Bianchi (Istruttore)');
    await waitFor(() => expect(actionButtons(panel)).toEqual(['Invia in istruttoria', 'Ritira']));
    await waitFor(() =>
      expect(document.getElementById('f-dispositivo-1-text-osservazione')?.textContent).toContain('Indicare il capitolo di spesa.'),
    );
    await fireEvent.input(document.getElementById('f-dispositivo-1-text')!, {
      target: { value: 'di impegnare la spesa di € 6.100,00 IVA compresa sul capitolo 1043.02.' },
    });
    await fireEvent.click(within(panel).getByRole('button', { name: 'Invia in istruttoria' }));
    await within(panel).findByText(/Ora l’atto è «In istruttoria»/);

    // The dirigente finds his remarks answered (not «ricevute»), with the way to the comparison.
    await switchTo('Marco Rossi (Dirigente)');
    await waitFor(() => expect(actionButtons(panel)).toContain('Adotta e firma'));
    const answered = await screen.findByRole('region', { name: 'Reinviato dopo le tue osservazioni' });
    expect(answered.textContent).toContain('Giulia Bianchi lo ha reinviato');
    expect(within(answered).getByText('Indicare il capitolo di spesa.')).toBeTruthy();
    const compare = within(answered).getByRole('link', { name: /^Confronta la versione che hai restituito \(3\) con quella reinviata \(4\)$/ });
    expect(compare.getAttribute('href')).toBe('#/atti/6/confronta/3/4');
    expect(screen.queryByRole('region', { name: 'Osservazioni ricevute' })).toBeNull();
    expect(document.getElementById('f-dispositivo-1-text-osservazione')).toBeNull();
    await fireEvent.click(within(panel).getByRole('button', { name: 'Adotta e firma' }));
    await signWithPin('123456');
    await screen.findByText('Atto adottato: per correggerlo crea una rettifica.');

    expect((await latest(backend, 6)).dispositivo[1]!.text).toBe('di impegnare la spesa di € 6.100,00 IVA compresa sul capitolo 1043.02.');
    await waitFor(() =>
      expect(timelineItems().slice(-10).map((li) => li.querySelector('.timeline-label')?.textContent)).toEqual([
        'Restituisci per modifiche → Bozza',
        'Salvata la versione 4',
        'Invia in istruttoria → In istruttoria',
        'Assegnato il numero 4/2026',
        'Firmato (Dirigente)',
        'Generato e conservato il documento originale (PDF/A)',
        'Generata la versione per la pubblicazione (con omissis)',
        'Firma digitale PAdES apposta (atto)',
        'Firma digitale PAdES apposta (pubblicazione)',
        'Adotta e firma → In attesa del visto contabile',
      ]),
    );
  });
});

describe('ordinanze', () => {
  it('il tipo di ordinanza si sceglie nell’editor, si salva e sblocca l’invio', async () => {
    const { backend, panel } = await openAct('istruttore', 4);
    const invia = within(panel).getByRole('button', { name: 'Invia in istruttoria' });
    expect(invia.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById(invia.getAttribute('aria-describedby')!)?.textContent).toContain(
      'tipo_ordinanza: indicare il tipo di ordinanza',
    );
    const tipo = screen.getByLabelText('Tipo di ordinanza') as HTMLSelectElement;
    expect([...tipo.options].map((o) => o.textContent)).toEqual([
      'Da scegliere',
      'Ordinanza sindacale (art. 50 TUEL)',
      'Ordinanza contingibile e urgente (art. 54 c.4 TUEL)',
      'Ordinanza dirigenziale (art. 107 TUEL)',
    ]);
    await selectOption(tipo, 'contingibile');
    await fireEvent.click(screen.getByRole('button', { name: 'Salva ora' }));
    await waitFor(async () => expect((await latest(backend, 4)).tipo_ordinanza).toBe('contingibile'));
    await waitFor(() =>
      expect(within(panel).getByRole('button', { name: 'Invia in istruttoria' }).getAttribute('aria-disabled')).toBeNull(),
    );
    expect(within(panel).getByText('Firme').nextElementSibling?.textContent).toContain('Sindaco');
  });
});

/** Signs in the «Adotta e firma» dialog with a PIN; returns the dialog. */
async function signWithPin(pin: string, name = 'Adotta e firma'): Promise<HTMLElement> {
  const dialog = await screen.findByRole('dialog', { name });
  await within(dialog).findByText('Marco Rossi');
  await fireEvent.input(within(dialog).getByLabelText('PIN del dispositivo di firma'), { target: { value: pin } });
  await fireEvent.click(within(dialog).getByRole('button', { name: 'Firma' }));
  return dialog;
}

describe('duplica da un atto precedente', () => {
  it('una nuova bozza dal testo di un atto adottato; ciò che va verificato resta segnato finché non cambia', async () => {
    const backend = installBackend({ username: 'istruttore' });
    window.location.hash = '#/atti/9';
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Duplica in una nuova bozza' }));
    const box = await screen.findByRole('region', { name: 'Bozza duplicata da un atto precedente' });
    const id = Number(window.location.hash.split('/')[2]);
    expect(id).toBeGreaterThan(10);
    expect(within(box).getByRole('link', { name: 'Determinazione dirigenziale n. 2/2026' }).getAttribute('href')).toBe('#/atti/9');
    const items = () => [...box.querySelectorAll('li')].map((li) => li.textContent);
    expect(items()).toEqual([
      'Punto 1 del dispositivo: contiene «2026» come nell\'atto di origine: aggiornare le date',
      'Impegno 1, importo: è l\'importo dell\'atto di origine: verificarlo',
      'Impegno 1, CIG: è il CIG dell\'atto di origine: una nuova procedura ha il suo',
    ]);
    const cig = document.getElementById('f-impegni-0-cig') as HTMLInputElement;
    expect(cig.value).toBe('C1234567D8');
    expect(cig.hasAttribute('data-verificare')).toBe(true);
    // A new CIG: after the save, it is no longer pointed out.
    await fireEvent.input(cig, { target: { value: 'C7654321D8' } });
    await waitFor(() => expect(items()).toHaveLength(2), { timeout: 5000 });
    expect(cig.hasAttribute('data-verificare')).toBe(false);
    expect((await latest(backend, id)).impegni[0]!.cig).toBe('C7654321D8');
    // The source is untouched.
    expect((await latest(backend, 9)).impegni[0]!.cig).toBe('C1234567D8');
  });
});

describe('salva come modello', () => {
  it('il dirigente dell’ufficio dà un nome al modello; l’istruttore non ha il pulsante', async () => {
    const { backend } = await openAct('dirigente', 1);
    const open = await screen.findByRole('button', { name: 'Salva come modello…' });
    await fireEvent.click(open);
    const nome = screen.getByLabelText('Nome del modello');
    await waitFor(() => expect(document.activeElement).toBe(nome));
    await fireEvent.click(screen.getByRole('button', { name: 'Salva il modello' }));
    expect(screen.getByText('Scrivi il nome del modello.')).toBeTruthy();
    expect(nome.getAttribute('aria-invalid')).toBe('true');
    await fireEvent.input(nome, { target: { value: 'Manutenzione del verde' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Salva il modello' }));
    await screen.findByText(/^Modello «Manutenzione del verde» salvato per l’ufficio/);
    await waitFor(() => expect(document.activeElement).toBe(open));
    const modelli = await backend.call<{ nome: string; office: string }[]>('modelli', { office: null, kind: 'determinazione' });
    expect(modelli.map((m) => m.nome)).toEqual(['Manutenzione del verde']);
    cleanup();
    await openAct('istruttore', 1);
    expect(screen.queryByRole('button', { name: 'Salva come modello…' })).toBeNull();
  });
});
