//! Whether an act's content is well formed. A draft may be incomplete (the iter checks
//! completeness before a proposal moves on), but what is there must make sense: every error
//! names its field with a path ("impegni[2].cig") and says, in Italian, what is wrong.

use crate::act::{Act, Person};
use crate::codice_fiscale;
use serde::Serialize;

/// Longest oggetto, in characters.
pub const MAX_OGGETTO_CHARS: usize = 1_000;
/// Longest text of a section or a dispositivo point, in characters.
pub const MAX_TEXT_CHARS: usize = 100_000;
/// Most dispositivo points, sections or impegni in one act.
pub const MAX_ITEMS: usize = 1_000;

/// One thing wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct FieldError {
    /// Path of the field, e.g. "oggetto", "dispositivo[1].text", "impegni[0].cig".
    pub field: String,
    /// What is wrong, in Italian.
    pub message: String,
}

/// An act's content is not well formed: the list of everything that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", summary(.0))]
pub struct ValidationError(pub Vec<FieldError>);

fn summary(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Checks an act's content. Returns every error found, not only the first.
pub fn validate_act(act: &Act) -> Result<(), ValidationError> {
    let mut errors = Errors::default();
    let oggetto = act.oggetto.trim();
    if oggetto.is_empty() {
        errors.add("oggetto", "l'oggetto è obbligatorio");
    } else if oggetto.chars().count() > MAX_OGGETTO_CHARS {
        errors.add(
            "oggetto",
            format!("l'oggetto supera i {MAX_OGGETTO_CHARS} caratteri"),
        );
    }
    check_text(&mut errors, "oggetto", &act.oggetto);

    check_count(&mut errors, "sections", act.sections.len());
    for (i, s) in act.sections.iter().enumerate() {
        let field = format!("sections[{i}].text");
        check_long_text(&mut errors, &field, &s.text);
        for problem in crate::rich_text::problems(&s.text) {
            errors.add(&field, problem);
        }
    }

    check_count(&mut errors, "dispositivo", act.dispositivo.len());
    if act.kind.dispositivo_verb().is_none() && !act.dispositivo.is_empty() {
        errors.add(
            "dispositivo",
            format!("un atto di tipo «{}» non ha dispositivo", act.kind.label()),
        );
    }
    if act.kind.is_verbale() && !act.sections.is_empty() {
        errors.add(
            "sections",
            "un verbale della Polizia locale non ha le sezioni delle premesse",
        );
    }
    for (i, p) in act.dispositivo.iter().enumerate() {
        check_long_text(&mut errors, &format!("dispositivo[{i}].text"), &p.text);
    }

    check_count(&mut errors, "impegni", act.impegni.len());
    if !act.kind.has_impegni() && !act.impegni.is_empty() {
        errors.add(
            "impegni",
            format!(
                "un atto di tipo «{}» non può contenere impegni di spesa",
                act.kind.label()
            ),
        );
    }
    for (i, imp) in act.impegni.iter().enumerate() {
        let f = |name: &str| format!("impegni[{i}].{name}");
        if !(2000..=2100).contains(&imp.esercizio) {
            errors.add(
                &f("esercizio"),
                "l'esercizio deve essere un anno tra 2000 e 2100",
            );
        }
        check_text(&mut errors, &f("capitolo"), &imp.capitolo);
        if !is_capitolo(&imp.capitolo) {
            errors.add(
                &f("capitolo"),
                "il capitolo di bilancio è un numero, con l'eventuale articolo: per esempio 1043 o 1043.02",
            );
        }
        if imp.importo_centesimi < 0 {
            errors.add(&f("importo_centesimi"), "l'importo non può essere negativo");
        }
        if imp.importo_centesimi > 10_000_000_000_000 {
            errors.add(
                &f("importo_centesimi"),
                "l'importo supera cento miliardi di euro",
            );
        }
        check_text(&mut errors, &f("beneficiario"), &imp.beneficiario);
        if let Some(cig) = &imp.cig
            && !is_code(cig, 10)
        {
            errors.add(
                &f("cig"),
                "il CIG deve essere di 10 caratteri, lettere maiuscole e cifre",
            );
        }
        if let Some(cup) = &imp.cup
            && !is_code(cup, 15)
        {
            errors.add(
                &f("cup"),
                "il CUP deve essere di 15 caratteri, lettere maiuscole e cifre",
            );
        }
        if let Some(s) = &imp.sovvenzione {
            check_text(&mut errors, &f("sovvenzione.norma"), &s.norma);
            check_text(&mut errors, &f("sovvenzione.modalita"), &s.modalita);
        }
    }

    if let Some(p) = &act.pubblicazione {
        if crate::albo::regola_del_tipo(act.kind).is_none() {
            errors.add(
                "pubblicazione",
                format!(
                    "un atto di tipo «{}» non si pubblica all'albo",
                    act.kind.label()
                ),
            );
        }
        let ordinari = crate::dates::PUBLICATION_DAYS;
        if i64::from(p.giorni) <= ordinari || p.giorni > crate::albo::GIORNI_MASSIMI {
            errors.add(
                "pubblicazione.giorni",
                format!(
                    "una pubblicazione più lunga dei {ordinari} giorni ordinari: da {} a {} giorni",
                    ordinari + 1,
                    crate::albo::GIORNI_MASSIMI
                ),
            );
        }
        check_text(&mut errors, "pubblicazione.norma", &p.norma);
    }

    match (&act.verbale, act.kind.is_verbale()) {
        (Some(_), false) => errors.add(
            "verbale",
            "i dati del verbale sono ammessi solo in un verbale della Polizia locale",
        ),
        (None, true) => errors.add("verbale", "mancano i dati del verbale"),
        (Some(v), true) => {
            for (field, text) in [
                ("verbale.luogo", &v.luogo),
                ("verbale.veicolo", &v.veicolo),
                ("verbale.norma_violata", &v.norma_violata),
                ("verbale.agente_matricola", &v.agente_matricola),
            ] {
                check_text(&mut errors, field, text);
            }
            let targa_ok = v.targa.len() <= 12
                && v.targa
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            if !v.targa.is_empty() && !targa_ok {
                errors.add(
                    "verbale.targa",
                    "la targa contiene solo lettere maiuscole e cifre, senza spazi (al massimo 12)",
                );
            }
            check_person(&mut errors, "verbale.trasgressore", &v.trasgressore);
            if let Some(p) = &v.obbligato_solidale {
                check_person(&mut errors, "verbale.obbligato_solidale", p);
            }
            if v.sanzione_centesimi < 0 {
                errors.add(
                    "verbale.sanzione_centesimi",
                    "la sanzione non può essere negativa",
                );
            }
            if v.sanzione_ridotta_centesimi < 0
                || v.sanzione_ridotta_centesimi > v.sanzione_centesimi
            {
                errors.add(
                    "verbale.sanzione_ridotta_centesimi",
                    "la sanzione ridotta deve essere tra zero e la sanzione piena",
                );
            } else if v.sanzione_ridotta_centesimi != 0
                && v.sanzione_ridotta_centesimi
                    != crate::verbale::sanzione_ridotta(v.sanzione_centesimi)
            {
                errors.add(
                    "verbale.sanzione_ridotta_centesimi",
                    format!(
                        "la sanzione ridotta è la sanzione meno il 30% (art. 202 c.1 CdS): {}, oppure zero dove la riduzione non è ammessa",
                        crate::money::format_euro(crate::verbale::sanzione_ridotta(
                            v.sanzione_centesimi
                        ))
                    ),
                );
            }
            if v.spese_centesimi < 0 {
                errors.add(
                    "verbale.spese_centesimi",
                    "le spese non possono essere negative",
                );
            }
            for (field, text) in [
                ("verbale.fatto", &v.fatto),
                ("verbale.dichiarazioni", &v.dichiarazioni),
                (
                    "verbale.motivo_mancata_contestazione",
                    &v.motivo_mancata_contestazione,
                ),
            ] {
                check_long_text(&mut errors, field, text);
            }
            if let (Some(identificato), Some(violazione)) = (v.identificato_il, v.data)
                && identificato < violazione
            {
                errors.add(
                    "verbale.identificato_il",
                    "il trasgressore non può essere identificato prima della violazione",
                );
            }
            if v.punti > 20 {
                errors.add(
                    "verbale.punti",
                    "i punti decurtati per una violazione non superano 20",
                );
            }
        }
        (None, false) => {}
    }

    check_count(&mut errors, "riservati", act.riservati.len());
    for (i, r) in act.riservati.iter().enumerate() {
        if r.text.trim().chars().count() < 2 {
            errors.add(
                &format!("riservati[{i}].text"),
                "il testo riservato deve avere almeno due caratteri",
            );
        }
        check_text(&mut errors, &format!("riservati[{i}].text"), &r.text);
    }
    if act.tipo_ordinanza.is_some() && act.kind != crate::ActKind::Ordinanza {
        errors.add(
            "tipo_ordinanza",
            "il tipo di ordinanza è ammesso solo in un'ordinanza",
        );
    }

    errors.finish()
}

/// Checks that an act is complete enough to leave the draft (and to be adopted): everything
/// [`validate_act`] checks, plus what a draft may still lack.
pub fn validate_complete(act: &Act) -> Result<(), ValidationError> {
    let mut errors = Errors(validate_act(act).err().map(|e| e.0).unwrap_or_default());
    if act.kind.dispositivo_verb().is_some() {
        if act.dispositivo.is_empty() {
            errors.add("dispositivo", "il dispositivo non ha punti");
        }
        for (i, p) in act.dispositivo.iter().enumerate() {
            if p.text.trim().is_empty() {
                errors.add(
                    &format!("dispositivo[{i}].text"),
                    format!("il punto {} del dispositivo è vuoto", i + 1),
                );
            }
        }
    }
    for (i, imp) in act.impegni.iter().enumerate() {
        let f = |name: &str| format!("impegni[{i}].{name}");
        if imp.capitolo.trim().is_empty() {
            errors.add(&f("capitolo"), "il capitolo di bilancio è obbligatorio");
        }
        if imp.importo_centesimi == 0 {
            errors.add(
                &f("importo_centesimi"),
                "l'importo deve essere maggiore di zero",
            );
        }
        if imp.beneficiario.trim().is_empty() {
            errors.add(&f("beneficiario"), "il beneficiario è obbligatorio");
        }
        if let Some(s) = &imp.sovvenzione {
            if s.norma.trim().is_empty() {
                errors.add(
                    &f("sovvenzione.norma"),
                    "indicare la norma o il titolo a base dell'attribuzione (art. 27 D.Lgs. 33/2013)",
                );
            }
            if s.modalita.trim().is_empty() {
                errors.add(
                    &f("sovvenzione.modalita"),
                    "indicare come è stato individuato il beneficiario (art. 27 D.Lgs. 33/2013)",
                );
            }
        }
    }
    if act
        .pubblicazione
        .as_ref()
        .is_some_and(|p| p.norma.trim().is_empty())
    {
        errors.add(
            "pubblicazione.norma",
            "indicare la norma che chiede la pubblicazione più lunga",
        );
    }
    if act.kind == crate::ActKind::Ordinanza && act.tipo_ordinanza.is_none() {
        errors.add(
            "tipo_ordinanza",
            "indicare il tipo di ordinanza (sindacale, contingibile art. 54, dirigenziale)",
        );
    }
    if let Some(v) = &act.verbale {
        let mut require = |field: &str, ok: bool, what: &str| {
            if !ok {
                errors.add(field, format!("manca {what}"));
            }
        };
        require("verbale.data", v.data.is_some(), "la data della violazione");
        require("verbale.ora", v.ora.is_some(), "l'ora della violazione");
        require(
            "verbale.luogo",
            !v.luogo.trim().is_empty(),
            "il luogo della violazione",
        );
        require("verbale.targa", !v.targa.is_empty(), "la targa del veicolo");
        require(
            "verbale.norma_violata",
            !v.norma_violata.trim().is_empty(),
            "la norma violata",
        );
        require(
            "verbale.sanzione_centesimi",
            v.sanzione_centesimi > 0,
            "l'importo della sanzione",
        );
        require(
            "verbale.agente_matricola",
            !v.agente_matricola.trim().is_empty(),
            "la matricola dell'agente accertatore",
        );
        require(
            "verbale.fatto",
            !v.fatto.trim().is_empty(),
            "la descrizione del fatto (art. 383 Reg. CdS)",
        );
        require(
            "verbale.motivo_mancata_contestazione",
            v.mancata_contestazione != Some(crate::verbale::MancataContestazione::Altro)
                || !v.motivo_mancata_contestazione.trim().is_empty(),
            "il motivo per cui la contestazione immediata non è stata possibile (art. 201 c.1-ter CdS)",
        );
    }
    errors.finish()
}

#[derive(Default)]
pub(crate) struct Errors(Vec<FieldError>);

impl Errors {
    pub(crate) fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    pub(crate) fn finish(self) -> Result<(), ValidationError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ValidationError(self.0))
        }
    }
}

fn check_count(errors: &mut Errors, field: &str, n: usize) {
    if n > MAX_ITEMS {
        errors.add(field, format!("al massimo {MAX_ITEMS} elementi"));
    }
}

/// A one-line text: no control characters, at most 2,000 characters.
pub(crate) fn check_text(errors: &mut Errors, field: &str, text: &str) {
    if text.chars().any(char::is_control) {
        errors.add(
            field,
            "contiene caratteri di controllo (a capo, tabulazioni o simili)",
        );
    } else if text.chars().count() > 2_000 {
        errors.add(field, "supera i 2000 caratteri");
    }
}

/// A multi-line text: newlines and tabs allowed, other control characters not.
fn check_long_text(errors: &mut Errors, field: &str, text: &str) {
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        errors.add(field, "contiene caratteri di controllo non ammessi");
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        errors.add(field, format!("supera i {MAX_TEXT_CHARS} caratteri"));
    }
}

fn check_person(errors: &mut Errors, field: &str, p: &Person) {
    check_text(errors, &format!("{field}.nome"), &p.nome);
    check_text(errors, &format!("{field}.indirizzo"), &p.indirizzo);
    if let Some(cf) = &p.codice_fiscale
        && !codice_fiscale::is_valid(cf)
    {
        errors.add(
            &format!("{field}.codice_fiscale"),
            "codice fiscale non valido (16 caratteri con carattere di controllo, o 11 cifre)",
        );
    }
}

/// A capitolo of the budget (PEG): digits, with the articolo after a dot, slash or dash
/// ("1043", "1043.02", "2080/1"); empty in a draft still being written.
fn is_capitolo(s: &str) -> bool {
    let s = s.trim();
    s.is_empty()
        || (s.len() <= 20
            && s.split(['.', '/', '-'])
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit())))
}

fn is_code(s: &str, len: usize) -> bool {
    s.len() == len
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::act::{DispositivoPoint, Impegno};
    use crate::kind::ActKind;
    use expect_test::{Expect, expect};

    fn check(act: &Act, expect: Expect) {
        check_with(validate_act, act, expect)
    }

    fn check_with(f: fn(&Act) -> Result<(), ValidationError>, act: &Act, expect: Expect) {
        let got = match f(act) {
            Ok(()) => "ok".to_string(),
            Err(e) => {
                e.0.iter()
                    .map(|e| format!("{}: {}\n", e.field, e.message))
                    .collect()
            }
        };
        expect.assert_eq(&got);
    }

    #[test]
    fn a_longer_publication_asks_16_to_365_days_and_its_norm() {
        let mut act = Act::new(
            ActKind::DeliberaConsiglio,
            "Modifica dello statuto comunale",
        );
        act.pubblicazione = Some(crate::PubblicazioneSpeciale {
            giorni: 15,
            norma: String::new(),
        });
        check(
            &act,
            expect![[r#"
                pubblicazione.giorni: una pubblicazione più lunga dei 15 giorni ordinari: da 16 a 365 giorni
            "#]],
        );
        check_with(
            validate_complete,
            &act,
            expect![[r#"
                pubblicazione.giorni: una pubblicazione più lunga dei 15 giorni ordinari: da 16 a 365 giorni
                dispositivo: il dispositivo non ha punti
                pubblicazione.norma: indicare la norma che chiede la pubblicazione più lunga
            "#]],
        );
        act.pubblicazione = Some(crate::PubblicazioneSpeciale {
            giorni: 30,
            norma: "art. 6 c.5 TUEL".into(),
        });
        check(&act, expect!["ok"]);
        let verbale = Act {
            pubblicazione: act.pubblicazione.clone(),
            ..Act::new(ActKind::VerbalePl, "Verbale")
        };
        check(
            &verbale,
            expect![[r#"
                pubblicazione: un atto di tipo «Verbale della Polizia locale» non si pubblica all'albo
            "#]],
        );
    }

    fn impegno() -> Impegno {
        Impegno {
            esercizio: 2026,
            capitolo: "1043.02".into(),
            importo_centesimi: 122_000,
            beneficiario: "Manutenzioni Srl".into(),
            cig: Some("B1234ABCD5".into()),
            cup: None,
            sovvenzione: None,
        }
    }

    #[test]
    fn a_good_determinazione() {
        let mut act = Act::new(
            ActKind::Determinazione,
            "Affidamento del servizio – più qualità",
        );
        act.dispositivo.push(DispositivoPoint {
            text: "di affidare".into(),
        });
        act.impegni.push(impegno());
        check(&act, expect!["ok"]);
    }

    #[test]
    fn every_error_is_named() {
        let mut act = Act::new(ActKind::Ordinanza, "  ");
        act.dispositivo.push(DispositivoPoint {
            text: "di chiudere".into(),
        });
        act.dispositivo.push(DispositivoPoint { text: " ".into() });
        act.impegni.push(Impegno {
            cig: Some("abc".into()),
            importo_centesimi: -1,
            ..impegno()
        });
        check(
            &act,
            expect![[r#"
                oggetto: l'oggetto è obbligatorio
                impegni: un atto di tipo «Ordinanza» non può contenere impegni di spesa
                impegni[0].importo_centesimi: l'importo non può essere negativo
                impegni[0].cig: il CIG deve essere di 10 caratteri, lettere maiuscole e cifre
            "#]],
        );
    }

    #[test]
    fn a_capitolo_is_a_number_with_its_articolo() {
        for good in ["1043", "1043.02", "2080/1", "10-4", " 1043 ", ""] {
            assert!(is_capitolo(good), "{good:?}");
        }
        // What lands in the capitolo when the typing slips one column: an amount, a name.
        for bad in [
            "12.500,00",
            "Verde Sereno S.r.l.",
            "1043.",
            ".02",
            "1043..02",
            "cap. 12",
        ] {
            assert!(!is_capitolo(bad), "{bad:?}");
        }
        let mut act = Act::new(ActKind::Determinazione, "Fornitura");
        act.impegni.push(Impegno {
            capitolo: "12.500,00".into(),
            ..impegno()
        });
        check(
            &act,
            expect![[r#"
                impegni[0].capitolo: il capitolo di bilancio è un numero, con l'eventuale articolo: per esempio 1043 o 1043.02
            "#]],
        );
    }

    #[test]
    fn a_draft_may_be_incomplete_until_it_leaves_the_bozza() {
        let mut act = Act::new(ActKind::Ordinanza, "Chiusura di via Roma");
        act.dispositivo.push(DispositivoPoint { text: " ".into() });
        check(&act, expect!["ok"]);
        check_with(
            validate_complete,
            &act,
            expect![[r#"
            dispositivo[0].text: il punto 1 del dispositivo è vuoto
            tipo_ordinanza: indicare il tipo di ordinanza (sindacale, contingibile art. 54, dirigenziale)
        "#]],
        );
        let verbale = Act::new(ActKind::VerbalePl, "Sosta vietata");
        check(&verbale, expect!["ok"]);
        check_with(
            validate_complete,
            &verbale,
            expect![[r#"
            verbale.data: manca la data della violazione
            verbale.ora: manca l'ora della violazione
            verbale.luogo: manca il luogo della violazione
            verbale.targa: manca la targa del veicolo
            verbale.norma_violata: manca la norma violata
            verbale.sanzione_centesimi: manca l'importo della sanzione
            verbale.agente_matricola: manca la matricola dell'agente accertatore
            verbale.fatto: manca la descrizione del fatto (art. 383 Reg. CdS)
        "#]],
        );
    }

    #[test]
    fn verbale_fields() {
        let mut act = Act::new(ActKind::VerbalePl, "Sosta vietata in via Roma");
        if let Some(v) = act.verbale.as_mut() {
            v.targa = "ab 123cd".into();
            v.trasgressore.codice_fiscale = Some("RSSMRA85T10A562T".into());
            v.sanzione_centesimi = 42_00;
            v.sanzione_ridotta_centesimi = 50_00;
        }
        act.dispositivo.push(DispositivoPoint { text: "x".into() });
        check(
            &act,
            expect![[r#"
                dispositivo: un atto di tipo «Verbale della Polizia locale» non ha dispositivo
                verbale.targa: la targa contiene solo lettere maiuscole e cifre, senza spazi (al massimo 12)
                verbale.trasgressore.codice_fiscale: codice fiscale non valido (16 caratteri con carattere di controllo, o 11 cifre)
                verbale.sanzione_ridotta_centesimi: la sanzione ridotta deve essere tra zero e la sanzione piena
            "#]],
        );
    }
}
