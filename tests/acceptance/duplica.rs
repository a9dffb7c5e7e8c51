//! «Duplica da un atto precedente»: last year's determinazione, adopted, becomes this year's
//! draft in one command; what usually changes is listed until it changes; a verbale is never
//! duplicated, and who does not write acts of that kind cannot duplicate one.

use crate::support::DataDir;
use serde_json::json;

fn da_verificare(d: &DataDir, id: i64) -> Vec<String> {
    let shown = d.json(&["iter", &id.to_string(), "--as", "istruttore"]);
    assert_eq!(shown["may_duplicate"], true, "{shown}");
    let out = d.ok(&["act", "duplica", &id.to_string(), "--as", "istruttore"]);
    out.lines().skip(1).map(String::from).collect()
}

#[test]
fn last_years_determinazione_becomes_this_years_draft() {
    let d = DataDir::demo_at("2025-03-12 10:00:00");
    let source = d.new_act(
        "determinazione",
        "Manutenzione del verde pubblico, anno 2025",
        "istruttore",
    );
    d.fill(
        source,
        "istruttore",
        json!({
            "sections": [{"kind": "premesso", "text": "che il verde va curato dal 1/04/2025;"}],
            "dispositivo": [{"text": "di affidare il servizio alla ditta Verde Sereno S.r.l.;"}],
            "impegni": [{"esercizio": 2025, "capitolo": "1043.02", "importo_centesimi": 1250000,
                         "beneficiario": "Verde Sereno S.r.l.", "cig": "B1234567C8", "cup": null}]
        }),
    );
    d.ok(&["iter", &source.to_string(), "invia", "--as", "istruttore"]);
    d.sign(source, "adotta", "dirigente");

    // A year later, the same work.
    d.set_clock("2026-03-10 09:00:00");
    let lines = da_verificare(&d, source);
    let created = d.json(&["act", "list"]);
    let id = created[0]["id"].as_i64().expect("the new draft is first");
    assert_ne!(id, source);
    let act = d.json(&["act", "show", &id.to_string()]);
    assert_eq!(act["state"], "bozza");
    assert_eq!(act["numero"], serde_json::Value::Null);
    assert_eq!(act["oggetto"], "Manutenzione del verde pubblico, anno 2025");
    assert_eq!(
        act["impegni"][0]["esercizio"], 2026,
        "in this year's budget"
    );
    assert_eq!(act["impegni"][0]["capitolo"], "1043.02");
    assert_eq!(
        lines,
        [
            "Da verificare: oggetto: contiene «2025» come nell'atto di origine: aggiornare le date",
            "Da verificare: sections[0].text: contiene «1/04/2025» come nell'atto di origine: aggiornare le date",
            "Da verificare: impegni[0].importo_centesimi: è l'importo dell'atto di origine: verificarlo",
            "Da verificare: impegni[0].cig: è il CIG dell'atto di origine: una nuova procedura ha il suo",
        ]
    );

    // What the clerk changes is no longer pointed out; what they keep still is.
    d.fill(
        id,
        "istruttore",
        json!({
            "oggetto": "Manutenzione del verde pubblico, anno 2026",
            "impegni": [{"esercizio": 2026, "capitolo": "1043.02", "importo_centesimi": 1300000,
                         "beneficiario": "Verde Sereno S.r.l.", "cig": "B7654321C8", "cup": null}]
        }),
    );
    let left = d.json(&["act", "duplicato", &id.to_string()]);
    assert_eq!(left["source"], source);
    let fields: Vec<&str> = left["da_verificare"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["sections[0].text"], "{left}");
    // The source is untouched.
    let original = d.json(&["act", "show", &source.to_string()]);
    assert_eq!(original["impegni"][0]["esercizio"], 2025);
    assert!(original["numero"].is_string());
}

#[test]
fn a_verbale_from_a_previous_one_keeps_the_place_and_the_violation_and_a_role_that_does_not_write_the_kind_cannot()
 {
    let d = DataDir::demo_at("2026-03-02 10:00:00");
    let verbale = d.new_act("verbale-pl", "Sosta vietata in via Roma", "agente");
    d.fill(
        verbale,
        "agente",
        serde_json::json!({"verbale": {
            "data": "2026-03-01", "ora": "09:05", "luogo": "Via Roma 12", "veicolo": "autovettura",
            "targa": "AB123CD", "norma_violata": "art. 7 c.1 CdS", "sanzione_centesimi": 4200,
            "sanzione_ridotta_centesimi": 2940, "fatto": "sostava sul divieto",
            "trasgressore": {"nome": "Luca Bianchi", "codice_fiscale": null, "indirizzo": "Via Po 3"},
        }}),
    );
    let next = d.json(&["act", "duplica", &verbale.to_string(), "--as", "agente"]);
    let next = d.json(&["act", "show", &next["id"].to_string()]);
    let v = &next["verbale"];
    assert_eq!(v["luogo"], "Via Roma 12");
    assert_eq!(v["norma_violata"], "art. 7 c.1 CdS");
    assert_eq!(v["sanzione_centesimi"], 4200);
    assert_eq!(v["data"], "2026-03-02", "today");
    assert_eq!(v["targa"], "");
    assert_eq!(v["fatto"], "");
    assert_eq!(v["trasgressore"]["nome"], "");
    let det = d.new_act("determinazione", "Acquisto di arredi", "istruttore");
    let msg = d.fails(&["act", "duplica", &det.to_string(), "--as", "agente"]);
    assert!(
        msg.contains("non può redigere atti di tipo «Determinazione dirigenziale»"),
        "{msg}"
    );
    let shown = d.json(&["iter", &det.to_string(), "--as", "agente"]);
    assert_eq!(shown["may_duplicate"], false);
}
