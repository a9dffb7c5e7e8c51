//! The CLI journeys of the foundation: a clerk drafts acts of every kind, edits them through
//! the JSON form, finds them, and reads their history.

use crate::support::DataDir;
use serde_json::json;

const OGGETTO: &str = "Affidamento del servizio di manutenzione – più qualità";

#[test]
fn draft_edit_show_round_trip() {
    let d = DataDir::demo();
    let id = d.new_act("determinazione", OGGETTO, "istruttore");
    let mut act = d.json(&["act", "show", &id.to_string()]);
    assert_eq!(act["oggetto"], OGGETTO);
    assert_eq!(act["kind"], "determinazione");
    assert_eq!(act["state"], "bozza");
    assert_eq!(act["office"], "TEC");
    assert_eq!(act["version"], 1);
    assert!(
        act["proposal"]
            .as_str()
            .unwrap_or_default()
            .starts_with("TEC/")
    );

    // The output of show --json is accepted as is (a no-op save keeps the version).
    let file = d.path().join("act.json");
    std::fs::write(
        &file,
        serde_json::to_string_pretty(&act).unwrap_or_default(),
    )
    .unwrap_or_default();
    d.ok(&[
        "act",
        "edit",
        &id.to_string(),
        "--file",
        file.to_str().unwrap_or_default(),
    ]);
    assert_eq!(d.json(&["act", "show", &id.to_string()])["version"], 1);

    // An edited copy becomes version 2, with everything in it.
    act["sections"] =
        json!([{"kind": "premesso", "text": "Premesso che il servizio scade il 31/12;"}]);
    act["dispositivo"] =
        json!([{"text": "di affidare il servizio"}, {"text": "di impegnare la spesa"}]);
    act["impegni"] = json!([{"esercizio": 2026, "capitolo": "1043.02", "importo_centesimi": 122000,
        "beneficiario": "Manutenzioni Srl", "cig": "B1234ABCD5", "cup": null}]);
    std::fs::write(&file, act.to_string()).unwrap_or_default();
    d.ok(&[
        "act",
        "edit",
        &id.to_string(),
        "--file",
        file.to_str().unwrap_or_default(),
    ]);
    let shown = d.json(&["act", "show", &id.to_string()]);
    assert_eq!(shown["version"], 2);
    assert_eq!(shown["dispositivo"][1]["text"], "di impegnare la spesa");
    assert_eq!(shown["impegni"][0]["importo_centesimi"], 122000);
    // The round trip is exact: what we wrote is what we read, identity fields aside.
    for field in [
        "oggetto",
        "sections",
        "dispositivo",
        "impegni",
        "attachments",
        "verbale",
    ] {
        assert_eq!(shown[field], act[field], "field {field}");
    }

    // The file from version 1 is now stale: saving it would lose version 2.
    let stale = d.fails(&[
        "act",
        "edit",
        &id.to_string(),
        "--file",
        file.to_str().unwrap_or_default(),
    ]);
    assert!(stale.contains("modificato"), "{stale}");

    // The human form shows the dispositivo numbered, and euro amounts the Italian way.
    let text = d.ok(&["act", "show", &id.to_string()]);
    assert!(
        text.contains("DETERMINA\n1. di affidare il servizio\n2. di impegnare la spesa"),
        "{text}"
    );
    assert!(text.contains("1.220,00 €"), "{text}");

    // History keeps every version, and old versions stay readable.
    let versions = d.json(&["act", "versions", &id.to_string()]);
    assert_eq!(versions.as_array().map(Vec::len), Some(2));
    let v1 = d.json(&["act", "show", &id.to_string(), "--version", "1"]);
    assert_eq!(v1["dispositivo"], json!([]));
}

#[test]
fn every_kind_can_be_drafted_by_its_role() {
    let d = DataDir::demo();
    let cases = [
        ("delibera-giunta", "istruttore"),
        ("delibera-consiglio", "segretario"),
        ("determinazione", "dirigente"),
        ("ordinanza", "sindaco"),
        ("decreto", "sindaco"),
        ("verbale-pl", "agente"),
    ];
    for (kind, user) in cases {
        let id = d.new_act(kind, &format!("Atto di prova: {kind}"), user);
        assert_eq!(d.json(&["act", "show", &id.to_string()])["kind"], kind);
    }
    let list = d.json(&["act", "list"]);
    assert_eq!(list.as_array().map(Vec::len), Some(6));
    let only = d.json(&["act", "list", "--kind", "verbale-pl"]);
    assert_eq!(only.as_array().map(Vec::len), Some(1));
    assert_eq!(only[0]["kind"], "verbale-pl");
    assert_eq!(
        d.json(&["act", "list", "--state", "bozza"])
            .as_array()
            .map(Vec::len),
        Some(6)
    );

    // Proposal numbers run per office and year.
    let proposals: Vec<String> = list
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["proposal"].as_str().map(String::from))
        .collect();
    assert!(
        proposals
            .iter()
            .any(|p| p.starts_with("SEG/") && p.ends_with("/0003")),
        "{proposals:?}"
    );

    // A role that does not write an act kind is refused, with the rule named.
    let msg = d.fails(&[
        "act",
        "new",
        "--kind",
        "verbale-pl",
        "--subject",
        "x",
        "--as",
        "istruttore",
    ]);
    assert!(msg.contains("non può redigere"), "{msg}");
}

#[test]
fn search_is_accent_insensitive_and_finds_the_body() {
    let d = DataDir::demo();
    let id = d.new_act("determinazione", OGGETTO, "istruttore");
    d.new_act(
        "ordinanza",
        "Chiusura temporanea di via Garibaldi",
        "sindaco",
    );
    for query in ["qualita", "QUALITÀ", "manut", "più quàlita"] {
        let hits = d.json(&["search", query]);
        assert_eq!(
            hits.as_array().map(Vec::len),
            Some(1),
            "query {query}: {hits}"
        );
        assert_eq!(hits[0]["id"], id);
    }
    // Body text is indexed too, and replaced on every save.
    let mut act = d.json(&["act", "show", &id.to_string()]);
    act["dispositivo"] = json!([{"text": "di liquidare la fattura n. 42 alla ditta Àlfa"}]);
    let file = d.path().join("a.json");
    std::fs::write(&file, act.to_string()).unwrap_or_default();
    d.ok(&[
        "act",
        "edit",
        &id.to_string(),
        "--file",
        file.to_str().unwrap_or_default(),
    ]);
    let hits = d.json(&["search", "alfa fattura"]);
    assert_eq!(hits[0]["id"], id);
    assert!(
        hits[0]["snippet"]
            .as_str()
            .unwrap_or_default()
            .contains("«"),
        "{hits}"
    );
    // FTS syntax in the query is just text.
    assert_eq!(
        d.json(&["search", "\"OR NEAR("]).as_array().map(Vec::len),
        Some(0)
    );
}

#[test]
fn search_finds_the_other_form_of_a_word_and_forgives_a_typo() {
    let d = DataDir::demo();
    let verde = d.new_act(
        "determinazione",
        "Manutenzione del verde pubblico",
        "istruttore",
    );
    let strade = d.new_act(
        "determinazione",
        "Manutenzioni straordinarie delle strade comunali",
        "istruttore",
    );
    d.new_act("ordinanza", "Chiusura di via Garibaldi", "sindaco");
    let ids = |query: &str| {
        let mut ids: Vec<i64> = d
            .json(&["search", query])
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|h| h["id"].as_i64())
            .collect();
        ids.sort_unstable();
        ids
    };
    // Singular and plural, and a letter left out.
    assert_eq!(ids("manutenzioni"), [verde, strade]);
    assert_eq!(ids("manutenzione"), [verde, strade]);
    assert_eq!(ids("manutenzone"), [verde, strade]);
    assert_eq!(ids("manutenzone verde"), [verde]);
    // Two letters swapped, in a word of the body: the ordinanza's street.
    assert_eq!(ids("garibaldi").len(), 1);
    assert_eq!(ids("gairbaldi").len(), 1);
    // A word nowhere near any other finds nothing.
    assert_eq!(ids("fotovoltaico"), Vec::<i64>::new());
}

#[test]
fn the_list_narrows_by_office_year_days_and_number() {
    let d = DataDir::demo_at("2025-03-12 10:00:00");
    let adopt = |oggetto: &str| {
        let id = d.new_act("determinazione", oggetto, "istruttore");
        d.fill(
            id,
            "istruttore",
            json!({"dispositivo": [{"text": "di procedere;"}]}),
        );
        d.ok(&["iter", &id.to_string(), "invia", "--as", "istruttore"]);
        d.sign(id, "adotta", "dirigente");
        id
    };
    let old = adopt("Manutenzione del verde 2025");
    d.set_clock("2026-02-10 10:00:00");
    let new = adopt("Manutenzione del verde 2026");
    let draft = d.new_act("decreto", "Nomina del responsabile", "segretario");
    let ids = |args: &[&str]| {
        let mut all = vec!["act", "list"];
        all.extend_from_slice(args);
        let mut ids: Vec<i64> = d
            .json(&all)
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["id"].as_i64())
            .collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(ids(&["--anno", "2025"]), [old]);
    assert_eq!(ids(&["--anno", "2026"]), [new, draft]);
    assert_eq!(ids(&["--ufficio", "SEG"]), [draft]);
    assert_eq!(ids(&["--numero", "1/2025"]), [old]);
    assert_eq!(ids(&["--numero", "1"]), [old, new]);
    assert_eq!(ids(&["--dal", "2025-03-01", "--al", "2025-12-31"]), [old]);
    // The search takes the same filters.
    let hits = d.json(&["search", "verde", "--anno", "2026"]);
    assert_eq!(hits.as_array().map(Vec::len), Some(1), "{hits}");
    assert_eq!(hits[0]["id"], new);
    let msg = d.fails(&["act", "list", "--dal", "ieri"]);
    assert!(msg.contains("«ieri» non è una data"), "{msg}");
    // What the search finds, out as CSV for a spreadsheet: read back by Python's csv module.
    let out = d.path().join("ricerca.csv");
    d.ok(&[
        "search",
        "verde",
        "--esporta",
        out.to_str().unwrap_or_default(),
    ]);
    let script = "import csv, json, sys\n\
                  with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n    \
                  print(json.dumps(list(csv.reader(f, delimiter=';'))))";
    let rows: Vec<Vec<String>> = serde_json::from_str(&crate::support::run_tool(
        "python3",
        &["-c", script, out.to_str().unwrap_or_default()],
    ))
    .expect("rows");
    assert_eq!(rows[0][..2], ["Tipo di atto", "Numero"]);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(
        rows[1..]
            .iter()
            .any(|r| r[1] == "1/2025" && r[3] == "12/03/2025"),
        "{rows:?}"
    );
}

#[test]
fn attachments_are_stored_by_hash_with_clean_names() {
    let d = DataDir::demo();
    let id = d.new_act("determinazione", OGGETTO, "istruttore");
    let work = d.path().join("ufficio/pratiche");
    std::fs::create_dir_all(&work).unwrap_or_default();
    std::fs::create_dir_all(d.path().join("etc")).unwrap_or_default();
    std::fs::write(d.path().join("etc/passwd"), b"non un segreto").unwrap_or_default();
    // A relative path that climbs: the content is read, the name is only the last part.
    let r = d.run_in(
        Some(&work),
        &["act", "attach", &id.to_string(), "../../etc/passwd"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let act = d.json(&["act", "show", &id.to_string()]);
    assert_eq!(act["attachments"][0]["name"], "passwd");
    assert_eq!(act["attachments"][0]["size"], 14);
    assert_eq!(
        act["attachments"][0]["sha256"],
        sha256_hex(b"non un segreto")
    );
    // The same content twice is refused, by name.
    let pdf = d.path().join("Relazione tecnica.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n%fake but typed by content\n").unwrap_or_default();
    d.ok(&[
        "act",
        "attach",
        &id.to_string(),
        pdf.to_str().unwrap_or_default(),
    ]);
    let again = d.fails(&[
        "act",
        "attach",
        &id.to_string(),
        pdf.to_str().unwrap_or_default(),
    ]);
    assert!(again.contains("già allegato"), "{again}");
    let act = d.json(&["act", "show", &id.to_string()]);
    assert_eq!(act["attachments"][1]["media_type"], "application/pdf");
    // Detach by hash.
    let sha = act["attachments"][0]["sha256"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    d.ok(&["act", "detach", &id.to_string(), &sha]);
    assert_eq!(
        d.json(&["act", "show", &id.to_string()])["attachments"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[test]
fn the_schema_describes_the_json_form() {
    let d = DataDir::demo();
    let id = d.new_act("verbale-pl", "Sosta in area pedonale", "agente");
    let act = d.json(&["act", "show", &id.to_string()]);
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../docs/act.schema.json"
        ))
        .unwrap_or_default(),
    )
    .expect("schema is JSON");
    // Every field the CLI prints is documented, and every required field is printed.
    let props = schema["properties"].as_object().expect("properties");
    for key in act.as_object().expect("object").keys() {
        assert!(
            props.contains_key(key),
            "{key} is not in docs/act.schema.json"
        );
    }
    for req in schema["required"].as_array().expect("required") {
        assert!(
            act.get(req.as_str().unwrap_or_default()).is_some(),
            "{req} missing"
        );
    }
    assert!(act["verbale"].is_object());
}

fn sha256_hex(data: &[u8]) -> String {
    // Computed by an independent tool: sha256sum.
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("f");
    std::fs::write(&f, data).unwrap_or_default();
    let out = std::process::Command::new("sha256sum")
        .arg(&f)
        .output()
        .expect("sha256sum");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The help of `atti` and of every command and subcommand, found by walking `--help`.
fn every_help(d: &DataDir, path: &mut Vec<String>, out: &mut Vec<(String, String)>) {
    let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
    args.push("--help");
    let r = d.run(&args);
    assert_eq!(r.code, 0, "atti {args:?}: {}", r.stderr);
    let commands: Vec<String> = r
        .stdout
        .lines()
        .skip_while(|l| *l != "Comandi:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .filter(|c| c != "help")
        .collect();
    out.push((path.join(" "), r.stdout));
    for c in commands {
        path.push(c);
        every_help(d, path, out);
        path.pop();
    }
}

#[test]
fn help_and_usage_errors_speak_italian() {
    let d = DataDir::new();
    let mut helps = Vec::new();
    every_help(&d, &mut Vec::new(), &mut helps);
    assert!(helps.len() > 30, "only {} helps found", helps.len());
    for (command, text) in &helps {
        for english in [
            "Usage",
            "Options",
            "Commands",
            "Arguments",
            "Print ",
            "[env:",
            "[default:",
            "<USER>",
            "<OUT>",
            "<DIR>",
            "<KIND>",
        ] {
            assert!(
                !text.contains(english),
                "«atti {command} --help» says «{english}»:\n{text}"
            );
        }
        assert!(text.contains("Uso: atti"), "atti {command} --help:\n{text}");
    }
    for (args, italian) in [
        (vec!["--nope"], "errore: argomento inatteso «--nope»"),
        (vec!["acts"], "suggerimento: esiste il comando «act»"),
        (vec!["render"], "mancano questi argomenti obbligatori:"),
        (
            vec!["render", "abc", "--out", "x.pdf"],
            "serve un numero intero",
        ),
        (
            vec!["render", "1", "--out"],
            "manca il valore di «--out <FILE.pdf>»",
        ),
        (
            vec!["init", "--demo", "--comune", "c.json"],
            "l'argomento «--demo» non si può usare insieme a «--comune <FILE.json>»",
        ),
        (
            vec!["act", "list", "--kind", "delibera"],
            "valore «delibera» non valido per «--kind <TIPO>»",
        ),
        (
            vec!["iter", "1", "approvare"],
            "suggerimento: esiste il valore «approva»",
        ),
        (
            vec!["parere", "1", "--tipo", "tecnico", "--esito", "si"],
            "[valori ammessi: favorevole, non-favorevole, non-dovuto]",
        ),
        (
            vec!["controllo", "esito", "1", "1", "--esito", "ok"],
            "[valori ammessi: regolare, con-osservazioni, irregolare]",
        ),
    ] {
        let r = d.run(&args);
        assert_eq!(r.code, 2, "atti {args:?}: {}", r.stderr);
        assert!(r.stderr.contains(italian), "atti {args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("error:"), "{}", r.stderr);
    }
}

/// A reader that goes away (`atti act list --json | head -1`, `| grep -q`) ends atti quietly,
/// as any Unix tool: no panic, no backtrace, success.
#[test]
fn a_closed_pipe_ends_quietly() {
    let d = DataDir::demo();
    for _ in 0..3 {
        d.new_act("determinazione", "Affidamento del servizio", "istruttore");
    }
    for args in [
        &["act", "list", "--json"][..],
        &["act", "list"][..],
        &["iter", "1", "--as", "dirigente"][..],
        &["--help"][..],
    ] {
        // The read end is closed before atti starts: its first write meets a broken pipe.
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = std::process::Command::new(atti_tests::workspace_bin("atti"))
            .arg("--data-dir")
            .arg(d.path())
            .args(args)
            .env_remove("ATTI_USER")
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .expect("run atti");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}
