/**
 * The rules of the later control of regularity (TUEL art. 147-bis) as atti-core's controllo.rs has
 * them, for the in-memory backend: the reproducible draw (SHA-256 of «seme|numero», lowest scores
 * drawn, rounded up), the checks of the terms of a draw and of an outcome, with the same fields and
 * messages.
 */
import type { EsitoControllo, FieldError } from '../src/lib/gen/types';

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/** SHA-256 of the UTF-8 of `text`, lowercase hex (synchronous: the mock answers IPC at once). */
export function sha256Hex(text: string): string {
  const data = new TextEncoder().encode(text);
  const bits = data.length * 8;
  const padded = new Uint8Array(Math.ceil((data.length + 9) / 64) * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(padded.length - 4, bits >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!];
    for (let i = 0; i < 64; i++) {
      const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + s1 + ch + K[i]! + w[i]!) >>> 0;
      const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (s0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0]! + a) >>> 0;
    h[1] = (h[1]! + b) >>> 0;
    h[2] = (h[2]! + c) >>> 0;
    h[3] = (h[3]! + d) >>> 0;
    h[4] = (h[4]! + e) >>> 0;
    h[5] = (h[5]! + f) >>> 0;
    h[6] = (h[6]! + g) >>> 0;
    h[7] = (h[7]! + hh) >>> 0;
  }
  return [...h].map((x) => x.toString(16).padStart(8, '0')).join('');
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

/** atti-core validate_draw (days as YYYY-MM-DD, compared as text). */
export function validateDraw(from: string, to: string, today: string, percent: number, seed: string): FieldError[] {
  const errors: FieldError[] = [];
  if (from > to) errors.push({ field: 'from', message: "l'inizio del periodo è dopo la fine" });
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
