//! The offices' modelli on one PC (the demo Comune): the dirigente saves the text of an act as a
//! modello, the istruttore of the office starts a draft from it, nobody else changes it. Across
//! PCs: shared_iter.rs.

use crate::support::DataDir;
use serde_json::json;

#[test]
fn the_dirigente_saves_a_modello_and_the_istruttore_starts_from_it() {
    let d = DataDir::demo_at("2026-03-10 09:00:00");
    let source = d.new_act(
        "determinazione",
        "Affidamento diretto del servizio di …",
        "dirigente",
    );
    d.fill(
        source,
        "dirigente",
        json!({
            "sections": [{"kind": "visto", "text": "il D.Lgs. 36/2023, art. 50, comma 1, lettera b);"}],
            "dispositivo": [{"text": "di affidare il servizio alla ditta …;"}],
            "impegni": [{"esercizio": 2025, "capitolo": "1043.02", "importo_centesimi": 0,
                         "beneficiario": "", "cig": null, "cup": null}]
        }),
    );
    // Who uses modelli does not change them.
    let msg = d.fails(&[
        "modello",
        "salva",
        "--da-atto",
        &source.to_string(),
        "--nome",
        "Affidamento diretto",
        "--as",
        "istruttore",
    ]);
    assert!(msg.contains("li cura il suo dirigente"), "{msg}");
    d.ok(&[
        "modello",
        "salva",
        "--da-atto",
        &source.to_string(),
        "--nome",
        " Affidamento diretto ",
        "--as",
        "dirigente",
    ]);
    let list = d.json(&["modello", "list", "--as", "istruttore"]);
    assert_eq!(list[0]["nome"], "Affidamento diretto", "{list}");
    assert_eq!(list[0]["office"], "TEC");

    let id: i64 = d
        .ok(&[
            "modello",
            "usa",
            "--kind",
            "determinazione",
            "--nome",
            "Affidamento diretto",
            "--subject",
            "Affidamento diretto della manutenzione delle caldaie",
            "--as",
            "istruttore",
        ])
        .trim()
        .parse()
        .expect("the new draft's id");
    let act = d.json(&["act", "show", &id.to_string()]);
    assert_eq!(act["state"], "bozza");
    assert_eq!(
        act["oggetto"],
        "Affidamento diretto della manutenzione delle caldaie"
    );
    assert_eq!(act["sections"][0]["kind"], "visto");
    assert_eq!(
        act["dispositivo"][0]["text"],
        "di affidare il servizio alla ditta …;"
    );
    assert_eq!(act["impegni"][0]["esercizio"], 2026, "this year's budget");
    // Saving and deleting are in the audit log, and the chain holds.
    d.ok(&[
        "modello",
        "elimina",
        "--ufficio",
        "TEC",
        "--kind",
        "determinazione",
        "--nome",
        "Affidamento diretto",
        "--as",
        "dirigente",
    ]);
    assert_eq!(
        d.json(&["modello", "list", "--as", "istruttore"]),
        json!([])
    );
    d.ok(&["audit", "verify"]);
}

#[test]
fn a_modello_is_checked_like_the_act_it_writes() {
    let d = DataDir::demo();
    let file = d.path().join("modello.json");
    std::fs::write(
        &file,
        json!({"nome": "Decreto con spesa", "kind": "decreto", "office": "SEG",
               "oggetto": "Nomina", "impegni": [{"esercizio": 2026, "capitolo": "1", "importo_centesimi": 100,
               "beneficiario": "X", "cig": null, "cup": null}]})
        .to_string(),
    )
    .expect("write");
    let msg = d.fails(&[
        "modello",
        "salva",
        "--file",
        file.to_str().expect("utf-8"),
        "--as",
        "segretario",
    ]);
    assert!(msg.contains("non può contenere impegni di spesa"), "{msg}");
    let verbale = d.new_act("verbale-pl", "Sosta vietata", "agente");
    let msg = d.fails(&[
        "modello",
        "salva",
        "--da-atto",
        &verbale.to_string(),
        "--nome",
        "Sosta",
        "--as",
        "segretario",
    ]);
    assert!(msg.contains("non ha modelli"), "{msg}");
}
