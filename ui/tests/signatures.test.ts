import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import EditorHarness from './harness/EditorHarness.svelte';
import { join } from 'node:path';
import { callsOf, installBackend, type Backend, type BackendOptions } from './backend';
import { sentToDirigente, trustedIdentity } from './scenarios';
import type { Act, IdentityDto, IterStatus } from '../src/lib/gen/types';

/** A PKCS#12 file, or a wrong PIN for a PKCS#12 file, gets this answer (atti-sign). */
const WRONG_PIN_MESSAGE = 'PIN errato.';

async function openAct(username: string, id: number, options: BackendOptions = {}, prepare?: (backend: Backend) => Promise<unknown>) {
  const backend = installBackend({ username, ...options });
  await prepare?.(backend);
  render(EditorHarness, { info: await backend.session(), id });
  const panel = await screen.findByRole('region', { name: 'Stato e azioni' });
  return { backend, panel };
}

const stateOf = async (backend: Backend, id: number) => (await backend.call<Act>('act_get', { id })).state;

/** What the backend answers to a command the window could send: its error. */
async function refusal(backend: Backend, cmd: string, args: Record<string, unknown>): Promise<unknown> {
  try {
    await backend.invoke(cmd, args);
  } catch (e) {
    return e;
  }
  throw new Error(`${cmd} non ha rifiutato`);
}

describe('firma digitale', () => {
  it('iter_take rifiuta adotta e firma: si firma con il PIN', async () => {
    const backend = installBackend({ username: 'dirigente' });
    expect(await refusal(backend, 'iter_take', { id: 6, action: 'adotta', request: { note: null, comments: [] } })).toMatchObject({
      code: 'not-allowed',
      message: expect.stringContaining('richiede la firma digitale'),
    });
    expect(await stateOf(backend, 6)).toBe('istruttoria');
  });

  it('PIN errato: il messaggio resta nella finestra, il PIN si svuota e riceve il fuoco; PIN giusto: firmato', async () => {
    const { backend, panel } = await openAct('dirigente', 6);
    await fireEvent.click(within(panel).getByRole('button', { name: 'Adotta e firma' }));
    const dialog = await screen.findByRole('dialog', { name: 'Adotta e firma' });

    // What is signed, and with which certificate.
    expect(dialog.textContent).toContain('Acquisto di arredi per la biblioteca comunale');
    expect(dialog.textContent).toContain('Determinazione dirigenziale');
    const cert = await within(dialog).findByText('Marco Rossi');
    const dl = cert.closest('dl')!;
    const mine = await backend.call<IdentityDto>('my_identity');
    expect(dl.textContent).toContain(mine.certificate.codice_fiscale!);
    expect(dl.textContent).toContain('CA di prova - NON QUALIFICATA - SOLO PROVA');
    // The demo certificates last three years from the day the demo Comune was made.
    expect(dl.textContent).toMatch(/al \d\d\/11\/2029/);

    const pin = within(dialog).getByLabelText('PIN del dispositivo di firma') as HTMLInputElement;
    expect(pin.type).toBe('password');
    expect(pin.getAttribute('autocomplete')).toBe('off');
    await waitFor(() => expect(document.activeElement).toBe(pin));

    // Empty: asked, nothing sent.
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Firma' }));
    expect(within(dialog).getByText('Scrivi il PIN del dispositivo di firma.')).toBeTruthy();
    expect(callsOf(backend, 'sign')).toHaveLength(0);

    // Wrong PIN.
    await fireEvent.input(pin, { target: { value: '0000' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Firma' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain(WRONG_PIN_MESSAGE);
    expect(pin.value).toBe('');
    await waitFor(() => expect(document.activeElement).toBe(pin));
    expect(pin.getAttribute('aria-invalid')).toBe('true');
    expect(pin.getAttribute('aria-describedby')).toContain('firma-errore-testo');
    expect(screen.getByRole('dialog', { name: 'Adotta e firma' })).toBe(dialog);
    expect(await stateOf(backend, 6)).toBe('istruttoria');

    // Right PIN.
    await fireEvent.input(pin, { target: { value: '123456' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Firma' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(pin.value).toBe('');
    expect(callsOf(backend, 'sign').map((c) => c.args)).toEqual([
      { id: 6, pin: '0000' },
      { id: 6, pin: '123456' },
    ]);
    const notice = await within(panel).findByText(/Ora l’atto è «In attesa del visto contabile», con il numero 4\/2026/);
    const box = notice.closest('[role="status"]')!;
    expect(box.textContent).toContain('File firmati:');
    expect(box.textContent).toContain('6-determinazione.pdf');
    await within(panel).findByText('n. 4/2026');
    expect(within(panel).getByText('Firme').nextElementSibling?.textContent).toMatch(/Dirigente:\s*firmato/);
    expect(document.activeElement?.id).toBe('iter-panel-titolo');
  });

  it('mostra gli avvisi sul certificato prima e dopo la firma', async () => {
    // The dirigente's new PKCS#12 file: its certificate expires on 10 December 2026.
    const { panel } = await openAct('dirigente', 6, {}, async (backend) => {
      const demo = await backend.call<IdentityDto>('my_identity');
      const path = join(backend.folder, 'rossi.p12');
      await trustedIdentity(backend, {
        given_name: 'Marco',
        surname: 'Rossi',
        codice_fiscale: demo.certificate.codice_fiscale,
        not_before: '2025-12-10T00:00:00Z',
        not_after: '2026-12-10T12:00:00Z',
        p12: path,
        password: '123456',
      });
      await backend.call('my_identity_add', { input: { source: 'pkcs12', path }, pin: '123456' });
    });
    await fireEvent.click(within(panel).getByRole('button', { name: 'Adotta e firma' }));
    const dialog = await screen.findByRole('dialog', { name: 'Adotta e firma' });
    const warning = 'Il certificato di firma scade tra 14 giorni (il 10/12/2026): chiederne per tempo il rinnovo.';
    await within(dialog).findByText(warning);
    await fireEvent.input(within(dialog).getByLabelText('PIN del dispositivo di firma'), { target: { value: '123456' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Firma' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const box = (await within(panel).findByText(/Ora l’atto è/)).closest('[role="status"]')!;
    expect(box.textContent).toContain('Attenzione al certificato:');
    expect(box.textContent).toContain(warning);
  });

  it('senza dispositivo di firma spiega che cosa fare e non chiede il PIN', async () => {
    // A Comune with no devices: its istruttore sends a determinazione to its dirigente.
    const { backend, panel } = await openAct('m.rossi', 1, { notDemo: true }, sentToDirigente);
    await fireEvent.click(within(panel).getByRole('button', { name: 'Adotta e firma' }));
    const dialog = await screen.findByRole('dialog', { name: 'Adotta e firma' });
    await within(dialog).findByText('Non hai un dispositivo di firma configurato su questo computer.');
    expect(within(dialog).getByRole('link', { name: 'Dispositivo di firma' }).getAttribute('href')).toBe('#/impostazioni/firma');
    expect(dialog.textContent).toContain('ufficio informatico');
    expect(within(dialog).queryByLabelText('PIN del dispositivo di firma')).toBeNull();
    const close = within(dialog).getByRole('button', { name: 'Chiudi' });
    await waitFor(() => expect(document.activeElement).toBe(close));
    await fireEvent.click(close);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsOf(backend, 'sign')).toHaveLength(0);
  });

  it('Annulla chiude senza firmare', async () => {
    const { backend, panel } = await openAct('dirigente', 6);
    await fireEvent.click(within(panel).getByRole('button', { name: 'Adotta e firma' }));
    const dialog = await screen.findByRole('dialog', { name: 'Adotta e firma' });
    await within(dialog).findByText('Marco Rossi');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Annulla' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsOf(backend, 'sign')).toHaveLength(0);
    expect(await stateOf(backend, 6)).toBe('istruttoria');
  });
});

describe('visto di regolarità contabile con firma digitale (art. 183 c.7 TUEL)', () => {
  const vistoForm = (panel: HTMLElement) => within(panel).getByRole('form', { name: 'Esprimi il visto di regolarità contabile' });

  it('il backend: parere_check e parere_sign controllano motivazione, ruolo e PIN', async () => {
    const backend = installBackend({ username: 'ragioniere' });
    const pareri = async () => (await backend.call<IterStatus>('iter_status', { id: 10 })).pareri;
    const visto = { id: 10, tipo: 'visto-contabile' };
    expect(await refusal(backend, 'parere_check', { ...visto, esito: 'non-favorevole', motivazione: ' ' })).toMatchObject({
      code: 'invalid-input',
    });
    expect(await refusal(backend, 'parere_sign', { ...visto, esito: 'non-favorevole', motivazione: ' ', pin: '123456' })).toMatchObject({
      code: 'invalid-input',
    });
    expect(await refusal(backend, 'parere_sign', { ...visto, esito: 'favorevole', motivazione: '', pin: '0000' })).toMatchObject({
      code: 'signature',
      message: WRONG_PIN_MESSAGE,
    });
    expect(await pareri()).toHaveLength(0);
    await backend.switchUser('dirigente');
    expect(await refusal(backend, 'parere_check', { ...visto, esito: 'favorevole', motivazione: '' })).toMatchObject({ code: 'forbidden' });
    expect(await refusal(backend, 'parere_sign', { ...visto, esito: 'favorevole', motivazione: '', pin: '123456' })).toMatchObject({ code: 'forbidden' });
    await backend.switchUser('ragioniere');
    const outcome = (await backend.invoke('parere_sign', { ...visto, esito: 'favorevole', motivazione: '', pin: '123456' })) as {
      status: { pareri: { tipo: string; esito: string }[]; state: string };
      files: string[];
    };
    expect(outcome.files).toEqual([expect.stringMatching(/^10-visto-contabile-v\d+\.pdf$/)]);
    expect(outcome.status.pareri.map((p) => [p.tipo, p.esito])).toEqual([['visto-contabile', 'favorevole']]);
    // The favourable visto made the act executive by itself (art. 183 c.7 TUEL).
    expect(outcome.status.state).toBe('esecutiva');
  });

  it('non favorevole senza motivazione: fermato nel modulo, nessuna finestra del PIN', async () => {
    const { backend, panel } = await openAct('ragioniere', 10);
    const form = vistoForm(panel);
    await fireEvent.click(within(form).getByLabelText('Non favorevole'));
    await fireEvent.click(within(form).getByRole('button', { name: 'Firma il visto' }));
    expect(within(form).getByText('Un visto non favorevole va motivato: scrivi la motivazione.')).toBeTruthy();
    const motivazione = within(form).getByLabelText('Motivazione del visto');
    expect(motivazione.getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(motivazione));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(callsOf(backend, 'parere_check')).toHaveLength(0);
    expect(callsOf(backend, 'parere_sign')).toHaveLength(0);
  });

  it('PIN errato: resta nella finestra, PIN svuotato e col fuoco; PIN giusto: visto apposto e firmato', async () => {
    const { backend, panel } = await openAct('ragioniere', 10);
    const form = vistoForm(panel);
    await fireEvent.click(within(form).getByLabelText('Non favorevole'));
    await fireEvent.input(within(form).getByLabelText('Motivazione del visto'), {
      target: { value: 'Manca la copertura sul capitolo 1043.02.' },
    });
    await fireEvent.click(within(form).getByRole('button', { name: 'Firma il visto' }));

    const dialog = await screen.findByRole('dialog', { name: 'Firma il visto di regolarità contabile' });
    expect(dialog.textContent).toContain('Contributo all’associazione Pro Loco per la sagra d’autunno');
    expect(dialog.textContent).toContain('n. 3/2026');
    expect(dialog.querySelector('.sign-parere')?.textContent).toContain('non favorevole');
    expect(dialog.textContent).toContain('Motivazione: Manca la copertura sul capitolo 1043.02.');
    await within(dialog).findByText('Anna Verdi');
    const pin = within(dialog).getByLabelText('PIN del dispositivo di firma') as HTMLInputElement;
    expect(pin.type).toBe('password');
    expect(pin.getAttribute('autocomplete')).toBe('off');
    await waitFor(() => expect(document.activeElement).toBe(pin));

    // Wrong PIN: the refusal stays in the dialog.
    await fireEvent.input(pin, { target: { value: '0000' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Firma' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Firma non apposta.');
    expect(alert.textContent).toContain(WRONG_PIN_MESSAGE);
    expect(pin.value).toBe('');
    await waitFor(() => expect(document.activeElement).toBe(pin));
    expect(pin.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('dialog', { name: 'Firma il visto di regolarità contabile' })).toBe(dialog);
    expect((await backend.call<IterStatus>('iter_status', { id: 10 })).pareri).toHaveLength(0);

    // Right PIN.
    await fireEvent.input(pin, { target: { value: '123456' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Firma' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const args = { id: 10, tipo: 'visto-contabile', esito: 'non-favorevole', motivazione: 'Manca la copertura sul capitolo 1043.02.' };
    expect(callsOf(backend, 'parere_check').map((c) => c.args)).toEqual([args]);
    expect(callsOf(backend, 'parere_sign').map((c) => c.args)).toEqual([
      { ...args, pin: '0000' },
      { ...args, pin: '123456' },
    ]);
    const notice = await within(panel).findByText('Visto di regolarità contabile firmato: non favorevole.');
    expect(notice.closest('[role="status"]')!.textContent).toMatch(/visto-contabile-v\d+\.pdf/);
    await waitFor(() => expect(document.activeElement?.id).toBe('iter-panel-titolo'));
    const pareri = within(panel).getByText('Pareri e visti').nextElementSibling!;
    expect(pareri.textContent).toContain('Visto di regolarità contabile:');
    expect(pareri.textContent).toContain('Manca la copertura sul capitolo 1043.02.');
    // The form is empty again, ready for a new visto.
    expect((within(vistoForm(panel)).getByLabelText('Motivazione del visto') as HTMLTextAreaElement).value).toBe('');
  });

  it('Annulla chiude la finestra e lascia nel modulo esito e motivazione', async () => {
    const { backend, panel } = await openAct('ragioniere', 10);
    const form = vistoForm(panel);
    await fireEvent.click(within(form).getByLabelText('Favorevole'));
    await fireEvent.click(within(form).getByRole('button', { name: 'Firma il visto' }));
    const dialog = await screen.findByRole('dialog', { name: 'Firma il visto di regolarità contabile' });
    await within(dialog).findByText('Anna Verdi');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Annulla' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((within(form).getByLabelText('Favorevole') as HTMLInputElement).checked).toBe(true);
    expect(callsOf(backend, 'parere_sign')).toHaveLength(0);
  });
});
