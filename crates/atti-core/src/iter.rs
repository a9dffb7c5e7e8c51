//! The iter of each act kind, as data: from which state an action leads where, who may take
//! it, and the guards that must hold (DOMAIN.md, "The iter of each act kind"). The core
//! decides; the UI only shows what [`options`] allows, and every front door goes through
//! [`decide`].

use crate::parere::{self, Esito, Parere, ParereTipo};
use crate::{Act, ActKind, ActState, Role, TipoOrdinanza, validate_complete};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// An action of the iter. The kebab-case names are a contract (CLI, IPC, audit).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Send a draft to the review of the office (istruttoria).
    Invia,
    /// Return the act one step back for changes, with the reasons.
    Restituisci,
    /// Make the proposal formal: the pareri can now be given (delibere).
    Proponi,
    /// Put the proposal on the agenda of a session (delibere).
    Iscrivi,
    /// Record the approval in session, with votes (delibere); assigns the final number.
    Approva,
    /// Record the rejection in session, with votes (delibere).
    Respingi,
    /// Adopt and sign (determinazioni, ordinanze, decreti, verbali); assigns the final number.
    Adotta,
    /// Sign an approved delibera (the presiding officer and the segretario both sign).
    Firma,
    /// Make a determinazione executive once the visto contabile is favorable.
    RendiEsecutiva,
    /// Publish on the albo pretorio.
    Pubblica,
    /// Declare a published delibera executive, from its 11th day of publication.
    DichiaraEsecutiva,
    /// Send an ordinanza contingibile e urgente to the prefetto (art. 54 c.4 TUEL).
    ComunicaPrefetto,
    /// Notify the act to the people it concerns.
    Notifica,
    /// Communicate a decreto.
    Comunica,
    /// Close the writing of a verbale.
    Redigi,
    /// Contest a verbale on the spot (art. 200 CdS).
    Contesta,
    /// Withdraw a proposal before adoption.
    Ritira,
    /// Annul a numbered act that cannot go on; the number stays in the register.
    Annulla,
    /// Archive a verbale with the comandante's signed, reasoned provvedimento (art. 386 Reg.
    /// CdS).
    Archivia,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 19] = [
        Action::Invia,
        Action::Restituisci,
        Action::Proponi,
        Action::Iscrivi,
        Action::Approva,
        Action::Respingi,
        Action::Adotta,
        Action::Firma,
        Action::RendiEsecutiva,
        Action::Pubblica,
        Action::DichiaraEsecutiva,
        Action::ComunicaPrefetto,
        Action::Notifica,
        Action::Comunica,
        Action::Redigi,
        Action::Contesta,
        Action::Ritira,
        Action::Annulla,
        Action::Archivia,
    ];

    /// The contract name.
    pub fn slug(self) -> &'static str {
        match self {
            Action::Invia => "invia",
            Action::Restituisci => "restituisci",
            Action::Proponi => "proponi",
            Action::Iscrivi => "iscrivi",
            Action::Approva => "approva",
            Action::Respingi => "respingi",
            Action::Adotta => "adotta",
            Action::Firma => "firma",
            Action::RendiEsecutiva => "rendi-esecutiva",
            Action::Pubblica => "pubblica",
            Action::DichiaraEsecutiva => "dichiara-esecutiva",
            Action::ComunicaPrefetto => "comunica-prefetto",
            Action::Notifica => "notifica",
            Action::Comunica => "comunica",
            Action::Redigi => "redigi",
            Action::Contesta => "contesta",
            Action::Ritira => "ritira",
            Action::Annulla => "annulla",
            Action::Archivia => "archivia",
        }
    }

    /// Parses a contract name.
    pub fn from_slug(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.slug() == s)
    }

    /// The button a clerk presses.
    pub fn label(self) -> &'static str {
        match self {
            Action::Invia => "Invia in istruttoria",
            Action::Restituisci => "Restituisci per modifiche",
            Action::Proponi => "Formalizza la proposta",
            Action::Iscrivi => "Iscrivi all'ordine del giorno",
            Action::Approva => "Registra l'approvazione in seduta",
            Action::Respingi => "Registra il rigetto in seduta",
            Action::Adotta => "Adotta e firma",
            Action::Firma => "Firma",
            Action::RendiEsecutiva => "Rendi esecutiva",
            Action::Pubblica => "Pubblica all'albo",
            Action::DichiaraEsecutiva => "Dichiara esecutiva",
            Action::ComunicaPrefetto => "Comunica al prefetto",
            Action::Notifica => "Registra la notifica",
            Action::Comunica => "Registra la comunicazione",
            Action::Redigi => "Chiudi la redazione",
            Action::Contesta => "Registra la contestazione immediata",
            Action::Ritira => "Ritira",
            // Not «Annulla»: that is every dialog's cancel button.
            Action::Annulla => "Annulla l'atto",
            Action::Archivia => "Archivia il verbale",
        }
    }

    /// The verb, for refusals ("non può adottare una determinazione").
    pub fn infinitive(self) -> &'static str {
        match self {
            Action::Invia => "inviare in istruttoria",
            Action::Restituisci => "restituire",
            Action::Proponi => "formalizzare la proposta di",
            Action::Iscrivi => "iscrivere all'ordine del giorno",
            Action::Approva => "registrare l'approvazione di",
            Action::Respingi => "registrare il rigetto di",
            Action::Adotta => "adottare",
            Action::Firma => "firmare",
            Action::RendiEsecutiva => "rendere esecutiva",
            Action::Pubblica => "pubblicare",
            Action::DichiaraEsecutiva => "dichiarare esecutiva",
            Action::ComunicaPrefetto => "comunicare al prefetto",
            Action::Notifica => "notificare",
            Action::Comunica => "comunicare",
            Action::Redigi => "chiudere la redazione di",
            Action::Contesta => "contestare",
            Action::Ritira => "ritirare",
            Action::Annulla => "annullare",
            Action::Archivia => "archiviare",
        }
    }

    /// For an action that cannot be undone, what the clerk confirms before taking it.
    pub fn confirmation(self) -> Option<&'static str> {
        match self {
            Action::Adotta => Some(
                "L'atto riceve il numero definitivo nel registro e la firma: il testo non sarà più modificabile.",
            ),
            Action::Approva => Some(
                "La delibera riceve il numero definitivo nel registro: il testo non sarà più modificabile.",
            ),
            Action::Respingi => Some("Il rigetto in seduta è definitivo."),
            Action::Firma => Some("La firma resta agli atti e non si ritira."),
            Action::Pubblica => {
                Some("L'atto sarà pubblicato all'albo pretorio per 15 giorni consecutivi.")
            }
            Action::Annulla => Some(
                "Il numero resta nel registro con la motivazione dell'annullamento; l'atto non prosegue.",
            ),
            Action::Ritira => Some("La proposta è ritirata e non prosegue."),
            Action::Archivia => Some(
                "Il verbale è archiviato con il provvedimento firmato: il numero resta nel registro e il verbale non prosegue.",
            ),
            _ => None,
        }
    }

    /// Whether the action needs a written reason (`--note`).
    pub fn needs_note(self) -> bool {
        matches!(self, Action::Restituisci | Action::Ritira | Action::Annulla)
    }

    /// Whether the action needs the data of a session (`seduta`).
    pub fn needs_seduta(self) -> bool {
        matches!(self, Action::Approva | Action::Respingi)
    }

    /// Whether the action is the actor's digital signature (CAD art. 21 c.2-bis: an act is
    /// adopted by signing it): taken only with the signed document, never by a button alone.
    pub fn is_signature(self) -> bool {
        matches!(self, Action::Adotta | Action::Firma)
    }

    /// Whether the action takes the act on along its iter, as work someone waits for (the
    /// inbox lists it): not withdrawing, annulling or returning it, nor archiving a verbale
    /// (the comandante's reasoned exception, art. 386 Reg. CdS: every contested verbale may
    /// be archived, none waits for it).
    pub fn moves_on(self) -> bool {
        !matches!(
            self,
            Action::Ritira | Action::Annulla | Action::Restituisci | Action::Archivia
        )
    }

    /// Whether the action is taken only by signing a document: the act itself (a
    /// [signature](Self::is_signature)), or a provvedimento of its own (the archiviazione of a
    /// verbale).
    pub fn needs_signed_document(self) -> bool {
        self.is_signature() || self == Action::Archivia
    }

    /// Whether the action gives the act its final number (adoption, or approval in session).
    pub fn assigns_number(self) -> bool {
        matches!(self, Action::Adotta | Action::Approva)
    }
}

/// The data of the session in which a delibera was voted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Seduta {
    /// Date of the session.
    #[ts(type = "string")]
    pub data: Date,
    /// Members present.
    pub presenti: u16,
    /// Votes in favour.
    pub favorevoli: u16,
    /// Votes against.
    pub contrari: u16,
    /// Abstentions.
    pub astenuti: u16,
    /// Declared immediately executable by a separate vote (art. 134 c.4 TUEL): only with
    /// `voto_immediata` recorded, won by the majority of `componenti`.
    pub immediatamente_eseguibile: bool,
    /// The members of the organ (sindaco included), when the separate vote was taken.
    #[serde(default)]
    pub componenti: Option<u16>,
    /// The separate vote on immediate executability, when taken.
    #[serde(default)]
    pub voto_immediata: Option<Votazione>,
    /// What the record of the session says by name (every delibera approved or rejected in a
    /// session recorded in Atti has it: the counts above are computed from it).
    #[serde(default)]
    pub record: Option<SedutaRecord>,
}

/// The data of a delibera's session taken from its record (`atti_core::seduta`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct SedutaRecord {
    /// The session's identifier.
    pub seduta: String,
    /// The item of its ordine del giorno.
    pub punto: u16,
    /// The majority the item needed.
    pub maggioranza: crate::seduta::Maggioranza,
    /// The time the session was convened at.
    #[ts(type = "string")]
    #[schemars(with = "String")]
    pub ora: jiff::civil::Time,
    /// The place, or the platform of a videoconference.
    pub luogo: String,
    /// Held by videoconference.
    pub videoconferenza: bool,
    /// Who presided (name).
    pub presiede: String,
    /// The segretario who took the minutes (name).
    pub segretario: String,
    /// Present and counted for the item (names).
    pub presenti: Vec<String>,
    /// Members in office absent for the item (names).
    pub assenti: Vec<String>,
    /// Voted against (names).
    pub contrari: Vec<String>,
    /// Abstained (names).
    pub astenuti: Vec<String>,
    /// Out of the room for the item (art. 78 TUEL; names).
    pub non_partecipano: Vec<String>,
}

/// The counts of a vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Votazione {
    /// Votes in favour.
    pub favorevoli: u16,
    /// Votes against.
    pub contrari: u16,
    /// Abstentions.
    pub astenuti: u16,
}

/// Who may take a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Any of these roles.
    Roles(&'static [Role]),
    /// Whoever signs this ordinanza: the sindaco, or the dirigente for an ordinanza dirigenziale.
    OrdinanzaSigner,
    /// The presiding officer of the body (sindaco for the Giunta, presidente for the
    /// Consiglio) and the segretario.
    DeliberaSigners,
}

/// A condition on the act that must hold for a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// The content is complete ([`validate_complete`]).
    Complete,
    /// The parere tecnico is there and not stale.
    ParereTecnico,
    /// With economic effects (impegni), the parere contabile is there and not stale.
    ParereContabile,
    /// The visto contabile is there, favorable and not stale.
    VistoFavorevole,
    /// The votes approve (favorevoli > contrari).
    VotesApprove,
    /// The votes do not approve.
    VotesReject,
    /// This signer has not signed yet.
    NotSignedYet,
    /// An ordinanza contingibile (art. 54) reached the prefetto before notification.
    PrefettoIfContingibile,
    /// Only for an ordinanza contingibile (art. 54).
    IsContingibile,
    /// A published delibera reached its day of esecutività.
    EsecutivitaReached,
    /// A verbale not contested on the spot is notified within 90 days (360 abroad) of the
    /// identification of the party (art. 201 CdS).
    EntroTermineNotifica,
    /// A verbale is contested on the spot only if it says so (art. 200 CdS).
    ContestatoSulPosto,
    /// Not on the albo yet (an ordinanza or a decreto is published once, whatever its state).
    NotPublishedYet,
}

/// Where a transition leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Always this state.
    To(ActState),
    /// A determinazione with impegni waits for the visto; without, it is executive at once.
    BySpending {
        /// With impegni.
        with: ActState,
        /// Without.
        without: ActState,
    },
    /// A delibera declared immediately executable is executive on publication.
    ByImmediata {
        /// Immediately executable.
        yes: ActState,
        /// Not.
        no: ActState,
    },
    /// Stay until every required signer has signed, then go on.
    WhenAllSigned(ActState),
}

impl Target {
    /// The states this target can lead to, main path first.
    pub fn states(self) -> Vec<ActState> {
        match self {
            Target::To(s) | Target::WhenAllSigned(s) => vec![s],
            Target::BySpending { with, without } => vec![with, without],
            Target::ByImmediata { yes, no } => vec![no, yes],
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Transition {
    /// From this state.
    pub from: ActState,
    /// This action.
    pub action: Action,
    /// Leads here.
    pub to: Target,
    /// Who may take it.
    pub who: Who,
    /// What must hold.
    pub guards: &'static [Guard],
}

use ActState as S;
use Guard as G;
use Role as R;

const fn t(
    from: ActState,
    action: Action,
    to: Target,
    who: Who,
    guards: &'static [Guard],
) -> Transition {
    Transition {
        from,
        action,
        to,
        who,
        guards,
    }
}

const DRAFTERS_DELIBERA: Who =
    Who::Roles(&[R::Istruttore, R::Dirigente, R::Ragioniere, R::Segretario]);
const OFFICE: Who = Who::Roles(&[R::Istruttore, R::Dirigente]);
/// The responsabile della pubblicazione (the messo, or the segretario in a small Comune)
/// puts acts on the albo.
const PUBLISHERS: Who = Who::Roles(&[R::Messo, R::Segretario]);

#[rustfmt::skip]
const DELIBERA: &[Transition] = &[
    t(S::Bozza, Action::Invia, Target::To(S::Istruttoria), DRAFTERS_DELIBERA, &[G::Complete]),
    t(S::Bozza, Action::Ritira, Target::To(S::Ritirata), DRAFTERS_DELIBERA, &[]),
    t(S::Istruttoria, Action::Restituisci, Target::To(S::Bozza), Who::Roles(&[R::Dirigente]), &[]),
    t(S::Istruttoria, Action::Proponi, Target::To(S::Proposta), Who::Roles(&[R::Dirigente]), &[G::Complete]),
    t(S::Istruttoria, Action::Ritira, Target::To(S::Ritirata), OFFICE, &[]),
    t(S::Proposta, Action::Restituisci, Target::To(S::Istruttoria), Who::Roles(&[R::Dirigente, R::Segretario]), &[]),
    t(S::Proposta, Action::Iscrivi, Target::To(S::Iscritta), Who::Roles(&[R::Segretario]), &[G::Complete, G::ParereTecnico, G::ParereContabile]),
    t(S::Proposta, Action::Ritira, Target::To(S::Ritirata), OFFICE, &[]),
    t(S::Iscritta, Action::Restituisci, Target::To(S::Proposta), Who::Roles(&[R::Segretario]), &[]),
    t(S::Iscritta, Action::Approva, Target::To(S::Approvata), Who::Roles(&[R::Segretario]), &[G::VotesApprove]),
    t(S::Iscritta, Action::Respingi, Target::To(S::Respinta), Who::Roles(&[R::Segretario]), &[G::VotesReject]),
    t(S::Approvata, Action::Firma, Target::WhenAllSigned(S::Firmata), Who::DeliberaSigners, &[G::NotSignedYet]),
    t(S::Approvata, Action::Annulla, Target::To(S::Annullata), Who::Roles(&[R::Segretario]), &[]),
    t(S::Firmata, Action::Pubblica, Target::ByImmediata { yes: S::Esecutiva, no: S::Pubblicata }, PUBLISHERS, &[]),
    t(S::Pubblicata, Action::DichiaraEsecutiva, Target::To(S::Esecutiva), Who::Roles(&[R::Segretario]), &[G::EsecutivitaReached]),
];

#[rustfmt::skip]
const DETERMINAZIONE: &[Transition] = &[
    t(S::Bozza, Action::Invia, Target::To(S::Istruttoria), Who::Roles(&[R::Istruttore, R::Dirigente, R::Ragioniere]), &[G::Complete]),
    t(S::Bozza, Action::Ritira, Target::To(S::Ritirata), OFFICE, &[]),
    t(S::Istruttoria, Action::Restituisci, Target::To(S::Bozza), Who::Roles(&[R::Dirigente]), &[]),
    t(S::Istruttoria, Action::Adotta, Target::BySpending { with: S::Visto, without: S::Esecutiva }, Who::Roles(&[R::Dirigente]), &[G::Complete]),
    t(S::Istruttoria, Action::Ritira, Target::To(S::Ritirata), OFFICE, &[]),
    t(S::Visto, Action::RendiEsecutiva, Target::To(S::Esecutiva), Who::Roles(&[R::Ragioniere]), &[G::VistoFavorevole]),
    t(S::Visto, Action::Annulla, Target::To(S::Annullata), Who::Roles(&[R::Dirigente]), &[]),
    t(S::Esecutiva, Action::Pubblica, Target::To(S::Pubblicata), PUBLISHERS, &[]),
];

#[rustfmt::skip]
const ORDINANZA: &[Transition] = &[
    t(S::Bozza, Action::Invia, Target::To(S::Istruttoria), Who::Roles(&[R::Istruttore, R::Dirigente, R::Sindaco]), &[G::Complete]),
    t(S::Bozza, Action::Ritira, Target::To(S::Ritirata), Who::Roles(&[R::Istruttore, R::Dirigente, R::Sindaco]), &[]),
    t(S::Istruttoria, Action::Restituisci, Target::To(S::Bozza), Who::OrdinanzaSigner, &[]),
    t(S::Istruttoria, Action::Adotta, Target::To(S::Firmata), Who::OrdinanzaSigner, &[G::Complete]),
    t(S::Istruttoria, Action::Ritira, Target::To(S::Ritirata), Who::Roles(&[R::Istruttore, R::Dirigente, R::Sindaco]), &[]),
    t(S::Firmata, Action::ComunicaPrefetto, Target::To(S::Prefetto), Who::Roles(&[R::Sindaco, R::Segretario, R::Istruttore]), &[G::IsContingibile]),
    t(S::Firmata, Action::Notifica, Target::To(S::Notificata), Who::Roles(&[R::Istruttore, R::Dirigente, R::Segretario]), &[G::PrefettoIfContingibile]),
    t(S::Prefetto, Action::Notifica, Target::To(S::Notificata), Who::Roles(&[R::Istruttore, R::Dirigente, R::Segretario]), &[]),
    // Published on the albo alongside its notification (effective on either): the state stays.
    t(S::Firmata, Action::Pubblica, Target::To(S::Firmata), PUBLISHERS, &[G::NotPublishedYet]),
    t(S::Prefetto, Action::Pubblica, Target::To(S::Prefetto), PUBLISHERS, &[G::NotPublishedYet]),
    t(S::Notificata, Action::Pubblica, Target::To(S::Notificata), PUBLISHERS, &[G::NotPublishedYet]),
];

#[rustfmt::skip]
const DECRETO: &[Transition] = &[
    t(S::Bozza, Action::Adotta, Target::To(S::Firmata), Who::Roles(&[R::Sindaco]), &[G::Complete]),
    t(S::Bozza, Action::Ritira, Target::To(S::Ritirata), Who::Roles(&[R::Istruttore, R::Segretario, R::Sindaco]), &[]),
    t(S::Firmata, Action::Comunica, Target::To(S::Comunicata), Who::Roles(&[R::Istruttore, R::Segretario, R::Sindaco]), &[]),
    t(S::Firmata, Action::Pubblica, Target::To(S::Firmata), PUBLISHERS, &[G::NotPublishedYet]),
    t(S::Comunicata, Action::Pubblica, Target::To(S::Comunicata), PUBLISHERS, &[G::NotPublishedYet]),
];

#[rustfmt::skip]
const VERBALE: &[Transition] = &[
    t(S::Bozza, Action::Redigi, Target::To(S::Redatto), Who::Roles(&[R::Agente]), &[G::Complete]),
    t(S::Bozza, Action::Ritira, Target::To(S::Ritirata), Who::Roles(&[R::Agente]), &[]),
    t(S::Redatto, Action::Restituisci, Target::To(S::Bozza), Who::Roles(&[R::Agente]), &[]),
    t(S::Redatto, Action::Adotta, Target::To(S::Firmata), Who::Roles(&[R::Agente]), &[G::Complete]),
    t(S::Firmata, Action::Contesta, Target::To(S::Contestato), Who::Roles(&[R::Agente]), &[G::ContestatoSulPosto]),
    t(S::Firmata, Action::Notifica, Target::To(S::Notificata), Who::Roles(&[R::Agente]), &[G::EntroTermineNotifica]),
    t(S::Firmata, Action::Archivia, Target::To(S::Archiviato), Who::Roles(&[R::Comandante]), &[]),
    t(S::Contestato, Action::Archivia, Target::To(S::Archiviato), Who::Roles(&[R::Comandante]), &[]),
    t(S::Notificata, Action::Archivia, Target::To(S::Archiviato), Who::Roles(&[R::Comandante]), &[]),
];

/// The table of a kind.
pub fn transitions(kind: ActKind) -> &'static [Transition] {
    match kind {
        ActKind::DeliberaGiunta | ActKind::DeliberaConsiglio => DELIBERA,
        ActKind::Determinazione => DETERMINAZIONE,
        ActKind::Ordinanza => ORDINANZA,
        ActKind::Decreto => DECRETO,
        ActKind::VerbalePl => VERBALE,
    }
}

/// The states an act of a kind can be in, in the order of its main path.
pub fn states(kind: ActKind) -> Vec<ActState> {
    let mut out = vec![ActState::Bozza];
    for tr in transitions(kind) {
        for s in tr.to.states() {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// The roles that sign a kind at its adoption (for delibere: both signers).
pub fn signers(kind: ActKind, tipo: Option<TipoOrdinanza>) -> Vec<Role> {
    match kind {
        ActKind::DeliberaGiunta => vec![Role::Sindaco, Role::Segretario],
        ActKind::DeliberaConsiglio => vec![Role::Presidente, Role::Segretario],
        ActKind::Determinazione => vec![Role::Dirigente],
        ActKind::Ordinanza => match tipo {
            Some(TipoOrdinanza::Dirigenziale) => vec![Role::Dirigente],
            _ => vec![Role::Sindaco],
        },
        ActKind::Decreto => vec![Role::Sindaco],
        ActKind::VerbalePl => vec![Role::Agente],
    }
}

/// The signers an adopted act still waits for (none: its signatures are complete). A certified
/// copy is issued only of an act with every signature.
pub fn missing_signers(act: &Act, signed_by: &[Role]) -> Vec<Role> {
    signers(act.kind, act.tipo_ordinanza)
        .into_iter()
        .filter(|r| !signed_by.contains(r))
        .collect()
}

impl Who {
    /// Whether `role` may take the transition on some act of `kind`, whatever its content
    /// (an ordinanza may be sindacale or dirigenziale).
    pub fn may_admit(self, role: Role, kind: ActKind) -> bool {
        match self {
            Who::Roles(roles) => roles.contains(&role),
            Who::OrdinanzaSigner | Who::DeliberaSigners => {
                signers(kind, None).contains(&role)
                    || signers(kind, Some(TipoOrdinanza::Dirigenziale)).contains(&role)
            }
        }
    }

    /// Whether `role` may take the transition on `act`.
    pub fn admits(self, role: Role, act: &Act) -> bool {
        match self {
            Who::Roles(roles) => roles.contains(&role),
            Who::OrdinanzaSigner | Who::DeliberaSigners => {
                signers(act.kind, act.tipo_ordinanza).contains(&role)
            }
        }
    }
}

/// What the guards look at besides the content.
#[derive(Debug, Clone, Default)]
pub struct IterFacts {
    /// Pareri and visti given so far, oldest first.
    pub pareri: Vec<Parere>,
    /// The roles that signed so far (delibere).
    pub signed_by: Vec<Role>,
    /// The session data, once recorded (delibere).
    pub seduta: Option<Seduta>,
    /// The day of adoption, once adopted.
    pub adoption: Option<Date>,
    /// The first day of publication, once published.
    pub publication_start: Option<Date>,
    /// Whether the act has its final number.
    pub numbered: bool,
    /// Today, in the Comune's calendar (the caller's clock: the core reads none).
    pub today: Date,
}

/// What the person taking the action brings with it.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    /// The reasons (required for restituisci, ritira, annulla).
    pub note: Option<String>,
    /// The session data (required for approva and respingi).
    pub seduta: Option<Seduta>,
    /// The step comes with the actor's digital signature on the document (required for the
    /// actions that are signatures, refused for the others).
    pub signed: bool,
    /// Pubblica: the personal data found in the text and not marked riservato (the caller's
    /// detector), and those that who publishes confirms by their text.
    pub dati_personali: Vec<crate::albo::DatoPersonale>,
    /// The texts confirmed.
    pub conferma_dati: Vec<String>,
    /// Notifica of a verbale: how and when (required; its day of dispatch is held to the
    /// term of art. 201 CdS).
    pub notificazione: Option<crate::notifica::Notificazione>,
    /// Archivia: the comandante's provvedimento (required; its reasons checked).
    pub archiviazione: Option<crate::archiviazione::Archiviazione>,
}

/// Everything an allowed action does, decided here: atti-store records exactly these effects
/// and nothing else (the signers still due are for the caller to show), and a replay of the
/// same events decides the same outcomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The action.
    pub action: Action,
    /// The state the decision was taken on.
    pub from: ActState,
    /// The state after the action.
    pub to: ActState,
    /// Assign the final number of the kind (and freeze the act), dated this day: the day of
    /// the session for a delibera, today for the other acts.
    pub number_on: Option<Date>,
    /// Record the signature of the actor in this role.
    pub signature: Option<Role>,
    /// The signers still due after this step (a delibera waits for both).
    pub signatures_due: Vec<Role>,
    /// Record the session data (approva, respingi).
    pub seduta: Option<Seduta>,
    /// The period of publication on the albo that starts today (its rule: [`crate::albo`]);
    /// the store gives it the next number of the register of publications.
    pub albo: Option<crate::albo::Periodo>,
    /// Annul the act's final number; the note is the reason, and the number stays.
    pub annul_number: bool,
    /// Record the notification of a verbale (checked: [`crate::notifica::problems`]).
    pub notificazione: Option<crate::notifica::Notificazione>,
    /// Record the archiviazione of a verbale: the comandante's provvedimento (checked:
    /// [`crate::archiviazione::problems`]), whose signed document comes with the step.
    pub archiviazione: Option<crate::archiviazione::Archiviazione>,
    /// The reasons given, trimmed (none when empty).
    pub note: Option<String>,
    /// What goes into the audit chain, in order.
    pub audit: Vec<AuditStep>,
}

/// An entry of the audit chain that a step appends. The store fills in what only it knows
/// (the number the register gives, the hash of the version, the previous hash).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditStep {
    /// `numero`: the final number assigned.
    Numero,
    /// `firma`: the actor signed, in this role.
    Firma(Role),
    /// `albo`: the act is on the albo, with its number of the register of publications.
    Albo,
    /// The action itself (its slug), with from, to, note, comments and session: always last,
    /// so that the last entry of an act names the state it is in.
    Transition,
}

/// Why an action is refused. The message names the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    /// What kind of refusal.
    pub reason: RefusalReason,
    /// In Italian.
    pub message: String,
}

/// The kinds of refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum RefusalReason {
    /// The action does not exist from this state for this kind.
    WrongState,
    /// The user's role may not take it.
    Forbidden,
    /// A guard does not hold.
    Guard,
    /// Input is missing (note, session data).
    MissingInput,
    /// The step is a digital signature: it is taken only with the signed document.
    NeedsSignature,
}

fn refuse(reason: RefusalReason, message: impl Into<String>) -> Refusal {
    Refusal {
        reason,
        message: message.into(),
    }
}

/// Decides whether `role` (user `username`) may take `action` on `act`, and everything it
/// does: the next state, the number and its date, the signature, publication, annulment and
/// the audit entries.
pub fn decide(
    act: &Act,
    facts: &IterFacts,
    action: Action,
    actor: Actor<'_>,
    input: &ActionInput,
) -> Result<Outcome, Refusal> {
    let (role, username) = (actor.role, actor.username);
    let kind = act.kind;
    let Some(tr) = transitions(kind)
        .iter()
        .find(|t| t.from == act.state && t.action == action)
    else {
        let from_here: Vec<&str> = transitions(kind)
            .iter()
            .filter(|t| t.from == act.state)
            .map(|t| t.action.slug())
            .collect();
        let hint = if from_here.is_empty() {
            "nessuna azione è più possibile".to_string()
        } else {
            format!("azioni possibili: {}", from_here.join(", "))
        };
        return Err(refuse(
            RefusalReason::WrongState,
            format!(
                "non si può {} {} nello stato «{}» ({hint})",
                action.infinitive(),
                kind.with_article(),
                act.state.label()
            ),
        ));
    };
    if !tr.who.admits(role, act) {
        return Err(refuse(
            RefusalReason::Forbidden,
            format!(
                "l'utente {username} ({}) non può {} {}",
                role.label().to_lowercase(),
                action.infinitive(),
                kind.with_article()
            ),
        ));
    }
    check_office(act, actor)?;
    if action.needs_signed_document() && !input.signed {
        // CAD art. 21 c.2-bis: the act is adopted by the official's digital signature.
        return Err(refuse(
            RefusalReason::NeedsSignature,
            format!(
                "«{}» richiede la firma digitale: usare «Firma» e inserire il PIN del dispositivo",
                action.label()
            ),
        ));
    }
    if input.signed && !action.needs_signed_document() {
        return Err(refuse(
            RefusalReason::MissingInput,
            format!("«{}» non è una firma", action.label()),
        ));
    }
    let note = input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(String::from);
    if action.needs_note() && note.is_none() {
        return Err(refuse(
            RefusalReason::MissingInput,
            format!(
                "per {} serve una motivazione",
                action.infinitive().split(' ').next().unwrap_or("")
            ),
        ));
    }
    let seduta = if action.needs_seduta() {
        let Some(s) = input.seduta.as_ref() else {
            return Err(refuse(
                RefusalReason::MissingInput,
                "una proposta si approva o si respinge con il voto della seduta che la tratta: iscrivila all'ordine del giorno di una seduta e registra il voto (atti seduta voto)",
            ));
        };
        check_seduta(s)?;
        Some(s)
    } else {
        None
    };
    for guard in tr.guards {
        check_guard(
            *guard,
            act,
            facts,
            role,
            seduta,
            input.notificazione.as_ref(),
        )?;
    }
    let notificazione = notificazione_of(act, facts, action, input)?;
    let archiviazione = archiviazione_of(act, facts, action, input)?;
    let required = signers(kind, act.tipo_ordinanza);
    let signature = action.is_signature().then_some(role);
    let signatures_due: Vec<Role> = if action.is_signature() {
        required
            .iter()
            .copied()
            .filter(|r| *r != role && !facts.signed_by.contains(r))
            .collect()
    } else {
        Vec::new()
    };
    let to = match tr.to {
        Target::To(s) => s,
        Target::BySpending { with, without } => {
            if act.impegni.is_empty() {
                without
            } else {
                with
            }
        }
        Target::ByImmediata { yes, no } => {
            if facts
                .seduta
                .as_ref()
                .is_some_and(|s| s.immediatamente_eseguibile)
            {
                yes
            } else {
                no
            }
        }
        Target::WhenAllSigned(s) => {
            if signatures_due.is_empty() {
                s
            } else {
                act.state
            }
        }
    };
    // A delibera is adopted on the day of its session; the other acts on the day they are signed.
    let number_on = action
        .assigns_number()
        .then(|| seduta.map_or(facts.today, |s| s.data));
    let mut audit = Vec::new();
    if number_on.is_some() {
        audit.push(AuditStep::Numero);
    }
    if let Some(r) = signature {
        audit.push(AuditStep::Firma(r));
    }
    let albo = if action == Action::Pubblica {
        crate::albo::check_dati_personali(&input.dati_personali, &input.conferma_dati)?;
        let periodo = crate::albo::Periodo::of(act, facts.today).ok_or_else(|| {
            refuse(
                RefusalReason::WrongState,
                "i verbali della Polizia locale non si pubblicano all'albo",
            )
        })?;
        audit.push(AuditStep::Albo);
        Some(periodo)
    } else {
        None
    };
    audit.push(AuditStep::Transition);
    Ok(Outcome {
        action,
        from: act.state,
        to,
        number_on,
        signature,
        signatures_due,
        seduta: seduta.cloned(),
        albo,
        annul_number: action == Action::Annulla && facts.numbered,
        notificazione: notificazione.cloned(),
        archiviazione: archiviazione.cloned(),
        note,
        audit,
    })
}

/// The provvedimento an «archivia» records: required, and checked
/// ([`crate::archiviazione::problems`]); refused with any other action.
fn archiviazione_of<'a>(
    act: &Act,
    facts: &IterFacts,
    action: Action,
    input: &'a ActionInput,
) -> Result<Option<&'a crate::archiviazione::Archiviazione>, Refusal> {
    step_input(
        input.archiviazione.as_ref(),
        action == Action::Archivia,
        "un provvedimento di archiviazione vale solo per archiviare un verbale",
        "un verbale si archivia con il provvedimento motivato del comandante: il motivo e la motivazione (atti archivia)",
        |a| crate::archiviazione::problems(act, a, facts.today),
    )
}

/// The notification a «notifica» of a verbale records: required, and checked
/// ([`crate::notifica::problems`]); refused with any other action.
fn notificazione_of<'a>(
    act: &Act,
    facts: &IterFacts,
    action: Action,
    input: &'a ActionInput,
) -> Result<Option<&'a crate::notifica::Notificazione>, Refusal> {
    step_input(
        input.notificazione.as_ref(),
        action == Action::Notifica && act.kind == ActKind::VerbalePl,
        "i dati di una notifica valgono solo per la notifica di un verbale",
        "un verbale si notifica per PEC (con le ricevute del gestore) o per posta (con le date di spedizione e di consegna): «Notifica» nel verbale, o atti notifica",
        |n| crate::notifica::problems(n, facts.today),
    )
}

/// The data a step must come with, and only it (`wanted`): refused when `given` comes with
/// another step (`not_here`), when it is missing (`missing`), or with its `problems`.
fn step_input<'a, T>(
    given: Option<&'a T>,
    wanted: bool,
    not_here: &str,
    missing: &str,
    problems: impl FnOnce(&T) -> Vec<String>,
) -> Result<Option<&'a T>, Refusal> {
    match (given, wanted) {
        (None, false) => Ok(None),
        (Some(_), false) => Err(refuse(RefusalReason::MissingInput, not_here)),
        (None, true) => Err(refuse(RefusalReason::MissingInput, missing)),
        (Some(x), true) => {
            let problems = problems(x);
            if problems.is_empty() {
                Ok(Some(x))
            } else {
                Err(refuse(RefusalReason::Guard, problems.join("; ")))
            }
        }
    }
}

fn check_seduta(s: &Seduta) -> Result<(), Refusal> {
    if s.record.is_none() {
        return Err(refuse(
            RefusalReason::MissingInput,
            "una proposta si approva o si respinge con il voto di una seduta registrata: apri la seduta e vota il suo punto all'ordine del giorno",
        ));
    }
    if s.presenti == 0 {
        return Err(refuse(
            RefusalReason::MissingInput,
            "la seduta deve avere almeno un presente",
        ));
    }
    crate::seduta::check_conteggio(conteggio(s))
        .map_err(|m| refuse(RefusalReason::MissingInput, m))?;
    match (&s.voto_immediata, s.componenti) {
        (None, _) if s.immediatamente_eseguibile => Err(refuse(
            RefusalReason::MissingInput,
            "l'immediata eseguibilità si dichiara con una votazione separata (art. 134 c.4 TUEL): mancano i voti e il numero dei componenti",
        )),
        (None, _) => Ok(()),
        (Some(_), None) => Err(refuse(
            RefusalReason::MissingInput,
            "per la votazione separata serve il numero dei componenti dell'organo",
        )),
        (Some(v), Some(c)) => {
            let voters = u32::from(v.favorevoli) + u32::from(v.contrari) + u32::from(v.astenuti);
            if voters > u32::from(s.presenti) {
                return Err(refuse(
                    RefusalReason::MissingInput,
                    format!(
                        "i voti della votazione separata ({voters}) superano i presenti ({})",
                        s.presenti
                    ),
                ));
            }
            // Art. 134 c.4: "con il voto espresso dalla maggioranza dei componenti".
            let vote = crate::seduta::Conteggio {
                componenti: c,
                presenti: s.presenti,
                favorevoli: v.favorevoli,
                contrari: v.contrari,
                astenuti: v.astenuti,
            };
            let rule = crate::seduta::Maggioranza::Componenti;
            let won = crate::seduta::approvata(rule, vote);
            match (won, s.immediatamente_eseguibile) {
                (true, true) | (false, false) => Ok(()),
                (false, true) => Err(refuse(
                    RefusalReason::MissingInput,
                    format!(
                        "l'immediata eseguibilità richiede il voto favorevole della maggioranza dei componenti (almeno {} su {c}): i favorevoli sono {}",
                        crate::seduta::favorevoli_richiesti(rule, vote),
                        v.favorevoli
                    ),
                )),
                (true, false) => Err(refuse(
                    RefusalReason::MissingInput,
                    "la votazione separata ha raggiunto la maggioranza dei componenti: la delibera è dichiarata immediatamente eseguibile",
                )),
            }
        }
    }
}

/// Whether a session's vote approves the proposal by the majority of its item (the ordinary
/// rule of a delibera: more in favour than against among those who voted).
fn approvata(s: &Seduta) -> bool {
    let rule = s
        .record
        .as_ref()
        .map_or(crate::seduta::Maggioranza::Votanti, |r| r.maggioranza);
    crate::seduta::approvata(rule, conteggio(s))
}

/// The counts of a session's vote on the proposal (the members, when not given, are those
/// present).
fn conteggio(s: &Seduta) -> crate::seduta::Conteggio {
    crate::seduta::Conteggio {
        componenti: s.componenti.unwrap_or(s.presenti),
        presenti: s.presenti,
        favorevoli: s.favorevoli,
        contrari: s.contrari,
        astenuti: s.astenuti,
    }
}

fn check_guard(
    guard: Guard,
    act: &Act,
    facts: &IterFacts,
    role: Role,
    seduta: Option<&Seduta>,
    notificazione: Option<&crate::notifica::Notificazione>,
) -> Result<(), Refusal> {
    let fail = |m: String| Err(refuse(RefusalReason::Guard, m));
    match guard {
        Guard::Complete => match validate_complete(act) {
            Ok(()) => Ok(()),
            Err(e) => fail(format!("l'atto non è completo: {e}")),
        },
        Guard::ParereTecnico => check_parere(act, facts, ParereTipo::Tecnico, false),
        Guard::ParereContabile => {
            if act.impegni.is_empty()
                && parere::latest(&facts.pareri, ParereTipo::Contabile).is_none()
            {
                Ok(())
            } else {
                check_parere(act, facts, ParereTipo::Contabile, false)
            }
        }
        Guard::VistoFavorevole => check_parere(act, facts, ParereTipo::VistoContabile, true),
        Guard::VotesApprove => match seduta {
            Some(s) if approvata(s) => Ok(()),
            Some(s) => fail(format!(
                "la proposta non ha la maggioranza: {} favorevoli, {} contrari",
                s.favorevoli, s.contrari
            )),
            None => fail("mancano i dati della seduta".into()),
        },
        Guard::VotesReject => match seduta {
            Some(s) if !approvata(s) => Ok(()),
            Some(s) => fail(format!(
                "con {} favorevoli e {} contrari la proposta è approvata, non respinta",
                s.favorevoli, s.contrari
            )),
            None => fail("mancano i dati della seduta".into()),
        },
        Guard::NotPublishedYet => match facts.publication_start {
            Some(day) => fail(format!(
                "l'atto è già stato pubblicato all'albo dal {}",
                day.strftime("%d/%m/%Y")
            )),
            None => Ok(()),
        },
        Guard::NotSignedYet => {
            if facts.signed_by.contains(&role) {
                fail(format!(
                    "l'atto è già firmato dal {}",
                    role.label().to_lowercase()
                ))
            } else {
                Ok(())
            }
        }
        Guard::IsContingibile => {
            if act.tipo_ordinanza == Some(TipoOrdinanza::Contingibile) {
                Ok(())
            } else {
                fail("solo le ordinanze contingibili e urgenti (art. 54 c.4 TUEL) si comunicano al prefetto".into())
            }
        }
        Guard::PrefettoIfContingibile => {
            if act.tipo_ordinanza == Some(TipoOrdinanza::Contingibile) {
                fail("un'ordinanza contingibile e urgente (art. 54 c.4 TUEL) va comunicata prima al prefetto".into())
            } else {
                Ok(())
            }
        }
        Guard::EsecutivitaReached => {
            let (Some(adoption), Some(start)) = (facts.adoption, facts.publication_start) else {
                return fail("la delibera non risulta pubblicata".into());
            };
            let immediata = facts
                .seduta
                .as_ref()
                .is_some_and(|s| s.immediatamente_eseguibile);
            let day = crate::dates::esecutivita_delibera(adoption, start, immediata);
            if facts.today >= day {
                Ok(())
            } else {
                fail(format!(
                    "la delibera diventa esecutiva il {} (undicesimo giorno di pubblicazione, art. 134 c.3 TUEL)",
                    day.strftime("%d/%m/%Y")
                ))
            }
        }
        Guard::EntroTermineNotifica => {
            let Some(v) = act.verbale.as_ref() else {
                return fail("mancano i dati del verbale".into());
            };
            if v.mancata_contestazione.is_none() {
                return fail(
                    "la violazione è stata contestata sul posto (art. 200 CdS): il verbale non si notifica; se non lo è stata, indicarne il motivo (art. 201 CdS)".into(),
                );
            }
            let sent = notificazione.map_or(facts.today, |n| n.spedita_il);
            crate::verbale::check_spedita(v, sent).or_else(fail)
        }
        Guard::ContestatoSulPosto => {
            match act.verbale.as_ref().and_then(|v| v.mancata_contestazione) {
                None => Ok(()),
                Some(_) => fail(
                    "il verbale dice che la violazione non è stata contestata sul posto: si notifica (art. 201 CdS)".into(),
                ),
            }
        }
    }
}

fn check_parere(
    act: &Act,
    facts: &IterFacts,
    tipo: ParereTipo,
    must_be_favorable: bool,
) -> Result<(), Refusal> {
    let fail = |m: String| Err(refuse(RefusalReason::Guard, m));
    match parere::latest(&facts.pareri, tipo) {
        None => fail(format!("manca il {}", tipo.label())),
        Some(p) if p.is_stale(act.version) => fail(format!(
            "il {} è da rinnovare: il testo è cambiato dopo il parere (dato sulla versione {}, ora {})",
            tipo.label(),
            p.version,
            act.version
        )),
        Some(p) if must_be_favorable && p.esito != Esito::Favorevole => {
            fail(format!("il {} è {}", tipo.label(), p.esito.label()))
        }
        Some(_) => Ok(()),
    }
}

/// Whether `actor` may act on the acts of `office`. A dirigente acts only on the acts of the
/// office assigned to them (art. 107 TUEL): they propose, adopt, return and give the parere
/// tecnico on those, not on another office's. Every other role acts for the whole Comune.
fn acts_for_office(office: &str, actor: Actor<'_>) -> bool {
    actor.role != Role::Dirigente || actor.office == Some(office)
}

/// [`acts_for_office`] for `act`, with the reason when it refuses.
fn check_office(act: &Act, actor: Actor<'_>) -> Result<(), Refusal> {
    if acts_for_office(&act.office, actor) {
        return Ok(());
    }
    Err(refuse(
        RefusalReason::Forbidden,
        format!(
            "{} è dell'ufficio proponente {}: vi provvede il dirigente di quell'ufficio, e l'utente {} è {}",
            capitalized(act.kind.with_article()),
            act.office,
            actor.username,
            match actor.office {
                Some(o) => format!("dirigente dell'ufficio {o}"),
                None => "dirigente senza ufficio".to_string(),
            }
        ),
    ))
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Who takes a step or gives a parere: their username, role and office.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// Username.
    pub username: &'a str,
    /// Role.
    pub role: Role,
    /// The office they belong to, if any.
    pub office: Option<&'a str>,
}

/// The step a parere brings with it, taken by its author right after it: a favourable visto
/// contabile makes the determinazione executive (art. 183 c.7 TUEL: «è esecutiva con
/// l'apposizione del visto»), with nobody to press «Rendi esecutiva» after it.
pub fn step_after_parere(tipo: ParereTipo, esito: Esito) -> Option<Action> {
    (tipo == ParereTipo::VistoContabile && esito == Esito::Favorevole)
        .then_some(Action::RendiEsecutiva)
}

/// Whether `author` may give a parere of `tipo` on `act` now (every parere and visto is given
/// by signing its own document: the caller asks for the PIN after this).
pub fn check_parere_allowed(
    act: &Act,
    tipo: ParereTipo,
    esito: Esito,
    motivazione: &str,
    author: Actor<'_>,
) -> Result<(), Refusal> {
    if !tipo.applies_to(act.kind, act.state) {
        return Err(refuse(
            RefusalReason::WrongState,
            format!(
                "il {} non si esprime su {} nello stato «{}»",
                tipo.label(),
                act.kind.with_article(),
                act.state.label()
            ),
        ));
    }
    if author.role != tipo.role() {
        return Err(refuse(
            RefusalReason::Forbidden,
            format!(
                "l'utente {} ({}) non può esprimere il {}: spetta al {}",
                author.username,
                author.role.label().to_lowercase(),
                tipo.label(),
                tipo.role().label().to_lowercase()
            ),
        ));
    }
    // Art. 49 TUEL: the parere tecnico is the responsabile's of the service that proposes.
    if tipo == ParereTipo::Tecnico {
        check_office(act, author)?;
    }
    if esito == Esito::NonFavorevole && motivazione.trim().is_empty() {
        return Err(refuse(
            RefusalReason::MissingInput,
            format!("un {} non favorevole deve essere motivato", tipo.label()),
        ));
    }
    Ok(())
}

/// An action open from the act's current state to a role, and whether it can be taken now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ActionOption {
    /// The action.
    pub action: Action,
    /// Its label.
    pub label: String,
    /// Whether it needs a reason.
    pub needs_note: bool,
    /// Whether it is a digital signature (asks for the PIN of the signing device).
    pub signature: bool,
    /// Why it cannot be taken now, if so (guards other than votes and input).
    pub blocked_by: Option<String>,
    /// For an action that cannot be undone: what the clerk confirms before taking it.
    pub confirm: Option<String>,
}

/// Whether an act of `kind` in `state` may ask anything of `role` (an action or a parere),
/// before its content is read: when false, [`options`] is empty for every such act.
pub fn may_concern(kind: ActKind, state: ActState, role: Role) -> bool {
    transitions(kind)
        .iter()
        .any(|t| t.from == state && t.who.may_admit(role, kind))
        || crate::parere::ParereTipo::ALL
            .into_iter()
            .any(|p| p.role() == role && p.applies_to(kind, state))
}

/// The actions from the act's state that `role` may take, each with what blocks it now.
pub fn options(act: &Act, facts: &IterFacts, actor: Actor<'_>) -> Vec<ActionOption> {
    let role = actor.role;
    let office = check_office(act, actor).err();
    transitions(act.kind)
        .iter()
        // Approval and rejection come from a vote of a session (`seduta`), not from an option.
        .filter(|t| t.from == act.state && t.who.admits(role, act) && !t.action.needs_seduta())
        // A publication that happened is done, not blocked: no option to repeat it.
        .filter(|t| {
            !(t.guards.contains(&Guard::NotPublishedYet) && facts.publication_start.is_some())
        })
        .map(|t| {
            let blocked_by = office
                .clone()
                .or_else(|| {
                    t.guards
                        .iter()
                        .filter(|g| !matches!(g, Guard::VotesApprove | Guard::VotesReject))
                        .find_map(|g| check_guard(*g, act, facts, role, None, None).err())
                })
                .map(|r| r.message);
            ActionOption {
                action: t.action,
                label: t.action.label().into(),
                needs_note: t.action.needs_note(),
                signature: t.action.is_signature(),
                blocked_by,
                confirm: t.action.confirmation().map(String::from),
            }
        })
        .collect()
}

/// The signature step `role` (user `username`) would take on `act` now (adotta or firma), or
/// why there is none: asked before anyone types a PIN.
pub fn signing_step(act: &Act, facts: &IterFacts, actor: Actor<'_>) -> Result<Action, Refusal> {
    let username = actor.username;
    let mut blocked = None;
    for o in options(act, facts, actor) {
        if o.signature {
            match o.blocked_by {
                None => return Ok(o.action),
                Some(reason) => blocked = Some(reason),
            }
        }
    }
    Err(refuse(
        RefusalReason::Guard,
        blocked.unwrap_or_else(|| {
            let id = act.id.map(|i| i.to_string()).unwrap_or_default();
            format!(
                "sull'atto {id} non c'è nulla da firmare per l'utente {username} nello stato «{}»",
                act.state.label()
            )
        }),
    ))
}

/// The dates of an act that follow from its iter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyDates {
    /// The day of adoption.
    pub adoption: Option<Date>,
    /// The first day on the albo.
    pub publication_start: Option<Date>,
    /// The last day on the albo.
    pub publication_end: Option<Date>,
    /// The day a delibera is (or becomes) executive (art. 134 TUEL).
    pub esecutivita: Option<Date>,
    /// The last day to notify a verbale (art. 201 CdS).
    pub notifica_deadline: Option<Date>,
}

/// The dates of `act` given its facts.
pub fn key_dates(act: &Act, facts: &IterFacts) -> KeyDates {
    let immediata = facts
        .seduta
        .as_ref()
        .is_some_and(|s| s.immediatamente_eseguibile);
    let esecutivita = match (
        act.kind.is_delibera(),
        facts.adoption,
        facts.publication_start,
    ) {
        (true, Some(adoption), _) if immediata => Some(adoption),
        (true, Some(adoption), Some(start)) => {
            Some(crate::dates::esecutivita_delibera(adoption, start, false))
        }
        _ => None,
    };
    KeyDates {
        adoption: facts.adoption,
        publication_start: facts.publication_start,
        publication_end: facts
            .publication_start
            .and_then(|day| crate::albo::Periodo::of(act, day))
            .map(|p| p.fine),
        esecutivita,
        // An archived verbale has no term left to keep.
        notifica_deadline: act
            .verbale
            .as_ref()
            .filter(|v| v.mancata_contestazione.is_some() && act.state != ActState::Archiviato)
            .and_then(crate::verbale::termine_notifica),
    }
}

/// The groups of a user's inbox («Le mie attività»).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InboxGroup {
    /// Acts waiting for a step of the iter by this role.
    DaIstruire,
    /// Acts waiting for a parere or visto of this role (none given, or given on an older text).
    DaEsprimereParere,
    /// Acts waiting for this role's signature.
    DaFirmare,
    /// Acts waiting for this role to put them on the albo.
    DaPubblicare,
    /// Acts on the albo now: their publication has not ended (read from the register of
    /// publications, not from the state: an act stays «pubblicata» after its days).
    InPubblicazione,
}

impl InboxGroup {
    /// Every group, in the order of the inbox.
    pub const ALL: [InboxGroup; 5] = [
        InboxGroup::DaIstruire,
        InboxGroup::DaEsprimereParere,
        InboxGroup::DaFirmare,
        InboxGroup::DaPubblicare,
        InboxGroup::InPubblicazione,
    ];

    /// Whether an act can ever be in this group of `role`'s inbox (the others are not shown
    /// to it: nobody but who publishes has anything «Da pubblicare»).
    pub fn concerns(self, role: Role) -> bool {
        match self {
            InboxGroup::DaPubblicare => ActKind::ALL.into_iter().any(|kind| {
                transitions(kind)
                    .iter()
                    .any(|t| t.action == Action::Pubblica && t.who.may_admit(role, kind))
            }),
            _ => true,
        }
    }

    /// Its heading.
    pub fn label(self) -> &'static str {
        match self {
            InboxGroup::DaIstruire => "Da istruire",
            InboxGroup::DaEsprimereParere => "Da esprimere parere",
            InboxGroup::DaFirmare => "Da firmare",
            InboxGroup::DaPubblicare => "Da pubblicare",
            InboxGroup::InPubblicazione => "In pubblicazione",
        }
    }
}

/// The states whose acts may ask something of someone.
fn inbox_states() -> Vec<ActState> {
    let mut states: Vec<ActState> = ActKind::ALL
        .into_iter()
        .flat_map(|k| transitions(k).iter().map(|t| t.from))
        .collect();
    states.sort();
    states.dedup();
    states
}

/// Where an inbox looks, before any act is read: the (kind, state) pairs that may ask
/// something of the role, each with the one office whose acts alone count, if any. An
/// istruttore or a dirigente works for their office; a draft is the work of its office, for
/// every role; the rest is the whole Comune's (a visto, a signature, a publication). The
/// store reads these rows by index; [`inbox_group`] decides on each of them. The acts on the
/// albo ([`InboxGroup::InPubblicazione`]) are read from the register of publications, of
/// [`InboxScope::office`] if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxScope {
    /// The kinds and states of the acts that may be in the inbox, and the office if only
    /// one's count.
    pub pairs: Vec<(ActKind, ActState, Option<String>)>,
    /// The office of an istruttore or a dirigente, whose acts alone the inbox shows.
    pub office: Option<String>,
}

/// The [`InboxScope`] of `actor`.
pub fn inbox_scope(actor: Actor<'_>) -> InboxScope {
    let office = matches!(actor.role, Role::Istruttore | Role::Dirigente)
        .then(|| actor.office.map(str::to_string))
        .flatten();
    let pairs = ActKind::ALL
        .into_iter()
        .flat_map(|kind| inbox_states().into_iter().map(move |state| (kind, state)))
        .filter(|&(kind, state)| may_concern(kind, state, actor.role))
        // Nor what the table never lists, published or not (ten years of contested verbali,
        // which the comandante may archive but nobody waits for).
        .filter(|&(kind, state)| {
            [false, true]
                .into_iter()
                .any(|published| group_by_table(kind, state, actor.role, published) != Some(None))
        })
        .map(|(kind, state)| {
            let only = match state {
                ActState::Bozza => actor.office.map(str::to_string),
                _ => office.clone(),
            };
            (kind, state, only)
        })
        .collect();
    InboxScope { pairs, office }
}

/// The group of `actor`'s inbox an act of `kind` in `state`, of `office`, belongs to, if any
/// (a dirigente's inbox holds only their office's acts); `published`: the act has been on
/// the albo (its publication is done, not to do). `content` reads the act and its facts,
/// and is called only when these do not decide: an ordinanza or a decreto stays in its last
/// state for ever, and whether it still waits for its publication is known without reading
/// it.
pub fn inbox_group<E>(
    kind: ActKind,
    state: ActState,
    office: &str,
    published: bool,
    actor: Actor<'_>,
    content: impl FnOnce() -> Result<(Act, IterFacts), E>,
) -> Result<Option<InboxGroup>, E> {
    let role = actor.role;
    if !acts_for_office(office, actor) {
        return Ok(None);
    }
    // Most acts ask nothing of this role: they are skipped before their content is read.
    if !may_concern(kind, state, role) {
        return Ok(None);
    }
    // Where the table alone decides, the content is not read either.
    if let Some(group) = group_by_table(kind, state, role, published) {
        return Ok(group);
    }
    let (act, facts) = content()?;
    Ok(inbox_group_of_content(&act, &facts, actor))
}

/// The group of `act` in `actor`'s inbox, from its content and facts (a role it may concern,
/// of an office it acts for).
fn inbox_group_of_content(act: &Act, facts: &IterFacts, actor: Actor<'_>) -> Option<InboxGroup> {
    let role = actor.role;
    let wants_parere = parere::pareri_for(act.kind, act.state, role)
        .into_iter()
        .any(|t| parere::latest(&facts.pareri, t).is_none_or(|p| p.is_stale(act.version)));
    if wants_parere {
        return Some(InboxGroup::DaEsprimereParere);
    }
    let options = options(act, facts, actor);
    if options.iter().any(|o| o.signature) {
        return Some(InboxGroup::DaFirmare);
    }
    if options
        .iter()
        .any(|o| o.action == Action::Pubblica && o.blocked_by.is_none())
    {
        return Some(InboxGroup::DaPubblicare);
    }
    let moves_on = options.iter().any(|o| o.action.moves_on());
    let reviews = act.state == ActState::Istruttoria
        && options.iter().any(|o| o.action == Action::Restituisci);
    (moves_on || reviews).then_some(InboxGroup::DaIstruire)
}

/// The group of an act of `kind` in `state` in the inbox of `role` when the transition table
/// alone decides it (`Some`), or `None` when it depends on the act or its facts: a parere of
/// the role may be due, a signer depends on the content (ordinanza, delibera), a publication
/// not yet `published` on its guards (a dirigente's office is checked before). It gives what
/// [`inbox_group`] would give after reading the act (the exhaustive test below checks it).
fn group_by_table(
    kind: ActKind,
    state: ActState,
    role: Role,
    published: bool,
) -> Option<Option<InboxGroup>> {
    let parere_due = crate::parere::ParereTipo::ALL
        .into_iter()
        .any(|p| p.role() == role && p.applies_to(kind, state));
    if parere_due {
        return None;
    }
    let mut steps = Vec::new();
    for t in transitions(kind) {
        if t.from != state || !t.who.may_admit(role, kind) || t.action.needs_seduta() {
            continue;
        }
        // A publication that happened is done (as in `options`).
        if published && t.guards.contains(&Guard::NotPublishedYet) {
            continue;
        }
        let by_content = !matches!(t.who, Who::Roles(_));
        if by_content || t.action == Action::Pubblica || t.guards.contains(&Guard::NotPublishedYet)
        {
            return None;
        }
        steps.push(t.action);
    }
    if steps.iter().any(|a| a.is_signature()) {
        return Some(Some(InboxGroup::DaFirmare));
    }
    let moves_on = steps.iter().any(|a| a.moves_on());
    let reviews = state == ActState::Istruttoria && steps.contains(&Action::Restituisci);
    Some((moves_on || reviews).then_some(InboxGroup::DaIstruire))
}

#[cfg(test)]
mod tests {
    //! The authorization matrix, exhaustively: every kind × state × action × role. The table
    //! is rendered into `docs/iter.md` (a reviewed snapshot: any change to who may do what
    //! shows up in the diff), and `decide` is checked against it for every combination.
    //! Independent rules from DOMAIN.md are asserted on top.

    use super::*;
    use expect_test::expect_file;

    #[test]
    fn immediate_executability_needs_the_separate_vote_of_the_majority_of_members() {
        let seduta = |immediata: bool, componenti: Option<u16>, favorevoli: Option<u16>| Seduta {
            data: jiff::civil::date(2026, 11, 30),
            presenti: 9,
            favorevoli: 7,
            contrari: 2,
            astenuti: 0,
            immediatamente_eseguibile: immediata,
            componenti,
            voto_immediata: favorevoli.map(|f| Votazione {
                favorevoli: f,
                contrari: 0,
                astenuti: 0,
            }),
            record: Some(SedutaRecord {
                seduta: "segretario-0".into(),
                punto: 1,
                maggioranza: crate::seduta::Maggioranza::Votanti,
                ora: jiff::civil::time(10, 0, 0, 0),
                luogo: "Sala della Giunta".into(),
                videoconferenza: false,
                presiede: "Mario Rossi".into(),
                segretario: "Anna Neri".into(),
                presenti: Vec::new(),
                assenti: Vec::new(),
                contrari: Vec::new(),
                astenuti: Vec::new(),
                non_partecipano: Vec::new(),
            }),
        };
        let why = |s: Seduta| check_seduta(&s).err().map(|r| r.message);
        assert_eq!(why(seduta(false, None, None)), None);
        // Declared without a vote: refused, whatever the other counts say.
        assert!(why(seduta(true, None, None)).is_some_and(|m| m.contains("votazione separata")));
        // Of 13 members, 7 are the majority; 6 are not, even if all present voted in favour.
        assert_eq!(why(seduta(true, Some(13), Some(7))), None);
        let short = why(seduta(true, Some(13), Some(6))).expect("six of thirteen");
        assert!(short.contains("almeno 7 su 13"), "{short}");
        // Of 12 members, 7 are the majority (6 is half).
        assert!(why(seduta(true, Some(12), Some(6))).is_some());
        assert_eq!(why(seduta(true, Some(12), Some(7))), None);
        // A vote won but not declared, a vote without members, more voters than present.
        assert!(why(seduta(false, Some(9), Some(9))).is_some());
        assert!(why(seduta(true, None, Some(9))).is_some());
        assert!(why(seduta(true, Some(9), Some(10))).is_some());
        assert!(
            why(seduta(false, Some(8), None)).is_some_and(|m| m.contains("superano i componenti"))
        );
    }

    fn act_in(kind: ActKind, state: ActState) -> Act {
        let mut act = Act::new(kind, "Prova");
        act.state = state;
        act
    }

    /// Who the table admits, by role, for (kind, state, action).
    fn table_admits(kind: ActKind, state: ActState, action: Action, role: Role) -> bool {
        let act = act_in(kind, state);
        transitions(kind)
            .iter()
            .any(|t| t.from == state && t.action == action && t.who.admits(role, &act))
    }

    #[test]
    fn decide_agrees_with_the_table_for_every_combination() {
        let mut checked = 0;
        for kind in ActKind::ALL {
            for state in ActState::ALL {
                for action in Action::ALL {
                    for role in Role::ALL {
                        let act = act_in(kind, state);
                        let exists = transitions(kind)
                            .iter()
                            .any(|t| t.from == state && t.action == action);
                        let got = decide(
                            &act,
                            &IterFacts::default(),
                            action,
                            Actor {
                                username: role.slug(),
                                role,
                                office: Some(&act.office),
                            },
                            &ActionInput::default(),
                        );
                        match got {
                            Err(Refusal {
                                reason: RefusalReason::WrongState,
                                ..
                            }) => {
                                assert!(
                                    !exists,
                                    "{kind} {state:?} {action:?} {role:?}: wrongly refused by state"
                                );
                            }
                            Err(Refusal {
                                reason: RefusalReason::Forbidden,
                                ..
                            }) => {
                                assert!(
                                    exists && !table_admits(kind, state, action, role),
                                    "{kind} {state:?} {action:?} {role:?}: wrongly forbidden"
                                );
                            }
                            _ => assert!(
                                table_admits(kind, state, action, role),
                                "{kind} {state:?} {action:?} {role:?}: allowed but not in the table"
                            ),
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(
            checked,
            6 * ActState::ALL.len() * Action::ALL.len() * Role::ALL.len()
        );
    }

    #[test]
    fn the_table_is_documented() {
        let mut out = String::from(
            "# Iter: who may do what\n\nGenerated from `crates/atti-core/src/iter.rs` by its tests \
             (`UPDATE_EXPECT=1 cargo test -p atti-core` rewrites it). Each row: from state, action, \
             next state, roles, guards.\n",
        );
        for kind in [
            ActKind::DeliberaGiunta,
            ActKind::DeliberaConsiglio,
            ActKind::Determinazione,
            ActKind::Ordinanza,
            ActKind::Decreto,
            ActKind::VerbalePl,
        ] {
            out.push_str(&format!(
                "\n## {}\n\n| da | azione | a | chi | condizioni |\n|---|---|---|---|---|\n",
                kind.label()
            ));
            for t in transitions(kind) {
                let roles: Vec<&str> = Role::ALL
                    .into_iter()
                    .filter(|r| {
                        let mut act = act_in(kind, t.from);
                        // An ordinanza dirigenziale is signed by the dirigente: show both cases.
                        let sindacale = t.who.admits(*r, &act);
                        act.tipo_ordinanza = Some(TipoOrdinanza::Dirigenziale);
                        sindacale || t.who.admits(*r, &act)
                    })
                    .map(|r| r.slug())
                    .collect();
                let to = match t.to {
                    Target::To(s) => s.slug().to_string(),
                    Target::BySpending { with, without } => {
                        format!("{} (con impegni) / {} (senza)", with.slug(), without.slug())
                    }
                    Target::ByImmediata { yes, no } => {
                        format!("{} (immediatamente eseguibile) / {}", yes.slug(), no.slug())
                    }
                    Target::WhenAllSigned(s) => {
                        format!("{} (quando tutti hanno firmato)", s.slug())
                    }
                };
                let who = match t.who {
                    Who::OrdinanzaSigner => "sindaco (dirigente se dirigenziale)".to_string(),
                    Who::DeliberaSigners => format!("{} (firmatari)", roles.join(", ")),
                    Who::Roles(_) => roles.join(", "),
                };
                let guards: Vec<String> = t.guards.iter().map(|g| format!("{g:?}")).collect();
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} |\n",
                    t.from.slug(),
                    t.action.slug(),
                    to,
                    who,
                    guards.join(", ")
                ));
            }
            // The steps a parere brings with it (step_after_parere).
            for t in transitions(kind) {
                for tipo in ParereTipo::ALL {
                    for esito in Esito::ALL {
                        if step_after_parere(tipo, esito) == Some(t.action)
                            && tipo.applies_to(kind, t.from)
                        {
                            out.push_str(&format!(
                                "\n`{}` is taken by itself, right after a {} {} (by who gave it).\n",
                                t.action.slug(),
                                tipo.label(),
                                esito.label()
                            ));
                        }
                    }
                }
            }
        }
        expect_file!["../../../docs/iter.md"].assert_eq(&out);
    }

    #[test]
    fn rules_from_the_domain_hold() {
        use ActKind::*;
        // Only the dirigente adopts a determinazione (TUEL art. 107); only the sindaco a decreto.
        for role in Role::ALL {
            assert_eq!(
                table_admits(Determinazione, ActState::Istruttoria, Action::Adotta, role),
                role == Role::Dirigente
            );
            assert_eq!(
                table_admits(Decreto, ActState::Bozza, Action::Adotta, role),
                role == Role::Sindaco
            );
            // The segretario takes the minutes of the sessions (art. 97).
            assert_eq!(
                table_admits(DeliberaGiunta, ActState::Iscritta, Action::Approva, role),
                role == Role::Segretario
            );
            // A delibera di Giunta is signed by sindaco and segretario; di Consiglio by presidente and segretario.
            assert_eq!(
                table_admits(DeliberaGiunta, ActState::Approvata, Action::Firma, role),
                matches!(role, Role::Sindaco | Role::Segretario)
            );
            assert_eq!(
                table_admits(DeliberaConsiglio, ActState::Approvata, Action::Firma, role),
                matches!(role, Role::Presidente | Role::Segretario)
            );
            // Only agents act on verbali, but the comandante, who archives them (art. 386
            // Reg. CdS) and does nothing else.
            for state in ActState::ALL {
                for action in Action::ALL {
                    if table_admits(VerbalePl, state, action, role) {
                        let who = if action == Action::Archivia {
                            Role::Comandante
                        } else {
                            Role::Agente
                        };
                        assert_eq!(role, who, "{action:?} from {state:?}");
                    }
                }
            }
            for state in ActState::ALL {
                assert_eq!(
                    table_admits(VerbalePl, state, Action::Archivia, role),
                    role == Role::Comandante
                        && matches!(
                            state,
                            ActState::Firmata | ActState::Contestato | ActState::Notificata
                        ),
                    "{state:?}"
                );
            }
        }
        // Terminal states allow nothing, but the publication on the albo (which stays there)
        // and the archiviazione of a verbale.
        for kind in ActKind::ALL {
            for state in [
                ActState::Ritirata,
                ActState::Annullata,
                ActState::Respinta,
                ActState::Notificata,
                ActState::Comunicata,
                ActState::Contestato,
                ActState::Archiviato,
            ] {
                assert!(
                    transitions(kind).iter().all(|t| t.from != state
                        || (t.action == Action::Pubblica && t.to == Target::To(state))
                        || (t.action == Action::Archivia && kind == VerbalePl)),
                    "{kind} acts from {state:?}"
                );
            }
            // Every kind but the verbale goes on the albo, put there by the responsabile della
            // pubblicazione (the messo, or the segretario); a state that stays is published
            // once.
            let publish: Vec<_> = transitions(kind)
                .iter()
                .filter(|t| t.action == Action::Pubblica)
                .collect();
            assert_eq!(publish.is_empty(), kind == VerbalePl, "{kind}");
            assert_eq!(
                publish.is_empty(),
                crate::albo::regola_del_tipo(kind).is_none()
            );
            for t in &publish {
                assert_eq!(t.who, PUBLISHERS, "{kind}");
                if t.to == Target::To(t.from) {
                    assert!(t.guards.contains(&Guard::NotPublishedYet), "{kind}");
                }
            }
            // A withdrawal never comes after a number was assigned.
            for t in transitions(kind) {
                if t.action == Action::Ritira {
                    assert!(t.from.is_editable(), "{kind}: ritira from {:?}", t.from);
                }
            }
            // Every state of a kind is reachable from the bozza.
            let mut seen = vec![ActState::Bozza];
            loop {
                let before = seen.len();
                for t in transitions(kind) {
                    if seen.contains(&t.from) {
                        for s in t.to.states() {
                            if !seen.contains(&s) {
                                seen.push(s);
                            }
                        }
                    }
                }
                if seen.len() == before {
                    break;
                }
            }
            for s in states(kind) {
                assert!(seen.contains(&s), "{kind}: {s:?} unreachable");
            }
        }
    }

    #[test]
    fn refusals_name_the_rule() {
        let mut det = act_in(ActKind::Determinazione, ActState::Istruttoria);
        det.dispositivo.push(crate::DispositivoPoint {
            text: "di affidare".into(),
        });
        let r = decide(
            &det,
            &IterFacts::default(),
            Action::Adotta,
            Actor {
                username: "istruttore",
                role: Role::Istruttore,
                office: Some(&det.office),
            },
            &ActionInput::default(),
        );
        assert_eq!(
            r.err().map(|e| e.message).as_deref(),
            Some("l'utente istruttore (istruttore) non può adottare una determinazione")
        );

        let mut del = act_in(ActKind::DeliberaGiunta, ActState::Proposta);
        del.version = 3;
        del.dispositivo.push(crate::DispositivoPoint {
            text: "di approvare".into(),
        });
        del.impegni.push(crate::Impegno {
            esercizio: 2026,
            capitolo: "1".into(),
            importo_centesimi: 100,
            beneficiario: "B".into(),
            cig: None,
            cup: None,
            sovvenzione: None,
        });
        let tecnico = Parere {
            tipo: ParereTipo::Tecnico,
            esito: Esito::Favorevole,
            motivazione: String::new(),
            author: "dirigente".into(),
            given_at: String::new(),
            version: 3,
            document: None,
        };
        let facts = IterFacts {
            pareri: vec![tecnico.clone()],
            ..IterFacts::default()
        };
        let r = decide(
            &del,
            &facts,
            Action::Iscrivi,
            Actor {
                username: "segretario",
                role: Role::Segretario,
                office: Some(&del.office),
            },
            &ActionInput::default(),
        );
        assert_eq!(
            r.err().map(|e| e.message).as_deref(),
            Some("manca il parere di regolarità contabile")
        );
        // The text changed after the parere tecnico: it must be given again.
        del.version = 4;
        let r = decide(
            &del,
            &facts,
            Action::Iscrivi,
            Actor {
                username: "segretario",
                role: Role::Segretario,
                office: Some(&del.office),
            },
            &ActionInput::default(),
        );
        assert!(
            r.err()
                .map(|e| e.message)
                .unwrap_or_default()
                .starts_with("il parere di regolarità tecnica è da rinnovare")
        );

        let mut ord = act_in(ActKind::Ordinanza, ActState::Firmata);
        ord.tipo_ordinanza = Some(TipoOrdinanza::Contingibile);
        let r = decide(
            &ord,
            &IterFacts::default(),
            Action::Notifica,
            Actor {
                username: "istruttore",
                role: Role::Istruttore,
                office: Some(&ord.office),
            },
            &ActionInput::default(),
        );
        assert_eq!(
            r.err().map(|e| e.message).as_deref(),
            Some(
                "un'ordinanza contingibile e urgente (art. 54 c.4 TUEL) va comunicata prima al prefetto"
            )
        );
    }

    #[test]
    fn may_concern_never_hides_an_option() {
        for kind in ActKind::ALL {
            for tipo in [None, Some(TipoOrdinanza::Dirigenziale)] {
                for state in ActState::ALL {
                    let mut act = Act::new(kind, "Prova");
                    act.state = state;
                    act.tipo_ordinanza = tipo;
                    for role in Role::ALL {
                        let actor = Actor {
                            username: role.slug(),
                            role,
                            office: Some(&act.office),
                        };
                        if !options(&act, &IterFacts::default(), actor).is_empty() {
                            assert!(
                                may_concern(kind, state, role),
                                "{kind:?} {state:?} {role:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn only_a_favourable_visto_makes_the_determinazione_executive_by_itself() {
        for tipo in ParereTipo::ALL {
            for esito in Esito::ALL {
                let step = step_after_parere(tipo, esito);
                let expected = tipo == ParereTipo::VistoContabile && esito == Esito::Favorevole;
                assert_eq!(step.is_some(), expected, "{tipo:?} {esito:?}");
                if let Some(action) = step {
                    // The step exists in the table, from the state the visto is given in, for
                    // the role that gives it.
                    assert!(DETERMINAZIONE.iter().any(|t| t.from == ActState::Visto
                        && t.action == action
                        && matches!(t.who, Who::Roles(r) if r.contains(&tipo.role()))));
                }
            }
        }
    }

    #[test]
    fn the_parere_tecnico_is_the_proposing_offices_dirigente() {
        let mut del = Act::new(ActKind::DeliberaGiunta, "Piazza");
        del.office = "TEC".into();
        del.state = ActState::Proposta;
        let author = |office| Actor {
            username: "dirigente",
            role: Role::Dirigente,
            office,
        };
        let give = |a| check_parere_allowed(&del, ParereTipo::Tecnico, Esito::Favorevole, "", a);
        assert!(give(author(Some("TEC"))).is_ok());
        for other in [Some("RAG"), None] {
            let r = give(author(other)).expect_err("another office");
            assert_eq!(r.reason, RefusalReason::Forbidden);
            assert!(
                r.message.contains("dell'ufficio proponente TEC"),
                "{}",
                r.message
            );
        }
        // The parere contabile is the responsabile finanziario's, whatever their office.
        let ragioniere = Actor {
            username: "ragioniere",
            role: Role::Ragioniere,
            office: Some("RAG"),
        };
        assert!(
            check_parere_allowed(
                &del,
                ParereTipo::Contabile,
                Esito::Favorevole,
                "",
                ragioniere
            )
            .is_ok()
        );
        let r = check_parere_allowed(
            &del,
            ParereTipo::Contabile,
            Esito::NonFavorevole,
            " ",
            ragioniere,
        )
        .expect_err("unmotivated");
        assert_eq!(r.reason, RefusalReason::MissingInput);
    }

    #[test]
    fn a_dirigente_acts_only_on_their_offices_acts() {
        let mut det = act_in(ActKind::Determinazione, ActState::Istruttoria);
        det.office = "TEC".into();
        det.dispositivo.push(crate::DispositivoPoint {
            text: "di affidare".into(),
        });
        let signed = ActionInput {
            signed: true,
            ..ActionInput::default()
        };
        let dirigente = |office| Actor {
            username: "dirigente",
            role: Role::Dirigente,
            office,
        };
        let facts = IterFacts::default();
        assert!(
            decide(
                &det,
                &facts,
                Action::Adotta,
                dirigente(Some("TEC")),
                &signed
            )
            .is_ok()
        );
        let r = decide(
            &det,
            &facts,
            Action::Adotta,
            dirigente(Some("RAG")),
            &signed,
        )
        .expect_err("another office");
        assert_eq!(r.reason, RefusalReason::Forbidden);
        assert!(
            r.message.contains("dell'ufficio proponente TEC")
                && r.message.contains("dirigente dell'ufficio RAG"),
            "{}",
            r.message
        );
        // The option is shown with its reason, and the act is not in that dirigente's inbox.
        let o = options(&det, &facts, dirigente(Some("RAG")));
        assert!(
            o.iter()
                .all(|o| o.blocked_by.as_deref() == Some(r.message.as_str())),
            "{o:?}"
        );
        let group = |actor| {
            inbox_group(det.kind, det.state, &det.office, false, actor, || {
                Ok::<_, ()>((det.clone(), IterFacts::default()))
            })
        };
        assert_eq!(
            group(dirigente(Some("TEC"))),
            Ok(Some(InboxGroup::DaFirmare))
        );
        assert_eq!(group(dirigente(Some("RAG"))), Ok(None));
    }

    #[test]
    fn the_inbox_scope_holds_every_act_an_inbox_may_list_and_nothing_it_never_lists() {
        // For every role, kind and state: an act outside the scope is never in the inbox,
        // and its content is not even read; an act inside it may be.
        for role in Role::ALL {
            let actor = Actor {
                username: "u",
                role,
                office: Some("TEC"),
            };
            let scope = inbox_scope(actor);
            for kind in ActKind::ALL {
                for state in ActState::ALL {
                    let in_scope = scope.pairs.iter().any(|p| (p.0, p.1) == (kind, state));
                    for (office, published) in [("TEC", false), ("RAG", false), ("TEC", true)] {
                        let group = inbox_group(kind, state, office, published, actor, || Err(()));
                        if !in_scope {
                            assert_eq!(group, Ok(None), "{role:?} {kind:?} {state:?}");
                        }
                        assert_ne!(group, Ok(Some(InboxGroup::InPubblicazione)));
                        // Decided without the content: the same as after reading it, whatever
                        // it is (here: every tipo of ordinanza), published as said.
                        if let Ok(group) = group {
                            for tipo in inbox_tipi(kind) {
                                let act = Act {
                                    office: office.into(),
                                    tipo_ordinanza: tipo,
                                    ..act_in(kind, state)
                                };
                                let facts = IterFacts {
                                    publication_start: published
                                        .then(|| jiff::civil::date(2026, 1, 2)),
                                    ..IterFacts::default()
                                };
                                let read = inbox_group_read(&act, &facts, actor);
                                assert_eq!(group, read, "{role:?} {kind:?} {state:?} {tipo:?}");
                            }
                        }
                    }
                }
            }
            // An istruttore's or a dirigente's inbox is their office's; a draft is its
            // office's for every role.
            let office_bound = matches!(role, Role::Istruttore | Role::Dirigente);
            assert_eq!(scope.office.is_some(), office_bound, "{role:?}");
            for (kind, state, only) in &scope.pairs {
                let bound = office_bound || *state == ActState::Bozza;
                assert_eq!(
                    only.as_deref(),
                    bound.then_some("TEC"),
                    "{role:?} {kind:?} {state:?}"
                );
            }
        }
        // The istruttore's drafts, the bulk of an inbox, are listed without reading them.
        let istruttore = Actor {
            username: "u",
            role: Role::Istruttore,
            office: Some("TEC"),
        };
        assert_eq!(
            inbox_group(
                ActKind::Determinazione,
                ActState::Bozza,
                "TEC",
                false,
                istruttore,
                || Err(())
            ),
            Ok(Some(InboxGroup::DaIstruire))
        );
        // Ten years of ordinanze and decreti, published, are passed over by who publishes
        // without reading them.
        let messo = Actor {
            username: "m",
            role: Role::Messo,
            office: Some("SEG"),
        };
        for (kind, state) in [
            (ActKind::Ordinanza, ActState::Notificata),
            (ActKind::Ordinanza, ActState::Firmata),
            (ActKind::Decreto, ActState::Comunicata),
        ] {
            assert_eq!(
                inbox_group(kind, state, "TEC", true, messo, || Err(())),
                Ok(None),
                "{kind:?} {state:?}"
            );
        }
        // Contested verbali wait for their payment, not for the comandante, who may archive
        // any of them: the inbox does not even look at them.
        let comandante = Actor {
            username: "c",
            role: Role::Comandante,
            office: Some("PL"),
        };
        let contested = (ActKind::VerbalePl, ActState::Contestato);
        assert!(
            !inbox_scope(comandante)
                .pairs
                .iter()
                .any(|p| (p.0, p.1) == contested)
        );
    }

    /// The tipi the inbox test tries for an act of `kind`: each tipo of ordinanza.
    fn inbox_tipi(kind: ActKind) -> Vec<Option<TipoOrdinanza>> {
        if kind == ActKind::Ordinanza {
            TipoOrdinanza::ALL.into_iter().map(Some).collect()
        } else {
            vec![None]
        }
    }

    /// [`inbox_group`] as it decides after reading the act (the path without the table's
    /// shortcut).
    fn inbox_group_read(act: &Act, facts: &IterFacts, actor: Actor<'_>) -> Option<InboxGroup> {
        if check_office(act, actor).is_err() || !may_concern(act.kind, act.state, actor.role) {
            return None;
        }
        inbox_group_of_content(act, facts, actor)
    }

    #[test]
    fn a_verbale_is_archived_by_the_comandante_with_a_signed_reasoned_provvedimento() {
        use crate::archiviazione::{Archiviazione, MotivoArchiviazione};
        use jiff::civil::date;
        let mut act = act_in(ActKind::VerbalePl, ActState::Firmata);
        act.verbale = Some(crate::VerbalePl {
            data: Some(date(2026, 1, 10)),
            mancata_contestazione: Some(crate::verbale::MancataContestazione::D),
            ..crate::VerbalePl::default()
        });
        let actor = |username, role| Actor {
            username,
            role,
            office: Some("PL"),
        };
        let comandante = actor("comandante", Role::Comandante);
        let facts = IterFacts {
            today: date(2026, 2, 1),
            ..IterFacts::default()
        };
        let provvedimento = |motivo| ActionInput {
            signed: true,
            archiviazione: Some(Archiviazione {
                motivo,
                motivazione: "Il veicolo risulta rubato con denuncia del 5/1/2026.".into(),
            }),
            ..ActionInput::default()
        };
        let go = |who, input: &ActionInput| decide(&act, &facts, Action::Archivia, who, input);
        let ok = go(
            comandante,
            &provvedimento(MotivoArchiviazione::VeicoloRubato),
        )
        .expect("the comandante archives");
        assert_eq!(ok.to, ActState::Archiviato);
        assert_eq!(ok.signature, None, "the verbale is not signed again");
        assert_eq!(
            ok.archiviazione.map(|a| a.motivo),
            Some(MotivoArchiviazione::VeicoloRubato)
        );
        // Not by the agente who wrote it.
        let r = go(
            actor("agente", Role::Agente),
            &provvedimento(MotivoArchiviazione::VeicoloRubato),
        )
        .expect_err("agente");
        assert_eq!(r.reason, RefusalReason::Forbidden);
        // Not by a button: the provvedimento is signed.
        let unsigned = ActionInput {
            signed: false,
            ..provvedimento(MotivoArchiviazione::VeicoloRubato)
        };
        let r = go(comandante, &unsigned).expect_err("unsigned");
        assert_eq!(r.reason, RefusalReason::NeedsSignature);
        // Not without its reasons.
        let bare = ActionInput {
            signed: true,
            ..ActionInput::default()
        };
        let r = go(comandante, &bare).expect_err("no provvedimento");
        assert_eq!(r.reason, RefusalReason::MissingInput);
        // Not for a term that has not run out (identified 10/1: the last day is 10/4).
        let r = go(
            comandante,
            &provvedimento(MotivoArchiviazione::TermineScaduto),
        )
        .expect_err("term still running");
        assert_eq!(r.reason, RefusalReason::Guard);
        assert!(r.message.contains("restano 68 giorni"), "{}", r.message);
        // A provvedimento with another action: refused.
        let mut sul_posto = act.clone();
        if let Some(v) = sul_posto.verbale.as_mut() {
            v.mancata_contestazione = None;
        }
        let r = decide(
            &sul_posto,
            &facts,
            Action::Contesta,
            actor("agente", Role::Agente),
            &ActionInput {
                signed: false,
                ..provvedimento(MotivoArchiviazione::Altro)
            },
        )
        .expect_err("not an archiviazione");
        assert!(r.message.contains("provvedimento"), "{}", r.message);
    }

    #[test]
    fn a_verbale_is_notified_with_its_dates_and_the_day_it_left_is_held_to_the_term() {
        use crate::notifica::{Mezzo, Notificazione};
        use jiff::civil::date;
        let mut act = act_in(ActKind::VerbalePl, ActState::Firmata);
        act.verbale = Some(crate::VerbalePl {
            data: Some(date(2028, 1, 31)),
            mancata_contestazione: Some(crate::verbale::MancataContestazione::D),
            ..crate::VerbalePl::default()
        });
        let agente = Actor {
            username: "agente",
            role: Role::Agente,
            office: Some(&act.office),
        };
        let facts = IterFacts {
            today: date(2028, 5, 10),
            ..IterFacts::default()
        };
        let n = |spedita_il, consegnata_il| ActionInput {
            notificazione: Some(Notificazione {
                mezzo: Mezzo::Posta,
                destinatario: "Via Roma 1, Torino".into(),
                riferimento: "RA 1".into(),
                spedita_il,
                consegnata_il,
                compiuta_giacenza: false,
                ricevute: Vec::new(),
            }),
            ..ActionInput::default()
        };
        let go = |input: &ActionInput| decide(&act, &facts, Action::Notifica, agente, input);
        // Without its dates: refused (within the term, for the missing dates).
        let early = IterFacts {
            today: date(2028, 4, 1),
            ..IterFacts::default()
        };
        let r = decide(
            &act,
            &early,
            Action::Notifica,
            agente,
            &ActionInput::default(),
        )
        .expect_err("no dates");
        assert_eq!(r.reason, RefusalReason::MissingInput);
        assert!(go(&ActionInput::default()).is_err());
        // Sent on the last day (30 April 2028, a leap year), delivered after it: done.
        let ok = go(&n(date(2028, 4, 30), date(2028, 5, 8))).expect("within the term");
        assert_eq!(ok.to, ActState::Notificata);
        assert_eq!(
            ok.notificazione.map(|n| n.consegnata_il),
            Some(date(2028, 5, 8))
        );
        // Sent on day 91: refused with the rule.
        let late = go(&n(date(2028, 5, 1), date(2028, 5, 3))).expect_err("late");
        assert!(
            late.message.contains("scaduto il 30/04/2028"),
            "{}",
            late.message
        );
        // A delivery in the future: refused.
        let future = go(&n(date(2028, 4, 1), date(2028, 5, 11))).expect_err("future");
        assert!(future.message.contains("futura"), "{}", future.message);
        // Dates of a notification with another action: refused.
        let other = decide(
            &act,
            &facts,
            Action::Contesta,
            agente,
            &n(date(2028, 4, 1), date(2028, 4, 2)),
        );
        assert!(other.is_err());
    }

    #[test]
    fn the_messo_publishes_an_ordinanza_once_from_da_pubblicare() {
        let act = act_in(ActKind::Ordinanza, ActState::Notificata);
        let messo = Actor {
            username: "messo",
            role: Role::Messo,
            office: Some("SEG"),
        };
        let today = jiff::civil::date(2026, 12, 20);
        let before = IterFacts {
            today,
            ..IterFacts::default()
        };
        let group = |facts: &IterFacts| {
            inbox_group(
                act.kind,
                act.state,
                &act.office,
                facts.publication_start.is_some(),
                messo,
                || Ok::<_, ()>((act.clone(), facts.clone())),
            )
        };
        assert_eq!(group(&before), Ok(Some(InboxGroup::DaPubblicare)));
        assert!(InboxGroup::DaPubblicare.concerns(Role::Messo));
        assert!(!InboxGroup::DaPubblicare.concerns(Role::Dirigente));
        let outcome = decide(
            &act,
            &before,
            Action::Pubblica,
            messo,
            &ActionInput::default(),
        )
        .expect("published");
        assert_eq!(outcome.to, ActState::Notificata);
        assert_eq!(
            outcome.albo.map(|p| p.fine),
            Some(jiff::civil::date(2027, 1, 3))
        );
        assert_eq!(
            outcome.audit,
            [AuditStep::Albo, AuditStep::Transition],
            "the register's number, then the step"
        );
        // Published: no option to do it again, nothing in the messo's inbox, and the core refuses.
        let after = IterFacts {
            publication_start: Some(today),
            ..before.clone()
        };
        assert!(options(&act, &after, messo).is_empty());
        assert_eq!(group(&after), Ok(None));
        let again = decide(
            &act,
            &after,
            Action::Pubblica,
            messo,
            &ActionInput::default(),
        )
        .expect_err("once");
        assert!(
            again
                .message
                .contains("già stato pubblicato all'albo dal 20/12/2026")
        );
    }

    #[test]
    fn a_delibera_waits_for_both_signers() {
        let act = act_in(ActKind::DeliberaGiunta, ActState::Approvata);
        assert_eq!(
            missing_signers(&act, &[Role::Sindaco]),
            vec![Role::Segretario]
        );
        assert!(missing_signers(&act, &[Role::Segretario, Role::Sindaco]).is_empty());
    }
}
