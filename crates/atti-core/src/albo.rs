//! The albo pretorio online (art. 32 L. 69/2009, art. 124 TUEL): which acts are published,
//! for how long, when they leave the albo (defissione). Pure functions of civil dates: the
//! caller says what "today" is.

use crate::{Act, ActKind};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// How an act is published on the albo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regola {
    /// Consecutive days of publication, the first day counted.
    pub giorni: i64,
    /// The law that says so, as a clerk cites it.
    pub norma: String,
}

/// The longest publication an act may ask for, in days.
pub const GIORNI_MASSIMI: u16 = 365;

/// The rule of publication of an act of `kind`, or None for the acts that never go on the
/// albo: the verbali of the Polizia locale are notified to the offender, never published
/// (their data are personal data of a private person, art. 201 CdS).
pub fn regola_del_tipo(kind: ActKind) -> Option<Regola> {
    let giorni = crate::dates::PUBLICATION_DAYS;
    let norma = match kind {
        ActKind::DeliberaGiunta | ActKind::DeliberaConsiglio => "art. 124 c.1 TUEL",
        ActKind::Determinazione => "art. 124 TUEL e art. 32 L. 69/2009",
        ActKind::Ordinanza | ActKind::Decreto => "art. 32 L. 69/2009",
        ActKind::VerbalePl => return None,
    };
    Some(Regola {
        giorni,
        norma: norma.into(),
    })
}

/// The rule of publication of `act`: its kind's, or the longer one a law asks for it
/// ([`crate::PubblicazioneSpeciale`]); None if its kind is never published.
pub fn regola(act: &Act) -> Option<Regola> {
    let del_tipo = regola_del_tipo(act.kind)?;
    Some(match &act.pubblicazione {
        Some(p) => Regola {
            giorni: i64::from(p.giorni),
            norma: p.norma.trim().to_string(),
        },
        None => del_tipo,
    })
}

/// The period of a publication: from its first to its last day, both counted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(deny_unknown_fields)]
pub struct Periodo {
    /// The first day on the albo.
    #[ts(type = "string")]
    #[schemars(with = "String")]
    pub inizio: Date,
    /// The last day on the albo.
    #[ts(type = "string")]
    #[schemars(with = "String")]
    pub fine: Date,
}

impl Periodo {
    /// The period of `act` published from `inizio`, by its rule, or None if its kind is never
    /// published.
    pub fn of(act: &Act, inizio: Date) -> Option<Periodo> {
        let r = regola(act)?;
        Some(Periodo {
            inizio,
            fine: crate::dates::nth_day(inizio, r.giorni),
        })
    }

    /// Whether the act is on the albo on `day`.
    pub fn contains(&self, day: Date) -> bool {
        self.inizio <= day && day <= self.fine
    }

    /// Whether on `today` the act must have left the albo (defissione): the day after its
    /// last day.
    pub fn da_defiggere(&self, today: Date) -> bool {
        today > self.fine
    }

    /// "dal 01/12/2026 al 15/12/2026".
    pub fn label(&self) -> String {
        format!(
            "dal {} al {}",
            self.inizio.strftime("%d/%m/%Y"),
            self.fine.strftime("%d/%m/%Y")
        )
    }
}

/// Personal data found in an act's text (atti-docs' detector) that nobody marked riservato:
/// on the albo it would be read as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatoPersonale {
    /// The text found («Giovanni Esposito»).
    pub testo: String,
    /// What it looks like («nome di persona»).
    pub tipo: String,
}

/// Whether an act may go on the albo with the personal data found in it and not marked
/// (D.Lgs. 33/2013 art. 7-bis c.4; Garante, provv. 243/2014): only if who publishes confirms
/// each one by its text, having read it; otherwise the refusal names them.
pub fn check_dati_personali(
    found: &[DatoPersonale],
    confermati: &[String],
) -> Result<(), crate::iter::Refusal> {
    let missing: Vec<String> = found
        .iter()
        .filter(|d| !confermati.iter().any(|c| c.trim() == d.testo))
        .map(|d| format!("«{}» ({})", d.testo, d.tipo))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(crate::iter::Refusal {
        reason: crate::iter::RefusalReason::MissingInput,
        message: format!(
            "nel testo ci sono dati personali non oscurati: {}. Vanno oscurati nei dati riservati dell'atto, oppure chi pubblica conferma uno per uno che possono essere pubblicati",
            missing.join(", ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn every_kind_but_the_verbale_is_published_fifteen_days() {
        for kind in ActKind::ALL {
            let p = Periodo::of(&Act::new(kind, "Oggetto"), date(2026, 12, 20));
            if kind == ActKind::VerbalePl {
                assert_eq!(p, None);
                continue;
            }
            let p = p.expect("published");
            assert_eq!(p.fine, date(2027, 1, 3), "{kind:?}");
            assert!(p.contains(date(2026, 12, 20)) && p.contains(date(2027, 1, 3)));
            assert!(!p.contains(date(2026, 12, 19)) && !p.contains(date(2027, 1, 4)));
            // Day 15 it is still there; day 16 it leaves.
            assert!(!p.da_defiggere(date(2027, 1, 3)));
            assert!(p.da_defiggere(date(2027, 1, 4)));
        }
    }

    #[test]
    fn same_end_as_the_dates_rule() {
        let start = date(2028, 2, 20);
        let p =
            Periodo::of(&Act::new(ActKind::Determinazione, "Oggetto"), start).expect("published");
        assert_eq!(p.fine, crate::dates::publication_end(start));
        assert_eq!(p.label(), "dal 20/02/2028 al 05/03/2028");
    }

    #[test]
    fn a_law_may_ask_for_a_longer_publication() {
        let mut statuto = Act::new(
            ActKind::DeliberaConsiglio,
            "Modifica dello statuto comunale",
        );
        statuto.pubblicazione = Some(crate::PubblicazioneSpeciale {
            giorni: 30,
            norma: "art. 6 c.5 TUEL".into(),
        });
        let p = Periodo::of(&statuto, date(2026, 12, 20)).expect("published");
        assert_eq!(p.fine, date(2027, 1, 18), "30 days, both ends counted");
        assert_eq!(
            regola(&statuto).map(|r| r.norma),
            Some("art. 6 c.5 TUEL".into())
        );
        let verbale = Act {
            pubblicazione: statuto.pubblicazione.clone(),
            ..Act::new(ActKind::VerbalePl, "Verbale")
        };
        assert_eq!(regola(&verbale), None, "a verbale never, whatever it asks");
    }

    #[test]
    fn personal_data_go_on_the_albo_only_confirmed_one_by_one() {
        let found = [
            DatoPersonale {
                testo: "Giovanni Esposito".into(),
                tipo: "nome di persona".into(),
            },
            DatoPersonale {
                testo: "invalidità civile".into(),
                tipo: "dato sulla salute".into(),
            },
        ];
        assert!(check_dati_personali(&[], &[]).is_ok());
        let refusal = check_dati_personali(&found, &["Giovanni Esposito".into()])
            .expect_err("one is not confirmed");
        assert!(
            refusal
                .message
                .contains("«invalidità civile» (dato sulla salute)")
        );
        assert!(!refusal.message.contains("Esposito"));
        assert!(
            check_dati_personali(
                &found,
                &["invalidità civile".into(), " Giovanni Esposito ".into()]
            )
            .is_ok()
        );
    }
}
