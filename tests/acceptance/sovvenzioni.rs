//! Vantaggi economici (artt. 26-27 D.Lgs. 33/2013): a grant that takes a beneficiary above
//! 1,000 euro in the year is not effective until published, and the core says so whatever
//! the act's state; once on the albo it is effective from its first day there. Amministrazione
//! trasparente lists such grants (the name of a person in hardship never), as CSV and JSON
//! that Python's jsonschema validates against the schema published beside them.

use crate::support::DataDir;
use crate::trasparenza::validate;
use serde_json::{Value, json};

/// A determinazione of the istruttore granting `impegni` (each with its sovvenzione),
/// adopted by the dirigente and made executive by the ragioniere's visto: its status.
fn contributo(d: &DataDir, oggetto: &str, impegni: Value) -> (i64, Value) {
    let id = d.new_act("determinazione", oggetto, "istruttore");
    d.fill(
        id,
        "istruttore",
        json!({
            "sections": [{"kind": "premesso", "text": "che il regolamento comunale dei contributi prevede il sostegno alle attività di interesse generale;"}],
            "dispositivo": [{"text": "di concedere il contributo indicato nella tabella degli impegni;"}],
            "impegni": impegni,
        }),
    );
    d.ok(&["iter", &id.to_string(), "invia", "--as", "istruttore"]);
    d.sign(id, "adotta", "dirigente");
    d.ok_with_pin(&[
        "parere",
        &id.to_string(),
        "--tipo",
        "visto-contabile",
        "--esito",
        "favorevole",
        "--as",
        "ragioniere",
    ]);
    let status = d.json(&["iter", &id.to_string(), "--as", "dirigente"]);
    assert_eq!(status["state"], "esecutiva", "{status}");
    (id, status)
}

fn impegno(beneficiario: &str, cents: i64, disagio: bool) -> Value {
    json!({
        "esercizio": 2026,
        "capitolo": "1420",
        "importo_centesimi": cents,
        "beneficiario": beneficiario,
        "sovvenzione": {
            "norma": "Regolamento comunale dei contributi, art. 5",
            "modalita": "Bando pubblico per le associazioni del territorio",
            "disagio": disagio
        }
    })
}

#[test]
fn a_grant_above_1000_euro_is_not_effective_until_published() {
    let d = DataDir::toured();
    // 800 euro: effective by its own rules (the visto), nothing to say.
    let (primo, status) = contributo(
        &d,
        "Contributo alla Polisportiva Esempio per il torneo estivo",
        json!([impegno("Polisportiva Esempio", 80_000, false)]),
    );
    assert_eq!(status["efficacia"], Value::Null, "{status}");
    // 300 euro more to the same beneficiary in the year: 1,100 euro, so this act is not
    // effective until published, though executive.
    let (secondo, status) = contributo(
        &d,
        "Ulteriore contributo alla Polisportiva Esempio",
        json!([impegno("POLISPORTIVA  ESEMPIO", 30_000, false)]),
    );
    let efficacia = status["efficacia"].as_str().expect("the core says so");
    assert!(
        efficacia.starts_with("Non ancora efficace") && efficacia.contains("1.100,00 €"),
        "{efficacia}"
    );
    assert!(
        efficacia.contains("art. 26 c.3 D.Lgs. 33/2013"),
        "{efficacia}"
    );
    // Published: effective from its first day on the albo.
    let published = d.json(&["albo", "pubblica", &secondo.to_string(), "--as", "messo"]);
    let inizio = published["inizio"].as_str().expect("inizio");
    let status = d.json(&["iter", &secondo.to_string(), "--as", "dirigente"]);
    let day: jiff::civil::Date = inizio.parse().expect("date");
    assert_eq!(
        status["efficacia"],
        format!(
            "Efficace dal {}, primo giorno di pubblicazione: concede vantaggi economici oltre 1.000 euro (art. 26 c.3 D.Lgs. 33/2013)",
            day.strftime("%d/%m/%Y")
        )
        .as_str()
    );
    // A person whose hardship the grant would reveal: never named in the list.
    let (terzo, _) = contributo(
        &d,
        "Sussidio straordinario per il canone di locazione",
        json!([impegno("Mario Rossi", 150_000, true)]),
    );

    // Amministrazione trasparente lists the grants of the beneficiaries above the threshold,
    // with what art. 27 asks, and follows its schema.
    let anno = status["numero"]
        .as_str()
        .and_then(|n| n.split('/').nth(1))
        .expect("year")
        .to_string();
    let out = d.path().join("trasparenza");
    d.ok(&[
        "trasparenza",
        "esporta",
        "--cartella",
        out.to_str().expect("utf-8"),
        "--anno",
        &anno,
    ]);
    let schema = out.join("sovvenzioni.schema.json");
    let json_file = out.join(format!("sovvenzioni-{anno}.json"));
    assert_eq!(validate(&json_file, &schema), 3);
    assert_eq!(
        validate(&out.join(format!("sovvenzioni-{anno}.csv")), &schema),
        3
    );
    let rows: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&json_file).expect("read")).expect("json");
    let numero = |id: i64| {
        d.json(&["iter", &id.to_string(), "--as", "dirigente"])["numero"]
            .as_str()
            .expect("numero")
            .to_string()
    };
    let row = |id: i64| {
        let atto = format!("Determinazione dirigenziale n. {}", numero(id));
        rows.iter()
            .find(|r| r["atto"] == atto.as_str())
            .unwrap_or_else(|| panic!("{atto} in {rows:?}"))
            .clone()
    };
    // The first grant is listed too: with the second it passes 1,000 euro in the year.
    let r = row(primo);
    assert_eq!(r["beneficiario"], "Polisportiva Esempio");
    assert_eq!(r["importo"], "800.00");
    assert_eq!(r["efficace_dal"], Value::Null);
    assert_eq!(r["norma"], "Regolamento comunale dei contributi, art. 5");
    assert!(
        r["responsabile"].as_str().is_some_and(|s| !s.is_empty()),
        "{r}"
    );
    assert_eq!(row(secondo)["efficace_dal"], inizio);
    let r = row(terzo);
    assert_eq!(r["beneficiario"], "omissis (art. 26 c.4 D.Lgs. 33/2013)");
    let text = std::fs::read_to_string(out.join("index.html")).expect("page");
    assert!(!text.contains("Mario Rossi"));
    assert!(text.contains("Polisportiva Esempio"));
}
