import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../src/App.svelte';
import EditorHarness from './harness/EditorHarness.svelte';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callsOf, installBackend, type Backend } from './backend';
import type { Act, CopiaRow, SealInfo } from '../src/lib/gen/types';
import { openPdf } from '../src/lib/pdf';

// jsdom has neither canvas nor workers: the real pdf.js reads the PDFs of the backend (atti-docs)
// on the main thread and lays out its text layer; only the drawing on the canvas is left out.
vi.mock('../src/lib/pdf', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/lib/pdf')>();
  return {
    ...real,
    openPdf: vi.fn(async (base64: string) => ({ ...(await real.openPdf(base64)), render: vi.fn(async () => {}) })),
  };
});

beforeAll(async () => {
  // pdf.js (legacy build) expects Promise.withResolvers, which Node 20 lacks.
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => {
    let resolve: unknown;
    let reject: unknown;
    const promise = new Promise((ok, ko) => {
      resolve = ok;
      reject = ko;
    });
    return { promise, resolve, reject };
  };
  // pdf.js's worker code, run on the main thread (there is no Worker in jsdom).
  // @ts-expect-error pdfjs-dist has no type declarations for its worker module
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
});

beforeEach(() => {
  window.print = vi.fn();
  // The text layer measures its words on a canvas: jsdom has none, a fixed-width font will do.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    return {
        canvas: this,
        font: '',
        measureText: (text: string) => ({ width: text.length * 6, fontBoundingBoxAscent: 8, fontBoundingBoxDescent: 2 }),
    } as unknown as CanvasRenderingContext2D;
  });
});

/** The text of an element as a screen reader gets it: without what is aria-hidden, spaces collapsed. */
function spokenText(el: Element): string {
  const copy = el.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  for (const br of copy.querySelectorAll('br')) br.replaceWith('\n');
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

afterEach(() => {
  vi.useRealTimers();
});

/** The copies of act 8 issued so far (the world's first: to Mario Rossi). */
function copieOf8(backend: Backend): Promise<CopiaRow[]> {
  return backend.call<CopiaRow[]>('copie', { id: 8 });
}

/** The verification page's address, as the contrassegni carry it. */
async function verificationUrl(backend: Backend): Promise<string> {
  return (await backend.call<SealInfo>('seal_info')).verification_url;
}

/** The copy a forged contrassegno claims to be printed on, unless a test says otherwise. */
const SOME_COPY = { numero: 1, rilasciata: '2026-11-26', funzionario: 'Giulia Bianchi', pagine: 2, per_sha256: null };

/** A contrassegno sealed with the demo key (public: anyone can make one) stating `claims`. */
async function forged(backend: Backend, claims: Record<string, unknown>): Promise<string> {
  const url = await verificationUrl(backend);
  return (await backend.call<{ token: string }>('@contrassegno', { copia: SOME_COPY, ...claims, url })).token;
}

/** The copy number a contrassegno of the current format states (its eighth field). */
function copiaNumber(token: string): string {
  return token.split('|')[7]!;
}

async function verify(token: string) {
  const field = await screen.findByLabelText('Testo del contrassegno (letto dal QR) o codice di verifica');
  await fireEvent.input(field, { target: { value: token } });
  await fireEvent.click(screen.getByRole('button', { name: 'Verifica' }));
}

describe('verifica copia', () => {
  it('la fotocamera: dice perché non parte (assente nella finestra, accesso negato), senza bloccare il resto', async () => {
    installBackend();
    window.location.hash = '#/verifica';
    render(App);
    // jsdom has no camera, as a window without media support.
    await fireEvent.click(await screen.findByRole('button', { name: 'Leggi il QR con la fotocamera' }));
    await screen.findByText('La fotocamera non è disponibile in questa finestra: scegli la scansione o la foto della copia.');
    // A camera the user (or the system) refuses.
    const getUserMedia = vi.fn().mockRejectedValue(new DOMException('negato', 'NotAllowedError'));
    Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true });
    try {
      await fireEvent.click(screen.getByRole('button', { name: 'Leggi il QR con la fotocamera' }));
      await screen.findByText('L’accesso alla fotocamera è stato negato.');
      expect(getUserMedia).toHaveBeenCalledWith({ video: { facingMode: 'environment', width: { ideal: 1280 } }, audio: false });
      expect(screen.getByRole('button', { name: 'Verifica' })).toBeTruthy();
    } finally {
      Reflect.deleteProperty(navigator, 'mediaDevices');
    }
  });

  it('un fotogramma della fotocamera senza QR: nessun esito, si continua a guardare; uno illeggibile: errore', async () => {
    const backend = installBackend();
    // An 8×8 white PNG: no QR in it.
    const blank = 'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAIAQAAAADsdIMmAAAADElEQVQI12P4z4ACAT/QB/mI84VSAAAAAElFTkSuQmCC';
    expect(await backend.call('verify_qr_frame', { picture: blank })).toBeNull();
    await expect(backend.call('verify_qr_frame', { picture: 'non è base64!' })).rejects.toMatchObject({
      message: expect.stringMatching(/fotogramma della fotocamera non è leggibile/i),
    });
  });

  it('contrassegno autentico che corrisponde all’originale conservato', async () => {
    const backend = installBackend();
    const [copia] = await copieOf8(backend);
    const token = copia!.token;
    window.location.hash = '#/verifica';
    render(App);
    await verify(token);
    await screen.findByRole('heading', { name: 'Contrassegno autentico' });
    expect(screen.getByText('Corrisponde all’originale conservato')).toBeTruthy();
    expect(screen.getByText('Determinazione dirigenziale')).toBeTruthy();
    expect(screen.getByText('1/2026')).toBeTruthy();
    expect(screen.getByText(copia!.original_sha256)).toBeTruthy();
    expect(screen.getByText(await verificationUrl(backend))).toBeTruthy();
    // The copy it is printed on, as sealed, with whom it was issued to from the register.
    const paper = screen.getByRole('region', { name: 'La copia su carta' });
    const terms = [...paper.querySelectorAll('dt')].map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`);
    expect(terms).toEqual([
      `Copia n.: ${copiaNumber(token)}`,
      'Rilasciata il: 26/11/2026',
      'Dal funzionario: Giulia Bianchi',
      expect.stringMatching(/^Pagine: \d+$/),
      'Rilasciata a: Mario Rossi, istanza prot. 1234 del 20/11/2026',
    ]);
    expect(paper.textContent).toContain('se non è così, il contrassegno è stato copiato da un’altra copia');
    expect(callsOf(backend, 'verify_qr')[0]!.args).toEqual({ token });
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Contrassegno autentico'));
  });

  it('il collegamento letto dal QR (contrassegno dopo «#», «|» scritti %7C) va bene come il testo', async () => {
    const backend = installBackend();
    const token = (await copieOf8(backend))[0]!.token;
    const url = await verificationUrl(backend);
    const link = await backend.call<string>('@qr', { token, url });
    expect(link).toMatch(/^https:\/\/atti\.comune-di-esempio\.example\/verifica#ATTI2%7C/);
    expect(link).not.toContain('|');
    window.location.hash = '#/verifica';
    render(App);
    const intro = (await screen.findByRole('heading', { level: 1, name: 'Verifica copia' })).parentElement!.nextElementSibling!;
    expect(intro.textContent!.replace(/\s+/g, ' ')).toContain('il collegamento alla pagina di verifica del Comune oppure il testo del contrassegno');
    const field = screen.getByLabelText('Testo del contrassegno (letto dal QR) o codice di verifica');
    const hint = document.getElementById(field.getAttribute('aria-describedby')!)!;
    expect(hint.textContent).toContain('#ATTI2%7C');
    expect(hint.textContent).toContain('ATTI2|');
    await verify(`  ${link}\n`);
    await screen.findByRole('heading', { name: 'Contrassegno autentico' });
    expect(screen.getByText('Corrisponde all’originale conservato')).toBeTruthy();
    expect(screen.getByText('1/2026')).toBeTruthy();
    expect(callsOf(backend, 'verify_qr')[0]!.args).toEqual({ token: link });

    // A link whose contrassegno was altered is refused as the text would be.
    await verify(await backend.call<string>('@qr', { token: token.replace('|1/2026|', '|2/2026|'), url }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Il contrassegno non è autentico: la firma non corrisponde')).toBeTruthy();
  });

  it('autentico ma diverso dall’originale: avvertimento', async () => {
    const backend = installBackend();
    window.location.hash = '#/verifica';
    render(App);
    await verify(await forged(backend, { act_id: 8, registro: 'determinazione', numero: '1/2026', data: '2026-11-26', sha256: 'a'.repeat(64) }));
    await screen.findByText('Attenzione: non corrisponde all’originale conservato.');
    expect(screen.queryByText('Corrisponde all’originale conservato')).toBeNull();
    expect(callsOf(backend, 'verify_qr')).toHaveLength(1);
  });

  it('un contrassegno sigillato che il registro delle copie non conosce: avvertimento', async () => {
    // Sealed with the (public) demo key, it names act 8 and a copy n. 1 the register has with another contrassegno.
    const backend = installBackend();
    const [copia] = await copieOf8(backend);
    window.location.hash = '#/verifica';
    render(App);
    await verify(
      await forged(backend, { act_id: 8, registro: 'determinazione', numero: '1/2026', data: '2026-11-26', sha256: copia!.original_sha256 }),
    );
    await screen.findByText('Corrisponde all’originale conservato');
    const warning = screen.getByText(/nel registro delle copie di questo archivio la copia n\. 1 non ha questo/);
    expect(warning.textContent).toContain('Segnala il caso al responsabile.');
    expect(screen.queryByText('Rilasciata a')).toBeNull();
  });

  it('autentico, originale non presente in questo archivio', async () => {
    const backend = installBackend();
    window.location.hash = '#/verifica';
    render(App);
    await verify(await forged(backend, { act_id: 412, registro: 'ordinanza', numero: '7/2025', data: '2025-03-02', sha256: 'b'.repeat(64) }));
    await screen.findByText(/Originale non presente in questo archivio/);
    expect(screen.getByText('Ordinanza')).toBeTruthy();
    expect(screen.getByText('02/03/2025')).toBeTruthy();
  });

  it('contrassegno alterato o illeggibile: errore in un avviso; testo vuoto: errore sul campo', async () => {
    const backend = installBackend();
    window.location.hash = '#/verifica';
    render(App);
    await verify('   ');
    const field = screen.getByLabelText('Testo del contrassegno (letto dal QR) o codice di verifica');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(callsOf(backend, 'verify_qr')).toHaveLength(0);

    await verify((await copieOf8(backend))[0]!.token.replace('|1/2026|', '|2/2026|'));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Contrassegno non valido')).toBeTruthy();
    expect(within(alert).getByText('Il contrassegno non è autentico: la firma non corrisponde')).toBeTruthy();
    expect(screen.queryByText('Contrassegno autentico')).toBeNull();

    await verify('QR qualsiasi');
    await screen.findByText(/Contrassegno non riconosciuto/);

    // A code printed under a QR that no copy of this archive has.
    await verify('zzzz zzzz zzzz');
    await screen.findByText(/nessuna copia con il codice di verifica ZZZZ-ZZZZ-ZZZZ nel registro delle copie/i);
  });
});

describe('dati riservati (omissis)', () => {
  it('segna una proposta, aggiunge e rimuove un testo: salva con l’autosalvataggio', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const backend = installBackend({ username: 'agente' });
    render(EditorHarness, { info: await backend.session(), id: 2, autosaveDelayMs: 50 });
    const section = await screen.findByRole('region', { name: 'Dati riservati (omissis)' });
    expect(within(section).getByText('Mario Verdi')).toBeTruthy();
    expect(within(section).getByText(/D\.Lgs\. 33\/2013, art\. 7-bis/)).toBeTruthy();

    // A proposal of the backend (the trasgressore's codice fiscale).
    const accept = await within(section).findByRole('button', { name: 'Segna come riservato «VRDMRA80A01H501Q»' });
    await fireEvent.click(accept);
    await waitFor(() => expect(callsOf(backend, 'act_save')).toHaveLength(1));
    const riservati = async () => (await backend.call<Act>('act_get', { id: 2 })).riservati;
    expect(await riservati()).toEqual([
      { field: null, text: 'Mario Verdi' },
      { field: null, text: 'VRDMRA80A01H501Q' },
    ]);
    expect(within(section).queryByRole('button', { name: /^Segna come riservato «VRDMRA80A01H501Q»/ })).toBeNull();

    // By hand: empty is refused next to the field; a text is added.
    const input = within(section).getByLabelText('Testo da oscurare');
    await fireEvent.click(within(section).getByRole('button', { name: 'Aggiungi' }));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    await fireEvent.input(input, { target: { value: 'Via Garibaldi 3' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Aggiungi' }));
    expect(input.getAttribute('aria-invalid')).toBeNull();
    await waitFor(() => expect(callsOf(backend, 'act_save')).toHaveLength(2));
    expect((await riservati()).map((r) => r.text)).toEqual(['Mario Verdi', 'VRDMRA80A01H501Q', 'Via Garibaldi 3']);

    // The same text twice is refused.
    await fireEvent.input(input, { target: { value: 'Mario Verdi' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Aggiungi' }));
    expect(within(section).getByText('«Mario Verdi» è già segnato come riservato.')).toBeTruthy();
    // Cleared, the field has no error left under it.
    await fireEvent.input(input, { target: { value: '' } });
    expect(within(section).queryByText('«Mario Verdi» è già segnato come riservato.')).toBeNull();
    expect(input.getAttribute('aria-invalid')).toBeNull();

    // Remove.
    await fireEvent.click(within(section).getByRole('button', { name: 'Rimuovi «Mario Verdi» dai dati riservati' }));
    await waitFor(() => expect(callsOf(backend, 'act_save')).toHaveLength(3));
    expect((await riservati()).map((r) => r.text)).toEqual(['VRDMRA80A01H501Q', 'Via Garibaldi 3']);
    // The proposals are read again after each save.
    await waitFor(() => expect(callsOf(backend, 'omissis_proposals').length).toBeGreaterThanOrEqual(3));
  });
});

describe('documento e copia conforme', () => {
  it('mostra il PDF, passa alla versione per la pubblicazione, stampa e salva', async () => {
    const backend = installBackend();
    window.location.hash = '#/atti/8/documento';
    render(App);
    const pages = await screen.findAllByRole('group', { name: /^Pagina \d di \d$/ });
    // The original of act 8 (one page), as atti-docs wrote it when it was adopted.
    expect(pages).toHaveLength(1);
    await waitFor(() => expect(spokenText(pages[0]!)).toContain('Data di adozione'));
    const first = spokenText(pages[0]!);
    expect(first).toContain('OGGETTO: Nomina della commissione giudicatrice per la gara del servizio mensa');
    expect(first.startsWith('DETERMINAZIONE DIRIGENZIALE n. 1/2026 del 26/11/2026 OGGETTO:')).toBe(true);
    expect(first.indexOf('IL DIRIGENTE')).toBeLessThan(first.indexOf('DETERMINA '));
    expect(first).toContain('Dirigente Marco Rossi Documento firmato digitalmente ai sensi del D.Lgs. 82/2005');
    expect(first).not.toContain('Area tecnica - Lavori pubblici');
    expect(pages[0]!.textContent).toContain('Area tecnica - Lavori pubblici');
    expect(screen.queryByText('Questa pagina non contiene testo leggibile.')).toBeNull();
    for (const page of pages) {
      expect(page.querySelector('canvas')!.getAttribute('aria-hidden')).toBe('true');
      await waitFor(() => expect(page.querySelector('.textLayer [id]')).toBeNull());
    }
    // The words are selectable text of the preview, placed on the drawing.
    const oggetto = within(pages[0]!).getByText(/^OGGETTO:/);
    expect(oggetto.closest('.textLayer')).not.toBeNull();
    expect(oggetto.style.left).toMatch(/%$/);
    expect(oggetto.style.getPropertyValue('--font-height')).toMatch(/px$/);
    const print = await screen.findAllByRole('button', { name: 'Stampa' });
    await waitFor(() => expect((print[0] as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(print[0]!);
    expect(window.print).toHaveBeenCalledTimes(1);
    expect(document.querySelector('.print-target')).not.toBeNull();

    await fireEvent.click(screen.getByRole('radio', { name: 'Versione per la pubblicazione (omissis)' }));
    await waitFor(() => expect(callsOf(backend, 'document_pdf')).toHaveLength(2));
    expect(callsOf(backend, 'document_pdf')[1]!.args).toEqual({ id: 8, pubblicazione: true });

    await fireEvent.click(await screen.findByRole('button', { name: 'Salva PDF…' }));
    const saved = join(backend.saveFolder!, 'determinazione-1-2026-pubblicazione.pdf');
    await screen.findByText(`PDF salvato in ${saved}.`);
    // The dialog opens in the user's folder (the session's), never in the program's.
    const proposed = (callsOf(backend, 'plugin:dialog|save')[0]!.args as { options: { defaultPath: string } }).options.defaultPath;
    expect(proposed).toMatch(/^\/.+\/determinazione-1-2026-pubblicazione\.pdf$/);
    expect(callsOf(backend, 'document_save')[0]!.args).toEqual({ id: 8, pubblicazione: true, path: saved });
    expect(readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('una bozza non offre la copia conforme', async () => {
    installBackend();
    window.location.hash = '#/atti/1/documento';
    render(App);
    await screen.findAllByRole('group', { name: /^Pagina \d di \d$/ });
    expect(screen.queryByRole('heading', { name: 'Copia conforme' })).toBeNull();
  });

  it('una pagina senza testo (una scansione) lo dice ai lettori di schermo', async () => {
    installBackend();
    vi.mocked(openPdf).mockImplementationOnce(async () => ({
      pages: 1,
      render: vi.fn(async () => {}),
      renderText: vi.fn(async () => 0),
      close: vi.fn(async () => {}),
    }));
    window.location.hash = '#/atti/8/documento';
    render(App);
    const page = await screen.findByRole('group', { name: 'Pagina 1 di 1' });
    await within(page).findByText('Questa pagina non contiene testo leggibile.');
  });

  it('rilascia una sola copia per clic, la mostra e la annota nel registro', async () => {
    const backend = installBackend();
    window.location.hash = '#/atti/8/documento';
    render(App);
    const per = await screen.findByLabelText('Per (nome e riferimento dell’istanza)');
    await fireEvent.input(per, { target: { value: 'Anna Neri, istanza prot. 2001' } });
    const issue = screen.getByRole('button', { name: 'Rilascia la copia' });
    // Two quick clicks (a double click): one copy.
    await fireEvent.click(issue);
    await fireEvent.click(issue);
    await screen.findByRole('heading', { name: 'Copia rilasciata' });
    await backend.settled();
    expect(callsOf(backend, 'copia_issue')).toHaveLength(1);
    expect(callsOf(backend, 'copia_issue')[0]!.args).toEqual({ id: 8, per: 'Anna Neri, istanza prot. 2001', path: null });
    const copie = await copieOf8(backend);
    expect(copie).toHaveLength(2);
    const token = copie[1]!.token;
    expect(screen.getByText(token)).toBeTruthy();

    const table = screen.getByRole('table', { name: 'Registro delle copie rilasciate' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    expect(within(table).getByText('Anna Neri, istanza prot. 2001')).toBeTruthy();

    // Printing the copy prints that copy: nothing is issued again.
    const result = screen.getByRole('heading', { name: 'Copia rilasciata' }).parentElement!;
    const print = within(result).getByRole('button', { name: 'Stampa' }) as HTMLButtonElement;
    await waitFor(() => expect(print.disabled).toBe(false));
    await fireEvent.click(print);
    expect(window.print).toHaveBeenCalledTimes(1);
    expect(result.querySelector('.document-pages.print-target')).not.toBeNull();
    expect(callsOf(backend, 'copia_issue')).toHaveLength(1);

    // «Rilascia e salva il PDF…»: asks where first, then issues once with the path.
    await fireEvent.click(screen.getByRole('button', { name: 'Rilascia e salva il PDF…' }));
    const saved = join(backend.saveFolder!, 'determinazione-1-2026-copia.pdf');
    await screen.findByText(`PDF salvato in ${saved}.`);
    expect(callsOf(backend, 'copia_issue')).toHaveLength(2);
    expect(callsOf(backend, 'copia_issue')[1]!.args).toEqual({ id: 8, per: null, path: saved });
    expect(existsSync(saved)).toBe(true);
    expect(callsOf(backend, 'document_save')).toHaveLength(0);

    // A copy in the register reopens as it was issued (the same bytes) and prints again,
    // without issuing another.
    const issued = readFileSync(saved);
    const serial = (await copieOf8(backend)).at(-1)!.id;
    await fireEvent.click(await within(table).findByRole('button', { name: `Riapri la copia n. ${serial}` }));
    const again = await screen.findByRole('heading', { name: `Copia n. ${serial}, come è stata rilasciata` });
    await waitFor(() => expect(document.activeElement).toBe(again));
    const reopened = callsOf(backend, 'copia_pdf');
    expect(reopened.at(-1)!.args).toEqual({ serial });
    const doc = await backend.call<{ pdf_base64: string; file_name: string }>('copia_pdf', { serial });
    expect(Buffer.from(doc.pdf_base64, 'base64').equals(issued)).toBe(true);
    expect(doc.file_name).toBe(`determinazione-1-2026-copia-${serial}.pdf`);
    expect(callsOf(backend, 'copia_issue')).toHaveLength(2);

    // The register of copies goes out as a spreadsheet.
    await fireEvent.click(screen.getByRole('button', { name: 'Esporta in un foglio di calcolo…' }));
    const sheet = join(backend.saveFolder!, 'copie-determinazione-1-2026.ods');
    await screen.findByText(`Registro delle copie esportato in ${sheet}.`);
    expect(callsOf(backend, 'copie_save').at(-1)!.args).toEqual({ id: 8, path: sheet });
    expect(readFileSync(sheet).subarray(30, 38).toString('latin1')).toBe('mimetype');
  });

  it('«Rilascia e salva» annullato nella finestra di salvataggio: nessuna copia', async () => {
    const backend = installBackend({ saveFolder: null });
    window.location.hash = '#/atti/8/documento';
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Rilascia e salva il PDF…' }));
    await waitFor(() => expect(callsOf(backend, 'plugin:dialog|save')).toHaveLength(1));
    await backend.settled();
    expect(callsOf(backend, 'copia_issue')).toHaveLength(0);
  });

  it('l’editor porta al documento', async () => {
    installBackend();
    window.location.hash = '#/atti/1';
    render(App);
    const link = await screen.findByRole('link', { name: 'Documento' });
    expect(link.getAttribute('href')).toBe('#/atti/1/documento');
  });
});

describe('verifica copia di un atto cambiato dopo l’adozione', () => {
  it('un atto annullato: il contrassegno è autentico, ma la pagina avverte che l’atto non produce più effetti', async () => {
    const backend = installBackend();
    // A copy of act 10; then the dirigente annuls the act.
    const { token } = await backend.call<{ token: string }>('copia_issue', { id: 10, per: null, path: null });
    await backend.as('dirigente', 'istruttore', () =>
      backend.call('iter_take', { id: 10, action: 'annulla', request: { note: 'Contributo da rideterminare.', seduta: null, comments: [] } }),
    );
    window.location.hash = '#/verifica';
    render(App);
    await verify(token);
    await screen.findByRole('heading', { name: 'Contrassegno autentico' });
    const warning = screen.getByText('Attenzione: dopo l’adozione l’atto è cambiato.').closest('.alert')!;
    expect(warning.textContent).toContain("L'atto è stato annullato: la copia riproduce un atto che non produce più effetti.");
  });
});

describe('avviso di pagamento pagoPA', () => {
  it('un verbale firmato ha il suo avviso da salvare; non firmato, la pagina non lo offre', async () => {
    const backend = installBackend({ username: 'agente' });
    window.location.hash = '#/atti/2/documento';
    render(App);
    await screen.findByRole('heading', { level: 1, name: /Documento/ });
    await screen.findAllByRole('group', { name: /^Pagina \d di \d$/ });
    expect(screen.queryByRole('button', { name: 'Salva l’avviso di pagamento…' })).toBeNull();
    cleanup();
    await backend.call('iter_take', { id: 2, action: 'redigi', request: { note: null, comments: [], conferma_dati: [] } });
    await backend.call('sign', { id: 2, pin: '123456' });
    window.location.hash = '#/atti/2/documento';
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Salva l’avviso di pagamento…' }));
    await screen.findByText(/^Avviso di pagamento salvato in .*2-avviso-pagopa\.pdf\.$/);
    expect(callsOf(backend, 'avviso_pagopa_save')).toHaveLength(1);
  });
});
