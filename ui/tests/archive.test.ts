import { describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../src/App.svelte';
import ListHarness from './harness/ListHarness.svelte';
import EditorHarness from './harness/EditorHarness.svelte';
import { sessionFor } from './fixtures';
import { callsOf, installBackend } from './helpers';

function openScreen(hash: string, options: Parameters<typeof installBackend>[0] = {}) {
  const backend = installBackend(options);
  window.location.hash = hash;
  render(App);
  return backend;
}

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

  it('mostra una firma valida (PAdES, due firmatari) e una non valida (.p7m alterato), a parole', async () => {
    const backend = openScreen('#/verifica-firma', { pickedFiles: ['/home/marco/Documenti/8-determinazione.pdf'] });
    await fireEvent.click(await screen.findByRole('button', { name: 'Scegli il file da verificare…' }));
    const ok = await screen.findByRole('heading', { level: 2, name: 'Firma valida' });
    await waitFor(() => expect(document.activeElement).toBe(ok));
    const open = callsOf(backend, 'plugin:dialog|open')[0]!.args as { options: { filters: { extensions: string[] }[]; multiple: boolean } };
    expect(open.options.filters[0]!.extensions).toEqual(['pdf', 'p7m']);
    expect(open.options.multiple).toBe(false);
    expect(callsOf(backend, 'verify_signed_path')[0]!.args).toEqual({ path: '/home/marco/Documenti/8-determinazione.pdf' });
    expect(screen.getByText('PAdES (firma contenuta nel PDF)')).toBeTruthy();
    const first = screen.getByRole('article', { name: 'Firma 1 di 2: Marco Rossi — valida' });
    expect(first.textContent).toContain('RSSMRC70A01H501X');
    expect(first.textContent).toContain('CA di prova del Comune di Esempio');
    expect(first.textContent).toContain('26/11/2026 10:50');
    expect(first.textContent).toContain('✓ Integra:');
    expect(first.textContent).toContain('✓ Copre tutto il file:');
    expect(first.textContent).toContain('✓ Certificato riconosciuto:');
    expect(screen.getByRole('article', { name: 'Firma 2 di 2: Paolo Esposito — valida' })).toBeTruthy();

    backend.pickedFiles = ['/home/marco/Scaricati/offerta-alterato.pdf.p7m'];
    await fireEvent.click(screen.getByRole('button', { name: 'Scegli il file da verificare…' }));
    await screen.findByRole('heading', { level: 2, name: 'Firma non valida' });
    expect(screen.getByText('CAdES (busta .p7m)')).toBeTruthy();
    const bad = screen.getByRole('article', { name: 'Firma 1: Mario Bianchi — non valida' });
    expect(bad.textContent).toContain('non indicato nel certificato');
    expect(bad.textContent).toContain('✗ Non integra:');
    expect(bad.textContent).toContain('✗ Certificato non riconosciuto:');
    const problems = within(bad).getByRole('heading', { name: 'Problemi riscontrati' }).nextElementSibling!;
    expect([...problems.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Il contenuto è stato modificato dopo la firma',
      'Il certificato non è rilasciato da un’autorità riconosciuta (né dall’elenco di fiducia né dal Comune)',
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
  it('mostra le impostazioni senza mai la password, valida il modulo e salva', async () => {
    const backend = openScreen('#/impostazioni/server', { pickedFiles: ['/home/it/ca-comune.pem'] });
    await screen.findByRole('heading', { level: 1, name: 'Server documentale' });
    await screen.findByText('password salvata nel portachiavi');
    const url = screen.getByLabelText('Indirizzo del server (https)') as HTMLInputElement;
    const password = screen.getByLabelText('Password') as HTMLInputElement;
    expect(url.value).toBe('https://documenti.comune-esempio.it/dav/atti/');
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
      caPath: '/home/it/ca-comune.pem',
      password: 'segreta-2026',
    });
    expect(password.value).toBe('');
    // The password is never rendered back.
    expect(document.body.innerHTML).not.toContain('segreta-2026');
    expect(screen.getByText('https://archivio.comune-esempio.it/dav/')).toBeTruthy();
  });

  it('password vuota: resta quella del portachiavi; il certificato della CA resta se non lo si cambia', async () => {
    const backend = openScreen('#/impostazioni/server');
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
    expect(callsOf(backend, 'server_set')[0]!.args).toEqual({
      url: 'https://documenti.comune-esempio.it/dav/atti/',
      user: 'atti-protocollo',
      caPath: null,
      password: '',
    });
    expect(backend.server).toMatchObject({ ca_set: true, password_set: true });
    expect(screen.getByText('certificato del Comune configurato')).toBeTruthy();

    // Another user: the keyring has no password for it, the backend asks for one.
    await fireEvent.input(screen.getByLabelText('Utente'), { target: { value: 'atti-ragioneria' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Impostazioni non salvate.');
    expect(alert.textContent).toContain('portachiavi non ne ha una per questo utente e indirizzo');
    expect(backend.server?.user).toBe('atti-protocollo');
  });

  it('«Rimuovi il certificato della CA» lo toglie salvando (caPath vuoto); si può ripensarci', async () => {
    const backend = openScreen('#/impostazioni/server');
    await screen.findByText('certificato del Comune configurato');
    await fireEvent.click(screen.getByRole('button', { name: 'Rimuovi il certificato della CA' }));
    expect(screen.getByText('Salvando, il certificato della CA configurato viene rimosso.')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Mantieni il certificato della CA' }));
    expect(screen.queryByText('Salvando, il certificato della CA configurato viene rimosso.')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Rimuovi il certificato della CA' }));
    // Changing the CA the server is trusted by asks for its password again.
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));
    await screen.findByText(/va inserita di nuovo la password del server/);
    expect(backend.server?.ca_set).toBe(true);
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'segreta-2026' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));
    await screen.findByText(/Impostazioni salvate/);
    expect(callsOf(backend, 'server_set').at(-1)!.args).toMatchObject({ caPath: '', password: 'segreta-2026' });
    expect(backend.server?.ca_set).toBe(false);
    expect(screen.getByText('nessuno: autorità di certificazione del sistema')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Rimuovi il certificato della CA' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Scegli il certificato…' })).toBeTruthy();
  });

  it('«Prova connessione» elenca le quattro prove, ciascuna con esito a parole', async () => {
    const backend = openScreen('#/impostazioni/server');
    backend.serverCredentialsOk = false;
    await fireEvent.click(await screen.findByRole('button', { name: 'Prova connessione' }));
    const title = await screen.findByRole('heading', { name: 'La connessione non funziona: vedi le prove non superate' });
    await waitFor(() => expect(document.activeElement).toBe(title));
    const steps = [...document.querySelectorAll('ol.server-steps > li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(steps).toEqual([
      '✓ Riuscita — Raggiungibilità: Il server risponde (documenti.comune-esempio.it, porta 443).',
      '✓ Riuscita — TLS: Certificato valido, rilasciato dalla CA del Comune; TLS 1.3.',
      '✗ Non riuscita — Credenziali: Il server ha rifiutato utente o password (401): controllarli.',
      '✗ Non riuscita — Permesso di scrittura: Non verificato: prima vanno corrette le credenziali.',
    ]);

    backend.serverCredentialsOk = true;
    await fireEvent.click(screen.getByRole('button', { name: 'Prova connessione' }));
    await screen.findByRole('heading', { name: 'Connessione riuscita: tutte le prove superate' });
  });

  it('senza server configurato lo dice e chiede tutti i dati', async () => {
    openScreen('#/impostazioni/server', { server: null });
    await screen.findByText('Nessun server documentale configurato: gli atti firmati restano in coda su questo computer.');
    expect(screen.queryByText('password salvata nel portachiavi')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));
    expect(screen.getByText(/Scrivi l’indirizzo del server/)).toBeTruthy();
    expect(screen.getByText('Scrivi il nome utente del server.')).toBeTruthy();
    expect(screen.getByText('Scrivi la password del server.')).toBeTruthy();
  });
});

describe('invio all’archivio', () => {
  it('elenca i file con lo stato, sincronizza con la barra di avanzamento e riassume', async () => {
    let release!: () => void;
    const backend = openScreen('#/archivio');
    backend.syncHold = new Promise<void>((r) => (release = r));
    await screen.findByRole('heading', { level: 1, name: 'Invio all’archivio' });
    const table = await screen.findByRole('table', { name: 'File da inviare e inviati' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(6);
    expect(rows[2]!.textContent).toContain('Conflitto');
    expect(rows[2]!.textContent).toContain('Sul server c’è già un file diverso con questo nome');
    expect(within(rows[0]!).getByRole('link', { name: 'Atto 8' }).getAttribute('href')).toBe('#/atti/8');
    const counts = screen.getByRole('list', { name: 'Riepilogo dei file' });
    expect(within(counts).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'In coda: 3',
      'Inviati e verificati: 2',
      'In conflitto: 1',
      'Richiedono attenzione: 0',
    ]);

    await fireEvent.click(screen.getByRole('button', { name: 'Sincronizza ora' }));
    const bar = await screen.findByRole('progressbar', { name: 'Invio e verifica dei file' });
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('1'));
    expect(bar.getAttribute('aria-valuemax')).toBe('3');
    expect(bar.getAttribute('aria-valuetext')).toBe('1 di 3 file');
    expect(screen.getByText(/^1 di 3 file — ora: 10-determinazione-pubblicazione\.pdf/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Sincronizzazione in corso…' }) as HTMLButtonElement).disabled).toBe(true);

    release();
    const done = await screen.findByRole('heading', { name: 'Esito della sincronizzazione' });
    await waitFor(() => expect(document.activeElement).toBe(done));
    expect(screen.queryByRole('progressbar')).toBeNull();
    const items = [...done.nextElementSibling!.querySelectorAll('li')].map((li) => li.textContent);
    expect(items).toEqual([
      'Inviati e verificati: 3',
      'Già presenti sul server, identici: 0',
      'In conflitto (sul server c’è un file diverso, non sovrascritto): 1',
      'Da controllare: 0',
      'Ancora in coda: 0',
    ]);
    await waitFor(() => expect(within(counts).getAllByRole('listitem')[0]!.textContent).toBe('In coda: 0'));
    expect(within(counts).getAllByRole('listitem')[1]!.textContent).toBe('Inviati e verificati: 5');
  });

  it('un invio fermato dice perché e che cosa fare', async () => {
    const backend = openScreen('#/archivio');
    backend.syncStop = 'il server ha rifiutato le credenziali (401): l’invio è sospeso per non bloccare l’utenza';
    await fireEvent.click(await screen.findByRole('button', { name: 'Sincronizza ora' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('L’invio si è fermato: Il server ha rifiutato le credenziali (401)');
    expect(alert.textContent).toContain('premi di nuovo «Sincronizza ora»: i file non inviati restano in coda');
    expect(within(alert).getByRole('link', { name: 'Server documentale' }).getAttribute('href')).toBe('#/impostazioni/server');
    expect(screen.getByText('Inviati e verificati: 1')).toBeTruthy();
    expect(screen.getByText('Ancora in coda: 2')).toBeTruthy();
  });

  it('server non raggiungibile o che rifiuta: il messaggio del backend e che cosa fare', async () => {
    const backend = openScreen('#/archivio');
    backend.syncFailure = { code: 'offline', message: 'il server documentale non risponde (rete assente?)', fields: [] };
    await fireEvent.click(await screen.findByRole('button', { name: 'Sincronizza ora' }));
    let alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'Server non raggiungibile' })).toBeTruthy();
    expect(alert.textContent).toContain('Il server documentale non risponde (rete assente?)');
    expect(alert.textContent).toContain('Si riproverà: nulla è perso.');

    backend.syncFailure = { code: 'server', message: 'il server ha risposto 403: permesso negato sulla cartella', fields: [] };
    await fireEvent.click(screen.getByRole('button', { name: 'Sincronizza ora' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Il server ha risposto 403'));
    alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Controllare le impostazioni del server');
  });
});

describe('stato dell’invio all’archivio degli atti', () => {
  it('nell’elenco: un’etichetta a parole per gli atti con un pacchetto', async () => {
    installBackend();
    render(ListHarness, { info: sessionFor('istruttore') });
    const table = await screen.findByRole('table');
    const row = (id: number) => within(table).getByRole('link', { name: (_, el) => el.getAttribute('href') === `#/atti/${id}` }).closest('tr')!;
    await waitFor(() => expect(row(8).querySelector('.sync-badge')?.textContent).toBe('Archivio: Inviato e verificato'));
    expect(row(9).querySelector('.sync-badge')?.textContent).toBe('Archivio: Conflitto');
    expect(row(10).querySelector('.sync-badge')?.textContent).toBe('Archivio: In coda');
    expect(row(6).querySelector('.sync-badge')).toBeNull();
  });

  it('nell’intestazione dell’atto; con spesa entra in coda dopo la firma del visto contabile', async () => {
    const backend = installBackend({ username: 'dirigente' });
    render(EditorHarness, { info: sessionFor('dirigente'), id: 6 });
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

    render(EditorHarness, { info: sessionFor('ragioniere'), id: 6 });
    backend.username = 'ragioniere';
    const form = await screen.findByRole('form', { name: 'Esprimi il visto di regolarità contabile' });
    await fireEvent.click(within(form).getByLabelText('Favorevole'));
    await fireEvent.click(within(form).getByRole('button', { name: 'Appone il visto' }));
    const visto = await screen.findByRole('dialog', { name: 'Appone il visto di regolarità contabile' });
    await within(visto).findByText('Anna Verdi');
    await fireEvent.input(within(visto).getByLabelText('PIN del dispositivo di firma'), { target: { value: '123456' } });
    await fireEvent.click(within(visto).getByRole('button', { name: 'Firma' }));
    const dt = await screen.findByText('Archivio');
    expect(dt.nextElementSibling?.textContent).toBe('In coda');
  });

  it('Richiede attenzione', async () => {
    const backend = installBackend();
    backend.outboxEntries[0]!.state = 'attenzione';
    render(EditorHarness, { info: sessionFor('istruttore'), id: 8 });
    const dt = await screen.findByText('Archivio');
    expect(dt.nextElementSibling?.textContent).toBe('Richiede attenzione');
  });
});
