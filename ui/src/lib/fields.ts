/**
 * Validation errors from the backend name the field by a path into the act:
 * "oggetto", "dispositivo[1].text", "impegni[0].cig", "verbale.trasgressore.nome".
 * Each input of the editor has the id fieldId(path), so messages go next to their input and the
 * summary at the top links to it.
 */
import type { FieldError } from './gen/types';

/** "impegni[0].cig" -> "f-impegni-0-cig" */
export function fieldId(path: string): string {
  return 'f-' + path.replace(/\[(\d+)\]/g, '-$1').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/-+$/, '');
}

/** The id of the element that shows the error message of a field. */
export function errorId(path: string): string {
  return `${fieldId(path)}-error`;
}

/** The id of the element that shows the comments received on a field (when the act was returned). */
export function commentId(path: string): string {
  return `${fieldId(path)}-osservazione`;
}

/** Messages by field path (several messages for one field are joined). */
export type FieldErrors = Record<string, string>;

export function byField(errors: FieldError[]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const prev = out[e.field];
    out[e.field] = prev ? `${prev} ${e.message}` : e.message;
  }
  return out;
}

/**
 * Finds the input for a path, or for the nearest enclosing path that has one
 * ("impegni[0]" -> the first input of impegno 1 when there is no element "f-impegni-0").
 */
export function findField(path: string, root: ParentNode = document): HTMLElement | null {
  let p = path;
  for (;;) {
    const el = root.querySelector<HTMLElement>(`[id="${fieldId(p)}"]`);
    if (el) return el;
    const prefixed = root.querySelector<HTMLElement>(`[id^="${fieldId(p)}-"]:is(input, textarea, select)`);
    if (prefixed) return prefixed;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return null;
    p = p.slice(0, cut);
  }
}

/** The attributes an input needs when its field has an error. */
export function invalidAttrs(errors: FieldErrors, path: string, hintId?: string) {
  const has = errors[path] !== undefined;
  const describedBy = [hintId, has ? errorId(path) : undefined].filter(Boolean).join(' ');
  return {
    'aria-invalid': has ? ('true' as const) : undefined,
    'aria-describedby': describedBy || undefined,
  };
}

const LABELS: Record<string, string> = {
  oggetto: 'Oggetto',
  kind: 'Tipo di atto',
  office: 'Ufficio proponente',
  tipo_ordinanza: 'Tipo di ordinanza',
  sections: 'Premesse',
  impegni: 'Impegni di spesa',
  text: 'testo',
  esercizio: 'esercizio',
  capitolo: 'capitolo',
  importo_centesimi: 'importo',
  beneficiario: 'beneficiario',
  cig: 'CIG',
  cup: 'CUP',
  sovvenzione: 'vantaggio economico',
  pubblicazione: 'Pubblicazione all’albo',
  giorni: 'giorni',
  norma: 'norma o titolo',
  modalita: 'modalità di individuazione',
  data: 'Data',
  ora: 'Ora',
  luogo: 'Luogo',
  veicolo: 'Veicolo',
  targa: 'Targa',
  norma_violata: 'Norma violata',
  sanzione_centesimi: 'Sanzione',
  sanzione_ridotta_centesimi: 'Sanzione ridotta',
  punti: 'Punti decurtati',
  agente_matricola: 'Matricola dell’agente',
  fatto: 'Descrizione del fatto',
  dichiarazioni: 'Dichiarazioni',
  mancata_contestazione: 'Contestazione',
  motivo_mancata_contestazione: 'Motivo della mancata contestazione',
  identificato_il: 'Data di identificazione',
  residente_estero: 'Residente all’estero',
  spese_centesimi: 'Spese',
  trasgressore: 'Trasgressore',
  obbligato_solidale: 'Obbligato in solido',
  nome: 'nome',
  codice_fiscale: 'codice fiscale',
  indirizzo: 'indirizzo',
};

/** A human name for a field path: "impegni[0].cig" -> "Impegno 1, CIG". */
export function fieldLabel(path: string): string {
  const parts: string[] = [];
  for (const seg of path.split('.')) {
    const m = /^(\w+)\[(\d+)\]$/.exec(seg);
    if (m) {
      const n = Number(m[2]) + 1;
      const name = m[1];
      parts.push(
        name === 'sections'
          ? `Sezione ${n}`
          : name === 'dispositivo'
            ? `Punto ${n} del dispositivo`
            : name === 'impegni'
              ? `Impegno ${n}`
              : `${name} ${n}`,
      );
    } else if (seg === 'verbale') {
      continue;
    } else if (seg === 'text' && parts.length > 0) {
      continue;
    } else {
      parts.push(LABELS[seg] ?? seg);
    }
  }
  const label = parts.join(', ');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** A link's click that leads to the field at `path`: the field focused, in the middle of the window. */
export function goToField(event: MouseEvent, path: string): void {
  const el = findField(path);
  if (!el) return;
  event.preventDefault();
  el.scrollIntoView?.({ block: 'center' });
  el.focus();
}

/**
 * A Svelte action: marks with `data-verificare` the fields at `paths` inside `node` (what a
 * draft duplicated from an earlier act still has as it was there), and no other.
 */
export function markFields(node: HTMLElement, paths: string[]) {
  const apply = (list: string[]) => {
    const marked = new Set(list.map((p) => findField(p, node)).filter((el): el is HTMLElement => el !== null));
    for (const el of node.querySelectorAll<HTMLElement>('[data-verificare]')) {
      if (!marked.has(el)) el.removeAttribute('data-verificare');
    }
    for (const el of marked) el.setAttribute('data-verificare', '');
  };
  apply(paths);
  return { update: apply };
}

/** What to say of a year not typed as four digits. */
export const YEAR_HINT = 'Scrivi l’anno con quattro cifre, per esempio 2026.';

/** A year typed as four digits, else null. */
export function parseYear(text: string): number | null {
  const t = text.trim();
  return /^\d{4}$/.test(t) ? Number(t) : null;
}
