//! The attestations after publication, signed and read back by independent tools: the
//! certificato di esecutività the tour's segretario signed on its delibera's 11th day of
//! publication says that day (art. 134 c.3 TUEL), the referto di pubblicazione comes after the defissione and states the
//! period and the number of the register. Each is refused before its day, to who may not sign
//! it, and a second time. The days are the register's own: the clock is moved (libfaketime)
//! to them, never read from the calendar.

use crate::support::{DataDir, run_tool};
use atti_sign::testkit::pyhanko_validate;
use jiff::ToSpan;
use jiff::civil::Date;
use std::path::Path;

fn words(pdf: &Path) -> String {
    run_tool("pdftotext", &[&pdf.display().to_string(), "-"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn signed_and_valid(d: &DataDir, pdf: &Path) {
    let py = pyhanko_validate(pdf, &d.path().join(atti_app::DEMO_CA_FILE));
    assert!(py.contains("The signature is judged VALID"), "{py}");
    assert!(py.contains("The signature covers the entire file"), "{py}");
}

/// "3 gennaio 2027", as the documents date their signature.
fn long(day: Date) -> String {
    const MONTHS: [&str; 12] = [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ];
    let d = day.day();
    let d = if d == 1 {
        "1°".to_string()
    } else {
        d.to_string()
    };
    format!("{d} {} {}", MONTHS[day.month() as usize - 1], day.year())
}

fn short(day: Date) -> String {
    day.strftime("%d/%m/%Y").to_string()
}

#[test]
fn the_certificato_is_dated_day_11_and_the_referto_follows_the_defissione() {
    let d = DataDir::toured();
    let elenco = d.json(&["albo", "elenco"]);
    let voce = elenco
        .as_array()
        .expect("register")
        .iter()
        .find(|v| v["kind"] == "delibera-giunta")
        .expect("the tour's delibera is on the albo")
        .clone();
    let id = voce["act_id"].as_i64().expect("id").to_string();
    let day = |key: &str| {
        voce[key]
            .as_str()
            .expect(key)
            .parse::<Date>()
            .expect("date")
    };
    let (inizio, fine) = (day("inizio"), day("fine"));
    let day_11 = inizio.checked_add(10.days()).expect("day 11");
    let esecutivita = |user: &'static str| {
        [
            "albo",
            "esecutivita",
            id.as_str(),
            "--as",
            user,
            "--pin-stdin",
        ]
    };

    // The tour's segretario declared it executive on its 11th day and signed the
    // certificato then (its file is in the tour's output): nobody signs it twice.
    assert_eq!(d.json(&["act", "show", &id])["state"], "esecutiva");
    d.set_clock(&format!("{fine} 18:00:00"));
    let err = d.fails(&esecutivita("segretario"));
    assert!(err.contains("già firmato"), "{err}");

    // The referto waits for the end of the publication: refused on the last day.
    d.set_clock(&format!("{fine} 20:00:00"));
    let err = d.fails(&["albo", "referto", &id, "--as", "messo", "--pin-stdin"]);
    assert!(
        err.contains(&format!("resta all'albo fino al {}", short(fine))),
        "{err}"
    );
    // Day 16: the messo signs it (the defissione is recorded first, if no run of the albo
    // did yet).
    let day_16 = fine.tomorrow().expect("day 16");
    d.set_clock(&format!("{day_16} 08:30:00"));
    d.ok_with_pin(&["albo", "referto", &id, "--as", "messo"]);

    let out = d.path().join("attestazioni");
    std::fs::create_dir_all(&out).expect("dir");
    d.ok(&[
        "albo",
        "attestazioni",
        &id,
        "--salva",
        out.to_str().expect("utf-8"),
    ]);
    let certificato = out.join(format!("{id}-esecutivita.pdf"));
    let text = words(&certificato);
    assert!(
        text.contains(&format!("è divenuta esecutiva il {}", short(day_11))),
        "{text}"
    );
    assert!(
        text.contains(&format!("Esempio, {}", long(day_11))),
        "signed on {day_11}: {text}"
    );
    assert_eq!(
        std::fs::read(&certificato).expect("saved"),
        std::fs::read(d.path().join(format!("out/{id}-esecutivita.pdf"))).expect("the tour's"),
        "the file the tour wrote is the one signed"
    );
    assert!(text.contains("art. 134, comma 3"), "{text}");
    assert!(text.contains("CERTIFICATO DI ESECUTIVITÀ"), "{text}");
    signed_and_valid(&d, &certificato);

    let referto = out.join(format!("{id}-referto.pdf"));
    let text = words(&referto);
    let repertorio = voce["repertorio"].as_str().expect("repertorio");
    assert!(
        text.contains(&format!("dal {} al {}", short(inizio), short(fine))),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "al n. {repertorio} del registro delle pubblicazioni"
        )),
        "{text}"
    );
    assert!(text.contains("per 15 giorni consecutivi"), "{text}");
    assert!(text.contains("Roberto Gallo, Messo comunale"), "{text}");
    signed_and_valid(&d, &referto);

    // Both listed as signed; the audit chain has the certificato's signature after the
    // esecutività and the defissione before the referto's, and verifies.
    let list = d.json(&["albo", "attestazioni", &id]);
    let signed: Vec<&str> = list
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|a| a["firmata_da"].as_str())
        .collect();
    assert_eq!(signed, ["Paolo Esposito", "Roberto Gallo"], "{list}");
    let history = d.json(&["act", "history", &id]);
    let actions: Vec<&str> = history
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(
        actions
            .windows(2)
            .any(|w| w == ["dichiara-esecutiva", "firma digitale"]),
        "the certificato signed right after the esecutività: {actions:?}"
    );
    assert!(
        actions.ends_with(&["defissione", "firma digitale"]),
        "{actions:?}"
    );
    d.ok(&["audit", "verify"]);

    // SQL keeps the rules too, whatever the caller: no referto of an act still on the albo
    // (the tour's ordinanza), no second certificato, no certificato of what is not a delibera.
    let ordinanza = elenco
        .as_array()
        .expect("register")
        .iter()
        .find(|v| v["kind"] == "ordinanza")
        .and_then(|v| v["act_id"].as_i64())
        .expect("the tour's ordinanza");
    let conn = rusqlite::Connection::open(d.db()).expect("open");
    let insert = |act: i64, part: &str| {
        conn.execute(
            "INSERT INTO signed_file (act_id, part, seq, format, name, sha256, username, role, signed_at)
             VALUES (?1, ?2, 1, 'pades', 'falso.pdf', 'x', 'messo', 'messo', '2027-01-01T00:00:00Z')",
            rusqlite::params![act, part],
        )
        .expect_err("refused by SQL")
        .to_string()
    };
    let err = insert(ordinanza, "attestazione:referto");
    assert!(err.contains("the referto follows the defissione"), "{err}");
    let delibera: i64 = id.parse().expect("id");
    let err = insert(delibera, "attestazione:esecutivita");
    assert!(err.contains("an attestation is signed once"), "{err}");
    let err = insert(ordinanza, "attestazione:esecutivita");
    assert!(err.contains("of an executive delibera"), "{err}");
    let err = insert(ordinanza, "attestazione:altro");
    assert!(err.contains("unknown attestation"), "{err}");
}

#[test]
fn a_law_that_asks_for_a_longer_publication_sets_the_period_and_the_referto() {
    let d = DataDir::toured();
    let id = d.new_act(
        "determinazione",
        "Approvazione del regolamento per l'uso delle sale comunali",
        "istruttore",
    );
    d.fill(
        id,
        "istruttore",
        serde_json::json!({
            "sections": [{"kind": "premesso", "text": "che il regolamento va pubblicato per venti giorni;"}],
            "dispositivo": [{"text": "di approvare il regolamento allegato;"}],
            "pubblicazione": {"giorni": 20, "norma": "art. 10 dello statuto comunale"}
        }),
    );
    d.ok(&["iter", &id.to_string(), "invia", "--as", "istruttore"]);
    d.sign(id, "adotta", "dirigente");
    let voce = d.json(&["albo", "pubblica", &id.to_string(), "--as", "messo"]);
    let day = |key: &str| {
        voce[key]
            .as_str()
            .expect(key)
            .parse::<Date>()
            .expect("date")
    };
    let (inizio, fine) = (day("inizio"), day("fine"));
    assert_eq!(
        fine,
        inizio.checked_add(19.days()).expect("day 20"),
        "20 days, both ends counted"
    );
    d.set_clock(&format!("{fine} 18:00:00"));
    let err = d.fails(&[
        "albo",
        "referto",
        &id.to_string(),
        "--as",
        "messo",
        "--pin-stdin",
    ]);
    assert!(err.contains("resta all'albo fino al"), "{err}");
    d.set_clock(&format!("{} 09:00:00", fine.tomorrow().expect("day 21")));
    d.ok_with_pin(&["albo", "referto", &id.to_string(), "--as", "messo"]);
    let out = d.path().join("referto");
    std::fs::create_dir_all(&out).expect("dir");
    d.ok(&[
        "albo",
        "attestazioni",
        &id.to_string(),
        "--salva",
        out.to_str().expect("utf-8"),
    ]);
    let text = words(&out.join(format!("{id}-referto.pdf")));
    assert!(text.contains("per 20 giorni consecutivi"), "{text}");
    assert!(
        text.contains("ai sensi dell'art. 10 dello statuto comunale"),
        "{text}"
    );
}
