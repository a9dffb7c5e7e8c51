// Generated from the Rust types by `cargo test -p atti-app` (ts-rs). Do not edit:
// change the Rust type and run `UPDATE_EXPECT=1 cargo test -p atti-app`.

export type ActId = number;

export type Modello = { 
/**
 * Its name, as the clerk chooses it («Affidamento diretto sotto 5.000 euro»).
 */
nome: string, 
/**
 * The kind of act it writes.
 */
kind: ActKind, 
/**
 * The office whose modello it is.
 */
office: string, 
/**
 * The oggetto, to be completed.
 */
oggetto: string, 
/**
 * The premesse.
 */
sections: Array<Section>, 
/**
 * The dispositivo.
 */
dispositivo: Array<DispositivoPoint>, 
/**
 * The usual impegni (their esercizio becomes the year of the new draft).
 */
impegni: Array<Impegno>, };

export type LoginInfo = { 
/**
 * Name of the Comune.
 */
comune: string, 
/**
 * Whether this is the demo Comune, where nobody logs in.
 */
demo: boolean, 
/**
 * The document server this PC knows (none before its first login).
 */
server_url: string | null, 
/**
 * Whether this PC has the CA certificate of the server's PKI.
 */
server_ca_set: boolean, 
/**
 * The last user who logged in on this PC (the login screen proposes them).
 */
last_user: string | null, };

export type LoginDto = { 
/**
 * The session of the user now logged in.
 */
session: SessionInfo, 
/**
 * The server could not be reached: the password was checked against this PC's keyring.
 */
offline: boolean, 
/**
 * What the user should know (the Comune's set-up on the server not taken, and why).
 */
notices: Array<string>, };

export type ComunePublishedDto = { 
/**
 * Its version on the server (1, 2, ...).
 */
version: number, 
/**
 * SHA-256 of its file on the server.
 */
sha256: string, 
/**
 * Whether this call published it (false: the server had it already).
 */
new: boolean, };

export type PulledDto = { 
/**
 * Steps of other PCs applied here.
 */
applied: number, 
/**
 * What could not be applied, in Italian (a history broken on the server).
 */
problems: Array<string>, 
/**
 * Steps taken here while the server did not answer, now sent.
 */
sent: number, 
/**
 * Steps taken here while the server did not answer that the rules refused when sent,
 * each with the reason (they stay on their act).
 */
refused: Array<string>, 
/**
 * Steps still waiting for the server (of this user, or of others who log in here).
 */
waiting: number, };

export type QueuedStepDto = { 
/**
 * The action.
 */
action: Action, 
/**
 * Its label.
 */
label: string, 
/**
 * Who took it.
 */
by: string, 
/**
 * When (RFC 3339).
 */
queued_at: string, 
/**
 * Why the rules refused it when it was sent (none: still to be sent).
 */
refused: string | null, };

export type SharedDto = { 
/**
 * Its identifier in the Comune.
 */
uid: string, 
/**
 * Steps of its history applied here.
 */
seq: number, 
/**
 * SHA-256 of the last one's file on the server.
 */
head: string, };

export type ActKind = "delibera-giunta" | "delibera-consiglio" | "determinazione" | "ordinanza" | "decreto" | "verbale-pl";

export type Attestazione = "referto" | "esecutivita";

export type AttestazioneDto = { 
/**
 * Which one.
 */
tipo: Attestazione, 
/**
 * Its title.
 */
label: string, 
/**
 * Who signed it (full name), once signed.
 */
firmata_da: string | null, 
/**
 * When it was signed.
 */
firmata_at: string | null, 
/**
 * The SHA-256 of its signed file.
 */
sha256: string | null, 
/**
 * The signed file's name.
 */
file_name: string | null, 
/**
 * What the current user would attest by signing it now, whole.
 */
testo: string | null, 
/**
 * Why it cannot be signed now (not signed yet): the core's rule.
 */
blocked_by: string | null, };

export type MotivoArchiviazione = "errore-identificazione" | "veicolo-rubato" | "termine-scaduto" | "decesso" | "duplicato" | "altro";

export type Archiviazione = { 
/**
 * Why.
 */
motivo: MotivoArchiviazione, 
/**
 * The reasons, as the provvedimento gives them (the facts, the documents seen).
 */
motivazione: string, };

export type ArchiviazioneDto = { 
/**
 * Why.
 */
motivo: MotivoArchiviazione, 
/**
 * Why, as the provvedimento says it.
 */
motivo_label: string, 
/**
 * The reasons written out.
 */
motivazione: string, 
/**
 * Who signed it (full name).
 */
firmata_da: string, 
/**
 * When (RFC 3339).
 */
firmata_at: string, 
/**
 * The day, in Italy ("07/12/2026").
 */
firmata_il: string, 
/**
 * The SHA-256 of its signed document.
 */
sha256: string, 
/**
 * The signed document's name.
 */
file_name: string, };

export type IntermediarioDto = { 
/**
 * Its name ("PagoPA S.p.A. tramite Regione Piemonte").
 */
nome: string, 
/**
 * The folder of the document server with its flussi ("pagopa/rendicontazione").
 */
cartella: string, };

export type RendicontazioneDto = { 
/**
 * The flusso's identifier.
 */
flusso: string, 
/**
 * Who sent the money.
 */
mittente: string, 
/**
 * The day it was settled ("AAAA-MM-GG").
 */
data_regolamento: string, 
/**
 * The payments in it.
 */
pagamenti: number, 
/**
 * Those recorded now with their verbale.
 */
registrati: number, 
/**
 * It had been read before: nothing changed.
 */
gia_letto: boolean, 
/**
 * The verbali it pays.
 */
verbali: Array<ActId>, 
/**
 * The IUVs that are not of a verbale of Atti (other services of the Comune).
 */
non_nostri: Array<string>, };

export type PagamentoDto = { 
/**
 * The IUV of the avviso paid.
 */
iuv: string, 
/**
 * The amount, in euro cents.
 */
importo_centesimi: bigint, 
/**
 * The amount as a clerk reads it ("75,40 €").
 */
importo: string, 
/**
 * The day it was paid ("AAAA-MM-GG").
 */
pagato_il: string, 
/**
 * Revoked afterwards: not counted.
 */
revocato: boolean, 
/**
 * The flusso that reported it.
 */
flusso: string, };

export type PagamentiDto = { 
/**
 * Every payment, in the order they were made.
 */
pagamenti: Array<PagamentoDto>, 
/**
 * Where they leave the verbale (art. 202-203 CdS).
 */
esito: EsitoPagamento, 
/**
 * The same, in Italian.
 */
esito_label: string, };

export type EsitoPagamento = { "esito": "non-pagato" } | { "esito": "estinto", 
/**
 * The day of the payment that completed it.
 */
il: string, 
/**
 * Whether the reduced amount was what extinguished it.
 */
ridotto: boolean, } | { "esito": "insufficiente", 
/**
 * What is still due, in euro cents.
 */
mancano_centesimi: bigint, } | { "esito": "tardivo", 
/**
 * The day of the last payment.
 */
il: string, };

export type ActState = "bozza" | "istruttoria" | "proposta" | "iscritta" | "approvata" | "respinta" | "visto" | "firmata" | "prefetto" | "pubblicata" | "esecutiva" | "notificata" | "comunicata" | "redatto" | "contestato" | "archiviato" | "ritirata" | "annullata";

export type Role = "istruttore" | "dirigente" | "ragioniere" | "segretario" | "sindaco" | "presidente" | "agente" | "comandante" | "messo" | "amministratore";

export type SectionKind = "premesso" | "visto" | "considerato" | "ritenuto" | "dato-atto";

export type Act = { 
/**
 * Local id (read-only).
 */
id: ActId | null, 
/**
 * The kind of act; it cannot change after creation.
 */
kind: ActKind, 
/**
 * State in the iter (read-only).
 */
state: ActState, 
/**
 * Number of the saved version this content is (read-only); 0 before the first save.
 */
version: number, 
/**
 * Code of the proposing office (read-only after creation).
 */
office: string, 
/**
 * Proposal number, e.g. "RAG/2026/0007" (read-only).
 */
proposal: string | null, 
/**
 * Final number in the register of its kind, e.g. "12/2026", once adopted (read-only).
 */
numero: string | null, 
/**
 * OGGETTO: what the act is about, in one sentence.
 */
oggetto: string, 
/**
 * The body, in its classic sections, in reading order.
 */
sections: Array<Section>, 
/**
 * The dispositivo: numbered points, numbered by their position (1, 2, ...).
 */
dispositivo: Array<DispositivoPoint>, 
/**
 * Impegni di spesa (determinazioni and delibere only).
 */
impegni: Array<Impegno>, 
/**
 * Attachments, by reference to content stored by the store (read-only in an edit:
 * attachments are added and removed with their own commands).
 */
attachments: Array<Attachment>, 
/**
 * The fields of a verbale della Polizia locale (verbale-pl only).
 */
verbale: VerbalePl | null, 
/**
 * For an ordinanza: which kind, which decides who signs it and whether the prefetto must
 * be informed first.
 */
tipo_ordinanza: TipoOrdinanza | null, 
/**
 * Spans of personal data that the publication version (albo, trasparenza) replaces with
 * "omissis" (D.Lgs. 33/2013 art. 7-bis c.4); the full version keeps them.
 */
riservati: Array<Riservato>, 
/**
 * A publication on the albo longer than its kind's, where a law asks for it; None: the
 * kind's rule (15 days).
 */
pubblicazione?: PubblicazioneSpeciale | null, };

export type Section = { 
/**
 * Which classic section this is.
 */
kind: SectionKind, 
/**
 * The text of the section, with the formatting the PDF prints: Markdown (CommonMark with
 * tables) read as [`crate::rich_text`] says: paragraphs, line breaks, **bold**, *italic*,
 * headings, bulleted and numbered lists, tables. A plain text prints line by line.
 */
text: string, };

export type DispositivoPoint = { 
/**
 * The text of the point.
 */
text: string, };

export type Impegno = { 
/**
 * Esercizio finanziario (year of the budget).
 */
esercizio: number, 
/**
 * Capitolo di bilancio, e.g. "1043.02".
 */
capitolo: string, 
/**
 * Amount in euro cents (12345 = 123,45 €); more than zero.
 */
importo_centesimi: number, 
/**
 * Who receives the money.
 */
beneficiario: string, 
/**
 * Codice Identificativo di Gara (10 characters), when the spending needs one.
 */
cig: string | null, 
/**
 * Codice Unico di Progetto (15 characters), for investment projects.
 */
cup: string | null, 
/**
 * The impegno grants a vantaggio economico (sovvenzione, contributo, sussidio, ausilio
 * finanziario: art. 26 D.Lgs. 33/2013), with what art. 27 publishes about it.
 */
sovvenzione?: Sovvenzione | null, };

export type Sovvenzione = { 
/**
 * The norm or title it is granted under («Regolamento comunale dei contributi, art. 5»).
 */
norma: string, 
/**
 * How the beneficiary was chosen («bando pubblico approvato con determinazione n. 3/2026»).
 */
modalita: string, 
/**
 * The beneficiary is a natural person whose economic or social hardship, or health, the
 * grant would reveal: their name is never published (art. 26 c.4).
 */
disagio: boolean, };

export type PubblicazioneSpeciale = { 
/**
 * Consecutive days on the albo, the first one counted: 16 to 365.
 */
giorni: number, 
/**
 * The law that asks for them («art. 6 c.5 TUEL»).
 */
norma: string, };

export type MancataContestazione = "a" | "b" | "c" | "d" | "e" | "f" | "g" | "g-bis" | "altro";

export type Mezzo = "pec" | "posta";

export type NotificaDto = { 
/**
 * Its id.
 */
id: number, 
/**
 * PEC or post.
 */
mezzo: Mezzo, 
/**
 * PEC or post, in Italian.
 */
mezzo_label: string, 
/**
 * The PEC address or the postal address.
 */
destinatario: string, 
/**
 * The message's Message-ID, or the raccomandata's number.
 */
riferimento: string, 
/**
 * "in-invio", "non-inviata", "inviata", "non-consegnata", "consegnata".
 */
esito: string, 
/**
 * Where it stands, in Italian.
 */
esito_label: string, 
/**
 * Why it did not leave or was not delivered.
 */
errore: string | null, 
/**
 * The day it left (for PEC: the provider's acceptance).
 */
spedita_il: string | null, 
/**
 * The day it was delivered.
 */
consegnata_il: string | null, 
/**
 * Delivered by compiuta giacenza.
 */
compiuta_giacenza: boolean, 
/**
 * When it was recorded (RFC 3339) and by whom.
 */
creata_at: string, 
/**
 * Username.
 */
creata_by: string, 
/**
 * The provider's receipts kept.
 */
ricevute: Array<RicevutaDto>, };

export type RicevutaDto = { 
/**
 * "accettazione", "avvenuta-consegna", "errore-consegna", ...
 */
tipo: string, 
/**
 * What it is, in Italian («ricevuta di avvenuta consegna»).
 */
label: string, 
/**
 * SHA-256 of the message (to save it).
 */
sha256: string, };

export type RicevutePecDto = { 
/**
 * Receipts read.
 */
lette: number, 
/**
 * Receipts of our notifications, kept.
 */
registrate: number, 
/**
 * The verbali notified by this read.
 */
notificati: number[], 
/**
 * What could not be read or recorded, in Italian.
 */
problemi: Array<string>, };

export type PecSettings = { 
/**
 * The Comune's PEC address the notifications leave from.
 */
indirizzo: string, 
/**
 * The login at the provider.
 */
utente: string, 
/**
 * SMTP server (implicit TLS).
 */
smtp_host: string, 
/**
 * Its port.
 */
smtp_port: number, 
/**
 * IMAP server (IMAPS).
 */
imap_host: string, 
/**
 * Its port.
 */
imap_port: number, 
/**
 * The CA certificate(s) of a provider behind a private CA (PEM).
 */
ca_pem?: string | null, };

export type Attachment = { 
/**
 * File name, cleaned of any path and of characters no file system accepts.
 */
name: string, 
/**
 * Media type, e.g. "application/pdf".
 */
media_type: string, 
/**
 * Size in bytes.
 */
size: number, 
/**
 * SHA-256 of the content, lowercase hex.
 */
sha256: string, };

export type Person = { 
/**
 * Name and surname, or company name.
 */
nome: string, 
/**
 * Codice fiscale (16 characters) or partita IVA (11 digits), if known.
 */
codice_fiscale: string | null, 
/**
 * Address of residence or seat.
 */
indirizzo: string, };

export type VerbalePl = { 
/**
 * Date of the violation.
 */
data: string | null, 
/**
 * Time of the violation (HH:MM).
 */
ora: string | null, 
/**
 * Place of the violation.
 */
luogo: string, 
/**
 * Vehicle (kind and model), e.g. "autovettura Fiat Panda".
 */
veicolo: string, 
/**
 * Licence plate.
 */
targa: string, 
/**
 * The offender (trasgressore).
 */
trasgressore: Person, 
/**
 * The party jointly liable (obbligato in solido), e.g. the vehicle's owner.
 */
obbligato_solidale: Person | null, 
/**
 * Rule violated, e.g. "art. 7 c. 1 e 14 CdS".
 */
norma_violata: string, 
/**
 * Fine in euro cents.
 */
sanzione_centesimi: number, 
/**
 * Reduced fine (payment within 5 days, art. 202 c.1 CdS) in euro cents.
 */
sanzione_ridotta_centesimi: number, 
/**
 * Points taken from the driving licence.
 */
punti: number, 
/**
 * Matricola of the agente accertatore.
 */
agente_matricola: string, 
/**
 * The facts as the agente saw them (art. 383 Reg. CdS).
 */
fatto: string, 
/**
 * What the offender declared; empty: nothing (art. 200 c.2 CdS).
 */
dichiarazioni: string, 
/**
 * Not contested on the spot, and the case of the law (art. 201 c.1-bis CdS); None:
 * contested on the spot (art. 200 CdS).
 */
mancata_contestazione: MancataContestazione | null, 
/**
 * The reasons the contestation was impossible, when not a case of art. 201 c.1-bis
 * (c.1-ter); more words on the case otherwise.
 */
motivo_mancata_contestazione: string, 
/**
 * The day the party to notify was identified, from which the term of notification runs
 * (art. 201 c.1 CdS); None: the day of the violation.
 */
identificato_il: string | null, 
/**
 * The party to notify resides abroad: 360 days to notify (art. 201 c.1 CdS).
 */
residente_estero: boolean, 
/**
 * Costs of notification and procedure, in euro cents, added to what is paid.
 */
spese_centesimi: number, };

export type FieldError = { 
/**
 * Path of the field, e.g. "oggetto", "dispositivo[1].text", "impegni[0].cig".
 */
field: string, 
/**
 * What is wrong, in Italian.
 */
message: string, };

export type SessionInfo = { 
/**
 * Name of the Comune.
 */
comune: string, 
/**
 * Whether this is the demo Comune (its user switch; no login).
 */
demo: boolean, 
/**
 * The document server this PC works with, if any.
 */
server_url: string | null, 
/**
 * The current user.
 */
user: UserDto, 
/**
 * Every user (the demo lets one switch).
 */
users: Array<UserDto>, 
/**
 * Every office.
 */
offices: Array<OfficeDto>, 
/**
 * The act kinds, with what the editor needs to know of each.
 */
kinds: Array<KindInfo>, 
/**
 * The states, with their labels.
 */
states: Array<StateInfo>, 
/**
 * Today in the Comune's calendar ("2026-11-26").
 */
today: string, 
/**
 * Whether the current user may change the Comune's settings (the amministratore).
 */
may_administer: boolean, 
/**
 * Whether the current user may attest certified copies (one of the officials the Comune
 * authorises for it).
 */
may_attest_copies: boolean, 
/**
 * Where a «Salva» dialog opens first (the user's Documents folder), if the system says.
 */
save_dir: string | null, 
/**
 * The offices whose modelli the current user manages (their dirigente; the segretario).
 */
modelli_offices: Array<string>, };

export type UserDto = { 
/**
 * Login name.
 */
username: string, 
/**
 * Name and surname.
 */
full_name: string, 
/**
 * Role.
 */
role: Role, 
/**
 * Role as a clerk reads it.
 */
role_label: string, 
/**
 * Office code.
 */
office: string | null, };

export type OfficeDto = { 
/**
 * Short code.
 */
code: string, 
/**
 * Name.
 */
name: string, };

export type KindInfo = { 
/**
 * The kind.
 */
kind: ActKind, 
/**
 * Its name.
 */
label: string, 
/**
 * The verb of the dispositivo (DETERMINA, ...); none for a verbale.
 */
dispositivo_verb: string | null, 
/**
 * Whether it may carry impegni di spesa.
 */
has_impegni: boolean, 
/**
 * Whether it is a verbale PL (own fields instead of body and dispositivo).
 */
is_verbale: boolean, 
/**
 * Whether the current user may draft acts of this kind.
 */
may_draft: boolean, };

export type StateInfo = { 
/**
 * The state.
 */
state: ActState, 
/**
 * Its label.
 */
label: string, 
/**
 * Whether the text of an act in this state may still change (before adoption).
 */
editable: boolean, };

export type ActFilter = { 
/**
 * Only this kind.
 */
kind: ActKind | null, 
/**
 * Only this state.
 */
state: ActState | null, 
/**
 * Only acts matching these words (full-text, accent-insensitive, prefixes, other forms
 * and a typo forgiven).
 */
text: string | null, 
/**
 * Only this office's (its code).
 */
office: string | null, 
/**
 * Only of this year (of adoption; of drafting before).
 */
year: number | null, 
/**
 * Only from this day on ("2026-03-01").
 */
from: string | null, 
/**
 * Only up to this day ("2026-03-31").
 */
to: string | null, 
/**
 * Only the act with this final number ("12/2026", or "12").
 */
numero: string | null, 
/**
 * At most this many acts, the first ones (a page of the list: the desktop asks for 50
 * and more on «Mostra altri atti»); none: 500.
 */
limit: number | null, };

export type ActSummary = { 
/**
 * Id.
 */
id: ActId, 
/**
 * Kind.
 */
kind: ActKind, 
/**
 * Kind label.
 */
kind_label: string, 
/**
 * State.
 */
state: ActState, 
/**
 * State label.
 */
state_label: string, 
/**
 * Office code.
 */
office: string, 
/**
 * Proposal number.
 */
proposal: string | null, 
/**
 * Final number "N/YYYY", once adopted.
 */
numero: string | null, 
/**
 * Day of adoption, once adopted.
 */
adoption_date: string | null, 
/**
 * Oggetto.
 */
oggetto: string, 
/**
 * Last save (RFC 3339).
 */
updated_at: string, 
/**
 * Current version.
 */
version: number, 
/**
 * For a search: an excerpt with the matched words between « and ».
 */
snippet: string | null, 
/**
 * A step of this PC not on the document server yet: «In invio» (it waits for the
 * server), «Passo non registrato» (refused when sent: the act says why); none when the
 * act is as the server has it.
 */
iter_pending: string | null, 
/**
 * Its last step of the iter was a return (restituisci): back for changes.
 */
restituita: boolean, };

export type SavedVersion = { 
/**
 * The version just written.
 */
version: number, 
/**
 * When (RFC 3339).
 */
saved_at: string, };

export type VersionSummary = { 
/**
 * Version number.
 */
version: number, 
/**
 * When it was saved (RFC 3339).
 */
saved_at: string, 
/**
 * Who saved it.
 */
author: string, 
/**
 * Its oggetto.
 */
oggetto: string, };

export type TipoOrdinanza = "sindacale" | "contingibile" | "dirigenziale";

export type Action = "invia" | "restituisci" | "proponi" | "iscrivi" | "approva" | "respingi" | "adotta" | "firma" | "rendi-esecutiva" | "pubblica" | "dichiara-esecutiva" | "comunica-prefetto" | "notifica" | "comunica" | "redigi" | "contesta" | "ritira" | "annulla" | "archivia";

export type Seduta = { 
/**
 * Date of the session.
 */
data: string, 
/**
 * Members present.
 */
presenti: number, 
/**
 * Votes in favour.
 */
favorevoli: number, 
/**
 * Votes against.
 */
contrari: number, 
/**
 * Abstentions.
 */
astenuti: number, 
/**
 * Declared immediately executable by a separate vote (art. 134 c.4 TUEL): only with
 * `voto_immediata` recorded, won by the majority of `componenti`.
 */
immediatamente_eseguibile: boolean, 
/**
 * The members of the organ (sindaco included), when the separate vote was taken.
 */
componenti: number | null, 
/**
 * The separate vote on immediate executability, when taken.
 */
voto_immediata: Votazione | null, 
/**
 * What the record of the session says by name (every delibera approved or rejected in a
 * session recorded in Atti has it: the counts above are computed from it).
 */
record: SedutaRecord | null, };

export type Votazione = { 
/**
 * Votes in favour.
 */
favorevoli: number, 
/**
 * Votes against.
 */
contrari: number, 
/**
 * Abstentions.
 */
astenuti: number, };

export type SedutaRecord = { 
/**
 * The session's identifier.
 */
seduta: string, 
/**
 * The item of its ordine del giorno.
 */
punto: number, 
/**
 * The majority the item needed.
 */
maggioranza: Maggioranza, 
/**
 * The time the session was convened at.
 */
ora: string, 
/**
 * The place, or the platform of a videoconference.
 */
luogo: string, 
/**
 * Held by videoconference.
 */
videoconferenza: boolean, 
/**
 * Who presided (name).
 */
presiede: string, 
/**
 * The segretario who took the minutes (name).
 */
segretario: string, 
/**
 * Present and counted for the item (names).
 */
presenti: Array<string>, 
/**
 * Members in office absent for the item (names).
 */
assenti: Array<string>, 
/**
 * Voted against (names).
 */
contrari: Array<string>, 
/**
 * Abstained (names).
 */
astenuti: Array<string>, 
/**
 * Out of the room for the item (art. 78 TUEL; names).
 */
non_partecipano: Array<string>, };

export type Maggioranza = "votanti" | "presenti" | "componenti" | { "qualificata": { 
/**
 * Numerator.
 */
num: number, 
/**
 * Denominator (not zero).
 */
den: number, } };

export type TipoSeduta = "ordinaria" | "straordinaria" | "urgente";

export type SedutaFatto = { "type": "convocata", 
/**
 * Which organ.
 */
organo: Organo, 
/**
 * Ordinaria, straordinaria, urgente.
 */
tipo: TipoSeduta, 
/**
 * Prima or seconda convocazione.
 */
convocazione: Convocazione, 
/**
 * The day.
 */
data: string, 
/**
 * The time.
 */
ora: string, 
/**
 * The place (the room), or the platform of a videoconference.
 */
luogo: string, 
/**
 * Held by videoconference.
 */
videoconferenza: boolean, } | { "type": "iscritto", 
/**
 * The act.
 */
atto: ActId, 
/**
 * Its oggetto, as read in the session.
 */
oggetto: string, 
/**
 * The majority its approval needs.
 */
maggioranza: Maggioranza, } | { "type": "spostato", 
/**
 * The item (its number).
 */
punto: number, 
/**
 * Its new place.
 */
posizione: number, } | { "type": "aperta", 
/**
 * Members present (ids).
 */
presenti: Array<string>, 
/**
 * Members absent with justification (ids).
 */
giustificati: Array<string>, 
/**
 * Who presides (a member present, by the organ's order of presidency).
 */
presiede: string, 
/**
 * The segretario who takes the minutes (full name).
 */
segretario: string, } | { "type": "entra", 
/**
 * The member (id).
 */
membro: string, } | { "type": "esce", 
/**
 * The member (id).
 */
membro: string, } | { "type": "votazione", 
/**
 * The item (its number).
 */
punto: number, 
/**
 * In favour (ids).
 */
favorevoli: Array<string>, 
/**
 * Against (ids).
 */
contrari: Array<string>, 
/**
 * Abstaining (ids).
 */
astenuti: Array<string>, 
/**
 * Present but out of the room for this item (art. 78 c.2 TUEL: an interest of
 * theirs): not counted.
 */
non_partecipano: Array<string>, 
/**
 * The separate vote on immediate executability (art. 134 c.4 TUEL), when taken.
 */
immediata: VotoNominale | null, } | { "type": "rinviato", 
/**
 * The item.
 */
punto: number, 
/**
 * Why.
 */
motivo: string, } | { "type": "ritirato", 
/**
 * The item.
 */
punto: number, 
/**
 * Why.
 */
motivo: string, } | { "type": "dichiarazione", 
/**
 * On an item, or on the session.
 */
punto: number | null, 
/**
 * The member who made it (id).
 */
membro: string, 
/**
 * Its text.
 */
testo: string, } | { "type": "chiusa" } | { "type": "avviso", 
/**
 * SHA-256 of the signed avviso.
 */
sha256: string, 
/**
 * The day it was issued and sent.
 */
emesso_il: string, 
/**
 * Who signed it (username).
 */
firmato_da: string, } | { "type": "verbale-firmato", 
/**
 * SHA-256 of the minutes with every signature so far.
 */
sha256: string, 
/**
 * Who signed (username).
 */
firmato_da: string, 
/**
 * As which of the two.
 */
ruolo: FirmaVerbale, } | { "type": "comunicazione-capigruppo", 
/**
 * The delibere, by number ("12/2026").
 */
delibere: Array<string>, 
/**
 * The day of the communication.
 */
il: string, };

export type VotoNominale = { 
/**
 * In favour (ids).
 */
favorevoli: Array<string>, 
/**
 * Against (ids).
 */
contrari: Array<string>, 
/**
 * Abstaining (ids).
 */
astenuti: Array<string>, };

export type Fase = "convocata" | "aperta" | "chiusa";

export type EsitoPunto = { "esito": "da-trattare" } | { "esito": "votato", 
/**
 * Whether approved.
 */
approvato: boolean, 
/**
 * The vote.
 */
voto: VotoPunto, } | { "esito": "rinviato", 
/**
 * Why.
 */
motivo: string, } | { "esito": "ritirato", 
/**
 * Why.
 */
motivo: string, };

export type VotoPunto = { 
/**
 * Members in office on the day.
 */
componenti: number, 
/**
 * Present and counted for the item (ids).
 */
presenti: Array<string>, 
/**
 * The vote by name.
 */
voto: VotoNominale, 
/**
 * Out of the room for the item (art. 78).
 */
non_partecipano: Array<string>, 
/**
 * The separate vote on immediate executability, when taken, and whether it was won.
 */
immediata: [VotoNominale, boolean] | null, };

export type Punto = { 
/**
 * Its number, given when it was put on the ordine del giorno (it keeps it when moved).
 */
numero: number, 
/**
 * The act.
 */
atto: ActId, 
/**
 * Its oggetto.
 */
oggetto: string, 
/**
 * The majority it needs.
 */
maggioranza: Maggioranza, 
/**
 * What became of it.
 */
esito: EsitoPunto, };

export type Movimento = { 
/**
 * The member (id).
 */
membro: string, 
/**
 * Arrived (true) or left.
 */
entra: boolean, 
/**
 * The items already dealt with when it happened.
 */
dopo_punti: number, 
/**
 * When.
 */
at: string, };

export type DichiarazioneResa = { 
/**
 * On an item, or on the session.
 */
punto: number | null, 
/**
 * The member (id).
 */
membro: string, 
/**
 * The text.
 */
testo: string, };

export type SedutaStato = { 
/**
 * Which organ.
 */
organo: Organo, 
/**
 * Ordinaria, straordinaria, urgente.
 */
tipo: TipoSeduta, 
/**
 * Prima or seconda.
 */
convocazione: Convocazione, 
/**
 * The day.
 */
data: string, 
/**
 * The time.
 */
ora: string, 
/**
 * The place.
 */
luogo: string, 
/**
 * Held by videoconference.
 */
videoconferenza: boolean, 
/**
 * Where it is.
 */
fase: Fase, 
/**
 * The ordine del giorno, in its order.
 */
punti: Array<Punto>, 
/**
 * Members present now (ids).
 */
presenti: Array<string>, 
/**
 * Members absent with justification at the roll call (ids).
 */
giustificati: Array<string>, 
/**
 * Who presides (id), once opened.
 */
presiede: string | null, 
/**
 * The segretario (full name), once opened.
 */
segretario: string | null, 
/**
 * Arrivals and departures after the roll call.
 */
movimenti: Array<Movimento>, 
/**
 * Declarations.
 */
dichiarazioni: Array<DichiarazioneResa>, 
/**
 * The avvisi di convocazione issued, the last one valid.
 */
avvisi: Array<AvvisoEmesso>, 
/**
 * The signatures of the minutes so far: (as whom, by whom, the signed file's SHA-256).
 */
verbale: Array<[FirmaVerbale, string, string]>, 
/**
 * The day the delibere were communicated to the capigruppo (Giunta).
 */
comunicazione_capigruppo: string | null, };

export type Organo = "giunta" | "consiglio";

export type Convocazione = "prima" | "seconda";

export type Carica = "sindaco" | "vicesindaco" | "assessore" | "presidente" | "vicepresidente" | "consigliere";

export type SedutaDto = { 
/**
 * Its id in this archive.
 */
id: number, 
/**
 * Its identifier in the Comune.
 */
uid: string, 
/**
 * «Seduta n. 3/2026 della Giunta comunale».
 */
titolo: string, 
/**
 * The record folded by atti-core.
 */
stato: SedutaStato, 
/**
 * The members in office on its day.
 */
componenti: Array<MembroDto>, 
/**
 * The members needed present.
 */
numero_legale: number, 
/**
 * Who presides by the organ's order among those present now.
 */
presiede_atteso: string | null, 
/**
 * The acts of its items, where they are now.
 */
punti: Array<PuntoDto>, 
/**
 * What the last fact could not carry to an act (the record keeps it).
 */
avvisi: Array<string>, 
/**
 * Whether the current user records its facts.
 */
may_record: boolean, };

export type MembroDto = { 
/**
 * Identifier in the organ.
 */
id: string, 
/**
 * Name.
 */
nome: string, 
/**
 * Charge.
 */
carica: Carica, 
/**
 * Charge as printed.
 */
carica_label: string, 
/**
 * Council group.
 */
gruppo: string | null, 
/**
 * Present now.
 */
presente: boolean, 
/**
 * Absent with justification at the roll call.
 */
giustificato: boolean, };

export type PuntoDto = { 
/**
 * The item.
 */
numero: number, 
/**
 * The act.
 */
act_id: ActId, 
/**
 * Its state now.
 */
act_state: ActState, 
/**
 * Its state as a clerk reads it.
 */
act_state_label: string, 
/**
 * Its final number, once approved or rejected.
 */
act_numero: string | null, };

export type SedutaSummary = { 
/**
 * Its id.
 */
id: number, 
/**
 * «Seduta n. 3/2026 della Giunta comunale».
 */
titolo: string, 
/**
 * The organ.
 */
organo: Organo, 
/**
 * Its day.
 */
data: string, 
/**
 * Where it is.
 */
fase: Fase, 
/**
 * Items on its ordine del giorno.
 */
punti: number, };

export type SedutaDocumento = "avviso" | "verbale";

export type FirmaVerbale = "presidente" | "segretario";

export type AvvisoEmesso = { 
/**
 * SHA-256 of the signed avviso.
 */
sha256: string, 
/**
 * The day it was issued.
 */
emesso_il: string, 
/**
 * Who signed it (username).
 */
firmato_da: string, 
/**
 * The items on the ordine del giorno it lists.
 */
punti: Array<number>, };

export type ActionOption = { 
/**
 * The action.
 */
action: Action, 
/**
 * Its label.
 */
label: string, 
/**
 * Whether it needs a reason.
 */
needs_note: boolean, 
/**
 * Whether it is a digital signature (asks for the PIN of the signing device).
 */
signature: boolean, 
/**
 * Why it cannot be taken now, if so (guards other than votes and input).
 */
blocked_by: string | null, 
/**
 * For an action that cannot be undone: what the clerk confirms before taking it.
 */
confirm: string | null, };

export type ParereTipo = "tecnico" | "contabile" | "visto-contabile";

export type Esito = "favorevole" | "non-favorevole" | "non-dovuto";

export type IterStatus = { 
/**
 * The act.
 */
id: ActId, 
/**
 * Its kind.
 */
kind: ActKind, 
/**
 * Its state.
 */
state: ActState, 
/**
 * State label.
 */
state_label: string, 
/**
 * Current version.
 */
version: number, 
/**
 * Final number "N/YYYY", once adopted.
 */
numero: string | null, 
/**
 * The dates of the iter.
 */
dates: ActDates, 
/**
 * When the act grants vantaggi economici above 1,000 euro: it is not effective until
 * published, or effective from its first day of publication (art. 26 c.3 D.Lgs.
 * 33/2013), as atti-core says.
 */
efficacia: string | null, 
/**
 * Pareri and visti, oldest first.
 */
pareri: Array<ParereDto>, 
/**
 * Signatures given so far.
 */
signatures: Array<SignatureDto>, 
/**
 * The roles that sign this act.
 */
required_signers: Array<Role>, 
/**
 * Session data (delibere).
 */
seduta: Seduta | null, 
/**
 * The actions open to the current user, each with what blocks it now.
 */
options: Array<ActionOption>, 
/**
 * The pareri and visti the current user may give now.
 */
parere_options: Array<ParereTipo>, 
/**
 * Whether the current user may change the text now (state and role).
 */
editable: boolean, 
/**
 * Whether the current user may start its correction (rettifica, annullamento) now.
 */
may_correct: boolean, 
/**
 * Whether the current user may start a new draft from its text («Duplica»).
 */
may_duplicate: boolean, 
/**
 * Whether the current user may save its text as a modello of its office.
 */
may_save_modello: boolean, 
/**
 * Corrections (rettifica, annullamento) linking this act and others.
 */
links: Array<LinkDto>, 
/**
 * Steps taken on this PC while the document server did not answer: sent by the next
 * sync («in invio»), or refused when sent (with the reason).
 */
queued: Array<QueuedStepDto>, 
/**
 * Where the act's history on the document server stands here (a Comune's act; none in
 * the demo Comune): every PC that applied the same steps has the same head.
 */
shared: SharedDto | null, 
/**
 * The current user's edits of this shared act kept on this PC (not sent yet, or set
 * aside by another PC's version), in a sentence; none without any.
 */
bozza: string | null, };

export type ActDates = { 
/**
 * Adoption (for delibere: the session).
 */
adoption: string | null, 
/**
 * First day on the albo.
 */
publication_start: string | null, 
/**
 * Last day on the albo (15 consecutive days).
 */
publication_end: string | null, 
/**
 * When a delibera is (or becomes) executive.
 */
esecutivita: string | null, 
/**
 * Last day to notify a verbale not contested on the spot (90 days, 360 abroad).
 */
notifica_deadline: string | null, 
/**
 * Days left to notify it, while it waits for its notification (negative: late).
 */
notifica_giorni: number | null, };

export type ParereDto = { 
/**
 * Which one.
 */
tipo: ParereTipo, 
/**
 * Its full name.
 */
label: string, 
/**
 * Outcome.
 */
esito: Esito, 
/**
 * Reasons.
 */
motivazione: string, 
/**
 * Who gave it.
 */
author: string, 
/**
 * When.
 */
given_at: string, 
/**
 * On which version.
 */
version: number, 
/**
 * The text changed afterwards: it must be given again.
 */
da_rinnovare: boolean, 
/**
 * The SHA-256 of its signed document (`parere_document_save`); none for a parere
 * recorded before pareri were signed.
 */
document: string | null, };

export type TrustAnchorDto = { 
/**
 * SHA-256 of the certificate (DER), hex.
 */
sha256: string, 
/**
 * The certificate.
 */
certificate: CertificateDto, };

export type SignatureDto = { 
/**
 * Role of the signer.
 */
role: Role, 
/**
 * Its label.
 */
role_label: string, };

export type LinkDto = { 
/**
 * The correcting act.
 */
correction: number, 
/**
 * The corrected act.
 */
original: number, 
/**
 * "rettifica" or "annullamento".
 */
tipo: string, };

export type TimelineEntry = { 
/**
 * Position in the audit log.
 */
seq: number, 
/**
 * When (RFC 3339).
 */
at: string, 
/**
 * Who (username).
 */
actor: string, 
/**
 * Who (name).
 */
actor_name: string, 
/**
 * What (crea, salva, parere, numero, firma, or an iter action).
 */
action: string, 
/**
 * What, as a clerk reads it.
 */
label: string, 
/**
 * Reasons given.
 */
note: string | null, 
/**
 * Comments per section (when returning an act).
 */
comments: Array<SectionComment>, 
/**
 * SHA-256 of the content at that moment.
 */
version_hash: string, 
/**
 * The version of the text with that content (the one the step saw).
 */
version: number | null, };

export type SectionComment = { 
/**
 * Field path, e.g. "dispositivo[1].text", "oggetto", "sections[0].text".
 */
field: string, 
/**
 * The comment.
 */
text: string, };

export type InboxGroup = { 
/**
 * "Da istruire", "Da esprimere parere", "Da firmare", "In pubblicazione", and for the
 * segretario "Da controllare (art. 147-bis)".
 */
name: string, 
/**
 * The most recently changed of its acts, at most 100 (`iter::INBOX_SHOWN`).
 */
acts: Array<ActSummary>, 
/**
 * How many acts it has.
 */
total: number, };

export type ActDiff = { 
/**
 * The older version.
 */
from: number, 
/**
 * The newer version.
 */
to: number, 
/**
 * Each part that changed.
 */
changes: Array<DiffPart>, };

export type DiffPart = { 
/**
 * Which part: "Oggetto", "Premesso che (1)", "Dispositivo, punto 2", "Impegni", ...
 */
part: string, 
/**
 * The words, each marked as kept, removed or added.
 */
spans: Array<DiffSpan>, };

export type DiffSpan = { 
/**
 * "same", "removed" or "added".
 */
kind: string, 
/**
 * The text.
 */
text: string, };

export type ActionRequest = { 
/**
 * Reasons.
 */
note: string | null, 
/**
 * Comments per section.
 */
comments: Array<SectionComment>, 
/**
 * Pubblica: the personal data found in the text and not marked riservato that who
 * publishes confirms, each by its text (see [`Atti::omissis_proposals`]).
 */
conferma_dati: Array<string>, };

export type RegistroRow = { 
/**
 * Number.
 */
number: number, 
/**
 * Year.
 */
year: number, 
/**
 * The act.
 */
act_id: number, 
/**
 * Its oggetto.
 */
oggetto: string, 
/**
 * Its state.
 */
state: string, 
/**
 * Adoption day.
 */
adoption_date: string | null, 
/**
 * When the number was assigned.
 */
assigned_at: string, 
/**
 * Who assigned it.
 */
assigned_by: string, 
/**
 * Why it was annulled, if it was.
 */
annulled_reason: string | null, 
/**
 * A verbale: where its latest notification stands («PEC: consegnata il 21/01/2026»).
 */
notifica: string | null, 
/**
 * A verbale with payments: where they leave it («pagato il 25/01/2026 in misura
 * ridotta: obbligazione estinta»), as atti-app says it from the core's rule.
 */
pagamento: string | null, };

export type CopiaRow = { 
/**
 * Position in the register.
 */
id: number, 
/**
 * The act.
 */
act_id: number, 
/**
 * When (RFC 3339).
 */
issued_at: string, 
/**
 * The official who attested it.
 */
issued_by: string, 
/**
 * For whom, if said.
 */
per: string | null, 
/**
 * The contrassegno printed on it.
 */
token: string, 
/**
 * SHA-256 of the original it copies.
 */
original_sha256: string, 
/**
 * SHA-256 of the copy as issued (none for a copy issued before they were kept).
 */
pdf_sha256: string | null, };

export type Riservato = { 
/**
 * Field path where the mark applies ("oggetto", "sections[0].text",
 * "dispositivo[2].text", "impegni[0].beneficiario", "verbale.trasgressore.nome", ...);
 * none (recommended) applies it to every field.
 */
field: string | null, 
/**
 * The exact text to hide; every occurrence is replaced.
 */
text: string, };

export type TokenClaims = { 
/**
 * The act's id in the Comune's store.
 */
act_id: bigint, 
/**
 * The register: the act kind's slug ("determinazione", "delibera-giunta", ...).
 */
registro: string, 
/**
 * The number in that register ("12/2026").
 */
numero: string, 
/**
 * The registration (adoption) date.
 */
data: string, 
/**
 * SHA-256 of the original PDF's bytes, lowercase hex.
 */
sha256: string, 
/**
 * Where the Comune offers the verification (Circolare AgID 62/2013).
 */
url: string, 
/**
 * The paper copy the token is printed on (none in a token of the first format).
 */
copia: CopiaClaims | null, };

export type CopiaClaims = { 
/**
 * The copy's number in the Comune's register of certified copies.
 */
numero: number, 
/**
 * The day it was issued.
 */
rilasciata: string, 
/**
 * The official who attested its conformity.
 */
funzionario: string, 
/**
 * Its pages, the attestation included.
 */
pagine: number, 
/**
 * SHA-256 (lowercase hex) of the «Copia rilasciata a» text printed on it; none when the
 * copy names nobody.
 */
per_sha256: string | null, };

export type Proposal = { 
/**
 * Field path where it was found.
 */
field: string, 
/**
 * The exact text found.
 */
text: string, 
/**
 * What it looks like.
 */
kind: ProposalKind, };

export type ProposalKind = "codice-fiscale" | "iban" | "telefono" | "email" | "data-nascita" | "persona" | "dati-salute";

export type QrVerification = { 
/**
 * What the contrassegno states (it is authentic: the Comune's seal signed it).
 */
claims: TokenClaims, 
/**
 * Whether it matches the original kept here: `true` yes, `false` the original kept here
 * differs, none when the original is not kept here.
 */
original_matches: boolean | null, 
/**
 * The copy the contrassegno names, as this archive's register of copies has it; none when
 * the contrassegno names no copy (first format) or the act is not kept here.
 */
registro: CopiaNelRegistro | null, 
/**
 * What happened to the act since (kept here): annulled, corrected by another act. The
 * copy may be authentic and still not show the act as it stands.
 */
later: Array<string>, };

export type CopiaNelRegistro = { 
/**
 * The register has this very contrassegno under the copy's number: the paper is that copy
 * if it prints the number, date, official and pages the contrassegno states.
 */
registrata: boolean, 
/**
 * For whom the copy was issued, as the register says (when it is registered and names
 * someone).
 */
per: string | null, };

export type PreviousSealKey = { 
/**
 * Its short name (16 hex digits).
 */
fingerprint: string, 
/**
 * The day from which it no longer vouches for the copies it seals (yyyy-mm-dd), if retired.
 */
retired_from: string | null, };

export type SealInfo = { 
/**
 * The current key's short name (16 hex digits), none when the Comune has no key yet.
 */
fingerprint: string | null, 
/**
 * The current public key, PEM SubjectPublicKeyInfo, for the Comune's verification page.
 */
public_key_pem: string | null, 
/**
 * The current key is the demo key (it protects nothing).
 */
demo: boolean, 
/**
 * How many earlier keys still verify the copies they sealed.
 */
previous_keys: number, 
/**
 * The earlier keys, newest first, with the day each was retired from, if it was.
 */
previous: Array<PreviousSealKey>, 
/**
 * The address printed on copies, where the Comune publishes its verification page.
 */
verification_url: string, };

export type EsitoControllo = "regolare" | "con-osservazioni" | "irregolare";

export type Correzione = "rettifica" | "annullamento";

export type ImpegnoSemeDto = { 
/**
 * Kind of the acts to draw (slug).
 */
kind: string, 
/**
 * Its label.
 */
kind_label: string, 
/**
 * First day of the period (YYYY-MM-DD).
 */
period_from: string, 
/**
 * Last day of the period.
 */
period_to: string, 
/**
 * SHA-256 of the seed (hex): the seed itself is revealed at the draw.
 */
seed_sha256: string, 
/**
 * When it was recorded.
 */
committed_at: string, 
/**
 * By whom.
 */
committed_by: string, 
/**
 * The period's draw is made.
 */
drawn: boolean, };

export type ControlloDto = { 
/**
 * Its number.
 */
id: number, 
/**
 * Kind of the acts drawn (slug).
 */
kind: string, 
/**
 * Its label.
 */
kind_label: string, 
/**
 * First day of the period (YYYY-MM-DD).
 */
period_from: string, 
/**
 * Last day of the period.
 */
period_to: string, 
/**
 * Percentage drawn.
 */
percent: number, 
/**
 * The public seed of the draw.
 */
seed: string, 
/**
 * The numbers of every eligible act, in register order (with the seed, anyone can redo
 * the draw).
 */
candidates: Array<string>, 
/**
 * When it was drawn.
 */
drawn_at: string, 
/**
 * By whom.
 */
drawn_by: string, 
/**
 * The acts drawn.
 */
acts: Array<ControlloAttoDto>, 
/**
 * How many of them have an outcome.
 */
checked: number, };

export type ControlloAttoDto = { 
/**
 * The act.
 */
act_id: ActId, 
/**
 * Its number.
 */
numero: string, 
/**
 * Its oggetto.
 */
oggetto: string, 
/**
 * The outcome, once given.
 */
esito: EsitoControllo | null, 
/**
 * Its label.
 */
esito_label: string | null, 
/**
 * What was found.
 */
note: string | null, 
/**
 * When.
 */
checked_at: string | null, 
/**
 * By whom.
 */
checked_by: string | null, };

export type PdfDocument = { 
/**
 * A file name to propose when saving ("determinazione-1-2026-pubblicazione.pdf").
 */
file_name: string, 
/**
 * The name its act's certified copy is proposed with ("determinazione-1-2026-copia.pdf").
 */
copia_file_name: string, 
/**
 * The PDF, base64.
 */
pdf_base64: string, 
/**
 * Its SHA-256.
 */
sha256: string, };

export type CopiaIssued = { 
/**
 * The copy, ready to print.
 */
document: PdfDocument, 
/**
 * The contrassegno printed on it.
 */
token: string, };

export type CertificateDto = { 
/**
 * Holder (CN).
 */
common_name: string, 
/**
 * Codice fiscale from the subject serialNumber (TINIT-...).
 */
codice_fiscale: string | null, 
/**
 * Issuing authority.
 */
issuer: string, 
/**
 * Valid from (RFC 3339).
 */
not_before: string, 
/**
 * Valid until (RFC 3339).
 */
not_after: string, 
/**
 * Whether it is meant for signing (keyUsage nonRepudiation).
 */
non_repudiation: boolean, };

export type IdentityDto = { 
/**
 * The user.
 */
username: string, 
/**
 * Where the key is, in words.
 */
description: string, 
/**
 * Its certificate.
 */
certificate: CertificateDto, 
/**
 * What to know before signing (e.g. expiry within 30 days), in Italian.
 */
warnings: Array<string>, };

export type SignOutcome = { 
/**
 * The act's iter after the signature.
 */
status: IterStatus, 
/**
 * The signed files (names).
 */
files: Array<string>, 
/**
 * Warnings about the certificate, in Italian.
 */
warnings: Array<string>, };

export type SignatureCoverage = "whole-file" | "later-signatures" | "later-changes";

export type DuplicatoDto = { 
/**
 * The act it started from.
 */
source: ActId, 
/**
 * Its kind.
 */
kind: ActKind, 
/**
 * Its final number, if adopted.
 */
numero: string | null, 
/**
 * Its proposal number.
 */
proposal: string | null, 
/**
 * Its oggetto.
 */
oggetto: string, 
/**
 * What the draft still has as it was there: amounts, CIG, dates (field and reason).
 */
da_verificare: Array<FieldError>, };

export type SignatureCheckDto = { 
/**
 * All checks passed.
 */
valid: boolean, 
/**
 * Signer's name.
 */
signer: string, 
/**
 * Signer's codice fiscale.
 */
codice_fiscale: string | null, 
/**
 * Issuer of the signer's certificate.
 */
issuer: string, 
/**
 * Claimed signing time (RFC 3339).
 */
signing_time: string | null, 
/**
 * The time a trusted RFC 3161 time-stamp proves (RFC 3339), if any.
 */
timestamp: string | null, 
/**
 * The signed bytes are unchanged.
 */
intact: boolean, 
/**
 * What the file holds after this signature.
 */
coverage: SignatureCoverage, 
/**
 * The certificate chains to a trusted authority.
 */
trusted: boolean, 
/**
 * The certificate was found not revoked (OCSP or CRL).
 */
revocation_checked: boolean, 
/**
 * What is wrong, in Italian; empty when valid.
 */
problems: Array<string>, 
/**
 * What is worth knowing (Italian): which time was trusted, whether revocation was checked.
 */
notes: Array<string>, };

export type VerifyReportDto = { 
/**
 * "PAdES" or "CAdES".
 */
format: string, 
/**
 * Every signature is valid (and there is at least one).
 */
valid: boolean, 
/**
 * Each signature.
 */
signatures: Array<SignatureCheckDto>, };

export type IdentityInput = { "source": "pkcs11", 
/**
 * Path of the PKCS#11 module (.so, .dll, .dylib).
 */
module: string, 
/**
 * The token's label.
 */
token_label: string, 
/**
 * The key's CKA_ID, hex.
 */
key_id: string, } | { "source": "pkcs12", 
/**
 * Its path.
 */
path: string, };

export type ServerSettingsDto = { 
/**
 * Base URL (https).
 */
url: string, 
/**
 * User.
 */
user: string, 
/**
 * A CA certificate of the municipal PKI is configured.
 */
ca_set: boolean, 
/**
 * The keyring holds the password.
 */
password_set: boolean, };

export type ServerTestStep = { 
/**
 * "Raggiungibilità", "TLS", "Credenziali", "Permesso di scrittura".
 */
name: string, 
/**
 * Passed.
 */
ok: boolean, 
/**
 * What was found, in Italian.
 */
message: string, };

export type ServerTestDto = { 
/**
 * Every step passed.
 */
ok: boolean, 
/**
 * The steps in order.
 */
steps: Array<ServerTestStep>, };

export type SyncProgressDto = { 
/**
 * Files done in this round.
 */
done: number, 
/**
 * Files in this round.
 */
total: number, 
/**
 * The file being sent.
 */
current: string | null, };

export type SyncSummaryDto = { 
/**
 * Files sent and verified.
 */
verified: number, 
/**
 * Files found already on the server, identical.
 */
already_present: number, 
/**
 * Files in conflict (a different file on the server: not overwritten).
 */
conflicts: number, 
/**
 * Files that need the clerk.
 */
attention: number, 
/**
 * Files still queued (to retry later).
 */
remaining: number, 
/**
 * Why it stopped to ask the clerk, in Italian.
 */
stopped: string | null, 
/**
 * The last error met, in Italian.
 */
last_error: string | null, };

export type OutboxEntryDto = { 
/**
 * The act.
 */
act_id: ActId, 
/**
 * Path on the server.
 */
remote_path: string, 
/**
 * Size in bytes.
 */
size: number, 
/**
 * "in-coda", "verificato", "conflitto", "attenzione".
 */
state: string, 
/**
 * The state in words.
 */
state_label: string, 
/**
 * Why, for conflitto and attenzione.
 */
detail: string | null, 
/**
 * Last change.
 */
updated_at: string, };

export type ActSyncState = { 
/**
 * The act.
 */
act_id: ActId, 
/**
 * "in-coda", "verificato", "conflitto", "attenzione".
 */
state: string, 
/**
 * The state in words.
 */
state_label: string, };

export type AlboConfigDto = { 
/**
 * The albo's WebDAV collection on the document server (ends with "/").
 */
url: string, 
/**
 * The address where citizens read it (ends with "/").
 */
indirizzo: string, };

export type AlboVoceDto = { 
/**
 * The act.
 */
act_id: ActId, 
/**
 * "3/2026".
 */
repertorio: string, 
/**
 * Year of the register.
 */
anno: number, 
/**
 * Number in the year.
 */
numero: number, 
/**
 * The act's kind.
 */
kind: ActKind, 
/**
 * The act's number, "12/2026".
 */
numero_atto: string | null, 
/**
 * The act's oggetto.
 */
oggetto: string, 
/**
 * First day on the albo (ISO date).
 */
inizio: string, 
/**
 * Last day on the albo (ISO date).
 */
fine: string, 
/**
 * The day it left the albo.
 */
defissa_il: string | null, 
/**
 * "in-pubblicazione", "da-defiggere" (past its last day, not yet removed), "defissa".
 */
stato: string, 
/**
 * In Italian.
 */
stato_label: string, 
/**
 * Its page is on the albo online (as this PC last wrote it).
 */
online: boolean, 
/**
 * Why the last attempt to write it online failed.
 */
errore: string | null, 
/**
 * Its referto di pubblicazione is signed.
 */
referto: boolean, };

export type AlboRepertorioDto = { 
/**
 * The year shown.
 */
anno: number, 
/**
 * The years of the register, newest first (this year always among them).
 */
anni: Array<number>, 
/**
 * The publications of the year, newest first.
 */
voci: Array<AlboVoceDto>, 
/**
 * Of every year, those not taken down yet (on the albo, or past their last day).
 */
in_corso: Array<AlboVoceDto>, };

export type AlboReportDto = { 
/**
 * The Comune has an albo online (folder and server configured).
 */
online: boolean, 
/**
 * Publications put online now ("3/2026").
 */
pubblicati: Array<string>, 
/**
 * Publications that left the albo now.
 */
defissi: Array<string>, 
/**
 * What failed (retried at the next run).
 */
errori: Array<string>, };

export type ErrorCode = "invalid-input" | "not-found" | "forbidden" | "not-allowed" | "conflict" | "too-large" | "storage" | "signature" | "server" | "offline" | "no-user" | "not-initialised" | "internal";

export type AppErrorDto = { 
/**
 * What kind of failure.
 */
code: ErrorCode, 
/**
 * What went wrong and, where possible, what to do, in Italian.
 */
message: string, 
/**
 * For validation errors: each field and what is wrong with it.
 */
fields: Array<FieldError>, };

