//! Who may write the text of an act, and until when: a role drafts the kinds it writes
//! ([`crate::role::may_draft`]), and only before adoption; afterwards, a correction is a new
//! act (rettifica).

use crate::iter::{Refusal, RefusalReason};
use crate::{Act, ActKind, Role};

/// Whether `role` (user `username`) writes acts of `kind`.
pub fn check_may_draft(role: Role, username: &str, kind: ActKind) -> Result<(), Refusal> {
    if crate::role::may_draft(role, kind) {
        return Ok(());
    }
    Err(Refusal {
        reason: RefusalReason::Forbidden,
        message: format!(
            "l'utente {username} ({}) non può redigere atti di tipo «{}»",
            role.label().to_lowercase(),
            kind.label()
        ),
    })
}

/// Whether the text of `act` may still change: only before adoption.
pub fn check_editable(act: &Act) -> Result<(), Refusal> {
    if act.state.is_editable() {
        return Ok(());
    }
    let id = act.id.map(|i| i.to_string()).unwrap_or_default();
    let message = match act.numero.as_deref() {
        Some(numero) => format!(
            "l'atto {id} è adottato (n. {numero}) e non può più essere modificato: per \
             correggerlo si crea un atto di rettifica"
        ),
        None => format!(
            "l'atto {id} è nello stato «{}» e il testo non si modifica più: se serve, va \
             restituito per modifiche",
            act.state.label()
        ),
    };
    Err(Refusal {
        reason: RefusalReason::WrongState,
        message,
    })
}

/// How an adopted act is corrected: always by a new act of the same kind, linked to it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum Correzione {
    /// A rettifica: the new act starts from the content of the original, to be corrected.
    Rettifica,
    /// An annullamento in autotutela: the new act annuls the original, and is written anew.
    Annullamento,
}

impl Correzione {
    /// Every kind of correction.
    pub const ALL: [Correzione; 2] = [Correzione::Rettifica, Correzione::Annullamento];

    /// The contract name.
    pub fn slug(self) -> &'static str {
        match self {
            Correzione::Rettifica => "rettifica",
            Correzione::Annullamento => "annullamento",
        }
    }

    /// Parses a contract name.
    pub fn from_slug(s: &str) -> Option<Correzione> {
        Correzione::ALL.into_iter().find(|c| c.slug() == s)
    }

    /// The oggetto of the correcting act of act n. `numero` with `oggetto` (cut to the
    /// longest oggetto allowed).
    pub fn oggetto(self, numero: &str, oggetto: &str) -> String {
        let text = match self {
            Correzione::Rettifica => format!("Rettifica dell'atto n. {numero}: {oggetto}"),
            Correzione::Annullamento => {
                format!("Annullamento in autotutela dell'atto n. {numero}: {oggetto}")
            }
        };
        text.chars()
            .take(crate::validate::MAX_OGGETTO_CHARS)
            .collect()
    }

    /// Whether the correcting act starts from the content of the original.
    pub fn copies_content(self) -> bool {
        self == Correzione::Rettifica
    }
}

/// Whether an act may be corrected: only once adopted (it has its final number); before, its
/// text is changed directly.
pub fn check_correctable(act: &Act, numero: Option<&str>) -> Result<(), Refusal> {
    if numero.is_some() {
        return Ok(());
    }
    let id = act.id.map(|i| i.to_string()).unwrap_or_default();
    Err(Refusal {
        reason: RefusalReason::WrongState,
        message: format!(
            "l'atto {id} non è ancora adottato: si modifica direttamente, senza rettifica"
        ),
    })
}

/// Whether `actor` may start a correction (rettifica or annullamento in autotutela) of `act`:
/// who drafts acts of its kind, in the office that adopted it (the segretario, who drafts for
/// every office, on any).
pub fn check_may_correct(act: &Act, actor: crate::iter::Actor<'_>) -> Result<(), Refusal> {
    check_may_draft(actor.role, actor.username, act.kind)?;
    if actor.role == Role::Segretario || actor.office == Some(act.office.as_str()) {
        return Ok(());
    }
    Err(Refusal {
        reason: RefusalReason::Forbidden,
        message: format!(
            "la correzione di un atto dell'ufficio {} la avvia chi lo redige in quell'ufficio: l'utente {} è {}",
            act.office,
            actor.username,
            match actor.office {
                Some(o) => format!("dell'ufficio {o}"),
                None => "senza ufficio".to_string(),
            }
        ),
    })
}

/// Whether `role` may change the text of `act` now (what the editor shows as editable).
pub fn may_edit(act: &Act, role: Role) -> bool {
    check_editable(act).is_ok() && check_may_draft(role, "", act.kind).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ActState;

    #[test]
    fn a_correction_is_started_in_the_office_that_adopted_the_act() {
        let act = Act {
            office: "TEC".into(),
            ..Act::new(ActKind::Determinazione, "Acquisto di arredi")
        };
        let actor = |role, office| crate::iter::Actor {
            username: "u",
            role,
            office,
        };
        assert!(check_may_correct(&act, actor(Role::Istruttore, Some("TEC"))).is_ok());
        assert!(check_may_correct(&act, actor(Role::Dirigente, Some("TEC"))).is_ok());
        // The ragioniere drafts determinazioni, but not this office's.
        let other = check_may_correct(&act, actor(Role::Ragioniere, Some("RAG")));
        assert!(other.is_err_and(|r| r.message.contains("dell'ufficio RAG")));
        // Who drafts no determinazione corrects none.
        assert!(check_may_correct(&act, actor(Role::Sindaco, Some("TEC"))).is_err());
    }

    #[test]
    fn the_text_changes_only_before_adoption_and_only_for_its_drafters() {
        for kind in ActKind::ALL {
            for state in ActState::ALL {
                let mut act = Act::new(kind, "Prova");
                act.state = state;
                for role in Role::ALL {
                    assert_eq!(
                        may_edit(&act, role),
                        state.is_editable() && crate::role::may_draft(role, kind),
                        "{kind:?} {state:?} {role:?}"
                    );
                }
            }
        }
        let mut adopted = Act::new(ActKind::Determinazione, "Prova");
        adopted.state = ActState::Esecutiva;
        adopted.numero = Some("3/2026".into());
        let refusal = check_editable(&adopted).err().map(|r| r.message);
        assert!(refusal.is_some_and(|m| m.contains("(n. 3/2026)") && m.contains("rettifica")));
        assert_eq!(
            check_may_draft(Role::Agente, "agente", ActKind::Decreto)
                .err()
                .map(|r| r.message)
                .as_deref(),
            Some(
                "l'utente agente (agente di polizia locale) non può redigere atti di tipo «Decreto sindacale»"
            )
        );
    }
}
