//! The archiviazione of a verbale (art. 386 Reg. CdS, D.P.R. 495/1992): the comandante of the
//! Polizia locale closes a verbale that must not go on with a provvedimento of their own,
//! reasoned and signed. The verbale keeps its number in the register, archived; nothing is
//! owed on it. The step «archivia» of the iter takes this provvedimento, and [`check`] holds
//! its reasons to the facts the core knows.

use crate::{Act, ActState};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The shortest reasons a provvedimento may give, in characters.
pub const MOTIVAZIONE_MIN: usize = 20;

/// Why a verbale is archived.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum MotivoArchiviazione {
    /// The vehicle or the party was identified wrongly (a plate misread, another owner).
    ErroreIdentificazione,
    /// The vehicle had been stolen, with a report made before the violation.
    VeicoloRubato,
    /// The verbale was not notified within its term: the obligation to pay is extinguished
    /// (art. 201 c.5 CdS).
    TermineScaduto,
    /// The party died: the obligation does not pass to the heirs (art. 7 L. 689/1981).
    Decesso,
    /// Another verbale records the same violation.
    Duplicato,
    /// Another reason, written in the provvedimento.
    Altro,
}

impl MotivoArchiviazione {
    /// Every reason.
    pub const ALL: [MotivoArchiviazione; 6] = [
        MotivoArchiviazione::ErroreIdentificazione,
        MotivoArchiviazione::VeicoloRubato,
        MotivoArchiviazione::TermineScaduto,
        MotivoArchiviazione::Decesso,
        MotivoArchiviazione::Duplicato,
        MotivoArchiviazione::Altro,
    ];

    /// The contract name.
    pub fn slug(self) -> &'static str {
        match self {
            MotivoArchiviazione::ErroreIdentificazione => "errore-identificazione",
            MotivoArchiviazione::VeicoloRubato => "veicolo-rubato",
            MotivoArchiviazione::TermineScaduto => "termine-scaduto",
            MotivoArchiviazione::Decesso => "decesso",
            MotivoArchiviazione::Duplicato => "duplicato",
            MotivoArchiviazione::Altro => "altro",
        }
    }

    /// Parses a contract name.
    pub fn from_slug(slug: &str) -> Option<MotivoArchiviazione> {
        MotivoArchiviazione::ALL
            .into_iter()
            .find(|m| m.slug() == slug)
    }

    /// As the provvedimento and the register say it.
    pub fn label(self) -> &'static str {
        match self {
            MotivoArchiviazione::ErroreIdentificazione => {
                "errore nell'identificazione del veicolo o del trasgressore"
            }
            MotivoArchiviazione::VeicoloRubato => {
                "veicolo oggetto di furto denunciato prima della violazione"
            }
            MotivoArchiviazione::TermineScaduto => {
                "verbale non notificato nel termine: obbligazione estinta (art. 201 c.5 CdS)"
            }
            MotivoArchiviazione::Decesso => {
                "decesso del trasgressore: l'obbligazione non si trasmette agli eredi (art. 7 L. 689/1981)"
            }
            MotivoArchiviazione::Duplicato => "violazione già accertata con altro verbale",
            MotivoArchiviazione::Altro => "altro motivo, indicato nella motivazione",
        }
    }
}

/// The provvedimento of archiviazione: its reason and the reasons written out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Archiviazione {
    /// Why.
    pub motivo: MotivoArchiviazione,
    /// The reasons, as the provvedimento gives them (the facts, the documents seen).
    pub motivazione: String,
}

/// What keeps `a` from archiving `act` on `today`, in Italian; empty when nothing does.
pub fn problems(act: &Act, a: &Archiviazione, today: Date) -> Vec<String> {
    let mut out = Vec::new();
    if a.motivazione.trim().chars().count() < MOTIVAZIONE_MIN {
        out.push(format!(
            "il provvedimento di archiviazione è motivato (art. 3 L. 241/1990): scrivi i fatti e i documenti esaminati, in almeno {MOTIVAZIONE_MIN} caratteri"
        ));
    }
    if a.motivo == MotivoArchiviazione::TermineScaduto {
        let waiting = act.state == ActState::Firmata;
        match crate::verbale::giorni_per_notificare(act, today) {
            Some(days) if days < 0 => {}
            Some(days) => out.push(format!(
                "il termine per la notifica non è scaduto: restano {days} giorni per notificare il verbale"
            )),
            None if waiting => out.push(
                "il verbale è stato contestato sul posto o non ha la data della violazione: non ha un termine di notifica scaduto"
                    .into(),
            ),
            None => out.push(format!(
                "il verbale è «{}»: non ha un termine di notifica scaduto",
                act.state.label().to_lowercase()
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ActKind, VerbalePl};
    use jiff::civil::date;

    fn verbale(state: ActState) -> Act {
        let mut act = Act::new(ActKind::VerbalePl, "Divieto di sosta");
        act.state = state;
        act.verbale = Some(VerbalePl {
            data: Some(date(2026, 1, 10)),
            mancata_contestazione: Some(crate::verbale::MancataContestazione::D),
            ..VerbalePl::default()
        });
        act
    }

    fn archiviazione(motivo: MotivoArchiviazione) -> Archiviazione {
        Archiviazione {
            motivo,
            motivazione: "Targa letta in modo errato: il veicolo è di altra marca.".into(),
        }
    }

    #[test]
    fn the_reasons_are_written_out() {
        let mut a = archiviazione(MotivoArchiviazione::Altro);
        assert!(problems(&verbale(ActState::Firmata), &a, date(2026, 1, 20)).is_empty());
        a.motivazione = "  errore  ".into();
        let p = problems(&verbale(ActState::Firmata), &a, date(2026, 1, 20));
        assert!(p[0].contains("motivato"), "{p:?}");
    }

    #[test]
    fn an_expired_term_is_a_reason_only_once_it_expired_on_a_verbale_not_notified() {
        let a = archiviazione(MotivoArchiviazione::TermineScaduto);
        let firmata = verbale(ActState::Firmata);
        // Identified on 10/1/2026: the last day is 10/4/2026.
        let p = problems(&firmata, &a, date(2026, 4, 10));
        assert!(p[0].contains("restano 0 giorni"), "{p:?}");
        assert!(problems(&firmata, &a, date(2026, 4, 11)).is_empty());
        let p = problems(&verbale(ActState::Notificata), &a, date(2026, 6, 1));
        assert!(p[0].contains("«notificata»"), "{p:?}");
        let mut contestato = verbale(ActState::Firmata);
        if let Some(v) = contestato.verbale.as_mut() {
            v.mancata_contestazione = None;
        }
        let p = problems(&contestato, &a, date(2026, 6, 1));
        assert!(p[0].contains("contestato sul posto"), "{p:?}");
    }

    #[test]
    fn slugs_round_trip() {
        for m in MotivoArchiviazione::ALL {
            assert_eq!(MotivoArchiviazione::from_slug(m.slug()), Some(m));
            let json = serde_json::to_string(&m).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", m.slug()));
        }
    }
}
