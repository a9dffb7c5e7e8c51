/**
 * Demo data of the "Comune di Esempio" and an in-memory stand-in for the Rust backend, shared by
 * the component tests (vitest) and the accessibility test (bundled into the page by
 * tests/a11y/mock-entry.ts). It follows the IPC contract in src/lib/backend/: same commands, same
 * argument names, same error shape {code, message, fields}.
 */
import type {
  Act,
  ActDiff,
  ActSyncState,
  ActFilter,
  ActKind,
  ActSummary,
  Action,
  ActionRequest,
  AppErrorDto,
  Attachment,
  CopiaIssued,
  CopiaRow,
  Esito,
  EsitoControllo,
  FieldError,
  IdentityDto,
  IdentityInput,
  InboxGroup,
  IterStatus,
  KindInfo,
  OutboxEntryDto,
  ParereTipo,
  PdfDocument,
  QrVerification,
  Role,
  OfficeDto,
  RegistroRow,
  SavedVersion,
  SealInfo,
  ServerSettingsDto,
  SessionInfo,
  SignOutcome,
  StateInfo,
  SyncSummaryDto,
  TimelineEntry,
  UserDto,
  VersionSummary,
} from '../src/lib/gen/types';
import type { Controllo } from '../src/lib/backend';
import { emit } from '@tauri-apps/api/event';
import {
  ACTION_LABELS,
  ALL_STATES,
  Refusal,
  STATE_LABELS,
  checkParereAllowed,
  decide,
  diffParts,
  isDelibera,
  noFacts,
  notificaDeadline,
  options as iterOptions,
  parereApplies,
  parereRole,
  publicationEnd,
  esecutivitaDelibera,
  signers,
  timelineLabel,
  wordDiff,
  type Facts,
} from './mock-iter';
import { EDITABLE_STATES, KIND_INFO, SIGNATURE_ACTIONS } from '../src/lib/gen/domain';
import {
  DEMO_SEAL_FINGERPRINT,
  NO_SEAL_MESSAGE,
  NO_SEAL_PAGE_MESSAGE,
  NOT_P256_MESSAGE,
  PDF_BASE64,
  VERIFICATION_URL,
  VERIFICATION_URL_MESSAGE,
  makeToken,
  proposeOmissis,
  readToken,
  sealFingerprint,
  sealPublicKeyPem,
  tokenFromQr,
} from './mock-documents';
import {
  DEMO_SERVER,
  RIGHT_PIN,
  RIGHT_P12_PASSWORD,
  TOKEN_NOT_FOUND_MESSAGE,
  WRONG_P12_PASSWORD_MESSAGE,
  addedIdentity,
  SYNC_LABELS,
  WRONG_PIN_MESSAGE,
  demoIdentities,
  demoOutbox,
  remoteDir,
  reportFor,
  serverTestReport,
} from './mock-signatures';
import {
  ESITO_LABELS,
  badDay,
  draw as drawNumbers,
  validateDraw,
  validateEsito,
  validationMessage,
} from './mock-controlli';

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

/** Who may draft what (atti-core role::may_draft, from the generated tables). */
export function mayDraft(role: Role, kind: ActKind): boolean {
  return KIND_INFO[kind].drafters.includes(role);
}

const KIND_FACTS: Omit<KindInfo, 'may_draft'>[] = (Object.keys(KIND_INFO) as ActKind[]).map((kind) => {
  const { label, dispositivo_verb, has_impegni, is_verbale } = KIND_INFO[kind];
  return { kind, label, dispositivo_verb, has_impegni, is_verbale };
});

export function kindsFor(role: Role): KindInfo[] {
  return KIND_FACTS.map((k) => ({ ...k, may_draft: mayDraft(role, k.kind) }));
}

export const STATES: StateInfo[] = ALL_STATES;

export function sessionFor(username = 'istruttore'): SessionInfo {
  const user = USERS.find((u) => u.username === username) ?? USERS[0]!;
  return { comune: COMUNE, user, users: USERS, offices: OFFICES, kinds: kindsFor(user.role), states: STATES, today: '2026-11-26' };
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
    numero: null,
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
    tipo_ordinanza: null,
    riservati: [],
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
    numero: null,
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
      trasgressore: { nome: 'Mario Verdi', codice_fiscale: 'VRDMRA80A01H501Q', indirizzo: 'Via Garibaldi 3, Esempio' },
      obbligato_solidale: { nome: 'Noleggi Esempio S.p.A.', codice_fiscale: '00743110157', indirizzo: 'Corso Italia 40, Milano' },
      norma_violata: 'art. 7, commi 1 e 15, del Codice della Strada',
      sanzione_centesimi: 4_200,
      sanzione_ridotta_centesimi: 2_940,
      punti: 0,
      agente_matricola: 'PL-0457',
    },
    tipo_ordinanza: null,
    riservati: [{ field: null, text: 'Mario Verdi' }],
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
    numero: null,
    oggetto,
    sections: [],
    dispositivo: [],
    impegni: [],
    attachments: [],
    verbale: null,
    tipo_ordinanza: null,
    riservati: [],
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

const NO_SERVER =
  'nessun server documentale configurato: impostarlo con «atti server set --url URL --user NOME» o da Impostazioni › Server';

function fail(code: AppErrorDto['code'], message: string, fields: FieldError[] = []): never {
  // A plain object, as Tauri delivers the serialized error to invoke()'s rejection.
  throw { code, message, fields } satisfies AppErrorDto;
}

/** atti-app sync.rs keyring_account: one password per user and address. */
function keyringAccount(user: string, url: string): string {
  return `server:${user}@${url}`;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

const isCode = (s: string, len: number) => s.length === len && /^[A-Z0-9]+$/.test(s);

/** Unicode's control characters, as Rust's char::is_control. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
const count = (s: string) => [...s].length;

/** atti-core codice_fiscale::is_valid: 16 characters with the check character, or 11 digits. */
export function isCodiceFiscale(s: string): boolean {
  if (s.length === 11) {
    if (!/^\d{11}$/.test(s)) return false;
    const d = [...s].map(Number);
    let sum = 0;
    for (let i = 0; i < 10; i++) {
      const y = d[i]! * 2;
      sum += i % 2 === 0 ? d[i]! : y > 9 ? y - 9 : y;
    }
    return (10 - (sum % 10)) % 10 === d[10];
  }
  if (s.length !== 16) return false;
  const digits = [6, 7, 9, 10, 12, 13, 14];
  for (let i = 0; i < 16; i++) {
    const c = s[i]!;
    const ok = digits.includes(i) ? /[0-9LMNPQRSTUV]/.test(c) : /[A-Z]/.test(c);
    if (!ok) return false;
  }
  const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
  const value = (c: string) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65);
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += i % 2 === 0 ? odd[value(s[i]!)]! : value(s[i]!);
  return s.charCodeAt(15) === 65 + (sum % 26);
}

/** atti-core validate_act: the formats of a draft (it may be incomplete), in the core's order. */
export function validate(act: Act): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, message });
  const text = (field: string, t: string) => {
    if (CONTROL.test(t)) add(field, 'contiene caratteri di controllo (a capo, tabulazioni o simili)');
    else if (count(t) > 2000) add(field, 'supera i 2000 caratteri');
  };
  const longText = (field: string, t: string) => {
    if ([...t].some((c) => CONTROL.test(c) && c !== '\n' && c !== '\r' && c !== '\t')) {
      add(field, 'contiene caratteri di controllo non ammessi');
    }
    if (count(t) > 100_000) add(field, 'supera i 100000 caratteri');
  };
  const items = (field: string, n: number) => {
    if (n > 1000) add(field, 'al massimo 1000 elementi');
  };
  const info = KIND_INFO[act.kind];
  const oggetto = act.oggetto.trim();
  if (oggetto === '') add('oggetto', 'l\'oggetto è obbligatorio');
  else if (count(oggetto) > 1000) add('oggetto', 'l\'oggetto supera i 1000 caratteri');
  text('oggetto', act.oggetto);
  items('sections', act.sections.length);
  act.sections.forEach((s, i) => longText(`sections[${i}].text`, s.text));
  items('dispositivo', act.dispositivo.length);
  if (info.dispositivo_verb === null && act.dispositivo.length > 0) {
    add('dispositivo', `un atto di tipo «${info.label}» non ha dispositivo`);
  }
  if (info.is_verbale && act.sections.length > 0) {
    add('sections', 'un verbale della Polizia locale non ha le sezioni delle premesse');
  }
  act.dispositivo.forEach((p, i) => longText(`dispositivo[${i}].text`, p.text));
  items('impegni', act.impegni.length);
  if (!info.has_impegni && act.impegni.length > 0) {
    add('impegni', `un atto di tipo «${info.label}» non può contenere impegni di spesa`);
  }
  act.impegni.forEach((imp, i) => {
    const f = (name: string) => `impegni[${i}].${name}`;
    if (imp.esercizio < 2000 || imp.esercizio > 2100) add(f('esercizio'), 'l\'esercizio deve essere un anno tra 2000 e 2100');
    text(f('capitolo'), imp.capitolo);
    if (imp.importo_centesimi < 0) add(f('importo_centesimi'), 'l\'importo non può essere negativo');
    if (imp.importo_centesimi > 10_000_000_000_000) add(f('importo_centesimi'), 'l\'importo supera cento miliardi di euro');
    text(f('beneficiario'), imp.beneficiario);
    if (imp.cig !== null && !isCode(imp.cig, 10)) add(f('cig'), 'il CIG deve essere di 10 caratteri, lettere maiuscole e cifre');
    if (imp.cup !== null && !isCode(imp.cup, 15)) add(f('cup'), 'il CUP deve essere di 15 caratteri, lettere maiuscole e cifre');
  });
  const v = act.verbale;
  if (v && !info.is_verbale) add('verbale', 'i dati del verbale sono ammessi solo in un verbale della Polizia locale');
  else if (!v && info.is_verbale) add('verbale', 'mancano i dati del verbale');
  else if (v) {
    text('verbale.luogo', v.luogo);
    text('verbale.veicolo', v.veicolo);
    text('verbale.norma_violata', v.norma_violata);
    text('verbale.agente_matricola', v.agente_matricola);
    if (v.targa !== '' && !(v.targa.length <= 12 && /^[A-Z0-9]+$/.test(v.targa))) {
      add('verbale.targa', 'la targa contiene solo lettere maiuscole e cifre, senza spazi (al massimo 12)');
    }
    for (const [path, p] of [
      ['verbale.trasgressore', v.trasgressore],
      ['verbale.obbligato_solidale', v.obbligato_solidale],
    ] as const) {
      if (!p) continue;
      text(`${path}.nome`, p.nome);
      text(`${path}.indirizzo`, p.indirizzo);
      if (p.codice_fiscale != null && !isCodiceFiscale(p.codice_fiscale)) {
        add(`${path}.codice_fiscale`, 'codice fiscale non valido (16 caratteri con carattere di controllo, o 11 cifre)');
      }
    }
    if (v.sanzione_centesimi < 0) add('verbale.sanzione_centesimi', 'la sanzione non può essere negativa');
    if (v.sanzione_ridotta_centesimi < 0 || v.sanzione_ridotta_centesimi > v.sanzione_centesimi) {
      add('verbale.sanzione_ridotta_centesimi', 'la sanzione ridotta deve essere tra zero e la sanzione piena');
    }
    if (v.punti > 20) add('verbale.punti', 'i punti decurtati per una violazione non superano 20');
  }
  items('riservati', act.riservati.length);
  act.riservati.forEach((r, i) => {
    if (count(r.text.trim()) < 2) add(`riservati[${i}].text`, 'il testo riservato deve avere almeno due caratteri');
    text(`riservati[${i}].text`, r.text);
  });
  if (act.tipo_ordinanza !== null && act.kind !== 'ordinanza') {
    add('tipo_ordinanza', "il tipo di ordinanza è ammesso solo in un'ordinanza");
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
  /** Folder the «Salva» dialog answers with (plus the proposed name); null: the clerk cancels. */
  saveFolder?: string | null;
  /**
   * Steps of the iter taken after the acts are loaded. Default: with the demo acts, the demo iter
   * (demoIter: acts 6 to 10 in istruttoria, proposta, pubblicata, annullata, visto); none otherwise.
   */
  script?: (backend: MockBackend) => void;
  /** The document server; default: the demo server, password in the keyring. null: none. */
  server?: ServerSettingsDto | null;
  /**
   * The seal keys' fingerprints, newest first, set after the demo iter; default: the demo key.
   * []: the Comune has none (copia_issue refused).
   */
  sealKeys?: string[];
};

/** One entry of the audit log (atti-store audit.rs). */
type AuditEntry = {
  seq: number;
  at: string;
  actor: string;
  act_id: number;
  action: string;
  detail: Record<string, unknown>;
  version_hash: string;
};

/** One number of a register. */
type Numbered = {
  kind: ActKind;
  year: number;
  number: number;
  act_id: number;
  assigned_at: string;
  assigned_by: string;
  annulled_reason: string | null;
};

/** atti-core ActState::is_editable (from the generated tables). */
function editableState(state: Act['state']): boolean {
  return EDITABLE_STATES.includes(state);
}

/** atti-core validate_complete: what must be there before the act goes on in its iter. */
export function validateComplete(act: Act): FieldError[] {
  const errors = validate(act);
  const add = (field: string, message: string) => errors.push({ field, message });
  if (KIND_INFO[act.kind].dispositivo_verb !== null) {
    if (act.dispositivo.length === 0) add('dispositivo', 'il dispositivo non ha punti');
    act.dispositivo.forEach((p, i) => {
      if (p.text.trim() === '') add(`dispositivo[${i}].text`, `il punto ${i + 1} del dispositivo è vuoto`);
    });
  }
  act.impegni.forEach((imp, i) => {
    const f = (name: string) => `impegni[${i}].${name}`;
    if (imp.capitolo.trim() === '') add(f('capitolo'), 'il capitolo di bilancio è obbligatorio');
    if (imp.importo_centesimi === 0) add(f('importo_centesimi'), "l'importo deve essere maggiore di zero");
    if (imp.beneficiario.trim() === '') add(f('beneficiario'), 'il beneficiario è obbligatorio');
  });
  if (act.kind === 'ordinanza' && act.tipo_ordinanza === null) {
    add('tipo_ordinanza', 'indicare il tipo di ordinanza (sindacale, contingibile art. 54, dirigenziale)');
  }
  const v = act.verbale;
  if (v) {
    const require = (field: string, ok: boolean, what: string) => {
      if (!ok) add(field, `manca ${what}`);
    };
    require('verbale.data', v.data !== null, 'la data della violazione');
    require('verbale.ora', v.ora !== null, "l'ora della violazione");
    require('verbale.luogo', v.luogo.trim() !== '', 'il luogo della violazione');
    require('verbale.targa', v.targa !== '', 'la targa del veicolo');
    require('verbale.norma_violata', v.norma_violata.trim() !== '', 'la norma violata');
    require('verbale.sanzione_centesimi', v.sanzione_centesimi > 0, "l'importo della sanzione");
    require('verbale.agente_matricola', v.agente_matricola.trim() !== '', "la matricola dell'agente accertatore");
  }
  return errors;
}

function incomplete(act: Act): string | null {
  const errors = validateComplete(act);
  return errors.length === 0 ? null : errors.map((e) => `${e.field}: ${e.message}`).join('; ');
}

const romeDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * An in-memory backend with the contract's behaviour: versions, conflicts on a stale version,
 * validation errors with field paths, attachments that make a new version, and the iter
 * (tests/mock-iter.ts): transitions with their guards and refusals, pareri, numbers and registers,
 * signatures, the audit log as timeline, the inbox, corrections of adopted acts, word diffs.
 */
export class MockBackend {
  readonly history = new Map<number, Stored[]>();
  readonly facts = new Map<number, Facts>();
  readonly audit: AuditEntry[] = [];
  readonly numbers: Numbered[] = [];
  readonly calls: { cmd: string; args: Record<string, unknown> | undefined }[] = [];
  readonly copieIssued: CopiaRow[] = [];
  /** Files written by document_save and copia_issue: path -> what. */
  readonly saved = new Map<string, string>();
  username: string;
  pickedFiles: string[];
  saveFolder: string | null;
  /** Signing devices by user (my_identity, sign). */
  readonly identities: Map<string, IdentityDto> = demoIdentities();
  /** The document server settings; the password itself is never kept here. */
  server: ServerSettingsDto | null;
  /** The keyring accounts holding a server password (atti-app keyring_account); never the password. */
  readonly keyring = new Set<string>();
  /** server_test: whether the server accepts the credentials. */
  serverCredentialsOk = true;
  /** The outbox (act packages to send to the document server). */
  outboxEntries: OutboxEntryDto[] = [];
  /** sync_run stops after the first file with this reason (the rest stays queued). */
  syncStop: string | null = null;
  /** sync_run fails with this error (e.g. offline) before sending anything. */
  syncFailure: AppErrorDto | null = null;
  /** When set, sync_run waits for it after the first file (tests look at the progress meanwhile). */
  syncHold: Promise<void> | null = null;
  /** The fingerprints of the seal's public keys, newest first (the newest seals, all verify). */
  sealKeys: string[];
  /** The draws of the later control of regularity (art. 147-bis), oldest first. */
  readonly controlliDrawn: Controllo[] = [];
  /** How many keys seal_generate has made (their fingerprints follow from it). */
  #generated = 0;
  readonly #clock: () => string;
  /** How far passDays moved the clock, in milliseconds. */
  #shift = 0;
  #lastNow = '';
  #nextId: number;
  #proposals = new Map<string, number>();

  constructor(options: MockBackendOptions = {}) {
    this.#clock = options.now ?? demoClock();
    this.username = options.username ?? 'istruttore';
    this.pickedFiles = options.pickedFiles ?? ['/home/giulia/Documenti/Relazione tecnica.pdf'];
    this.saveFolder = options.saveFolder === undefined ? '/home/giulia/Documenti' : options.saveFolder;
    this.server =
      options.server === undefined ? { url: DEMO_SERVER.url, user: DEMO_SERVER.user, ca_set: true, password_set: true } : options.server;
    if (this.server?.password_set) this.keyring.add(keyringAccount(this.server.user, this.server.url));
    // The demo iter issues a copy: sealed with the demo key, whatever the keys set afterwards.
    this.sealKeys = [DEMO_SEAL_FINGERPRINT];
    const acts = options.acts ?? demoActs();
    for (const act of acts) {
      // Older versions: the same act with a shorter oggetto, so the history has something to show.
      const versions: Stored[] = [];
      this.history.set(act.id!, versions);
      this.facts.set(act.id!, { ...noFacts(), numero: act.numero });
      for (let v = 1; v <= act.version; v++) {
        const a = clone(act);
        a.version = v;
        if (v < act.version) {
          a.oggetto = v === 1 ? act.oggetto.split(' – ')[0]! : act.oggetto;
          a.dispositivo = a.dispositivo.slice(0, Math.max(0, a.dispositivo.length - (act.version - v)));
        }
        const author = v === 1 ? 'istruttore' : 'dirigente';
        versions.push({ act: a, saved_at: this.#now(), author });
        this.#record(act.id!, v === 1 ? 'crea' : 'salva', { version: v }, author);
      }
    }
    this.#nextId = Math.max(0, ...acts.map((a) => a.id ?? 0)) + 1;
    const script = options.script ?? (options.acts ? undefined : demoIter);
    if (script) {
      const who = this.username;
      script(this);
      this.username = who;
    }
    if (options.sealKeys) this.sealKeys = [...options.sealKeys];
    // The demo's adopted acts have their packages in the outbox.
    if (!options.acts && !options.script) this.outboxEntries = demoOutbox(this.#lastNow);
  }

  #now(): string {
    const t = this.#clock();
    this.#lastNow = this.#shift === 0 ? t : new Date(Date.parse(t) + this.#shift).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return this.#lastNow;
  }

  /** Lets `days` days go by (as the demo tour's advance_days): the session's today follows. */
  passDays(days: number): void {
    this.#shift += days * 86_400_000;
    this.#now();
  }

  #session(username: string): SessionInfo {
    const info = sessionFor(username);
    if (this.#shift !== 0) info.today = this.today();
    return info;
  }

  /** Today in the Comune's calendar, by the clock of this backend. */
  today(): string {
    return romeDay.format(new Date(this.#lastNow || this.#now()));
  }

  /** The handler for mockIPC. */
  handle = (cmd: string, args?: Record<string, unknown>): unknown => {
    this.calls.push({ cmd, args: args ? clone(args) : undefined });
    try {
      return this.#dispatch(cmd, args);
    } catch (e) {
      if (e instanceof Refusal) fail(e.code, e.message);
      throw e;
    }
  };

  #dispatch(cmd: string, args?: Record<string, unknown>): unknown {
    const id = Number(args?.id);
    switch (cmd) {
      case 'session_info':
        return this.#session(this.username);
      case 'session_switch_user': {
        const username = String(args?.username ?? '');
        if (!USERS.some((u) => u.username === username)) fail('not-found', `Utente «${username}» sconosciuto.`);
        this.username = username;
        return this.#session(username);
      }
      case 'act_list':
        return this.list(args?.filter as ActFilter);
      case 'act_create':
        return this.create(args?.kind as ActKind, String(args?.oggetto ?? ''), (args?.office as string | null) ?? null);
      case 'act_get':
        return clone(this.latest(id).act);
      case 'act_save':
        return this.save(args?.act as Act);
      case 'act_versions':
        return this.versions(id);
      case 'act_version': {
        const found = this.stored(id).find((s) => s.act.version === Number(args?.version));
        if (!found) fail('not-found', 'Versione non trovata.');
        return clone(found.act);
      }
      case 'act_diff':
        return this.diff(id, Number(args?.from), Number(args?.to));
      case 'attachment_add':
        return this.addAttachment(Number(args?.actId), String(args?.path ?? ''));
      case 'attachment_remove':
        return this.removeAttachment(Number(args?.actId), String(args?.sha256 ?? ''));
      case 'iter_status':
        return this.status(id);
      case 'iter_take':
        return this.take(id, args?.action as Action, args?.request as ActionRequest);
      case 'parere_give':
        return this.giveParere(id, args?.tipo as ParereTipo, args?.esito as Esito, String(args?.motivazione ?? ''));
      case 'act_history':
        return this.timeline(id);
      case 'registro':
        return this.registro(args?.kind as ActKind, (args?.year as number | null | undefined) ?? null);
      case 'inbox':
        return this.inbox();
      case 'act_correct':
        return this.correct(id, String(args?.tipo ?? ''));
      case 'plugin:dialog|open':
        return [...this.pickedFiles];
      case 'plugin:dialog|save': {
        if (this.saveFolder === null) return null;
        const options = args?.options as { defaultPath?: string } | undefined;
        return `${this.saveFolder}/${options?.defaultPath ?? 'documento.pdf'}`;
      }
      case 'document_pdf':
        return this.document(id, Boolean(args?.pubblicazione));
      case 'document_save': {
        const doc = this.document(id, Boolean(args?.pubblicazione));
        this.saved.set(String(args?.path ?? ''), doc.file_name);
        return null;
      }
      case 'copia_issue':
        return this.issueCopia(id, (args?.per as string | null | undefined) ?? null, (args?.path as string | null | undefined) ?? null);
      case 'copie':
        this.stored(id);
        return clone(this.copieIssued.filter((c) => c.act_id === id));
      case 'verify_qr':
        return this.verifyQr(String(args?.token ?? ''));
      case 'omissis_proposals':
        return proposeOmissis(this.latest(id).act);
      case 'sign':
        return this.sign(id, String(args?.pin ?? ''));
      case 'visto_sign':
        return this.signVisto(id, args?.esito as Esito, String(args?.motivazione ?? ''), String(args?.pin ?? ''));
      case 'my_identity':
        return clone(this.identities.get(this.username) ?? null);
      case 'my_identity_add':
        return this.identityAdd(args?.input as IdentityInput, (args?.pin as string | null | undefined) ?? null);
      case 'verify_signed_path':
        return reportFor(String(args?.path ?? ''));
      case 'server_settings':
        return clone(this.server);
      case 'server_set':
        return this.serverSet(
          String(args?.url ?? ''),
          String(args?.user ?? ''),
          (args?.caPath as string | null | undefined) ?? null,
          String(args?.password ?? ''),
        );
      case 'server_test':
        if (!this.server) fail('invalid-input', NO_SERVER);
        return serverTestReport(this.serverCredentialsOk);
      case 'seal_info':
        return this.sealInfo();
      case 'seal_generate':
        this.#generated += 1;
        return this.sealSet(sealFingerprint(`generata-${this.#generated}`));
      case 'seal_import':
        return this.sealImport(String(args?.path ?? ''));
      case 'verification_url_set':
        return this.verificationUrlSet(String(args?.url ?? ''));
      case 'verification_page_save':
        return this.verificationPageSave(String(args?.path ?? ''));
      case 'sync_run':
        return this.syncRun();
      case 'outbox':
        return clone(this.outboxEntries);
      case 'sync_states':
        return this.syncStates();
      case 'controlli':
        return clone([...this.controlliDrawn].reverse());
      case 'controllo_draw':
        return this.controlloDraw(
          args?.kind as ActKind,
          String(args?.periodFrom ?? ''),
          String(args?.periodTo ?? ''),
          Number(args?.percent),
          String(args?.seed ?? ''),
        );
      case 'controllo_esito':
        return this.controlloEsito(Number(args?.controllo), id, args?.esito as EsitoControllo, String(args?.note ?? ''));
      default:
        fail('internal', `Comando sconosciuto: ${cmd}`);
    }
  }

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

  factsOf(id: number): Facts {
    this.stored(id);
    let f = this.facts.get(id);
    if (!f) {
      f = noFacts();
      this.facts.set(id, f);
    }
    return f;
  }

  #record(actId: number, action: string, detail: Record<string, unknown>, actor = this.user.username, at?: string) {
    const content = this.history.get(actId)?.at(-1)?.act;
    this.audit.push({
      seq: this.audit.length + 1,
      at: at ?? this.history.get(actId)?.at(-1)?.saved_at ?? this.#lastNow,
      actor,
      act_id: actId,
      action,
      detail,
      version_hash: fakeSha256(JSON.stringify(content ?? null)),
    });
  }

  #push(act: Act, action: 'crea' | 'salva'): Stored {
    const stored: Stored = { act: clone(act), saved_at: this.#now(), author: this.user.username };
    this.stored(act.id!).push(stored);
    this.#record(act.id!, action, { version: act.version });
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
        state_label: STATE_LABELS[act.state],
        office: act.office,
        proposal: act.proposal,
        numero: this.factsOf(id).numero ?? null,
        adoption_date: this.factsOf(id).adoption ?? null,
        oggetto: act.oggetto,
        updated_at: saved_at,
        version: act.version,
        snippet: snip,
      });
    }
    return out.sort((a, b) => b.updated_at.localeCompare(a.updated_at) || b.id - a.id);
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
      numero: null,
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
      tipo_ordinanza: null,
      riservati: [],
    };
    this.history.set(act.id!, []);
    this.facts.set(act.id!, noFacts());
    this.#push(act, 'crea');
    return clone(act);
  }

  save(act: Act): SavedVersion {
    if (act.id === null) fail('invalid-input', 'manca l\'identificativo dell\'atto (id)');
    const history = this.stored(act.id);
    const latest = history[history.length - 1]!;
    const current = latest.act;
    this.#checkMayDraft(current.kind);
    this.#checkEditable(current);
    if (act.kind !== current.kind) fail('invalid-input', 'il tipo di un atto non si cambia');
    if (JSON.stringify(act.attachments) !== JSON.stringify(current.attachments)) {
      fail('invalid-input', 'gli allegati non si modificano insieme al testo: usare «Aggiungi allegato» e «Rimuovi»');
    }
    const errors = validate(act);
    if (errors.length > 0) {
      fail('invalid-input', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
    }
    const content = (a: Act) =>
      JSON.stringify([a.oggetto.trim(), a.sections, a.dispositivo, a.impegni, a.verbale, a.tipo_ordinanza, a.riservati]);
    const same = content(act) === content(current);
    if (act.version !== current.version) {
      fail(
        'conflict',
        `l'atto ${act.id} è stato modificato (versione ${current.version}) dopo la versione ${act.version} da cui parte questa modifica: ricaricare l'atto`,
      );
    }
    if (same) return { version: current.version, saved_at: latest.saved_at };
    const next: Act = {
      ...clone(act),
      oggetto: act.oggetto.trim(),
      version: current.version + 1,
      // Read-only fields come from the store, not from the edit.
      state: current.state,
      numero: current.numero,
      office: current.office,
      proposal: current.proposal,
    };
    const stored = this.#push(next, 'salva');
    return { version: next.version, saved_at: stored.saved_at };
  }

  #checkMayDraft(kind: ActKind): void {
    const user = this.user;
    if (!mayDraft(user.role, kind)) {
      const label = KIND_FACTS.find((k) => k.kind === kind)?.label ?? kind;
      fail('forbidden', `l'utente ${user.username} (${user.role_label.toLowerCase()}) non può redigere atti di tipo «${label}»`);
    }
  }

  /** atti-app check_editable: the text changes only before adoption. */
  #checkEditable(act: Act): void {
    if (editableState(act.state)) return;
    if (act.numero) {
      fail(
        'not-allowed',
        `l'atto ${act.id} è adottato (n. ${act.numero}) e non può più essere modificato: per correggerlo si crea un atto di rettifica`,
      );
    }
    fail(
      'not-allowed',
      `l'atto ${act.id} è nello stato «${STATE_LABELS[act.state]}» e il testo non si modifica più: se serve, va restituito per modifiche`,
    );
  }

  versions(id: number): VersionSummary[] {
    return this.stored(id)
      .map((s) => ({ version: s.act.version, saved_at: s.saved_at, author: s.author, oggetto: s.act.oggetto }))
      .reverse();
  }

  addAttachment(actId: number, path: string): Act {
    const current = clone(this.latest(actId).act);
    this.#checkMayDraft(current.kind);
    this.#checkEditable(current);
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
    this.#push(current, 'salva');
    return clone(current);
  }

  removeAttachment(actId: number, sha256: string): Act {
    const current = clone(this.latest(actId).act);
    this.#checkMayDraft(current.kind);
    this.#checkEditable(current);
    const before = current.attachments.length;
    current.attachments = current.attachments.filter((a) => a.sha256 !== sha256);
    if (current.attachments.length === before) fail('not-found', 'Allegato non trovato.');
    current.version += 1;
    this.#push(current, 'salva');
    return clone(current);
  }

  /** Another user saves the act (to provoke a conflict). */
  saveAsSomeoneElse(id: number, change: (act: Act) => void): void {
    const act = clone(this.latest(id).act);
    change(act);
    act.version += 1;
    this.stored(id).push({ act, saved_at: this.#now(), author: 'dirigente' });
    this.#record(id, 'salva', { version: act.version }, 'dirigente');
  }

  // --- the iter -------------------------------------------------------------------------------

  /** atti-app iter_status. */
  status(id: number): IterStatus {
    const act = this.latest(id).act;
    const f = this.factsOf(id);
    const immediata = !!f.seduta?.immediatamente_eseguibile;
    let esecutivita: string | null = null;
    if (isDelibera(act.kind) && f.adoption) {
      if (immediata) esecutivita = f.adoption;
      else if (f.publication_start) esecutivita = esecutivitaDelibera(f.adoption, f.publication_start, false);
    }
    return {
      id,
      kind: act.kind,
      state: act.state,
      state_label: STATE_LABELS[act.state],
      version: act.version,
      numero: f.numero,
      dates: {
        adoption: f.adoption,
        publication_start: f.publication_start,
        publication_end: f.publication_start ? publicationEnd(f.publication_start) : null,
        esecutivita,
        notifica_deadline: act.verbale?.data ? notificaDeadline(act.verbale.data) : null,
      },
      pareri: f.pareri.map((p) => ({
        ...clone(p),
        label: p.tipo === 'tecnico' ? 'parere di regolarità tecnica' : p.tipo === 'contabile' ? 'parere di regolarità contabile' : 'visto di regolarità contabile',
        da_rinnovare: act.version > p.version,
      })),
      signatures: f.signed_by.map((role) => ({ role, role_label: USERS.find((u) => u.role === role)!.role_label })),
      required_signers: signers(act),
      seduta: f.seduta ? clone(f.seduta) : null,
      options: iterOptions(act, f, this.user.role, this.today(), incomplete),
      parere_options: (['tecnico', 'contabile', 'visto-contabile'] as const).filter(
        (t) => parereRole(t) === this.user.role && parereApplies(t, act.kind, act.state),
      ),
      editable: ['bozza', 'istruttoria', 'proposta', 'redatto'].includes(act.state) && kindsFor(this.user.role).some((k) => k.kind === act.kind && k.may_draft),
      links: clone(f.links),
    };
  }

  /** atti-app iter_take, as the current user. */
  take(id: number, action: Action, request: ActionRequest, signed = false): IterStatus {
    const stored = this.latest(id);
    const act = stored.act;
    const f = this.factsOf(id);
    const user = this.user;
    const input = { note: request?.note ?? null, seduta: request?.seduta ?? null };
    const out = decide(act, f, action, user.role, user.username, input, this.today(), incomplete);
    if (out.recordsSignature && !signed) {
      // CAD art. 21 c.2-bis: the act is adopted by the official's digital signature (sign).
      fail(
        'not-allowed',
        `«${ACTION_LABELS[action]}» richiede la firma digitale: usare «Firma» e inserire il PIN del dispositivo`,
      );
    }
    const now = this.#now();
    const today = this.today();
    const note = input.note?.trim() || null;
    if (input.seduta) f.seduta = clone(input.seduta);
    if (out.assignsNumber) {
      const day = action === 'approva' && input.seduta ? input.seduta.data : today;
      const year = Number(day.slice(0, 4));
      const number = Math.max(0, ...this.numbers.filter((n) => n.kind === act.kind && n.year === year).map((n) => n.number)) + 1;
      this.numbers.push({ kind: act.kind, year, number, act_id: id, assigned_at: now, assigned_by: user.username, annulled_reason: null });
      f.numero = `${number}/${year}`;
      f.adoption = day;
      act.numero = f.numero;
      this.#record(id, 'numero', { number, year, kind: act.kind }, user.username, now);
    }
    if (out.recordsSignature) {
      f.signed_by.push(user.role);
      this.#record(id, 'firma', { role: user.role, version: act.version }, user.username, now);
    }
    if (action === 'pubblica') f.publication_start = today;
    if (action === 'annulla' && f.numero) {
      for (const n of this.numbers) if (n.act_id === id) n.annulled_reason = note ?? '';
    }
    const detail: Record<string, unknown> = { from: act.state, to: out.to };
    if (note) detail.note = note;
    const comments = request?.comments ?? [];
    if (comments.length > 0) detail.comments = clone(comments);
    if (input.seduta) detail.seduta = clone(input.seduta);
    act.state = out.to;
    this.#record(id, action, detail, user.username, now);
    return this.status(id);
  }

  /**
   * atti-app parere_give, as the current user. The visto contabile is refused after the checks,
   * as the core does (it is affixed by signing: visto_sign); `signed` is visto_sign's own call.
   */
  giveParere(id: number, tipo: ParereTipo, esito: Esito, motivazione: string, signed = false): IterStatus {
    const act = this.latest(id).act;
    const user = this.user;
    checkParereAllowed(act, tipo, esito, motivazione, user.role, user.username);
    if (tipo === 'visto-contabile' && !signed) {
      fail(
        'not-allowed',
        `il visto di regolarità contabile si appone firmando digitalmente l'atto: usare «Appone il visto» con il PIN del dispositivo`,
      );
    }
    const given_at = this.#now();
    const parere = { tipo, esito, motivazione: motivazione.trim(), author: user.username, given_at, version: act.version };
    this.factsOf(id).pareri.push(parere);
    this.#record(id, 'parere', { tipo, esito, motivazione: parere.motivazione, version: act.version }, user.username, given_at);
    return this.status(id);
  }

  /** atti-app act_history. */
  timeline(id: number): TimelineEntry[] {
    this.stored(id);
    return this.audit
      .filter((e) => e.act_id === id)
      .map((e) => ({
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        actor_name: USERS.find((u) => u.username === e.actor)?.full_name ?? '',
        action: e.action,
        label: timelineLabel(e.action, e.detail),
        note: typeof e.detail.note === 'string' ? e.detail.note : null,
        comments: Array.isArray(e.detail.comments) ? clone(e.detail.comments as TimelineEntry['comments']) : [],
        version_hash: e.version_hash,
      }));
  }

  /** atti-app act_diff. */
  diff(id: number, from: number, to: number): ActDiff {
    const load = (v: number) => {
      const found = this.stored(id).find((s) => s.act.version === v);
      if (!found) fail('not-found', `la versione ${v} dell'atto ${id} non esiste`);
      return found.act;
    };
    const a = diffParts(load(from));
    const b = diffParts(load(to));
    const names = [...a.map(([n]) => n), ...b.map(([n]) => n).filter((n) => !a.some(([m]) => m === n))];
    const changes = [];
    for (const name of names) {
      const before = a.find(([n]) => n === name)?.[1] ?? '';
      const after = b.find(([n]) => n === name)?.[1] ?? '';
      if (before !== after) changes.push({ part: name, spans: wordDiff(before, after) });
    }
    return { from, to, changes };
  }

  /** atti-app registro: `year` null is the current year. */
  registro(kind: ActKind, year: number | null): RegistroRow[] {
    const y = year ?? Number(this.today().slice(0, 4));
    return this.numbers
      .filter((n) => n.kind === kind && n.year === y)
      .sort((p, q) => p.number - q.number)
      .map((n) => {
        const act = this.latest(n.act_id).act;
        return {
          number: n.number,
          year: n.year,
          act_id: n.act_id,
          oggetto: act.oggetto,
          state: act.state,
          adoption_date: this.factsOf(n.act_id).adoption,
          assigned_at: n.assigned_at,
          assigned_by: n.assigned_by,
          annulled_reason: n.annulled_reason,
        };
      });
  }

  /** atti-app inbox, for the current user. */
  inbox(): InboxGroup[] {
    const role = this.user.role;
    const groups: InboxGroup[] = ['Da istruire', 'Da esprimere parere', 'Da firmare', 'In pubblicazione'].map((name) => ({
      name,
      acts: [],
    }));
    const tipi: ParereTipo[] = ['tecnico', 'contabile', 'visto-contabile'];
    for (const summary of this.list({ kind: null, state: null, text: null })) {
      if (summary.state === 'pubblicata') {
        groups[3]!.acts.push(summary);
        continue;
      }
      const act = this.latest(summary.id).act;
      const f = this.factsOf(summary.id);
      const wantsParere = tipi.some((t) => {
        if (parereRole(t) !== role || !parereApplies(t, act.kind, act.state)) return false;
        const p = f.pareri.findLast((x) => x.tipo === t);
        return !p || act.version > p.version;
      });
      if (wantsParere) {
        groups[1]!.acts.push(summary);
        continue;
      }
      const opts = iterOptions(act, f, role, this.today(), incomplete);
      if (opts.some((o) => o.signature)) groups[2]!.acts.push(summary);
      else if (
        opts.some((o) => !['ritira', 'annulla', 'restituisci'].includes(o.action)) ||
        (act.state === 'istruttoria' && opts.some((o) => o.action === 'restituisci'))
      ) {
        groups[0]!.acts.push(summary);
      }
    }
    // The segretario's checks of the later control of regularity (TUEL art. 147-bis).
    if (role === 'segretario') {
      const all = this.list({ kind: null, state: null, text: null });
      groups.push({
        name: 'Da controllare (art. 147-bis)',
        acts: this.controlliDrawn.flatMap((c) =>
          c.acts
            .filter((a) => a.esito === null)
            .map((a) => all.find((s) => s.id === a.act_id)!)
            .sort((p, q) => p.id - q.id),
        ),
      });
    }
    return groups;
  }

  // --- the later control of regularity (TUEL art. 147-bis) ------------------------------------

  #checkSegretario(what: string): void {
    if (this.user.role !== 'segretario') fail('forbidden', `${what} spetta al segretario generale (TUEL art. 147-bis)`);
  }

  /** atti-app controllo_draw: the acts of `kind` adopted in an ended period, drawn by the seed. */
  controlloDraw(kind: ActKind, from: string, to: string, percent: number, seed: string): Controllo {
    this.#checkSegretario('il sorteggio del controllo successivo');
    for (const [field, day] of [
      ['from', from],
      ['to', to],
    ] as const) {
      const bad = badDay(field, day);
      if (bad) fail('invalid-input', bad);
    }
    const previousEnd =
      this.controlliDrawn
        .filter((c) => c.kind === kind)
        .map((c) => c.period_to)
        .sort()
        .at(-1) ?? null;
    const errors = validateDraw(from.trim(), to.trim(), this.today(), percent, seed, previousEnd);
    if (errors.length > 0) fail('invalid-input', validationMessage(errors), errors);
    const [f, t] = [from.trim(), to.trim()];
    const overlapping = this.controlliDrawn.find((c) => c.kind === kind && c.period_from <= t && f <= c.period_to);
    if (overlapping) {
      fail('not-allowed', `il periodo si sovrappone al sorteggio n. ${overlapping.id}: ogni giorno è sorteggiato una volta sola`);
    }
    const eligible = this.numbers
      .filter((n) => n.kind === kind && n.annulled_reason === null)
      .filter((n) => {
        const day = this.factsOf(n.act_id).adoption;
        return day !== null && f <= day && day <= t;
      })
      .sort((p, q) => p.year - q.year || p.number - q.number)
      .map((n) => ({ act: n.act_id, numero: `${n.number}/${n.year}` }));
    const numeri = eligible.map((e) => e.numero);
    const drawn = drawNumbers(seed.trim(), numeri, percent);
    const at = this.#now();
    const id = this.controlliDrawn.length + 1;
    const by = this.user.username;
    const controllo: Controllo = {
      id,
      kind,
      kind_label: KIND_FACTS.find((k) => k.kind === kind)?.label ?? kind,
      period_from: f,
      period_to: t,
      percent,
      seed: seed.trim(),
      candidates: numeri,
      drawn_at: at,
      drawn_by: by,
      acts: eligible
        .filter((e) => drawn.includes(e.numero))
        .map((e) => ({
          act_id: e.act,
          numero: e.numero,
          oggetto: this.latest(e.act).act.oggetto,
          esito: null,
          esito_label: null,
          note: null,
          checked_at: null,
          checked_by: null,
        })),
      checked: 0,
    };
    this.controlliDrawn.push(controllo);
    for (const a of controllo.acts) this.#record(a.act_id, 'controllo-sorteggio', { controllo: id, numero: a.numero }, by, at);
    return clone(controllo);
  }

  /** atti-app controllo_esito: the outcome of a check, once. */
  controlloEsito(controllo: number, act: number, esito: EsitoControllo, note: string): Controllo {
    this.#checkSegretario("l'esito del controllo successivo");
    if (!(esito in ESITO_LABELS)) fail('invalid-input', `esito sconosciuto «${esito}»`);
    const errors = validateEsito(esito, note);
    if (errors.length > 0) fail('invalid-input', validationMessage(errors), errors);
    const draw = this.controlliDrawn.find((c) => c.id === controllo);
    if (!draw) fail('not-found', `il sorteggio n. ${controllo} non esiste`);
    const row = draw.acts.find((a) => a.act_id === act);
    if (!row) fail('not-allowed', `l'atto ${act} non è tra quelli estratti nel sorteggio n. ${controllo}`);
    if (row.esito !== null) {
      fail('not-allowed', `l'esito del controllo dell'atto ${act} (sorteggio n. ${controllo}) è già registrato e non cambia`);
    }
    const at = this.#now();
    const text = note.trim() === '' ? null : note.trim();
    Object.assign(row, { esito, esito_label: ESITO_LABELS[esito], note: text, checked_at: at, checked_by: this.user.username });
    draw.checked = draw.acts.filter((a) => a.esito !== null).length;
    this.#record(act, 'controllo-esito', { controllo, esito, note: text }, this.user.username, at);
    return clone(draw);
  }

  /** atti-app act_correct: a new draft linked to an adopted act. */
  correct(id: number, tipo: string): Act {
    if (tipo !== 'rettifica' && tipo !== 'annullamento') {
      fail('invalid-input', `tipo di correzione sconosciuto «${tipo}»: ammessi rettifica, annullamento`);
    }
    const original = this.latest(id).act;
    const numero = this.factsOf(id).numero;
    if (!numero) fail('not-allowed', `l'atto ${id} non è ancora adottato: si modifica direttamente, senza rettifica`);
    const oggetto = (
      tipo === 'rettifica'
        ? `Rettifica dell'atto n. ${numero}: ${original.oggetto}`
        : `Annullamento in autotutela dell'atto n. ${numero}: ${original.oggetto}`
    ).slice(0, 500);
    const created = this.create(original.kind, oggetto, original.office);
    const link = { correction: created.id!, original: id, tipo };
    this.factsOf(created.id!).links.push(link);
    this.factsOf(id).links.push(clone(link));
    if (tipo === 'rettifica') {
      this.save({
        ...created,
        sections: clone(original.sections),
        dispositivo: clone(original.dispositivo),
        impegni: clone(original.impegni),
        verbale: clone(original.verbale),
        tipo_ordinanza: original.tipo_ordinanza,
      });
    }
    return clone(this.latest(created.id!).act);
  }

  // --- documents (atti-app documents.rs) --------------------------------------------------------

  /** SHA-256 of the kept original of an adopted act (stable), or of a fresh rendering. */
  originalSha(id: number): string {
    const f = this.factsOf(id);
    return fakeSha256(f.numero ? `originale ${id} ${f.numero}` : `bozza ${id} ${this.latest(id).act.version}`);
  }

  /** atti-app document: the same fixture PDF for every act, with the act's file name. */
  document(id: number, pubblicazione: boolean): PdfDocument {
    const act = this.latest(id).act;
    return {
      file_name: `${id}-${act.kind}${pubblicazione ? '-pubblicazione' : ''}.pdf`,
      pdf_base64: PDF_BASE64,
      sha256: pubblicazione ? fakeSha256(`pubblicazione ${this.originalSha(id)}`) : this.originalSha(id),
    };
  }

  /** atti-app copia_issue: only of adopted acts, recorded in the register of copies. */
  issueCopia(id: number, per: string | null, path: string | null): CopiaIssued {
    const act = this.latest(id).act;
    const f = this.factsOf(id);
    if (!f.numero) {
      fail('not-allowed', `l'atto ${id} non è ancora adottato: la copia conforme si rilascia solo di un atto numerato`);
    }
    if (act.state === 'annullata' || act.state === 'ritirata') {
      fail('not-allowed', `l'atto ${id} è ${STATE_LABELS[act.state].toLowerCase()}: non se ne rilasciano copie conformi`);
    }
    if (this.sealKeys.length === 0) fail('not-allowed', NO_SEAL_MESSAGE);
    const sha256 = this.originalSha(id);
    const token = makeToken({
      act_id: id,
      registro: act.kind,
      numero: f.numero,
      data: f.adoption ?? this.today(),
      sha256,
      url: this.verificationUrl,
    });
    const document: PdfDocument = {
      file_name: `${id}-${act.kind}-copia.pdf`,
      pdf_base64: PDF_BASE64,
      sha256: fakeSha256(`copia ${this.copieIssued.length + 1} ${token}`),
    };
    this.copieIssued.push({
      id: this.copieIssued.length + 1,
      act_id: id,
      issued_at: this.#now(),
      issued_by: this.username,
      per: per?.trim() || null,
      token,
      original_sha256: sha256,
    });
    if (path) this.saved.set(path, document.file_name);
    return { document, token };
  }

  /** atti-app verify_qr: the seal, then the original kept here (if any); the token or the QR's link. */
  verifyQr(token: string): QrVerification {
    const read = readToken(tokenFromQr(token));
    if ('error' in read) fail('invalid-input', read.error);
    const { claims } = read;
    let original_matches: boolean | null = null;
    if (this.history.has(claims.act_id) && this.factsOf(claims.act_id).numero) {
      original_matches = this.originalSha(claims.act_id) === claims.sha256;
    }
    const later: string[] = [];
    if (this.history.has(claims.act_id) && this.latest(claims.act_id).act.state === 'annullata') {
      later.push("L'atto è stato annullato: la copia riproduce un atto che non produce più effetti.");
    }
    return { claims: { ...claims, act_id: claims.act_id as unknown as bigint }, original_matches, later };
  }

  // --- signatures and the document server (atti-app signatures.rs, sync.rs) -------------------

  /** atti-app sign: the step needing this user's signature, the device, the PIN, then the step. */
  sign(id: number, pin: string): SignOutcome {
    const status = this.status(id);
    const signing = status.options.filter((o) => o.signature);
    const option = signing.find((o) => !o.blocked_by);
    if (!option) {
      fail(
        'not-allowed',
        signing[0]?.blocked_by ??
          `sull'atto ${id} non c'è nulla da firmare per l'utente ${this.username} nello stato «${status.state_label}»`,
      );
    }
    const identity = this.identities.get(this.username);
    if (!identity) {
      fail(
        'signature',
        `${this.user.full_name} non ha un dispositivo di firma configurato: aggiungerlo con «atti identity add» o da Impostazioni › Firma`,
      );
    }
    if (pin !== RIGHT_PIN) fail('signature', WRONG_PIN_MESSAGE);
    const act = this.latest(id).act;
    const next = this.take(id, option.action, { note: null, seduta: null, comments: [] }, true);
    const files = [
      `${id}-${act.kind}.pdf`,
      ...act.attachments.filter((a) => a.media_type !== 'application/pdf').map((a) => `${a.name}.p7m`),
    ];
    // A determinazione with spending waits for the signed visto contabile (signVisto).
    if (option.action === 'adotta' && !(act.kind === 'determinazione' && act.impegni.length > 0)) this.#enqueue(id);
    return { status: next, files, warnings: [...identity.warnings] };
  }

  /**
   * atti-app visto_sign: the checks of the visto (state, role, motivazione) before the PIN, the
   * device, the PIN, then the visto recorded with the further signature of the adopted act. A
   * determinazione with spending goes to the outbox once its visto favorevole is signed.
   */
  signVisto(id: number, esito: Esito, motivazione: string, pin: string): SignOutcome {
    const act = this.latest(id).act;
    const user = this.user;
    checkParereAllowed(act, 'visto-contabile', esito, motivazione, user.role, user.username);
    const identity = this.identities.get(this.username);
    if (!identity) {
      fail(
        'signature',
        `${user.full_name} non ha un dispositivo di firma configurato: aggiungerlo con «atti identity add» o da Impostazioni › Firma`,
      );
    }
    if (pin !== RIGHT_PIN) fail('signature', WRONG_PIN_MESSAGE);
    const f = this.factsOf(id);
    if (!f.numero || f.signed_by.length === 0) {
      fail('not-allowed', `l'atto ${id} non è ancora firmato: il visto si appone all'atto adottato`);
    }
    const status = this.giveParere(id, 'visto-contabile', esito, motivazione, true);
    if (esito === 'favorevole' && !this.outboxEntries.some((e) => e.act_id === id)) this.#enqueue(id);
    return { status, files: [`${id}-${act.kind}.pdf`], warnings: [...identity.warnings] };
  }

  /** The package of an adopted act, queued for the document server. */
  #enqueue(id: number): void {
    const act = this.latest(id).act;
    const dir = remoteDir(act.kind, this.factsOf(id).numero, id);
    const at = this.#now();
    for (const [name, size] of [
      [`${id}-${act.kind}.pdf`, 180_000],
      [`${id}-${act.kind}-pubblicazione.pdf`, 178_000],
      ['metadati.xml', 2_300],
    ] as const) {
      this.outboxEntries.push({
        act_id: id,
        remote_path: `${dir}/${name}`,
        size,
        state: 'in-coda',
        state_label: SYNC_LABELS['in-coda']!,
        detail: null,
        updated_at: at,
      });
    }
  }

  /**
   * atti-app identity_add for the current user: reads the certificate (a token without PIN, a
   * PKCS#12 file with its password) and sets it as the user's device. The token «assente» is not
   * found; a PKCS#12 password other than RIGHT_P12_PASSWORD is wrong.
   */
  identityAdd(input: IdentityInput, pin: string | null): IdentityDto {
    let description: string;
    if (input?.source === 'pkcs11') {
      if (input.module.trim() === '' || input.token_label.trim() === '') {
        fail('invalid-input', 'indicare il modulo PKCS#11 e l\'etichetta del token');
      }
      if (!/^(?:[0-9a-fA-F]{2})+$/.test(input.key_id.trim())) {
        fail('invalid-input', `id della chiave non valido «${input.key_id}»: servono cifre esadecimali`);
      }
      if (input.token_label === 'assente') fail('signature', TOKEN_NOT_FOUND_MESSAGE);
      description = `dispositivo «${input.token_label}» (chiave ${input.key_id.trim().toLowerCase()}) tramite ${input.module}`;
    } else if (input?.source === 'pkcs12') {
      if (pin === null) fail('invalid-input', 'serve la password del file PKCS#12 per leggerne il certificato');
      if (pin !== RIGHT_P12_PASSWORD) fail('signature', WRONG_P12_PASSWORD_MESSAGE);
      description = `file ${input.path}`;
    } else {
      fail('invalid-input', 'dispositivo di firma non riconosciuto');
    }
    const added = addedIdentity(this.username, this.user.full_name, description, this.today());
    this.identities.set(this.username, added);
    return clone(added);
  }

  /**
   * atti-app server_set: https only, a user; the password would go to the keyring (an empty one
   * keeps the one stored for this user and address, refused when there is none); `caPath` null
   * keeps the CA certificate configured, "" removes it.
   */
  serverSet(url: string, user: string, caPath: string | null, password: string): ServerSettingsDto {
    const u = url.trim();
    if (!/^https:\/\/[^/\s@]+/.test(u)) {
      fail('invalid-input', `"${u}": l'indirizzo deve iniziare con https:// (i documenti e la password non si inviano in chiaro).`);
    }
    if (user.trim() === '') fail('invalid-input', 'manca il nome utente per il server documentale.');
    if (caPath !== null && caPath !== '' && !/\.(pem|crt)$/i.test(caPath)) {
      fail('invalid-input', `certificato della CA del server non valido: ${caPath} non è un file PEM`);
    }
    const account = keyringAccount(user.trim(), u);
    const caChanges = caPath !== null && (caPath !== '' || !!this.server?.ca_set);
    if (password === '' && caChanges) {
      fail(
        'invalid-input',
        'per cambiare il certificato della CA del server documentale va inserita di nuovo la password del server',
      );
    }
    if (password === '') {
      if (!this.keyring.has(account)) {
        fail(
          'invalid-input',
          'inserire la password del server documentale: il portachiavi non ne ha una per questo utente e indirizzo',
        );
      }
    } else {
      this.keyring.add(account);
    }
    const ca_set = caPath === null ? !!this.server?.ca_set : caPath !== '';
    this.server = { url: u, user: user.trim(), ca_set, password_set: true };
    for (const e of this.outboxEntries) {
      if (e.state === 'attenzione') Object.assign(e, { state: 'in-coda', state_label: SYNC_LABELS['in-coda']!, detail: null });
    }
    return clone(this.server);
  }

  /** The address printed on copies (setting verification_url). */
  verificationUrl = VERIFICATION_URL;

  /** atti-app seal_info: the current seal key (the newest), whether it is the demo one. */
  sealInfo(): SealInfo {
    const current = this.sealKeys[0];
    const verification_url = this.verificationUrl;
    if (current === undefined) return { fingerprint: null, public_key_pem: null, demo: false, previous_keys: 0, verification_url };
    return {
      fingerprint: current,
      public_key_pem: sealPublicKeyPem(current),
      demo: current === DEMO_SEAL_FINGERPRINT,
      previous_keys: this.sealKeys.length - 1,
      verification_url,
    };
  }

  /**
   * atti-app set_verification_url: https://, no spaces, «|» or «#», at most 200 characters
   * (code "invalid-input"); then seal_info.
   */
  verificationUrlSet(url: string): SealInfo {
    const u = url.trim();
    if (!u.startsWith('https://') || u.length === 'https://'.length || /[|#\s\p{Cc}]/u.test(u) || u.length > 200) {
      fail('invalid-input', VERIFICATION_URL_MESSAGE);
    }
    this.verificationUrl = u;
    return this.sealInfo();
  }

  /** atti-app verification_page_save: the page with every public key; none: "not-allowed". */
  verificationPageSave(path: string): null {
    if (this.sealKeys.length === 0) fail('not-allowed', NO_SEAL_PAGE_MESSAGE);
    this.saved.set(path, `pagina di verifica (${this.sealKeys.join(', ')})`);
    return null;
  }

  /** atti-app seal_set: the new key first; the earlier ones keep verifying. */
  sealSet(fingerprint: string): SealInfo {
    this.sealKeys = [fingerprint, ...this.sealKeys.filter((k) => k !== fingerprint)];
    return this.sealInfo();
  }

  /**
   * atti-app seal_import: a P-256 private key from a PEM file. A path with «rsa» is an RSA key
   * (refused as atti-docs does); one not ending in .pem is not PEM text.
   */
  sealImport(path: string): SealInfo {
    if (!/\.pem$/i.test(path)) fail('invalid-input', `${path} non è una chiave PEM (non è testo)`);
    if (/rsa/i.test(path)) fail('invalid-input', NOT_P256_MESSAGE);
    return this.sealSet(sealFingerprint(`importata-${path}`));
  }

  /** atti-app sync: sends the queued files, with "sync-progress" events as they are verified. */
  async syncRun(): Promise<SyncSummaryDto> {
    if (this.syncFailure) fail(this.syncFailure.code, this.syncFailure.message);
    if (!this.server) fail('invalid-input', NO_SERVER);
    const queued = this.outboxEntries.filter((e) => e.state === 'in-coda');
    const total = queued.length;
    let stopped: string | null = null;
    let verified = 0;
    await emit('sync-progress', { done: 0, total, current: queued[0]?.remote_path ?? null });
    for (const [i, entry] of queued.entries()) {
      await new Promise((r) => setTimeout(r, 0));
      if (i === 1 && this.syncStop) {
        stopped = this.syncStop;
        break;
      }
      Object.assign(entry, { state: 'verificato', state_label: SYNC_LABELS.verificato!, updated_at: this.#now() });
      verified += 1;
      await emit('sync-progress', { done: i + 1, total, current: queued[i + 1]?.remote_path ?? null });
      if (i === 0 && this.syncHold) await this.syncHold;
    }
    const count = (state: string) => this.outboxEntries.filter((e) => e.state === state).length;
    return {
      verified,
      already_present: 0,
      conflicts: count('conflitto'),
      attention: count('attenzione'),
      remaining: count('in-coda'),
      stopped,
      last_error: null,
    };
  }

  /** atti-app sync_states: the worst state of each act's files. */
  syncStates(): ActSyncState[] {
    const rank = (s: string) => ({ verificato: 0, 'in-coda': 1, conflitto: 2 })[s] ?? 3;
    const out: ActSyncState[] = [];
    for (const e of this.outboxEntries) {
      const found = out.find((x) => x.act_id === e.act_id);
      if (!found) out.push({ act_id: e.act_id, state: e.state, state_label: SYNC_LABELS[e.state] ?? 'Richiede attenzione' });
      else if (rank(e.state) > rank(found.state)) Object.assign(found, { state: e.state, state_label: SYNC_LABELS[e.state] ?? 'Richiede attenzione' });
    }
    return out;
  }

  // --- scripting (demo data and tests) --------------------------------------------------------

  /** Runs `step` as another user, then switches back. */
  as<T>(username: string, step: (backend: MockBackend) => T): T {
    const who = this.username;
    this.username = username;
    try {
      return step(this);
    } catch (e) {
      if (e instanceof Refusal) throw new Error(`${username}: ${e.message}`);
      throw e;
    } finally {
      this.username = who;
    }
  }

  /** Takes an action as `username` (throws on a refusal: a script error). */
  step(username: string, id: number, action: Action, request: Partial<ActionRequest> = {}): IterStatus {
    // A script signs as `atti sign` does: the signature steps need no PIN here.
    const signed = SIGNATURE_ACTIONS.includes(action);
    return this.as(username, (b) => b.take(id, action, { note: null, seduta: null, comments: [], ...request }, signed));
  }

  /** Edits and saves the latest version as `username`. */
  edit(username: string, id: number, change: (act: Act) => void): void {
    this.as(username, (b) => {
      const act = clone(b.latest(id).act);
      change(act);
      b.save(act);
    });
  }
}

/**
 * The demo iter, as atti-app's demo: the acts 6 to 10, each in a different point of its iter.
 *   6  determinazione in istruttoria, returned once with comments and sent again (dirigente: adotta)
 *   7  delibera di Giunta in proposta: parere tecnico given, then the text changed (da rinnovare)
 *   8  determinazione without spending, adopted (n. 1) and on the albo
 *   9  determinazione with spending, adopted (n. 2) and annulled: the number stays with its reason
 *   10 determinazione with spending, adopted (n. 3), waiting for the visto contabile
 */
export function demoIter(b: MockBackend): void {
  const impegno = (importo: number, beneficiario: string, cig: string | null) => ({
    esercizio: 2026,
    capitolo: '1043.02',
    importo_centesimi: importo,
    beneficiario,
    cig,
    cup: null,
  });
  const create = (username: string, kind: ActKind, oggetto: string, fill: (act: Act) => void): number => {
    const act = b.as(username, (m) => m.create(kind, oggetto, null));
    b.edit(username, act.id!, fill);
    return act.id!;
  };

  // 6: returned with comments, fixed, sent again.
  const arredi = create('istruttore', 'determinazione', 'Acquisto di arredi per la biblioteca comunale', (a) => {
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
  b.step('istruttore', arredi, 'invia');
  b.step('dirigente', arredi, 'restituisci', {
    note: 'Indicare il termine di consegna e la sala interessata.',
    comments: [
      { field: 'oggetto', text: 'Specificare che si tratta della sala lettura ragazzi.' },
      { field: 'dispositivo[0].text', text: 'Indicare il termine di consegna degli arredi.' },
    ],
  });
  b.edit('istruttore', arredi, (a) => {
    a.dispositivo[0]!.text = 'di affidare la fornitura degli arredi alla ditta Legno Arte S.r.l., con consegna entro 30 giorni;';
  });
  b.step('istruttore', arredi, 'invia');

  // 7: a proposal of the Giunta whose parere tecnico must be given again.
  const piazza = create('istruttore', 'delibera-giunta', 'Approvazione del progetto di riqualificazione della piazza del mercato', (a) => {
    a.sections = [{ kind: 'premesso', text: 'che la piazza del mercato necessita di interventi di riqualificazione;' }];
    a.dispositivo = [{ text: 'di approvare il progetto esecutivo di riqualificazione della piazza del mercato;' }];
    a.impegni = [{ ...impegno(15_000_000, 'Diversi (da gara)', null), capitolo: '2080.01', cup: 'J41B26000010004' }];
  });
  b.step('istruttore', piazza, 'invia');
  b.step('dirigente', piazza, 'proponi');
  b.as('dirigente', (m) => m.giveParere(piazza, 'tecnico', 'favorevole', ''));
  b.edit('istruttore', piazza, (a) => {
    a.dispositivo.push({ text: 'di dare mandato al responsabile dell’Area tecnica per gli adempimenti conseguenti.' });
  });

  // 8: adopted without spending (executive at once), then published.
  const commissione = create('istruttore', 'determinazione', 'Nomina della commissione giudicatrice per la gara del servizio mensa', (a) => {
    a.dispositivo = [{ text: 'di nominare la commissione giudicatrice composta come indicato in premessa.' }];
  });
  b.step('istruttore', commissione, 'invia');
  b.step('dirigente', commissione, 'adotta');
  b.step('istruttore', commissione, 'pubblica');
  // ...and a certified copy of it was issued to a citizen.
  b.as('istruttore', (m) => m.issueCopia(commissione, 'Mario Rossi, istanza prot. 1234 del 20/11/2026', null));

  // 9: adopted with spending, then annulled.
  const carburante = create('istruttore', 'determinazione', 'Impegno di spesa per la fornitura di carburante ai mezzi comunali', (a) => {
    a.dispositivo = [{ text: 'di impegnare la spesa per la fornitura di carburante per l’anno 2026.' }];
    a.impegni = [impegno(420_000, 'Rete Carburanti S.p.A.', 'C1234567D8')];
  });
  b.step('istruttore', carburante, 'invia');
  b.step('dirigente', carburante, 'adotta');
  b.step('dirigente', carburante, 'annulla', { note: 'Importo errato: l’impegno va ricalcolato sul nuovo listino.' });

  // 10: adopted with spending, waiting for the visto of the ragioneria.
  const proloco = create('istruttore', 'determinazione', 'Contributo all’associazione Pro Loco per la sagra d’autunno', (a) => {
    a.dispositivo = [{ text: 'di concedere all’associazione Pro Loco un contributo di € 2.500,00.' }];
    a.impegni = [impegno(250_000, 'Associazione Pro Loco', null)];
  });
  b.step('istruttore', proloco, 'invia');
  b.step('dirigente', proloco, 'adotta');
}
