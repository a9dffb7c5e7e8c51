import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '../src/App.svelte';
import { callsOf, installBackend } from './backend';

/**
 * A real Comune (docs/comune.example.json) opens on the login screen: Elena Ricci logs in with her
 * account on the Comune's document server (the test's own Apache over TLS), the backend checks it
 * there and keeps the password in the keyring; a wrong password is refused in Italian; «Esci» brings
 * the login screen back, which then knows the server and the last user.
 */
describe('accesso', () => {
  it('il primo accesso chiede il server; una password errata è rifiutata; «Esci» torna all’accesso', async () => {
    const backend = installBackend({ notDemo: true, username: null });
    const server = await backend.call<{ url: string; ca_path: string }>('@server', { user: 'e.ricci', password: 'parola-di-elena' });
    backend.pickedFiles = [server.ca_path];
    window.location.hash = '#/';
    render(App);

    await screen.findByRole('heading', { level: 1, name: 'Accesso' });
    const url = screen.getByLabelText('Indirizzo del server documentale (https)');
    await waitFor(() => expect(document.activeElement).toBe(url));
    // Nothing of the Comune is shown before the login.
    expect(screen.queryByRole('navigation', { name: 'Principale' })).toBeNull();

    // Empty fields: each says what is missing, and the first one gets the focus.
    await fireEvent.click(screen.getByRole('button', { name: 'Accedi' }));
    expect(screen.getByText('Scrivi l’indirizzo del server documentale del Comune.')).toBeTruthy();
    expect(screen.getByText('Scrivi la tua password.')).toBeTruthy();
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(callsOf(backend, 'session_login')).toHaveLength(0);

    await fireEvent.input(url, { target: { value: server.url } });
    await fireEvent.click(screen.getByRole('button', { name: 'Scegli il certificato…' }));
    await screen.findByText(/File scelto:/);
    await fireEvent.input(screen.getByLabelText('Nome utente'), { target: { value: 'e.ricci' } });
    const password = screen.getByLabelText('Password') as HTMLInputElement;
    await fireEvent.input(password, { target: { value: 'sbagliata' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Accedi' }));
    const refused = await screen.findByRole('alert');
    expect(refused.textContent).toContain('Accesso non riuscito.');
    expect(refused.textContent).toContain('non accetta nome utente e password');
    await waitFor(() => expect(document.activeElement).toBe(refused));
    // The password never stays in the page.
    expect(password.value).toBe('');

    await fireEvent.input(password, { target: { value: 'parola-di-elena' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Accedi' }));
    await screen.findByText('Utente: Elena Ricci (Amministratore di sistema)');
    expect(screen.getByText(`Server: ${new URL(server.url).host}`)).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Principale' })).toBeTruthy();
    // No user switch outside the demo Comune.
    expect(screen.queryByLabelText('Cambia utente')).toBeNull();
    expect(callsOf(backend, 'session_login').at(-1)!.args).toEqual({
      serverUrl: server.url,
      caPath: server.ca_path,
      username: 'e.ricci',
      password: 'parola-di-elena',
    });

    await fireEvent.click(screen.getByRole('button', { name: 'Esci' }));
    await screen.findByRole('heading', { level: 1, name: 'Accesso' });
    // The server is known now, and the last user is proposed: the focus is on the password.
    expect(screen.queryByLabelText('Indirizzo del server documentale (https)')).toBeNull();
    expect((screen.getByLabelText('Nome utente') as HTMLInputElement).value).toBe('e.ricci');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Password')));
    expect(screen.getByText(server.url)).toBeTruthy();
    // Logged out, the backend refuses everything but the login.
    await expect(backend.invoke('act_list', { filter: {} })).rejects.toMatchObject({ code: 'no-user' });
  });

  it('l’amministratore pubblica l’anagrafica sul server, una volta sola', async () => {
    const backend = installBackend({ notDemo: true, username: 'e.ricci' });
    const server = await backend.call<{ url: string; ca_path: string }>('@server', { user: 'e.ricci', password: 'parola-di-elena' });
    await backend.setServer(server.url, 'parola-di-elena', server.ca_path, 'e.ricci');
    window.location.hash = '#/impostazioni/server';
    render(App);
    const publish = await screen.findByRole('button', { name: 'Pubblica l’anagrafica' });
    await fireEvent.click(publish);
    await screen.findByText(/Anagrafica pubblicata sul server: versione 1\./);
    await fireEvent.click(publish);
    await screen.findByText('Il server ha già questa anagrafica (versione 1).');
    expect(callsOf(backend, 'comune_publish')).toHaveLength(2);
  });

  it('chi non è amministratore non pubblica l’anagrafica', async () => {
    installBackend({ notDemo: true, username: 'g.bianchi' });
    window.location.hash = '#/impostazioni/server';
    render(App);
    await screen.findByRole('heading', { level: 2, name: 'Prova della connessione' });
    expect(screen.queryByRole('button', { name: 'Pubblica l’anagrafica' })).toBeNull();
  });
});
