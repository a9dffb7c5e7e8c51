/**
 * What the UI needs to know of the iter besides IterStatus: which
 * parere a role gives in which state, the names of esiti and kinds of ordinanza, and the parts of an
 * act a comment can refer to. The rules stay in atti-core: these mirror it only to choose what to
 * show (the backend decides, and refuses with a message when the UI is wrong).
 */
import type { Act, SectionComment, TimelineEntry } from './gen/types';
import { SECTION_HEADINGS } from './session.svelte';

// The names of pareri, esiti and kinds of ordinanza, as atti-core gives them.
export { ESITI, ESITO_LABELS, PARERE_LABELS, TIPI_ORDINANZA, TIPO_ORDINANZA_LABELS } from './gen/domain';

/** "Parere di regolarità tecnica" */
export function capitalize(s: string): string {
  return s.charAt(0).toLocaleUpperCase('it-IT') + s.slice(1);
}

/** A part of the act a comment can refer to: its field path and its name. */
export type CommentTarget = { field: string; label: string };

/** Oggetto, each section, each point of the dispositivo (and the impegni, the verbale). */
export function commentTargets(act: Act): CommentTarget[] {
  const out: CommentTarget[] = [{ field: 'oggetto', label: 'Oggetto' }];
  if (act.verbale) {
    out.push({ field: 'verbale', label: 'Dati dell’accertamento' });
    return out;
  }
  act.sections.forEach((s, i) => {
    out.push({ field: `sections[${i}].text`, label: `Sezione ${i + 1} (${SECTION_HEADINGS[s.kind]})` });
  });
  act.dispositivo.forEach((_, i) => {
    out.push({ field: `dispositivo[${i}].text`, label: `Punto ${i + 1} del dispositivo` });
  });
  if (act.impegni.length > 0) out.push({ field: 'impegni', label: 'Impegni di spesa' });
  return out;
}

/** The most recent return of the act ("restituisci"), if any. */
export function latestReturn(entries: TimelineEntry[]): TimelineEntry | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i]!.action === 'restituisci') return entries[i]!;
  }
  return null;
}

/**
 * The most recent return and, once the act has been sent again after it, that step: the return's
 * comments are waiting for the drafter until then, and answered after.
 */
export function lastReturn(entries: TimelineEntry[]): { returned: TimelineEntry; resent: TimelineEntry | null } | null {
  const returned = latestReturn(entries);
  if (!returned) return null;
  const resent = entries.find((e) => e.seq > returned.seq && (e.action === 'invia' || e.action === 'proponi')) ?? null;
  return { returned, resent };
}

/** Comments grouped by the field they refer to. */
export function commentsByField(comments: SectionComment[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of comments) (out[c.field] ??= []).push(c.text);
  return out;
}
