//! The shapes that cross the boundary to the UI (IPC) and to scripts (`--json`). They are
//! generated as TypeScript into `ui/src/lib/gen/types.ts` by this crate's tests; CI fails
//! when the committed file drifts.

use atti_core::{ActId, ActKind, ActState, Role};
use serde::{Deserialize, Serialize};

/// Who is working, in which Comune, and the lists the UI needs to offer choices.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SessionInfo {
    /// Name of the Comune.
    pub comune: String,
    /// Whether this is the demo Comune (its user switch; no login).
    pub demo: bool,
    /// The document server this PC works with, if any.
    pub server_url: Option<String>,
    /// The current user.
    pub user: UserDto,
    /// Every user (the demo lets one switch).
    pub users: Vec<UserDto>,
    /// Every office.
    pub offices: Vec<OfficeDto>,
    /// The act kinds, with what the editor needs to know of each.
    pub kinds: Vec<KindInfo>,
    /// The states, with their labels.
    pub states: Vec<StateInfo>,
    /// Today in the Comune's calendar ("2026-11-26").
    pub today: String,
    /// Whether the current user may change the Comune's settings (the amministratore).
    pub may_administer: bool,
    /// Whether the current user may attest certified copies (one of the officials the Comune
    /// authorises for it).
    pub may_attest_copies: bool,
    /// Where a «Salva» dialog opens first (the user's Documents folder), if the system says.
    pub save_dir: Option<String>,
    /// The offices whose modelli the current user manages (their dirigente; the segretario).
    pub modelli_offices: Vec<String>,
}

/// What the login screen shows before anyone is logged in.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LoginInfo {
    /// Name of the Comune.
    pub comune: String,
    /// Whether this is the demo Comune, where nobody logs in.
    pub demo: bool,
    /// The document server this PC knows (none before its first login).
    pub server_url: Option<String>,
    /// Whether this PC has the CA certificate of the server's PKI.
    pub server_ca_set: bool,
    /// The last user who logged in on this PC (the login screen proposes them).
    pub last_user: Option<String>,
}

/// A login's outcome: the session, and whether the server was reached.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LoginDto {
    /// The session of the user now logged in.
    pub session: SessionInfo,
    /// The server could not be reached: the password was checked against this PC's keyring.
    pub offline: bool,
    /// What the user should know (the Comune's set-up on the server not taken, and why).
    pub notices: Vec<String>,
}

/// The Comune's set-up as published on the document server.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ComunePublishedDto {
    /// Its version on the server (1, 2, ...).
    #[ts(type = "number")]
    pub version: u64,
    /// SHA-256 of its file on the server.
    pub sha256: String,
    /// Whether this call published it (false: the server had it already).
    pub new: bool,
}

/// What a pull of the shared iter did (`atti sync`, the desktop's timer).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct PulledDto {
    /// Steps of other PCs applied here.
    #[ts(type = "number")]
    pub applied: usize,
    /// What could not be applied, in Italian (a history broken on the server).
    pub problems: Vec<String>,
    /// Steps taken here while the server did not answer, now sent.
    #[ts(type = "number")]
    pub sent: usize,
    /// Steps taken here while the server did not answer that the rules refused when sent,
    /// each with the reason (they stay on their act).
    pub refused: Vec<String>,
    /// Steps still waiting for the server (of this user, or of others who log in here).
    #[ts(type = "number")]
    pub waiting: usize,
}

/// A user.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct UserDto {
    /// Login name.
    pub username: String,
    /// Name and surname.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Role as a clerk reads it.
    pub role_label: String,
    /// Office code.
    pub office: Option<String>,
}

/// An office.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct OfficeDto {
    /// Short code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// What the editor needs to know about an act kind.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct KindInfo {
    /// The kind.
    pub kind: ActKind,
    /// Its name.
    pub label: String,
    /// The verb of the dispositivo (DETERMINA, ...); none for a verbale.
    pub dispositivo_verb: Option<String>,
    /// Whether it may carry impegni di spesa.
    pub has_impegni: bool,
    /// Whether it is a verbale PL (own fields instead of body and dispositivo).
    pub is_verbale: bool,
    /// Whether the current user may draft acts of this kind.
    pub may_draft: bool,
}

/// A state and its label.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct StateInfo {
    /// The state.
    pub state: ActState,
    /// Its label.
    pub label: String,
    /// Whether the text of an act in this state may still change (before adoption).
    pub editable: bool,
}

/// Which acts to list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct ActFilter {
    /// Only this kind.
    pub kind: Option<ActKind>,
    /// Only this state.
    pub state: Option<ActState>,
    /// Only acts matching these words (full-text, accent-insensitive, prefixes, other forms
    /// and a typo forgiven).
    pub text: Option<String>,
    /// Only this office's (its code).
    pub office: Option<String>,
    /// Only of this year (of adoption; of drafting before).
    pub year: Option<i16>,
    /// Only from this day on ("2026-03-01").
    pub from: Option<String>,
    /// Only up to this day ("2026-03-31").
    pub to: Option<String>,
    /// Only the act with this final number ("12/2026", or "12").
    pub numero: Option<String>,
    /// At most this many acts, the first ones (a page of the list: the desktop asks for 50
    /// and more on «Mostra altri atti»); none: 500.
    pub limit: Option<u32>,
}

/// An act in a list.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ActSummary {
    /// Id.
    pub id: ActId,
    /// Kind.
    pub kind: ActKind,
    /// Kind label.
    pub kind_label: String,
    /// State.
    pub state: ActState,
    /// State label.
    pub state_label: String,
    /// Office code.
    pub office: String,
    /// Proposal number.
    pub proposal: Option<String>,
    /// Final number "N/YYYY", once adopted.
    pub numero: Option<String>,
    /// Day of adoption, once adopted.
    pub adoption_date: Option<String>,
    /// Oggetto.
    pub oggetto: String,
    /// Last save (RFC 3339).
    pub updated_at: String,
    /// Current version.
    pub version: u32,
    /// For a search: an excerpt with the matched words between « and ».
    pub snippet: Option<String>,
    /// A step of this PC not on the document server yet: «In invio» (it waits for the
    /// server), «Passo non registrato» (refused when sent: the act says why); none when the
    /// act is as the server has it.
    pub iter_pending: Option<String>,
    /// Its last step of the iter was a return (restituisci): back for changes.
    pub restituita: bool,
}

/// The result of a save.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SavedVersion {
    /// The version just written.
    pub version: u32,
    /// When (RFC 3339).
    pub saved_at: String,
}

/// One version in the history of an act.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct VersionSummary {
    /// Version number.
    pub version: u32,
    /// When it was saved (RFC 3339).
    pub saved_at: String,
    /// Who saved it.
    pub author: String,
    /// Its oggetto.
    pub oggetto: String,
}

/// Where an act is in its iter, and what the current user may do.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct IterStatus {
    /// The act.
    pub id: ActId,
    /// Its kind.
    pub kind: ActKind,
    /// Its state.
    pub state: ActState,
    /// State label.
    pub state_label: String,
    /// Current version.
    pub version: u32,
    /// Final number "N/YYYY", once adopted.
    pub numero: Option<String>,
    /// The dates of the iter.
    pub dates: ActDates,
    /// When the act grants vantaggi economici above 1,000 euro: it is not effective until
    /// published, or effective from its first day of publication (art. 26 c.3 D.Lgs.
    /// 33/2013), as atti-core says.
    pub efficacia: Option<String>,
    /// Pareri and visti, oldest first.
    pub pareri: Vec<ParereDto>,
    /// Signatures given so far.
    pub signatures: Vec<SignatureDto>,
    /// The roles that sign this act.
    pub required_signers: Vec<Role>,
    /// Session data (delibere).
    pub seduta: Option<atti_core::iter::Seduta>,
    /// The actions open to the current user, each with what blocks it now.
    pub options: Vec<atti_core::iter::ActionOption>,
    /// The pareri and visti the current user may give now.
    pub parere_options: Vec<atti_core::parere::ParereTipo>,
    /// Whether the current user may change the text now (state and role).
    pub editable: bool,
    /// Whether the current user may start its correction (rettifica, annullamento) now.
    pub may_correct: bool,
    /// Whether the current user may start a new draft from its text («Duplica»).
    pub may_duplicate: bool,
    /// Whether the current user may save its text as a modello of its office.
    pub may_save_modello: bool,
    /// Corrections (rettifica, annullamento) linking this act and others.
    pub links: Vec<LinkDto>,
    /// Steps taken on this PC while the document server did not answer: sent by the next
    /// sync («in invio»), or refused when sent (with the reason).
    pub queued: Vec<QueuedStepDto>,
    /// Where the act's history on the document server stands here (a Comune's act; none in
    /// the demo Comune): every PC that applied the same steps has the same head.
    pub shared: Option<SharedDto>,
    /// The current user's edits of this shared act kept on this PC (not sent yet, or set
    /// aside by another PC's version), in a sentence; none without any.
    pub bozza: Option<String>,
}

/// An act's place in the shared iter (docs/iter-condiviso.md).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SharedDto {
    /// Its identifier in the Comune.
    pub uid: String,
    /// Steps of its history applied here.
    #[ts(type = "number")]
    pub seq: u64,
    /// SHA-256 of the last one's file on the server.
    pub head: String,
}

/// A step waiting for the document server, or refused when it was sent.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct QueuedStepDto {
    /// The action.
    pub action: atti_core::iter::Action,
    /// Its label.
    pub label: String,
    /// Who took it.
    pub by: String,
    /// When (RFC 3339).
    pub queued_at: String,
    /// Why the rules refused it when it was sent (none: still to be sent).
    pub refused: Option<String>,
}

/// The dates of an act (civil dates, "2026-11-26").
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ActDates {
    /// Adoption (for delibere: the session).
    pub adoption: Option<String>,
    /// First day on the albo.
    pub publication_start: Option<String>,
    /// Last day on the albo (15 consecutive days).
    pub publication_end: Option<String>,
    /// When a delibera is (or becomes) executive.
    pub esecutivita: Option<String>,
    /// Last day to notify a verbale not contested on the spot (90 days, 360 abroad).
    pub notifica_deadline: Option<String>,
    /// Days left to notify it, while it waits for its notification (negative: late).
    #[ts(type = "number | null")]
    pub notifica_giorni: Option<i64>,
}

/// A parere as the act shows it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ParereDto {
    /// Which one.
    pub tipo: atti_core::parere::ParereTipo,
    /// Its full name.
    pub label: String,
    /// Outcome.
    pub esito: atti_core::parere::Esito,
    /// Reasons.
    pub motivazione: String,
    /// Who gave it.
    pub author: String,
    /// When.
    pub given_at: String,
    /// On which version.
    pub version: u32,
    /// The text changed afterwards: it must be given again.
    pub da_rinnovare: bool,
    /// The SHA-256 of its signed document (`parere_document_save`); none for a parere
    /// recorded before pareri were signed.
    pub document: Option<String>,
}

/// A signature recorded in the iter.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SignatureDto {
    /// Role of the signer.
    pub role: Role,
    /// Its label.
    pub role_label: String,
}

/// The act a draft was duplicated from («Duplica da un atto precedente»), and what the draft
/// still has of it and must be checked.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DuplicatoDto {
    /// The act it started from.
    pub source: ActId,
    /// Its kind.
    pub kind: ActKind,
    /// Its final number, if adopted.
    pub numero: Option<String>,
    /// Its proposal number.
    pub proposal: Option<String>,
    /// Its oggetto.
    pub oggetto: String,
    /// What the draft still has as it was there: amounts, CIG, dates (field and reason).
    pub da_verificare: Vec<atti_core::validate::FieldError>,
}

/// A correction link: `correction` corrects `original`.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LinkDto {
    /// The correcting act.
    #[ts(type = "number")]
    pub correction: i64,
    /// The corrected act.
    #[ts(type = "number")]
    pub original: i64,
    /// "rettifica" or "annullamento".
    pub tipo: String,
}

/// One step in the timeline of an act.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TimelineEntry {
    /// Position in the audit log.
    #[ts(type = "number")]
    pub seq: i64,
    /// When (RFC 3339).
    pub at: String,
    /// Who (username).
    pub actor: String,
    /// Who (name).
    pub actor_name: String,
    /// What (crea, salva, parere, numero, firma, or an iter action).
    pub action: String,
    /// What, as a clerk reads it.
    pub label: String,
    /// Reasons given.
    pub note: Option<String>,
    /// Comments per section (when returning an act).
    pub comments: Vec<SectionComment>,
    /// SHA-256 of the content at that moment.
    pub version_hash: String,
    /// The version of the text with that content (the one the step saw).
    pub version: Option<u32>,
}

/// A comment on one part of an act.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct SectionComment {
    /// Field path, e.g. "dispositivo[1].text", "oggetto", "sections[0].text".
    pub field: String,
    /// The comment.
    pub text: String,
}

/// A group of the inbox.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct InboxGroup {
    /// "Da istruire", "Da esprimere parere", "Da firmare", "In pubblicazione", and for the
    /// segretario "Da controllare (art. 147-bis)".
    pub name: String,
    /// The most recently changed of its acts, at most 100 (`iter::INBOX_SHOWN`).
    pub acts: Vec<ActSummary>,
    /// How many acts it has.
    pub total: u32,
}

/// What changed between two versions of an act.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ActDiff {
    /// The older version.
    pub from: u32,
    /// The newer version.
    pub to: u32,
    /// Each part that changed.
    pub changes: Vec<DiffPart>,
}

/// One changed part, with its text diff.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DiffPart {
    /// Which part: "Oggetto", "Premesso che (1)", "Dispositivo, punto 2", "Impegni", ...
    pub part: String,
    /// The words, each marked as kept, removed or added.
    pub spans: Vec<DiffSpan>,
}

/// A run of text in a diff.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DiffSpan {
    /// "same", "removed" or "added".
    pub kind: String,
    /// The text.
    pub text: String,
}

/// What a user brings to an iter action from the UI.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct ActionRequest {
    /// Reasons.
    pub note: Option<String>,
    /// Session data: computed from the record of a session (`sedute.rs`), never given from
    /// outside (neither the UI nor the CLI can type a vote).
    #[serde(skip)]
    #[ts(skip)]
    pub(crate) seduta: Option<atti_core::iter::Seduta>,
    /// Comments per section.
    pub comments: Vec<SectionComment>,
    /// Pubblica: the personal data found in the text and not marked riservato that who
    /// publishes confirms, each by its text (see [`Atti::omissis_proposals`]).
    pub conferma_dati: Vec<String>,
    /// Notifica of a verbale: made from the receipts or the postal dates (`notifiche.rs`),
    /// never given from outside.
    #[serde(skip)]
    #[ts(skip)]
    pub(crate) notificazione: Option<atti_core::notifica::Notificazione>,
}

impl ActionRequest {
    /// A request with reasons and comments (the session data come only from a session's
    /// record).
    pub fn new(note: Option<String>, comments: Vec<SectionComment>) -> ActionRequest {
        ActionRequest {
            note,
            comments,
            ..ActionRequest::default()
        }
    }
}

/// A session of the Giunta or of the Consiglio, as its record makes it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SedutaDto {
    /// Its id in this archive.
    #[ts(type = "number")]
    pub id: i64,
    /// Its identifier in the Comune.
    pub uid: String,
    /// «Seduta n. 3/2026 della Giunta comunale».
    pub titolo: String,
    /// The record folded by atti-core.
    pub stato: atti_core::seduta::SedutaStato,
    /// The members in office on its day.
    pub componenti: Vec<MembroDto>,
    /// The members needed present.
    pub numero_legale: u32,
    /// Who presides by the organ's order among those present now.
    pub presiede_atteso: Option<String>,
    /// The acts of its items, where they are now.
    pub punti: Vec<PuntoDto>,
    /// What the last fact could not carry to an act (the record keeps it).
    pub avvisi: Vec<String>,
    /// Whether the current user records its facts.
    pub may_record: bool,
}

/// A member in office on a session's day.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MembroDto {
    /// Identifier in the organ.
    pub id: String,
    /// Name.
    pub nome: String,
    /// Charge.
    pub carica: atti_core::organo::Carica,
    /// Charge as printed.
    pub carica_label: String,
    /// Council group.
    pub gruppo: Option<String>,
    /// Present now.
    pub presente: bool,
    /// Absent with justification at the roll call.
    pub giustificato: bool,
}

/// The act of an item of the ordine del giorno.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PuntoDto {
    /// The item.
    pub numero: u16,
    /// The act.
    pub act_id: atti_core::ActId,
    /// Its state now.
    pub act_state: atti_core::ActState,
    /// Its state as a clerk reads it.
    pub act_state_label: String,
    /// Its final number, once approved or rejected.
    pub act_numero: Option<String>,
}

/// A session in the list.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SedutaSummary {
    /// Its id.
    #[ts(type = "number")]
    pub id: i64,
    /// «Seduta n. 3/2026 della Giunta comunale».
    pub titolo: String,
    /// The organ.
    pub organo: atti_core::organo::Organo,
    /// Its day.
    pub data: String,
    /// Where it is.
    pub fase: atti_core::seduta::Fase,
    /// Items on its ordine del giorno.
    pub punti: u16,
}

/// A PDF for the UI to preview, print or save.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PdfDocument {
    /// A file name to propose when saving ("determinazione-1-2026-pubblicazione.pdf").
    pub file_name: String,
    /// The name its act's certified copy is proposed with ("determinazione-1-2026-copia.pdf").
    pub copia_file_name: String,
    /// The PDF, base64.
    pub pdf_base64: String,
    /// Its SHA-256.
    pub sha256: String,
}

/// A certified copy just issued.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CopiaIssued {
    /// The copy, ready to print.
    pub document: PdfDocument,
    /// The contrassegno printed on it.
    pub token: String,
}

/// The result of checking a contrassegno.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct QrVerification {
    /// What the contrassegno states (it is authentic: the Comune's seal signed it).
    pub claims: atti_docs::TokenClaims,
    /// Whether it matches the original kept here: `true` yes, `false` the original kept here
    /// differs, none when the original is not kept here.
    pub original_matches: Option<bool>,
    /// The copy the contrassegno names, as this archive's register of copies has it; none when
    /// the contrassegno names no copy (first format) or the act is not kept here.
    pub registro: Option<CopiaNelRegistro>,
    /// What happened to the act since (kept here): annulled, corrected by another act. The
    /// copy may be authentic and still not show the act as it stands.
    pub later: Vec<String>,
}

/// An earlier key of the Comune's seal.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PreviousSealKey {
    /// Its short name (16 hex digits).
    pub fingerprint: String,
    /// The day from which it no longer vouches for the copies it seals (yyyy-mm-dd), if retired.
    pub retired_from: Option<String>,
}

/// A copy named by a contrassegno, in the register of copies.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CopiaNelRegistro {
    /// The register has this very contrassegno under the copy's number: the paper is that copy
    /// if it prints the number, date, official and pages the contrassegno states.
    pub registrata: bool,
    /// For whom the copy was issued, as the register says (when it is registered and names
    /// someone).
    pub per: Option<String>,
}

/// A commitment to the seed of a draw of the later control (TUEL art. 147-bis): the period and
/// the seed's SHA-256, recorded before the period ended.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ImpegnoSemeDto {
    /// Kind of the acts to draw (slug).
    pub kind: String,
    /// Its label.
    pub kind_label: String,
    /// First day of the period (YYYY-MM-DD).
    pub period_from: String,
    /// Last day of the period.
    pub period_to: String,
    /// SHA-256 of the seed (hex): the seed itself is revealed at the draw.
    pub seed_sha256: String,
    /// When it was recorded.
    pub committed_at: String,
    /// By whom.
    pub committed_by: String,
    /// The period's draw is made.
    pub drawn: bool,
}

/// A draw of the later control of regularity (TUEL art. 147-bis) and its checks.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ControlloDto {
    /// Its number.
    #[ts(type = "number")]
    pub id: i64,
    /// Kind of the acts drawn (slug).
    pub kind: String,
    /// Its label.
    pub kind_label: String,
    /// First day of the period (YYYY-MM-DD).
    pub period_from: String,
    /// Last day of the period.
    pub period_to: String,
    /// Percentage drawn.
    pub percent: u8,
    /// The public seed of the draw.
    pub seed: String,
    /// The numbers of every eligible act, in register order (with the seed, anyone can redo
    /// the draw).
    pub candidates: Vec<String>,
    /// When it was drawn.
    pub drawn_at: String,
    /// By whom.
    pub drawn_by: String,
    /// The acts drawn.
    pub acts: Vec<ControlloAttoDto>,
    /// How many of them have an outcome.
    #[ts(type = "number")]
    pub checked: usize,
}

/// An act drawn for the control, and what its check found.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ControlloAttoDto {
    /// The act.
    pub act_id: ActId,
    /// Its number.
    pub numero: String,
    /// Its oggetto.
    pub oggetto: String,
    /// The outcome, once given.
    pub esito: Option<atti_core::controllo::EsitoControllo>,
    /// Its label.
    pub esito_label: Option<String>,
    /// What was found.
    pub note: Option<String>,
    /// When.
    pub checked_at: Option<String>,
    /// By whom.
    pub checked_by: Option<String>,
}

/// The Comune's seal for contrassegni, as IT staff see it (never the private key).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SealInfo {
    /// The current key's short name (16 hex digits), none when the Comune has no key yet.
    pub fingerprint: Option<String>,
    /// The current public key, PEM SubjectPublicKeyInfo, for the Comune's verification page.
    pub public_key_pem: Option<String>,
    /// The current key is the demo key (it protects nothing).
    pub demo: bool,
    /// How many earlier keys still verify the copies they sealed.
    #[ts(type = "number")]
    pub previous_keys: usize,
    /// The earlier keys, newest first, with the day each was retired from, if it was.
    pub previous: Vec<PreviousSealKey>,
    /// The address printed on copies, where the Comune publishes its verification page.
    pub verification_url: String,
}

/// A signer's certificate, as the clerk sees it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CertificateDto {
    /// Holder (CN).
    pub common_name: String,
    /// Codice fiscale from the subject serialNumber (TINIT-...).
    pub codice_fiscale: Option<String>,
    /// Issuing authority.
    pub issuer: String,
    /// Valid from (RFC 3339).
    pub not_before: String,
    /// Valid until (RFC 3339).
    pub not_after: String,
    /// Whether it is meant for signing (keyUsage nonRepudiation).
    pub non_repudiation: bool,
}

/// A certification authority the Comune trusts.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TrustAnchorDto {
    /// SHA-256 of the certificate (DER), hex.
    pub sha256: String,
    /// The certificate.
    pub certificate: CertificateDto,
}

/// A user's signing identity.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct IdentityDto {
    /// The user.
    pub username: String,
    /// Where the key is, in words.
    pub description: String,
    /// Its certificate.
    pub certificate: CertificateDto,
    /// What to know before signing (e.g. expiry within 30 days), in Italian.
    pub warnings: Vec<String>,
}

/// What a signature produced.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SignOutcome {
    /// The act's iter after the signature.
    pub status: IterStatus,
    /// The signed files (names).
    pub files: Vec<String>,
    /// Warnings about the certificate, in Italian.
    pub warnings: Vec<String>,
}

/// One signature found in a file, checked.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SignatureCheckDto {
    /// All checks passed.
    pub valid: bool,
    /// Signer's name.
    pub signer: String,
    /// Signer's codice fiscale.
    pub codice_fiscale: Option<String>,
    /// Issuer of the signer's certificate.
    pub issuer: String,
    /// Claimed signing time (RFC 3339).
    pub signing_time: Option<String>,
    /// The time a trusted RFC 3161 time-stamp proves (RFC 3339), if any.
    pub timestamp: Option<String>,
    /// The signed bytes are unchanged.
    pub intact: bool,
    /// What the file holds after this signature.
    pub coverage: SignatureCoverage,
    /// The certificate chains to a trusted authority.
    pub trusted: bool,
    /// The certificate was found not revoked (OCSP or CRL).
    pub revocation_checked: bool,
    /// What is wrong, in Italian; empty when valid.
    pub problems: Vec<String>,
    /// What is worth knowing (Italian): which time was trusted, whether revocation was checked.
    pub notes: Vec<String>,
}

/// What a file holds after one of its signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureCoverage {
    /// Nothing: the signature covers the whole file.
    WholeFile,
    /// Only later signatures (and their validation data): a legitimate later revision, as a
    /// co-signer's signature.
    LaterSignatures,
    /// Changes nobody signed after it (the report's problems say which).
    LaterChanges,
}

impl SignatureCoverage {
    /// From the verifier's report of one signature.
    pub fn of(s: &atti_sign::SignatureReport) -> SignatureCoverage {
        if s.covers_whole_file {
            SignatureCoverage::WholeFile
        } else if s.only_signatures_after {
            SignatureCoverage::LaterSignatures
        } else {
            SignatureCoverage::LaterChanges
        }
    }
}

/// The result of verifying a signed file.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct VerifyReportDto {
    /// "PAdES" or "CAdES".
    pub format: String,
    /// Every signature is valid (and there is at least one).
    pub valid: bool,
    /// Each signature.
    pub signatures: Vec<SignatureCheckDto>,
}

/// The document server settings (the password is never sent back, only whether it is set).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ServerSettingsDto {
    /// Base URL (https).
    pub url: String,
    /// User.
    pub user: String,
    /// A CA certificate of the municipal PKI is configured.
    pub ca_set: bool,
    /// The keyring holds the password.
    pub password_set: bool,
}

/// One step of the server connection test.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ServerTestStep {
    /// "Raggiungibilità", "TLS", "Credenziali", "Permesso di scrittura".
    pub name: String,
    /// Passed.
    pub ok: bool,
    /// What was found, in Italian.
    pub message: String,
}

/// The server connection test.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ServerTestDto {
    /// Every step passed.
    pub ok: bool,
    /// The steps in order.
    pub steps: Vec<ServerTestStep>,
}

/// Progress of a sync, for the progress bar.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SyncProgressDto {
    /// Files done in this round.
    #[ts(type = "number")]
    pub done: usize,
    /// Files in this round.
    #[ts(type = "number")]
    pub total: usize,
    /// The file being sent.
    pub current: Option<String>,
}

/// How a sync ended.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SyncSummaryDto {
    /// Files sent and verified.
    #[ts(type = "number")]
    pub verified: usize,
    /// Files found already on the server, identical.
    #[ts(type = "number")]
    pub already_present: usize,
    /// Files in conflict (a different file on the server: not overwritten).
    #[ts(type = "number")]
    pub conflicts: usize,
    /// Files that need the clerk.
    #[ts(type = "number")]
    pub attention: usize,
    /// Files still queued (to retry later).
    #[ts(type = "number")]
    pub remaining: usize,
    /// Why it stopped to ask the clerk, in Italian.
    pub stopped: Option<String>,
    /// The last error met, in Italian.
    pub last_error: Option<String>,
}

/// One file of the outbox.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct OutboxEntryDto {
    /// The act.
    pub act_id: ActId,
    /// Path on the server.
    pub remote_path: String,
    /// Size in bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// "in-coda", "verificato", "conflitto", "attenzione".
    pub state: String,
    /// The state in words.
    pub state_label: String,
    /// Why, for conflitto and attenzione.
    pub detail: Option<String>,
    /// Last change.
    pub updated_at: String,
}

/// The sync state of an act with a package.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ActSyncState {
    /// The act.
    pub act_id: ActId,
    /// "in-coda", "verificato", "conflitto", "attenzione".
    pub state: String,
    /// The state in words.
    pub state_label: String,
}

/// Where the albo pretorio online is published.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AlboConfigDto {
    /// The albo's WebDAV collection on the document server (ends with "/").
    pub url: String,
    /// The address where citizens read it (ends with "/").
    pub indirizzo: String,
}

/// An attempt at notifying a verbale, by PEC or by post.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct NotificaDto {
    /// Its id.
    #[ts(type = "number")]
    pub id: i64,
    /// PEC or post.
    pub mezzo: atti_core::notifica::Mezzo,
    /// PEC or post, in Italian.
    pub mezzo_label: String,
    /// The PEC address or the postal address.
    pub destinatario: String,
    /// The message's Message-ID, or the raccomandata's number.
    pub riferimento: String,
    /// "in-invio", "non-inviata", "inviata", "non-consegnata", "consegnata".
    pub esito: String,
    /// Where it stands, in Italian.
    pub esito_label: String,
    /// Why it did not leave or was not delivered.
    pub errore: Option<String>,
    /// The day it left (for PEC: the provider's acceptance).
    pub spedita_il: Option<String>,
    /// The day it was delivered.
    pub consegnata_il: Option<String>,
    /// Delivered by compiuta giacenza.
    pub compiuta_giacenza: bool,
    /// When it was recorded (RFC 3339) and by whom.
    pub creata_at: String,
    /// Username.
    pub creata_by: String,
    /// The provider's receipts kept.
    pub ricevute: Vec<RicevutaDto>,
}

/// A receipt of the PEC kept with a notification.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RicevutaDto {
    /// "accettazione", "avvenuta-consegna", "errore-consegna", ...
    pub tipo: String,
    /// What it is, in Italian («ricevuta di avvenuta consegna»).
    pub label: String,
    /// SHA-256 of the message (to save it).
    pub sha256: String,
}

impl From<atti_store::NotificaRow> for NotificaDto {
    fn from(n: atti_store::NotificaRow) -> NotificaDto {
        NotificaDto {
            id: n.id,
            mezzo: n.mezzo,
            mezzo_label: n.mezzo.label().into(),
            destinatario: n.destinatario,
            riferimento: n.riferimento,
            esito: n.esito.slug().into(),
            esito_label: n.esito.label().into(),
            errore: n.errore,
            spedita_il: n.spedita_il.map(|d| d.to_string()),
            consegnata_il: n.consegnata_il.map(|d| d.to_string()),
            compiuta_giacenza: n.compiuta_giacenza,
            creata_at: n.creata_at,
            creata_by: n.creata_by,
            ricevute: n
                .ricevute
                .into_iter()
                .map(|(tipo, sha256)| RicevutaDto {
                    label: atti_pec::TipoRicevuta::from_slug(&tipo)
                        .map_or_else(|| tipo.clone(), |t| t.label().to_string()),
                    tipo,
                    sha256,
                })
                .collect(),
        }
    }
}

/// What a read of the PEC mailbox found.
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct RicevutePecDto {
    /// Receipts read.
    pub lette: u32,
    /// Receipts of our notifications, kept.
    pub registrate: u32,
    /// The verbali notified by this read.
    #[ts(type = "number[]")]
    pub notificati: Vec<i64>,
    /// What could not be read or recorded, in Italian.
    pub problemi: Vec<String>,
}

/// The albo's screen: one year of the register, and what is not taken down yet.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AlboRepertorioDto {
    /// The year shown.
    pub anno: i16,
    /// The years of the register, newest first (this year always among them).
    pub anni: Vec<i16>,
    /// The publications of the year, newest first.
    pub voci: Vec<AlboVoceDto>,
    /// Of every year, those not taken down yet (on the albo, or past their last day).
    pub in_corso: Vec<AlboVoceDto>,
}

/// A publication of the register of the albo (repertorio).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AlboVoceDto {
    /// The act.
    pub act_id: ActId,
    /// "3/2026".
    pub repertorio: String,
    /// Year of the register.
    pub anno: i16,
    /// Number in the year.
    pub numero: u32,
    /// The act's kind.
    pub kind: ActKind,
    /// The act's number, "12/2026".
    pub numero_atto: Option<String>,
    /// The act's oggetto.
    pub oggetto: String,
    /// First day on the albo (ISO date).
    pub inizio: String,
    /// Last day on the albo (ISO date).
    pub fine: String,
    /// The day it left the albo.
    pub defissa_il: Option<String>,
    /// "in-pubblicazione", "da-defiggere" (past its last day, not yet removed), "defissa".
    pub stato: String,
    /// In Italian.
    pub stato_label: String,
    /// Its page is on the albo online (as this PC last wrote it).
    pub online: bool,
    /// Why the last attempt to write it online failed.
    pub errore: Option<String>,
    /// Its referto di pubblicazione is signed.
    pub referto: bool,
}

/// An attestation of an act after its publication (the referto di pubblicazione, the
/// certificato di esecutività): signed, or what it would attest, or why it cannot be yet.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AttestazioneDto {
    /// Which one.
    pub tipo: atti_core::attestazione::Attestazione,
    /// Its title.
    pub label: String,
    /// Who signed it (full name), once signed.
    pub firmata_da: Option<String>,
    /// When it was signed.
    pub firmata_at: Option<String>,
    /// The SHA-256 of its signed file.
    pub sha256: Option<String>,
    /// The signed file's name.
    pub file_name: Option<String>,
    /// What the current user would attest by signing it now, whole.
    pub testo: Option<String>,
    /// Why it cannot be signed now (not signed yet): the core's rule.
    pub blocked_by: Option<String>,
}

/// The provvedimento that archived a verbale (art. 386 Reg. CdS).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ArchiviazioneDto {
    /// Why.
    pub motivo: atti_core::archiviazione::MotivoArchiviazione,
    /// Why, as the provvedimento says it.
    pub motivo_label: String,
    /// The reasons written out.
    pub motivazione: String,
    /// Who signed it (full name).
    pub firmata_da: String,
    /// When (RFC 3339).
    pub firmata_at: String,
    /// The day, in Italy ("07/12/2026").
    pub firmata_il: String,
    /// The SHA-256 of its signed document.
    pub sha256: String,
    /// The signed document's name.
    pub file_name: String,
}

/// The Comune's pagoPA intermediary: who it is and where it puts the flussi di
/// rendicontazione on the document server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct IntermediarioDto {
    /// Its name ("PagoPA S.p.A. tramite Regione Piemonte").
    pub nome: String,
    /// The folder of the document server with its flussi ("pagopa/rendicontazione").
    pub cartella: String,
}

/// What reading a flusso di rendicontazione did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RendicontazioneDto {
    /// The flusso's identifier.
    pub flusso: String,
    /// Who sent the money.
    pub mittente: String,
    /// The day it was settled ("AAAA-MM-GG").
    pub data_regolamento: String,
    /// The payments in it.
    pub pagamenti: usize,
    /// Those recorded now with their verbale.
    pub registrati: usize,
    /// It had been read before: nothing changed.
    pub gia_letto: bool,
    /// The verbali it pays.
    pub verbali: Vec<atti_core::ActId>,
    /// The IUVs that are not of a verbale of Atti (other services of the Comune).
    pub non_nostri: Vec<String>,
}

/// A payment of a verbale.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PagamentoDto {
    /// The IUV of the avviso paid.
    pub iuv: String,
    /// The amount, in euro cents.
    pub importo_centesimi: i64,
    /// The amount as a clerk reads it ("75,40 €").
    pub importo: String,
    /// The day it was paid ("AAAA-MM-GG").
    pub pagato_il: String,
    /// Revoked afterwards: not counted.
    pub revocato: bool,
    /// The flusso that reported it.
    pub flusso: String,
}

/// The payments of a verbale and where they leave it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PagamentiDto {
    /// Every payment, in the order they were made.
    pub pagamenti: Vec<PagamentoDto>,
    /// Where they leave the verbale (art. 202-203 CdS).
    pub esito: atti_core::pagamento::EsitoPagamento,
    /// The same, in Italian.
    pub esito_label: String,
}

/// What a run of the albo did.
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct AlboReportDto {
    /// The Comune has an albo online (folder and server configured).
    pub online: bool,
    /// Publications put online now ("3/2026").
    pub pubblicati: Vec<String>,
    /// Publications that left the albo now.
    pub defissi: Vec<String>,
    /// What failed (retried at the next run).
    pub errori: Vec<String>,
}

#[cfg(test)]
mod tests {
    //! Generates the TypeScript types and the JSON schema of an act, and fails when the
    //! committed files differ (run with UPDATE_EXPECT=1 to rewrite them).

    use super::*;
    use expect_test::expect_file;
    use ts_rs::TS;

    #[test]
    fn typescript_types_are_current() {
        let cfg = ts_rs::Config::default();
        let decls = [
            atti_core::ActId::decl(&cfg),
            atti_core::modello::Modello::decl(&cfg),
            LoginInfo::decl(&cfg),
            LoginDto::decl(&cfg),
            ComunePublishedDto::decl(&cfg),
            PulledDto::decl(&cfg),
            QueuedStepDto::decl(&cfg),
            SharedDto::decl(&cfg),
            atti_core::ActKind::decl(&cfg),
            atti_core::attestazione::Attestazione::decl(&cfg),
            AttestazioneDto::decl(&cfg),
            atti_core::archiviazione::MotivoArchiviazione::decl(&cfg),
            atti_core::archiviazione::Archiviazione::decl(&cfg),
            ArchiviazioneDto::decl(&cfg),
            IntermediarioDto::decl(&cfg),
            RendicontazioneDto::decl(&cfg),
            PagamentoDto::decl(&cfg),
            PagamentiDto::decl(&cfg),
            atti_core::pagamento::EsitoPagamento::decl(&cfg),
            atti_core::ActState::decl(&cfg),
            atti_core::Role::decl(&cfg),
            atti_core::SectionKind::decl(&cfg),
            atti_core::Act::decl(&cfg),
            atti_core::Section::decl(&cfg),
            atti_core::DispositivoPoint::decl(&cfg),
            atti_core::Impegno::decl(&cfg),
            atti_core::Sovvenzione::decl(&cfg),
            atti_core::PubblicazioneSpeciale::decl(&cfg),
            atti_core::verbale::MancataContestazione::decl(&cfg),
            atti_core::notifica::Mezzo::decl(&cfg),
            NotificaDto::decl(&cfg),
            RicevutaDto::decl(&cfg),
            RicevutePecDto::decl(&cfg),
            crate::pec::PecSettings::decl(&cfg),
            atti_core::Attachment::decl(&cfg),
            atti_core::Person::decl(&cfg),
            atti_core::VerbalePl::decl(&cfg),
            atti_core::FieldError::decl(&cfg),
            SessionInfo::decl(&cfg),
            UserDto::decl(&cfg),
            OfficeDto::decl(&cfg),
            KindInfo::decl(&cfg),
            StateInfo::decl(&cfg),
            ActFilter::decl(&cfg),
            ActSummary::decl(&cfg),
            SavedVersion::decl(&cfg),
            VersionSummary::decl(&cfg),
            atti_core::TipoOrdinanza::decl(&cfg),
            atti_core::iter::Action::decl(&cfg),
            atti_core::iter::Seduta::decl(&cfg),
            atti_core::iter::Votazione::decl(&cfg),
            atti_core::iter::SedutaRecord::decl(&cfg),
            atti_core::seduta::Maggioranza::decl(&cfg),
            atti_core::seduta::TipoSeduta::decl(&cfg),
            atti_core::seduta::SedutaFatto::decl(&cfg),
            atti_core::seduta::VotoNominale::decl(&cfg),
            atti_core::seduta::Fase::decl(&cfg),
            atti_core::seduta::EsitoPunto::decl(&cfg),
            atti_core::seduta::VotoPunto::decl(&cfg),
            atti_core::seduta::Punto::decl(&cfg),
            atti_core::seduta::Movimento::decl(&cfg),
            atti_core::seduta::DichiarazioneResa::decl(&cfg),
            atti_core::seduta::SedutaStato::decl(&cfg),
            atti_core::organo::Organo::decl(&cfg),
            atti_core::organo::Convocazione::decl(&cfg),
            atti_core::organo::Carica::decl(&cfg),
            SedutaDto::decl(&cfg),
            MembroDto::decl(&cfg),
            PuntoDto::decl(&cfg),
            SedutaSummary::decl(&cfg),
            crate::SedutaDocumento::decl(&cfg),
            atti_core::seduta::FirmaVerbale::decl(&cfg),
            atti_core::seduta::AvvisoEmesso::decl(&cfg),
            atti_core::iter::ActionOption::decl(&cfg),
            atti_core::parere::ParereTipo::decl(&cfg),
            atti_core::parere::Esito::decl(&cfg),
            IterStatus::decl(&cfg),
            ActDates::decl(&cfg),
            ParereDto::decl(&cfg),
            TrustAnchorDto::decl(&cfg),
            SignatureDto::decl(&cfg),
            LinkDto::decl(&cfg),
            TimelineEntry::decl(&cfg),
            SectionComment::decl(&cfg),
            InboxGroup::decl(&cfg),
            ActDiff::decl(&cfg),
            DiffPart::decl(&cfg),
            DiffSpan::decl(&cfg),
            ActionRequest::decl(&cfg),
            atti_store::RegistroRow::decl(&cfg),
            atti_store::CopiaRow::decl(&cfg),
            atti_core::Riservato::decl(&cfg),
            atti_docs::TokenClaims::decl(&cfg),
            atti_docs::CopiaClaims::decl(&cfg),
            atti_docs::Proposal::decl(&cfg),
            atti_docs::ProposalKind::decl(&cfg),
            QrVerification::decl(&cfg),
            CopiaNelRegistro::decl(&cfg),
            PreviousSealKey::decl(&cfg),
            SealInfo::decl(&cfg),
            atti_core::controllo::EsitoControllo::decl(&cfg),
            atti_core::drafting::Correzione::decl(&cfg),
            ImpegnoSemeDto::decl(&cfg),
            ControlloDto::decl(&cfg),
            ControlloAttoDto::decl(&cfg),
            PdfDocument::decl(&cfg),
            CopiaIssued::decl(&cfg),
            CertificateDto::decl(&cfg),
            IdentityDto::decl(&cfg),
            SignOutcome::decl(&cfg),
            SignatureCoverage::decl(&cfg),
            DuplicatoDto::decl(&cfg),
            SignatureCheckDto::decl(&cfg),
            VerifyReportDto::decl(&cfg),
            crate::signatures::IdentityInput::decl(&cfg),
            ServerSettingsDto::decl(&cfg),
            ServerTestStep::decl(&cfg),
            ServerTestDto::decl(&cfg),
            SyncProgressDto::decl(&cfg),
            SyncSummaryDto::decl(&cfg),
            OutboxEntryDto::decl(&cfg),
            ActSyncState::decl(&cfg),
            AlboConfigDto::decl(&cfg),
            AlboVoceDto::decl(&cfg),
            AlboRepertorioDto::decl(&cfg),
            AlboReportDto::decl(&cfg),
            crate::ErrorCode::decl(&cfg),
            crate::AppError::decl(&cfg),
        ];
        let mut out = String::from(
            "// Generated from the Rust types by `cargo test -p atti-app` (ts-rs). Do not edit:\n\
             // change the Rust type and run `UPDATE_EXPECT=1 cargo test -p atti-app`.\n\n",
        );
        for d in decls {
            out.push_str("export ");
            out.push_str(&d);
            out.push_str("\n\n");
        }
        expect_file!["../../../ui/src/lib/gen/types.ts"].assert_eq(&out);
    }

    #[test]
    fn formats_for_the_ui_are_current() {
        let mut out = String::from(
            "// Generated from atti-core's FORMATI by `cargo test -p atti-app`. Do not edit: change\n\
             // the list in crates/atti-core/src/act.rs and run `UPDATE_EXPECT=1 cargo test -p atti-app`.\n\n\
             /** The name a clerk reads for each media type (the act's PDF says the same). */\n\
             export const FORMATI: Record<string, string> = {\n",
        );
        for (media_type, label) in atti_core::act::FORMATI {
            out.push_str(&format!("  '{media_type}': '{label}',\n"));
        }
        out.push_str("};\n");
        expect_file!["../../../ui/src/lib/gen/formati.ts"].assert_eq(&out);
    }

    #[test]
    fn act_json_schema_is_current() {
        let schema = schemars::schema_for!(atti_core::Act);
        let json = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        expect_file!["../../../docs/act.schema.json"].assert_eq(&json);
    }

    #[test]
    fn comune_json_schema_is_current() {
        let schema = schemars::schema_for!(atti_core::comune::ComuneSetup);
        let json = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        expect_file!["../../../docs/comune.schema.json"].assert_eq(&json);
    }
}
