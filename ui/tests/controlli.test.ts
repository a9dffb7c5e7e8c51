import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../src/App.svelte';
import { sentence } from '../src/lib/backend/error';
import { callsOf, installBackend, type Backend } from './backend';
import { selectOption } from './helpers';
import type { Act, ControlloDto, InboxGroup, TimelineEntry } from '../src/lib/gen/types';

import { CONTROLLO_SEED as SEED } from './world';
/** The text of an element as read out: runs of white space as one space. */
const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

/**
 * The demo's determinazioni n. 1/2026 (act 8) and n. 3/2026 (act 10) were adopted on 26 November
 * 2026 (n. 2, act 9, is annulled); five days later, on 1 December, November can be drawn.
 */
async function openScreen(username = 'segretario', prepare?: (backend: Backend) => Promise<unknown>) {
  const backend = installBackend({ username, days: 5 });
  await prepare?.(backend);
  window.location.hash = '#/controlli';
  render(App);
  return backend;
}

/** The segretario draws November (the test's user stays the same). */
async function drawNovember(backend: Backend, percent = 100) {
  const { user } = await backend.session();
  await backend.as('segretario', user.username, () =>
    backend.call('controllo_draw', { kind: 'determinazione', periodFrom: '2026-11-01', periodTo: '2026-11-30', percent, seed: SEED }),
  );
}

const drawsOf = (backend: Backend) => backend.call<ControlloDto[]>('controlli');

/** The form of a new draw (the commitment form above it has fields of the same names). */
const inDrawForm = () => within(screen.getByRole('form', { name: 'Nuovo sorteggio' }));

async function fill(label: string | RegExp, value: string) {
  await fireEvent.input(inDrawForm().getByLabelText(label), { target: { value } });
}

/** The value of a term of a description list. */
const term = (root: HTMLElement, name: string) => text(within(root).getByText(name, { selector: 'dt' }).nextElementSibling!);

const drawButton = () => screen.getByRole('button', { name: 'Effettua il sorteggio' });

describe('controllo successivo di regolarità', () => {
  it('è nella navigazione principale; il titolo prende il fuoco; all’inizio non c’è alcun sorteggio', async () => {
    installBackend({ username: 'segretario' });
    render(App);
    await screen.findByRole('heading', { level: 1, name: 'Le mie attività' });
    const nav = screen.getByRole('navigation', { name: 'Principale' });
    await fireEvent.click(within(nav).getByRole('link', { name: 'Controllo di regolarità' }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'Controllo successivo di regolarità' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(window.location.hash).toBe('#/controlli');
    expect(document.title).toBe('Controllo successivo di regolarità – Comune di Esempio');
    expect(within(nav).getByRole('link', { name: 'Controllo di regolarità' }).getAttribute('aria-current')).toBe('page');
    await screen.findByText('Nessun sorteggio effettuato finora.');
    const rules = screen.getByRole('region', { name: 'Come funziona' });
    expect(text(rules)).toContain('SHA-256 del testo «seme|numero»');
    expect(text(rules)).toContain('sono estratti gli atti con le impronte più basse');
    expect(text(rules)).toContain('Il seme è impegnato prima che il periodo finisca');
    expect(text(rules)).toContain('I periodi non si sovrappongono');
    expect(text(rules)).toContain('L’esito di ogni controllo si registra una volta sola');
    // Today is 26 November: the period proposed is October, the determinazioni by default.
    expect((inDrawForm().getByLabelText('Tipo di atto') as HTMLSelectElement).value).toBe('determinazione');
    expect((inDrawForm().getByLabelText('Dal') as HTMLInputElement).value).toBe('2026-10-01');
    expect((inDrawForm().getByLabelText('Al') as HTMLInputElement).value).toBe('2026-10-31');
    expect((inDrawForm().getByLabelText('Al') as HTMLInputElement).type).toBe('date');
    expect((inDrawForm().getByLabelText('Percentuale da estrarre') as HTMLInputElement).value).toBe('10');
    expect(screen.queryByText(/Solo il segretario generale può effettuare il sorteggio/)).toBeNull();
  });

  it('il sorteggio riuscito è annunciato e mostrato, con i numeri per rifarlo; gli estratti sono fra le attività del segretario', async () => {
    const backend = await openScreen();
    await screen.findByText('Nessun sorteggio effettuato finora.');
    expect((inDrawForm().getByLabelText('Dal') as HTMLInputElement).value).toBe('2026-11-01');
    expect((inDrawForm().getByLabelText('Al') as HTMLInputElement).value).toBe('2026-11-30');
    await fill('Seme del sorteggio', SEED);
    await fireEvent.click(drawButton());

    const done = await screen.findByText(/Sorteggio n\. 1 effettuato/);
    const status = done.closest('[role="status"]')!;
    expect(status.getAttribute('aria-live')).toBe('polite');
    const [controllo] = await drawsOf(backend);
    const drawn = controllo!.acts.map((a) => a.numero);
    expect(drawn).toHaveLength(1);
    expect(text(status)).toContain(
      'Sorteggio n. 1 effettuato: estratti 1 su 2 atti «Determinazione dirigenziale» adottati dal 01/11/2026 al 30/11/2026.',
    );
    expect(callsOf(backend, 'controllo_draw').map((c) => c.args)).toEqual([
      { kind: 'determinazione', periodFrom: '2026-11-01', periodTo: '2026-11-30', percent: 10, seed: SEED },
    ]);
    expect((inDrawForm().getByLabelText('Seme del sorteggio') as HTMLInputElement).value).toBe('');
    // The next period proposed follows the draw: December, to be drawn once it has ended.
    expect((inDrawForm().getByLabelText('Dal') as HTMLInputElement).value).toBe('2026-12-01');
    expect((inDrawForm().getByLabelText('Al') as HTMLInputElement).value).toBe('2026-12-31');

    const section = screen.getByRole('region', { name: 'Sorteggio n. 1 – Determinazione dirigenziale' });
    expect(text(section)).toContain('dal 01/11/2026 al 30/11/2026');
    expect(text(section)).toContain('10%');
    expect(text(section)).toContain('estratti 1 su 2');
    expect(text(section)).toContain(`«${SEED}»`);
    expect(text(section)).toContain('da Paolo Esposito');
    expect(text(section)).toContain('controllati 0 di 1');
    const numbers = section.querySelector('details')!;
    expect(text(numbers.querySelector('summary')!)).toBe('Numeri sorteggiabili (2), per rifare il sorteggio');
    expect(text(numbers)).toContain('1/2026, 3/2026');
    expect(text(numbers)).toContain(`«${SEED}|1/2026»`);
    const rows = within(within(section).getByRole('table')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    const id = drawn[0] === '1/2026' ? 8 : 10;
    expect(within(rows[0]!).getByRole('rowheader').textContent).toBe(drawn[0]);
    expect(within(rows[0]!).getByRole('link').getAttribute('href')).toBe(`#/atti/${id}`);
    expect(text(rows[0]!)).toContain('Da controllare');

    // «Vai al sorteggio n. 1» moves the focus to it.
    await fireEvent.click(within(status as HTMLElement).getByRole('link', { name: 'Vai al sorteggio n. 1' }));
    expect(document.activeElement).toBe(within(section).getByRole('heading', { level: 3 }));

    // The segretario's inbox (who also publishes, in a small Comune) has the act in its sixth
    // group, with a way to this screen.
    window.location.hash = '#/';
    const group = await screen.findByRole('region', { name: /Da controllare \(art\. 147-bis\)/ });
    await waitFor(() => expect(within(group).getAllByRole('listitem')).toHaveLength(1));
    const { oggetto } = await backend.call<Act>('act_get', { id });
    expect(within(group).getByRole('link', { name: oggetto }).getAttribute('href')).toBe(`#/atti/${id}`);
    expect(within(group).getByRole('link', { name: /controllo di regolarità/ }).getAttribute('href')).toBe('#/controlli');
    expect(document.querySelectorAll('.inbox-group')).toHaveLength(6);
  });

  it('i dati sbagliati sono segnalati accanto ai campi, con il riepilogo che prende il fuoco', async () => {
    const backend = await openScreen();
    await screen.findByText('Nessun sorteggio effettuato finora.');
    // The period has not ended (today is 1 December) and nobody committed to a seed for it: the
    // backend says so.
    await fill('Al', '2026-12-01');
    await fill('Seme del sorteggio', 'corto');
    await fireEvent.click(drawButton());
    const summary = await screen.findByRole('heading', { name: 'Ci sono 2 errori da correggere' });
    await waitFor(() => expect(document.activeElement).toBe(summary));
    const region = summary.closest('.error-summary')!;
    const links = within(region as HTMLElement).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual([
      'Al: il periodo deve essere concluso: il sorteggio riguarda atti adottati fino a ieri',
      "Seme del sorteggio: per questo periodo non c'è un impegno sul seme: va registrato prima che il periodo finisca, e il sorteggio usa quel seme",
    ]);
    const to = inDrawForm().getByLabelText('Al');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    const described = to.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent ?? '');
    expect(described.join(' ')).toContain('Il periodo deve essere concluso');
    expect(inDrawForm().getByLabelText('Seme del sorteggio').getAttribute('aria-invalid')).toBe('true');
    expect(inDrawForm().getByLabelText('Dal').getAttribute('aria-invalid')).toBeNull();
    await fireEvent.click(links[1]!);
    expect(document.activeElement).toBe(inDrawForm().getByLabelText('Seme del sorteggio'));
    expect(await drawsOf(backend)).toHaveLength(0);

    // What the backend could not read is checked here: an empty day, a percentage out of range.
    await fill('Dal', '');
    await fill('Percentuale da estrarre', '150');
    await fireEvent.click(drawButton());
    await screen.findByRole('heading', { name: 'Ci sono 2 errori da correggere' });
    expect(text(document.querySelector('.error-summary')!)).toContain('Dal: indicare il primo giorno del periodo');
    expect(text(document.querySelector('.error-summary')!)).toContain('Percentuale: la percentuale va da 1 a 100');
    expect(callsOf(backend, 'controllo_draw')).toHaveLength(1);

    // Corrected, the draw goes through and the errors go away.
    await fill('Dal', '2026-11-01');
    await fill('Al', '2026-11-30');
    await fill('Percentuale da estrarre', '100');
    await fill('Seme del sorteggio', SEED);
    await fireEvent.click(drawButton());
    await screen.findByText(/Sorteggio n\. 1 effettuato: estratti 2 su 2/);
    expect(document.querySelector('.error-summary')).toBeNull();
    expect(inDrawForm().getByLabelText('Al').getAttribute('aria-invalid')).toBeNull();

    // The same days again: a period starts the day after the previous draw's (as atti-core says).
    await fill('Dal', '2026-11-15');
    await fill('Al', '2026-11-20');
    await fill('Seme del sorteggio', SEED);
    await fireEvent.click(drawButton());
    // (and nobody committed to a seed for those days).
    const again = await screen.findByRole('heading', { name: 'Ci sono 2 errori da correggere' });
    await waitFor(() => expect(document.activeElement).toBe(again));
    expect(text(document.querySelector('.error-summary')!)).toContain(
      'Dal: il periodo deve iniziare il 01/12/2026, il giorno dopo la fine del sorteggio precedente: così si sovrapporrebbe al sorteggio precedente',
    );
    expect(inDrawForm().getByLabelText('Dal').getAttribute('aria-invalid')).toBe('true');
    expect(await drawsOf(backend)).toHaveLength(1);
  });

  it('chi non è segretario legge che il sorteggio non gli spetta, e il rifiuto; non vede i moduli degli esiti', async () => {
    const backend = await openScreen('istruttore', (b) => drawNovember(b));
    const section = await screen.findByRole('region', { name: 'Sorteggio n. 1 – Determinazione dirigenziale' });
    expect(
      screen.getByText(/Solo il segretario generale può effettuare il sorteggio e registrare gli esiti/),
    ).toBeTruthy();
    expect(within(section).getAllByText('Da controllare')).toHaveLength(2);
    expect(within(section).queryByRole('button')).toBeNull();
    expect(within(section).queryByLabelText(/Esito/)).toBeNull();

    await fill('Dal', '2026-10-01');
    await fill('Al', '2026-10-31');
    await fill('Seme del sorteggio', SEED);
    await fireEvent.click(drawButton());
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(text(alert)).toBe(
      `Sorteggio non effettuato. ${sentence('il sorteggio del controllo successivo spetta al segretario generale (TUEL art. 147-bis)')}`,
    );
    expect(await drawsOf(backend)).toHaveLength(1);
  });

  it('l’esito: la nota serve se non è regolare; la conferma dice che non si cambia; registrato, il modulo sparisce', async () => {
    const backend = await openScreen('segretario', (b) => drawNovember(b));
    const section = await screen.findByRole('region', { name: 'Sorteggio n. 1 – Determinazione dirigenziale' });
    expect(text(section)).toContain('controllati 0 di 2');
    const rows = () => within(within(section).getByRole('table')).getAllByRole('row').slice(1);
    expect(rows().map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['1/2026', '3/2026']);

    // No outcome chosen, then «Irregolare» without a note: refused here, the field has the focus.
    const record1 = within(rows()[0]!).getByRole('button', { name: 'Registra l’esito della n. 1/2026' });
    await fireEvent.click(record1);
    const esito1 = screen.getByLabelText('Esito del controllo della n. 1/2026');
    await waitFor(() => expect(document.activeElement).toBe(esito1));
    expect(esito1.getAttribute('aria-invalid')).toBe('true');
    expect(text(rows()[0]!)).toContain('Scegliere l’esito del controllo');
    await selectOption(esito1, 'irregolare');
    await fireEvent.click(record1);
    const note1 = screen.getByLabelText(/Nota sul controllo della n\. 1\/2026/);
    await waitFor(() => expect(document.activeElement).toBe(note1));
    expect(note1.getAttribute('aria-invalid')).toBe('true');
    expect(note1.getAttribute('aria-required')).toBe('true');
    expect(text(rows()[0]!)).toContain(
      'Con l\'esito «Irregolare» la nota è obbligatoria: indicare che cosa è stato rilevato',
    );
    expect(esito1.getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(callsOf(backend, 'controllo_esito')).toHaveLength(0);

    // «Regolare» needs no note; the dialog asks first, «Annulla» changes nothing.
    await selectOption(esito1, 'regolare');
    expect(note1.getAttribute('aria-required')).toBeNull();
    record1.focus();
    await fireEvent.click(record1);
    let dialog = await screen.findByRole('dialog', { name: 'Registrare l’esito del controllo?' });
    expect(text(dialog)).toContain('Determinazione dirigenziale n. 1/2026: Nomina della commissione giudicatrice');
    expect(term(dialog, 'Esito')).toBe('Regolare');
    expect(term(dialog, 'Nota')).toBe('nessuna');
    expect(text(dialog)).toContain('L’esito si registra una volta sola: dopo non si può modificare.');
    const cancel = within(dialog).getByRole('button', { name: 'Annulla' });
    await waitFor(() => expect(document.activeElement).toBe(cancel));
    await fireEvent.click(cancel);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(record1);
    expect(callsOf(backend, 'controllo_esito')).toHaveLength(0);

    await fireEvent.click(record1);
    dialog = await screen.findByRole('dialog');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Registra l’esito' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(text(section)).toContain('controllati 1 di 2'));
    expect(callsOf(backend, 'controllo_esito').map((c) => c.args)).toEqual([
      { controllo: 1, id: 8, esito: 'regolare', note: '' },
    ]);
    // The form of that act is gone: the outcome is shown, and has the focus.
    expect(within(rows()[0]!).queryByRole('button')).toBeNull();
    expect(within(rows()[0]!).queryByLabelText(/Esito/)).toBeNull();
    expect(text(rows()[0]!)).toContain('Regolare');
    expect(text(rows()[0]!)).toContain('da Paolo Esposito');
    expect(document.activeElement).toBe(rows()[0]!.querySelector('.controllo-esito-dato'));
    expect(section.querySelector('p.list-count')!.getAttribute('role')).toBe('status');

    // The other: irregular, with what was found.
    await selectOption(screen.getByLabelText('Esito del controllo della n. 3/2026'), 'irregolare');
    await fireEvent.input(screen.getByLabelText(/Nota sul controllo della n\. 3\/2026/), {
      target: { value: 'Manca l’attestazione della copertura finanziaria.' },
    });
    await fireEvent.click(within(rows()[1]!).getByRole('button', { name: 'Registra l’esito della n. 3/2026' }));
    dialog = await screen.findByRole('dialog');
    expect(term(dialog, 'Esito')).toBe('Irregolare');
    expect(term(dialog, 'Nota')).toBe('Manca l’attestazione della copertura finanziaria.');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Registra l’esito' }));
    await waitFor(() => expect(text(section)).toContain('controllati 2 di 2'));
    expect(text(rows()[1]!)).toContain('Irregolare');
    expect(text(rows()[1]!)).toContain('Manca l’attestazione della copertura finanziaria.');
    expect(within(section).queryByRole('button')).toBeNull();
    expect((await backend.call<InboxGroup[]>('inbox')).at(-1)).toEqual({ name: 'Da controllare (art. 147-bis)', acts: [], total: 0 });
    // The act's timeline has both steps.
    expect((await backend.call<TimelineEntry[]>('act_history', { id: 10 })).map((t) => t.label)).toEqual(
      expect.arrayContaining([
        'Estratto per il controllo successivo di regolarità (sorteggio n. 1)',
        'Controllo successivo di regolarità: Irregolare',
      ]),
    );
  });

  it('un esito già registrato altrove è rifiutato: il messaggio prende il fuoco e la riga mostra l’esito registrato', async () => {
    const backend = await openScreen('segretario', (b) => drawNovember(b));
    const section = await screen.findByRole('region', { name: 'Sorteggio n. 1 – Determinazione dirigenziale' });
    await selectOption(screen.getByLabelText('Esito del controllo della n. 3/2026'), 'regolare');
    await fireEvent.click(within(section).getByRole('button', { name: 'Registra l’esito della n. 3/2026' }));
    const dialog = await screen.findByRole('dialog');
    // Meanwhile, on another computer...
    await backend.call('controllo_esito', { controllo: 1, id: 10, esito: 'con-osservazioni', note: 'Motivazione sintetica.' });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Registra l’esito' }));
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(text(alert)).toContain('Esito non registrato.');
    expect(text(alert)).toContain('è già registrato e non cambia');
    await waitFor(() => expect(text(alert.closest('td')!)).toContain('Regolare con osservazioni'));
    expect(text(alert.closest('td')!)).toContain('Motivazione sintetica.');
  });

  it('l’impegno sul seme: generato, registrato con la sola impronta, elencato; il seme si annota una volta', async () => {
    const backend = await openScreen();
    const form = () => within(screen.getByRole('form', { name: 'Impegno sul seme' }));
    const table = await screen.findByRole('table', { name: 'Impegni registrati' });
    // November's, from the world: its period and the SHA-256 of the seed, and no draw yet.
    const november = within(table).getAllByRole('row')[1]!;
    expect(text(november)).toContain('dal 01/11/2026 al 30/11/2026');
    expect(text(november)).toContain(createHash('sha256').update(SEED).digest('hex'));
    expect(text(november)).toContain('da fare, a periodo concluso');
    // The next period is proposed: December, the month now running.
    expect((form().getByLabelText('Dal') as HTMLInputElement).value).toBe('2026-12-01');
    expect((form().getByLabelText('Al') as HTMLInputElement).value).toBe('2026-12-31');

    // A seed too short to keep secret behind its hash is refused, next to its field.
    await fireEvent.input(form().getByLabelText('Seme'), { target: { value: 'breve' } });
    await fireEvent.click(form().getByRole('button', { name: 'Registra l’impegno' }));
    const summary = await screen.findByRole('heading', { name: 'C’è un errore da correggere' });
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(text(summary.closest('.error-summary')!)).toContain('Seme: il seme va tenuto riservato fino al sorteggio');
    expect(form().getByLabelText('Seme').getAttribute('aria-invalid')).toBe('true');

    await fireEvent.click(form().getByRole('button', { name: 'Genera un seme' }));
    const seedField = form().getByLabelText('Seme') as HTMLInputElement;
    await waitFor(() => expect(seedField.value).toMatch(/^([2-9A-HJKMNP-Z]{4}-){4}[2-9A-HJKMNP-Z]{4}$/));
    expect(document.activeElement).toBe(seedField);
    const generated = seedField.value;
    await fireEvent.click(form().getByRole('button', { name: 'Registra l’impegno' }));
    const done = await screen.findByText(/Impegno registrato per gli atti «Determinazione dirigenziale» dal 01\/12\/2026 al 31\/12\/2026/);
    expect(text(done.closest('[role="status"]')!)).toContain(`Annotate il seme ${generated} e conservatelo riservato`);
    expect(callsOf(backend, 'controllo_commit').at(-1)!.args).toEqual({
      kind: 'determinazione',
      periodFrom: '2026-12-01',
      periodTo: '2026-12-31',
      seed: generated,
    });
    const stored = await backend.call<{ seed_sha256: string }[]>('controllo_impegni');
    expect(stored.map((i) => i.seed_sha256)).toEqual([
      createHash('sha256').update(generated).digest('hex'),
      createHash('sha256').update(SEED).digest('hex'),
    ]);
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Impegni registrati' })).getAllByRole('row')).toHaveLength(3));
    expect(seedField.value).toBe('');
  });

  it('chi non è segretario vede gli impegni ma non il modulo', async () => {
    await openScreen('istruttore');
    await screen.findByRole('table', { name: 'Impegni registrati' });
    expect(screen.queryByRole('form', { name: 'Impegno sul seme' })).toBeNull();
  });
});
