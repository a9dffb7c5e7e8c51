//! Verbali della Polizia locale (Codice della Strada, artt. 200-204-bis): what a Giudice di pace
//! checks in them, and the term of their notification counted from the day the party was
//! identified (90 days; 360 abroad), and its avviso di pagamento pagoPA read back from its QR
//! codes. The days are the test's own: the demo Comune runs on a
//! clock set with libfaketime, never on the calendar.

use crate::support::{DataDir, run_tool};
use mail_parser::MimeHeaders;
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

    // A verbale is notified with its dates: the bare step is refused.
    let err = d.fails(&["iter", &italia.to_string(), "notifica", "--as", "agente"]);
    assert!(err.contains("si notifica per PEC"), "{err}");

    // Day 91: too late for the one, in time for the other, by post (atti giudiziari).
    d.set_clock("2026-04-21 09:00:00");
    let posta = |id: i64, spedita: &str| {
        d.run(&[
            "notifica",
            "posta",
            &id.to_string(),
            "--a",
            "Via Po 3, 10121 Torino",
            "--raccomandata",
            "RA 7788 1234 5",
            "--spedita",
            spedita,
            "--as",
            "agente",
            "--json",
        ])
    };
    let late = posta(italia, "2026-04-21");
    assert_ne!(late.code, 0);
    assert!(
        late.stderr
            .contains("spedita il 21/04/2026: termine per la notifica scaduto il 20/04/2026"),
        "{late:?}"
    );
    let future = posta(estero, "2026-04-22");
    assert!(future.stderr.contains("è futura"), "{future:?}");
    assert_eq!(posta(estero, "2026-04-21").code, 0);
    // A second dispatch while one is under way: refused.
    let again = posta(estero, "2026-04-21");
    assert!(again.stderr.contains("è già in corso"), "{again:?}");
    // The return receipt comes back: delivered on 24 April, the verbale is notified.
    d.set_clock("2026-04-28 09:00:00");
    let consegna = |il: &str, giacenza: bool| {
        let id = estero.to_string();
        let mut args = vec![
            "notifica", "consegna", &id, "--il", il, "--as", "agente", "--json",
        ];
        if giacenza {
            args.push("--compiuta-giacenza");
        }
        d.run(&args)
    };
    let early = consegna("2026-04-24", true);
    assert!(
        early.stderr.contains("non prima del 01/05/2026"),
        "{early:?}"
    );
    let status: Value = serde_json::from_str(&consegna("2026-04-24", false).stdout).expect("json");
    assert_eq!(status["state"], "notificata");
    let list = d.json(&["notifica", "elenco", &estero.to_string(), "--as", "agente"]);
    assert_eq!(list[0]["esito"], "consegnata");
    assert_eq!(list[0]["spedita_il"], "2026-04-21");
    assert_eq!(list[0]["consegnata_il"], "2026-04-24");

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
    let (avviso, codes) = avviso_qr(&d, italia);
    assert_eq!(codes.len(), 2, "{codes:?}");
    let mut amounts = Vec::new();
    for code in &codes {
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

/// A PEC provider for the demo Comune's mailbox and a party's domicilio digitale, on the
/// provider's clock `now`, its CA trusted by the Comune (TLS and the receipts' signatures),
/// the mailbox set by the amministratore.
fn pec_provider(d: &DataDir, now: &str) -> (atti_pec::testkit::Provider, tempfile::TempDir) {
    use atti_pec::testkit::{Mailbox, Provider, TlsFiles};
    let tmp = tempfile::tempdir().expect("tmp");
    let tls = TlsFiles::create(tmp.path());
    let comune = Mailbox::new("polizia", "polizia.locale@pec.comune.prova.it");
    let provider = Provider::start(
        &tls,
        now,
        &[
            comune.clone(),
            Mailbox::new("bianchi", "luca.bianchi@pec.prova.it"),
        ],
    );
    let ca = tls.ca_pem.to_str().expect("utf-8");
    d.ok(&["comune", "fiducia", ca, "--as", "amministratore"]);
    let set = d.run_with_stdin(
        None,
        &[
            "pec",
            "imposta",
            "--indirizzo",
            &comune.address,
            "--utente",
            &comune.name,
            "--smtp",
            &format!("localhost:{}", provider.smtp_port),
            "--imap",
            &format!("localhost:{}", provider.imap_port),
            "--ca",
            ca,
            "--as",
            "amministratore",
        ],
        &format!("{}\n", comune.password),
    );
    assert_eq!(set.code, 0, "{set:?}");
    (provider, tmp)
}

#[test]
fn a_verbale_notified_by_pec_through_a_real_provider_with_its_receipts_as_the_proof() {
    let d = DataDir::demo_at_with_keyring("2026-01-21 09:00:00");
    // The provider's clock: 23:50 on 21 January, in Rome.
    let (provider, _pki) = pec_provider(&d, "2026-01-21T23:50:00+01:00");
    let id = verbale(&d, "AB123CD", "2026-01-20", false);
    let notifica = |to: &str| {
        d.json(&[
            "notifica",
            "pec",
            &id.to_string(),
            "--a",
            to,
            "--as",
            "agente",
        ])
    };

    // To an address that does not exist: the provider says it could not deliver.
    assert_eq!(notifica("nessuno@pec.prova.it")["esito"], "inviata");
    provider.wait_messages("polizia", 2);
    let read = d.json(&["notifica", "ricevute", "--as", "agente"]);
    assert_eq!(read["registrate"], 2, "{read}");
    assert_eq!(read["notificati"], json!([]));
    let list = d.json(&["notifica", "elenco", &id.to_string(), "--as", "agente"]);
    assert_eq!(list[0]["esito"], "non-consegnata");
    assert!(
        list[0]["errore"]
            .as_str()
            .expect("why")
            .contains("notificare per posta")
    );

    // To the party's domicilio digitale: accepted and delivered, and the receipts' day (the
    // provider's, not the PC's) is the notification's.
    assert_eq!(notifica("luca.bianchi@pec.prova.it")["esito"], "inviata");
    provider.wait_messages("polizia", 4);
    let read = d.json(&["notifica", "ricevute", "--as", "agente"]);
    assert_eq!(read["notificati"], json!([id]), "{read}");
    let status = d.json(&["iter", &id.to_string(), "--as", "agente"]);
    assert_eq!(status["state"], "notificata");
    let saved = d.path().join("ricevute");
    let list = d.json(&[
        "notifica",
        "elenco",
        &id.to_string(),
        "--salva",
        saved.to_str().expect("utf-8"),
        "--as",
        "agente",
    ]);
    let done = &list[1];
    assert_eq!(done["esito"], "consegnata");
    assert_eq!(done["spedita_il"], "2026-01-21");
    assert_eq!(done["consegnata_il"], "2026-01-21");
    let kinds: Vec<&str> = done["ricevute"]
        .as_array()
        .expect("ricevute")
        .iter()
        .map(|r| r["tipo"].as_str().expect("tipo"))
        .collect();
    assert_eq!(kinds, ["accettazione", "avvenuta-consegna"]);
    // The receipts kept are the provider's messages, byte for byte.
    let kept = std::fs::read_dir(&saved).expect("saved").count();
    assert_eq!(kept, 4, "two receipts of each attempt");
    // The register of verbali says where the notification stands, on screen and exported.
    let reg = d.json(&["registro", "verbale-pl", "--year", "2026"]);
    assert_eq!(reg[0]["notifica"], "PEC: consegnata il 21/01/2026");
    let csv = d.path().join("registro.csv");
    d.ok(&[
        "registro",
        "verbale-pl",
        "--year",
        "2026",
        "--esporta",
        csv.to_str().expect("utf-8"),
    ]);
    let csv = std::fs::read_to_string(&csv).expect("csv");
    assert!(
        csv.contains("Notificata (PEC: consegnata il 21/01/2026)"),
        "{csv}"
    );
    // Read again: nothing new, nothing twice.
    let again = d.json(&["notifica", "ricevute", "--as", "agente"]);
    assert_eq!(again["lette"], 0, "{again}");

    // What the party received: the busta di trasporto, with the message inside, carrying the
    // signed verbale (which pyHanko finds valid) and the avviso di pagamento.
    let busta = provider.wait_messages("bianchi", 1);
    assert_eq!(busta.len(), 1);
    let outer = mail_parser::MessageParser::default()
        .parse(&busta[0])
        .expect("busta");
    let inner = outer
        .attachments()
        .find_map(|a| a.message())
        .expect("postacert.eml");
    assert!(
        inner
            .subject()
            .unwrap_or_default()
            .contains("Notificazione del verbale di accertamento"),
        "{:?}",
        inner.subject()
    );
    let files: Vec<(String, Vec<u8>)> = inner
        .attachments()
        .map(|a| {
            (
                a.attachment_name().unwrap_or_default().to_string(),
                a.contents().to_vec(),
            )
        })
        .collect();
    let (name, pdf) = files
        .iter()
        .find(|(n, _)| !n.starts_with("avviso-pagopa"))
        .expect("the verbale");
    assert!(name.ends_with(".pdf"), "{name}");
    let pdf_path = d.path().join("ricevuto.pdf");
    std::fs::write(&pdf_path, pdf).expect("write");
    let demo_ca = d.path().join(atti_app::DEMO_CA_FILE);
    let py = atti_sign::testkit::pyhanko_validate(&pdf_path, &demo_ca);
    assert!(py.contains("The signature is judged VALID"), "{py}");
    assert!(files.iter().any(|(n, _)| n.starts_with("avviso-pagopa")));

    // The chain of the archive still holds, the notification in it; the mailbox's password
    // is in the keyring, never in the archive.
    d.ok(&["audit", "verify"]);
    let db = std::fs::read(d.db()).expect("db");
    let password = b"polizia-segreta";
    assert!(!db.windows(password.len()).any(|w| w == password));
}

#[test]
fn a_pc_switched_off_while_sending_leaves_an_attempt_that_expires_and_another_may_start() {
    let d = DataDir::demo_at_with_keyring("2026-01-21 09:00:00");
    let (provider, _pki) = pec_provider(&d, "2026-01-21T09:00:00+01:00");
    let id = verbale(&d, "AB123CD", "2026-01-20", false);
    // The provider never answers; the PC is switched off while it waits.
    let sending = d.start(&[
        "notifica",
        "pec",
        &id.to_string(),
        "--a",
        "lento@pec.prova.it",
        "--as",
        "agente",
    ]);
    provider.wait_log("in attesa, senza risposta");
    sending.kill();
    let list = d.json(&["notifica", "elenco", &id.to_string(), "--as", "agente"]);
    assert_eq!(list[0]["esito"], "in-invio");
    // Meanwhile no second message leaves: its receipts would not be told apart.
    let again = d.run(&[
        "notifica",
        "pec",
        &id.to_string(),
        "--a",
        "luca.bianchi@pec.prova.it",
        "--as",
        "agente",
    ]);
    assert!(
        again
            .stderr
            .contains("attendere la ricevuta di accettazione"),
        "{again:?}"
    );
    // A day later without the provider's acceptance it did not leave, and a new one may.
    d.set_clock("2026-01-22 09:30:00");
    d.json(&["notifica", "ricevute", "--as", "agente"]);
    let list = d.json(&["notifica", "elenco", &id.to_string(), "--as", "agente"]);
    assert_eq!(list[0]["esito"], "non-inviata");
    assert!(
        list[0]["errore"]
            .as_str()
            .expect("why")
            .contains("entro 24 ore")
    );
    let sent = d.json(&[
        "notifica",
        "pec",
        &id.to_string(),
        "--a",
        "luca.bianchi@pec.prova.it",
        "--as",
        "agente",
    ]);
    assert_eq!(sent["esito"], "inviata");
}

#[test]
fn a_verbale_is_archived_by_the_comandantes_signed_provvedimento_and_sql_keeps_it() {
    use atti_sign::testkit::pyhanko_validate;
    let d = DataDir::demo_at("2026-01-21 09:00:00");
    let rubato = verbale(&d, "AB123CD", "2026-01-20", false);
    let scaduto = verbale(&d, "CD456EF", "2026-01-20", false);
    let archivia = |id: i64, who: &str, motivo: &str, motivazione: &str| {
        d.run_with_stdin(
            None,
            &[
                "archivia",
                &id.to_string(),
                "--motivo",
                motivo,
                "--motivazione",
                motivazione,
                "--as",
                who,
                "--pin-stdin",
                "--json",
            ],
            &format!("{}\n", atti_app::DEMO_PIN),
        )
    };
    let ragioni =
        "Il veicolo risulta rubato: denuncia ai Carabinieri di Esempio del 3/1/2026, prot. 112.";
    // Not by the agente who wrote it; not without reasons; not for a term still running.
    let r = archivia(rubato, "agente", "veicolo-rubato", ragioni);
    assert!(r.stderr.contains("non può archiviare"), "{r:?}");
    let r = archivia(rubato, "comandante", "veicolo-rubato", "rubato");
    assert!(r.stderr.contains("almeno 20 caratteri"), "{r:?}");
    let r = archivia(scaduto, "comandante", "termine-scaduto", ragioni);
    assert!(
        r.stderr.contains("restano 89 giorni per notificare"),
        "{r:?}"
    );
    let r = archivia(rubato, "comandante", "prescritto", ragioni);
    assert!(
        r.stderr
            .contains("valore «prescritto» non valido per «--motivo <MOTIVO>»")
            && r.stderr.contains("termine-scaduto"),
        "{r:?}"
    );
    // A wrong PIN leaves it as it was.
    let wrong = d.run_with_stdin(
        None,
        &[
            "archivia",
            &rubato.to_string(),
            "--motivo",
            "veicolo-rubato",
            "--motivazione",
            ragioni,
            "--as",
            "comandante",
            "--pin-stdin",
        ],
        "0000\n",
    );
    assert_ne!(wrong.code, 0);
    let status = d.json(&["iter", &rubato.to_string(), "--as", "comandante"]);
    assert_eq!(status["state"], "firmata");

    let r = archivia(rubato, "comandante", "veicolo-rubato", ragioni);
    assert_eq!(r.code, 0, "{r:?}");
    let outcome: Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(outcome["status"]["state"], "archiviato");
    // Once archived, nothing more: not notified, not archived again.
    let again = archivia(rubato, "comandante", "altro", ragioni);
    assert!(
        again.stderr.contains("nello stato «Archiviato»"),
        "{again:?}"
    );

    // The provvedimento: signed by the comandante (pyHanko), and it says what was decided on
    // which verbale, and why.
    let pdf = d.path().join("archiviazione.pdf");
    let shown = d.json(&[
        "archiviazione",
        &rubato.to_string(),
        "--salva",
        &pdf.display().to_string(),
        "--as",
        "comandante",
    ]);
    assert_eq!(shown["motivo"], "veicolo-rubato");
    assert_eq!(shown["firmata_da"], "Stefano Moretti");
    let py = pyhanko_validate(&pdf, &d.path().join(atti_app::DEMO_CA_FILE));
    assert!(py.contains("The signature is judged VALID"), "{py}");
    assert!(py.contains("The signature covers the entire file"), "{py}");
    let text = run_tool("pdftotext", &[&pdf.display().to_string(), "-"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let numero = d.json(&["act", "show", &rubato.to_string(), "--as", "comandante"])["numero"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    for words in [
        "PROVVEDIMENTO DI ARCHIVIAZIONE",
        "art. 386 D.P.R. 16 dicembre 1992, n. 495",
        &format!("Verbale di accertamento n. {numero} del 21/01/2026"),
        "Stefano Moretti, Comandante della Polizia locale",
        "veicolo autovettura targa AB123CD",
        "veicolo oggetto di furto denunciato prima della violazione",
        "denuncia ai Carabinieri di Esempio del 3/1/2026",
        "DISPONE",
        &format!("l'archiviazione del verbale n. {numero}"),
    ] {
        assert!(text.contains(words), "«{words}» in {text}");
    }

    // The day 91 of the other one: its term ran out, and the comandante archives it for that.
    d.set_clock("2026-04-21 09:00:00");
    let r = archivia(
        scaduto,
        "comandante",
        "termine-scaduto",
        "Il verbale non è stato notificato entro il 20/04/2026: l'obbligazione si è estinta.",
    );
    assert_eq!(r.code, 0, "{r:?}");

    // SQL keeps it: no verbale archived without its provvedimento, none changed or removed.
    let conn = rusqlite::Connection::open(d.db()).expect("open");
    let refused = |sql: &str| conn.execute_batch(sql).expect_err(sql).to_string();
    assert!(
        refused("UPDATE archiviazione SET motivazione = 'Un altro motivo, inventato dopo.'")
            .contains("never modified")
    );
    assert!(refused("DELETE FROM archiviazione").contains("never removed"));
    let other = verbale(&d, "EF789GH", "2026-04-20", false);
    assert!(
        refused(&format!(
            "UPDATE act SET state = 'archiviato' WHERE id = {other}"
        ))
        .contains("only with the provvedimento")
    );
    drop(conn);
    d.ok(&["audit", "verify"]);
}

/// Verbale `id`'s avviso di pagamento saved as a PDF, and the texts of its QR codes as a
/// citizen's app reads them (zbarimg), sorted.
fn avviso_qr(d: &DataDir, id: i64) -> (std::path::PathBuf, Vec<String>) {
    let avviso = d.path().join(format!("avviso-{id}.pdf"));
    d.ok(&[
        "avviso-pagopa",
        &id.to_string(),
        "--out",
        avviso.to_str().expect("utf-8"),
    ]);
    let png = d.path().join(format!("avviso-{id}"));
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
    let mut codes: Vec<String> = decoded.lines().map(String::from).collect();
    codes.sort();
    (avviso, codes)
}

/// The codici avviso of verbale `id`'s avviso, read from its QR codes ([`avviso_qr`]):
/// (codice, the Comune's codice fiscale, amount in cents), the reduced option first.
fn codici_avviso(d: &DataDir, id: i64) -> Vec<(String, String, i64)> {
    let mut out: Vec<(String, String, i64)> = avviso_qr(d, id)
        .1
        .iter()
        .map(|qr| {
            let f: Vec<&str> = qr.split('|').collect();
            (
                f[2].to_string(),
                f[3].to_string(),
                f[4].parse().expect("amount"),
            )
        })
        .collect();
    out.sort_by_key(|(_, _, cents)| *cents);
    out
}

/// A flusso di rendicontazione of pagoPA to the Comune with codice fiscale `cf`, with these
/// payments (IUV, amount "75.40", day).
fn flusso(cf: &str, id: &str, pagamenti: &[(&str, &str, &str)]) -> String {
    let mut total = 0i64;
    let mut body = String::new();
    for (i, (iuv, importo, il)) in pagamenti.iter().enumerate() {
        let (e, c) = importo.split_once('.').expect("euro.cents");
        total += e.parse::<i64>().expect("euro") * 100 + c.parse::<i64>().expect("cents");
        body.push_str(&format!(
            "<datiSingoliPagamenti><identificativoUnivocoVersamento>{iuv}</identificativoUnivocoVersamento><identificativoUnivocoRiscossione>{id}-{i}</identificativoUnivocoRiscossione><indiceDatiSingoloPagamento>1</indiceDatiSingoloPagamento><singoloImportoPagato>{importo}</singoloImportoPagato><codiceEsitoSingoloPagamento>0</codiceEsitoSingoloPagamento><dataEsitoSingoloPagamento>{il}</dataEsitoSingoloPagamento></datiSingoliPagamenti>"
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<FlussoRiversamento xmlns="http://www.digitpa.gov.it/schemas/2011/Pagamenti/">
<versioneOggetto>1.0</versioneOggetto><identificativoFlusso>{id}</identificativoFlusso>
<dataOraFlusso>2026-02-11T08:00:00</dataOraFlusso><identificativoUnivocoRegolamento>R-{id}</identificativoUnivocoRegolamento>
<dataRegolamento>2026-02-11</dataRegolamento>
<istitutoMittente><identificativoUnivocoMittente><tipoIdentificativoUnivoco>B</tipoIdentificativoUnivoco><codiceIdentificativoUnivoco>BPPIITRRXXX</codiceIdentificativoUnivoco></identificativoUnivocoMittente><denominazioneMittente>Poste Italiane</denominazioneMittente></istitutoMittente>
<istitutoRicevente><identificativoUnivocoRicevente><tipoIdentificativoUnivoco>G</tipoIdentificativoUnivoco><codiceIdentificativoUnivoco>{cf}</codiceIdentificativoUnivoco></identificativoUnivocoRicevente></istitutoRicevente>
<numeroTotalePagamenti>{}</numeroTotalePagamenti><importoTotalePagamenti>{}.{:02}</importoTotalePagamenti>
{body}
</FlussoRiversamento>"#,
        pagamenti.len(),
        total / 100,
        total % 100
    )
}

#[test]
fn a_verbale_is_collected_from_the_flussi_of_pagopa_read_from_a_file_and_from_the_intermediarys_folder()
 {
    use atti_sync::testkit::Fixture;
    let d = DataDir::demo_at_with_keyring("2026-01-21 09:00:00");
    let id = verbale(&d, "AB123CD", "2026-01-20", false);
    // Notified by post: delivered on 23 January; the reduced amount until 28 January.
    let ok = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--as", "agente"]);
        d.ok(&all)
    };
    let sid = id.to_string();
    ok(&[
        "notifica",
        "posta",
        &sid,
        "--a",
        "Via Po 3, Torino",
        "--raccomandata",
        "RA 1",
        "--spedita",
        "2026-01-21",
    ]);
    d.set_clock("2026-01-26 09:00:00");
    ok(&["notifica", "consegna", &sid, "--il", "2026-01-23"]);
    // The two options of its avviso: 60,90 + 14,50 and 87,00 + 14,50.
    let codici = codici_avviso(&d, id);
    assert_eq!(
        codici.iter().map(|(_, _, c)| *c).collect::<Vec<_>>(),
        [7540, 10150]
    );
    let (ridotto, minimo) = (&codici[0].0[1..], &codici[1].0[1..]);
    let cf = codici[0].1.as_str();

    // A flusso from a file: the reduced amount paid on day 7 (too late for it), with a
    // payment of another service of the Comune.
    let file = d.path().join("flusso-1.xml");
    std::fs::write(
        &file,
        flusso(
            cf,
            "2026-02-11BPPIITRRXXX-0001",
            &[
                (ridotto, "75.40", "2026-01-30"),
                ("01999999999999999", "10.00", "2026-01-30"),
            ],
        ),
    )
    .expect("write");
    d.set_clock("2026-02-12 09:00:00");
    let read = d.json(&[
        "pagopa",
        "rendicontazione",
        file.to_str().expect("utf-8"),
        "--as",
        "agente",
    ]);
    assert_eq!(read["registrati"], 1);
    assert_eq!(read["non_nostri"], json!(["01999999999999999"]));
    let pagamenti = d.json(&["pagopa", "pagamenti", &sid, "--as", "agente"]);
    assert_eq!(pagamenti["esito"]["esito"], "insufficiente");
    assert_eq!(pagamenti["esito"]["mancano_centesimi"], 10150 - 7540);
    assert_eq!(
        pagamenti["esito_label"],
        "pagamento insufficiente: mancano 26,10 €"
    );
    // Read again: nothing changes, nothing is counted twice.
    let again = d.json(&[
        "pagopa",
        "rendicontazione",
        file.to_str().expect("utf-8"),
        "--as",
        "agente",
    ]);
    assert_eq!(again["gia_letto"], true);
    let pagamenti = d.json(&["pagopa", "pagamenti", &sid, "--as", "agente"]);
    assert_eq!(pagamenti["pagamenti"].as_array().map(Vec::len), Some(1));
    // A flusso whose totals do not add up, or not UTF-8: refused in Italian, nothing kept.
    std::fs::write(
        &file,
        flusso(cf, "X-2", &[(minimo, "26.10", "2026-02-10")]).replace(
            "<importoTotalePagamenti>26.10<",
            "<importoTotalePagamenti>2.61<",
        ),
    )
    .expect("write");
    let err = d.fails(&[
        "pagopa",
        "rendicontazione",
        file.to_str().expect("utf-8"),
        "--as",
        "agente",
    ]);
    assert!(
        err.contains("dichiara un totale di 2.61 euro e i pagamenti sommano 26,10 €"),
        "{err}"
    );
    std::fs::write(&file, [0xff, 0xfe, 0x00]).expect("write");
    let err = d.fails(&[
        "pagopa",
        "rendicontazione",
        file.to_str().expect("utf-8"),
        "--as",
        "agente",
    ]);
    assert!(err.contains("non è testo UTF-8"), "{err}");

    // The intermediary puts the next flusso in its folder on the document server (Apache
    // mod_dav over TLS), which the amministratore named: the rest, paid within 60 days.
    let fx = Fixture::start();
    let ca = fx.pki.ca_pem.to_str().expect("utf-8");
    let set = d.run_with_stdin(
        None,
        &[
            "server",
            "set",
            "--url",
            &format!("{}archive", fx.server.url()),
            "--user",
            &fx.user,
            "--ca",
            ca,
            "--as",
            "amministratore",
        ],
        &format!("{}\n", fx.password),
    );
    assert_eq!(set.code, 0, "{set:?}");
    let traversal = d.fails(&[
        "pagopa",
        "intermediario",
        "--nome",
        "PagoPA tramite Regione",
        "--cartella",
        "../registro",
        "--as",
        "amministratore",
    ]);
    assert!(traversal.contains("senza «..»"), "{traversal}");
    let refused = d.fails(&[
        "pagopa",
        "intermediario",
        "--nome",
        "Altro",
        "--cartella",
        "altro",
        "--as",
        "agente",
    ]);
    assert!(refused.contains("amministratore"), "{refused}");
    d.ok(&[
        "pagopa",
        "intermediario",
        "--nome",
        "PagoPA tramite Regione",
        "--cartella",
        "pagopa/rendicontazione",
        "--as",
        "amministratore",
    ]);
    let folder = fx
        .server
        .data_dir()
        .join("archive")
        .join("pagopa")
        .join("rendicontazione");
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::write(
        folder.join("2026-03-01-0002.xml"),
        flusso(
            cf,
            "2026-03-01BPPIITRRXXX-0002",
            &[(minimo, "26.10", "2026-03-20")],
        ),
    )
    .expect("write");
    std::fs::write(folder.join("LEGGIMI.txt"), "non un flusso").expect("write");
    // The server's certificates are today's: this step runs on the machine's clock (what it
    // records depends on the days in the flussi, not on today).
    d.machine_clock();
    let read = d.json(&["pagopa", "leggi", "--as", "agente"]);
    assert_eq!(read.as_array().map(Vec::len), Some(1), "{read}");
    assert_eq!(read[0]["registrati"], 1);
    assert_eq!(read[0]["verbali"], json!([id]));
    let pagamenti = d.json(&["pagopa", "pagamenti", &sid, "--as", "agente"]);
    assert_eq!(pagamenti["esito"]["esito"], "estinto");
    assert_eq!(
        pagamenti["esito_label"],
        "pagato il 20/03/2026: obbligazione estinta"
    );
    // The register of verbali says it, on screen and exported.
    let registro = d.json(&["registro", "verbale-pl", "--year", "2026", "--as", "agente"]);
    let row = registro
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["act_id"] == id)
        .cloned()
        .expect("its row");
    assert_eq!(
        row["pagamento"],
        "pagato il 20/03/2026: obbligazione estinta"
    );
    let csv = d.path().join("registro.csv");
    d.ok(&[
        "registro",
        "verbale-pl",
        "--year",
        "2026",
        "--esporta",
        csv.to_str().expect("utf-8"),
        "--as",
        "agente",
    ]);
    let csv = std::fs::read_to_string(&csv).expect("csv");
    assert!(
        csv.contains("Notificata (posta (atti giudiziari): consegnata il 23/01/2026; pagato il 20/03/2026: obbligazione estinta)"),
        "{csv}"
    );
    // Read again from the folder: nothing new, nothing downloaded again.
    let read = d.json(&["pagopa", "leggi", "--as", "agente"]);
    assert_eq!(read, json!([]));
    // The same flusso under another name (the intermediary put it twice): read, and
    // recognised as read.
    std::fs::copy(
        folder.join("2026-03-01-0002.xml"),
        folder.join("2026-03-01-0002-copia.xml"),
    )
    .expect("copy");
    let read = d.json(&["pagopa", "leggi", "--as", "agente"]);
    assert_eq!(read[0]["gia_letto"], true, "{read}");
    d.set_clock("2026-03-23 09:00:00");
    // The verbale's history names each payment; SQL keeps them; the audit chain holds.
    let history = d.json(&["act", "history", &sid, "--as", "agente"]);
    let labels: Vec<&str> = history
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|e| e["label"].as_str())
        .collect();
    assert!(
        labels.contains(
            &"Pagamento di 75,40 € del 30/01/2026 (flusso pagoPA 2026-02-11BPPIITRRXXX-0001)"
        ),
        "{labels:?}"
    );
    let conn = rusqlite::Connection::open(d.db()).expect("open");
    let refused = |sql: &str| conn.execute_batch(sql).expect_err(sql).to_string();
    assert!(refused("UPDATE pagamento SET importo_centesimi = 1").contains("never modified"));
    assert!(refused("DELETE FROM pagopa_flusso").contains("never removed"));
    drop(conn);
    d.ok(&["audit", "verify"]);
}
