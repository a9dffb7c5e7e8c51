//! «Duplica da un atto precedente»: the determina «come l'anno scorso» is the daily work of a
//! clerk. A new draft starts from the text of any act (its premesse, dispositivo and impegni,
//! the impegni moved to this year's budget), and what usually changes from one year to the
//! next is pointed out until the clerk changes it: the amounts, the CIG and CUP (a new
//! procedure has its own), the dates and years written in the text.
//!
//! A verbale della Polizia locale records one violation: from a previous one (the agente's
//! next car in the same street, for the same article) only the place and the violation are
//! taken, never the vehicle, the party or the facts seen ([`verbale_dal_precedente`]).

use crate::validate::FieldError;
use crate::{Act, ActKind, VerbalePl};
use jiff::civil::Date;

/// The new `draft` (as created: its id, office, state) with the content of `source`, on
/// `today`: its sections, dispositivo, impegni (in this year's budget), tipo di ordinanza and
/// the data to be hidden in the publication; no attachments, number or history. A verbale:
/// [`verbale_dal_precedente`].
pub fn duplicate(source: &Act, draft: Act, today: Date) -> Act {
    if source.kind == ActKind::VerbalePl {
        return verbale_dal_precedente(source, draft, today);
    }
    let year = u16::try_from(today.year()).unwrap_or_default();
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

/// A new verbale from a previous one, on `today`: the same place, vehicle type, article,
/// amounts, points, costs, agent and way it was found (why not contested on the spot); the
/// day is today's, and the time, plate, offender, statements and the facts seen are this
/// violation's own, to write.
pub fn verbale_dal_precedente(source: &Act, draft: Act, today: Date) -> Act {
    let verbale = source.verbale.as_ref().map(|v| VerbalePl {
        data: Some(today),
        luogo: v.luogo.clone(),
        veicolo: v.veicolo.clone(),
        norma_violata: v.norma_violata.clone(),
        sanzione_centesimi: v.sanzione_centesimi,
        sanzione_ridotta_centesimi: v.sanzione_ridotta_centesimi,
        punti: v.punti,
        agente_matricola: v.agente_matricola.clone(),
        mancata_contestazione: v.mancata_contestazione,
        motivo_mancata_contestazione: v.motivo_mancata_contestazione.clone(),
        spese_centesimi: v.spese_centesimi,
        ..VerbalePl::default()
    });
    Act { verbale, ..draft }
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
        let draft = duplicate(
            &source,
            Act::new(source.kind, &source.oggetto),
            jiff::civil::date(2026, 3, 2),
        );
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
        let mut draft = duplicate(
            &source,
            Act::new(source.kind, &source.oggetto),
            jiff::civil::date(2026, 3, 2),
        );
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
    fn a_verbale_from_a_previous_one_takes_the_place_and_the_violation_only() {
        let mut source = Act::new(ActKind::VerbalePl, "Sosta in divieto");
        source.verbale = Some(VerbalePl {
            data: Some(jiff::civil::date(2026, 3, 1)),
            ora: Some(jiff::civil::time(9, 5, 0, 0)),
            luogo: "Via Roma 12".into(),
            veicolo: "autovettura".into(),
            targa: "AB123CD".into(),
            trasgressore: crate::Person {
                nome: "Luca Bianchi".into(),
                ..crate::Person::default()
            },
            norma_violata: "art. 7 c.1 CdS".into(),
            sanzione_centesimi: 4_200,
            sanzione_ridotta_centesimi: 2_940,
            punti: 0,
            agente_matricola: "PL-017".into(),
            fatto: "sostava in corrispondenza del segnale di divieto".into(),
            dichiarazioni: "nessuna".into(),
            mancata_contestazione: Some(crate::verbale::MancataContestazione::D),
            spese_centesimi: 1_450,
            ..VerbalePl::default()
        });
        let today = jiff::civil::date(2026, 3, 2);
        let draft = duplicate(&source, Act::new(source.kind, &source.oggetto), today);
        let v = draft.verbale.expect("verbale");
        assert_eq!(v.data, Some(today));
        assert_eq!(
            (v.luogo.as_str(), v.norma_violata.as_str()),
            ("Via Roma 12", "art. 7 c.1 CdS")
        );
        assert_eq!((v.sanzione_centesimi, v.spese_centesimi), (4_200, 1_450));
        assert_eq!(
            v.mancata_contestazione,
            Some(crate::verbale::MancataContestazione::D)
        );
        // What belongs to the violation seen is never copied.
        assert_eq!((v.ora, v.targa.as_str(), v.fatto.as_str()), (None, "", ""));
        assert!(v.trasgressore.nome.is_empty() && v.dichiarazioni.is_empty());
        assert_eq!(draft.oggetto, "Sosta in divieto");
    }
}
