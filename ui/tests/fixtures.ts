/**
 * Demo data of the "Comune di Esempio" and an in-memory stand-in for the Rust backend, shared by
 * the component tests (vitest) and the accessibility test (bundled into the page by
 * tests/a11y/mock-entry.ts). It follows the IPC contract in src/lib/backend/: same commands, same
 * argument names, same error shape {code, message, fields}.
 */
import type {
  Act,
  ActFilter,
  ActKind,
  ActSummary,
  AppErrorDto,
  Attachment,
  FieldError,
  KindInfo,
  Role,
  OfficeDto,
  SavedVersion,
  SessionInfo,
  StateInfo,
  UserDto,
  VersionSummary,
} from '../src/lib/gen/types';

export const COMUNE = 'Comune di Esempio';

// As atti-app's demo Comune (crates/atti-app/src/demo.rs): user names equal role names.
export const OFFICES: OfficeDto[] = [
  { code: 'SEG', name: 'Segreteria generale' },
  { code: 'RAG', name: 'Servizio finanziario' },
  { code: 'TEC', name: 'Area tecnica - Lavori pubblici' },
  { code: 'PL', name: 'Comando di Polizia locale' },
];

export const USERS: UserDto[] = [
  { username: 'istruttore', full_name: 'Giulia Bianchi', role: 'istruttore', role_label: 'Istruttore', office: 'TEC' },
  { username: 'dirigente', full_name: 'Marco Rossi', role: 'dirigente', role_label: 'Dirigente', office: 'TEC' },
  { username: 'ragioniere', full_name: 'Anna Verdi', role: 'ragioniere', role_label: 'Responsabile del servizio finanziario', office: 'RAG' },
  { username: 'segretario', full_name: 'Paolo Esposito', role: 'segretario', role_label: 'Segretario generale', office: 'SEG' },
  { username: 'sindaco', full_name: 'Laura Ferrari', role: 'sindaco', role_label: 'Sindaco', office: 'SEG' },
  { username: 'presidente', full_name: 'Luca Romano', role: 'presidente', role_label: 'Presidente del Consiglio', office: 'SEG' },
  { username: 'agente', full_name: 'Sara Colombo', role: 'agente', role_label: 'Agente di Polizia locale', office: 'PL' },
];

/** Who may draft what (atti-core role::may_draft). */
export function mayDraft(role: Role, kind: ActKind): boolean {
  switch (kind) {
    case 'verbale-pl':
      return role === 'agente';
    case 'decreto':
      return ['istruttore', 'segretario', 'sindaco'].includes(role);
    case 'ordinanza':
      return ['istruttore', 'dirigente', 'sindaco'].includes(role);
    case 'determinazione':
      return ['istruttore', 'dirigente', 'ragioniere'].includes(role);
    default:
      return ['istruttore', 'dirigente', 'ragioniere', 'segretario'].includes(role);
  }
}

const KIND_FACTS: Omit<KindInfo, 'may_draft'>[] = [
  { kind: 'delibera-giunta', label: 'Deliberazione di Giunta', dispositivo_verb: 'DELIBERA', has_impegni: true, is_verbale: false },
  { kind: 'delibera-consiglio', label: 'Deliberazione di Consiglio', dispositivo_verb: 'DELIBERA', has_impegni: true, is_verbale: false },
  { kind: 'determinazione', label: 'Determinazione dirigenziale', dispositivo_verb: 'DETERMINA', has_impegni: true, is_verbale: false },
  { kind: 'ordinanza', label: 'Ordinanza', dispositivo_verb: 'ORDINA', has_impegni: false, is_verbale: false },
  { kind: 'decreto', label: 'Decreto sindacale', dispositivo_verb: 'DECRETA', has_impegni: false, is_verbale: false },
  { kind: 'verbale-pl', label: 'Verbale della Polizia locale', dispositivo_verb: null, has_impegni: false, is_verbale: true },
];

export function kindsFor(role: Role): KindInfo[] {
  return KIND_FACTS.map((k) => ({ ...k, may_draft: mayDraft(role, k.kind) }));
}

export const STATES: StateInfo[] = [{ state: 'bozza', label: 'Bozza' }];

export function sessionFor(username = 'istruttore'): SessionInfo {
  const user = USERS.find((u) => u.username === username) ?? USERS[0]!;
  return { comune: COMUNE, user, users: USERS, offices: OFFICES, kinds: kindsFor(user.role), states: STATES };
}

const SHA_CAPITOLATO = '9f2c4e1ab37d5c08e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7';
const SHA_OFFERTA = '3b7e0d94c2a1f5e6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e';
const SHA_FOTO = 'c4a81f3e5d7b9a0c2e4f6a8b0c1d3e5f7a9b1c3d5e7f9a0b2c4d6e8f0a1b3c5d';

/** The determinazione the editor tests and screenshots use (id 1). */
export function determinazione(): Act {
  return {
    id: 1,
    kind: 'determinazione',
    state: 'bozza',
    version: 3,
    office: 'TEC',
    proposal: 'TEC/2026/0007',
    oggetto: 'Affidamento del servizio di manutenzione – più qualità nel verde pubblico',
    sections: [
      {
        kind: 'premesso',
        text: 'il contratto di manutenzione del verde pubblico scade il 31 dicembre 2026 e occorre garantire la continuità del servizio;',
      },
      {
        kind: 'visto',
        text: 'il D.Lgs. 18 agosto 2000, n. 267 (TUEL), in particolare gli articoli 107 e 183;\nil D.Lgs. 31 marzo 2023, n. 36 (Codice dei contratti pubblici), art. 50, comma 1, lettera b).',
      },
      {
        kind: 'considerato',
        text: 'che l’offerta della ditta Verde Città S.r.l. è risultata congrua rispetto ai prezzi di mercato;',
      },
      {
        kind: 'ritenuto',
        text: 'di procedere all’affidamento diretto del servizio per l’anno 2027.',
      },
    ],
    dispositivo: [
      { text: 'di affidare il servizio di manutenzione del verde pubblico alla ditta Verde Città S.r.l. per l’anno 2027;' },
      { text: 'di impegnare la spesa complessiva di € 48.800,00 IVA compresa come indicato nella tabella degli impegni;' },
      { text: 'di dare atto che il presente provvedimento sarà pubblicato all’albo pretorio online.' },
    ],
    impegni: [
      {
        esercizio: 2027,
        capitolo: '1043.02',
        importo_centesimi: 4_000_000,
        beneficiario: 'Verde Città S.r.l.',
        cig: 'B1234567C8',
        cup: null,
      },
      {
        esercizio: 2027,
        capitolo: '1043.05',
        importo_centesimi: 880_000,
        beneficiario: 'Verde Città S.r.l. (IVA)',
        cig: 'B1234567C8',
        cup: 'J81B22000120004',
      },
    ],
    attachments: [
      { name: 'Capitolato speciale.pdf', media_type: 'application/pdf', size: 248_311, sha256: SHA_CAPITOLATO },
      { name: 'Offerta economica.pdf.p7m', media_type: 'application/pkcs7-mime', size: 91_204, sha256: SHA_OFFERTA },
    ],
    verbale: null,
  };
}

/** The verbale della Polizia locale (id 2). */
export function verbale(): Act {
  return {
    id: 2,
    kind: 'verbale-pl',
    state: 'bozza',
    version: 1,
    office: 'PL',
    proposal: 'PL/2026/0142',
    oggetto: 'Sosta in zona di rimozione in via Roma 12',
    sections: [],
    dispositivo: [],
    impegni: [],
    attachments: [{ name: 'Foto veicolo.jpg', media_type: 'image/jpeg', size: 1_532_880, sha256: SHA_FOTO }],
    verbale: {
      data: '2026-11-26',
      ora: '10:42:00',
      luogo: 'Via Roma 12, Esempio',
      veicolo: 'autovettura Fiat Panda',
      targa: 'AB123CD',
      trasgressore: { nome: 'Mario Verdi', codice_fiscale: 'VRDMRA80A01H501U', indirizzo: 'Via Garibaldi 3, Esempio' },
      obbligato_solidale: { nome: 'Noleggi Esempio S.p.A.', codice_fiscale: '01234567890', indirizzo: 'Corso Italia 40, Milano' },
      norma_violata: 'art. 7, commi 1 e 15, del Codice della Strada',
      sanzione_centesimi: 4_200,
      sanzione_ridotta_centesimi: 2_940,
      punti: 0,
      agente_matricola: 'PL-0457',
    },
  };
}

function emptyAct(id: number, kind: ActKind, office: string, proposal: string, oggetto: string): Act {
  return {
    id,
    kind,
    state: 'bozza',
    version: 1,
    office,
    proposal,
    oggetto,
    sections: [],
    dispositivo: [],
    impegni: [],
    attachments: [],
    verbale: null,
  };
}

export function demoActs(): Act[] {
  const giunta = emptyAct(3, 'delibera-giunta', 'TEC', 'TEC/2026/0005', 'Approvazione del programma triennale dei lavori pubblici 2027–2029');
  giunta.sections = [{ kind: 'premesso', text: 'che l’art. 37 del D.Lgs. 36/2023 prevede l’adozione del programma triennale dei lavori pubblici;' }];
  giunta.dispositivo = [{ text: 'di approvare il programma triennale dei lavori pubblici 2027–2029, allegato al presente atto.' }];
  const ordinanza = emptyAct(4, 'ordinanza', 'PL', 'PL/2026/0031', 'Chiusura al traffico di piazza Garibaldi per la fiera di San Martino');
  ordinanza.dispositivo = [{ text: 'la chiusura al traffico veicolare di piazza Garibaldi dalle ore 7 alle ore 20 dell’11 novembre 2026.' }];
  const decreto = emptyAct(5, 'decreto', 'SEG', 'SEG/2026/0004', 'Nomina del responsabile della prevenzione della corruzione e della trasparenza');
  return [determinazione(), verbale(), giunta, ordinanza, decreto];
}

// --- the in-memory backend -------------------------------------------------------------------

type Stored = { act: Act; saved_at: string; author: string };

/**
 * A time series starting at 26 Nov 2026, 09:42 UTC (10:42 in Italy), one minute per call, printed
 * as jiff prints a Timestamp (RFC 3339 in UTC), like atti-app does.
 */
export function demoClock(start = Date.UTC(2026, 10, 26, 9, 42, 0)): () => string {
  let t = start;
  return () => {
    const d = new Date(t);
    t += 60_000;
    return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  };
}

function fail(code: AppErrorDto['code'], message: string, fields: FieldError[] = []): never {
  // A plain object, as Tauri delivers the serialized error to invoke()'s rejection.
  throw { code, message, fields } satisfies AppErrorDto;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

const isCode = (s: string, len: number) => s.length === len && /^[A-Z0-9]+$/.test(s);

/** The validation of atti-core (validate.rs), with its field paths and messages. */
export function validate(act: Act): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, message });
  const oggetto = act.oggetto.trim();
  if (oggetto === '') add('oggetto', 'l\'oggetto è obbligatorio');
  else if ([...oggetto].length > 500) add('oggetto', 'l\'oggetto supera i 500 caratteri');
  act.dispositivo.forEach((p, i) => {
    if (p.text.trim() === '') add(`dispositivo[${i}].text`, `il punto ${i + 1} del dispositivo è vuoto`);
  });
  act.impegni.forEach((imp, i) => {
    const f = (name: string) => `impegni[${i}].${name}`;
    if (imp.esercizio < 2000 || imp.esercizio > 2100) add(f('esercizio'), 'l\'esercizio deve essere un anno tra 2000 e 2100');
    if (imp.capitolo.trim() === '') add(f('capitolo'), 'il capitolo di bilancio è obbligatorio');
    if (imp.importo_centesimi <= 0) add(f('importo_centesimi'), 'l\'importo deve essere maggiore di zero');
    if (imp.beneficiario.trim() === '') add(f('beneficiario'), 'il beneficiario è obbligatorio');
    if (imp.cig !== null && !isCode(imp.cig, 10)) add(f('cig'), 'il CIG deve essere di 10 caratteri, lettere maiuscole e cifre');
    if (imp.cup !== null && !isCode(imp.cup, 15)) add(f('cup'), 'il CUP deve essere di 15 caratteri, lettere maiuscole e cifre');
  });
  const v = act.verbale;
  if (v) {
    if (v.targa !== '' && !(v.targa.length <= 12 && /^[A-Z0-9]+$/.test(v.targa))) {
      add('verbale.targa', 'la targa contiene solo lettere maiuscole e cifre, senza spazi (al massimo 12)');
    }
    for (const [path, p] of [
      ['verbale.trasgressore', v.trasgressore],
      ['verbale.obbligato_solidale', v.obbligato_solidale],
    ] as const) {
      const cf = p?.codice_fiscale;
      if (cf != null && !/^([A-Z0-9]{16}|\d{11})$/.test(cf)) {
        add(`${path}.codice_fiscale`, 'codice fiscale non valido (16 caratteri con carattere di controllo, o 11 cifre)');
      }
    }
    if (v.sanzione_centesimi < 0) add('verbale.sanzione_centesimi', 'la sanzione non può essere negativa');
    if (v.sanzione_ridotta_centesimi < 0 || v.sanzione_ridotta_centesimi > v.sanzione_centesimi) {
      add('verbale.sanzione_ridotta_centesimi', 'la sanzione ridotta deve essere tra zero e la sanzione piena');
    }
    if (v.punti > 20) add('verbale.punti', 'i punti decurtati per una violazione non superano 20');
  }
  return errors;
}

function bodyText(act: Act): string {
  const parts = [
    ...act.sections.map((s) => s.text),
    ...act.dispositivo.map((p) => p.text),
    ...act.impegni.flatMap((i) => [i.beneficiario, i.capitolo]),
  ];
  if (act.verbale) parts.push(act.verbale.luogo, act.verbale.targa, act.verbale.norma_violata, act.verbale.trasgressore.nome);
  return parts.filter((p) => p.trim() !== '').join('\n');
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function snippet(text: string, terms: string[]): string | null {
  const folded = fold(text);
  const hits = terms.map((t) => folded.indexOf(t)).filter((i) => i >= 0);
  if (hits.length === 0) return null;
  const first = Math.min(...hits);
  const start = Math.max(0, first - 30);
  const end = Math.min(text.length, first + 90);
  let out = text.slice(start, end).replace(/\s+/g, ' ');
  for (const t of terms) {
    out = out.replace(new RegExp(`(${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`, 'gi'), '«$1»');
  }
  return `${start > 0 ? '…' : ''}${out}${end < text.length ? '…' : ''}`;
}

function mediaType(name: string): string {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  const types: Record<string, string> = {
    pdf: 'application/pdf',
    p7m: 'application/pkcs7-mime',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    xml: 'application/xml',
    odt: 'application/vnd.oasis.opendocument.text',
    txt: 'text/plain',
  };
  return types[ext] ?? 'application/octet-stream';
}

/** A stable 64-hex fingerprint of a string (a stand-in for SHA-256 of the file). */
function fakeSha256(s: string): string {
  let out = '';
  let h = 0x811c9dc5;
  for (let round = 0; out.length < 64; round++) {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i) + round;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}

export type MockBackendOptions = {
  acts?: Act[];
  username?: string;
  now?: () => string;
  /** Paths the file picker returns. */
  pickedFiles?: string[];
};

/**
 * An in-memory backend with the contract's behaviour: versions, conflicts on a stale version,
 * validation errors with field paths, attachments that make a new version.
 */
export class MockBackend {
  readonly history = new Map<number, Stored[]>();
  readonly calls: { cmd: string; args: Record<string, unknown> | undefined }[] = [];
  username: string;
  pickedFiles: string[];
  readonly #now: () => string;
  #nextId: number;
  #proposals = new Map<string, number>();

  constructor(options: MockBackendOptions = {}) {
    this.#now = options.now ?? demoClock();
    this.username = options.username ?? 'istruttore';
    this.pickedFiles = options.pickedFiles ?? ['/home/giulia/Documenti/Relazione tecnica.pdf'];
    const acts = options.acts ?? demoActs();
    for (const act of acts) {
      // Older versions: the same act with a shorter oggetto, so the history has something to show.
      const versions: Stored[] = [];
      for (let v = 1; v <= act.version; v++) {
        const a = clone(act);
        a.version = v;
        if (v < act.version) {
          a.oggetto = v === 1 ? act.oggetto.split(' – ')[0]! : act.oggetto;
          a.dispositivo = a.dispositivo.slice(0, Math.max(0, a.dispositivo.length - (act.version - v)));
        }
        versions.push({ act: a, saved_at: this.#now(), author: v === 1 ? 'istruttore' : 'dirigente' });
      }
      this.history.set(act.id!, versions);
    }
    this.#nextId = Math.max(0, ...acts.map((a) => a.id ?? 0)) + 1;
  }

  /** The handler for mockIPC. */
  handle = (cmd: string, args?: Record<string, unknown>): unknown => {
    this.calls.push({ cmd, args: args ? clone(args) : undefined });
    switch (cmd) {
      case 'session_info':
        return sessionFor(this.username);
      case 'session_switch_user': {
        const username = String(args?.username ?? '');
        if (!USERS.some((u) => u.username === username)) fail('not-found', `Utente «${username}» sconosciuto.`);
        this.username = username;
        return sessionFor(username);
      }
      case 'act_list':
        return this.list(args?.filter as ActFilter);
      case 'act_create':
        return this.create(args?.kind as ActKind, String(args?.oggetto ?? ''), (args?.office as string | null) ?? null);
      case 'act_get':
        return clone(this.latest(Number(args?.id)).act);
      case 'act_save':
        return this.save(args?.act as Act);
      case 'act_versions':
        return this.versions(Number(args?.id));
      case 'act_version': {
        const found = this.stored(Number(args?.id)).find((s) => s.act.version === Number(args?.version));
        if (!found) fail('not-found', 'Versione non trovata.');
        return clone(found.act);
      }
      case 'attachment_add':
        return this.addAttachment(Number(args?.actId), String(args?.path ?? ''));
      case 'attachment_remove':
        return this.removeAttachment(Number(args?.actId), String(args?.sha256 ?? ''));
      case 'plugin:dialog|open':
        return [...this.pickedFiles];
      default:
        fail('internal', `Comando sconosciuto: ${cmd}`);
    }
  };

  get user(): UserDto {
    return USERS.find((u) => u.username === this.username) ?? USERS[0]!;
  }

  stored(id: number): Stored[] {
    const s = this.history.get(id);
    if (!s) fail('not-found', `L’atto ${id} non esiste.`);
    return s;
  }

  latest(id: number): Stored {
    const s = this.stored(id);
    return s[s.length - 1]!;
  }

  #push(act: Act): Stored {
    const stored: Stored = { act: clone(act), saved_at: this.#now(), author: this.user.username };
    this.stored(act.id!).push(stored);
    return stored;
  }

  list(filter: ActFilter): ActSummary[] {
    const terms = (filter?.text ?? '')
      .split(/\s+/)
      .map(fold)
      .filter((t) => t.length > 0);
    const out: ActSummary[] = [];
    for (const [id, versions] of this.history) {
      const { act, saved_at } = versions[versions.length - 1]!;
      if (filter?.kind && act.kind !== filter.kind) continue;
      if (filter?.state && act.state !== filter.state) continue;
      let snip: string | null = null;
      if (terms.length > 0) {
        const all = fold(`${act.oggetto}\n${bodyText(act)}`);
        if (!terms.every((t) => all.includes(t))) continue;
        snip = snippet(bodyText(act), terms) ?? snippet(act.oggetto, terms);
      }
      out.push({
        id,
        kind: act.kind,
        kind_label: KIND_FACTS.find((k) => k.kind === act.kind)!.label,
        state: act.state,
        state_label: STATES.find((s) => s.state === act.state)?.label ?? act.state,
        office: act.office,
        proposal: act.proposal,
        oggetto: act.oggetto,
        updated_at: saved_at,
        version: act.version,
        snippet: snip,
      });
    }
    return out.sort((a, b) => b.updated_at.localeCompare(a.updated_at));
  }

  create(kind: ActKind, oggetto: string, office: string | null): Act {
    this.#checkMayDraft(kind);
    const fields: FieldError[] = [];
    if (!KIND_FACTS.some((k) => k.kind === kind)) fields.push({ field: 'kind', message: 'Scegli il tipo di atto.' });
    if (oggetto.trim() === '') fields.push({ field: 'oggetto', message: 'l\'oggetto è obbligatorio' });
    const code = office ?? this.user.office;
    if (!code || !OFFICES.some((o) => o.code === code)) fields.push({ field: 'office', message: 'Scegli l’ufficio proponente.' });
    if (fields.length > 0) fail('invalid-input', 'Controlla i dati del nuovo atto.', fields);
    const n = (this.#proposals.get(code!) ?? 20) + 1;
    this.#proposals.set(code!, n);
    const act: Act = {
      id: this.#nextId++,
      kind,
      state: 'bozza',
      version: 1,
      office: code!,
      proposal: `${code}/2026/${String(n).padStart(4, '0')}`,
      oggetto: oggetto.trim(),
      sections: [],
      dispositivo: [],
      impegni: [],
      attachments: [],
      verbale:
        kind === 'verbale-pl'
          ? {
              data: null,
              ora: null,
              luogo: '',
              veicolo: '',
              targa: '',
              trasgressore: { nome: '', codice_fiscale: null, indirizzo: '' },
              obbligato_solidale: null,
              norma_violata: '',
              sanzione_centesimi: 0,
              sanzione_ridotta_centesimi: 0,
              punti: 0,
              agente_matricola: '',
            }
          : null,
    };
    this.history.set(act.id!, []);
    this.#push(act);
    return clone(act);
  }

  save(act: Act): SavedVersion {
    if (act.id === null) fail('invalid-input', 'manca l\'identificativo dell\'atto (id)');
    const history = this.stored(act.id);
    const latest = history[history.length - 1]!;
    const current = latest.act;
    this.#checkMayDraft(current.kind);
    if (act.kind !== current.kind) fail('invalid-input', 'il tipo di un atto non si cambia');
    if (JSON.stringify(act.attachments) !== JSON.stringify(current.attachments)) {
      fail('invalid-input', 'gli allegati non si modificano insieme al testo: usare «Aggiungi allegato» e «Rimuovi»');
    }
    const errors = validate(act);
    if (errors.length > 0) {
      fail('invalid-input', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
    }
    const same = JSON.stringify([act.oggetto.trim(), act.sections, act.dispositivo, act.impegni, act.verbale]) ===
      JSON.stringify([current.oggetto, current.sections, current.dispositivo, current.impegni, current.verbale]);
    if (act.version !== current.version) {
      fail(
        'conflict',
        `l'atto ${act.id} è stato modificato (versione ${current.version}) dopo la versione ${act.version} da cui parte questa modifica: ricaricare l'atto`,
      );
    }
    if (same) return { version: current.version, saved_at: latest.saved_at };
    const next: Act = { ...clone(act), oggetto: act.oggetto.trim(), version: current.version + 1 };
    const stored = this.#push(next);
    return { version: next.version, saved_at: stored.saved_at };
  }

  #checkMayDraft(kind: ActKind): void {
    const user = this.user;
    if (!mayDraft(user.role, kind)) {
      const label = KIND_FACTS.find((k) => k.kind === kind)?.label ?? kind;
      fail('forbidden', `l'utente ${user.username} (${user.role_label.toLowerCase()}) non può redigere atti di tipo «${label}»`);
    }
  }

  versions(id: number): VersionSummary[] {
    return this.stored(id)
      .map((s) => ({ version: s.act.version, saved_at: s.saved_at, author: s.author, oggetto: s.act.oggetto }))
      .reverse();
  }

  addAttachment(actId: number, path: string): Act {
    const current = clone(this.latest(actId).act);
    this.#checkMayDraft(current.kind);
    const name = path.split(/[\\/]/).pop() ?? path;
    if (name === '') fail('invalid-input', 'Percorso del file non valido.');
    if (/grande/i.test(name)) fail('too-large', `l'allegato «${name}» pesa 120,0 MB: il limite è 100 MB`);
    const sha256 = fakeSha256(path);
    if (current.attachments.some((a) => a.sha256 === sha256)) {
      fail('invalid-input', `questo contenuto è già allegato all'atto come «${name}»`);
    }
    const att: Attachment = { name, media_type: mediaType(name), size: 1000 + path.length * 7919, sha256 };
    current.attachments.push(att);
    current.version += 1;
    this.#push(current);
    return clone(current);
  }

  removeAttachment(actId: number, sha256: string): Act {
    const current = clone(this.latest(actId).act);
    this.#checkMayDraft(current.kind);
    const before = current.attachments.length;
    current.attachments = current.attachments.filter((a) => a.sha256 !== sha256);
    if (current.attachments.length === before) fail('not-found', 'Allegato non trovato.');
    current.version += 1;
    this.#push(current);
    return clone(current);
  }

  /** Another user saves the act (to provoke a conflict). */
  saveAsSomeoneElse(id: number, change: (act: Act) => void): void {
    const act = clone(this.latest(id).act);
    change(act);
    act.version += 1;
    this.stored(id).push({ act, saved_at: this.#now(), author: 'dirigente' });
  }
}
