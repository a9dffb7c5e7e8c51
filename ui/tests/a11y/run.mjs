// Accessibility test of the built UI (ui/dist) in headless Chromium, with axe-core.
//
// It builds nothing of the app: run `npm run build` first. It serves dist/ on a free loopback port
// with the same Content-Security-Policy as src-tauri/tauri.conf.json, sends Tauri's IPC to the
// real backend (atti-ipc-bridge: build it first, see scripts/unit.sh) on a copy of the tests'
// world per screen (tests/world.ts, tests/real-backend.ts, through tests/a11y/ipc-entry.ts), visits the
// screens below and runs axe with the WCAG 2.0/2.1 A and AA rules. Exit status 1 on any
// violation, CSP violation or page error. Writes a screenshot of each screen to test-results/
// (the editor: editor.png; the iter: attivita.png, iter.png, restituisci.png, parere.png,
// iter-timeline.png, confronto.png, registro.png; signatures: firma.png, visto-firma.png; the
// settings: impostazioni.png, impostazioni-firma.png, impostazioni-stretta.png; the server
// settings: server.png, server-ca.png; the signing device: dispositivo-firma.png,
// dispositivo-firma-errore.png; the seal of the contrassegni: sigillo.png, sigillo-conferma.png,
// sigillo-errore.png, sigillo-indirizzo-errore.png, sigillo-pagina.png; the document preview: documento.png, and documento-testo.png,
// documento-stretta-testo.png: a page with two lines of its text layer selected, at 1280 and 700 px;
// the control of regularity: controlli.png, controlli-sorteggio.png, controlli-esito.png,
// controlli-errori.png, attivita-segretario.png; the albo pretorio: albo.png, albo-defissione.png, albo-dati-personali.png).
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, runnerImport } from 'vite';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const UI = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = join(UI, 'dist');
const RESULTS = join(UI, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// The CSP the desktop app runs under (kept in step with tauri.conf.json when it is there).
const FALLBACK_CSP = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
};

function csp() {
  const conf = join(UI, '..', 'src-tauri', 'tauri.conf.json');
  let policy = FALLBACK_CSP;
  if (existsSync(conf)) {
    try {
      const fromConf = JSON.parse(readFileSync(conf, 'utf8'))?.app?.security?.csp;
      if (fromConf && typeof fromConf === 'object') policy = fromConf;
      else if (typeof fromConf === 'string') return fromConf;
    } catch {
      // keep the fallback
    }
  }
  return Object.entries(policy)
    .filter(([k]) => k !== 'frame-ancestors') // only meaningful as a header of framed pages
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
}

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** @param {string} policy @returns {Promise<import('node:http').Server>} */
function serve(policy) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let file = normalize(join(DIST, decodeURIComponent(url.pathname)));
    if (!file.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(DIST, 'index.html');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': policy,
      'Cache-Control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** A TypeScript module of the tests, through Vite's module runner. */
async function load(/** @type {string} */ path) {
  return /** @type {any} */ ((await runnerImport(join(UI, 'tests', path))).module);
}

const { Bridge } = await load('bridge.ts');
const { Backend } = await load('real-backend.ts');
const { buildWorld } = await load('world.ts');
const scenarios = await load('scenarios.ts');

/** The segretario's draw of November (with `giorni` gone by, November has ended). */
async function drawNovember(/** @type {any} */ backend, /** @type {number} */ percent) {
  const { user } = await backend.session();
  await backend.as('segretario', user.username, () =>
    backend.call('controllo_draw', {
      kind: 'determinazione',
      periodFrom: '2026-11-01',
      periodTo: '2026-11-30',
      percent,
      seed: 'Lotto 28/11/2026 ruota di Bari 12 45 67 3 89',
    }),
  );
}

/** What a screen's path asks of its backend (see Screen.path). */
function optionsOf(/** @type {string} */ path) {
  const query = new URLSearchParams(path.slice(path.indexOf('?') + 1, path.indexOf('#') < 0 ? undefined : path.indexOf('#')));
  return {
    options: {
      username: query.get('utente') === 'nessuno' ? null : (query.get('utente') ?? undefined),
      days: Number(query.get('giorni') ?? 0),
      notDemo: query.get('sigillo') === 'nessuno',
    },
    draw: Number(query.get('sorteggio') ?? 0),
  };
}

async function ipcScript() {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    root: UI,
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: join(UI, 'tests', 'a11y', 'ipc-entry.ts'), formats: ['iife'], name: 'AttiIpc' },
    },
  });
  const result = /** @type {{ output: Array<{ type: string, code?: string }> }} */ (
    /** @type {unknown} */ (Array.isArray(out) ? out[0] : out)
  );
  const chunk = result.output.find((o) => o.type === 'chunk');
  if (!chunk?.code) throw new Error('IPC bundle has no chunk');
  return chunk.code;
}

/**
 * @typedef {object} Screen
 * @property {string} name
 * @property {string} path  the hash route; before it, `?utente=` (who works, default istruttore;
 *   `nessuno`: nobody, the login screen of a Comune that is not the demo one),
 *   `giorni=` (days gone by since the world was made), `sorteggio=` (the segretario has drawn that
 *   percentage of November), `sigillo=nessuno` (a Comune that is not the demo one: no seal key,
 *   no signing devices, users «g.bianchi», «m.rossi»...)
 * @property {string} ready  selector that appears when the screen is ready
 * @property {string} [screenshot]  file name in test-results/
 * @property {(backend: any) => Promise<unknown>} [prepare]  what the backend does before the page opens
 * @property {(page: import('playwright-core').Page, backend: any) => Promise<void>} [act]  what to do before the check
 */

/**
 * Waits for the page to stand still: a focus move scrolls it smoothly (Bootstrap Italia), and
 * axe reads each colour where the element is at that moment; five frames without a scroll.
 * @param {import('playwright-core').Page} page
 */
async function atRest(page) {
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        let last = -1;
        let still = 0;
        const step = () => {
          const y = window.scrollY;
          still = y === last ? still + 1 : 0;
          last = y;
          if (still >= 5) resolve(true);
          else requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
  );
}

/** The screens to check: what to open, what to wait for, what to do before the check. @type {Screen[]} */
const SCREENS = [
  {
    name: 'Le mie attività (dirigente)',
    path: '/?utente=dirigente#/',
    ready: '.inbox-group .inbox-list li',
    screenshot: 'attivita.png',
  },
  {
    name: 'Elenco degli atti',
    path: '/#/atti',
    ready: 'table.act-table tbody tr',
    screenshot: 'elenco.png',
  },
  {
    name: 'Elenco degli atti, ricerca «manutenzione»',
    path: '/#/atti',
    ready: 'table.act-table tbody tr',
    async act(page) {
      await page.getByLabel('Cerca negli atti').fill('manutenzione');
      await page.locator('.snippet mark').first().waitFor();
    },
  },
  {
    name: 'Nuovo atto (finestra di dialogo)',
    path: '/#/atti',
    ready: 'table.act-table tbody tr',
    async act(page) {
      await page.getByRole('button', { name: 'Nuovo atto' }).click();
      await page.locator('dialog[open]').waitFor();
      await page.getByRole('button', { name: 'Crea la bozza' }).click();
      await page.locator('dialog .field-error').first().waitFor();
    },
    screenshot: 'nuovo-atto.png',
  },
  {
    name: 'Editor di una determinazione (impegni e allegati)',
    path: '/#/atti/1',
    ready: '#f-impegni-1-cup',
    screenshot: 'editor.png',
  },
  {
    name: 'Editor: un impegno che concede un vantaggio economico (norma, modalità, persona in disagio)',
    path: '/#/atti/1',
    ready: '#f-impegni-1-cup',
    async act(page) {
      await page.locator('label[for="f-impegni-0-sovvenzione"]').click();
      await page.getByLabel('Norma o titolo dell’attribuzione').waitFor();
    },
    screenshot: 'editor-sovvenzione.png',
  },
  {
    name: 'Editor: una sezione formattata (grassetto, elenco numerato, tabella con il cursore dentro)',
    path: '/#/atti/1',
    ready: '#f-sections-0-text',
    async act(page) {
      await page.locator('#f-sections-0-text').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+b');
      await page.keyboard.type('Interventi previsti');
      await page.keyboard.press('Control+b');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Elenco numerato', exact: true }).first().click();
      await page.keyboard.type('sfalcio dei prati');
      await page.keyboard.press('Enter');
      await page.keyboard.type('potatura delle siepi');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Tabella', exact: true }).first().click();
      await page.keyboard.type('Voce');
      await page.locator('#f-sections-0-text table').waitFor();
      await page.locator('button:not([disabled])', { hasText: 'Aggiungi riga' }).first().waitFor();
    },
    screenshot: 'editor-testo.png',
  },
  {
    name: 'Editor di una determinazione con errori di validazione',
    path: '/#/atti/1',
    ready: '#f-impegni-0-cig',
    async act(page) {
      await page.locator('#f-impegni-0-cig').fill('B123');
      await page.locator('#f-impegni-0-cig[aria-invalid="true"]').waitFor({ timeout: 5000 });
      await page.getByRole('button', { name: 'Salva ora' }).click();
      await page.locator('.error-summary').waitFor({ timeout: 5000 });
    },
    screenshot: 'editor-errori.png',
  },
  {
    name: 'Bozza duplicata da un atto precedente (punti da verificare segnati)',
    path: '/#/atti/9',
    ready: 'text=Duplica in una nuova bozza',
    async act(page) {
      await page.getByRole('button', { name: 'Duplica in una nuova bozza' }).click();
      await page.locator('.duplicato li').first().waitFor({ timeout: 5000 });
    },
    screenshot: 'duplicato.png',
  },
  {
    name: 'Modelli degli atti (dirigente: un modello dell’ufficio, da eliminare)',
    path: '/?utente=dirigente#/impostazioni/modelli',
    async prepare(backend) {
      await backend.as('dirigente', 'istruttore', () => backend.call('modello_from_act', { id: 1, nome: 'Manutenzione del verde' }));
    },
    ready: 'text=Manutenzione del verde',
    screenshot: 'modelli.png',
  },
  {
    name: 'Nuovo atto da un modello dell’ufficio (finestra di dialogo)',
    path: '/#/atti',
    async prepare(backend) {
      await backend.as('dirigente', 'istruttore', () => backend.call('modello_from_act', { id: 1, nome: 'Manutenzione del verde' }));
    },
    ready: 'text=Nuovo atto',
    async act(page) {
      await page.getByRole('button', { name: 'Nuovo atto' }).click();
      await page.locator('dialog[open]').getByLabel(/Tipo di atto/).selectOption('determinazione');
      await page.getByLabel('Parti da un modello dell’ufficio').selectOption('Manutenzione del verde');
    },
  },
  {
    name: 'Cambia utente (elenco degli utenti del Comune di prova aperto)',
    path: '/#/',
    ready: 'text=Cambia utente',
    async act(page) {
      await page.getByRole('button', { name: 'Cambia utente' }).click();
      await page.locator('#user-list').waitFor({ timeout: 5000 });
    },
  },
  {
    name: 'Editor di un verbale della Polizia locale',
    path: '/?utente=agente#/atti/2',
    ready: '#f-verbale-targa',
    screenshot: 'verbale.png',
  },
  {
    name: 'Editor di un verbale non contestato sul posto (motivo, identificazione, residenza all’estero)',
    path: '/?utente=agente#/atti/2',
    ready: '#f-verbale-targa',
    async act(page) {
      await page.getByLabel('Contestazione', { exact: true }).selectOption('g');
      await page.getByLabel('Trasgressore identificato il').waitFor();
    },
    screenshot: 'verbale-non-contestato.png',
  },
  {
    name: 'Verbale firmato da notificare: la spedizione per posta registrata, la consegna da registrare',
    path: '/?utente=agente#/atti/2',
    prepare: async (backend) => {
      await scenarios.verbaleDaNotificare(backend);
      const { user, today } = await backend.session();
      await backend.as('agente', user.username, () =>
        backend.call('notifica_posta', { id: 2, destinatario: 'Via Po 3, Torino', raccomandata: 'RA 1', speditaIl: today }),
      );
    },
    ready: '#notifica-consegnata',
    screenshot: 'verbale-notifica.png',
  },
  {
    name: 'Verbale archiviato dal comandante: il provvedimento firmato, con motivo e motivazione',
    path: '/?utente=comandante#/atti/2',
    prepare: async (backend) => {
      await scenarios.verbaleDaNotificare(backend);
      const { user } = await backend.session();
      await backend.as('comandante', user.username, () =>
        backend.call('archivia', {
          id: 2,
          archiviazione: { motivo: 'veicolo-rubato', motivazione: 'Denuncia di furto del veicolo presentata prima della violazione.' },
          pin: '123456',
        }),
      );
    },
    ready: '.archiviazione-motivazione',
    screenshot: 'verbale-archiviato.png',
  },
  {
    name: 'Cronologia delle versioni (versione 2 in sola lettura)',
    path: '/#/atti/1/versioni/2',
    ready: 'text=Ripristina questa versione',
    screenshot: 'cronologia.png',
  },
  {
    name: 'Determinazione in istruttoria, dirigente: pannello dell’iter',
    path: '/?utente=dirigente#/atti/6',
    ready: '.iter-actions button',
    screenshot: 'iter.png',
  },
  {
    name: 'Restituisci per modifiche (finestra di dialogo, motivazione mancante e un’osservazione)',
    path: '/?utente=dirigente#/atti/6',
    ready: '.iter-actions button',
    async act(page) {
      await page.getByRole('button', { name: 'Restituisci per modifiche' }).click();
      const dialog = page.locator('dialog[open]');
      await dialog.waitFor();
      await dialog.getByLabel('Parte dell’atto').selectOption('dispositivo[0].text');
      await dialog.getByLabel('Osservazione', { exact: true }).fill('Indicare il termine di consegna.');
      await dialog.getByRole('button', { name: 'Aggiungi l’osservazione' }).click();
      await dialog.getByRole('button', { name: 'Conferma' }).click();
      await dialog.locator('.field-error').first().waitFor();
    },
    screenshot: 'restituisci.png',
  },
  {
    name: 'Parere di regolarità tecnica (dirigente, esito non favorevole senza motivazione)',
    path: '/?utente=dirigente#/atti/7',
    ready: '.parere-form',
    async act(page) {
      const form = page.getByRole('form', { name: 'Esprimi il parere di regolarità tecnica' });
      await form.getByLabel('Non favorevole').check();
      await form.getByRole('button', { name: 'Firma il parere' }).click();
      await form.locator('.field-error').waitFor();
      await form.scrollIntoViewIfNeeded();
    },
    screenshot: 'parere.png',
  },
  {
    name: 'Azione bloccata con il motivo (segretario, iscrizione all’ordine del giorno)',
    path: '/?utente=segretario#/atti/7',
    ready: '.blocked-reason',
  },
  {
    name: 'Iter dell’atto (cronologia dei passaggi)',
    path: '/?utente=istruttore#/atti/6',
    ready: 'ol.timeline > li',
    async act(page) {
      await page.getByRole('link', { name: 'Iter dell’atto' }).click();
    },
    screenshot: 'iter-timeline.png',
  },
  {
    name: 'Atto adottato in sola lettura (rettifica)',
    path: '/#/atti/8',
    ready: 'text=Crea una rettifica',
  },
  {
    name: 'Confronto tra la versione 2 e la versione 3',
    path: '/#/atti/6/confronta/2/3',
    ready: 'p.diff-text del',
    screenshot: 'confronto.png',
  },
  {
    name: 'Documento di un atto adottato (anteprima del PDF: pagine disegnate con il loro testo sopra)',
    path: '/#/atti/7/documento',
    ready: '.document-page canvas',
    prepare: (backend) => scenarios.adoptDelibera7(backend),
    async act(page) {
      await page.locator('.document-toolbar button:text-is("Stampa"):enabled').first().waitFor({ timeout: 15000 });
      const pages = await page.locator('.document-page[role="group"][aria-label^="Pagina "]').count();
      if (pages < 2) throw new Error(`l'anteprima ha ${pages} pagine, non almeno 2`);
      if ((await page.locator('.document-page canvas:not([aria-hidden="true"])').count()) !== 0) throw new Error('il disegno delle pagine non è nascosto ai lettori di schermo');
      const inked = await page.evaluate(() => {
        const c = /** @type {HTMLCanvasElement} */ (document.querySelector('.document-page canvas'));
        const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
        let dark = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark += 1;
        return dark;
      });
      if (inked < 1000) throw new Error('la prima pagina dell’anteprima è vuota');
      await checkTextLayer(page, 'documento');
      // Narrower window: the pages are shown smaller, the text layer follows them.
      await page.setViewportSize({ width: 700, height: 800 });
      await page.waitForFunction(() => (document.querySelector('.document-page')?.getBoundingClientRect().width ?? 794) < 700);
      await checkTextLayer(page, 'documento-stretta');
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.waitForFunction(() => document.querySelector('.document-page')?.getBoundingClientRect().width === 794);
      await checkTextLayer(page);
    },
    screenshot: 'documento.png',
  },
  {
    name: 'Documento: versione per la pubblicazione (omissis) e stampa delle sole pagine',
    path: '/#/atti/7/documento',
    ready: '.document-page canvas',
    prepare: (backend) => scenarios.adoptDelibera7(backend),
    async act(page) {
      // Keyboard only: the arrow moves the choice to the other radio button.
      await page.getByRole('radio', { name: 'Versione integrale' }).focus();
      await page.keyboard.press('ArrowRight');
      if (!(await page.getByRole('radio', { name: 'Versione per la pubblicazione (omissis)' }).isChecked())) throw new Error('scelta della versione da tastiera non riuscita');
      await page.locator('.document-summary', { hasText: 'versione per la pubblicazione' }).waitFor();
      await page.locator('.document-toolbar button:text-is("Stampa"):enabled').first().waitFor({ timeout: 15000 });
      // What «Stampa» prints (the print stylesheet): only the pages, one per A4 sheet.
      await page.evaluate(() => document.querySelector('.document-pages')?.classList.add('print-target'));
      const pdf = await page.pdf({ preferCSSPageSize: true });
      await page.evaluate(() => document.querySelector('.document-pages')?.classList.remove('print-target'));
      const sheets = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      const pages = await page.locator('.document-page[role="group"]').count();
      if (sheets !== pages) throw new Error(`la stampa ha ${sheets} fogli invece di ${pages}`);
    },
  },
  {
    name: 'Documento di una bozza (nessuna copia conforme)',
    path: '/#/atti/1/documento',
    ready: '.document-page canvas',
    async act(page) {
      await page.locator('.document-toolbar button:text-is("Stampa"):enabled').first().waitFor({ timeout: 15000 });
      if ((await page.locator('#copia-titolo').count()) !== 0) throw new Error('copia conforme offerta per una bozza');
    },
  },
  {
    name: 'Copia conforme rilasciata (anteprima, contrassegno, registro delle copie)',
    path: '/#/atti/8/documento',
    ready: '#copia-per',
    async act(page) {
      await page.getByLabel('Per (nome e riferimento dell’istanza)').fill('Anna Neri, istanza prot. 2001 del 25/11/2026');
      await page.getByRole('button', { name: 'Rilascia la copia' }).click();
      await page.locator('.copia-result .document-page canvas').first().waitFor();
      await page.locator('.copia-result button:text-is("Stampa"):enabled').waitFor({ timeout: 15000 });
      await page.locator('table.copie-table tbody tr').nth(1).waitFor();
      await page.locator('.copia-result').scrollIntoViewIfNeeded();
    },
    screenshot: 'copia.png',
  },
  {
    name: 'Verifica copia: contrassegno autentico, corrisponde all’originale',
    path: '/#/verifica',
    ready: '#verifica-testo',
    async act(page, backend) {
      const [{ token }] = await backend.call('copie', { id: 8 });
      await page.getByLabel('Testo del contrassegno (letto dal QR)').fill(token);
      await page.getByRole('button', { name: 'Verifica', exact: true }).click();
      await page.locator('text=Corrisponde all’originale conservato').waitFor();
    },
    screenshot: 'verifica.png',
  },
  {
    name: 'Verifica copia con la fotocamera: il QR della copia letto dal video, contrassegno autentico',
    path: '/#/verifica',
    ready: '#verifica-testo',
    async act(page) {
      await page.getByRole('button', { name: 'Leggi il QR con la fotocamera' }).click();
      await page.locator('video.qr-camera-video').waitFor();
      await page.locator('text=Corrisponde all’originale conservato').waitFor({ timeout: 30000 });
      // The camera is off once the copy is read.
      await page.locator('video.qr-camera-video').waitFor({ state: 'detached' });
    },
    screenshot: 'verifica-fotocamera.png',
  },
  {
    name: 'Verifica copia: contrassegno alterato (errore)',
    path: '/#/verifica',
    ready: '#verifica-testo',
    async act(page, backend) {
      const token = (await backend.call('copie', { id: 8 }))[0].token.replace('|1/2026|', '|7/2026|');
      await page.getByLabel('Testo del contrassegno (letto dal QR)').fill(token);
      await page.getByRole('button', { name: 'Verifica', exact: true }).click();
      await page.locator('.verifica-result.alert-danger').waitFor();
    },
    screenshot: 'verifica-errore.png',
  },
  {
    name: 'Adotta e firma: finestra della firma con il PIN errato (errore nella finestra)',
    path: '/?utente=dirigente#/atti/6',
    ready: '.iter-actions button',
    async act(page) {
      await page.getByRole('button', { name: 'Adotta e firma' }).click();
      const dialog = page.locator('dialog[open]');
      await dialog.locator('.sign-certificate').waitFor();
      await dialog.getByLabel('PIN del dispositivo di firma').fill('0000');
      await dialog.getByRole('button', { name: 'Firma', exact: true }).click();
      await dialog.locator('#firma-errore').waitFor();
      const focused = await page.evaluate(() => document.activeElement?.id);
      if (focused !== 'firma-pin') throw new Error(`dopo l'errore il fuoco è su #${focused}, non sul PIN`);
      const pin = await dialog.getByLabel('PIN del dispositivo di firma').inputValue();
      if (pin !== '') throw new Error('il PIN non è stato svuotato');
    },
    screenshot: 'firma.png',
  },
  {
    name: 'Adotta e firma: nessun dispositivo di firma configurato',
    path: '/?sigillo=nessuno&utente=m.rossi#/atti/1',
    ready: '.iter-actions button',
    prepare: (backend) => scenarios.sentToDirigente(backend),
    async act(page) {
      await page.getByRole('button', { name: 'Adotta e firma' }).click();
      await page.locator('dialog[open] .sign-no-device').waitFor();
    },
  },
  {
    name: 'Adotta e firma: firmato (avviso con i file firmati)',
    path: '/?utente=dirigente#/atti/6',
    ready: '.iter-actions button',
    async act(page) {
      await page.getByRole('button', { name: 'Adotta e firma' }).click();
      const dialog = page.locator('dialog[open]');
      await dialog.locator('.sign-certificate').waitFor();
      await dialog.getByLabel('PIN del dispositivo di firma').fill('123456');
      await dialog.getByRole('button', { name: 'Firma', exact: true }).click();
      await page.locator('.iter-done').waitFor();
    },
  },
  {
    name: 'Visto contabile: finestra della firma con il PIN errato (errore nella finestra)',
    path: '/?utente=ragioniere#/atti/10',
    ready: '.parere-form',
    async act(page) {
      const form = page.getByRole('form', { name: 'Esprimi il visto di regolarità contabile' });
      await form.getByLabel('Non favorevole').check();
      await form.getByLabel('Motivazione del visto').fill('Manca la copertura sul capitolo 1043.02.');
      await form.getByRole('button', { name: 'Firma il visto' }).click();
      const dialog = page.locator('dialog[open]');
      await dialog.locator('.sign-parere').waitFor();
      await dialog.locator('.sign-certificate').waitFor();
      await dialog.getByLabel('PIN del dispositivo di firma').fill('0000');
      await dialog.getByRole('button', { name: 'Firma', exact: true }).click();
      await dialog.locator('#firma-errore').waitFor();
      const focused = await page.evaluate(() => document.activeElement?.id);
      if (focused !== 'firma-pin') throw new Error(`dopo l'errore il fuoco è su #${focused}, non sul PIN`);
      const pin = await dialog.getByLabel('PIN del dispositivo di firma').inputValue();
      if (pin !== '') throw new Error('il PIN non è stato svuotato');
    },
    screenshot: 'visto-firma.png',
  },
  {
    name: 'Visto contabile: apposto con la firma (avviso con i file firmati)',
    path: '/?utente=ragioniere#/atti/10',
    ready: '.parere-form',
    async act(page) {
      const form = page.getByRole('form', { name: 'Esprimi il visto di regolarità contabile' });
      await form.getByLabel('Favorevole', { exact: true }).check();
      await form.getByRole('button', { name: 'Firma il visto' }).click();
      const dialog = page.locator('dialog[open]');
      await dialog.locator('.sign-certificate').waitFor();
      await dialog.getByLabel('PIN del dispositivo di firma').fill('123456');
      await dialog.getByRole('button', { name: 'Firma', exact: true }).click();
      await page.locator('.iter-done').waitFor();
      await page.locator('.sync-badge').first().waitFor();
    },
  },
  {
    name: 'Verifica firma: PDF con due firme valide',
    path: '/#/verifica-firma',
    ready: 'text=Scegli il file da verificare…',
    async prepare(backend) {
      await scenarios.adoptDelibera7(backend);
      backend.pickedFiles = [await scenarios.signedOriginal(backend, 7)];
    },
    async act(page) {
      await page.getByRole('button', { name: 'Scegli il file da verificare…' }).click();
      await page.locator('.signature-card').nth(1).waitFor();
    },
    screenshot: 'verifica-firma.png',
  },
  {
    name: 'Verifica firma: .p7m alterato, firma non valida',
    path: '/#/verifica-firma',
    ready: 'text=Scegli il file da verificare…',
    async prepare(backend) {
      backend.pickedFiles = [await scenarios.alteredP7m(backend)];
    },
    async act(page) {
      await page.getByRole('button', { name: 'Scegli il file da verificare…' }).click();
      await page.locator('.signature-card.signature-bad').waitFor();
    },
    screenshot: 'verifica-firma-errore.png',
  },
  {
    name: 'Impostazioni (le quattro schermate con che cosa impostano; la navigazione principale su una riga)',
    path: '/#/impostazioni',
    ready: 'nav[aria-label="Impostazioni"] a',
    async act(page) {
      const tops = await page.locator('nav.app-nav li').evaluateAll((lis) => lis.map((li) => li.getBoundingClientRect().top));
      if (new Set(tops).size !== 1) throw new Error(`la navigazione principale va su ${new Set(tops).size} righe a 1280 px`);
      const current = await page.getByRole('navigation', { name: 'Principale' }).getByRole('link', { name: 'Impostazioni' }).getAttribute('aria-current');
      if (current !== 'page') throw new Error(`«Impostazioni» ha aria-current=${current}`);
    },
    screenshot: 'impostazioni.png',
  },
  {
    name: 'Accesso: primo accesso da questo computer, campi mancanti',
    path: '/?sigillo=nessuno&utente=nessuno#/',
    ready: '#accesso-server',
    async act(page) {
      await page.getByRole('button', { name: 'Accedi' }).click();
      await page.locator('#accesso-password-error').waitFor();
      const focused = await page.evaluate(() => document.activeElement?.id);
      if (focused !== 'accesso-server') throw new Error(`dopo «Accedi» il fuoco è su «${focused}», non sul primo campo da correggere`);
    },
    screenshot: 'accesso.png',
  },
  {
    name: 'Accesso da tastiera: certificato del server non riconosciuto (manca quello della CA del Comune)',
    path: '/?sigillo=nessuno&utente=nessuno#/',
    ready: '#accesso-server',
    async act(page, backend) {
      const server = await backend.call('@server', { user: 'e.ricci', password: 'parola-di-elena' });
      await page.locator('#accesso-server').fill(server.url);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.type('e.ricci');
      await page.keyboard.press('Tab');
      await page.keyboard.type('sbagliata');
      await page.keyboard.press('Enter');
      await page.locator('#accesso-errore').waitFor();
    },
    screenshot: 'accesso-rifiutato.png',
  },
  {
    name: 'Server documentale di un Comune vero: l’amministratore pubblica l’anagrafica',
    path: '/?sigillo=nessuno&utente=e.ricci#/impostazioni/server',
    ready: '#server-url',
    prepare: async (backend) => {
      const server = await backend.call('@server', { user: 'e.ricci', password: 'parola-di-elena' });
      await backend.setServer(server.url, 'parola-di-elena', server.ca_path, 'e.ricci');
    },
    async act(page) {
      await page.getByRole('button', { name: 'Pubblica l’anagrafica' }).click();
      await page.getByText('Anagrafica pubblicata sul server: versione 1.', { exact: false }).waitFor();
    },
    screenshot: 'anagrafica.png',
  },
  {
    name: 'Impostazioni da tastiera: Invio su «Dispositivo di firma», fuoco sul titolo, Maiusc+Tab alle altre impostazioni',
    path: '/?sigillo=nessuno#/impostazioni',
    ready: 'nav[aria-label="Impostazioni"] a',
    async act(page) {
      await page.getByRole('navigation', { name: 'Impostazioni' }).getByRole('link', { name: 'Dispositivo di firma' }).focus();
      await page.keyboard.press('Enter');
      await page.locator('h1:text-is("Dispositivo di firma")').waitFor();
      await page.locator('.identity-none').waitFor();
      const focused = await page.evaluate(() => document.activeElement?.tagName + ' ' + document.activeElement?.textContent?.trim());
      if (focused !== 'H1 Dispositivo di firma') throw new Error(`dopo la scelta il fuoco è su «${focused}», non sul titolo`);
      await page.keyboard.press('Shift+Tab');
      const back = await page.evaluate(() => document.activeElement?.textContent?.trim());
      if (back !== 'Modelli degli atti') throw new Error(`Maiusc+Tab dal titolo porta a «${back}», non alle impostazioni`);
      const current = await page.getByRole('navigation', { name: 'Impostazioni' }).locator('[aria-current="page"]').textContent();
      if (current !== 'Dispositivo di firma') throw new Error(`nelle impostazioni la voce attuale è «${current}»`);
    },
    screenshot: 'impostazioni-firma.png',
  },
  {
    name: 'Server documentale in una finestra stretta (le impostazioni sopra la schermata)',
    path: '/?utente=amministratore#/impostazioni/server',
    ready: '#server-url',
    prepare: (backend) => backend.startServer(),
    async act(page) {
      await page.setViewportSize({ width: 600, height: 900 });
      const nav = await page.getByRole('navigation', { name: 'Impostazioni' }).boundingBox();
      const h1 = await page.locator('h1').boundingBox();
      if (!nav || !h1 || nav.y + nav.height > h1.y) throw new Error('le impostazioni non sono sopra la schermata');
    },
    screenshot: 'impostazioni-stretta.png',
  },
  {
    name: 'Server documentale: errori nel modulo e prova della connessione non riuscita',
    path: '/?utente=amministratore#/impostazioni/server',
    ready: '#server-url',
    async prepare(backend) {
      const { url } = await backend.startServer();
      await backend.setServer(url, 'sbagliata');
    },
    async act(page) {
      await page.getByLabel('Indirizzo del server (https)').fill('http://documenti.comune-esempio.it/');
      await page.getByRole('button', { name: 'Salva', exact: true }).click();
      await page.locator('#server-url-error').waitFor();
      await page.getByRole('button', { name: 'Prova connessione' }).click();
      await page.locator('ol.server-steps li').nth(3).waitFor();
    },
    screenshot: 'server.png',
  },
  {
    name: 'Server documentale: impostazioni salvate (password nel portachiavi)',
    path: '/?utente=amministratore#/impostazioni/server',
    ready: '#server-url',
    prepare: (backend) => backend.startServer(),
    async act(page) {
      await page.getByLabel('Password').fill('segreta');
      await page.getByRole('button', { name: 'Salva', exact: true }).click();
      await page.locator('.settings-form .alert-success').waitFor();
    },
  },
  {
    name: 'Server documentale: password lasciata vuota e certificato della CA da rimuovere',
    path: '/?utente=amministratore#/impostazioni/server',
    ready: '#server-url',
    prepare: (backend) => backend.startServer(),
    async act(page) {
      await page.getByRole('button', { name: 'Rimuovi il certificato della CA' }).click();
      await page.getByRole('button', { name: 'Mantieni il certificato della CA' }).waitFor();
    },
    screenshot: 'server-ca.png',
  },
  {
    name: 'Dispositivo di firma: nessuno configurato (smart card)',
    path: '/?sigillo=nessuno#/impostazioni/firma',
    ready: '.identity-none',
    screenshot: 'dispositivo-firma.png',
  },
  {
    name: 'Dispositivo di firma: campi vuoti e id della chiave non esadecimale',
    path: '/?sigillo=nessuno#/impostazioni/firma',
    ready: '#dispositivo-modulo',
    async act(page) {
      await page.getByLabel('Id della chiave di firma (esadecimale)').fill('0g');
      await page.getByRole('button', { name: 'Configura il dispositivo' }).click();
      await page.locator('#dispositivo-chiave-error').waitFor();
      const focused = await page.evaluate(() => document.activeElement?.id);
      if (focused !== 'dispositivo-modulo') throw new Error(`dopo i controlli il fuoco è su #${focused}, non sul primo campo da correggere`);
    },
  },
  {
    name: 'Dispositivo di firma: file PKCS#12 con la password errata (errore del backend)',
    path: '/?sigillo=nessuno#/impostazioni/firma',
    ready: '#dispositivo-modulo',
    async prepare(backend) {
      backend.pickedFiles = [await scenarios.giuliaIdentity(backend)];
    },
    async act(page, backend) {
      // Keyboard only: the arrow moves the choice to the PKCS#12 file.
      await page.getByRole('radio', { name: 'Smart card o token (PKCS#11)' }).focus();
      await page.keyboard.press('ArrowDown');
      await page.getByRole('button', { name: 'Scegli il file…' }).click();
      // The dialog answers through the IPC: the path arrives a moment after the click.
      await page.waitForFunction(
        (want) => /** @type {HTMLInputElement | null} */ (document.querySelector('#dispositivo-file'))?.value === want,
        backend.pickedFiles[0],
      );
      await page.getByLabel('Password del file PKCS#12').fill('0000');
      await page.keyboard.press('Enter');
      await page.locator('#dispositivo-errore').waitFor();
      const focused = await page.evaluate(() => document.activeElement?.id);
      if (focused !== 'dispositivo-errore') throw new Error(`dopo l'errore il fuoco è su #${focused}, non sul riepilogo`);
      if ((await page.getByLabel('Password del file PKCS#12').inputValue()) !== '') throw new Error('la password non è stata svuotata');
    },
    screenshot: 'dispositivo-firma-errore.png',
  },
  {
    name: 'Dispositivo di firma: configurato (certificato e avviso di riuscita)',
    path: '/?sigillo=nessuno#/impostazioni/firma',
    ready: '#dispositivo-modulo',
    async prepare(backend) {
      await scenarios.giuliaIdentity(backend);
      backend.pickedFiles = [`${backend.folder}/bianchi.p12`];
    },
    async act(page) {
      await page.getByLabel('File PKCS#12 (.p12, .pfx)').check();
      await page.getByRole('button', { name: 'Scegli il file…' }).click();
      await page.waitForFunction(() =>
        /** @type {HTMLInputElement | null} */ (document.querySelector('#dispositivo-file'))?.value.endsWith('bianchi.p12'),
      );
      await page.getByLabel('Password del file PKCS#12').fill('123456');
      await page.getByRole('button', { name: 'Configura il dispositivo' }).click();
      await page.locator('.identity-done').waitFor();
      await page.locator('.identity-current').waitFor();
    },
  },
  {
    name: 'Dispositivo di firma: certificato in scadenza (avviso)',
    path: '/?utente=sindaco#/impostazioni/firma',
    ready: '.identity-warnings',
    prepare: (backend) => scenarios.expiringSmartCard(backend),
  },
  {
    name: 'Fiducia e autorizzazioni: funzionari delle copie salvati, autorità e driver (amministratore)',
    path: '/?utente=amministratore#/impostazioni/fiducia',
    ready: '.trust-table',
    async act(page) {
      await page.getByRole('checkbox', { name: /^Laura Ferrari/ }).check();
      await page.getByRole('button', { name: 'Salva i funzionari' }).click();
      await page.getByText('Funzionari autorizzati alle copie conformi:').waitFor();
    },
    screenshot: 'fiducia.png',
  },
  {
    name: 'Fiducia e autorizzazioni: in sola lettura (segretario)',
    path: '/?utente=segretario#/impostazioni/fiducia',
    ready: '.trust-table',
  },
  {
    name: 'Copia conforme: chi non è autorizzato (dirigente) legge perché',
    path: '/?utente=dirigente#/atti/8/documento',
    ready: '.copia-non-autorizzato',
  },
  {
    name: 'Sigillo dei contrassegni: chiave dimostrativa (avviso e chiave pubblica)',
    path: '/?utente=amministratore#/impostazioni/sigillo',
    ready: '.seal-demo',
    async act(page) {
      await page.getByLabel('Chiave pubblica (PEM)').waitFor();
    },
    screenshot: 'sigillo.png',
  },
  {
    name: 'Sigillo dei contrassegni: conferma di una nuova chiave (finestra di dialogo)',
    path: '/?utente=amministratore#/impostazioni/sigillo',
    ready: '.seal-current',
    async act(page) {
      await page.getByRole('button', { name: 'Genera una nuova chiave' }).click();
      const dialog = page.locator('dialog[open]');
      await dialog.waitFor();
      const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
      if (focused !== 'Annulla') throw new Error(`nella conferma il fuoco è su «${focused}», non su «Annulla»`);
    },
    screenshot: 'sigillo-conferma.png',
  },
  {
    name: 'Sigillo dei contrassegni: nuova chiave generata (avviso di riuscita)',
    path: '/?utente=amministratore#/impostazioni/sigillo',
    ready: '.seal-current',
    async act(page) {
      await page.getByRole('button', { name: 'Genera una nuova chiave' }).click();
      const dialog = page.locator('dialog[open]');
      await dialog.getByRole('button', { name: 'Genera la chiave' }).click();
      await page.locator('.seal-done').waitFor();
      if ((await page.locator('dialog[open]').count()) !== 0) throw new Error('la conferma è rimasta aperta');
      if ((await page.locator('.seal-demo').count()) !== 0) throw new Error('avviso della chiave dimostrativa ancora presente');
      const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
      if (focused !== 'Genera una nuova chiave') throw new Error(`dopo la conferma il fuoco è su «${focused}»`);
    },
  },
  {
    name: 'Sigillo dei contrassegni: ritiro di una chiave precedente, giorno mancante (errore sul campo)',
    path: '/?utente=amministratore#/impostazioni/sigillo',
    ready: '#ritiro-chiave',
    prepare: (backend) => backend.call('seal_generate'),
    async act(page) {
      await page.getByRole('button', { name: 'Ritira la chiave' }).click();
      await page.locator('#ritiro-dal-errore').waitFor();
      const focused = await page.evaluate(() => document.activeElement?.id);
      if (focused !== 'ritiro-dal') throw new Error(`il fuoco è su #${focused}, non sul giorno`);
      await page.locator('#ritiro-titolo').scrollIntoViewIfNeeded();
    },
    screenshot: 'sigillo-ritiro.png',
  },
  {
    name: 'Sigillo dei contrassegni: chiave importata non P-256 (errore)',
    path: '/?utente=amministratore#/impostazioni/sigillo',
    ready: '.seal-current',
    async prepare(backend) {
      backend.pickedFiles = [scenarios.keyFile(backend, 'sigillo-rsa.pem', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048')];
    },
    async act(page) {
      await page.getByRole('button', { name: 'Importa chiave…' }).click();
      await page.locator('#sigillo-errore').waitFor();
      const focused = await page.evaluate(() => document.activeElement?.id);
      if (focused !== 'sigillo-errore') throw new Error(`dopo l'errore il fuoco è su #${focused}, non sul messaggio`);
    },
    screenshot: 'sigillo-errore.png',
  },
  {
    name: 'Sigillo dei contrassegni: il Comune non ha una chiave',
    path: '/?sigillo=nessuno&utente=e.ricci#/impostazioni/sigillo',
    ready: '.seal-none',
  },
  {
    name: 'Sigillo dei contrassegni: indirizzo della pagina di verifica rifiutato (errore)',
    path: '/?utente=amministratore#/impostazioni/sigillo',
    ready: '#verifica-indirizzo',
    async act(page) {
      await page.getByLabel('Indirizzo della pagina di verifica').fill('http://www.comune.example.it/verifica copie');
      await page.getByRole('button', { name: 'Salva l’indirizzo' }).click();
      await page.locator('#verifica-pagina-errore').waitFor();
      const focused = await page.evaluate(() => document.activeElement?.id);
      if (focused !== 'verifica-pagina-errore') throw new Error(`dopo l'errore il fuoco è su #${focused}, non sul messaggio`);
      const invalid = await page.getByLabel('Indirizzo della pagina di verifica').getAttribute('aria-invalid');
      if (invalid !== 'true') throw new Error('il campo dell’indirizzo non è segnato come non valido');
      await page.locator('#verifica-pagina-titolo').scrollIntoViewIfNeeded();
    },
    screenshot: 'sigillo-indirizzo-errore.png',
  },
  {
    name: 'Sigillo dei contrassegni: indirizzo salvato e pagina di verifica salvata (avviso di riuscita)',
    path: '/?utente=amministratore#/impostazioni/sigillo',
    ready: '#verifica-indirizzo',
    async act(page, backend) {
      await page.getByLabel('Indirizzo della pagina di verifica').fill('https://www.comune.example.it/verifica-copie');
      await page.getByRole('button', { name: 'Salva l’indirizzo' }).click();
      await page.locator('.seal-done:has-text("Indirizzo della pagina di verifica salvato")').waitFor();
      await page.getByRole('button', { name: 'Salva la pagina di verifica…' }).click();
      await page.locator('.seal-done:has-text("verifica.html")').waitFor();
      const saved = join(backend.saveFolder, 'verifica.html');
      if (!readFileSync(saved, 'utf8').includes('<html')) throw new Error(`pagina non salvata in ${saved}`);
    },
    screenshot: 'sigillo-pagina.png',
  },
  {
    name: 'Sigillo dei contrassegni: senza chiave la pagina di verifica non si salva (errore)',
    path: '/?sigillo=nessuno&utente=e.ricci#/impostazioni/sigillo',
    ready: '#verifica-indirizzo',
    async act(page) {
      await page.getByRole('button', { name: 'Salva la pagina di verifica…' }).click();
      await page.locator('#verifica-pagina-errore').waitFor();
    },
  },
  {
    name: 'Invio all’archivio: sincronizzazione in corso (barra di avanzamento)',
    path: '/#/archivio',
    ready: 'table.outbox-table tbody tr',
    prepare: (backend) => backend.startServer(),
    async act(page, backend) {
      // The progress held after its first step (released when the screen closes).
      backend.holdEvents(1);
      await page.getByRole('button', { name: 'Sincronizza ora' }).click();
      await page.locator('[role="progressbar"][aria-valuenow="0"]').waitFor();
    },
    screenshot: 'archivio-invio.png',
  },
  {
    name: 'Invio all’archivio: esito con l’invio fermato',
    path: '/#/archivio',
    ready: 'table.outbox-table tbody tr',
    async prepare(backend) {
      const { url } = await backend.startServer();
      await backend.setServer(url, 'sbagliata');
    },
    async act(page) {
      await page.getByRole('button', { name: 'Sincronizza ora' }).click();
      await page.locator('#sync-esito').waitFor();
    },
    screenshot: 'archivio.png',
  },
  {
    name: 'Invio all’archivio: server non raggiungibile',
    path: '/#/archivio',
    ready: 'table.outbox-table tbody tr',
    async prepare(backend) {
      await backend.startServer();
      await backend.call('@server-state', { state: 'stop' });
    },
    async act(page) {
      await page.getByRole('button', { name: 'Sincronizza ora' }).click();
      // atti-sync tries each file again a few times before it leaves them queued.
      await page.locator('#sync-esito').waitFor({ timeout: 30000 });
    },
  },
  {
    name: 'Dati riservati (omissis) nell’editor di un verbale, con un testo vuoto da aggiungere',
    path: '/?utente=agente#/atti/2',
    ready: '#omissis-proposta-0',
    async act(page) {
      await page.getByRole('button', { name: 'Aggiungi', exact: true }).click();
      await page.locator('#omissis-testo-error').waitFor();
      await page.locator('#omissis-titolo').scrollIntoViewIfNeeded();
    },
    screenshot: 'omissis.png',
  },
  {
    name: 'Registro delle determinazioni 2026 (con un numero annullato)',
    path: '/#/registri/determinazione/2026',
    ready: 'table.register-table tbody tr',
    screenshot: 'registro.png',
  },
  {
    name: 'Sedute: elenco e convocazione (segretario)',
    path: '/?utente=segretario#/sedute',
    prepare: (backend) => scenarios.convenedGiunta(backend),
    ready: 'table.sedute-table tbody tr',
    screenshot: 'sedute.png',
  },
  {
    name: 'Seduta convocata: ordine del giorno, avviso, appello (un componente assente giustificato)',
    path: '/?utente=segretario#/sedute/1',
    prepare: (backend) => scenarios.convenedGiunta(backend),
    ready: 'text=Apri la seduta',
    async act(page) {
      const gallo = page.getByRole('group', { name: 'Francesca Gallo (Assessore)' });
      // Keyboard only: the roll call's radios move with the arrows.
      await gallo.getByRole('radio', { name: 'Presente' }).focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      if (!(await gallo.getByRole('radio', { name: 'Assente giustificato' }).isChecked())) {
        throw new Error('appello da tastiera non riuscito');
      }
    },
    screenshot: 'seduta-convocata.png',
  },
  {
    name: 'Seduta in corso: voto per appello nominale con la votazione separata',
    path: '/?utente=segretario#/sedute/1',
    prepare: (backend) => scenarios.convenedGiunta(backend, true),
    ready: 'text=Registra il voto',
    async act(page) {
      await page.getByRole('group', { name: 'Davide Conti' }).first().getByRole('radio', { name: 'Contrario' }).check();
      await page.getByLabel(/Votazione separata sull/).check();
      await page.getByRole('group', { name: /Votazione separata \(serve/ }).waitFor();
    },
    screenshot: 'seduta-voto.png',
  },
  {
    name: 'Seduta in corso: rinvio senza motivo (errore sul campo)',
    path: '/?utente=segretario#/sedute/1',
    prepare: (backend) => scenarios.convenedGiunta(backend, true),
    ready: 'text=Registra il voto',
    async act(page) {
      await page.getByRole('button', { name: 'Rinvia il punto' }).click();
      await page.locator('#voto-motivo-error').waitFor();
    },
  },
  {
    name: 'Seduta chiusa: il verbale, firma rifiutata prima del PIN',
    path: '/?utente=segretario#/sedute/1',
    async prepare(backend) {
      await scenarios.convenedGiunta(backend, true);
      await backend.call('seduta_record', { id: 1, fatto: { type: 'votazione', punto: 1, favorevoli: ['ferrari', 'marino', 'greco'], contrari: ['conti'], astenuti: [], non_partecipano: [], immediata: null } });
      await backend.call('seduta_record', { id: 1, fatto: { type: 'chiusa' } });
    },
    ready: 'text=Firma il verbale',
    async act(page) {
      await page.getByRole('button', { name: 'Firma il verbale' }).click();
      await page.locator('#seduta-errore').waitFor();
    },
    screenshot: 'seduta-chiusa.png',
  },
  {
    name: 'Albo pretorio: il repertorio, un atto che esce entro due giorni (messo)',
    path: '/?utente=messo&giorni=14#/albo',
    ready: 'text=Escono dall’albo entro due giorni',
    screenshot: 'albo.png',
  },
  {
    name: 'Albo pretorio: il giorno dopo la fine, l’atto defisso resta nel repertorio',
    path: '/?utente=messo&giorni=15#/albo',
    ready: 'text=Tolte dall’albo (defissione): 1/2026.',
    screenshot: 'albo-defissione.png',
  },
  {
    name: 'Referto di pubblicazione da firmare, il giorno dopo la defissione (messo): pannello e finestra della firma',
    path: '/?utente=messo&giorni=15#/atti/8',
    ready: 'text=Firma il referto di pubblicazione',
    async act(page) {
      await page.getByRole('button', { name: 'Firma il referto di pubblicazione' }).click();
      await page.getByRole('dialog', { name: 'Referto di pubblicazione' }).waitFor();
    },
    screenshot: 'referto.png',
  },
  {
    name: 'Contributo oltre 1.000 euro non ancora efficace (ragioniere), impegno con vantaggio economico',
    path: '/?utente=ragioniere#/atti/10',
    ready: 'text=Non ancora efficace',
    screenshot: 'efficacia.png',
  },
  {
    name: 'Documento di un verbale firmato, con il suo avviso di pagamento pagoPA salvato',
    path: '/?utente=agente#/atti/2/documento',
    async prepare(backend) {
      await backend.call('iter_take', { id: 2, action: 'redigi', request: { note: null, comments: [], conferma_dati: [] } });
      await backend.call('sign', { id: 2, pin: '123456' });
    },
    ready: 'text=Salva l’avviso di pagamento…',
    async act(page) {
      await page.getByRole('button', { name: 'Salva l’avviso di pagamento…' }).click();
      await page.getByText(/^Avviso di pagamento salvato in/).waitFor();
    },
    screenshot: 'avviso-pagopa.png',
  },
  {
    name: 'Pubblica all’albo: dati personali non oscurati da confermare, conferma mancante (messo)',
    path: '/?utente=messo#/atti/5',
    async prepare(backend) {
      await backend.as('sindaco', 'messo', async () => {
        const act = await backend.call('act_get', { id: 5 });
        act.dispositivo = [{ text: 'di nominare la dott.ssa Paola Neri responsabile della prevenzione della corruzione.' }];
        await backend.call('act_save', { act });
        await backend.call('sign', { id: 5, pin: '123456' });
      });
    },
    ready: "text=Pubblica all'albo",
    async act(page) {
      await page.getByRole('button', { name: "Pubblica all'albo" }).click();
      await page.getByRole('group', { name: 'Dati personali non oscurati' }).waitFor();
      await page.getByRole('button', { name: 'Conferma' }).click();
      await page.locator('#azione-dati-error').waitFor();
    },
    screenshot: 'albo-dati-personali.png',
  },
  {
    name: 'Controllo di regolarità: nessun sorteggio (segretario)',
    path: '/?utente=segretario#/controlli',
    ready: 'text=Nessun sorteggio effettuato finora.',
    screenshot: 'controlli.png',
  },
  {
    name: 'Controllo di regolarità: sorteggio effettuato e annunciato, atti da controllare',
    path: '/?utente=segretario&giorni=5#/controlli',
    ready: 'text=Nessun sorteggio effettuato finora.',
    async act(page) {
      await page.getByLabel('Percentuale da estrarre').fill('100');
      await page.getByLabel('Seme del sorteggio').fill('Lotto 28/11/2026 ruota di Bari 12 45 67 3 89');
      await page.getByRole('button', { name: 'Effettua il sorteggio' }).click();
      await page.locator('.controllo-fatto').waitFor();
      await page.locator('.esito-form').nth(1).waitFor();
      // Keyboard only: the list of the eligible numbers opens with Enter.
      await page.locator('.controllo-numeri summary').focus();
      await page.keyboard.press('Enter');
      await page.locator('.controllo-numeri[open] .controllo-numeri-elenco').waitFor();
    },
    screenshot: 'controlli-sorteggio.png',
  },
  {
    name: 'Controllo di regolarità: conferma dell’esito (finestra di dialogo)',
    path: '/?utente=segretario&giorni=5&sorteggio=100#/controlli',
    ready: '.esito-form',
    async act(page) {
      const form = page.locator('.esito-form').first();
      await form.getByLabel(/^Esito/).selectOption('con-osservazioni');
      await form.getByLabel(/^Nota/).fill('Motivazione da integrare con il richiamo al regolamento.');
      await form.getByRole('button', { name: /Registra l’esito/ }).click();
      await page.locator('dialog[open]').waitFor();
    },
    screenshot: 'controlli-esito.png',
  },
  {
    name: 'Controllo di regolarità: errori del sorteggio e nota mancante',
    path: '/?utente=segretario&giorni=5&sorteggio=100#/controlli',
    ready: '.esito-form',
    async act(page) {
      const draw = page.getByRole('form', { name: 'Nuovo sorteggio' });
      await draw.getByLabel('Dal', { exact: true }).fill('2026-11-20');
      await draw.getByLabel('Al', { exact: true }).fill('2026-12-01');
      await draw.getByLabel('Seme del sorteggio').fill('corto');
      await page.getByRole('button', { name: 'Effettua il sorteggio' }).click();
      await page.locator('.error-summary').waitFor();
      const form = page.locator('.esito-form').first();
      await form.getByLabel(/^Esito/).selectOption('irregolare');
      await form.getByRole('button', { name: /Registra l’esito/ }).click();
      await form.locator('.field-error').waitFor();
      await page.locator('.error-summary').scrollIntoViewIfNeeded();
    },
    screenshot: 'controlli-errori.png',
  },
  {
    name: 'Controllo di regolarità: impegno sul seme generato e registrato',
    path: '/?utente=segretario&giorni=5#/controlli',
    ready: 'text=Impegni registrati',
    async act(page) {
      const form = page.getByRole('form', { name: 'Impegno sul seme' });
      await form.getByRole('button', { name: 'Genera un seme' }).click();
      await form.getByRole('button', { name: 'Registra l’impegno' }).click();
      await page.getByText(/^Impegno registrato per gli atti/).waitFor();
    },
    screenshot: 'controlli-impegno.png',
  },
  {
    name: 'Controllo di regolarità: chi non è segretario (rifiuto del sorteggio)',
    path: '/?utente=istruttore&giorni=5&sorteggio=10#/controlli',
    ready: '.controllo-table',
    async act(page) {
      await page.getByLabel('Dal', { exact: true }).fill('2026-10-01');
      await page.getByLabel('Al', { exact: true }).fill('2026-10-31');
      await page.getByLabel('Seme del sorteggio').fill('Lotto 28/11/2026 ruota di Bari 12 45 67 3 89');
      await page.getByRole('button', { name: 'Effettua il sorteggio' }).click();
      await page.locator('#sorteggio-errore').waitFor();
    },
  },
  {
    name: 'Le mie attività (segretario, con gli atti da controllare)',
    path: '/?utente=segretario&giorni=5&sorteggio=100#/',
    ready: '.inbox-more a',
    screenshot: 'attivita-segretario.png',
  },
];

/**
 * The text layer of the first page of the preview (pdf.js TextLayer): the text of the act is
 * there for screen readers, it does not show (the page looks the same without it), and its
 * words lie on the drawn ones (the ink of a line fits the box of its spans). With `shot`, writes
 * test-results/<shot>-testo.png: the page with the lines «OGGETTO: …» and «Seduta …» selected
 * (the selection shows where the text layer is).
 * @param {import('playwright-core').Page} page
 * @param {string} [shot]
 */
async function checkTextLayer(page, shot) {
  const first = page.locator('.document-page').first();
  const text = await first.locator('.textLayer').evaluate((el) => el.textContent ?? '');
  if (!text.includes('OGGETTO: Approvazione del progetto di riqualificazione della piazza del mercato')) {
    throw new Error('il testo della pagina non è nello strato di testo');
  }
  // What a screen reader gets (Chromium's accessibility tree): the page's text, without the
  // running header (an artifact of the PDF) and without the drawing.
  const tree = await first.ariaSnapshot();
  if (!/^- group "Pagina 1 di \d+"/.test(tree) || !tree.includes('OGGETTO: Approvazione') || tree.includes('Area tecnica - Lavori pubblici') || tree.includes('img')) {
    throw new Error(`la pagina non arriva così ai lettori di schermo:\n${tree.slice(0, 600)}`);
  }
  // Wait for the scale set by the ResizeObserver, then for two frames.
  await page.waitForFunction(() => {
    const layer = /** @type {HTMLElement | null} */ (document.querySelector('.document-page .textLayer'));
    if (!layer) return false;
    const factor = Number(layer.style.getPropertyValue('--total-scale-factor'));
    return Math.abs(factor * 595.2756 - layer.getBoundingClientRect().width) < 0.5;
  });
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

  // Invisible: the page looks the same without the text layer; with the text painted, it does not.
  const withLayer = await first.screenshot();
  const layerStyle = (/** @type {string} */ v) =>
    page.evaluate((v) => {
      const layer = /** @type {HTMLElement} */ (document.querySelector('.document-page .textLayer'));
      const spans = Array.from(layer.querySelectorAll('span'));
      if (v === 'red') for (const s of spans) s.style.color = 'red';
      else if (v === '') for (const s of spans) s.style.removeProperty('color');
      layer.style.visibility = v === 'hidden' ? 'hidden' : '';
    }, v);
  await layerStyle('hidden');
  const without = await first.screenshot();
  await layerStyle('red');
  const painted = await first.screenshot();
  await layerStyle('');
  if (!withLayer.equals(without)) throw new Error('lo strato di testo si vede sopra il disegno della pagina (testo doppio)');
  if (withLayer.equals(painted)) throw new Error('lo strato di testo non ha testo da confrontare');

  // Aligned: the ink of the canvas around the line «LA GIUNTA COMUNALE» (plain text, nothing
  // drawn beside it) lies inside the box of its spans.
  const fit = await page.evaluate(() => {
    const pageBox = /** @type {HTMLElement} */ (document.querySelector('.document-page'));
    const canvas = /** @type {HTMLCanvasElement} */ (pageBox.querySelector('canvas'));
    const spans = Array.from(pageBox.querySelectorAll('.textLayer span:not(.markedContent)'));
    const span = spans.find((s) => s.textContent?.trim() === 'LA GIUNTA COMUNALE');
    if (!span) return null;
    const c = canvas.getBoundingClientRect();
    // The whole line: the spans (runs of one font) whose middle is on that one.
    const o = span.getBoundingClientRect();
    const line = spans.map((s) => s.getBoundingClientRect()).filter((b) => b.width > 0 && Math.abs((b.top + b.bottom) / 2 - (o.top + o.bottom) / 2) < o.height / 3);
    const r = {
      left: Math.min(...line.map((b) => b.left)),
      right: Math.max(...line.map((b) => b.right)),
      top: Math.min(...line.map((b) => b.top)),
      bottom: Math.max(...line.map((b) => b.bottom)),
      height: o.height,
    };
    const k = canvas.width / c.width;
    // Look at a band around the line (half a line above and below, 40 px on each side).
    const x0 = Math.max(0, Math.floor((r.left - c.left - 40) * k));
    const x1 = Math.min(canvas.width, Math.ceil((r.right - c.left + 40) * k));
    const y0 = Math.max(0, Math.floor((r.top - c.top - r.height / 2) * k));
    const y1 = Math.min(canvas.height, Math.ceil((r.bottom - c.top + r.height / 2) * k));
    const d = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d')).getImageData(x0, y0, x1 - x0, y1 - y0).data;
    let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    for (let y = 0; y < y1 - y0; y++) {
      for (let x = 0; x < x1 - x0; x++) {
        if (d[(y * (x1 - x0) + x) * 4] < 128) {
          left = Math.min(left, x);
          right = Math.max(right, x);
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
        }
      }
    }
    const ink = { left: (x0 + left) / k + c.left, right: (x0 + right + 1) / k + c.left, top: (y0 + top) / k + c.top, bottom: (y0 + bottom + 1) / k + c.top };
    return { ink, span: r };
  });
  if (shot) {
    await page.evaluate(() => {
      const spans = Array.from(document.querySelectorAll('.document-page .textLayer span:not(.markedContent)'));
      const from = spans.findIndex((s) => s.textContent?.startsWith('OGGETTO:'));
      if (from < 0) return;
      // From «OGGETTO:» to the end of the first paragraph after it.
      const range = document.createRange();
      range.setStartBefore(/** @type {Node} */ (spans[from]));
      range.setEndAfter(/** @type {Node} */ (spans[Math.min(from + 3, spans.length - 1)]));
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
    });
    await first.screenshot({ path: join(RESULTS, `${shot}-testo.png`) });
    await page.evaluate(() => window.getSelection()?.removeAllRanges());
  }
  if (!fit) throw new Error('nello strato di testo manca la riga «LA GIUNTA COMUNALE»');
  const { ink, span } = fit;
  const tol = Math.max(3, span.height * 0.3);
  const off = [ink.left - span.left, ink.right - span.right, ink.top - span.top, ink.bottom - span.bottom];
  if (Math.abs(off[0]) > tol || Math.abs(off[1]) > tol || ink.top < span.top - tol || ink.bottom > span.bottom + tol) {
    throw new Error(`lo strato di testo non è allineato al disegno: riga «LA GIUNTA COMUNALE», inchiostro ${JSON.stringify(ink)}, testo ${JSON.stringify(span)}`);
  }
  console.log(`  · strato di testo allineato (${span.right - span.left | 0} px; scarti ${off.map((o) => o.toFixed(1)).join(', ')} px)`);
}

/** @param {import('axe-core').Result[]} violations */
function printViolations(violations) {
  for (const v of violations) {
    console.log(`  ✗ [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes.slice(0, 5)) {
      console.log(`      ${n.target.join(' ')}`);
      if (n.failureSummary) console.log(`        ${n.failureSummary.replace(/\n/g, '\n        ')}`);
    }
    if (v.nodes.length > 5) console.log(`      … e altri ${v.nodes.length - 5} elementi`);
  }
}

/**
 * What Chromium's fake camera plays for «Verifica copia» with the camera: the bottom left of the
 * first page of a copy of act 8 of the world (its band with the QR), rendered at 200 dpi by
 * pdftoppm and cropped by ImageMagick to 640×480, as a grey Y4M video (YUV 4:2:0) that Chromium loops.
 */
async function cameraVideo(/** @type {any} */ backend, /** @type {string} */ dir) {
  const [copia] = await backend.call('copie', { id: 8 });
  const doc = await backend.call('copia_pdf', { serial: copia.id });
  const pdf = join(dir, 'copia.pdf');
  writeFileSync(pdf, Buffer.from(doc.pdf_base64, 'base64'));
  execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, join(dir, 'pagina')]);
  // Grey is enough for a QR: the Y plane from ImageMagick, both chroma planes neutral.
  const luma = join(dir, 'band.y');
  execFileSync('convert', [join(dir, 'pagina.png'), '-gravity', 'SouthWest', '-crop', '640x480+0+0', '+repage', '-colorspace', 'Gray', '-depth', '8', `gray:${luma}`]);
  const y = readFileSync(luma);
  if (y.length !== 640 * 480) throw new Error(`ImageMagick wrote ${y.length} bytes of grey, not one 640×480 frame`);
  const frame = Buffer.concat([y, Buffer.alloc((640 * 480) / 2, 128)]);
  const video = join(dir, 'fotocamera.y4m');
  writeFileSync(video, Buffer.concat([Buffer.from('YUV4MPEG2 W640 H480 F5:1 Ip A1:1 C420jpeg\nFRAME\n'), frame]));
  return video;
}

async function main() {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.error('ui/dist/index.html non esiste: eseguire prima `npm run build`.');
    process.exit(2);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`Chromium non trovato in ${CHROMIUM} (apt-get install chromium, o CHROMIUM_PATH).`);
    process.exit(2);
  }
  mkdirSync(RESULTS, { recursive: true });

  // The world, once; each screen opens a copy of it on the same bridge.
  const root = mkdtempSync(join(tmpdir(), 'atti-a11y-'));
  const bridge = Bridge.start(join(root, 'home'));
  const world = { dir: join(root, 'world'), now: '', root };
  await buildWorld(bridge, world.dir, join(root, 'files'));
  world.now = await bridge.request('@now');

  /** A backend for a page (its events go to the page), with what `path` asks and `prepare` does. */
  async function backendFor(/** @type {string} */ path, /** @type {{ page?: import('playwright-core').Page }} */ target, /** @type {Screen['prepare']} */ prepare) {
    const { options, draw } = optionsOf(path);
    const backend = new Backend(bridge, world, options, (/** @type {string} */ name, /** @type {unknown} */ payload) =>
      // A page closed meanwhile (its screen is done) takes no more events.
      target.page?.evaluate(([n, p]) => /** @type {any} */ (window).__attiEmit?.(n, p), [name, payload]).catch(() => {}),
    );
    await backend.ready;
    if (draw > 0) await drawNovember(backend, draw);
    if (prepare) await prepare(backend);
    return backend;
  }

  /** A new page whose IPC goes to `backend`. */
  async function pageFor(/** @type {import('playwright-core').BrowserContext} */ context, /** @type {any} */ backend, /** @type {{ page?: import('playwright-core').Page }} */ target) {
    const page = await context.newPage();
    target.page = page;
    await page.exposeFunction('__attiInvoke', async (/** @type {string} */ cmd, /** @type {Record<string, unknown>} */ args) => {
      try {
        return { ok: await backend.dispatch(cmd, args) };
      } catch (e) {
        return { err: e };
      }
    });
    return page;
  }

  // Chromium's fake camera, allowed without asking, plays the QR of a copy.
  const video = await cameraVideo(await backendFor('/', {}, undefined), root);

  const [ipc, server] = await Promise.all([ipcScript(), serve(csp())]);
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });

  let failed = 0;
  let passed = 0;
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'it-IT',
      timezoneId: 'Europe/Rome',
    });
    await context.addInitScript({ content: ipc });

    // `node tests/a11y/run.mjs WORD`: only the screens whose name contains WORD (while working).
    const only = process.argv[2];
    for (const screen of SCREENS.filter((x) => only === undefined || x.name.includes(only))) {
      /** @type {{ page?: import('playwright-core').Page }} */
      const target = {};
      const backend = await backendFor(screen.path, target, screen.prepare);
      const page = await pageFor(context, backend, target);
      /** @type {string[]} */
      const problems = [];
      page.on('pageerror', (e) => problems.push(`errore nella pagina: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
      });
      page.on('requestfailed', (r) => problems.push(`richiesta fallita: ${r.url()}`));
      page.on('request', (r) => {
        if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push(`richiesta esterna: ${r.url()}`);
      });
      try {
        await page.goto(base + screen.path);
        await page.locator(screen.ready).first().waitFor({ timeout: 10000 });
        if (screen.act) await screen.act(page, backend);
        await page.evaluate(() => document.fonts.ready);
        await atRest(page);
        if (screen.screenshot) {
          await page.screenshot({ path: join(RESULTS, screen.screenshot), fullPage: true });
          await atRest(page);
        }
        const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
        const csp = await page.evaluate(() => /** @type {{ __CSP_VIOLATIONS__?: string[] }} */ (/** @type {unknown} */ (window)).__CSP_VIOLATIONS__ ?? []);
        for (const c of csp) problems.push(`violazione CSP: ${c}`);
        const bad = results.violations.length > 0 || problems.length > 0;
        console.log(`${bad ? '✗' : '✓'} ${screen.name}: ${results.violations.length} violazioni axe, ${results.passes.length} regole superate`);
        printViolations(results.violations);
        for (const p of problems) console.log(`  ✗ ${p.length > 300 ? `${p.slice(0, 300)}…` : p}`);
        if (bad) failed += 1;
        else passed += 1;
      } catch (e) {
        failed += 1;
        console.log(`✗ ${screen.name}: ${e instanceof Error ? e.message : e}`);
        for (const p of problems) console.log(`  ✗ ${p}`);
        await page.screenshot({ path: join(RESULTS, `errore-${SCREENS.indexOf(screen)}.png`), fullPage: true }).catch(() => {});
      } finally {
        backend.releaseEvents();
        await page.close();
      }
    }

    // Keyboard: the first Tab reaches the skip link, which moves the focus to <main>.
    {
      const target = {};
      const page = await pageFor(context, await backendFor('/#/atti', target, undefined), target);
      await page.goto(`${base}/#/atti`);
      await page.locator('table.act-table tbody tr').first().waitFor();
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => document.activeElement?.textContent?.trim());
      await page.keyboard.press('Enter');
      const after = await page.evaluate(() => document.activeElement?.id);
      const ok = first === 'Vai al contenuto principale' && after === 'main';
      console.log(`${ok ? '✓' : '✗'} Tastiera: link «Vai al contenuto principale» (primo Tab: «${first}», poi il fuoco su #${after})`);
      if (ok) passed += 1;
      else failed += 1;
      await page.close();
    }
    await context.close();
  } finally {
    await browser.close();
    server.close();
    await bridge.close();
    rmSync(root, { recursive: true, force: true });
  }

  console.log(`\nSchermate in ${RESULTS} (l'editor: editor.png)`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
