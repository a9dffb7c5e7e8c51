import { describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../src/App.svelte';
import { callsOf, installBackend, type BackendOptions } from './backend';
import { DEMO_PIN } from './world';
import type { Act } from '../src/lib/gen/types';

/** The world's determinazione of the commissione giudicatrice, published by the messo on 26/11/2026. */
const COMMISSIONE = 'Nomina della commissione giudicatrice';

function openAlbo(options: BackendOptions = {}) {
  const backend = installBackend({ username: 'messo', ...options });
  window.location.hash = '#/albo';
  render(App);
  return backend;
}

const row = (text: string) => screen.getByRole('cell', { name: new RegExp(text) }).closest('tr')!;

describe('albo pretorio', () => {
  it('è nella navigazione; il repertorio mostra la pubblicazione, con i suoi 15 giorni; l’albo online non è configurato', async () => {
    const backend = openAlbo();
    await screen.findByRole('heading', { level: 1, name: 'Albo pretorio' });
    const nav = screen.getByRole('navigation', { name: 'Principale' });
    expect(within(nav).getByRole('link', { name: 'Albo' }).getAttribute('aria-current')).toBe('page');
    await screen.findByRole('table', { name: 'Repertorio dell’albo' });
    // One year of the register at a time: this year's first.
    const year = screen.getByRole('combobox', { name: 'Anno del repertorio' }) as HTMLSelectElement;
    expect(year.value).toBe('2026');
    expect(callsOf(backend, 'albo_repertorio')[0]?.args).toMatchObject({ anno: null });
    const cells = within(row(COMMISSIONE))
      .getAllByRole('cell')
      .map((c) => c.textContent?.trim());
    expect(cells[0]).toBe('1/2026');
    expect(cells[3]).toBe('26/11/2026');
    expect(cells[4]).toBe('10/12/2026');
    expect(cells[5]).toBe('In pubblicazione');
    expect(screen.getByText(/L’albo online non è ancora configurato/)).toBeTruthy();
    // Opening the screen brought the albo up to date: nothing ended.
    expect(callsOf(backend, 'albo_aggiorna')).toHaveLength(1);
    await screen.findByText('L’albo è aggiornato.');
    expect(screen.queryByText(/Tolte dall’albo/)).toBeNull();
  });

  it('sul suo ultimo giorno l’atto è tra quelli che escono entro due giorni; il giorno dopo esce da solo e il repertorio lo conserva', async () => {
    openAlbo({ days: 14 });
    const soon = await screen.findByRole('region', { name: 'Escono dall’albo entro due giorni' });
    expect(soon.textContent).toContain('ultimo giorno 10/12/2026');
    expect(soon.textContent).toContain('1/2026');
    cleanup();
    openAlbo({ days: 15 });
    await screen.findByText('Tolte dall’albo (defissione): 1/2026.');
    await screen.findByRole('table', { name: 'Repertorio dell’albo' });
    expect(within(row(COMMISSIONE)).getAllByRole('cell')[5]!.textContent).toBe('Defissa il 11/12/2026');
    expect(screen.queryByRole('region', { name: 'Escono dall’albo entro due giorni' })).toBeNull();
    const referti = screen.getByRole('region', { name: 'Referti da firmare' });
    expect(within(referti).getByRole('link', { name: /^1\/2026/ }).getAttribute('href')).toBe('#/atti/8');
  });

  it('esporta il repertorio in un foglio di calcolo', async () => {
    const backend = openAlbo();
    await screen.findByRole('table', { name: 'Repertorio dell’albo' });
    await fireEvent.click(screen.getByRole('button', { name: 'Esporta in un foglio di calcolo…' }));
    await screen.findByText(/^Repertorio esportato in .*repertorio-albo\.ods$/);
    expect(callsOf(backend, 'albo_save')).toHaveLength(1);
  });
});

describe('pubblicare un atto con dati personali non oscurati', () => {
  it('il messo li legge nella finestra e li conferma uno per uno; senza conferma non si pubblica', async () => {
    const backend = installBackend({ username: 'messo' });
    // The world's decreto (act 5), adopted by the sindaco: it names the person it appoints.
    await backend.as('sindaco', 'messo', async () => {
      const act = await backend.call<Act>('act_get', { id: 5 });
      act.dispositivo = [{ text: 'di nominare la dott.ssa Paola Neri responsabile della prevenzione della corruzione e della trasparenza.' }];
      await backend.call('act_save', { act });
      await backend.call('sign', { id: 5, pin: DEMO_PIN });
    });
    window.location.hash = '#/atti/5';
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: "Pubblica all'albo" }));
    const dialog = await screen.findByRole('dialog', { name: "Pubblica all'albo" });
    const group = await within(dialog).findByRole('group', { name: 'Dati personali non oscurati' });
    expect(group.textContent).toContain('«Paola Neri» (nome di persona)');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Conferma' }));
    const box = within(dialog).getByRole('checkbox', { name: /possono essere pubblicati così come sono/ });
    await waitFor(() => expect(document.activeElement).toBe(box));
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(callsOf(backend, 'iter_take')).toHaveLength(0);
    await fireEvent.click(box);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Conferma' }));
    await screen.findByText(/Fatto: «Pubblica all'albo»/);
    expect(callsOf(backend, 'iter_take')[0]!.args).toMatchObject({ action: 'pubblica', request: { conferma_dati: ['Paola Neri'] } });
  });
});

describe('referto di pubblicazione', () => {
  it('finché l’atto è all’albo il referto aspetta; il giorno dopo il messo lo firma con il PIN e lo può salvare', async () => {
    installBackend({ username: 'messo', days: 14 });
    window.location.hash = '#/atti/8';
    render(App);
    const waiting = await screen.findByRole('list', { name: 'Referto e certificati' });
    await waitFor(() => expect(waiting.textContent).toContain("resta all'albo fino al 10/12/2026"));
    expect(within(waiting).queryByRole('button', { name: 'Firma il referto di pubblicazione' })).toBeNull();
    cleanup();

    const backend = installBackend({ username: 'messo', days: 15 });
    window.location.hash = '#/atti/8';
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Firma il referto di pubblicazione' }));
    const dialog = await screen.findByRole('dialog', { name: 'Referto di pubblicazione' });
    expect(dialog.textContent).toContain('dal 26/11/2026 al 10/12/2026');
    await fireEvent.input(within(dialog).getByLabelText('PIN del dispositivo di firma'), { target: { value: DEMO_PIN } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Firma' }));
    await screen.findByText('Referto di pubblicazione firmato.');
    const list = screen.getByRole('list', { name: 'Referto e certificati' });
    await waitFor(() => expect(list.textContent).toContain('firmato da Roberto Gallo'));
    expect(callsOf(backend, 'attestazione_firma')).toHaveLength(1);
    await fireEvent.click(within(list).getByRole('button', { name: 'Salva il referto di pubblicazione firmato' }));
    await screen.findByText(/^Referto di pubblicazione salvato in .*8-referto\.pdf\.$/);
  });
});
