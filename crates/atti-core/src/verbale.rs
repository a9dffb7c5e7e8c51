//! The verbale di accertamento of the Codice della Strada (D.Lgs. 285/1992, artt. 200-204-bis;
//! Reg. artt. 383-385): why a violation was not contested on the spot, the deadline of its
//! notification, what the offender pays and by when, where to appeal. Pure functions of civil
//! dates: the caller says what "today" is.

use crate::VerbalePl;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Days to notify a verbale not contested on the spot (art. 201 c.1 CdS).
pub const NOTIFICA_GIORNI: i64 = 90;
/// Days to notify when the party resides abroad (art. 201 c.1 CdS).
pub const NOTIFICA_GIORNI_ESTERO: i64 = 360;
/// Days to pay the reduced amount (art. 202 c.1 CdS: 30% off within five days).
pub const PAGAMENTO_RIDOTTO_GIORNI: i64 = 5;
/// Days to pay the ordinary amount, the minimum of the fine (art. 202 c.1 CdS).
pub const PAGAMENTO_GIORNI: i64 = 60;
/// Days to appeal to the Prefetto (art. 203 c.1 CdS).
pub const RICORSO_PREFETTO_GIORNI: i64 = 60;
/// Days to appeal to the Giudice di pace (art. 204-bis CdS, art. 7 D.Lgs. 150/2011).
pub const RICORSO_GIUDICE_GIORNI: i64 = 30;
/// Days for the owner to communicate who was driving, when points are taken (art. 126-bis
/// c.2 CdS).
pub const DATI_CONDUCENTE_GIORNI: i64 = 60;

/// Why a violation was not contested on the spot: the cases of art. 201 c.1-bis CdS, where
/// the law allows it, or another reason, which the verbale must state (c.1-ter).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum MancataContestazione {
    /// a) a vehicle too fast to be reached.
    A,
    /// b) a red light crossed.
    B,
    /// c) a forbidden overtaking.
    C,
    /// d) neither the offender nor the owner present.
    D,
    /// e) detected by the police's own devices.
    E,
    /// f) detected by the unattended devices of art. 4 D.L. 121/2002.
    F,
    /// g) access to a ZTL, pedestrian area or reserved lane detected by devices.
    G,
    /// g-bis) speed, distance or overtaking detected by approved devices.
    GBis,
    /// Another reason, written in the verbale (c.1-ter).
    Altro,
}

impl MancataContestazione {
    /// Every case, in the order of the law.
    pub const ALL: [MancataContestazione; 9] = [
        MancataContestazione::A,
        MancataContestazione::B,
        MancataContestazione::C,
        MancataContestazione::D,
        MancataContestazione::E,
        MancataContestazione::F,
        MancataContestazione::G,
        MancataContestazione::GBis,
        MancataContestazione::Altro,
    ];

    /// The case as the verbale states it.
    pub fn label(self) -> &'static str {
        match self {
            MancataContestazione::A => {
                "impossibilità di raggiungere un veicolo lanciato ad eccessiva velocità (art. 201 c.1-bis lett. a CdS)"
            }
            MancataContestazione::B => {
                "attraversamento di un incrocio con il semaforo indicante la luce rossa (art. 201 c.1-bis lett. b CdS)"
            }
            MancataContestazione::C => "sorpasso vietato (art. 201 c.1-bis lett. c CdS)",
            MancataContestazione::D => {
                "accertamento della violazione in assenza del trasgressore e del proprietario del veicolo (art. 201 c.1-bis lett. d CdS)"
            }
            MancataContestazione::E => {
                "accertamento per mezzo di apparecchi di rilevamento gestiti dagli organi di polizia stradale (art. 201 c.1-bis lett. e CdS)"
            }
            MancataContestazione::F => {
                "accertamento con i dispositivi di cui all'art. 4 del D.L. 121/2002 (art. 201 c.1-bis lett. f CdS)"
            }
            MancataContestazione::G => {
                "rilevazione degli accessi non autorizzati a zone a traffico limitato, aree pedonali o corsie riservate (art. 201 c.1-bis lett. g CdS)"
            }
            MancataContestazione::GBis => {
                "accertamento per mezzo di apparecchi omologati delle violazioni di velocità, distanza o sorpasso (art. 201 c.1-bis lett. g-bis CdS)"
            }
            MancataContestazione::Altro => {
                "altri motivi che hanno reso impossibile la contestazione immediata (art. 201 c.1-ter CdS)"
            }
        }
    }
}

/// The `n`th day after `from` (day 0), or the last representable day.
fn after(from: Date, days: i64) -> Date {
    from.checked_add(days.days()).unwrap_or(Date::MAX)
}

/// The days to notify a verbale: 90, or 360 for a party residing abroad (art. 201 c.1 CdS).
pub fn giorni_notifica(residente_estero: bool) -> i64 {
    if residente_estero {
        NOTIFICA_GIORNI_ESTERO
    } else {
        NOTIFICA_GIORNI
    }
}

/// The last day to notify a verbale whose party was identified on `identificato`
/// ([`giorni_notifica`] after it).
pub fn notifica_entro(identificato: Date, residente_estero: bool) -> Date {
    after(identificato, giorni_notifica(residente_estero))
}

/// The day the notification's term runs from: the day the party was identified, or the day
/// of the violation when the verbale says nothing else.
pub fn identificazione(v: &VerbalePl) -> Option<Date> {
    v.identificato_il.or(v.data)
}

/// The last day to notify `v`, if it has its dates.
pub fn termine_notifica(v: &VerbalePl) -> Option<Date> {
    identificazione(v).map(|day| notifica_entro(day, v.residente_estero))
}

/// Whether a verbale that left on `sent` was notified within its term (art. 201 c.1 CdS): the
/// notification is done for the Comune on the day it leaves (Corte cost. 477/2002). The
/// error names the rule.
pub fn check_spedita(v: &VerbalePl, sent: Date) -> Result<(), String> {
    let Some(last) = termine_notifica(v) else {
        return Err("manca la data della violazione".into());
    };
    if sent <= last {
        return Ok(());
    }
    Err(format!(
        "spedita il {}: termine per la notifica scaduto il {} ({} giorni dall'identificazione del trasgressore, art. 201 c.1 CdS)",
        sent.strftime("%d/%m/%Y"),
        last.strftime("%d/%m/%Y"),
        giorni_notifica(v.residente_estero)
    ))
}

/// Days left to notify on `today` (0 on the last day; negative once late).
pub fn giorni_rimasti(termine: Date, today: Date) -> i64 {
    today
        .until(termine)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or(i64::MIN)
}

/// Days left on `today` to notify `act` while it waits for its notification (a signed verbale
/// not contested on the spot): 0 on the last day, negative once late.
pub fn giorni_per_notificare(act: &crate::Act, today: Date) -> Option<i64> {
    if act.state != crate::ActState::Firmata {
        return None;
    }
    let v = act.verbale.as_ref()?;
    v.mancata_contestazione?;
    termine_notifica(v).map(|termine| giorni_rimasti(termine, today))
}

/// The reduced amount (art. 202 c.1 CdS): the minimum of the fine less 30%, to the cent
/// (half a cent up).
pub fn sanzione_ridotta(sanzione_centesimi: i64) -> i64 {
    (sanzione_centesimi * 7 + 5) / 10
}

/// What the party pays at the reduced amount, costs included (art. 202 c.1 CdS), where the
/// law allows a reduction.
pub fn importo_ridotto(v: &VerbalePl) -> Option<i64> {
    (v.sanzione_ridotta_centesimi > 0).then(|| v.sanzione_ridotta_centesimi + v.spese_centesimi)
}

/// What the party pays at the minimum of the fine, costs included (art. 202 c.1 CdS).
pub fn importo_minimo(v: &VerbalePl) -> i64 {
    v.sanzione_centesimi + v.spese_centesimi
}

/// Whether the owner must communicate who was driving (art. 126-bis c.2 CdS): points are
/// taken and the driver was not identified on the spot.
pub fn obbligo_dati_conducente(v: &VerbalePl) -> bool {
    v.punti > 0 && v.mancata_contestazione.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn ninety_days_from_the_identification_across_month_ends_and_leap_years() {
        assert_eq!(notifica_entro(date(2026, 1, 1), false), date(2026, 4, 1));
        // 2028 is a leap year: February has 29 days.
        assert_eq!(notifica_entro(date(2028, 1, 31), false), date(2028, 4, 30));
        assert_eq!(notifica_entro(date(2027, 1, 31), false), date(2027, 5, 1));
        assert_eq!(notifica_entro(date(2026, 11, 30), false), date(2027, 2, 28));
        assert_eq!(notifica_entro(date(2026, 3, 1), true), date(2027, 2, 24));
        let v = VerbalePl {
            data: Some(date(2026, 11, 20)),
            identificato_il: Some(date(2026, 12, 10)),
            ..VerbalePl::default()
        };
        assert_eq!(termine_notifica(&v), Some(date(2027, 3, 10)));
        let v = VerbalePl {
            identificato_il: None,
            ..v
        };
        assert_eq!(termine_notifica(&v), Some(date(2027, 2, 18)));
        assert_eq!(giorni_rimasti(date(2027, 2, 18), date(2027, 2, 18)), 0);
        assert_eq!(giorni_rimasti(date(2027, 2, 18), date(2027, 2, 19)), -1);
        assert_eq!(giorni_rimasti(date(2027, 2, 18), date(2027, 1, 19)), 30);
        let mut act = crate::Act::new(crate::ActKind::VerbalePl, "Sosta");
        act.verbale = Some(VerbalePl {
            mancata_contestazione: Some(MancataContestazione::D),
            ..v
        });
        assert_eq!(
            giorni_per_notificare(&act, date(2027, 1, 19)),
            None,
            "a draft"
        );
        act.state = crate::ActState::Firmata;
        assert_eq!(giorni_per_notificare(&act, date(2027, 1, 19)), Some(30));
        act.state = crate::ActState::Notificata;
        assert_eq!(
            giorni_per_notificare(&act, date(2027, 1, 19)),
            None,
            "notified"
        );
    }

    #[test]
    fn the_reduced_amount_is_seventy_per_cent_to_the_cent() {
        assert_eq!(sanzione_ridotta(16_800), 11_760);
        assert_eq!(sanzione_ridotta(4_201), 2_941);
        assert_eq!(sanzione_ridotta(4_202), 2_941);
        assert_eq!(sanzione_ridotta(0), 0);
    }

    proptest! {
        /// Whatever the day, the term is the 90th (or 360th) day after the identification,
        /// the day of identification itself not counted, and the days left count down to it.
        #[test]
        fn the_term_is_n_days_after_whatever_the_calendar(
            offset in 0i64..40_000,
            estero in any::<bool>(),
            before in 0i64..400,
        ) {
            let identificato = after(date(2000, 1, 1), offset);
            let termine = notifica_entro(identificato, estero);
            let giorni = if estero { NOTIFICA_GIORNI_ESTERO } else { NOTIFICA_GIORNI };
            prop_assert_eq!(i64::from(identificato.until(termine).expect("span").get_days()), giorni);
            prop_assert_eq!(giorni_rimasti(termine, identificato), giorni);
            let today = after(identificato, before);
            prop_assert_eq!(giorni_rimasti(termine, today), giorni - before);
        }
    }
}
