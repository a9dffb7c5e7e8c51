/**
 * The world of the UI tests, made once per run (tests/global-setup.ts) by the real backend
 * through the same commands the window sends: the demo Comune and ten acts.
 *   1  determinazione in bozza, three versions, two attachments, two impegni (the editor's)
 *   2  verbale della Polizia locale in bozza, a photo attached, the offender's name omissis
 *   3  delibera di Giunta, 4 ordinanza, 5 decreto: drafts
 *   6  determinazione in istruttoria, returned once with comments and sent again (dirigente: adotta)
 *   7  delibera di Giunta in proposta: parere tecnico given, then the text changed (da rinnovare)
 *   8  determinazione without spending, adopted (n. 1) and on the albo, a certified copy issued
 *   9  determinazione with spending, adopted (n. 2) and annulled: the number stays with its reason
 *   10 determinazione with spending, adopted (n. 3), waiting for the visto contabile
 * Every test starts from a copy of it, on its clock: 26 November 2026 in the morning.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bridge } from './bridge';
import type { Act, ActionRequest, ActKind } from '../src/lib/gen/types';

/** When the world starts: 26 Nov 2026, 09:42 UTC (10:42 in Italy). */
export const WORLD_START = '2026-11-26T09:42:00Z';

/** The PIN of every demo signing identity (atti-app demo.rs DEMO_PIN). */
export const DEMO_PIN = '123456';
/** The seed the segretario committed to for November's draw of the later control. */
export const CONTROLLO_SEED = 'Lotto 28/11/2026 ruota di Bari 12 45 67 3 89';

const FIXTURES = join(process.cwd(), 'tests', 'fixtures'); // vitest runs in ui/

/** Builds the world in `dir` (empty) with `bridge`; `files` is a folder for the attachments. */
export async function buildWorld(bridge: Bridge, dir: string, files: string): Promise<void> {
  await bridge.open(dir, 'istruttore', WORLD_START);
  const w = new Builder(bridge);
  mkdirSync(files, { recursive: true });
  // Each file as a clerk picks it in the dialog (the backend touches only picked files).
  const pick = async (path: string) => {
    await bridge.request('@picked', { paths: [path] });
    return path;
  };
  const file = (name: string, from?: string) => {
    const path = join(files, name);
    if (from) copyFileSync(join(FIXTURES, from), path);
    else writeFileSync(path, `Contenuto di prova di «${name}».\n`);
    return pick(path);
  };

  // 1: the editor's determinazione.
  const det = await w.create('istruttore', 'determinazione', 'Affidamento del servizio di manutenzione');
  await w.edit('istruttore', det, (a) => {
    a.oggetto = 'Affidamento del servizio di manutenzione – più qualità nel verde pubblico';
    a.sections = [
      {
        kind: 'premesso',
        text: 'il contratto di manutenzione del verde pubblico scade il 31 dicembre 2026 e occorre garantire la continuità del servizio;',
      },
      {
        kind: 'visto',
        text: 'il D.Lgs. 18 agosto 2000, n. 267 (TUEL), in particolare gli articoli 107 e 183;\nil D.Lgs. 31 marzo 2023, n. 36 (Codice dei contratti pubblici), art. 50, comma 1, lettera b).',
      },
      { kind: 'considerato', text: 'che l’offerta della ditta Verde Città S.r.l. è risultata congrua rispetto ai prezzi di mercato;' },
      { kind: 'ritenuto', text: 'di procedere all’affidamento diretto del servizio per l’anno 2027.' },
    ];
    a.dispositivo = [
      { text: 'di affidare il servizio di manutenzione del verde pubblico alla ditta Verde Città S.r.l. per l’anno 2027;' },
      { text: 'di impegnare la spesa complessiva di € 48.800,00 IVA compresa come indicato nella tabella degli impegni;' },
    ];
    a.impegni = [
      { esercizio: 2027, capitolo: '1043.02', importo_centesimi: 4_000_000, beneficiario: 'Verde Città S.r.l.', cig: 'B1234567C8', cup: null },
      {
        esercizio: 2027,
        capitolo: '1043.05',
        importo_centesimi: 880_000,
        beneficiario: 'Verde Città S.r.l. (IVA)',
        cig: 'B1234567C8',
        cup: 'J81B22000120004',
      },
    ];
  });
  await w.as('istruttore', async () => bridge.request('attachment_add', { actId: det, path: await file('Capitolato speciale.pdf', 'atto.pdf') }));
  await w.as('istruttore', async () => bridge.request('attachment_add', { actId: det, path: await file('Offerta economica.pdf') }));
  await w.edit('dirigente', det, (a) => {
    a.dispositivo.push({ text: 'di dare atto che il presente provvedimento sarà pubblicato all’albo pretorio online.' });
  });

  // 2: the verbale.
  const verbale = await w.create('agente', 'verbale-pl', 'Sosta in zona di rimozione in via Roma 12');
  await w.edit('agente', verbale, (a) => {
    a.verbale = {
      data: '2026-11-26',
      ora: '10:42:00',
      luogo: 'Via Roma 12, Esempio',
      veicolo: 'autovettura Fiat Panda',
      targa: 'AB123CD',
      trasgressore: { nome: 'Mario Verdi', codice_fiscale: 'VRDMRA80A01H501Q', indirizzo: 'Via Garibaldi 3, Esempio' },
      obbligato_solidale: { nome: 'Noleggi Esempio S.p.A.', codice_fiscale: '00743110157', indirizzo: 'Corso Italia 40, Milano' },
      norma_violata: 'art. 7, commi 1 e 15, del Codice della Strada',
      sanzione_centesimi: 4_200,
      sanzione_ridotta_centesimi: 2_940,
      punti: 0,
      agente_matricola: 'PL-0457',
      fatto: 'Il veicolo era in sosta nella zona di rimozione forzata, segnalata dal cartello.',
      dichiarazioni: '',
      mancata_contestazione: null,
      motivo_mancata_contestazione: '',
      identificato_il: null,
      residente_estero: false,
      spese_centesimi: 0,
    };
    a.riservati = [{ field: null, text: 'Mario Verdi' }];
  });
  await w.as('agente', async () => bridge.request('attachment_add', { actId: verbale, path: await file('Foto veicolo.jpg') }));

  // 3, 4, 5: drafts of the other kinds.
  const giunta = await w.create('istruttore', 'delibera-giunta', 'Approvazione del programma triennale dei lavori pubblici 2027–2029');
  await w.edit('istruttore', giunta, (a) => {
    a.sections = [{ kind: 'premesso', text: 'che l’art. 37 del D.Lgs. 36/2023 prevede l’adozione del programma triennale dei lavori pubblici;' }];
    a.dispositivo = [{ text: 'di approvare il programma triennale dei lavori pubblici 2027–2029, allegato al presente atto.' }];
  });
  const ordinanza = await w.create('istruttore', 'ordinanza', 'Chiusura al traffico di piazza Garibaldi per la fiera di San Martino');
  await w.edit('istruttore', ordinanza, (a) => {
    a.dispositivo = [{ text: 'la chiusura al traffico veicolare di piazza Garibaldi dalle ore 7 alle ore 20 dell’11 novembre 2026.' }];
  });
  await w.create('segretario', 'decreto', 'Nomina del responsabile della prevenzione della corruzione e della trasparenza');

  const impegno = (importo: number, beneficiario: string, cig: string | null) => ({
    esercizio: 2026,
    capitolo: '1043.02',
    importo_centesimi: importo,
    beneficiario,
    cig,
    cup: null,
  });

  // 6: returned with comments, fixed, sent again.
  const arredi = await w.create('istruttore', 'determinazione', 'Acquisto di arredi per la biblioteca comunale');
  await w.edit('istruttore', arredi, (a) => {
    a.sections = [
      { kind: 'premesso', text: 'che la sala lettura della biblioteca comunale necessita di nuovi tavoli e sedute;' },
      { kind: 'visto', text: 'il D.Lgs. 36/2023, art. 50, comma 1, lettera b);' },
    ];
    a.dispositivo = [
      { text: 'di affidare la fornitura degli arredi alla ditta Legno Arte S.r.l.;' },
      { text: 'di impegnare la spesa di € 6.100,00 IVA compresa.' },
    ];
    a.impegni = [impegno(610_000, 'Legno Arte S.r.l.', 'B9876543Z1')];
  });
  await w.take('istruttore', arredi, 'invia');
  await w.take('dirigente', arredi, 'restituisci', {
    note: 'Indicare il termine di consegna e la sala interessata.',
    comments: [
      { field: 'oggetto', text: 'Specificare che si tratta della sala lettura ragazzi.' },
      { field: 'dispositivo[0].text', text: 'Indicare il termine di consegna degli arredi.' },
    ],
  });
  await w.edit('istruttore', arredi, (a) => {
    a.dispositivo[0]!.text = 'di affidare la fornitura degli arredi alla ditta Legno Arte S.r.l., con consegna entro 30 giorni;';
  });
  await w.take('istruttore', arredi, 'invia');

  // 7: a proposal of the Giunta whose parere tecnico must be given again.
  const piazza = await w.create('istruttore', 'delibera-giunta', 'Approvazione del progetto di riqualificazione della piazza del mercato');
  await w.edit('istruttore', piazza, (a) => {
    a.sections = [{ kind: 'premesso', text: 'che la piazza del mercato necessita di interventi di riqualificazione;' }];
    a.dispositivo = [{ text: 'di approvare il progetto esecutivo di riqualificazione della piazza del mercato;' }];
    a.impegni = [{ ...impegno(15_000_000, 'Diversi (da gara)', null), capitolo: '2080.01', cup: 'J41B26000010004' }];
  });
  await w.take('istruttore', piazza, 'invia');
  await w.take('dirigente', piazza, 'proponi');
  await w.as('dirigente', () => bridge.request('parere_sign', { id: piazza, tipo: 'tecnico', esito: 'favorevole', motivazione: '', pin: DEMO_PIN }));
  await w.edit('istruttore', piazza, (a) => {
    a.dispositivo.push({ text: 'di dare mandato al responsabile dell’Area tecnica per gli adempimenti conseguenti.' });
  });

  // 8: adopted without spending (executive at once), published, and a certified copy issued.
  const commissione = await w.create('istruttore', 'determinazione', 'Nomina della commissione giudicatrice per la gara del servizio mensa');
  await w.edit('istruttore', commissione, (a) => {
    a.dispositivo = [{ text: 'di nominare la commissione giudicatrice composta come indicato in premessa.' }];
  });
  await w.take('istruttore', commissione, 'invia');
  await w.sign('dirigente', commissione);
  await w.take('messo', commissione, 'pubblica');
  const copia = await pick(join(files, 'copia.pdf'));
  await w.as('istruttore', () =>
    bridge.request('copia_issue', { id: commissione, per: 'Mario Rossi, istanza prot. 1234 del 20/11/2026', path: copia }),
  );

  // 9: adopted with spending, then annulled.
  const carburante = await w.create('istruttore', 'determinazione', 'Impegno di spesa per la fornitura di carburante ai mezzi comunali');
  await w.edit('istruttore', carburante, (a) => {
    a.dispositivo = [{ text: 'di impegnare la spesa per la fornitura di carburante per l’anno 2026.' }];
    a.impegni = [impegno(420_000, 'Rete Carburanti S.p.A.', 'C1234567D8')];
  });
  await w.take('istruttore', carburante, 'invia');
  await w.sign('dirigente', carburante);
  await w.take('dirigente', carburante, 'annulla', { note: 'Importo errato: l’impegno va ricalcolato sul nuovo listino.' });

  // 10: adopted with spending, waiting for the visto of the ragioneria.
  const proloco = await w.create('istruttore', 'determinazione', 'Contributo all’associazione Pro Loco per la sagra d’autunno');
  await w.edit('istruttore', proloco, (a) => {
    a.dispositivo = [{ text: 'di concedere all’associazione Pro Loco un contributo di € 2.500,00.' }];
    a.impegni = [
      {
        ...impegno(250_000, 'Associazione Pro Loco', null),
        sovvenzione: { norma: 'Regolamento comunale dei contributi, art. 5', modalita: 'Domanda dell’associazione', disagio: false },
      },
    ];
  });
  await w.take('istruttore', proloco, 'invia');
  await w.sign('dirigente', proloco);

  // The segretario committed to the seed of November's draw of the later control (art. 147-bis).
  await w.as('segretario', () =>
    bridge.request('controllo_commit', { kind: 'determinazione', periodFrom: '2026-11-01', periodTo: '2026-11-30', seed: CONTROLLO_SEED }),
  );

  await bridge.request('session_switch_user', { username: 'istruttore' });
}

/** The steps of the world, each as one user through the real commands. */
class Builder {
  constructor(readonly bridge: Bridge) {}

  async as<T>(username: string, step: () => Promise<T>): Promise<T> {
    await this.bridge.request('session_switch_user', { username });
    return step();
  }

  async create(username: string, kind: ActKind, oggetto: string): Promise<number> {
    const act = await this.as(username, () => this.bridge.request<Act>('act_create', { kind, oggetto, office: null }));
    return act.id!;
  }

  async edit(username: string, id: number, change: (act: Act) => void): Promise<void> {
    await this.as(username, async () => {
      const act = await this.bridge.request<Act>('act_get', { id });
      change(act);
      await this.bridge.request('act_save', { act });
    });
  }

  async take(username: string, id: number, action: string, request: Partial<ActionRequest> = {}): Promise<void> {
    await this.as(username, () =>
      this.bridge.request('iter_take', { id, action, request: { note: null, seduta: null, comments: [], ...request } }),
    );
  }

  async sign(username: string, id: number): Promise<void> {
    await this.as(username, () => this.bridge.request('sign', { id, pin: DEMO_PIN }));
  }
}
