//! Bad input gets a clear Italian message and changes nothing.

use crate::support::DataDir;

fn edit_with(d: &DataDir, id: i64, bytes: &[u8]) -> String {
    let file = d.path().join("input.json");
    std::fs::write(&file, bytes).unwrap_or_default();
    d.fails(&[
        "act",
        "edit",
        &id.to_string(),
        "--file",
        file.to_str().unwrap_or_default(),
    ])
}

#[test]
fn each_bad_input_is_named_and_changes_nothing() {
    let d = DataDir::demo();
    let id = d.new_act("determinazione", "Acquisto di cancelleria", "istruttore");
    let before = d.snapshot();

    let cases: Vec<(&str, String)> = vec![
        ("JSON troncato", edit_with(&d, id, b"{\"kind\": \"determinazione\", \"oggetto\": ")),
        ("JSON malformato", edit_with(&d, id, b"{kind: determinazione}")),
        ("UTF-8 non valido", edit_with(&d, id, b"{\"kind\":\"determinazione\",\"oggetto\":\"caf\xe8\"}")),
        (
            "tipo sconosciuto nel file",
            edit_with(&d, id, br#"{"kind":"delibera","oggetto":"x"}"#),
        ),
        (
            "tipo diverso",
            edit_with(&d, id, br#"{"kind":"ordinanza","oggetto":"x"}"#),
        ),
        (
            "altro atto",
            edit_with(&d, id, br#"{"id": 999, "kind":"determinazione","oggetto":"x"}"#),
        ),
        (
            "campo non valido",
            edit_with(
                &d,
                id,
                br#"{"kind":"determinazione","oggetto":"x","impegni":[{"esercizio":2026,"capitolo":"1","importo_centesimi":-5,"beneficiario":"B","cig":"short"}]}"#,
            ),
        ),
        ("utente sconosciuto", d.fails(&["act", "list", "--as", "mallory"])),
        ("utente sconosciuto in new", d.fails(&["act", "new", "--kind", "decreto", "--subject", "x", "--as", "mallory"])),
        ("atto inesistente", d.fails(&["act", "show", "424242"])),
        ("oggetto vuoto", d.fails(&["act", "new", "--kind", "decreto", "--subject", "  ", "--as", "sindaco"])),
        ("file inesistente", d.fails(&["act", "attach", &id.to_string(), "/nonexistent/file.pdf"])),
    ];
    let expected = [
        ("JSON troncato", "troncato"),
        ("JSON malformato", "riga 1, colonna 2"),
        ("UTF-8 non valido", "UTF-8"),
        ("tipo sconosciuto nel file", "valore non ammesso `delibera`"),
        ("tipo diverso", "il tipo di un atto non si cambia"),
        ("altro atto", "l'atto 999, non l'atto"),
        (
            "campo non valido",
            "impegni[0].importo_centesimi: l'importo non può essere negativo",
        ),
        ("utente sconosciuto", "l'utente «mallory» non esiste"),
        ("utente sconosciuto in new", "l'utente «mallory» non esiste"),
        ("atto inesistente", "l'atto 424242 non esiste"),
        ("oggetto vuoto", "l'oggetto è obbligatorio"),
        ("file inesistente", "il file non esiste"),
    ];
    for ((name, got), (name2, want)) in cases.iter().zip(expected) {
        assert_eq!(*name, name2);
        assert!(got.contains(want), "{name}: expected «{want}» in: {got}");
    }
    // The field errors are listed one per line too.
    assert!(
        cases[6]
            .1
            .contains("  - impegni[0].cig: il CIG deve essere di 10 caratteri"),
        "{}",
        cases[6].1
    );
    assert_eq!(d.snapshot(), before, "a refused command changed the store");
}

#[test]
fn a_200_mb_attachment_is_refused_without_reading_it() {
    let d = DataDir::demo();
    let id = d.new_act("determinazione", "Progetto esecutivo", "istruttore");
    let before = d.snapshot();
    let big = d.path().join("progetto.zip");
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(200 * 1024 * 1024).expect("sparse 200 MB");
    let msg = d.fails(&[
        "act",
        "attach",
        &id.to_string(),
        big.to_str().unwrap_or_default(),
    ]);
    assert!(
        msg.contains("pesa 200.0 MB") || msg.contains("pesa 200,0 MB"),
        "{msg}"
    );
    assert!(msg.contains("il limite è 100 MB"), "{msg}");
    assert_eq!(d.snapshot(), before);
}

#[test]
fn usage_errors_exit_2() {
    let d = DataDir::demo();
    assert_eq!(d.run(&["act", "frobnicate"]).code, 2);
    assert_eq!(d.run(&["act", "new", "--kind", "decreto"]).code, 2);
    assert_eq!(d.run(&["act", "show", "non-un-numero"]).code, 2);
    // A name outside a closed list (a kind, a state, an action, an esito) is wrong usage too,
    // and the message names the allowed ones.
    let r = d.run(&["act", "new", "--kind", "delibera", "--subject", "x"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("valore «delibera» non valido per «--kind <TIPO>»"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "[valori ammessi: delibera-giunta, delibera-consiglio, determinazione, ordinanza, decreto, verbale-pl]"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn a_store_without_comune_says_how_to_start() {
    let d = crate::support::DataDir::new();
    let msg = d.fails(&["act", "list"]);
    assert!(msg.contains("atti init --demo"), "{msg}");
    d.ok(&["init", "--demo"]);
    let again = d.fails(&["init", "--demo"]);
    assert!(
        again.contains("contiene già il Comune di Esempio"),
        "{again}"
    );
}

#[test]
fn signed_history_cannot_be_rewritten_in_sql() {
    let d = DataDir::demo();
    let id = d.new_act("decreto", "Nomina del responsabile", "sindaco");
    let conn = rusqlite::Connection::open(d.db()).expect("open");
    let upd = conn.execute(
        "UPDATE act_version SET content = '{}' WHERE act_id = ?1",
        [id],
    );
    assert!(upd.is_err(), "UPDATE of a saved version must be refused");
    let del = conn.execute("DELETE FROM act_version WHERE act_id = ?1", [id]);
    assert!(del.is_err(), "DELETE of a saved version must be refused");
}

#[test]
fn a_data_dir_whose_archive_is_not_sqlite_is_refused_and_left_alone() {
    let d = DataDir::new();
    let garbage = b"PK\x03\x04 un file zip finito qui per sbaglio".repeat(100);
    std::fs::write(d.db(), &garbage).expect("write");
    let msg = d.fails(&["act", "list"]);
    assert!(msg.contains("non è un archivio di Atti"), "{msg}");
    assert!(msg.contains("copia di sicurezza"), "{msg}");
    assert_eq!(std::fs::read(d.db()).expect("db"), garbage);
}
