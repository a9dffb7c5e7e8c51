//! Verbali della Polizia locale (Codice della Strada, artt. 200-204-bis): what a Giudice di pace
//! checks in them, and the term of their notification counted from the day the party was
//! identified (90 days; 360 abroad), and its avviso di pagamento pagoPA read back from its QR
//! codes. The days are the test's own: the demo Comune runs on a
//! clock set with libfaketime, never on the calendar.

use crate::support::{DataDir, run_tool};
use serde_json::{Value, json};

fn take(d: &DataDir, id: i64, action: &str) -> Value {
    d.json(&["iter", &id.to_string(), action, "--as", "agente"])
}

/// A verbale of a ZTL access detected by a camera (not contested on the spot, art. 201
/// c.1-bis lett. g), its party identified on `identificato`, adopted.
fn verbale(d: &DataDir, targa: &str, identificato: &str, estero: bool) -> i64 {
    let id = d.new_act(
        "verbale-pl",
        "Transito non autorizzato nella zona a traffico limitato",
        "agente",
    );
    d.fill(
        id,
        "agente",
        json!({"verbale": {
            "data": "2026-01-05", "ora": "08:30", "luogo": "Via Garibaldi, varco ZTL 2",
            "veicolo": "autovettura", "targa": targa,
            "trasgressore": {"nome": "Luca Bianchi", "codice_fiscale": null, "indirizzo": "Via Po 3, Torino"},
            "obbligato_solidale": null, "norma_violata": "art. 7 c.9 e 14 CdS",
            "sanzione_centesimi": 8700, "sanzione_ridotta_centesimi": 6090, "punti": 2,
            "agente_matricola": "PL-017", "spese_centesimi": 1450,
            "fatto": "Il veicolo è transitato dal varco 2 della zona a traffico limitato, in orario di attivazione, senza autorizzazione (rilevato dall'impianto omologato).",
            "mancata_contestazione": "g", "identificato_il": identificato, "residente_estero": estero
        }}),
    );
    take(d, id, "redigi");
    d.sign(id, "adotta", "agente");
    id
}

#[test]
fn a_verbale_not_contested_on_the_spot_is_notified_within_its_term_and_says_what_the_law_asks() {
    let d = DataDir::demo_at("2026-01-21 09:00:00");
    // Identified on 20 January (the register of vehicles answered): 90 days, 20 April. The
    // other party resides abroad: 360 days.
    let italia = verbale(&d, "AB123CD", "2026-01-20", false);
    let estero = verbale(&d, "ZZ999ZZ", "2026-01-20", true);
    let status = d.json(&["iter", &italia.to_string(), "--as", "agente"]);
    assert_eq!(status["dates"]["notifica_deadline"], "2026-04-20");
    let status = d.json(&["iter", &estero.to_string(), "--as", "agente"]);
    assert_eq!(status["dates"]["notifica_deadline"], "2027-01-15");
    // Not contested on the spot: «Contesta» is refused with the rule.
    let err = d.fails(&["iter", &italia.to_string(), "contesta", "--as", "agente"]);
    assert!(err.contains("si notifica (art. 201 CdS)"), "{err}");

    // Day 91: too late for the one, in time for the other.
    d.set_clock("2026-04-21 09:00:00");
    let err = d.fails(&["iter", &italia.to_string(), "notifica", "--as", "agente"]);
    assert!(
        err.contains(
            "termine per la notifica scaduto il 20/04/2026 (90 giorni dall'identificazione del trasgressore, art. 201 c.1 CdS)"
        ),
        "{err}"
    );
    assert_eq!(take(&d, estero, "notifica")["state"], "notificata");

    // The verbale says what a Giudice di pace checks: the facts, why it was not contested,
    // how and by when to pay (with the costs), where to appeal, the points and the duty to
    // name the driver.
    let pdf = d.path().join("verbale.pdf");
    d.ok(&[
        "render",
        &italia.to_string(),
        "--out",
        pdf.to_str().expect("utf-8"),
    ]);
    let text = run_tool("pdftotext", &[&pdf.display().to_string(), "-"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for part in [
        "Descrizione del fatto",
        "senza autorizzazione (rilevato dall'impianto omologato)",
        "non è stata contestata immediatamente",
        "art. 201 c.1-bis lett. g CdS",
        "Il trasgressore non ha reso dichiarazioni.",
        "Entro 5 giorni dalla contestazione o dalla notificazione: 60,90 €",
        "Entro 60 giorni dalla contestazione o dalla notificazione: 87,00 €",
        "oltre a 14,50 € di spese",
        "al Prefetto",
        "entro 30 giorni al Giudice di pace",
        "decurtazione di 2 punti",
        "art. 126-bis c.2 CdS",
    ] {
        assert!(text.contains(part), "the verbale lacks «{part}»:\n{text}");
    }

    // Its avviso di pagamento pagoPA: one QR per option, which zbarimg reads back as pagoPA's
    // format with a well-formed codice avviso (the spec's check digits: the first sixteen
    // digits modulo 93), the Comune's codice fiscale and the amount with the costs.
    let numero = d.json(&["iter", &italia.to_string(), "--as", "agente"])["numero"]
        .as_str()
        .expect("numero")
        .split('/')
        .next()
        .expect("n")
        .parse::<u64>()
        .expect("n");
    let avviso = d.path().join("avviso.pdf");
    d.ok(&[
        "avviso-pagopa",
        &italia.to_string(),
        "--out",
        avviso.to_str().expect("utf-8"),
    ]);
    let png = d.path().join("avviso");
    run_tool(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-png",
            "-singlefile",
            &avviso.display().to_string(),
            &png.display().to_string(),
        ],
    );
    let decoded = run_tool(
        "zbarimg",
        &["--raw", "-q", &format!("{}.png", png.display())],
    );
    let mut codes: Vec<&str> = decoded.lines().collect();
    codes.sort();
    assert_eq!(codes.len(), 2, "{decoded}");
    let mut amounts = Vec::new();
    for code in codes {
        let fields: Vec<&str> = code.split('|').collect();
        assert_eq!(fields[..2], ["PAGOPA", "002"], "{code}");
        let avviso = fields[2];
        assert_eq!(avviso.len(), 18, "{code}");
        let head: u64 = avviso[..16].parse().expect("digits");
        assert_eq!(
            avviso[16..].parse::<u64>().expect("check"),
            head % 93,
            "{code}"
        );
        assert!(
            avviso.starts_with("301"),
            "aux digit 3, segregation code 01: {code}"
        );
        assert_eq!(&avviso[3..7], "2026", "{code}");
        assert_eq!(
            avviso[8..16].parse::<u64>().expect("number"),
            numero,
            "{code}"
        );
        assert_eq!(fields[3], "80012345676", "{code}");
        amounts.push(fields[4].to_string());
    }
    amounts.sort();
    assert_eq!(
        amounts,
        ["10150", "7540"],
        "ordinary and reduced, with 14,50 € of costs"
    );
    let text = run_tool("pdftotext", &[&avviso.display().to_string(), "-"]);
    assert!(text.contains("AVVISO DI PAGAMENTO pagoPA"), "{text}");
    assert!(
        text.contains("75,40 €") && text.contains("101,50 €"),
        "{text}"
    );
}
