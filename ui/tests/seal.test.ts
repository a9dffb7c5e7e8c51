import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../src/App.svelte';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callsOf, installBackend, type Backend, type BackendOptions } from './backend';
import { keyFile } from './scenarios';
import type { CopiaIssued, SealInfo } from '../src/lib/gen/types';

/** The demo Comune's verification page (atti-app), printed on its copies. */
const VERIFICATION_URL = 'https://atti.comune-di-esempio.example/verifica';

/** The screen as the Comune's amministratore (its settings are theirs), unless told otherwise. */
function openScreen(options: BackendOptions = {}) {
  const backend = installBackend({ username: options.notDemo ? 'e.ricci' : 'amministratore', ...options });
  window.location.hash = '#/impostazioni/sigillo';
  render(App);
  return backend;
}

const sealInfo = (backend: Backend) => backend.call<SealInfo>('seal_info');

/** The demo key's fingerprint, shown once the screen has loaded. */
async function demoKeyShown(backend: Backend): Promise<string> {
  const { fingerprint } = await sealInfo(backend);
  await screen.findByText(fingerprint!);
  return fingerprint!;
}

const fingerprint = () => document.querySelector('.seal-fingerprint')?.textContent;
/** The text of an element as read out: runs of white space (source line breaks) as one space. */
const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ');

describe('sigillo dei contrassegni', () => {
  it('chi non è amministratore di sistema vede la chiave ma non la cambia', async () => {
    const backend = openScreen({ username: 'segretario' });
    await demoKeyShown(backend);
    expect(screen.queryByRole('button', { name: 'Genera una nuova chiave' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Importa chiave…' })).toBeNull();
    expect(screen.queryByLabelText('Indirizzo della pagina di verifica')).toBeNull();
    expect(screen.getByText(/Queste impostazioni le cambia l’amministratore di sistema del Comune/)).toBeTruthy();
    // The public page can still be saved, for whoever publishes it.
    expect(screen.getByRole('button', { name: 'Salva la pagina di verifica…' })).toBeTruthy();
    await expect(backend.invoke('seal_generate', {})).rejects.toMatchObject({ code: 'forbidden' });
    await expect(backend.invoke('verification_url_set', { url: 'https://x.example/v' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('è nelle impostazioni dopo «Dispositivo di firma»; la chiave dimostrativa è segnalata, con la chiave pubblica', async () => {
    const backend = openScreen();
    await screen.findByRole('heading', { level: 1, name: 'Sigillo dei contrassegni' });
    const main = screen.getByRole('navigation', { name: 'Principale' });
    expect(within(main).getByRole('link', { name: 'Impostazioni' }).getAttribute('aria-current')).toBe('true');
    const nav = screen.getByRole('navigation', { name: 'Impostazioni' });
    const names = within(nav)
      .getAllByRole('link')
      .map((a) => a.textContent);
    expect(names.indexOf('Sigillo dei contrassegni')).toBe(names.indexOf('Dispositivo di firma') + 1);
    expect(within(nav).getByRole('link', { name: 'Sigillo dei contrassegni' }).getAttribute('aria-current')).toBe('page');

    expect((await sealInfo(backend)).demo).toBe(true);
    await demoKeyShown(backend);
    const warning = document.querySelector('.seal-demo')!;
    expect(text(warning)).toContain('Chiave dimostrativa: non protegge nulla;');
    expect(text(warning)).toContain('generare o importare la chiave del Comune prima di rilasciare copie reali');
    expect(screen.getByText('nessuna').closest('div')!.textContent).toContain('Chiavi precedenti');

    const pem = screen.getByLabelText('Chiave pubblica (PEM)') as HTMLTextAreaElement;
    expect(pem.readOnly).toBe(true);
    expect(pem.value).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
    const hint = document.getElementById(pem.getAttribute('aria-describedby')!)!;
    expect(hint.textContent).toContain('pagina di verifica del Comune');
  });

  it('senza chiave lo dice: non si possono rilasciare copie', async () => {
    openScreen({ notDemo: true });
    await screen.findByText('Il Comune non ha ancora una chiave di sigillo.');
    expect(screen.getByText(/non si possono rilasciare copie conformi/)).toBeTruthy();
    expect(screen.queryByLabelText('Chiave pubblica (PEM)')).toBeNull();
    expect(document.querySelector('.seal-demo')).toBeNull();
    expect(screen.getByRole('heading', { level: 2, name: 'Imposta la chiave' })).toBeTruthy();
  });

  it('«Genera una nuova chiave» chiede conferma: «Annulla» non cambia nulla, la conferma cambia chiave e lo annuncia', async () => {
    const backend = openScreen();
    const demo = await demoKeyShown(backend);
    const generate = screen.getByRole('button', { name: 'Genera una nuova chiave' });
    generate.focus();
    await fireEvent.click(generate);

    let dialog = await screen.findByRole('dialog', { name: 'Generare una nuova chiave di sigillo?' });
    expect(text(dialog)).toContain('Le copie già rilasciate restano verificabili');
    expect(text(dialog)).toContain('Gli altri computer del Comune che rilasciano copie hanno bisogno della stessa chiave');
    const cancel = within(dialog).getByRole('button', { name: 'Annulla' });
    await waitFor(() => expect(document.activeElement).toBe(cancel));
    await fireEvent.click(cancel);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(generate);
    expect(callsOf(backend, 'seal_generate')).toHaveLength(0);
    expect(fingerprint()).toBe(demo);

    await fireEvent.click(generate);
    dialog = await screen.findByRole('dialog');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Genera la chiave' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(callsOf(backend, 'seal_generate')).toHaveLength(1));
    await backend.settled();
    const fresh = (await sealInfo(backend)).fingerprint!;
    expect(fresh).not.toBe(demo);
    await waitFor(() => expect(fingerprint()).toBe(fresh));
    expect(callsOf(backend, 'seal_generate')).toHaveLength(1);
    expect(document.activeElement).toBe(generate);
    expect(document.querySelector('.seal-demo')).toBeNull();
    expect(screen.getByText('1 chiave precedente, che verifica ancora le copie rilasciate prima')).toBeTruthy();
    const status = document.querySelector('.seal-done')!.closest('[role="status"]')!;
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(text(status)).toContain(`Nuova chiave di sigillo generata: impronta ${fresh}.`);
    expect(text(status)).toContain('Le copie già rilasciate restano verificabili con la chiave precedente.');
    expect(text(status)).toContain('Salva di nuovo la pagina di verifica («Salva la pagina di verifica…», qui sotto)');
    expect((screen.getByLabelText('Chiave pubblica (PEM)') as HTMLTextAreaElement).value).toContain('BEGIN PUBLIC KEY');
    expect(await sealInfo(backend)).toMatchObject({ fingerprint: fresh, demo: false, previous_keys: 1 });
  });

  it('una chiave precedente ritirata da un giorno: la schermata lo dice, e le copie sigillate da quel giorno non valgono', async () => {
    const backend = installBackend({ username: 'amministratore' });
    // A copy sealed with the demo key, then a new key, then the demo key retired as lost.
    const { token } = (await backend.call<{ token: string }[]>('copie', { id: 8 }))[0]!;
    const demo = (await sealInfo(backend)).fingerprint!;
    await backend.call('seal_generate');
    await backend.call('seal_retire', { fingerprint: demo, from: '2026-11-01' });
    window.location.hash = '#/impostazioni/sigillo';
    render(App);
    const list = await screen.findByRole('list', { name: 'Chiavi precedenti' });
    expect(text(list)).toContain(`${demo}: ritirata dal 01/11/2026: vale solo per le copie rilasciate prima di quel giorno`);
    await expect(backend.invoke('verify_qr', { token })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('ritirato dal 2026-11-01'),
    });
    // Only the amministratore retires, and never the current key.
    const current = (await sealInfo(backend)).fingerprint!;
    await expect(backend.invoke('seal_retire', { fingerprint: current, from: '2026-11-01' })).rejects.toMatchObject({
      code: 'not-allowed',
    });
    await backend.switchUser('segretario');
    await expect(backend.invoke('seal_retire', { fingerprint: demo, from: '2026-12-01' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('«Ritira la chiave»: il giorno è chiesto accanto al campo; ritirata, la lista lo dice e l’avviso spiega che cosa cambia', async () => {
    const backend = installBackend({ username: 'amministratore' });
    const demo = (await sealInfo(backend)).fingerprint!;
    await backend.call('seal_generate');
    window.location.hash = '#/impostazioni/sigillo';
    render(App);
    const section = await screen.findByRole('region', { name: 'Ritira una chiave precedente' });
    expect((within(section).getByLabelText('Chiave') as HTMLSelectElement).value).toBe(demo);
    await fireEvent.click(within(section).getByRole('button', { name: 'Ritira la chiave' }));
    const day = within(section).getByLabelText('Non vale più dal giorno');
    await waitFor(() => expect(document.activeElement).toBe(day));
    expect(day.getAttribute('aria-invalid')).toBe('true');
    expect(text(document.getElementById(day.getAttribute('aria-describedby')!)!)).toBe(
      'Indica il giorno dal quale la chiave non vale più.',
    );
    expect(callsOf(backend, 'seal_retire')).toHaveLength(0);

    await fireEvent.input(day, { target: { value: '2026-11-01' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Ritira la chiave' }));
    await waitFor(() => expect(callsOf(backend, 'seal_retire').map((c) => c.args)).toEqual([{ fingerprint: demo, from: '2026-11-01' }]));
    const status = (await screen.findByText(/ritirata dal 01\/11\/2026: le copie/)).closest('[role="status"]')!;
    expect(text(status)).toContain(`Chiave ${demo} ritirata dal 01/11/2026`);
    expect(text(screen.getByRole('list', { name: 'Chiavi precedenti' }))).toContain(`${demo}: ritirata dal 01/11/2026`);
    // Nothing left to retire: the form goes.
    expect(screen.queryByRole('region', { name: 'Ritira una chiave precedente' })).toBeNull();
  });

  it('«Importa chiave…»: una chiave non P-256 è rifiutata con il messaggio, che prende il fuoco; la chiave giusta è importata', async () => {
    const backend = openScreen();
    const demo = await demoKeyShown(backend);
    const rsa = keyFile(backend, 'sigillo-rsa.pem', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048');
    backend.pickedFiles = [rsa];
    const importButton = screen.getByRole('button', { name: 'Importa chiave…' });
    await fireEvent.click(importButton);
    const alert = await screen.findByRole('alert');
    expect(text(alert)).toContain('Chiave non cambiata.');
    expect(text(alert)).toContain('Chiave di sigillo non valida: il file non contiene una chiave privata P-256');
    expect(alert.getAttribute('tabindex')).toBe('-1');
    await waitFor(() => expect(document.activeElement).toBe(alert));
    const open = callsOf(backend, 'plugin:dialog|open')[0]!.args as { options: { filters: { extensions: string[] }[] } };
    expect(open.options.filters.map((f) => f.extensions)).toEqual([['pem']]);
    expect(callsOf(backend, 'seal_import').map((c) => c.args)).toEqual([{ path: rsa }]);
    expect(fingerprint()).toBe(demo);

    backend.pickedFiles = [keyFile(backend, 'sigillo-comune.pem', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256')];
    await fireEvent.click(importButton);
    await waitFor(() => expect(callsOf(backend, 'seal_import')).toHaveLength(2));
    await backend.settled();
    const imported = (await sealInfo(backend)).fingerprint!;
    expect(imported).not.toBe(demo);
    await waitFor(() => expect(fingerprint()).toBe(imported));
    expect(screen.queryByRole('alert')).toBeNull();
    const status = document.querySelector('.seal-done')!.closest('[role="status"]')!;
    expect(text(status)).toContain(`Chiave di sigillo importata: impronta ${imported}.`);
    expect(text(status)).toContain('Salva di nuovo la pagina di verifica');
    expect(document.querySelector('.seal-demo')).toBeNull();
  });

  it('«Importa chiave…» annullato nel selettore non fa nulla', async () => {
    const backend = openScreen({ pickedFiles: [] });
    const demo = await demoKeyShown(backend);
    await fireEvent.click(screen.getByRole('button', { name: 'Importa chiave…' }));
    await waitFor(() => expect(callsOf(backend, 'plugin:dialog|open')).toHaveLength(1));
    expect(callsOf(backend, 'seal_import')).toHaveLength(0);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.querySelector('.seal-done')).toBeNull();
    expect(fingerprint()).toBe(demo);
  });

  describe('pagina di verifica per i cittadini', () => {
    const addressField = () => screen.getByLabelText('Indirizzo della pagina di verifica') as HTMLInputElement;
    const section = () => screen.getByRole('region', { name: 'Pagina di verifica per i cittadini' });

    it('spiega a cosa serve; l’indirizzo attuale è nel campo', async () => {
      const backend = openScreen();
      await demoKeyShown(backend);
      const words = text(section());
      expect(words).toContain('Circolare AgID 62/2013');
      expect(words).toContain('fotocamera del telefono');
      expect(words).toContain('senza inviare nulla');
      expect(words).toContain('dopo aver generato o importato una nuova chiave va salvata di nuovo');
      const field = addressField();
      expect(field.type).toBe('url');
      expect(field.value).toBe(VERIFICATION_URL);
      expect(field.getAttribute('aria-invalid')).toBeNull();
      expect(document.getElementById(field.getAttribute('aria-describedby')!)!.textContent).toContain('https://');
    });

    it('«Salva l’indirizzo»: un indirizzo non valido è rifiutato, con il messaggio che prende il fuoco; quello giusto è salvato e annunciato', async () => {
      const backend = openScreen();
      await demoKeyShown(backend);
      const address = async () => (await sealInfo(backend)).verification_url;
      const save = screen.getByRole('button', { name: 'Salva l’indirizzo' });

      await fireEvent.input(addressField(), { target: { value: 'http://www.comune.example.it/verifica' } });
      await fireEvent.click(save);
      const alert = await within(section()).findByRole('alert');
      expect(text(alert)).toContain('Indirizzo non salvato.');
      expect(text(alert)).toContain(
        'Indirizzo della pagina di verifica non valido: serve un URL https:// senza spazi né «|», «#» o «%», al massimo 200 caratteri',
      );
      await waitFor(() => expect(document.activeElement).toBe(alert));
      expect(addressField().getAttribute('aria-invalid')).toBe('true');
      expect(addressField().getAttribute('aria-describedby')!.split(' ')).toContain(alert.id);
      expect(await address()).toBe(VERIFICATION_URL);
      expect(document.querySelector('.seal-done')).toBeNull();

      for (const bad of ['https://www.comune.example.it/verifica copie', 'https://x.it/v#a', 'https://x.it/a|b', `https://x.it/${'a'.repeat(200)}`]) {
        await fireEvent.input(addressField(), { target: { value: bad } });
        await fireEvent.click(save);
        await waitFor(() => expect(callsOf(backend, 'verification_url_set').at(-1)!.args).toEqual({ url: bad }));
        await within(section()).findByRole('alert');
      }
      expect(await address()).toBe(VERIFICATION_URL);

      const url = 'https://www.comune.example.it/verifica-copie';
      await fireEvent.input(addressField(), { target: { value: `  ${url} ` } });
      await fireEvent.click(save);
      await waitFor(() => expect(callsOf(backend, 'verification_url_set')).toHaveLength(6));
      await backend.settled();
      expect(await address()).toBe(url);
      expect(callsOf(backend, 'verification_url_set').at(-1)!.args).toEqual({ url });
      await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
      expect(addressField().getAttribute('aria-invalid')).toBeNull();
      expect(addressField().value).toBe(url);
      const status = document.querySelector('.seal-done')!.closest('[role="status"]')!;
      expect(status.getAttribute('aria-live')).toBe('polite');
      expect(text(status)).toContain(`Indirizzo della pagina di verifica salvato: ${url}.`);
      expect(text(status)).toContain('Le copie già rilasciate portano l’indirizzo precedente');

      // The copies issued from now carry the new address (issued by an official authorised for it).
      const { token } = await backend.as('segretario', 'amministratore', () =>
        backend.call<CopiaIssued>('copia_issue', { id: 8, per: null, path: null }),
      );
      // The seventh field of the contrassegno (atti-docs contrassegno.rs) is the address.
      expect(token.split('|')[6]).toBe(url);
    });

    it('«Salva la pagina di verifica…» chiede dove (verifica.html) e annuncia il file; annullato non fa nulla', async () => {
      const backend = openScreen({ saveFolder: null });
      const demo = await demoKeyShown(backend);
      const button = screen.getByRole('button', { name: 'Salva la pagina di verifica…' });
      await fireEvent.click(button);
      await waitFor(() => expect(callsOf(backend, 'plugin:dialog|save')).toHaveLength(1));
      const options = callsOf(backend, 'plugin:dialog|save')[0]!.args as {
        options: { defaultPath: string; filters: { extensions: string[] }[] };
      };
      expect(options.options.defaultPath).toMatch(/^\/.+\/verifica\.html$/);
      expect(options.options.filters.map((f) => f.extensions)).toEqual([['html']]);
      await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
      expect(callsOf(backend, 'verification_page_save')).toHaveLength(0);
      expect(screen.queryByRole('alert')).toBeNull();
      expect(document.querySelector('.seal-done')).toBeNull();

      backend.saveFolder = join(backend.folder, 'Sito');
      mkdirSync(backend.saveFolder);
      const page = join(backend.saveFolder, 'verifica.html');
      await fireEvent.click(button);
      await waitFor(() => expect(callsOf(backend, 'verification_page_save')).toHaveLength(1));
      expect(callsOf(backend, 'verification_page_save')[0]!.args).toEqual({ path: page });
      const done = await screen.findByText(/Pagina di verifica salvata/);
      expect(readFileSync(page, 'utf8')).toContain(demo);
      const status = done.closest('[role="status"]')!;
      expect(text(status)).toContain(`Pagina di verifica salvata nel file «verifica.html» (${page}).`);
      expect(text(status)).toContain(`all’indirizzo ${VERIFICATION_URL}.`);
      expect(screen.queryByRole('alert')).toBeNull();
    });

    it('senza chiave di sigillo la pagina non si salva: il messaggio prende il fuoco', async () => {
      const backend = openScreen({ notDemo: true });
      await screen.findByText('Il Comune non ha ancora una chiave di sigillo.');
      await fireEvent.click(screen.getByRole('button', { name: 'Salva la pagina di verifica…' }));
      const alert = await within(section()).findByRole('alert');
      expect(text(alert)).toContain('Pagina di verifica non salvata.');
      expect(text(alert)).toContain('Il Comune non ha ancora una chiave di sigillo: la pagina di verifica non avrebbe nulla da verificare');
      await waitFor(() => expect(document.activeElement).toBe(alert));
      expect(addressField().getAttribute('aria-invalid')).toBeNull();
      expect(existsSync(join(backend.saveFolder!, 'verifica.html'))).toBe(false);
    });
  });
});
