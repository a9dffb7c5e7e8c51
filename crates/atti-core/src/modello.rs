//! Modelli: the standard acts of an office («Visti», «Richiamati», the usual dispositivo and
//! impegni), from which «Nuovo atto» starts. The office's dirigente manages them (the
//! segretario, who drafts for every office, too); everyone in the office uses them. On a real
//! Comune they travel through the document server as a history of facts per office (saved,
//! deleted), each checked here on every PC alike.

use crate::act::{DispositivoPoint, Impegno, Section};
use crate::iter::{Actor, Refusal, RefusalReason};
use crate::validate::{FieldError, ValidationError};
use crate::{Act, ActKind, Role};
use serde::{Deserialize, Serialize};

/// Longest name of a modello, in characters.
pub const MAX_NOME_CHARS: usize = 120;

/// A standard act of an office: what a new draft of its kind starts with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Modello {
    /// Its name, as the clerk chooses it («Affidamento diretto sotto 5.000 euro»).
    pub nome: String,
    /// The kind of act it writes.
    pub kind: ActKind,
    /// The office whose modello it is.
    pub office: String,
    /// The oggetto, to be completed.
    pub oggetto: String,
    /// The premesse.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The dispositivo.
    #[serde(default)]
    pub dispositivo: Vec<DispositivoPoint>,
    /// The usual impegni (their esercizio becomes the year of the new draft).
    #[serde(default)]
    pub impegni: Vec<Impegno>,
}

/// What happens to an office's modelli: the facts of their history on the document server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fatto", rename_all = "kebab-case")]
pub enum ModelloFatto {
    /// Saved (new, or replacing the one with its kind and name).
    Salvato {
        /// The modello.
        modello: Modello,
    },
    /// Deleted.
    Eliminato {
        /// Its kind.
        kind: ActKind,
        /// Its name.
        nome: String,
    },
}

impl ModelloFatto {
    /// The office whose modelli it changes.
    pub fn office(&self) -> Option<&str> {
        match self {
            ModelloFatto::Salvato { modello } => Some(&modello.office),
            ModelloFatto::Eliminato { .. } => None,
        }
    }
}

/// Whether `actor` may save or delete the modelli of `office`: its dirigente, or the segretario.
pub fn check_may_manage(actor: Actor<'_>, office: &str) -> Result<(), Refusal> {
    let ok = actor.role == Role::Segretario
        || (actor.role == Role::Dirigente && actor.office == Some(office));
    if ok {
        return Ok(());
    }
    Err(Refusal {
        reason: RefusalReason::Forbidden,
        message: format!(
            "i modelli dell'ufficio {office} li cura il suo dirigente: l'utente {} ({}) non può cambiarli",
            actor.username,
            actor.role.label().to_lowercase()
        ),
    })
}

/// Whether `actor` may save the text of `act` as a modello of its office (not a verbale).
pub fn check_may_save_from(act: &Act, actor: Actor<'_>) -> Result<(), Refusal> {
    if act.kind == ActKind::VerbalePl {
        return Err(Refusal {
            reason: RefusalReason::WrongState,
            message: NO_VERBALE.to_string(),
        });
    }
    check_may_manage(actor, &act.office)
}

/// Why a verbale has no modelli.
const NO_VERBALE: &str =
    "un verbale della Polizia locale non ha modelli: ogni accertamento si redige a sé";

/// Whether `modello` is well formed: a name, a kind with a text of its own (not a verbale),
/// and content that a draft of its kind may hold.
pub fn validate(modello: &Modello) -> Result<(), ValidationError> {
    let mut errors = Vec::new();
    let nome = modello.nome.trim();
    if nome.is_empty() {
        errors.push(FieldError {
            field: "nome".into(),
            message: "il nome del modello è obbligatorio".into(),
        });
    } else if nome.chars().count() > MAX_NOME_CHARS {
        errors.push(FieldError {
            field: "nome".into(),
            message: format!("il nome del modello supera i {MAX_NOME_CHARS} caratteri"),
        });
    }
    if modello.kind == ActKind::VerbalePl {
        errors.push(FieldError {
            field: "kind".into(),
            message: NO_VERBALE.into(),
        });
    } else if let Err(e) =
        crate::validate::validate_act(&content(modello, Act::new(modello.kind, ""), 2000))
    {
        // An empty oggetto is fine in a modello: the clerk completes it.
        errors.extend(e.0.into_iter().filter(|e| e.field != "oggetto"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ValidationError(errors))
    }
}

/// The new `draft` (as created: id, office, state) with the content of `modello`, its impegni
/// in the budget year `year`.
pub fn content(modello: &Modello, draft: Act, year: u16) -> Act {
    Act {
        oggetto: modello.oggetto.clone(),
        sections: modello.sections.clone(),
        dispositivo: modello.dispositivo.clone(),
        impegni: modello
            .impegni
            .iter()
            .map(|i| Impegno {
                esercizio: year,
                ..i.clone()
            })
            .collect(),
        ..draft
    }
}

/// A modello named `nome` from the text of `act` (its office's, its kind).
pub fn from_act(act: &Act, nome: &str) -> Modello {
    Modello {
        nome: nome.trim().to_string(),
        kind: act.kind,
        office: act.office.clone(),
        oggetto: act.oggetto.clone(),
        sections: act.sections.clone(),
        dispositivo: act.dispositivo.clone(),
        impegni: act.impegni.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::act::SectionKind;

    fn affidamento() -> Modello {
        Modello {
            nome: "Affidamento diretto".into(),
            kind: ActKind::Determinazione,
            office: "TEC".into(),
            oggetto: "Affidamento diretto del servizio di …".into(),
            sections: vec![Section {
                kind: SectionKind::Visto,
                text: "il D.Lgs. 36/2023, art. 50, comma 1, lettera b);".into(),
            }],
            dispositivo: vec![DispositivoPoint {
                text: "di affidare il servizio alla ditta …;".into(),
            }],
            impegni: vec![Impegno {
                esercizio: 2025,
                capitolo: "1043.02".into(),
                importo_centesimi: 0,
                beneficiario: String::new(),
                cig: None,
                cup: None,
                sovvenzione: None,
            }],
        }
    }

    #[test]
    fn the_offices_dirigente_and_the_segretario_manage_its_modelli() {
        let actor = |role, office| Actor {
            username: "u",
            role,
            office,
        };
        assert!(check_may_manage(actor(Role::Dirigente, Some("TEC")), "TEC").is_ok());
        assert!(check_may_manage(actor(Role::Segretario, None), "TEC").is_ok());
        assert!(check_may_manage(actor(Role::Dirigente, Some("RAG")), "TEC").is_err());
        let refused = check_may_manage(actor(Role::Istruttore, Some("TEC")), "TEC")
            .expect_err("an istruttore uses modelli, does not change them");
        assert_eq!(refused.reason, RefusalReason::Forbidden);
    }

    #[test]
    fn a_modello_needs_a_name_and_content_its_kind_may_hold() {
        assert!(validate(&affidamento()).is_ok());
        let fields = |m: &Modello| {
            validate(m)
                .err()
                .map(|e| e.0.into_iter().map(|e| e.field).collect::<Vec<_>>())
                .unwrap_or_default()
        };
        assert_eq!(
            fields(&Modello {
                nome: " ".into(),
                ..affidamento()
            }),
            ["nome"]
        );
        assert_eq!(
            fields(&Modello {
                kind: ActKind::Decreto,
                ..affidamento()
            }),
            ["impegni"]
        );
        assert_eq!(
            fields(&Modello {
                kind: ActKind::VerbalePl,
                ..affidamento()
            }),
            ["kind"]
        );
    }

    #[test]
    fn a_draft_from_a_modello_has_its_text_and_the_impegni_in_this_years_budget() {
        let draft = content(&affidamento(), Act::new(ActKind::Determinazione, ""), 2026);
        assert_eq!(draft.oggetto, "Affidamento diretto del servizio di …");
        assert_eq!(draft.sections.len(), 1);
        assert_eq!(draft.impegni[0].esercizio, 2026);
        assert_eq!(from_act(&draft, " Nuovo ").nome, "Nuovo");
    }
}
