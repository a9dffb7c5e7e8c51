//! The notification of a verbale (art. 201 CdS): by PEC to the party's domicilio digitale (DM
//! Interno 18 dicembre 2017) or by post as atti giudiziari (L. 890/1982). Its two days:
//! the notification is done **for the Comune** on the day it leaves (the PEC provider's
//! ricevuta di accettazione, the postal dispatch), which must be within the term of art. 201
//! c.1, and **for the party** on the day it reaches them (the ricevuta di avvenuta consegna,
//! the return receipt, or the compiuta giacenza ten days after the notice of deposit: art. 8
//! L. 890/1982), from which their terms to pay and to appeal run.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// How a verbale is notified.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum Mezzo {
    /// By PEC, to the domicilio digitale.
    Pec,
    /// By post, as atti giudiziari with return receipt.
    Posta,
}

impl Mezzo {
    /// Every way, PEC first.
    pub const ALL: [Mezzo; 2] = [Mezzo::Pec, Mezzo::Posta];

    /// The contract name.
    pub fn slug(self) -> &'static str {
        match self {
            Mezzo::Pec => "pec",
            Mezzo::Posta => "posta",
        }
    }

    /// Parses a contract name.
    pub fn from_slug(slug: &str) -> Option<Mezzo> {
        Mezzo::ALL.into_iter().find(|m| m.slug() == slug)
    }

    /// As the register and the verbale say it.
    pub fn label(self) -> &'static str {
        match self {
            Mezzo::Pec => "PEC",
            Mezzo::Posta => "posta (atti giudiziari)",
        }
    }
}

/// A receipt that proves a notification by PEC: the provider's signed message, as read from
/// the Comune's mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRicevuta {
    /// "accettazione" or "avvenuta-consegna".
    pub tipo: String,
    /// The message (base64 on the wire).
    #[serde(with = "crate::event::base64_bytes")]
    pub bytes: Vec<u8>,
}

/// A notification done: what the step «notifica» of a verbale records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notificazione {
    /// PEC or post.
    pub mezzo: Mezzo,
    /// The PEC address, or the postal address, it was sent to.
    pub destinatario: String,
    /// The message's Message-ID, or the number of the raccomandata.
    pub riferimento: String,
    /// The day it left (done for the Comune).
    pub spedita_il: Date,
    /// The day it reached the party (done for them).
    pub consegnata_il: Date,
    /// Post only: not collected, done by compiuta giacenza.
    #[serde(default)]
    pub compiuta_giacenza: bool,
    /// PEC: the provider's receipts (accettazione and avvenuta consegna).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ricevute: Vec<FileRicevuta>,
}

/// The receipts that prove a notification by PEC, as the provider names them: the day it
/// left, the day it was delivered.
pub const RICEVUTE_PEC: [&str; 2] = ["accettazione", "avvenuta-consegna"];

/// Days after the notice of deposit when an uncollected registered letter counts as
/// delivered (art. 8 c.4 L. 890/1982).
pub const COMPIUTA_GIACENZA_GIORNI: i64 = 10;

/// Whether verbale `v` may be recorded as posted on `spedita_il`, on `today`: not in the
/// future, and within its term ([`crate::verbale::check_spedita`]). The error names the rule.
pub fn check_spedizione(v: &crate::VerbalePl, spedita_il: Date, today: Date) -> Result<(), String> {
    if spedita_il > today {
        return Err(format!(
            "la data di spedizione ({}) è futura",
            spedita_il.strftime("%d/%m/%Y")
        ));
    }
    crate::verbale::check_spedita(v, spedita_il)
}

/// What is wrong with a notification on `today`, in Italian (none: it may be recorded). The
/// term of art. 201 is the guard's (`iter.rs`), on [`Notificazione::spedita_il`].
pub fn problems(n: &Notificazione, today: Date) -> Vec<String> {
    let mut out = Vec::new();
    let day = |d: Date| d.strftime("%d/%m/%Y").to_string();
    if n.destinatario.trim().is_empty() {
        out.push("manca il destinatario della notifica".to_string());
    }
    if n.riferimento.trim().is_empty() {
        out.push(match n.mezzo {
            Mezzo::Pec => "manca l'identificativo del messaggio PEC".to_string(),
            Mezzo::Posta => "manca il numero della raccomandata".to_string(),
        });
    }
    if n.consegnata_il < n.spedita_il {
        out.push(format!(
            "la consegna ({}) non può precedere la spedizione ({})",
            day(n.consegnata_il),
            day(n.spedita_il)
        ));
    }
    if n.consegnata_il > today {
        out.push(format!(
            "la data di consegna ({}) è futura",
            day(n.consegnata_il)
        ));
    }
    match n.mezzo {
        Mezzo::Pec => {
            for tipo in RICEVUTE_PEC {
                if !n.ricevute.iter().any(|r| r.tipo == tipo) {
                    out.push(format!("manca la ricevuta PEC di {tipo}"));
                }
            }
            if n.compiuta_giacenza {
                out.push("la compiuta giacenza è solo della notifica per posta".to_string());
            }
        }
        Mezzo::Posta => {
            if !n.ricevute.is_empty() {
                out.push("le ricevute PEC sono solo della notifica via PEC".to_string());
            }
            let earliest = n
                .spedita_il
                .checked_add(jiff::Span::new().days(COMPIUTA_GIACENZA_GIORNI))
                .unwrap_or(Date::MAX);
            if n.compiuta_giacenza && n.consegnata_il < earliest {
                out.push(format!(
                    "la compiuta giacenza matura dopo {COMPIUTA_GIACENZA_GIORNI} giorni dall'avviso di deposito: non prima del {}",
                    day(earliest)
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn posta() -> Notificazione {
        Notificazione {
            mezzo: Mezzo::Posta,
            destinatario: "Via Roma 1, Torino".into(),
            riferimento: "RA 1234".into(),
            spedita_il: date(2026, 3, 1),
            consegnata_il: date(2026, 3, 4),
            compiuta_giacenza: false,
            ricevute: Vec::new(),
        }
    }

    #[test]
    fn a_notification_is_checked_before_it_is_recorded() {
        assert!(problems(&posta(), date(2026, 3, 4)).is_empty());
        let p = problems(&posta(), date(2026, 3, 3));
        assert!(p[0].contains("futura"), "{p:?}");
        let before = Notificazione {
            consegnata_il: date(2026, 2, 28),
            ..posta()
        };
        assert!(problems(&before, date(2026, 3, 4))[0].contains("precedere"));
        let giacenza = Notificazione {
            compiuta_giacenza: true,
            ..posta()
        };
        assert!(problems(&giacenza, date(2026, 3, 20))[0].contains("non prima del 11/03/2026"));
        let giacenza = Notificazione {
            consegnata_il: date(2026, 3, 11),
            ..giacenza
        };
        assert!(problems(&giacenza, date(2026, 3, 20)).is_empty());
        let pec = Notificazione {
            mezzo: Mezzo::Pec,
            ricevute: vec![FileRicevuta {
                tipo: "accettazione".into(),
                bytes: vec![1],
            }],
            ..posta()
        };
        let p = problems(&pec, date(2026, 3, 4));
        assert_eq!(
            p,
            vec!["manca la ricevuta PEC di avvenuta-consegna".to_string()]
        );
        let blank = Notificazione {
            destinatario: " ".into(),
            riferimento: String::new(),
            ..posta()
        };
        assert_eq!(problems(&blank, date(2026, 3, 4)).len(), 2);
    }
}
