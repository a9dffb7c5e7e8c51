/**
 * What the mock backend (tests/fixtures.ts) mirrors of atti-docs: the PDF it returns (a real
 * PDF/A made by `atti demo`: the 2-page deliberazione di Giunta n. 1/2026 of the demo Comune),
 * the contrassegno of certified copies (same text layout, a fake seal instead of ECDSA P-256)
 * and the detection of personal data proposed for omissis (omissis.rs), with its field paths.
 */
import type { Act, Proposal, ProposalKind, TokenClaims } from '../src/lib/gen/types';
import PDF_DATA_URL from './fixtures/atto.pdf?inline';

/** The fixture PDF, base64 (as document_pdf sends it). */
export const PDF_BASE64 = PDF_DATA_URL.slice(PDF_DATA_URL.indexOf(',') + 1);

export const VERIFICATION_URL = 'https://atti.comune-di-esempio.example/verifica';

/** A stand-in for the Comune's seal: a keyed FNV-1a, 22 base64url characters. */
export function fakeSeal(payload: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  let h = 0x9dc5811c;
  for (let round = 0; out.length < 22; round++) {
    for (let i = 0; i < payload.length; i++) {
      h ^= payload.charCodeAt(i) + round * 31;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += alphabet[h & 63]! + alphabet[(h >>> 6) & 63]! + alphabet[(h >>> 12) & 63]!;
  }
  return out.slice(0, 22);
}

/** "ATTI1|id|registro|numero|data|sha256|url|seal", as atti-docs contrassegno.rs writes it. */
export function makeToken(claims: Omit<TokenClaims, 'act_id'> & { act_id: number }): string {
  const payload = ['ATTI1', claims.act_id, claims.registro, claims.numero, claims.data, claims.sha256, claims.url].join('|');
  return `${payload}|${fakeSeal(payload)}`;
}

/**
 * What the QR code of a copy holds (atti-docs qr_payload): a link to the Comune's verification
 * page with the token after «#», its «|» written «%7C».
 */
export function qrPayload(token: string, url: string): string {
  return `${url}#${token.replaceAll('|', '%7C')}`;
}

/**
 * The token in what a QR reader or a clerk gives (atti-docs token_from_qr): the token itself, or
 * the part after «#» of a verification link, percent-escapes decoded (a stray «%» stays as it is).
 */
export function tokenFromQr(text: string): string {
  const trimmed = text.trim();
  const hash = trimmed.indexOf('#');
  const token = hash >= 0 && !trimmed.startsWith('ATTI1|') ? trimmed.slice(hash + 1) : trimmed;
  try {
    return decodeURIComponent(token);
  } catch {
    return token.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

/** The claims of a token, or the refusal message of atti-docs (code "invalid-input"). */
export function readToken(token: string): { claims: Omit<TokenClaims, 'act_id'> & { act_id: number } } | { error: string } {
  const parts = token.trim().split('|');
  if (parts[0] !== 'ATTI1') return { error: 'contrassegno non riconosciuto: non inizia con «ATTI1|»' };
  if (parts.length !== 8) return { error: `contrassegno non riconosciuto: ${parts.length} campi invece di 8` };
  const [, id, registro, numero, data, sha256, url, seal] = parts as [string, string, string, string, string, string, string, string];
  if (!/^\d+$/.test(id)) return { error: 'contrassegno non riconosciuto: identificativo dell’atto non valido' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(data)) return { error: 'contrassegno non riconosciuto: data non valida' };
  if (!/^[0-9a-f]{64}$/.test(sha256)) return { error: 'contrassegno non riconosciuto: impronta SHA-256 non valida' };
  if (fakeSeal(parts.slice(0, 7).join('|')) !== seal) return { error: 'il contrassegno non è autentico: la firma non corrisponde' };
  return { claims: { act_id: Number(id), registro, numero, data, sha256, url } };
}

/** Every text of an act that may carry personal data, with its field path (omissis.rs text_fields). */
function textFields(act: Act): [string, string][] {
  const out: [string, string][] = [['oggetto', act.oggetto]];
  act.sections.forEach((s, i) => out.push([`sections[${i}].text`, s.text]));
  act.dispositivo.forEach((p, i) => out.push([`dispositivo[${i}].text`, p.text]));
  act.impegni.forEach((imp, i) => out.push([`impegni[${i}].beneficiario`, imp.beneficiario]));
  act.attachments.forEach((a, i) => out.push([`attachments[${i}].name`, a.name]));
  const v = act.verbale;
  if (v) {
    out.push(['verbale.luogo', v.luogo], ['verbale.veicolo', v.veicolo], ['verbale.targa', v.targa], ['verbale.norma_violata', v.norma_violata]);
    for (const [name, p] of [['trasgressore', v.trasgressore], ['obbligato_solidale', v.obbligato_solidale]] as const) {
      if (!p) continue;
      out.push([`verbale.${name}.nome`, p.nome]);
      if (p.codice_fiscale) out.push([`verbale.${name}.codice_fiscale`, p.codice_fiscale]);
      out.push([`verbale.${name}.indirizzo`, p.indirizzo]);
    }
  }
  return out;
}

const PATTERNS: [ProposalKind, RegExp][] = [
  ['data-nascita', /\bnat[oa] (?:a [A-ZÀ-Ú][\wÀ-ú' ]*? )?il (\d{1,2}\/\d{1,2}\/\d{4})/g],
  // A landline needs its separator, so partite IVA (11 digits) are not phone numbers.
  ['telefono', /(?<![\w/])((?:\+39 ?)?3\d{2} ?\d{6,7}|0\d{1,3}[ /-]\d{5,8})(?![\w/])/g],
  ['email', /([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g],
  ['codice-fiscale', /\b([A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z])\b/g],
  ['iban', /\b(IT\d{2}[A-Z]\d{10}[0-9A-Z]{12})\b/g],
];

/** Personal data found in the act, not yet marked riservato (atti-app omissis_proposals). */
export function proposeOmissis(act: Act): Proposal[] {
  const out: Proposal[] = [];
  for (const [field, text] of textFields(act)) {
    const found: [number, string, ProposalKind][] = [];
    for (const [kind, re] of PATTERNS) {
      for (const m of text.matchAll(re)) found.push([m.index + m[0].indexOf(m[1]!), m[1]!, kind]);
    }
    found.sort((a, b) => a[0] - b[0]);
    for (const [, t, kind] of found) {
      if (!out.some((p) => p.field === field && p.text === t && p.kind === kind)) out.push({ field, text: t, kind });
    }
  }
  return out.filter((p) => !act.riservati.some((r) => r.text === p.text));
}

// --- the Comune's seal (atti-app seal.rs) ----------------------------------------------------

/** The fingerprint of the demo seal key (16 hex digits, as SealPublicKey::fingerprint). */
export const DEMO_SEAL_FINGERPRINT = '5a1d0c3e9b7f2468';

/** The refusal of atti-docs SealKey::from_pem for a key that is not P-256 (code "invalid-input"). */
export const NOT_P256_MESSAGE =
  'chiave di sigillo non valida: il file non contiene una chiave privata P-256 in PEM non cifrato (PKCS#8 «PRIVATE KEY» o «EC PRIVATE KEY»)';

/** The refusal of atti-app seal_key when the Comune has no seal key (code "not-allowed"). */
export const NO_SEAL_MESSAGE =
  'il Comune non ha ancora una chiave di sigillo per i contrassegni: generarla o importarla da Impostazioni › Sigillo dei contrassegni (oppure con «atti comune sigillo --genera» o «atti comune sigillo --importa FILE.pem»)';

/** The refusal of atti-app verification_page when the Comune has no seal key (code "not-allowed"). */
export const NO_SEAL_PAGE_MESSAGE =
  'il Comune non ha ancora una chiave di sigillo: la pagina di verifica non avrebbe nulla da verificare (Impostazioni › Sigillo dei contrassegni, o «atti comune sigillo --genera»)';

/** The refusal of atti-app set_verification_url (code "invalid-input"). */
export const VERIFICATION_URL_MESSAGE =
  'indirizzo della pagina di verifica non valido: serve un URL https:// senza spazi né «|» o «#», al massimo 200 caratteri';

/** 16 hex digits from a seed (FNV-1a, twice): the fingerprint of a mock key. */
export function sealFingerprint(seed: string): string {
  let out = '';
  for (const start of [0x811c9dc5, 0x050c5d1f]) {
    let h = start;
    for (let i = 0; i < seed.length; i++) {
      h ^= seed.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

/** A plausible P-256 public key in PEM (SubjectPublicKeyInfo, 91 bytes), made from a fingerprint. */
export function sealPublicKeyPem(fingerprint: string): string {
  const hex = '3059301306072a8648ce3d020106082a8648ce3d03010703420004' + fingerprint.repeat(8);
  let binary = '';
  for (let i = 0; i < hex.length; i += 2) binary += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  const b64 = btoa(binary);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return ['-----BEGIN PUBLIC KEY-----', ...lines, '-----END PUBLIC KEY-----', ''].join('\n');
}
