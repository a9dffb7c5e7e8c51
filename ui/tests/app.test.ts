import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../src/App.svelte';
import { callsOf, installBackend, selectOption } from './helpers';

describe('applicazione', () => {
  it('mostra il Comune, l’utente e cambia utente', async () => {
    const backend = installBackend();
    render(App);
    await screen.findByText('Utente: Giulia Bianchi (Istruttore)');
    const banner = screen.getByRole('banner');
    expect(within(banner).getAllByText('Comune di Esempio').length).toBeGreaterThan(0);
    expect(within(banner).getByText('Utente: Giulia Bianchi (Istruttore)')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Principale' })).toBeTruthy();
    expect(screen.getByRole('main')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Vai al contenuto principale' })).toBeTruthy();

    await selectOption(within(banner).getByLabelText('Cambia utente'), 'agente');
    await fireEvent.click(within(banner).getByRole('button', { name: 'Cambia' }));
    await within(banner).findByText('Utente: Sara Colombo (Agente di Polizia locale)');
    expect(callsOf(backend, 'session_switch_user')[0]!.args).toEqual({ username: 'agente' });
  });

  it('cronologia: mostra una versione in sola lettura e la ripristina come nuova versione', async () => {
    const backend = installBackend();
    window.location.hash = '#/atti/1/versioni/2';
    render(App);
    const restore = await screen.findByRole('button', { name: 'Ripristina questa versione' });
    const list = screen.getByRole('navigation', { name: 'Versioni salvate' });
    const links = within(list).getAllByRole('link');
    expect(links.map((a) => a.querySelector('.version-title')?.textContent)).toEqual([
      'Versione 3 (attuale)',
      'Versione 2',
      'Versione 1',
    ]);
    expect(links[1]!.getAttribute('aria-current')).toBe('page');
    expect(links[0]!.textContent).toContain('Marco Rossi');
    // Read-only: no inputs.
    expect(screen.queryByRole('textbox')).toBeNull();

    const v2 = backend.stored(1)[1]!.act;
    await fireEvent.click(restore);
    await waitFor(() => expect(backend.latest(1).act.version).toBe(4));
    expect(backend.latest(1).act.dispositivo).toEqual(v2.dispositivo);
    expect(backend.latest(1).act.attachments).toEqual(backend.stored(1)[2]!.act.attachments);
    await waitFor(() => expect(window.location.hash).toBe('#/atti/1/versioni/4'));
    await screen.findByText(/Versione 2 ripristinata: il suo contenuto è ora la versione 4/, { selector: '.alert' });
  });
});
