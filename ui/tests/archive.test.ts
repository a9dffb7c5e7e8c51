import { describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import App from '../src/App.svelte';
import ListHarness from './harness/ListHarness.svelte';
import EditorHarness from './harness/EditorHarness.svelte';
import { callsOf, installBackend, type Backend, type BackendOptions } from './backend';
import { adoptDelibera7, alteredP7m, signedOriginal } from './scenarios';
import type { IdentityDto, OutboxEntryDto, ServerSettingsDto } from '../src/lib/gen/types';

function openScreen(hash: string, options: BackendOptions = {}) {
  const backend = installBackend(options);
  window.location.hash = hash;
  render(App);
  return backend;
}

/** Opens the screen at `hash` once the Comune's document server (the test's own) is set. */
async function openWithServer(hash: string, options: BackendOptions = {}) {
  const backend = installBackend(options);
  const server = await backend.startServer();
  window.location.hash = hash;
  render(App);
  return { backend, server };
}

const settings = (backend: Backend) => backend.call<ServerSettingsDto | null>('server_settings');

describe('verifica firma', () => {
  it('è nella navigazione accanto a «Verifica copia»', async () => {
    openScreen('#/verifica-firma');
    await screen.findByRole('heading', { level: 1, name: 'Verifica firma' });
    const nav = screen.getByRole('navigation', { name: 'Principale' });
    const names = within(nav)
      .getAllByRole('link')
      .map((a) => a.textContent);
    expect(names.indexOf('Verifica firma')).toBe(names.indexOf('Verifica copia') + 1);
    expect(within(nav).getByRole('link', { name: 'Verifica firma' }).getAttribute('aria-current')).toBe('page');
  });

  it('una delibera firmata da due: la prima firma copre la sua revisione, seguita solo dalla seconda (nessun allarme)', async () => {
    const backend = openScreen('#/verifica-firma', { username: 'segretario' });
    await adoptDelibera7(backend);
    backend.pickedFiles = [await signedOriginal(backend, 7)];
    await fireEvent.click(await screen.findByRole('button', { name: 'Scegli il file da verificare…' }));
    await screen.findByRole('heading', { level: 2, name: 'Firma valida' });
    const [first, second] = screen.getAllByRole('article');
    expect(first!.textContent).toContain('✓ Copre la sua revisione del file:');
    expect(first!.textContent).toContain('sono state aggiunte solo altre firme');
    expect(first!.textContent).not.toContain('✗');
    expect(second!.textContent).toContain('✓ Copre tutto il file:');
  });

  it('mostra una firma valida (PAdES) e una non valida (.p7m alterato, di una CA sconosciuta), a parole', async () => {
    const backend = openScreen('#/verifica-firma');
    const pdf = await signedOriginal(backend, 8);
    const rossi = await backend.as('dirigente', 'istruttore', () => backend.call<IdentityDto>('my_identity'));
    backend.pickedFiles = [pdf];
    await fireEvent.click(await screen.findByRole('button', { name: 'Scegli il file da verificare…' }));
    const ok = await screen.findByRole('heading', { level: 2, name: 'Firma valida' });
    await waitFor(() => expect(document.activeElement).toBe(ok));
    const open = callsOf(backend, 'plugin:dialog|open')[0]!.args as { options: { filters: { extensions: string[] }[]; multiple: boolean } };
    expect(open.options.filters[0]!.extensions).toEqual(['pdf', 'p7m']);
    expect(open.options.multiple).toBe(false);
    expect(callsOf(backend, 'verify_signed_path')[0]!.args).toEqual({ path: pdf });
    expect(screen.getByText('PAdES (firma contenuta nel PDF)')).toBeTruthy();
    const first = screen.getByRole('article', { name: 'Firma 1: Marco Rossi — valida' });
    expect(first.textContent).toContain(rossi.certificate.codice_fiscale!);
    expect(first.textContent).toContain('CA di prova - NON QUALIFICATA - SOLO PROVA');
    // Adopted in the world at 10:50 in Italy (its clock moves a minute a command).
    expect(first.textContent).toContain('26/11/2026 11:');
    expect(first.textContent).toContain('✓ Integra:');
    expect(first.textContent).toContain('✓ Copre tutto il file:');
    expect(first.textContent).toContain('✓ Certificato riconosciuto:');
    // No time-stamp, and the demo CA's certificates point at addresses that cannot exist: the
    // screen says what was not checked, and why.
    expect(first.textContent).toMatch(/Marca temporale\s+assente: il certificato è verificato alla data di oggi/);
    expect(first.textContent).toContain('? Revoca non verificata:');
    const notes = within(first).getByRole('heading', { name: 'Da sapere' }).nextElementSibling!;
    expect([...notes.querySelectorAll('li')].map((li) => li.textContent)).toContainEqual(
      expect.stringMatching(/^Revoca non verificata: CRL http:\/\/ca-prova-[a-z]+\.invalid\/ca\.crl: indirizzo che non può esistere \(dominio \.invalid\)\.$/),
    );

    backend.pickedFiles = [await alteredP7m(backend)];
    await fireEvent.click(screen.getByRole('button', { name: 'Scegli il file da verificare…' }));
    await screen.findByRole('heading', { level: 2, name: 'Firma non valida' });
    expect(screen.getByText('CAdES (busta .p7m)')).toBeTruthy();
    const bad = screen.getByRole('article', { name: 'Firma 1: Mario Bianchi — non valida' });
    expect(bad.textContent).toContain('BNCMRA80A01H501U');
    expect(bad.textContent).toContain('✗ Non integra:');
    expect(bad.textContent).toContain('✗ Certificato non riconosciuto:');
    const problems = within(bad).getByRole('heading', { name: 'Problemi riscontrati' }).nextElementSibling!;
    expect([...problems.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      "Il contenuto firmato è stato alterato: l'impronta non corrisponde a quella firmata.",
      "Il certificato del firmatario non è emesso da un'autorità di fiducia (catena non verificabile con i certificati di fiducia configurati).",
    ]);
  });

  it('un file scelto e poi annullato non avvia la verifica', async () => {
    const backend = openScreen('#/verifica-firma', { pickedFiles: [] });
    await fireEvent.click(await screen.findByRole('button', { name: 'Scegli il file da verificare…' }));
    await waitFor(() => expect(callsOf(backend, 'plugin:dialog|open')).toHaveLength(1));
    expect(callsOf(backend, 'verify_signed_path')).toHaveLength(0);
  });
});

describe('server documentale', () => {
  it('chi non è amministratore di sistema le consulta ma non le cambia, e il backend rifiuta', async () => {
    const { backend, server } = await openWithServer('#/impostazioni/server');
    await screen.findByText('password salvata nel portachiavi');
    expect(screen.queryByLabelText('Indirizzo del server (https)')).toBeNull();
    expect(screen.getByText(/Queste impostazioni le cambia l’amministratore di sistema del Comune/)).toBeTruthy();
    await expect(
      backend.invoke('server_set', { url: server.url, user: 'intruso', caPath: null, password: 'x' }),
    ).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining("solo l'amministratore di sistema") });
    expect((await settings(backend))?.user).toBe('atti-protocollo');
  });

  it('mostra le impostazioni senza mai la password, valida il modulo e salva', async () => {
    const { backend, server } = await openWithServer('#/impostazioni/server', { username: 'amministratore' });
    const ca = join(backend.folder, 'ca-comune.pem');
    copyFileSync(server.ca_path, ca);
    backend.pickedFiles = [ca];
    await screen.findByRole('heading', { level: 1, name: 'Server documentale' });
    await screen.findByText('password salvata nel portachiavi');
    const url = screen.getByLabelText('Indirizzo del server (https)') as HTMLInputElement;
    const password = screen.getByLabelText('Password') as HTMLInputElement;
    expect(url.value).toBe(server.url);
    expect((screen.getByLabelText('Utente') as HTMLInputElement).value).toBe('atti-protocollo');
    expect(password.type).toBe('password');
    expect(password.value).toBe('');

    await fireEvent.input(url, { target: { value: 'http://documenti.comune-esempio.it/dav/' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));
    expect(screen.getByText(/L’indirizzo deve iniziare con https:\/\//)).toBeTruthy();
    // A password is saved: leaving the field empty is allowed.
    expect(document.getElementById('server-password-error')).toBeNull();
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(url);
    expect(callsOf(backend, 'server_set')).toHaveLength(0);

    await fireEvent.input(url, { target: { value: 'https://archivio.comune-esempio.it/dav/' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Scegli un altro certificato…' }));
    await screen.findByText('ca-comune.pem');
    await fireEvent.input(password, { target: { value: 'segreta-2026' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));
    await screen.findByText(/Impostazioni salvate/);
    expect(callsOf(backend, 'server_set')[0]!.args).toEqual({
      url: 'https://archivio.comune-esempio.it/dav/',
      user: 'atti-protocollo',
      caPath: ca,
      password: 'segreta-2026',
    });
    expect(await settings(backend)).toEqual({
      url: 'https://archivio.comune-esempio.it/dav/',
      user: 'atti-protocollo',
      ca_set: true,
      password_set: true,
    });
    expect(password.value).toBe('');
    // The password is never rendered back.
    expect(document.body.innerHTML).not.toContain('segreta-2026');
    expect(screen.getByText('https://archivio.comune-esempio.it/dav/')).toBeTruthy();
  });

  it('password vuota: resta quella del portachiavi; il certificato della CA resta se non lo si cambia', async () => {
    const { backend, server } = await openWithServer('#/impostazioni/server', { username: 'amministratore' });
    await screen.findByText('password salvata nel portachiavi');
    const password = screen.getByLabelText('Password') as HTMLInputElement;
    expect(password.getAttribute('aria-required')).toBeNull();
    expect(password.required).toBe(false);
    expect(document.getElementById(password.getAttribute('aria-describedby')!)?.textContent?.trim()).toBe(
      'Lascia vuoto per mantenere la password salvata nel portachiavi.',
    );
    expect(screen.queryByText(/sceglilo di nuovo/)).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));
    await screen.findByText(/La password salvata nel portachiavi non è cambiata/);
    expect(callsOf(backend, 'server_set')[0]!.args).toEqual({ url: server.url, user: 'atti-protocollo', caPath: null, password: '' });
    expect(await settings(backend)).toMatchObject({ ca_set: true, password_set: true });
    // The password in the keyring still opens the server.
    expect((await backend.call<{ ok: boolean }>('server_test')).ok).toBe(true);
    expect(screen.getByText('certificato del Comune configurato')).toBeTruthy();

    // Another user: the keyring has no password for it, the backend asks for one.
    await fireEvent.input(screen.getByLabelText('Utente'), { target: { value: 'atti-ragioneria' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Impostazioni non salvate.');
    expect(alert.textContent).toContain('portachiavi non ne ha una per questo utente e indirizzo');
    expect((await settings(backend))?.user).toBe('atti-protocollo');
  });

  it('«Rimuovi il certificato della CA» lo toglie salvando (caPath vuoto); si può ripensarci', async () => {
    const { backend } = await openWithServer('#/impostazioni/server', { username: 'amministratore' });
    await screen.findByText('certificato del Comune configurato');
    await fireEvent.click(screen.getByRole('button', { name: 'Rimuovi il certificato della CA' }));
    expect(screen.getByText('Salvando, il certificato della CA configurato viene rimosso.')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Mantieni il certificato della CA' }));
    expect(screen.queryByText('Salvando, il certificato della CA configurato viene rimosso.')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Rimuovi il certificato della CA' }));
    // Changing the CA the server is trusted by asks for its password again.
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));
    await screen.findByText(/va inserita di nuovo la password del server/);
    expect((await settings(backend))?.ca_set).toBe(true);
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'segreta-2026' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));
    await screen.findByText(/Impostazioni salvate/);
    expect(callsOf(backend, 'server_set').at(-1)!.args).toMatchObject({ caPath: '', password: 'segreta-2026' });
    expect((await settings(backend))?.ca_set).toBe(false);
    expect(screen.getByText('nessuno: autorità di certificazione del sistema')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Rimuovi il certificato della CA' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Scegli il certificato…' })).toBeTruthy();
  });

  it('«Prova connessione» elenca le sei prove, ciascuna con esito a parole', async () => {
    const { backend, server } = await openWithServer('#/impostazioni/server', { username: 'amministratore' });
    // A password the server does not take.
    await backend.setServer(server.url, 'sbagliata');
    await fireEvent.click(await screen.findByRole('button', { name: 'Prova connessione' }));
    const title = await screen.findByRole('heading', { name: 'La connessione non funziona: vedi le prove non superate' });
    await waitFor(() => expect(document.activeElement).toBe(title));
    const steps = [...document.querySelectorAll('ol.server-steps > li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    const { host } = new URL(server.url);
    expect(steps).toEqual([
      `✓ Riuscita — Raggiungibilità: ${host} risponde.`,
      '✓ Riuscita — TLS: Certificato valido per 127.0.0.1.',
      '✗ Non riuscita — Credenziali: Password errata o utente non autorizzato sul server documentale: controllare le impostazioni del server.',
      '✗ Non riuscita — Permesso di scrittura: Non verificato (il passo precedente non è riuscito).',
      '✗ Non riuscita — Cartelle create una volta sola: Non verificato (il passo precedente non è riuscito).',
      '✗ Non riuscita — File mai sostituiti: Non verificato (il passo precedente non è riuscito).',
      '✗ Non riuscita — Aree degli utenti: Non verificato (il passo precedente non è riuscito).',
    ]);

    await backend.setServer(server.url, 'segreta-2026');
    await fireEvent.click(screen.getByRole('button', { name: 'Prova connessione' }));
    await screen.findByRole('heading', { name: 'Connessione riuscita: tutte le prove superate' });
  });

  it('senza server configurato lo dice e chiede tutti i dati', async () => {
    openScreen('#/impostazioni/server', { username: 'amministratore' });
    await screen.findByText('Nessun server documentale configurato: gli atti firmati restano in coda su questo computer.');
    expect(screen.queryByText('password salvata nel portachiavi')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));
    expect(screen.getByText(/Scrivi l’indirizzo del server/)).toBeTruthy();
    expect(screen.getByText('Scrivi il nome utente del server.')).toBeTruthy();
    expect(screen.getByText('Scrivi la password del server.')).toBeTruthy();
  });
});

/** Act 8's package on the document server: its signed original, its publication version, its metadata. */
const PACKAGE_8 = 'atti/2026/determinazione/1/';

describe('invio all’archivio', () => {
  it('elenca i file con lo stato, sincronizza con la barra di avanzamento e riassume', async () => {
    const { backend } = await openWithServer('#/archivio');
    // Another PC already put a different publication version of act 8 there.
    await backend.call('@server-file', { path: `${PACKAGE_8}8-determinazione-pubblicazione.pdf`, content: 'un altro file' });
    await screen.findByRole('heading', { level: 1, name: 'Invio all’archivio' });
    const table = await screen.findByRole('table', { name: 'File da inviare e inviati' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByRole('link', { name: 'Atto 8' }).getAttribute('href')).toBe('#/atti/8');
    const counts = screen.getByRole('list', { name: 'Riepilogo dei file' });
    expect(within(counts).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'In coda: 3',
      'Inviati e verificati: 0',
      'In conflitto: 0',
      'Richiedono attenzione: 0',
    ]);

    // The progress as the backend reports it, held after its first step.
    const release = backend.holdEvents(1);
    await fireEvent.click(screen.getByRole('button', { name: 'Sincronizza ora' }));
    const bar = await screen.findByRole('progressbar', { name: 'Invio e verifica dei file' });
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('0'));
    expect(bar.getAttribute('aria-valuemax')).toBe('3');
    expect(bar.getAttribute('aria-valuetext')).toBe('0 di 3 file');
    expect(screen.getByText(/^0 di 3 file — ora: 8-determinazione\.pdf/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Sincronizzazione in corso…' }) as HTMLButtonElement).disabled).toBe(true);

    release();
    const done = await screen.findByRole('heading', { name: 'Esito della sincronizzazione' });
    await waitFor(() => expect(document.activeElement).toBe(done));
    expect(screen.queryByRole('progressbar')).toBeNull();
    const items = [...done.nextElementSibling!.querySelectorAll('li')].map((li) => li.textContent);
    expect(items).toEqual([
      'Inviati e verificati: 1',
      'Già presenti sul server, identici: 0',
      'In conflitto (sul server c’è un file diverso, non sovrascritto): 1',
      'Da controllare: 1',
      'Ancora in coda: 0',
    ]);
    await waitFor(() => expect(within(counts).getAllByRole('listitem')[0]!.textContent).toBe('In coda: 0'));
    expect(within(counts).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'In coda: 0',
      'Inviati e verificati: 1',
      'In conflitto: 1',
      'Richiedono attenzione: 1',
    ]);
    const after = within(table).getAllByRole('row').slice(1);
    const conflict = after.find((r) => r.textContent?.includes('8-determinazione-pubblicazione.pdf'))!;
    expect(conflict.textContent).toContain('Conflitto');
    expect(conflict.textContent).toContain('sul server esiste già');
    // Each outcome is recorded on the backend's clock (26 November 2026), never the machine's.
    const outbox = await backend.call<OutboxEntryDto[]>('outbox');
    expect(outbox.map((e) => e.updated_at.slice(0, 10))).toEqual(['2026-11-26', '2026-11-26', '2026-11-26']);
  });

  it('un invio fermato dice perché e che cosa fare', async () => {
    const { backend, server } = await openWithServer('#/archivio');
    await backend.setServer(server.url, 'sbagliata');
    await fireEvent.click(await screen.findByRole('button', { name: 'Sincronizza ora' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('L’invio si è fermato: Password errata o utente non autorizzato sul server documentale');
    expect(alert.textContent).toContain('premi di nuovo «Sincronizza ora»: i file non inviati restano in coda');
    expect(within(alert).getByRole('link', { name: 'Server documentale' }).getAttribute('href')).toBe('#/impostazioni/server');
    const summary = screen.getByRole('heading', { name: 'Esito della sincronizzazione' }).parentElement!;
    expect(within(summary).getByText('Inviati e verificati: 0')).toBeTruthy();
    expect(within(summary).getByText('Ancora in coda: 3')).toBeTruthy();
  });

  it('server spento: l’ultimo errore e che cosa succede; nulla è perso', { timeout: 30_000 }, async () => {
    const { backend } = await openWithServer('#/archivio');
    await backend.call('@server-state', { state: 'stop' });
    await fireEvent.click(await screen.findByRole('button', { name: 'Sincronizza ora' }));
    // atti-sync tries each file again a few times before it gives up for now.
    const done = await screen.findByRole('heading', { name: 'Esito della sincronizzazione' }, { timeout: 25_000 });
    const summary = done.parentElement!;
    expect(summary.textContent).toContain('Ancora in coda: 3');
    expect(summary.textContent).toContain('Ultimo errore: Server non raggiungibile: 127.0.0.1');
    expect(summary.textContent).toContain('i documenti restano in coda e saranno inviati più tardi');
  });

  it('un errore del comando stesso: il messaggio e che cosa fare', async () => {
    // What the keyring or the network stack may answer before anything is sent.
    let failure = { code: 'offline', message: 'il server documentale non risponde (rete assente?)', fields: [] };
    installBackend({}, (cmd) => {
      if (cmd === 'sync_run') throw failure;
      return undefined;
    });
    window.location.hash = '#/archivio';
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Sincronizza ora' }));
    let alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'Server non raggiungibile' })).toBeTruthy();
    expect(alert.textContent).toContain('Il server documentale non risponde (rete assente?)');
    expect(alert.textContent).toContain('Si riproverà: nulla è perso.');

    failure = { code: 'server', message: 'il portachiavi non è accessibile (è sbloccato?)', fields: [] };
    await fireEvent.click(screen.getByRole('button', { name: 'Sincronizza ora' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Il portachiavi non è accessibile'));
    alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Controllare le impostazioni del server');
  });
});

describe('stato dell’invio all’archivio degli atti', () => {
  const badge = (table: HTMLElement, id: number) =>
    within(table)
      .getByRole('link', { name: (_, el) => el.getAttribute('href') === `#/atti/${id}` })
      .closest('tr')!
      .querySelector('.sync-badge')?.textContent;

  it('nell’elenco: un’etichetta a parole per gli atti con un pacchetto', async () => {
    let backend = installBackend();
    render(ListHarness, { info: await backend.session() });
    let table = await screen.findByRole('table');
    await waitFor(() => expect(badge(table, 8)).toBe('Archivio: In coda'));
    expect(badge(table, 6)).toBeUndefined();
    cleanup();

    backend = installBackend();
    await backend.startServer();
    await backend.invoke('sync_run');
    render(ListHarness, { info: await backend.session() });
    table = await screen.findByRole('table');
    await waitFor(() => expect(badge(table, 8)).toBe('Archivio: Inviato e verificato'));
  });

  it('nell’intestazione dell’atto; con spesa entra in coda dopo la firma del visto contabile', async () => {
    const backend = installBackend({ username: 'dirigente' });
    render(EditorHarness, { info: await backend.session(), id: 6 });
    const panel = await screen.findByRole('region', { name: 'Stato e azioni' });
    expect(screen.queryByText('Archivio')).toBeNull();
    await fireEvent.click(within(panel).getByRole('button', { name: 'Adotta e firma' }));
    const dialog = await screen.findByRole('dialog', { name: 'Adotta e firma' });
    await within(dialog).findByText('Marco Rossi');
    await fireEvent.input(within(dialog).getByLabelText('PIN del dispositivo di firma'), { target: { value: '123456' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Firma' }));
    await within(panel).findByText(/Ora l’atto è «In attesa del visto contabile»/);
    // A determinazione with spending waits for the signed visto contabile.
    expect(screen.queryByText('Archivio')).toBeNull();
    cleanup();

    render(EditorHarness, { info: await backend.switchUser('ragioniere'), id: 6 });
    const form = await screen.findByRole('form', { name: 'Esprimi il visto di regolarità contabile' });
    await fireEvent.click(within(form).getByLabelText('Favorevole'));
    await fireEvent.click(within(form).getByRole('button', { name: 'Firma il visto' }));
    const visto = await screen.findByRole('dialog', { name: 'Firma il visto di regolarità contabile' });
    await within(visto).findByText('Anna Verdi');
    await fireEvent.input(within(visto).getByLabelText('PIN del dispositivo di firma'), { target: { value: '123456' } });
    await fireEvent.click(within(visto).getByRole('button', { name: 'Firma' }));
    const dt = await screen.findByText('Archivio');
    expect(dt.nextElementSibling?.textContent).toBe('In coda');
  });

  it('Richiede attenzione', async () => {
    // A conflict on one file of act 8 leaves its package incomplete.
    const backend = installBackend();
    await backend.startServer();
    await backend.call('@server-file', { path: `${PACKAGE_8}8-determinazione-pubblicazione.pdf`, content: 'un altro file' });
    await backend.invoke('sync_run');
    render(EditorHarness, { info: await backend.session(), id: 8 });
    const dt = await screen.findByText('Archivio');
    expect(dt.nextElementSibling?.textContent).toBe('Richiede attenzione');
  });
});
