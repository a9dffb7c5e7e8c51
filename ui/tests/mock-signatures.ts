/**
 * Demo data of signatures and of the document server for the in-memory backend (tests/fixtures.ts):
 * the signing identities of the demo users, the reports of verify_signed_path, the steps of
 * server_test, the outbox of the adopted demo acts. Messages as atti-app and atti-sign write them.
 */
import type {
  IdentityDto,
  OutboxEntryDto,
  ServerTestDto,
  SignatureCheckDto,
  VerifyReportDto,
} from '../src/lib/gen/types';

/** The PIN that opens every demo device; "0000" (or anything else) is wrong. */
export const RIGHT_PIN = '123456';
export const WRONG_PIN_MESSAGE = 'PIN errato: restano 2 tentativi prima del blocco del dispositivo di firma';

const ISSUER = 'CA di prova del Comune di Esempio';

function identity(
  username: string,
  name: string,
  cf: string,
  notAfter: string,
  warnings: string[] = [],
  description = 'Smart card (PKCS#11): token «Firma digitale»',
): IdentityDto {
  return {
    username,
    description,
    certificate: {
      common_name: name,
      codice_fiscale: cf,
      issuer: ISSUER,
      not_before: '2025-01-15T00:00:00Z',
      not_after: notAfter,
      non_repudiation: true,
    },
    warnings,
  };
}

/** The codice fiscale of each demo user (atti-store users), which their certificate must carry. */
export const CODICI_FISCALI: Record<string, string> = {
  istruttore: 'BNCGLI85M41H501T',
  dirigente: 'RSSMRC70A01H501X',
  ragioniere: 'VRDNNA75L52H501Q',
  segretario: 'SPSPLA65M12F839K',
  sindaco: 'FRRLRA68C41H501Z',
  presidente: 'RMNLCU72E05H501P',
  agente: 'CLMSRA90D45F205W',
};

/** The password of every demo PKCS#12 file ("0000", or anything else, is wrong). */
export const RIGHT_P12_PASSWORD = '123456';
export const WRONG_P12_PASSWORD_MESSAGE = 'Password del file PKCS#12 errata.';
/** identity_add with the token label «assente»: the token is not there. */
export const TOKEN_NOT_FOUND_MESSAGE =
  'Dispositivo di firma non trovato: nessun token «assente» nel modulo PKCS#11 indicato; collegare la smart card o il token e riprovare.';

/** The identity identity_add makes for a user (a fresh certificate, valid for three years). */
export function addedIdentity(username: string, name: string, description: string, today: string): IdentityDto {
  const year = Number(today.slice(0, 4));
  const id = identity(username, name, CODICI_FISCALI[username] ?? '', `${year + 3}${today.slice(4, 10)}T00:00:00Z`, [], description);
  id.certificate.not_before = `${today.slice(0, 10)}T00:00:00Z`;
  return id;
}

/** Who has a signing device in the demo (the istruttore and the agente have none). */
export function demoIdentities(): Map<string, IdentityDto> {
  return new Map([
    ['dirigente', identity('dirigente', 'Marco Rossi', 'RSSMRC70A01H501X', '2028-01-15T00:00:00Z')],
    [
      'sindaco',
      identity('sindaco', 'Laura Ferrari', 'FRRLRA68C41H501Z', '2026-12-10T00:00:00Z', [
        'il certificato di firma scade il 10/12/2026 (tra 14 giorni): chiedere il rinnovo all’ufficio informatico',
      ]),
    ],
    [
      'segretario',
      identity('segretario', 'Paolo Esposito', 'SPSPLA65M12F839K', '2027-06-30T00:00:00Z', [], 'File PKCS#12: /home/paolo/firma/esposito.p12'),
    ],
    ['presidente', identity('presidente', 'Luca Romano', 'RMNLCU72E05H501P', '2027-09-01T00:00:00Z')],
    ['ragioniere', identity('ragioniere', 'Anna Verdi', 'VRDNNA75L52H501Q', '2027-03-01T00:00:00Z')],
  ]);
}

function check(signer: string, cf: string | null, time: string, problems: string[] = [], over: Partial<SignatureCheckDto> = {}): SignatureCheckDto {
  return {
    valid: problems.length === 0,
    signer,
    codice_fiscale: cf,
    issuer: ISSUER,
    signing_time: time,
    intact: true,
    covers_whole_file: true,
    trusted: true,
    problems,
    ...over,
  };
}

/** A PAdES PDF signed by the dirigente and the segretario: valid. */
export function validReport(): VerifyReportDto {
  return {
    format: 'PAdES',
    valid: true,
    signatures: [
      check('Marco Rossi', 'RSSMRC70A01H501X', '2026-11-26T09:50:00Z'),
      check('Paolo Esposito', 'SPSPLA65M12F839K', '2026-11-26T10:05:00Z'),
    ],
  };
}

/** A .p7m altered after signing, by a certificate of an unknown authority: not valid. */
export function invalidReport(): VerifyReportDto {
  return {
    format: 'CAdES',
    valid: false,
    signatures: [
      check(
        'Mario Bianchi',
        null,
        '2026-10-02T08:15:00Z',
        [
          'il contenuto è stato modificato dopo la firma',
          'il certificato non è rilasciato da un’autorità riconosciuta (né dall’elenco di fiducia né dal Comune)',
        ],
        { issuer: 'Autorità sconosciuta S.p.A.', intact: false, trusted: false },
      ),
    ],
  };
}

/** The verify report for a path: "alterato" or "non-valido" in the name give the invalid one. */
export function reportFor(path: string): VerifyReportDto {
  return /alterato|non-valido/i.test(path) ? invalidReport() : validReport();
}

export const DEMO_SERVER = { url: 'https://documenti.comune-esempio.it/dav/atti/', user: 'atti-protocollo' };

/** server_test with every step passed, or with the credentials refused. */
export function serverTestReport(credentialsOk: boolean): ServerTestDto {
  const steps = [
    { name: 'Raggiungibilità', ok: true, message: 'Il server risponde (documenti.comune-esempio.it, porta 443).' },
    { name: 'TLS', ok: true, message: 'Certificato valido, rilasciato dalla CA del Comune; TLS 1.3.' },
    credentialsOk
      ? { name: 'Credenziali', ok: true, message: 'Accesso riuscito come «atti-protocollo».' }
      : { name: 'Credenziali', ok: false, message: 'Il server ha rifiutato utente o password (401): controllarli.' },
    credentialsOk
      ? { name: 'Permesso di scrittura', ok: true, message: 'Scritto e cancellato un file di prova nella cartella degli atti.' }
      : { name: 'Permesso di scrittura', ok: false, message: 'Non verificato: prima vanno corrette le credenziali.' },
  ];
  return { ok: steps.every((s) => s.ok), steps };
}

/** The folder of an act's package on the server. */
export function remoteDir(kind: string, numero: string | null, id: number): string {
  const [n, y] = (numero ?? `0/2026`).split('/');
  return `esempio/${y}/${kind}/${String(n).padStart(4, '0')}-atto-${id}`;
}

/** The outbox of the demo: act 8 sent and verified, act 9 in conflict, act 10 queued. */
export function demoOutbox(at: string): OutboxEntryDto[] {
  const entry = (act_id: number, dir: string, name: string, size: number, state: string, detail: string | null = null): OutboxEntryDto => ({
    act_id,
    remote_path: `${dir}/${name}`,
    size,
    state,
    state_label: SYNC_LABELS[state] ?? 'Richiede attenzione',
    detail,
    updated_at: at,
  });
  const d8 = remoteDir('determinazione', '1/2026', 8);
  const d9 = remoteDir('determinazione', '2/2026', 9);
  const d10 = remoteDir('determinazione', '3/2026', 10);
  return [
    entry(8, d8, '8-determinazione.pdf', 184_220, 'verificato'),
    entry(8, d8, 'metadati.xml', 2_310, 'verificato'),
    entry(
      9,
      d9,
      '9-determinazione.pdf',
      190_004,
      'conflitto',
      'sul server c’è già un file diverso con questo nome: non è stato sovrascritto; chiedere all’ufficio informatico quale dei due è corretto',
    ),
    entry(10, d10, '10-determinazione.pdf', 201_876, 'in-coda'),
    entry(10, d10, '10-determinazione-pubblicazione.pdf', 199_410, 'in-coda'),
    entry(10, d10, 'metadati.xml', 2_402, 'in-coda'),
  ];
}

/** atti-app sync.rs state_label. */
export const SYNC_LABELS: Record<string, string> = {
  'in-coda': 'In coda',
  verificato: 'Inviato e verificato',
  conflitto: 'Conflitto',
  attenzione: 'Richiede attenzione',
};
