import { describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import App from '../src/App.svelte';
import { callsOf, installBackend, type BackendOptions } from './backend';

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
  });

  it('esporta il repertorio in un foglio di calcolo', async () => {
    const backend = openAlbo();
    await screen.findByRole('table', { name: 'Repertorio dell’albo' });
    await fireEvent.click(screen.getByRole('button', { name: 'Esporta in un foglio di calcolo…' }));
    await screen.findByText(/^Repertorio esportato in .*repertorio-albo\.ods$/);
    expect(callsOf(backend, 'albo_save')).toHaveLength(1);
  });
});
