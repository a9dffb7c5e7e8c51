import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../src/App.svelte';
import { callsOf, installBackend } from './backend';
import type { Act } from '../src/lib/gen/types';

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

    // «Cambia utente» opens the list; nothing changes until a user is chosen.
    const toggle = within(banner).getByRole('button', { name: 'Cambia utente' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await fireEvent.click(toggle);
    const list = within(banner).getByRole('list', { name: 'Utenti del Comune di prova' });
    expect(within(list).getByRole('button', { name: 'Giulia Bianchi (Istruttore)' }).getAttribute('aria-current')).toBe('true');
    expect(within(banner).getByText('Utente: Giulia Bianchi (Istruttore)')).toBeTruthy();
    await fireEvent.click(within(list).getByRole('button', { name: 'Sara Colombo (Agente di Polizia locale)' }));
    await within(banner).findByText('Utente: Sara Colombo (Agente di Polizia locale)');
    // The list closes and the focus is back on «Cambia utente».
    expect(within(banner).queryByRole('list', { name: 'Utenti del Comune di prova' })).toBeNull();
    expect(document.activeElement).toBe(toggle);
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
      'Versione 5 (attuale)',
      'Versione 4',
      'Versione 3',
      'Versione 2',
      'Versione 1',
    ]);
    expect(links[3]!.getAttribute('aria-current')).toBe('page');
    expect(links[0]!.textContent).toContain('Marco Rossi');
    // Read-only: no inputs.
    expect(screen.queryByRole('textbox')).toBeNull();

    const v2 = await backend.call<Act>('act_version', { id: 1, version: 2 });
    const v5 = await backend.call<Act>('act_get', { id: 1 });
    await fireEvent.click(restore);
    await waitFor(async () => expect((await backend.call<Act>('act_get', { id: 1 })).version).toBe(6));
    // The text of version 2, the attachments of today.
    const restored = await backend.call<Act>('act_get', { id: 1 });
    expect(restored.dispositivo).toEqual(v2.dispositivo);
    expect(restored.attachments).toEqual(v5.attachments);
    await waitFor(() => expect(window.location.hash).toBe('#/atti/1/versioni/6'));
    await screen.findByText(/Versione 2 ripristinata: il suo contenuto è ora la versione 6/, { selector: '.alert' });
  });
});

describe('impostazioni', () => {
  const described = (el: HTMLElement) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim())
      .join(' ');
  const current = (nav: HTMLElement, name: string) => within(nav).getByRole('link', { name }).getAttribute('aria-current');

  it('una sola voce nella navigazione principale; la pagina dice che cosa imposta ogni schermata, a un clic l’una dall’altra', async () => {
    installBackend();
    render(App);
    await screen.findByRole('heading', { level: 1, name: 'Le mie attività' });
    const main = screen.getByRole('navigation', { name: 'Principale' });
    expect(within(main).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Le mie attività',
      'Elenco degli atti',
      'Registri',
      'Sedute',
      'Albo',
      'Controllo di regolarità',
      'Verifica copia',
      'Verifica firma',
      'Invio all’archivio',
      'Impostazioni',
    ]);
    expect(current(main, 'Impostazioni')).toBeNull();
    const footer = screen.getByRole('contentinfo');
    expect(within(footer).getByRole('link', { name: 'Impostazioni' }).getAttribute('href')).toBe('#/impostazioni');
    for (const name of ['Server documentale', 'Dispositivo di firma', 'Sigillo dei contrassegni', 'Fiducia e autorizzazioni', 'Modelli degli atti']) {
      expect(within(footer).queryByRole('link', { name })).toBeNull();
    }

    await fireEvent.click(within(main).getByRole('link', { name: 'Impostazioni' }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'Impostazioni' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(window.location.hash).toBe('#/impostazioni');
    expect(document.title).toBe('Impostazioni – Comune di Esempio');
    expect(current(main, 'Impostazioni')).toBe('page');
    const hub = screen.getByRole('navigation', { name: 'Impostazioni' });
    const links = within(hub).getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('aria-current')])).toEqual([
      ['Server documentale', '#/impostazioni/server', null],
      ['Dispositivo di firma', '#/impostazioni/firma', null],
      ['Sigillo dei contrassegni', '#/impostazioni/sigillo', null],
      ['Fiducia e autorizzazioni', '#/impostazioni/fiducia', null],
      ['Modelli degli atti', '#/impostazioni/modelli', null],
    ]);
    expect(described(links[0]!)).toContain('Dove si archiviano gli atti firmati');
    expect(described(links[1]!)).toContain('con cui firmi gli atti');
    expect(described(links[2]!)).toContain('copie conformi su carta');
    expect(described(links[3]!)).toContain('Chi attesta le copie conformi');
    expect(described(links[4]!)).toContain('li cura il dirigente dell’ufficio');

    // A settings screen: its heading has the focus, the other screens are in the settings' navigation.
    await fireEvent.click(links[2]!);
    const seal = await screen.findByRole('heading', { level: 1, name: 'Sigillo dei contrassegni' });
    await waitFor(() => expect(document.activeElement).toBe(seal));
    expect(current(main, 'Impostazioni')).toBe('true');
    let side = screen.getByRole('navigation', { name: 'Impostazioni' });
    expect(current(side, 'Sigillo dei contrassegni')).toBe('page');
    expect(current(side, 'Server documentale')).toBeNull();
    // The settings' navigation comes before the screen: Shift+Tab from the heading reaches it.
    expect(side.compareDocumentPosition(seal) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(described(within(side).getByRole('link', { name: 'Server documentale' }))).toContain('prova della connessione');

    await fireEvent.click(within(side).getByRole('link', { name: 'Server documentale' }));
    const server = await screen.findByRole('heading', { level: 1, name: 'Server documentale' });
    await waitFor(() => expect(document.activeElement).toBe(server));
    expect(window.location.hash).toBe('#/impostazioni/server');
    side = screen.getByRole('navigation', { name: 'Impostazioni' });
    expect(current(side, 'Server documentale')).toBe('page');
    expect(current(side, 'Sigillo dei contrassegni')).toBeNull();
    expect(current(main, 'Impostazioni')).toBe('true');
  });
});

describe('cronologia della navigazione', () => {
  it('Alt+← e Alt+→ tornano indietro e avanti tra le pagine', async () => {
    installBackend();
    window.location.hash = '#/atti';
    render(App);
    await screen.findByRole('heading', { level: 1, name: 'Elenco degli atti' });
    window.location.hash = '#/impostazioni';
    await screen.findByRole('heading', { level: 1, name: 'Impostazioni' });
    await fireEvent.keyDown(window, { key: 'ArrowLeft', altKey: true });
    await screen.findByRole('heading', { level: 1, name: 'Elenco degli atti' });
    expect(window.location.hash).toBe('#/atti');
    await fireEvent.keyDown(window, { key: 'ArrowRight', altKey: true });
    await screen.findByRole('heading', { level: 1, name: 'Impostazioni' });
  });
});
