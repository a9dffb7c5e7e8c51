/**
 * The rules of the later control of regularity (TUEL art. 147-bis) as atti-core's controllo.rs has
 * them, for the in-memory backend: the reproducible draw (SHA-256 of «seme|numero», lowest scores
 * drawn, rounded up), the checks of the terms of a draw and of an outcome, with the same fields and
 * messages.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { EsitoControllo, FieldError } from '../src/lib/gen/types';

/** SHA-256 of the UTF-8 of `text`, lowercase hex (synchronous: the mock answers IPC at once). */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** atti-core sample_size: rounded up, so that a period with an act has one checked. */
export function sampleSize(candidates: number, percent: number): number {
  return Math.min(candidates, Math.ceil((candidates * percent) / 100));
}

/** atti-core score: SHA-256 of «seed|numero». */
export function score(seed: string, numero: string): string {
  return sha256Hex(`${seed}|${numero}`);
}

/** atti-core draw: the numbers with the lowest scores. */
export function draw(seed: string, numeri: string[], percent: number): string[] {
  return numeri
    .map((n) => [score(seed, n), n] as const)
    .sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : p[1] < q[1] ? -1 : p[1] > q[1] ? 1 : 0))
    .slice(0, sampleSize(numeri.length, percent))
    .map(([, n]) => n);
}

export const ESITO_LABELS: Record<EsitoControllo, string> = {
  regolare: 'Regolare',
  'con-osservazioni': 'Regolare con osservazioni',
  irregolare: 'Irregolare',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** atti-app parse_day: the message of a day that is not YYYY-MM-DD (no field, as there). */
export function badDay(field: string, text: string): string | null {
  const t = text.trim();
  return DAY.test(t) && !Number.isNaN(Date.parse(`${t}T00:00:00Z`)) ? null : `${field}: data non valida «${text}» (formato AAAA-MM-GG)`;
}

/** The day after a civil date "YYYY-MM-DD". */
function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * atti-core validate_draw (days as YYYY-MM-DD, compared as text); `previousEnd`: the last day of
 * the previous draw of the kind, which the period must follow at once.
 */
export function validateDraw(
  from: string,
  to: string,
  today: string,
  percent: number,
  seed: string,
  previousEnd: string | null = null,
): FieldError[] {
  const errors: FieldError[] = [];
  if (from > to) errors.push({ field: 'from', message: "l'inizio del periodo è dopo la fine" });
  if (previousEnd !== null && from !== nextDay(previousEnd)) {
    const next = nextDay(previousEnd);
    const why = from < next ? 'si sovrapporrebbe al sorteggio precedente' : 'lascerebbe giorni senza controllo';
    errors.push({
      field: 'from',
      message: `il periodo deve iniziare il ${next.split('-').reverse().join('/')}, il giorno dopo la fine del sorteggio precedente: così ${why}`,
    });
  }
  if (to >= today) {
    errors.push({ field: 'to', message: 'il periodo deve essere concluso: il sorteggio riguarda atti adottati fino a ieri' });
  }
  if (!(percent >= 1 && percent <= 100)) errors.push({ field: 'percent', message: 'la percentuale va da 1 a 100' });
  if ([...seed.trim()].length < 8) {
    errors.push({
      field: 'seed',
      message: "il seme del sorteggio è obbligatorio (almeno 8 caratteri), ad esempio i numeri di un'estrazione pubblica",
    });
  }
  return errors;
}

/** atti-core validate_esito. */
export function validateEsito(esito: EsitoControllo, note: string): FieldError[] {
  const errors: FieldError[] = [];
  if (esito !== 'regolare' && note.trim() === '') {
    errors.push({
      field: 'note',
      message: `con l'esito «${ESITO_LABELS[esito]}» la nota è obbligatoria: indicare che cosa è stato rilevato`,
    });
  }
  if ([...note].length > 10_000) errors.push({ field: 'note', message: 'la nota supera i 10000 caratteri' });
  return errors;
}

/** atti-app ValidationError -> AppError message. */
export function validationMessage(errors: FieldError[]): string {
  const list = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return errors.length === 1 ? `dati non validi: ${list}` : `dati non validi (${errors.length} errori): ${list}`;
}
