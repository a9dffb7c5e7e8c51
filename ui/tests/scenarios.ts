/**
 * Set-ups the UI tests and the accessibility run share, each through the real backend (and the
 * tools a clerk's counterpart would use: openssl, a smart card).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOFTHSM_MODULE } from './bridge';
import type { Backend } from './real-backend';
import type { Act, IdentityDto } from '../src/lib/gen/types';
import { DEMO_PIN } from './world';

const NO_REQUEST = { note: null, comments: [] };

/** A private key in PEM made by openssl in the test's folder (`algorithm`: genpkey's options). */
export function keyFile(backend: Backend, name: string, ...algorithm: string[]): string {
  const path = backend.file(name, '');
  execFileSync('openssl', ['genpkey', ...algorithm, '-out', path], { stdio: 'ignore' });
  return path;
}

/**
 * A signing identity of a test CA (the bridge's @identity, see its `args`), the CA then
 * trusted by the Comune's amministratore: as a Comune trusts the qualified providers' CAs.
 */
export async function trustedIdentity(backend: Backend, args: Record<string, unknown>): Promise<void> {
  const { ca_path } = await backend.call<{ ca_path: string }>('@identity', args);
  await backend.asAdmin(() => backend.call('trust_add_file', { path: ca_path }));
}

/** Giulia Bianchi, istruttore of the Comune of docs/comune.example.json (not the demo one). */
export const GIULIA = { username: 'g.bianchi', codice_fiscale: 'BNCGLI80A41H501C' };

/**
 * Giulia's certificate from a test CA, valid from 1 June 2026 to 1 June 2029: on a new SoftHSM2
 * token (`where.token`, its key `where.key_id`), or else in a PKCS#12 file of the test's folder
 * (password 123456), whose path it returns.
 */
export async function giuliaIdentity(backend: Backend, where?: { token: string; key_id: string }): Promise<string> {
  const p12 = join(backend.folder, 'bianchi.p12');
  await trustedIdentity(backend, {
    given_name: 'Giulia',
    surname: 'Bianchi',
    codice_fiscale: GIULIA.codice_fiscale,
    not_before: '2026-06-01T00:00:00Z',
    not_after: '2029-06-01T00:00:00Z',
    ...(where ?? { p12, password: DEMO_PIN }),
  });
  return p12;
}

/**
 * In the Comune of docs/comune.example.json (no signing devices), its istruttore drafts a
 * determinazione and sends it to its dirigente, «m.rossi», whose session it then is: act 1.
 */
export async function sentToDirigente(backend: Backend): Promise<void> {
  await backend.as('g.bianchi', 'm.rossi', async () => {
    const act = await backend.call<Act>('act_create', { kind: 'determinazione', oggetto: 'Acquisto di cancelleria', office: null });
    act.dispositivo = [{ text: 'di acquistare la cancelleria per gli uffici.' }];
    await backend.call('act_save', { act });
    await backend.call('iter_take', { id: act.id, action: 'invia', request: NO_REQUEST });
  });
}

/**
 * The world's delibera di Giunta (act 7) taken to its end: pareri given again, on the agenda,
 * approved in the session of today, signed by the sindaco and the segretario (n. 1/2026).
 */
export async function adoptDelibera7(backend: Backend): Promise<void> {
  const { user, today } = await backend.session();
  const as = (who: string, step: () => Promise<unknown>) => backend.as(who, user.username, step);
  const parere = (tipo: string) => backend.call('parere_sign', { id: 7, tipo, esito: 'favorevole', motivazione: '', pin: DEMO_PIN });
  await as('dirigente', () => parere('tecnico'));
  await as('ragioniere', () => parere('contabile'));
  await as('segretario', () => approveInSession(backend, 7, today));
  await as('sindaco', () => backend.call('sign', { id: 7, pin: DEMO_PIN }));
  await as('segretario', () => backend.call('sign', { id: 7, pin: DEMO_PIN }));
}

/**
 * The world's verbale (act 2) not contested on the spot (the owner was absent), its party
 * identified today, signed by the agente: it waits for its notification. As the agente.
 */
export async function verbaleDaNotificare(backend: Backend): Promise<void> {
  const { user, today } = await backend.session();
  await backend.as('agente', user.username, async () => {
    const act = await backend.call<Act>('act_get', { id: 2 });
    act.verbale = { ...act.verbale!, mancata_contestazione: 'd', identificato_il: today };
    await backend.call('act_save', { act });
    await backend.call('iter_take', { id: 2, action: 'redigi', request: { note: null, comments: [], conferma_dati: [] } });
    await backend.call('sign', { id: 2, pin: DEMO_PIN });
  });
}

/**
 * The world's delibera (act 7) with its pareri given again, on the ordine del giorno of a session of
 * the Giunta convened today (session 1); `aperta`: opened too, Francesca Gallo absent with
 * justification. As the segretario.
 */
export async function convenedGiunta(backend: Backend, aperta = false): Promise<void> {
  const { user, today } = await backend.session();
  const as = (who: string, step: () => Promise<unknown>) => backend.as(who, user.username, step);
  const parere = (tipo: string) => backend.call('parere_sign', { id: 7, tipo, esito: 'favorevole', motivazione: '', pin: DEMO_PIN });
  await as('dirigente', () => parere('tecnico'));
  await as('ragioniere', () => parere('contabile'));
  await as('segretario', async () => {
    const seduta = (await backend.call('seduta_new', {
      fatto: { type: 'convocata', organo: 'giunta', tipo: 'ordinaria', convocazione: 'prima', data: today, ora: '09:30', luogo: 'Sala della Giunta', videoconferenza: false },
    })) as { id: number };
    const record = (fatto: unknown) => backend.call('seduta_record', { id: seduta.id, fatto });
    await record({ type: 'iscritto', atto: 7, oggetto: '', maggioranza: 'votanti' });
    if (aperta) {
      await record({ type: 'aperta', presenti: ['ferrari', 'marino', 'greco', 'conti'], giustificati: ['gallo'], presiede: '', segretario: '' });
    }
  });
}

/**
 * A session of the demo Giunta on `day` that approves the proposal `id` unanimously: convened,
 * the proposal on its ordine del giorno, the roll call (all five present), the vote by name,
 * closed. As the segretario.
 */
export async function approveInSession(backend: Backend, id: number, day: string): Promise<void> {
  const giunta = ['ferrari', 'marino', 'greco', 'conti', 'gallo'];
  const seduta = (await backend.call('seduta_new', {
    fatto: { type: 'convocata', organo: 'giunta', tipo: 'ordinaria', convocazione: 'prima', data: day, ora: '10:00', luogo: 'Sala della Giunta', videoconferenza: false },
  })) as { id: number };
  const record = (fatto: unknown) => backend.call('seduta_record', { id: seduta.id, fatto });
  await record({ type: 'iscritto', atto: id, oggetto: '', maggioranza: 'votanti' });
  await record({ type: 'aperta', presenti: giunta, giustificati: [], presiede: '', segretario: '' });
  await record({ type: 'votazione', punto: 1, favorevoli: giunta, contrari: [], astenuti: [], non_partecipano: [], immediata: null });
  await record({ type: 'chiusa' });
}

/** The signed original of an adopted act (PAdES), saved where a clerk would. */
export async function signedOriginal(backend: Backend, id: number): Promise<string> {
  const path = join(backend.folder, `${id}-originale.pdf`);
  await backend.call('document_save', { id, pubblicazione: false, path });
  return path;
}

/**
 * A .p7m (CAdES, made by openssl) of «Mario Bianchi», whose certificate comes from a CA this
 * Comune does not know; then one byte of its content changed.
 */
export async function alteredP7m(backend: Backend): Promise<string> {
  const p12 = join(backend.folder, 'bianchi.p12');
  await backend.call('@identity', {
    given_name: 'Mario',
    surname: 'Bianchi',
    codice_fiscale: 'BNCMRA80A01H501U',
    // openssl writes the machine's time as the signing time: valid on any day the tests run.
    not_before: '2000-01-01T00:00:00Z',
    not_after: '2099-12-31T00:00:00Z',
    p12,
    password: '123456',
  });
  const pem = join(backend.folder, 'bianchi.pem');
  execFileSync('openssl', ['pkcs12', '-in', p12, '-passin', 'pass:123456', '-nodes', '-out', pem]);
  const offer = backend.file('offerta.pdf', 'Offerta economica: euro 1.000,00\n');
  const p7m = join(backend.folder, 'offerta-alterato.pdf.p7m');
  execFileSync('openssl', ['cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', '-in', offer, '-signer', pem, '-out', p7m]);
  const bytes = readFileSync(p7m);
  const at = bytes.indexOf('1.000,00');
  bytes[at] = '9'.charCodeAt(0);
  writeFileSync(p7m, bytes);
  return p7m;
}

/** The Comune's amministratore allows the SoftHSM2 driver, the smart card of the tests. */
export async function allowSoftHsm(backend: Backend): Promise<void> {
  const allowed = await backend.call<string[]>('pkcs11_modules');
  await backend.asAdmin(() => backend.call('pkcs11_modules_set', { modules: [...allowed, SOFTHSM_MODULE] }));
}

/**
 * The sindaco's smart card: a SoftHSM2 token (label «Firma digitale», key 01) whose certificate
 * expires on 10 December 2026, set as the sindaco's device. Returns the sindaco's codice fiscale.
 */
export async function expiringSmartCard(backend: Backend): Promise<string> {
  const { user } = await backend.session();
  await allowSoftHsm(backend);
  return backend.as('sindaco', user.username, async () => {
    const demo = await backend.call<IdentityDto>('my_identity');
    await trustedIdentity(backend, {
      given_name: 'Laura',
      surname: 'Ferrari',
      codice_fiscale: demo.certificate.codice_fiscale,
      not_before: '2025-01-15T00:00:00Z',
      not_after: '2026-12-10T12:00:00Z',
      token: 'Firma digitale',
      key_id: '01',
    });
    await backend.call('my_identity_add', {
      input: { source: 'pkcs11', module: SOFTHSM_MODULE, token_label: 'Firma digitale', key_id: '01' },
      pin: null,
    });
    return demo.certificate.codice_fiscale!;
  });
}
