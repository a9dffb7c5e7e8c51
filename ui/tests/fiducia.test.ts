import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../src/App.svelte';
import { callsOf, installBackend, type BackendOptions } from './backend';
import { SOFTHSM_MODULE } from './bridge';
import type { SessionInfo, TrustAnchorDto } from '../src/lib/gen/types';

/** The screen as the demo Comune's amministratore, unless told otherwise. */
function openScreen(options: BackendOptions = {}) {
  const backend = installBackend({ username: 'amministratore', ...options });
  window.location.hash = '#/impostazioni/fiducia';
  render(App);
  return backend;
}

const section = (name: string) => screen.getByRole('heading', { level: 2, name }).closest('section')!;

describe('fiducia e autorizzazioni', () => {
  it('l’amministratore sceglie i funzionari delle copie: il backend li registra e li rispetta', async () => {
    const backend = openScreen();
    await screen.findByRole('heading', { level: 1, name: 'Fiducia e autorizzazioni' });
    const nav = screen.getByRole('navigation', { name: 'Impostazioni' });
    expect(within(nav).getByRole('link', { name: 'Fiducia e autorizzazioni' }).getAttribute('aria-current')).toBe('page');
    const copie = await waitFor(() => section('Funzionari delle copie conformi'));
    const box = (name: RegExp) => within(copie).getByRole('checkbox', { name }) as HTMLInputElement;
    // The demo's: the istruttore and the segretario.
    await waitFor(() => expect(box(/^Giulia Bianchi/).checked).toBe(true));
    expect(box(/^Paolo Esposito/).checked).toBe(true);
    expect(box(/^Laura Ferrari/).checked).toBe(false);

    await fireEvent.click(box(/^Laura Ferrari/));
    await fireEvent.click(box(/^Giulia Bianchi/));
    await fireEvent.click(within(copie).getByRole('button', { name: 'Salva i funzionari' }));
    await screen.findByText('Funzionari autorizzati alle copie conformi: Paolo Esposito, Laura Ferrari.');
    expect(callsOf(backend, 'funzionari_copie_set')[0]!.args).toEqual({ usernames: ['segretario', 'sindaco'] });
    // The backend now lets the sindaco attest copies, and no longer the istruttore.
    const may = async (user: string) => (await backend.switchUser(user)).may_attest_copies;
    expect(await may('sindaco')).toBe(true);
    expect(await may('istruttore')).toBe(false);
    await expect(backend.invoke('copia_issue', { id: 8, per: null, path: null })).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('non è tra i funzionari che il Comune autorizza'),
    });
  });

  it('le autorità di fiducia: l’elenco, e un file PEM scelto nella finestra ne aggiunge una', async () => {
    const backend = openScreen();
    const autorita = await waitFor(() => section('Autorità di certificazione di fiducia'));
    const before = await backend.call<TrustAnchorDto[]>('trust_list');
    expect(before.length).toBeGreaterThan(0);
    await waitFor(() => expect(within(autorita).getAllByRole('row')).toHaveLength(before.length + 1));
    expect(within(autorita).getByRole('rowheader', { name: before[0]!.certificate.common_name })).toBeTruthy();

    const { ca_path } = await backend.call<{ ca_path: string }>('@identity', {
      given_name: 'Mario',
      surname: 'Bianchi',
      codice_fiscale: 'BNCMRA80A01H501U',
      not_before: '2026-06-01T00:00:00Z',
      not_after: '2029-06-01T00:00:00Z',
      p12: backend.file('bianchi.p12', ''),
      password: '123456',
    });
    backend.pickedFiles = [ca_path];
    await fireEvent.click(within(autorita).getByRole('button', { name: 'Aggiungi certificati (PEM)…' }));
    await screen.findByText('Aggiunta 1 autorità di fiducia.');
    expect(callsOf(backend, 'trust_add_file')[0]!.args).toEqual({ path: ca_path });
    await waitFor(() => expect(within(section('Autorità di certificazione di fiducia')).getAllByRole('row')).toHaveLength(before.length + 2));
  });

  it('i driver delle smart card: si ammette un modulo scelto nella finestra e si toglie', async () => {
    const backend = openScreen();
    const driver = await waitFor(() => section('Driver delle smart card ammessi'));
    const before = await backend.call<string[]>('pkcs11_modules');
    expect(before).not.toContain(SOFTHSM_MODULE);
    backend.pickedFiles = [SOFTHSM_MODULE];
    await fireEvent.click(within(driver).getByRole('button', { name: 'Ammetti un driver…' }));
    await screen.findByText(`Driver ammesso: ${SOFTHSM_MODULE}.`);
    expect(await backend.call<string[]>('pkcs11_modules')).toEqual([...before, SOFTHSM_MODULE]);
    await fireEvent.click(await screen.findByRole('button', { name: `Non ammettere più ${SOFTHSM_MODULE}` }));
    await screen.findByText(`Driver non più ammesso: ${SOFTHSM_MODULE}.`);
    expect(await backend.call<string[]>('pkcs11_modules')).toEqual(before);
  });

  it('chi non è amministratore vede gli elenchi senza poterli cambiare, e il backend rifiuta', async () => {
    const backend = openScreen({ username: 'segretario' });
    await screen.findByText('Solo l’amministratore di sistema può cambiarli.', { exact: false });
    const copie = await waitFor(() => section('Funzionari delle copie conformi'));
    await waitFor(() => expect(within(copie).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Giulia Bianchi', 'Paolo Esposito']));
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Aggiungi certificati (PEM)…' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Ammetti un driver…' })).toBeNull();
    await expect(backend.invoke('funzionari_copie_set', { usernames: ['segretario'] })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('la copia conforme: chi non è autorizzato legge perché e dove si cambia, senza il modulo', async () => {
    const backend = installBackend({ username: 'dirigente' });
    const info = await backend.call<SessionInfo>('session_info');
    expect(info.may_attest_copies).toBe(false);
    window.location.hash = '#/atti/8/documento';
    render(App);
    const note = await screen.findByText(/Non sei tra i funzionari che il Comune autorizza/);
    expect(within(note).getByRole('link', { name: 'Impostazioni › Fiducia e autorizzazioni' }).getAttribute('href')).toBe(
      '#/impostazioni/fiducia',
    );
    expect(screen.queryByRole('button', { name: 'Rilascia la copia' })).toBeNull();
  });
});
