/**
 * Words of the sessions' screens: how a phase, an outcome and a majority read. The rules are the
 * core's (atti_core::seduta); these are labels only.
 */
import type { EsitoPunto, Fase, Maggioranza } from './gen/types';

export const FASE_LABEL: Record<Fase, string> = {
  convocata: 'Convocata',
  aperta: 'In corso',
  chiusa: 'Chiusa',
};

/** The majorities an item may need, as offered when it is put on the ordine del giorno. */
export const MAGGIORANZE: { value: string; label: string; rule: Maggioranza }[] = [
  { value: 'votanti', label: 'Maggioranza dei votanti (semplice)', rule: 'votanti' },
  { value: 'presenti', label: 'Maggioranza dei presenti', rule: 'presenti' },
  { value: 'componenti', label: 'Maggioranza assoluta dei componenti', rule: 'componenti' },
  { value: '2/3', label: 'Due terzi dei componenti', rule: { qualificata: { num: 2, den: 3 } } },
];

/** What became of an item, in a few words. */
export function esitoLabel(e: EsitoPunto): string {
  switch (e.esito) {
    case 'da-trattare':
      return 'Da trattare';
    case 'votato':
      return e.approvato ? 'Approvata' : 'Respinta';
    case 'rinviato':
      return `Rinviata: ${e.motivo}`;
    case 'ritirato':
      return `Ritirata: ${e.motivo}`;
  }
}
