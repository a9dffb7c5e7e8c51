//! A real Comune, set up from the JSON file IT staff write (`atti init --comune`): its users
//! work through the iter with their own signing identity, it trusts its own CA, and it issues
//! no certified copy until it has its own seal key. Bad set-up files are refused with Italian
//! messages and leave the archive empty.

use crate::support::DataDir;
use atti_core::Sensitive;
use atti_sync::testkit::Fixture;
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/comune.example.json")
}

#[test]
fn a_comune_set_up_from_its_json_file_adopts_signs_and_seals_with_its_own_keys() {
    let fx = Fixture::start();
    let d = DataDir::real_comune(&fx, &example());
    // A second set-up of the same archive is refused.
    let msg = d.fails(&["init", "--comune", example().to_str().expect("utf-8")]);
    assert!(
        msg.contains("contiene già il Comune di Castelnuovo al Piano"),
        "{msg}"
    );

    // The sindaco's own PKCS#12, from the Comune's own CA (here a test CA).
    let now = jiff::Timestamp::now();
    let ca = atti_sign::demo::DemoCa::generate("Comune di Castelnuovo al Piano", now).expect("CA");
    let ca_pem = d.path().join("ca-comune.pem");
    std::fs::write(&ca_pem, ca.certificate_pem()).expect("write");
    let password = Sensitive::new("parola-segreta".to_string());
    let p12 = ca
        .issue_pkcs12("Laura", "Ferrari", "FRRLRA72H45H501A", &password, now)
        .expect("p12");
    let p12_path = d.path().join("ferrari.p12");
    std::fs::write(&p12_path, p12).expect("write");
    // The Comune's settings are its amministratore's.
    let msg = d.fails(&[
        "comune",
        "fiducia",
        ca_pem.to_str().expect("utf-8"),
        "--as",
        "l.ferrari",
    ]);
    assert!(msg.contains("solo l'amministratore di sistema"), "{msg}");
    d.ok(&[
        "comune",
        "fiducia",
        ca_pem.to_str().expect("utf-8"),
        "--as",
        "e.ricci",
    ]);
    let r = d.run_with_stdin(
        None,
        &[
            "identity",
            "add",
            "--user",
            "l.ferrari",
            "--p12",
            p12_path.to_str().expect("utf-8"),
            "--pin-stdin",
            "--as",
            "l.ferrari",
        ],
        "parola-segreta\n",
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);

    // A decreto by the sindaco, adopted with her signature.
    let id = d.new_act("decreto", "Nomina del vicesindaco", "l.ferrari");
    d.fill(
        id,
        "l.ferrari",
        serde_json::json!({"dispositivo": [{"text": "di nominare"}]}),
    );
    let r = d.run_with_stdin(
        None,
        &[
            "sign",
            &id.to_string(),
            "--as",
            "l.ferrari",
            "--pin-stdin",
            "--json",
        ],
        "parola-segreta\n",
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let signed = d.path().join("decreto.pdf");
    d.ok(&[
        "render",
        &id.to_string(),
        "--out",
        signed.to_str().expect("utf-8"),
    ]);
    let report = d.json(&["verify", signed.to_str().expect("utf-8")]);
    assert_eq!(report["signatures"][0]["valid"], true, "{report}");
    assert_eq!(report["signatures"][0]["trusted"], true, "{report}");
    assert_eq!(
        report["signatures"][0]["codice_fiscale"], "FRRLRA72H45H501A",
        "{report}"
    );

    // No address of the verification page yet (the demo's would point elsewhere), then no
    // seal key: no certified copy, and each message says what to do.
    let copy = d.path().join("copia.pdf");
    let copy_arg = copy.to_str().expect("utf-8");
    let copia = [
        "copia",
        &id.to_string(),
        "--out",
        copy_arg,
        "--as",
        "p.esposito",
    ];
    let msg = d.fails(&copia);
    assert!(msg.contains("atti comune url-verifica"), "{msg}");
    d.ok(&[
        "comune",
        "url-verifica",
        "https://www.comune.castelnuovo.example.it/verifica",
        "--as",
        "e.ricci",
    ]);
    let msg = d.fails(&copia);
    assert!(msg.contains("atti comune sigillo --genera"), "{msg}");
    assert!(!copy.exists());
    // With its own key (in the keyring), the copy is issued and verifies.
    d.ok(&["comune", "sigillo", "--genera", "--as", "e.ricci"]);
    d.ok(&copia);
    let copie = d.json(&["act", "copie", &id.to_string()]);
    let token = copie[0]["token"].as_str().expect("token");
    assert_eq!(copie[0]["issued_by"], "p.esposito");
    assert_eq!(d.json(&["verify", "--qr", token])["original_matches"], true);
    assert!(
        token.contains("https://www.comune.castelnuovo.example.it/verifica"),
        "{token}"
    );
    d.ok(&["audit", "verify"]);
}

#[test]
fn a_bad_set_up_file_is_refused_in_italian_and_leaves_the_archive_empty() {
    let d = DataDir::new();
    let good = std::fs::read_to_string(example()).expect("example");
    let file = d.path().join("comune.json");
    let file_arg = file.to_str().expect("utf-8").to_string();
    let refuse = |bytes: &[u8], expected: &str| {
        std::fs::write(&file, bytes).expect("write");
        let msg = d.fails(&["init", "--comune", &file_arg]);
        assert!(msg.contains(expected), "expected «{expected}» in: {msg}");
        // Nothing was created: commands still ask for a Comune.
        let msg = d.fails(&["act", "list"]);
        assert!(msg.contains("init"), "{msg}");
    };
    refuse(
        good.replace("Comune di Castelnuovo al Piano", "Comune di Esempio")
            .as_bytes(),
        "nome riservato al Comune dimostrativo",
    );
    refuse(&good.as_bytes()[..good.len() / 2], "il file è troncato");
    refuse(
        good.replace("\"role\"", "\"ruolo\"").as_bytes(),
        "campo sconosciuto `ruolo`",
    );
    refuse(
        good.replace("\"istruttore\"", "\"usciere\"").as_bytes(),
        "valore non ammesso `usciere`",
    );
    refuse(
        good.replace("\"office\": \"PL\"", "\"office\": \"VIG\"")
            .as_bytes(),
        "users[6].office: l'ufficio «VIG» non è tra gli uffici del Comune",
    );
    refuse(
        good.replace("BNCGLI80A41H501C", "BNCGLI80A41H501D")
            .as_bytes(),
        "users[0].codice_fiscale: codice fiscale non valido",
    );
    refuse(
        good.replace("m.rossi", "g.bianchi").as_bytes(),
        "il nome utente «g.bianchi» è ripetuto",
    );
    let mut invalid_utf8 = good.clone().into_bytes();
    invalid_utf8[20] = 0xff;
    refuse(&invalid_utf8, "non è testo UTF-8 valido");
    refuse(&vec![b' '; 2 * 1024 * 1024], "supera 1024 KB");
    // The good file still works afterwards, once.
    std::fs::write(&file, good).expect("write");
    let out = d.ok(&["init", "--comune", &file_arg]);
    assert!(
        out.contains("Creato il Comune di Castelnuovo al Piano"),
        "{out}"
    );
    assert!(out.contains("atti login"), "{out}");
    // Nobody works in it before a login.
    let msg = d.fails(&["act", "list"]);
    assert!(msg.contains("atti login --user UTENTE"), "{msg}");
}

/// With two dirigenti, the adopted act names the one who signed it, not the first of the list.
#[test]
fn the_adopted_act_names_who_signed_it() {
    let mut setup: serde_json::Value =
        serde_json::from_slice(&std::fs::read(example()).expect("example")).expect("json");
    let cf = atti_core::codice_fiscale::with_check_char("BRNLRT70A01H501").expect("cf");
    setup["users"].as_array_mut().expect("users").insert(
        0,
        serde_json::json!({ "username": "a.bruno", "full_name": "Alberto Bruno",
            "role": "dirigente", "office": "RAG", "codice_fiscale": cf }),
    );
    let file = tempfile::NamedTempFile::new().expect("setup file");
    std::fs::write(file.path(), setup.to_string()).expect("write");
    let fx = Fixture::start();
    let d = DataDir::real_comune(&fx, file.path());
    let now = jiff::Timestamp::now();
    let ca = atti_sign::demo::DemoCa::generate("Comune di Castelnuovo al Piano", now).expect("CA");
    let ca_pem = d.path().join("ca-comune.pem");
    std::fs::write(&ca_pem, ca.certificate_pem()).expect("write");
    d.ok(&[
        "comune",
        "fiducia",
        ca_pem.to_str().expect("utf-8"),
        "--as",
        "e.ricci",
    ]);
    let password = Sensitive::new("parola-segreta".to_string());
    let p12 = ca
        .issue_pkcs12("Marco", "Rossi", "RSSMRC75C12H501J", &password, now)
        .expect("p12");
    let p12_path = d.path().join("rossi.p12");
    std::fs::write(&p12_path, p12).expect("write");
    let identity = [
        "identity",
        "add",
        "--user",
        "m.rossi",
        "--p12",
        p12_path.to_str().expect("utf-8"),
        "--pin-stdin",
        "--as",
        "m.rossi",
    ];
    let r = d.run_with_stdin(None, &identity, "parola-segreta\n");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);

    let id = d.new_act("determinazione", "Acquisto di cancelleria", "g.bianchi");
    d.fill(
        id,
        "g.bianchi",
        serde_json::json!({"dispositivo": [{"text": "di acquistare"}]}),
    );
    d.ok(&["iter", &id.to_string(), "invia", "--as", "g.bianchi"]);
    let sign = ["sign", &id.to_string(), "--as", "m.rossi", "--pin-stdin"];
    let r = d.run_with_stdin(None, &sign, "parola-segreta\n");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let pdf = d.path().join("determinazione.pdf");
    d.ok(&[
        "render",
        &id.to_string(),
        "--out",
        pdf.to_str().expect("utf-8"),
    ]);
    let text = crate::support::run_tool("pdftotext", &[pdf.to_str().expect("utf-8"), "-"]);
    assert!(text.contains("Marco Rossi"), "{text}");
    assert!(!text.contains("Alberto Bruno"), "{text}");
    assert!(text.contains("Documento firmato digitalmente"), "{text}");
}
