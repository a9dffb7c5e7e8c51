//! A whole session of the Giunta through the CLI (docs/sedute.md): three proposals, one
//! approved and immediately executable, one approved with a member out of the room for it, one
//! postponed; delibere numbered in the order of approval; the session's data by name in the
//! signed delibera.

use crate::support::{DataDir, run_tool};
use serde_json::{Value, json};

/// A delibera di Giunta proposed with its parere tecnico (no spending: no parere contabile).
fn proposta(d: &DataDir, oggetto: &str) -> i64 {
    let id = d.new_act("delibera-giunta", oggetto, "istruttore");
    d.fill(
        id,
        "istruttore",
        json!({"dispositivo": [{"text": format!("di approvare: {oggetto}")}]}),
    );
    let act = id.to_string();
    d.ok(&["iter", &act, "invia", "--as", "istruttore"]);
    d.ok(&["iter", &act, "proponi", "--as", "dirigente"]);
    d.ok_with_pin(&[
        "parere",
        &act,
        "--tipo",
        "tecnico",
        "--esito",
        "favorevole",
        "--as",
        "dirigente",
    ]);
    id
}

/// `atti seduta ARGS --as segretario --json`.
fn seduta(d: &DataDir, args: &[&str]) -> Value {
    let mut all = vec!["seduta"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--as", "segretario"]);
    let s = d.json(&all);
    assert_eq!(s["avvisi"], json!([]), "{s}");
    s
}

fn status(d: &DataDir, id: i64) -> Value {
    d.json(&["iter", &id.to_string(), "--as", "segretario"])
}

#[test]
fn a_giunta_approves_two_proposals_in_its_order_and_postpones_one() {
    let d = DataDir::demo_at("2026-03-10 08:30:00");
    let piazza = proposta(&d, "Progetto della piazza");
    let scuola = proposta(&d, "Contributo alla scuola di musica");
    let urgente = proposta(&d, "Interventi urgenti sul ponte");

    // Only the segretario records a session.
    let new = [
        "new",
        "--organo",
        "giunta",
        "--data",
        "2026-03-10",
        "--ora",
        "09:30",
        "--luogo",
        "Sala della Giunta",
    ];
    let mut as_sindaco = vec!["seduta"];
    as_sindaco.extend_from_slice(&new);
    as_sindaco.extend_from_slice(&["--as", "sindaco"]);
    assert!(d.fails(&as_sindaco).contains("segretario"));
    let s = seduta(&d, &new);
    let sid = s["id"].as_i64().expect("id").to_string();
    assert_eq!(s["titolo"], "Seduta n. 1/2026 della Giunta comunale");
    assert_eq!(s["numero_legale"], 3);

    for id in [piazza, scuola, urgente] {
        seduta(&d, &["iscrivi", &sid, &id.to_string()]);
        assert_eq!(status(&d, id)["state"], "iscritta");
    }
    // A determinazione is not for the Giunta; a proposal on the list is not listed twice.
    let det = d.new_act("determinazione", "Acquisto di carta", "istruttore");
    assert!(
        d.fails(&[
            "seduta",
            "iscrivi",
            &sid,
            &det.to_string(),
            "--as",
            "segretario"
        ])
        .contains("solo proposte di deliberazione di giunta")
    );
    assert!(
        d.fails(&[
            "seduta",
            "iscrivi",
            &sid,
            &piazza.to_string(),
            "--as",
            "segretario"
        ])
        .contains("già all'ordine del giorno")
    );
    // The urgent item first.
    let s = seduta(&d, &["sposta", &sid, "3", "1"]);
    let order: Vec<i64> = s["stato"]["punti"]
        .as_array()
        .expect("punti")
        .iter()
        .map(|p| p["atto"].as_i64().expect("atto"))
        .collect();
    assert_eq!(order, [urgente, piazza, scuola]);

    // Two present of five are not the numero legale.
    assert!(
        d.fails(&[
            "seduta",
            "apri",
            &sid,
            "--presenti",
            "ferrari,marino",
            "--as",
            "segretario"
        ])
        .contains("manca il numero legale")
    );
    let s = seduta(
        &d,
        &[
            "apri",
            &sid,
            "--presenti",
            "ferrari,marino,greco,conti",
            "--giustificati",
            "gallo",
        ],
    );
    assert_eq!(s["stato"]["presiede"], "ferrari");
    assert_eq!(s["stato"]["segretario"], "Paolo Esposito");
    // Closing with items still to deal with is refused.
    assert!(
        d.fails(&["seduta", "chiudi", &sid, "--as", "segretario"])
            .contains("non è stato trattato")
    );

    // Item 3 (urgent): unanimous, and immediately executable by the separate vote.
    seduta(&d, &["voto", &sid, "3", "--immediata"]);
    let u = status(&d, urgente);
    assert_eq!(u["state"], "approvata");
    assert_eq!(u["numero"], "1/2026");
    assert_eq!(u["seduta"]["immediatamente_eseguibile"], true);
    assert_eq!(u["seduta"]["componenti"], 5);
    assert_eq!(u["dates"]["adoption"], "2026-03-10");

    // Item 1: greco has an interest and leaves for it (art. 78); conti votes against.
    seduta(
        &d,
        &[
            "dichiarazione",
            &sid,
            "--membro",
            "greco",
            "--punto",
            "1",
            "--testo",
            "Esco dall'aula per un interesse di un mio parente.",
        ],
    );
    seduta(
        &d,
        &["voto", &sid, "1", "--fuori", "greco", "--contrari", "conti"],
    );
    let p = status(&d, piazza);
    assert_eq!(p["numero"], "2/2026", "numbered in the order of approval");
    assert_eq!(p["seduta"]["presenti"], 3);
    assert_eq!(p["seduta"]["favorevoli"], 2);
    assert_eq!(p["seduta"]["immediatamente_eseguibile"], false);
    assert_eq!(
        p["seduta"]["record"]["non_partecipano"],
        json!(["Chiara Greco"])
    );
    assert_eq!(p["seduta"]["record"]["contrari"], json!(["Davide Conti"]));
    assert_eq!(p["seduta"]["record"]["assenti"], json!(["Francesca Gallo"]));

    // Item 2 postponed: the proposal stays on the list of the next session.
    seduta(
        &d,
        &["rinvia", &sid, "2", "--motivo", "Istruttoria da integrare"],
    );
    assert_eq!(status(&d, scuola)["state"], "iscritta");
    seduta(&d, &["presenze", &sid, "--esce", "conti"]);
    let s = seduta(&d, &["chiudi", &sid]);
    assert_eq!(s["stato"]["fase"], "chiusa");
    assert!(
        d.fails(&[
            "seduta",
            "presenze",
            &sid,
            "--entra",
            "conti",
            "--as",
            "segretario"
        ])
        .contains("chiusa")
    );
    // The urgent delibera is signed before the minutes: its package waits for them.
    d.sign(urgente, "firma", "sindaco");
    d.sign(urgente, "firma", "segretario");
    let queued = |d: &DataDir| -> Vec<String> {
        d.json(&["outbox"])
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["remote_path"].as_str().map(String::from))
            .collect()
    };
    assert!(queued(&d).is_empty(), "{:?}", queued(&d));
    // The minutes: who presided signs first, then the segretario; nobody else.
    assert!(
        d.run_with_stdin(
            None,
            &[
                "seduta",
                "verbale",
                &sid,
                "--as",
                "segretario",
                "--pin-stdin"
            ],
            "123456\n"
        )
        .stderr
        .contains("chi ha presieduto la seduta")
    );
    d.ok_with_pin(&["seduta", "verbale", &sid, "--as", "sindaco"]);
    d.ok_with_pin(&["seduta", "verbale", &sid, "--as", "segretario"]);
    let verbale = d.path().join("verbale.pdf");
    d.ok(&[
        "seduta",
        "documento",
        &sid,
        "verbale",
        "--out",
        verbale.to_str().expect("utf-8"),
    ]);
    // Now the urgent delibera's package is queued, with the session's minutes.
    let paths = queued(&d);
    assert!(
        paths.iter().any(|p| p.ends_with("/1/seduta-1-verbale.pdf")),
        "{paths:?}"
    );
    let report = d.json(&["verify", verbale.to_str().expect("utf-8")]);
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(
        report["signatures"].as_array().map(Vec::len),
        Some(2),
        "{report}"
    );
    let text = run_tool("pdftotext", &[verbale.to_str().expect("utf-8"), "-"]).replace('\n', " ");
    for part in [
        "La proposta è APPROVATA: deliberazione n. 1/2026",
        "Il punto è RINVIATO a una prossima seduta: Istruttoria da integrare.",
        "Chiara Greco dichiara: «Esco dall'aula per un interesse di un mio parente.»",
        "non partecipano alla trattazione né al voto",
        "Davide Conti esce dall'aula dopo la trattazione di 3 punti.",
    ] {
        assert!(text.contains(part), "{part:?} not in the verbale:\n{text}");
    }
    // The Giunta's delibere go to the capigruppo (art. 125), once.
    let s = seduta(&d, &["capigruppo", &sid]);
    assert!(s["stato"]["comunicazione_capigruppo"].is_string(), "{s}");
    assert!(
        d.fails(&["seduta", "capigruppo", &sid, "--as", "segretario"])
            .contains("già state comunicate")
    );
    let shown = d.ok(&["seduta", "show", &sid, "--as", "segretario"]);
    for part in [
        "APPROVATA: presenti 3, favorevoli 2, contrari 1 (Davide Conti)",
        "fuori aula per il punto (art. 78 TUEL): Chiara Greco",
        "immediata eseguibilità: favorevoli 4, contrari 0, astenuti 0 → dichiarata",
        "rinviato: Istruttoria da integrare",
        "Davide Conti esce dopo il punto 3",
    ] {
        assert!(shown.contains(part), "{part:?} not in:\n{shown}");
    }

    // The postponed proposal goes to the next session, and only to one at a time.
    let s2 = seduta(
        &d,
        &[
            "new",
            "--organo",
            "giunta",
            "--data",
            "2026-03-17",
            "--ora",
            "09:30",
            "--luogo",
            "Sala della Giunta",
        ],
    );
    let s2 = s2["id"].as_i64().expect("id").to_string();
    seduta(&d, &["iscrivi", &s2, &scuola.to_string()]);
    let s3 = seduta(
        &d,
        &[
            "new",
            "--organo",
            "giunta",
            "--data",
            "2026-03-24",
            "--ora",
            "09:30",
            "--luogo",
            "Sala della Giunta",
        ],
    );
    let s3 = s3["id"].as_i64().expect("id").to_string();
    assert!(
        d.fails(&[
            "seduta",
            "iscrivi",
            &s3,
            &scuola.to_string(),
            "--as",
            "segretario"
        ])
        .contains("Seduta n. 2/2026 della Giunta comunale")
    );

    // The delibera signed by the sindaco and the segretario says the session by name.
    d.sign(piazza, "firma", "sindaco");
    d.sign(piazza, "firma", "segretario");
    let out = d.path().join("export");
    d.ok(&[
        "export",
        &piazza.to_string(),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    let pdf = out.join(format!("{piazza}-delibera-giunta.pdf"));
    let text = run_tool("pdftotext", &[pdf.to_str().expect("utf-8"), "-"]).replace('\n', " ");
    for part in [
        "Presiede Laura Ferrari; partecipa il Segretario Paolo Esposito",
        "Presenti n. 3: Laura Ferrari, Giorgio Marino, Davide Conti",
        "Assenti: Francesca Gallo",
        "art. 78, comma 2, del D.Lgs. 267/2000: Chiara Greco",
        "contrari n. 1 (Davide Conti)",
    ] {
        assert!(text.contains(part), "{part:?} not in the delibera:\n{text}");
    }
    d.ok(&["audit", "verify"]);
}
