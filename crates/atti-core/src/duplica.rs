//! «Duplica da un atto precedente»: the determina «come l'anno scorso» is the daily work of a
//! clerk. A new draft starts from the text of any act (its premesse, dispositivo and impegni,
//! the impegni moved to this year's budget), and what usually changes from one year to the
//! next is pointed out until the clerk changes it: the amounts, the CIG and CUP (a new
//! procedure has its own), the dates and years written in the text.

use crate::iter::{Refusal, RefusalReason};
use crate::validate::FieldError;
use crate::{Act, ActKind};

/// Whether `source` may be the start of a new draft: any act but a verbale della Polizia
/// locale, which records one violation and is never written «come l'altra volta».
pub fn check_duplicable(source: &Act) -> Result<(), Refusal> {
    if source.kind == ActKind::VerbalePl {
        return Err(Refusal {
            reason: RefusalReason::WrongState,
            message: "un verbale della Polizia locale non si duplica: ogni accertamento si \
                      redige a sé"
                .to_string(),
        });
    }
    Ok(())
}

/// The new `draft` (as created: its id, office, state) with the content of `source`, for the
/// budget year `year`: its sections, dispositivo, impegni (in `year`), tipo di ordinanza and
/// the data to be hidden in the publication; no attachments, number or history.
pub fn duplicate(source: &Act, draft: Act, year: u16) -> Act {
    Act {
        sections: source.sections.clone(),
        dispositivo: source.dispositivo.clone(),
        impegni: source
            .impegni
            .iter()
            .map(|i| crate::act::Impegno {
                esercizio: year,
                ..i.clone()
            })
            .collect(),
        tipo_ordinanza: source.tipo_ordinanza,
        riservati: source.riservati.clone(),
        pubblicazione: source.pubblicazione.clone(),
        ..draft
    }
}

/// What `draft`, duplicated from `source`, still has as it was there and must be checked:
/// each point goes away once the clerk changes that field.
pub fn da_verificare(draft: &Act, source: &Act) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut push = |field: String, message: String| out.push(FieldError { field, message });
    let mut text = |field: String, now: &str, then: &str| {
        if now == then
            && let Some(date) = first_date(now)
        {
            push(
                field,
                format!("contiene «{date}» come nell'atto di origine: aggiornare le date"),
            );
        }
    };
    text("oggetto".into(), &draft.oggetto, &source.oggetto);
    for (i, (now, then)) in draft.sections.iter().zip(&source.sections).enumerate() {
        text(format!("sections[{i}].text"), &now.text, &then.text);
    }
    for (i, (now, then)) in draft
        .dispositivo
        .iter()
        .zip(&source.dispositivo)
        .enumerate()
    {
        text(format!("dispositivo[{i}].text"), &now.text, &then.text);
    }
    for (i, (now, then)) in draft.impegni.iter().zip(&source.impegni).enumerate() {
        let f = |name: &str| format!("impegni[{i}].{name}");
        if now.importo_centesimi == then.importo_centesimi && now.importo_centesimi != 0 {
            push(
                f("importo_centesimi"),
                "è l'importo dell'atto di origine: verificarlo".into(),
            );
        }
        if now.cig.is_some() && now.cig == then.cig {
            push(
                f("cig"),
                "è il CIG dell'atto di origine: una nuova procedura ha il suo".into(),
            );
        }
        if now.cup.is_some() && now.cup == then.cup {
            push(
                f("cup"),
                "è il CUP dell'atto di origine: verificare che sia lo stesso progetto".into(),
            );
        }
    }
    out
}

/// The first date or year written in `text`: «12/03/2025», «12.03.2025», «2025» (a year from
/// 1900 to 2099 standing alone, not part of a longer number).
fn first_date(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let is_digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(i) || (i > 0 && is_digit(i - 1)) {
            i += 1;
            continue;
        }
        let mut end = i;
        while is_digit(end) {
            end += 1;
        }
        // A run of digits with separators: 12/03/2025, 12.03.2025, 12-03-2025.
        let mut stop = end;
        while matches!(chars.get(stop), Some('/' | '.' | '-')) && is_digit(stop + 1) {
            stop += 1;
            while is_digit(stop) {
                stop += 1;
            }
        }
        let token: String = chars[i..stop].iter().collect();
        let last: String = token
            .rsplit(['/', '.', '-'])
            .next()
            .unwrap_or_default()
            .to_string();
        let is_year = last.len() == 4 && (last.starts_with("19") || last.starts_with("20"));
        let parts = token.split(['/', '.', '-']).count();
        if is_year && (parts == 1 || parts == 3) {
            return Some(token);
        }
        i = stop.max(i + 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::act::{DispositivoPoint, Impegno, Section, SectionKind};

    fn last_year() -> Act {
        Act {
            sections: vec![Section {
                kind: SectionKind::Premesso,
                text: "che con determinazione del 12/03/2025 si è affidato il servizio;".into(),
            }],
            dispositivo: vec![
                DispositivoPoint {
                    text: "di affidare il servizio per l'anno 2025;".into(),
                },
                DispositivoPoint {
                    text: "di pubblicare il presente atto;".into(),
                },
            ],
            impegni: vec![Impegno {
                esercizio: 2025,
                capitolo: "1043.02".into(),
                importo_centesimi: 1_250_000,
                beneficiario: "Verde Sereno S.r.l.".into(),
                cig: Some("B1234567C8".into()),
                cup: None,
                sovvenzione: None,
            }],
            ..Act::new(ActKind::Determinazione, "Manutenzione del verde, anno 2025")
        }
    }

    #[test]
    fn the_new_draft_has_the_text_and_the_impegni_in_this_years_budget() {
        let source = Act {
            numero: Some("12/2025".into()),
            state: crate::ActState::Esecutiva,
            version: 7,
            ..last_year()
        };
        let draft = duplicate(&source, Act::new(source.kind, &source.oggetto), 2026);
        assert_eq!(draft.state, crate::ActState::Bozza);
        assert_eq!((draft.numero, draft.version), (None, 0));
        assert_eq!(draft.dispositivo, source.dispositivo);
        assert_eq!(draft.impegni[0].esercizio, 2026);
        assert_eq!(draft.impegni[0].capitolo, "1043.02");
        assert!(draft.attachments.is_empty());
    }

    #[test]
    fn what_must_change_is_pointed_out_until_it_changes() {
        let source = last_year();
        let mut draft = duplicate(&source, Act::new(source.kind, &source.oggetto), 2026);
        let fields = |d: &Act| {
            da_verificare(d, &source)
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(&draft),
            [
                "oggetto",
                "sections[0].text",
                "dispositivo[0].text",
                "impegni[0].importo_centesimi",
                "impegni[0].cig"
            ]
        );
        draft.oggetto = "Manutenzione del verde, anno 2026".into();
        draft.dispositivo[0].text = "di affidare il servizio per l'anno 2026;".into();
        draft.impegni[0].importo_centesimi = 1_300_000;
        draft.impegni[0].cig = Some("B7654321C8".into());
        assert_eq!(fields(&draft), ["sections[0].text"]);
        assert_eq!(
            da_verificare(&draft, &source)[0].message,
            "contiene «12/03/2025» come nell'atto di origine: aggiornare le date"
        );
    }

    #[test]
    fn dates_and_years_are_found_and_other_numbers_are_not() {
        for (text, date) in [
            ("del 12/03/2025 alle", Some("12/03/2025")),
            ("il 1.2.2024", Some("1.2.2024")),
            ("per l'anno 2026.", Some("2026")),
            ("capitolo 1043.02, importo 12.500,00", None),
            ("CIG B1234567C8 e 120250", None),
            ("art. 183 c.7 TUEL", None),
            ("protocollo 2025/123", None),
        ] {
            assert_eq!(first_date(text).as_deref(), date, "{text}");
        }
    }

    #[test]
    fn a_verbale_is_not_duplicated() {
        assert!(check_duplicable(&Act::new(ActKind::VerbalePl, "Sosta")).is_err());
        assert!(check_duplicable(&last_year()).is_ok());
    }
}
