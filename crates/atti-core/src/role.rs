//! The roles of the people who work on acts. The demo Comune has one user per role, and the
//! user names equal the role names (a contract for scripts and checks).

use serde::{Deserialize, Serialize};

/// A role in the Comune.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Istruttore / responsabile del procedimento: drafts acts.
    Istruttore,
    /// Dirigente or responsabile di servizio: adopts determinazioni, gives the parere tecnico.
    Dirigente,
    /// Responsabile del servizio finanziario: parere contabile and visto di regolarità contabile.
    Ragioniere,
    /// Segretario generale: minutes of Giunta and Consiglio, co-signs delibere.
    Segretario,
    /// Sindaco: presides the Giunta, signs ordinanze and decreti.
    Sindaco,
    /// Presidente del Consiglio comunale.
    Presidente,
    /// Agente della Polizia locale: writes verbali.
    Agente,
    /// Comandante della Polizia locale: heads the Comando, and orders the archiviazione of a
    /// verbale with a signed, reasoned provvedimento (art. 386 Reg. CdS).
    Comandante,
    /// Messo comunale, responsabile della pubblicazione: puts acts on the albo pretorio and
    /// attests their publication.
    Messo,
    /// Amministratore di sistema (IT staff): the Comune's settings, and no act.
    Amministratore,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 10] = [
        Role::Istruttore,
        Role::Dirigente,
        Role::Ragioniere,
        Role::Segretario,
        Role::Sindaco,
        Role::Presidente,
        Role::Agente,
        Role::Comandante,
        Role::Messo,
        Role::Amministratore,
    ];

    /// The contract name, also the demo user name.
    pub fn slug(self) -> &'static str {
        match self {
            Role::Istruttore => "istruttore",
            Role::Dirigente => "dirigente",
            Role::Ragioniere => "ragioniere",
            Role::Segretario => "segretario",
            Role::Sindaco => "sindaco",
            Role::Presidente => "presidente",
            Role::Agente => "agente",
            Role::Comandante => "comandante",
            Role::Messo => "messo",
            Role::Amministratore => "amministratore",
        }
    }

    /// Parses a contract name.
    pub fn from_slug(slug: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.slug() == slug)
    }

    /// The title a clerk reads.
    pub fn label(self) -> &'static str {
        match self {
            Role::Istruttore => "Istruttore",
            Role::Dirigente => "Dirigente",
            Role::Ragioniere => "Responsabile del servizio finanziario",
            Role::Segretario => "Segretario generale",
            Role::Sindaco => "Sindaco",
            Role::Presidente => "Presidente del Consiglio",
            Role::Agente => "Agente di Polizia locale",
            Role::Comandante => "Comandante della Polizia locale",
            Role::Messo => "Messo comunale",
            Role::Amministratore => "Amministratore di sistema",
        }
    }
}

/// Whether a user with `role` may change the Comune's settings: the seal key of the
/// contrassegni, the document server and its CA, the trust anchors, the address of the
/// verification page, the signing format, the stemma. Only the amministratore (IT staff), who
/// takes no part in any act: whoever signs, seals or adopts cannot also choose what is trusted.
pub fn may_administer(role: Role) -> bool {
    role == Role::Amministratore
}

/// Whether `username` may attest that a paper copy conforms to the digital original (CAD art.
/// 23 c.1-2): only the officials the Comune authorises for it by name (`authorised`, a list
/// the amministratore keeps), not whoever can open the act.
pub fn check_copy_official(
    username: &str,
    authorised: &[String],
) -> Result<(), crate::iter::Refusal> {
    if authorised.iter().any(|a| a == username) {
        return Ok(());
    }
    Err(crate::iter::Refusal {
        reason: crate::iter::RefusalReason::Forbidden,
        message: format!(
            "l'utente {username} non è tra i funzionari che il Comune autorizza ad attestare la conformità delle copie (art. 23 CAD): l'amministratore li indica in Impostazioni › Fiducia e autorizzazioni"
        ),
    })
}

/// Whether a user with `role` may start and edit a draft of `kind`.
///
/// Drafting follows who writes each act in a Comune: verbali are written by the agente
/// accertatore; decreti by the segreteria or the sindaco; the other acts by the offices
/// (istruttori and dirigenti, the ragioneria included) and, for delibere, the segretario.
pub fn may_draft(role: Role, kind: crate::ActKind) -> bool {
    use crate::ActKind::*;
    match kind {
        VerbalePl => role == Role::Agente,
        Decreto => matches!(role, Role::Istruttore | Role::Segretario | Role::Sindaco),
        Ordinanza => matches!(role, Role::Istruttore | Role::Dirigente | Role::Sindaco),
        Determinazione => matches!(role, Role::Istruttore | Role::Dirigente | Role::Ragioniere),
        DeliberaGiunta | DeliberaConsiglio => matches!(
            role,
            Role::Istruttore | Role::Dirigente | Role::Ragioniere | Role::Segretario
        ),
    }
}
