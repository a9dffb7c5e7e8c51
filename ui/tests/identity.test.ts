import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../src/App.svelte';
import { callsOf, installBackend, type Backend, type BackendOptions } from './backend';
import { SOFTHSM_MODULE } from './bridge';
import { GIULIA, allowSoftHsm, expiringSmartCard, giuliaIdentity } from './scenarios';
import type { IdentityDto } from '../src/lib/gen/types';

async function openScreen(options: BackendOptions = {}, prepare?: (backend: Backend) => Promise<unknown>) {
  const backend = installBackend(options);
  await prepare?.(backend);
  window.location.hash = '#/impostazioni/firma';
  render(App);
  return backend;
}

const described = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent?.trim());

describe('dispositivo di firma', () => {
  it('un certificato di un’autorità di cui il Comune non si fida non si configura', async () => {
    const backend = installBackend({ notDemo: true });
    const path = `${backend.folder}/estranea.p12`;
    await backend.call('@identity', {
      given_name: 'Giulia',
      surname: 'Bianchi',
      codice_fiscale: GIULIA.codice_fiscale,
      not_before: '2026-06-01T00:00:00Z',
      not_after: '2029-06-01T00:00:00Z',
      p12: path,
      password: '123456',
    });
    await backend.pick([path]);
    await expect(backend.invoke('my_identity_add', { input: { source: 'pkcs12', path }, pin: '123456' })).rejects.toMatchObject({
      code: 'signature',
      message: expect.stringContaining("non è emesso da un'autorità di fiducia"),
    });
    expect(await backend.call('my_identity')).toBeNull();
  });

  it('un driver di smart card che il Comune non ammette non viene caricato', async () => {
    const backend = installBackend({ notDemo: true });
    const input = { source: 'pkcs11', module: SOFTHSM_MODULE, token_label: 'Firma digitale', key_id: '01' };
    await expect(backend.invoke('my_identity_add', { input, pin: null })).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('non è tra quelli ammessi dal Comune'),
    });
    // Nor may a clerk allow it.
    await expect(backend.invoke('pkcs11_modules_set', { modules: [SOFTHSM_MODULE] })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await backend.call('pkcs11_modules')).not.toContain(SOFTHSM_MODULE);
  });

  it('è nelle impostazioni accanto a «Server documentale» e mostra il certificato con gli avvisi', async () => {
    // The sindaco's smart card: a SoftHSM2 token whose certificate expires on 10 December 2026.
    let cf = '';
    const backend = await openScreen({ username: 'sindaco' }, async (b) => (cf = await expiringSmartCard(b)));
    await screen.findByRole('heading', { level: 1, name: 'Dispositivo di firma' });
    const main = screen.getByRole('navigation', { name: 'Principale' });
    expect(within(main).getByRole('link', { name: 'Impostazioni' }).getAttribute('aria-current')).toBe('true');
    const nav = screen.getByRole('navigation', { name: 'Impostazioni' });
    const names = within(nav)
      .getAllByRole('link')
      .map((a) => a.textContent);
    expect(names.indexOf('Dispositivo di firma')).toBe(names.indexOf('Server documentale') + 1);
    expect(within(nav).getByRole('link', { name: 'Dispositivo di firma' }).getAttribute('aria-current')).toBe('page');

    const holder = await screen.findByText('Laura Ferrari');
    const dl = holder.closest('dl')!;
    expect(dl.textContent).toContain(`Codice fiscale${cf}`);
    expect(dl.textContent).toContain('Rilasciato daCA di prova - NON QUALIFICATA - SOLO PROVA');
    expect(dl.textContent).toContain('dal 15/01/2025 al 10/12/2026');
    expect(dl.textContent).toContain(`Dispositivo «Firma digitale» (chiave 01) tramite ${SOFTHSM_MODULE}`);
    // The backend's warning, on its clock (26 November 2026).
    expect(screen.getByText('Il certificato di firma scade tra 14 giorni (il 10/12/2026): chiederne per tempo il rinnovo.')).toBeTruthy();
    expect(callsOf(backend, 'my_identity').length).toBeGreaterThan(0);
    expect(screen.getByRole('heading', { level: 2, name: 'Sostituisci il dispositivo di firma' })).toBeTruthy();
  });

  it('senza dispositivo lo dice e spiega che cosa fare; il tipo si sceglie fra due opzioni', async () => {
    await openScreen({ notDemo: true });
    await screen.findByText('Nessun dispositivo di firma configurato.');
    expect(screen.getByText(/Collega la smart card o la chiavetta di firma/)).toBeTruthy();
    const group = screen.getByRole('group', { name: 'Tipo di dispositivo' });
    const radios = within(group).getAllByRole('radio') as HTMLInputElement[];
    expect(radios.map((r) => r.labels?.[0]?.textContent)).toEqual(['Smart card o token (PKCS#11)', 'File PKCS#12 (.p12, .pfx)']);
    expect(radios[0]!.checked).toBe(true);
    expect(screen.getByLabelText('Modulo PKCS#11 (percorso della libreria)')).toBeTruthy();
    expect(screen.queryByLabelText('Password del file PKCS#12')).toBeNull();
    await fireEvent.click(radios[1]!);
    expect(screen.getByLabelText('File PKCS#12 (percorso)')).toBeTruthy();
    expect(screen.queryByLabelText('Etichetta del token')).toBeNull();
  });

  it('smart card: campi vuoti e id della chiave non esadecimale si segnalano sul campo, senza chiamare il backend', async () => {
    const backend = await openScreen({ notDemo: true });
    const submit = await screen.findByRole('button', { name: 'Configura il dispositivo' });
    await fireEvent.click(submit);
    const module = screen.getByLabelText('Modulo PKCS#11 (percorso della libreria)') as HTMLInputElement;
    const token = screen.getByLabelText('Etichetta del token') as HTMLInputElement;
    const key = screen.getByLabelText('Id della chiave di firma (esadecimale)') as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(module));
    for (const el of [module, token, key]) expect(el.getAttribute('aria-invalid')).toBe('true');
    expect(described(module)).toContain('Indica il modulo PKCS#11 della smart card, per esempio /usr/lib/libbit4xpki.so.');
    // The modules the Comune allows are offered (and named in the hint).
    const allowed = await backend.call<string[]>('pkcs11_modules');
    const offered = () => [...document.querySelectorAll('#dispositivo-moduli-ammessi option')].map((o) => o.getAttribute('value'));
    await waitFor(() => expect(offered()).toEqual(allowed));
    expect(allowed).toContain('/usr/lib/libbit4xpki.so');
    expect(document.getElementById('dispositivo-modulo-hint')!.textContent).toContain('per altri rivolgersi all’amministratore di sistema');
    expect(described(token)).toContain('Scrivi l’etichetta del token.');
    expect(described(key)).toContain('Scrivi l’id della chiave di firma, in esadecimale (per esempio 01).');

    await fireEvent.input(module, { target: { value: '/usr/lib/libbit4xpki.so' } });
    await fireEvent.input(token, { target: { value: 'Firma digitale' } });
    await fireEvent.input(key, { target: { value: '0g1' } });
    await fireEvent.click(submit);
    await waitFor(() => expect(document.activeElement).toBe(key));
    expect(module.getAttribute('aria-invalid')).toBeNull();
    expect(described(key)).toContain(
      'L’id della chiave va scritto in esadecimale: coppie di cifre da 0 a 9 e lettere da A a F (per esempio 01 o 3fa2).',
    );
    expect(callsOf(backend, 'my_identity_add')).toHaveLength(0);
  });

  it('smart card: token non trovato (messaggio del backend), poi configurata con il modulo scelto dal selettore', async () => {
    const backend = await openScreen({ notDemo: true }, async (b) => {
      await giuliaIdentity(b, { token: 'Firma digitale', key_id: '3fa2' });
      await allowSoftHsm(b);
    });
    backend.pickedFiles = [SOFTHSM_MODULE];
    await fireEvent.click(await screen.findByRole('button', { name: 'Scegli il modulo…' }));
    const module = screen.getByLabelText('Modulo PKCS#11 (percorso della libreria)') as HTMLInputElement;
    await waitFor(() => expect(module.value).toBe(SOFTHSM_MODULE));
    const open = callsOf(backend, 'plugin:dialog|open')[0]!.args as { options: { filters: { extensions: string[] }[] } };
    expect(open.options.filters[0]!.extensions).toEqual(['so', 'dll', 'dylib']);
    const token = screen.getByLabelText('Etichetta del token') as HTMLInputElement;
    const key = screen.getByLabelText('Id della chiave di firma (esadecimale)') as HTMLInputElement;
    await fireEvent.input(token, { target: { value: 'assente' } });
    await fireEvent.input(key, { target: { value: '01' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Configura il dispositivo' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Dispositivo di firma non trovato: inserire la smart card o controllare il lettore.');
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(token.value).toBe('assente');

    await fireEvent.input(token, { target: { value: 'Firma digitale' } });
    await fireEvent.input(key, { target: { value: '3F A2' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Configura il dispositivo' }));
    const done = await screen.findByText('Dispositivo di firma configurato.');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(callsOf(backend, 'my_identity_add').map((c) => c.args)).toEqual([
      { input: { source: 'pkcs11', module: SOFTHSM_MODULE, token_label: 'assente', key_id: '01' }, pin: null },
      { input: { source: 'pkcs11', module: SOFTHSM_MODULE, token_label: 'Firma digitale', key_id: '3FA2' }, pin: null },
    ]);
    expect(done.closest('[role="status"]')!.textContent).toContain(`Certificato di Giulia Bianchi (${GIULIA.codice_fiscale})`);
    const dl = screen.getByText('Giulia Bianchi', { selector: 'dd' }).closest('dl')!;
    expect(dl.textContent).toContain(`Dispositivo «Firma digitale» (chiave 3fa2) tramite ${SOFTHSM_MODULE}`);
    expect(screen.queryByText('Nessun dispositivo di firma configurato.')).toBeNull();
  });

  it('PKCS#12: password errata lascia il modulo com’era e svuota la password; quella giusta configura il file', async () => {
    const backend = await openScreen({ notDemo: true });
    const p12 = await giuliaIdentity(backend);
    backend.pickedFiles = [p12];
    await fireEvent.click(await screen.findByLabelText('File PKCS#12 (.p12, .pfx)'));

    // Empty: both fields asked for.
    await fireEvent.click(screen.getByRole('button', { name: 'Configura il dispositivo' }));
    const file = screen.getByLabelText('File PKCS#12 (percorso)') as HTMLInputElement;
    const password = screen.getByLabelText('Password del file PKCS#12') as HTMLInputElement;
    expect(password.type).toBe('password');
    expect(password.getAttribute('autocomplete')).toBe('off');
    await waitFor(() => expect(document.activeElement).toBe(file));
    expect(described(file)).toContain('Scegli il file PKCS#12 (.p12 o .pfx) con il tuo certificato.');
    expect(described(password)).toContain('Scrivi la password del file PKCS#12.');

    await fireEvent.click(screen.getByRole('button', { name: 'Scegli il file…' }));
    await waitFor(() => expect(file.value).toBe(p12));
    expect(file.getAttribute('aria-invalid')).toBeNull();
    const open = callsOf(backend, 'plugin:dialog|open')[0]!.args as { options: { filters: { extensions: string[] }[] } };
    expect(open.options.filters[0]!.extensions).toEqual(['p12', 'pfx']);

    // Wrong password.
    await fireEvent.input(password, { target: { value: '0000' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Configura il dispositivo' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Dispositivo non configurato. PIN errato.');
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(password.value).toBe('');
    expect(file.value).toBe(p12);
    expect((screen.getByLabelText('File PKCS#12 (.p12, .pfx)') as HTMLInputElement).checked).toBe(true);
    expect(await backend.call('my_identity')).toBeNull();

    // Right password.
    await fireEvent.input(password, { target: { value: '123456' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Configura il dispositivo' }));
    const done = await screen.findByText('Dispositivo di firma configurato.');
    expect(password.value).toBe('');
    expect(document.body.innerHTML).not.toContain('123456');
    expect(callsOf(backend, 'my_identity_add').map((c) => c.args)).toEqual([
      { input: { source: 'pkcs12', path: p12 }, pin: '0000' },
      { input: { source: 'pkcs12', path: p12 }, pin: '123456' },
    ]);
    const status = done.closest('[role="status"]')!;
    expect(status.textContent).toContain(`Certificato di Giulia Bianchi (${GIULIA.codice_fiscale}), valido dal 01/06/2026 al 01/06/2029.`);
    // my_identity now answers with the new device.
    const mine = await backend.call<IdentityDto>('my_identity');
    expect(mine.description).toBe(`file ${p12}`);
    expect(mine.certificate.common_name).toBe('Giulia Bianchi');
    expect(screen.getByText(`File ${p12}`)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sostituisci il dispositivo' })).toBeTruthy();
  });
});
