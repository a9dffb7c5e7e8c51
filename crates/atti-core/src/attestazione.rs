//! The attestations signed after an act's publication, each a document of its own signed once:
//! the **referto di pubblicazione**, by who is responsible for the albo (the messo, or the
//! segretario), that the act stood on the albo pretorio online for its whole period (art. 124
//! TUEL, art. 32 L. 69/2009); and, for a delibera, the **certificato di esecutività**, by the
//! segretario, with the day it became executive and why (art. 134 c.3: the 11th day of
//! publication; c.4: declared immediately executable). What they say is decided here, from
//! the act's facts: the caller renders it and signs, never composes it.

use crate::albo::Periodo;
use crate::iter::{IterFacts, Refusal, RefusalReason};
use crate::{Act, ActState, Role};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Which attestation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum Attestazione {
    /// The referto di pubblicazione.
    Referto,
    /// The certificato di esecutività of a delibera.
    Esecutivita,
}

/// What an attestation attests, as decided by [`check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contenuto {
    /// The act stood on the albo for the whole `periodo`, as the law `norma` asks.
    Pubblicazione {
        /// From its first to its last day.
        periodo: Periodo,
        /// The rule of its publication (art. 124 c.1 TUEL, …).
        norma: String,
    },
    /// The delibera is executive from `giorno`.
    Esecutivita {
        /// The day it became executive.
        giorno: Date,
        /// Declared immediately executable (art. 134 c.4) rather than executive on the
        /// 11th day of publication (art. 134 c.3).
        immediata: bool,
    },
}

impl Attestazione {
    /// Both, in the order they come.
    pub const ALL: [Attestazione; 2] = [Attestazione::Esecutivita, Attestazione::Referto];

    /// Its name in files and on the command line.
    pub fn slug(self) -> &'static str {
        match self {
            Attestazione::Referto => "referto",
            Attestazione::Esecutivita => "esecutivita",
        }
    }

    /// Its title.
    pub fn label(self) -> &'static str {
        match self {
            Attestazione::Referto => "Referto di pubblicazione",
            Attestazione::Esecutivita => "Certificato di esecutività",
        }
    }

    /// The roles that sign it: who publishes signs the referto, the segretario certifies
    /// the esecutività (art. 97 c.4 TUEL).
    pub fn firmatari(self) -> &'static [Role] {
        match self {
            Attestazione::Referto => &[Role::Messo, Role::Segretario],
            Attestazione::Esecutivita => &[Role::Segretario],
        }
    }

    /// Whether an act of `kind` has it: the referto every kind that goes on the albo, the
    /// certificato di esecutività the delibere (art. 134 TUEL).
    pub fn applies_to(self, kind: crate::ActKind) -> bool {
        match self {
            Attestazione::Referto => crate::albo::regola_del_tipo(kind).is_some(),
            Attestazione::Esecutivita => kind.is_delibera(),
        }
    }

    /// The part of the act's signed files that is its signed document.
    pub fn part(self) -> String {
        format!("attestazione:{}", self.slug())
    }
}

impl Contenuto {
    /// The law it attests by.
    pub fn norma(&self) -> &str {
        match self {
            Contenuto::Pubblicazione { norma, .. } => norma.as_str(),
            Contenuto::Esecutivita {
                immediata: true, ..
            } => "art. 134 c.4 TUEL",
            Contenuto::Esecutivita { .. } => "art. 134 c.3 TUEL",
        }
    }
}

/// What `role` would attest with `tipo` on `act` now, or why not: the referto once the act's
/// period on the albo is over (from the day of its defissione); the certificato once the
/// delibera is executive. Each is signed once (`firmata`: it already is).
pub fn check(
    tipo: Attestazione,
    act: &Act,
    facts: &IterFacts,
    role: Role,
    firmata: bool,
) -> Result<Contenuto, Refusal> {
    let refuse = |reason, message: String| Refusal { reason, message };
    if firmata {
        return Err(refuse(
            RefusalReason::WrongState,
            format!(
                "il {} di questo atto è già firmato",
                tipo.label().to_lowercase()
            ),
        ));
    }
    if !tipo.firmatari().contains(&role) {
        let who: Vec<&str> = tipo.firmatari().iter().map(|r| r.label()).collect();
        return Err(refuse(
            RefusalReason::Forbidden,
            format!(
                "il {} spetta a: {}",
                tipo.label().to_lowercase(),
                who.join(" o ")
            ),
        ));
    }
    let periodo = facts
        .publication_start
        .and_then(|start| Periodo::of(act, start));
    match tipo {
        Attestazione::Referto => {
            let (Some(periodo), Some(regola)) = (periodo, crate::albo::regola(act)) else {
                return Err(refuse(
                    RefusalReason::WrongState,
                    format!(
                        "{} non è stato pubblicato all'albo",
                        act.kind.with_article()
                    ),
                ));
            };
            if !periodo.da_defiggere(facts.today) {
                return Err(refuse(
                    RefusalReason::Guard,
                    format!(
                        "il referto si firma a pubblicazione finita: l'atto resta all'albo fino al {}",
                        periodo.fine.strftime("%d/%m/%Y")
                    ),
                ));
            }
            Ok(Contenuto::Pubblicazione {
                periodo,
                norma: regola.norma,
            })
        }
        Attestazione::Esecutivita => {
            if !tipo.applies_to(act.kind) {
                return Err(refuse(
                    RefusalReason::WrongState,
                    "il certificato di esecutività è delle deliberazioni (art. 134 TUEL)".into(),
                ));
            }
            let immediata = facts
                .seduta
                .as_ref()
                .is_some_and(|s| s.immediatamente_eseguibile);
            let giorno = crate::iter::key_dates(act, facts).esecutivita;
            match giorno {
                Some(giorno) if act.state == ActState::Esecutiva => {
                    Ok(Contenuto::Esecutivita { giorno, immediata })
                }
                _ => Err(refuse(
                    RefusalReason::WrongState,
                    format!(
                        "la deliberazione non è esecutiva (stato «{}»): il certificato si firma quando lo è",
                        act.state.label()
                    ),
                )),
            }
        }
    }
}

/// The attestations `role` has to sign on `act` now (none is signed yet among `firmate`).
pub fn dovute(
    act: &Act,
    facts: &IterFacts,
    role: Role,
    firmate: &[Attestazione],
) -> Vec<(Attestazione, Contenuto)> {
    Attestazione::ALL
        .into_iter()
        .filter_map(|tipo| {
            check(tipo, act, facts, role, firmate.contains(&tipo))
                .ok()
                .map(|c| (tipo, c))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ActKind;
    use jiff::civil::date;

    fn published(kind: ActKind, state: ActState, today: Date) -> (Act, IterFacts) {
        let mut act = Act::new(kind, "Oggetto");
        act.state = state;
        let facts = IterFacts {
            pareri: Vec::new(),
            signed_by: Vec::new(),
            seduta: None,
            adoption: Some(date(2026, 12, 1)),
            publication_start: Some(date(2026, 12, 2)),
            numbered: true,
            today,
        };
        (act, facts)
    }

    #[test]
    fn the_referto_is_signed_by_who_publishes_from_the_day_after_the_last_day() {
        let last = date(2026, 12, 16);
        let (act, facts) = published(ActKind::Determinazione, ActState::Pubblicata, last);
        let refusal = check(Attestazione::Referto, &act, &facts, Role::Messo, false)
            .expect_err("still on the albo");
        assert_eq!(refusal.reason, RefusalReason::Guard);
        assert!(refusal.message.contains("fino al 16/12/2026"), "{refusal}");
        let facts = IterFacts {
            today: last.tomorrow().expect("day 16"),
            ..facts
        };
        let contenuto = check(Attestazione::Referto, &act, &facts, Role::Messo, false)
            .expect("day 16: the referto");
        assert_eq!(
            contenuto,
            Contenuto::Pubblicazione {
                periodo: Periodo {
                    inizio: date(2026, 12, 2),
                    fine: last
                },
                norma: "art. 124 TUEL e art. 32 L. 69/2009".into(),
            }
        );
        assert!(check(Attestazione::Referto, &act, &facts, Role::Segretario, false).is_ok());
        let refusal = check(Attestazione::Referto, &act, &facts, Role::Dirigente, false)
            .expect_err("not who publishes");
        assert_eq!(refusal.reason, RefusalReason::Forbidden);
        let refusal =
            check(Attestazione::Referto, &act, &facts, Role::Messo, true).expect_err("once");
        assert_eq!(refusal.reason, RefusalReason::WrongState);
        let unpublished = IterFacts {
            publication_start: None,
            ..facts.clone()
        };
        assert!(
            check(
                Attestazione::Referto,
                &act,
                &unpublished,
                Role::Messo,
                false
            )
            .is_err()
        );
        assert_eq!(
            dovute(&act, &facts, Role::Messo, &[]),
            vec![(Attestazione::Referto, contenuto.clone())]
        );
        assert!(dovute(&act, &facts, Role::Messo, &[Attestazione::Referto]).is_empty());
    }

    #[test]
    fn the_certificato_is_the_segretarios_and_says_day_11_or_the_day_of_adoption() {
        let (act, facts) = published(
            ActKind::DeliberaGiunta,
            ActState::Pubblicata,
            date(2026, 12, 12),
        );
        let refusal = check(
            Attestazione::Esecutivita,
            &act,
            &facts,
            Role::Segretario,
            false,
        )
        .expect_err("not executive yet");
        assert_eq!(refusal.reason, RefusalReason::WrongState);
        let act = Act {
            state: ActState::Esecutiva,
            ..act
        };
        let contenuto = check(
            Attestazione::Esecutivita,
            &act,
            &facts,
            Role::Segretario,
            false,
        )
        .expect("executive");
        // Published on 2 December: day 11 is 12 December.
        assert_eq!(
            contenuto,
            Contenuto::Esecutivita {
                giorno: date(2026, 12, 12),
                immediata: false
            }
        );
        assert_eq!(contenuto.norma(), "art. 134 c.3 TUEL");
        let refusal = check(Attestazione::Esecutivita, &act, &facts, Role::Messo, false)
            .expect_err("the segretario's");
        assert_eq!(refusal.reason, RefusalReason::Forbidden);
        // Declared immediately executable (art. 134 c.4): executive from the session's day.
        let immediata = IterFacts {
            seduta: Some(crate::iter::Seduta {
                data: date(2026, 12, 1),
                presenti: 5,
                favorevoli: 5,
                contrari: 0,
                astenuti: 0,
                immediatamente_eseguibile: true,
                componenti: Some(5),
                voto_immediata: None,
                record: None,
            }),
            ..facts.clone()
        };
        let contenuto = check(
            Attestazione::Esecutivita,
            &act,
            &immediata,
            Role::Segretario,
            false,
        )
        .expect("executive at once");
        assert_eq!(
            contenuto,
            Contenuto::Esecutivita {
                giorno: date(2026, 12, 1),
                immediata: true
            }
        );
        assert_eq!(contenuto.norma(), "art. 134 c.4 TUEL");
        let (det, det_facts) = published(
            ActKind::Determinazione,
            ActState::Esecutiva,
            date(2026, 12, 12),
        );
        assert!(
            check(
                Attestazione::Esecutivita,
                &det,
                &det_facts,
                Role::Segretario,
                false
            )
            .is_err()
        );
    }
}
