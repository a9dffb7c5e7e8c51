import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fireEvent, render, screen } from '@testing-library/svelte';
import App from '../src/App.svelte';
import { callsOf, installBackend } from './backend';

/**
 * The shared iter on the desktop (docs/iter-condiviso.md): a real Comune on the test's own Apache
 * over TLS. Another PC of the Comune (a data dir of its own in the backend) drafts a determinazione
 * and sends it; the dirigente's «Le mie attività» shows it without a restart: at the start, and when
 * he asks for the steps of the other offices.
 */
describe('iter condiviso', () => {
  it('le attività del dirigente mostrano gli atti inviati da un’altra postazione', async () => {
    const backend = installBackend({ notDemo: true, username: null });
    const server = await backend.call<{ url: string; ca_path: string }>('@server', {
      user: 'm.rossi',
      password: 'parola-di-marco',
    });
    backend.pickedFiles = [server.ca_path];
    const comune = join(process.cwd(), '..', 'docs', 'comune.example.json');
    const sendFromAnotherPc = (oggetto: string) =>
      backend.call<string>('@server-act', { comune, user: 'g.bianchi', password: 'parola-di-giulia', oggetto });

    const first = await sendFromAnotherPc('Manutenzione del parco giochi');
    // Numbered by the Comune's register on the server, not by this PC.
    expect(first).toBe('TEC/2026/0001');
    window.location.hash = '#/';
    render(App);
    // The dirigente logs in on his PC.
    await screen.findByRole('heading', { level: 1, name: 'Accesso' });
    await fireEvent.input(screen.getByLabelText('Indirizzo del server documentale (https)'), {
      target: { value: server.url },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Scegli il certificato…' }));
    await screen.findByText(/File scelto:/);
    await fireEvent.input(screen.getByLabelText('Nome utente'), { target: { value: 'm.rossi' } });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'parola-di-marco' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Accedi' }));
    await screen.findByRole('heading', { level: 1, name: 'Le mie attività' });
    // Fetched at the login, with no click.
    await screen.findByText('Manutenzione del parco giochi');

    await sendFromAnotherPc('Potatura dei platani');
    expect(screen.queryByText('Potatura dei platani')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Aggiorna dagli altri uffici' }));
    await screen.findByText('Potatura dei platani');
    expect(callsOf(backend, 'shared_pull').length).toBeGreaterThanOrEqual(2);
  });

  it('nel Comune di Esempio non c’è nulla da prendere dagli altri uffici', async () => {
    installBackend();
    window.location.hash = '#/';
    render(App);
    await screen.findByRole('heading', { level: 1, name: 'Le mie attività' });
    expect(screen.queryByRole('button', { name: 'Aggiorna dagli altri uffici' })).toBeNull();
  });
});
