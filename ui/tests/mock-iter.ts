/**
 * The iter of atti-core (crates/atti-core/src/iter.rs, parere.rs, dates.rs) for the in-memory
 * backend: the transition table of each kind, who may take each action, the guards and the
 * refusal messages, the options open to a role, the timeline labels. Test code only: the UI never
 * decides these rules, it shows what the backend answers.
 */
import type {
  Act,
  ActKind,
  ActState,
  Action,
  ActionOption,
  AppErrorDto,
  Esito,
  LinkDto,
  ParereTipo,
  Role,
  Seduta,
  StateInfo,
} from '../src/lib/gen/types';
import {
  ACTION_CONFIRMATIONS,
  ACTION_INFINITIVES,
  ACTION_LABELS,
  EDITABLE_STATES,
  ESITO_LABELS,
  KIND_WITH_ARTICLE,
  NEEDS_NOTE,
  NEEDS_SEDUTA,
  NUMBERING_ACTIONS,
  PARERE_LABELS,
  PARERE_ROLES,
  PARERE_WHEN,
  ROLE_LABELS,
  SIGNATURE_ACTIONS,
  SIGNERS,
  STATE_LABELS,
  TRANSITIONS,
  type Guard,
  type Transition,
  type Who,
} from '../src/lib/gen/domain';

// The tables come from atti-core (generated: ../src/lib/gen/domain.ts); the decisions below
// are held to atti-core's by iter-cases.test.ts, on the cases atti-app exports.
export {
  ACTION_LABELS,
  ESITO_LABELS,
  PARERE_LABELS,
  ROLE_LABELS,
  STATE_LABELS,
  TRANSITIONS,
} from '../src/lib/gen/domain';

export const ALL_STATES: StateInfo[] = (Object.keys(STATE_LABELS) as ActState[]).map((state) => ({
  state,
  label: STATE_LABELS[state],
  editable: EDITABLE_STATES.includes(state),
}));

export const needsNote = (a: Action) => NEEDS_NOTE.includes(a);
export const needsSeduta = (a: Action) => NEEDS_SEDUTA.includes(a);
export const isDelibera = (k: ActKind) => k === 'delibera-giunta' || k === 'delibera-consiglio';

export function transitions(kind: ActKind): readonly Transition[] {
  return TRANSITIONS[kind];
}

export function signers(act: Act): Role[] {
  return [...(act.tipo_ordinanza === 'dirigenziale' ? SIGNERS[act.kind].dirigenziale : SIGNERS[act.kind].sindacale)];
}

function admits(who: Who, role: Role, act: Act): boolean {
  return typeof who === 'string' ? signers(act).includes(role) : who.includes(role);
}

// --- facts and decisions -----------------------------------------------------------------------

export type Parere = {
  tipo: ParereTipo;
  esito: Esito;
  motivazione: string;
  author: string;
  given_at: string;
  version: number;
};

/** What the store keeps of the iter of an act. */
export type Facts = {
  pareri: Parere[];
  signed_by: Role[];
  seduta: Seduta | null;
  adoption: string | null;
  publication_start: string | null;
  numero: string | null;
  links: LinkDto[];
};

export function noFacts(): Facts {
  return { pareri: [], signed_by: [], seduta: null, adoption: null, publication_start: null, numero: null, links: [] };
}

export type Outcome = { to: ActState; assignsNumber: boolean; recordsSignature: boolean };

export class Refusal {
  constructor(
    readonly code: AppErrorDto['code'],
    readonly message: string,
  ) {}
}

/** Adds days to a civil date "YYYY-MM-DD". */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const dmy = (date: string) => date.split('-').reverse().join('/');

export const publicationEnd = (start: string) => addDays(start, 14);
export const esecutivitaDelibera = (adoption: string, start: string, immediata: boolean) =>
  immediata ? adoption : addDays(start, 10);
export const notificaDeadline = (violation: string) => addDays(violation, 90);

function latest(pareri: Parere[], tipo: ParereTipo): Parere | undefined {
  return pareri.findLast((p) => p.tipo === tipo);
}

function checkParere(act: Act, facts: Facts, tipo: ParereTipo, mustBeFavorable: boolean): string | null {
  const p = latest(facts.pareri, tipo);
  if (!p) return `manca il ${PARERE_LABELS[tipo]}`;
  if (act.version > p.version) {
    return `il ${PARERE_LABELS[tipo]} è da rinnovare: il testo è cambiato dopo il parere (dato sulla versione ${p.version}, ora ${act.version})`;
  }
  if (mustBeFavorable && p.esito !== 'favorevole') return `il ${PARERE_LABELS[tipo]} è ${ESITO_LABELS[p.esito]}`;
  return null;
}

function checkGuard(
  guard: Guard,
  act: Act,
  facts: Facts,
  role: Role,
  seduta: Seduta | null,
  today: string,
  complete: (act: Act) => string | null,
): string | null {
  switch (guard) {
    case 'complete': {
      const e = complete(act);
      return e === null ? null : `l'atto non è completo: ${e}`;
    }
    case 'parere-tecnico':
      return checkParere(act, facts, 'tecnico', false);
    case 'parere-contabile':
      return act.impegni.length === 0 && !latest(facts.pareri, 'contabile')
        ? null
        : checkParere(act, facts, 'contabile', false);
    case 'visto-favorevole':
      return checkParere(act, facts, 'visto-contabile', true);
    case 'votes-approve':
      if (!seduta) return 'mancano i dati della seduta';
      return seduta.favorevoli > seduta.contrari
        ? null
        : `la proposta non ha la maggioranza: ${seduta.favorevoli} favorevoli, ${seduta.contrari} contrari`;
    case 'votes-reject':
      if (!seduta) return 'mancano i dati della seduta';
      return seduta.favorevoli <= seduta.contrari
        ? null
        : `con ${seduta.favorevoli} favorevoli e ${seduta.contrari} contrari la proposta è approvata, non respinta`;
    case 'not-signed-yet':
      return facts.signed_by.includes(role) ? `l'atto è già firmato dal ${ROLE_LABELS[role].toLowerCase()}` : null;
    case 'is-contingibile':
      return act.tipo_ordinanza === 'contingibile'
        ? null
        : 'solo le ordinanze contingibili e urgenti (art. 54 c.4 TUEL) si comunicano al prefetto';
    case 'prefetto-if-contingibile':
      return act.tipo_ordinanza === 'contingibile'
        ? "un'ordinanza contingibile e urgente (art. 54 c.4 TUEL) va comunicata prima al prefetto"
        : null;
    case 'esecutivita-reached': {
      if (!facts.adoption || !facts.publication_start) return 'la delibera non risulta pubblicata';
      const day = esecutivitaDelibera(facts.adoption, facts.publication_start, !!facts.seduta?.immediatamente_eseguibile);
      return today >= day
        ? null
        : `la delibera diventa esecutiva il ${dmy(day)} (undicesimo giorno di pubblicazione, art. 134 c.3 TUEL)`;
    }
    case 'entro-90-giorni': {
      const violation = act.verbale?.data;
      if (!violation) return 'manca la data della violazione';
      const last = notificaDeadline(violation);
      return today <= last
        ? null
        : `termine per la notifica scaduto il ${dmy(last)} (90 giorni dalla violazione, art. 201 c.1 CdS)`;
    }
  }
}

export type Input = { note: string | null; seduta: Seduta | null };

/** atti-core iter::decide: where `action` leads, or the refusal with its message. */
export function decide(
  act: Act,
  facts: Facts,
  action: Action,
  role: Role,
  username: string,
  input: Input,
  today: string,
  complete: (act: Act) => string | null,
): Outcome {
  const table = transitions(act.kind);
  const tr = table.find((x) => x.from === act.state && x.action === action);
  if (!tr) {
    const here = table.filter((x) => x.from === act.state).map((x) => x.action);
    const hint = here.length === 0 ? 'nessuna azione è più possibile' : `azioni possibili: ${here.join(', ')}`;
    throw new Refusal(
      'not-allowed',
      `non si può ${ACTION_INFINITIVES[action]} ${KIND_WITH_ARTICLE[act.kind]} nello stato «${STATE_LABELS[act.state]}» (${hint})`,
    );
  }
  if (!admits(tr.who, role, act)) {
    throw new Refusal(
      'forbidden',
      `l'utente ${username} (${ROLE_LABELS[role].toLowerCase()}) non può ${ACTION_INFINITIVES[action]} ${KIND_WITH_ARTICLE[act.kind]}`,
    );
  }
  if (needsNote(action) && (input.note ?? '').trim() === '') {
    throw new Refusal('invalid-input', `per ${ACTION_INFINITIVES[action].split(' ')[0]} serve una motivazione`);
  }
  let seduta: Seduta | null = null;
  if (needsSeduta(action)) {
    seduta = input.seduta;
    if (!seduta) {
      throw new Refusal('invalid-input', 'mancano i dati della seduta (data, presenti, voti favorevoli, contrari, astenuti)');
    }
    if (seduta.presenti === 0) throw new Refusal('invalid-input', 'la seduta deve avere almeno un presente');
    const voters = seduta.favorevoli + seduta.contrari + seduta.astenuti;
    if (voters > seduta.presenti) {
      throw new Refusal(
        'invalid-input',
        `i voti (${voters} tra favorevoli, contrari e astenuti) superano i presenti (${seduta.presenti})`,
      );
    }
  }
  for (const g of tr.guards) {
    const m = checkGuard(g, act, facts, role, seduta, today, complete);
    if (m !== null) throw new Refusal('not-allowed', m);
  }
  let next: ActState;
  const target = tr.to;
  if ('to' in target) next = target.to;
  else if ('with' in target) next = act.impegni.length === 0 ? target.without : target.with;
  else if ('yes' in target) next = facts.seduta?.immediatamente_eseguibile ? target.yes : target.no;
  else {
    const done = signers(act).every((r) => r === role || facts.signed_by.includes(r));
    next = done ? target.allSigned : act.state;
  }
  return {
    to: next,
    assignsNumber: NUMBERING_ACTIONS.includes(action),
    recordsSignature: SIGNATURE_ACTIONS.includes(action),
  };
}

/** atti-core iter::options. */
export function options(
  act: Act,
  facts: Facts,
  role: Role,
  today: string,
  complete: (act: Act) => string | null,
): ActionOption[] {
  return transitions(act.kind)
    .filter((x) => x.from === act.state && admits(x.who, role, act))
    .map((x) => {
      let blocked: string | null = null;
      for (const g of x.guards) {
        if (g === 'votes-approve' || g === 'votes-reject') continue;
        blocked = checkGuard(g, act, facts, role, null, today, complete);
        if (blocked !== null) break;
      }
      return {
        action: x.action,
        label: ACTION_LABELS[x.action],
        needs_note: needsNote(x.action),
        needs_seduta: needsSeduta(x.action),
        signature: SIGNATURE_ACTIONS.includes(x.action),
        blocked_by: blocked,
        confirm: ACTION_CONFIRMATIONS[x.action],
      };
    });
}

// --- pareri --------------------------------------------------------------------------------------

export function parereRole(tipo: ParereTipo): Role {
  return PARERE_ROLES[tipo];
}

export function parereApplies(tipo: ParereTipo, kind: ActKind, state: ActState): boolean {
  return PARERE_WHEN[tipo].some(([k, s]) => k === kind && s === state);
}

/** atti-core iter::check_parere_allowed. */
export function checkParereAllowed(act: Act, tipo: ParereTipo, esito: Esito, motivazione: string, role: Role, username: string) {
  if (!parereApplies(tipo, act.kind, act.state)) {
    throw new Refusal(
      'not-allowed',
      `il ${PARERE_LABELS[tipo]} non si esprime su ${KIND_WITH_ARTICLE[act.kind]} nello stato «${STATE_LABELS[act.state]}»`,
    );
  }
  if (role !== parereRole(tipo)) {
    throw new Refusal(
      'forbidden',
      `l'utente ${username} (${ROLE_LABELS[role].toLowerCase()}) non può esprimere il ${PARERE_LABELS[tipo]}: spetta al ${ROLE_LABELS[parereRole(tipo)].toLowerCase()}`,
    );
  }
  if (esito === 'non-favorevole' && motivazione.trim() === '') {
    throw new Refusal('invalid-input', `un ${PARERE_LABELS[tipo]} non favorevole deve essere motivato`);
  }
}

/** atti-app iter.rs timeline_label. */
export function timelineLabel(action: string, detail: Record<string, unknown>): string {
  const s = (k: string) => (typeof detail[k] === 'string' ? (detail[k] as string) : '');
  const n = (k: string) => (typeof detail[k] === 'number' ? (detail[k] as number) : 0);
  switch (action) {
    case 'crea':
      return 'Bozza creata';
    case 'salva':
      return `Salvata la versione ${n('version')}`;
    case 'parere': {
      const tipo = PARERE_LABELS[s('tipo') as ParereTipo] ?? 'parere';
      const esito = ESITO_LABELS[s('esito') as Esito] ?? '';
      const label = `Espresso il ${tipo}: ${esito}`;
      return label.charAt(0).toUpperCase() + label.slice(1);
    }
    case 'numero':
      return `Assegnato il numero ${n('number')}/${n('year')}`;
    case 'firma':
      return `Firmato (${ROLE_LABELS[s('role') as Role] ?? ''})`;
    case 'controllo-sorteggio':
      return `Estratto per il controllo successivo di regolarità (sorteggio n. ${n('controllo')})`;
    case 'controllo-esito': {
      const esito = ({ regolare: 'Regolare', 'con-osservazioni': 'Regolare con osservazioni', irregolare: 'Irregolare' } as Record<string, string>)[s('esito')];
      return `Controllo successivo di regolarità: ${esito ?? ''}`;
    }
    default: {
      const label = ACTION_LABELS[action as Action] ?? action;
      return `${label} → ${STATE_LABELS[s('to') as ActState] ?? ''}`;
    }
  }
}

// --- diff ----------------------------------------------------------------------------------------

const SECTION_HEADINGS = {
  premesso: 'Premesso che',
  visto: 'Visti e richiamati',
  considerato: 'Considerato che',
  ritenuto: 'Ritenuto',
  'dato-atto': 'Dato atto che',
} as const;

/** atti-app diff.rs parts (the impegni and the verbale in a simpler text form). */
export function diffParts(act: Act): [string, string][] {
  const out: [string, string][] = [['Oggetto', act.oggetto]];
  const counts = new Map<string, number>();
  for (const s of act.sections) {
    const n = (counts.get(s.kind) ?? 0) + 1;
    counts.set(s.kind, n);
    out.push([`${SECTION_HEADINGS[s.kind]} (${n})`, s.text]);
  }
  act.dispositivo.forEach((p, i) => out.push([`Dispositivo, punto ${i + 1}`, p.text]));
  out.push([
    'Impegni di spesa',
    act.impegni
      .map((i) => `${i.esercizio} cap. ${i.capitolo} ${(i.importo_centesimi / 100).toFixed(2).replace('.', ',')} € a ${i.beneficiario}${i.cig ? ` CIG ${i.cig}` : ''}${i.cup ? ` CUP ${i.cup}` : ''}`)
      .join('\n'),
  ]);
  out.push(['Allegati', act.attachments.map((a) => a.name).join('\n')]);
  if (act.verbale) out.push(['Verbale', JSON.stringify(act.verbale, null, 2)]);
  return out;
}

/** Words and the spaces between them, as similar's TextDiff::from_words splits them. */
function tokens(s: string): string[] {
  return s.match(/\s+|[^\s]+/g) ?? [];
}

/** A word diff by longest common subsequence, merged into runs of the same kind. */
export function wordDiff(before: string, after: string): { kind: string; text: string }[] {
  const a = tokens(before);
  const b = tokens(after);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const spans: { kind: string; text: string }[] = [];
  const push = (kind: string, text: string) => {
    const last = spans[spans.length - 1];
    if (last && last.kind === kind) last.text += text;
    else spans.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i]!);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      push('removed', a[i++]!);
    } else {
      push('added', b[j++]!);
    }
  }
  while (i < a.length) push('removed', a[i++]!);
  while (j < b.length) push('added', b[j++]!);
  return spans;
}
