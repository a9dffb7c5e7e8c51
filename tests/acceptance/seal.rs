//! The Comune's seal for contrassegni: its private key in the real Secret Service keyring
//! (gnome-keyring under dbus-run-session), never in the SQLite file; copies sealed with an
//! earlier key keep verifying; a PC without the key refuses to issue copies and says why.

use crate::support::{DataDir, in_keyring_session, run_tool};

/// The openssl CLI: an independent maker of keys.
fn openssl(args: &[&str]) -> String {
    run_tool("openssl", args)
}

/// An adopted decreto of the demo Comune, its id.
fn adopted_decreto(d: &DataDir) -> i64 {
    let id = d.new_act("decreto", "Nomina del vicesindaco", "sindaco");
    d.fill(
        id,
        "sindaco",
        serde_json::json!({"dispositivo": [{"text": "di nominare"}]}),
    );
    d.sign(id, "adotta", "sindaco");
    id
}

/// The tokens of the copies issued of `id`.
fn tokens(d: &DataDir, id: i64) -> Vec<String> {
    d.json(&["act", "copie", &id.to_string()])
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["token"].as_str().map(String::from))
        .collect()
}

#[test]
fn a_generated_seal_key_stays_in_the_keyring_and_earlier_copies_keep_verifying() {
    let d = DataDir::demo();
    let id = adopted_decreto(&d);
    let info = d.json(&["comune", "sigillo"]);
    assert_eq!(info["demo"], true, "{info}");
    let copy = |name: &str| d.path().join(name).to_str().expect("utf-8").to_string();
    d.ok(&[
        "copia",
        &id.to_string(),
        "--out",
        &copy("demo.pdf"),
        "--as",
        "segretario",
    ]);
    let demo_token = tokens(&d, id)[0].clone();

    let home = tempfile::tempdir().expect("home");
    let script = format!(
        r#"
D="{data}"
"$ATTI" --data-dir "$D" --as amministratore --json comune sigillo --genera > "$D/sigillo.json"
"$ATTI" --data-dir "$D" --as segretario copia {id} --out "$D/nuova.pdf"
"#,
        data = d.path().display(),
    );
    let (code, output) = in_keyring_session(home.path(), &script, &[]);
    assert_eq!(code, 0, "{output}");
    let info: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(d.path().join("sigillo.json")).expect("sigillo.json"),
    )
    .expect("json");
    assert_eq!(info["demo"], false, "{info}");
    assert_eq!(info["previous_keys"], 1, "{info}");
    let all = tokens(&d, id);
    assert_eq!(all.len(), 2, "{all:?}");
    let new_token = all
        .iter()
        .find(|t| **t != demo_token)
        .expect("new token")
        .clone();

    // Verifying needs only the public keys, which are in the settings: no keyring here.
    for token in [&demo_token, &new_token] {
        let v = d.json(&["verify", "--qr", token]);
        assert_eq!(v["original_matches"], true, "{v}");
    }
    // The demo key lost: retired from a day long after its copy, the copy still verifies;
    // retired from a day before it, the copy is refused, here and on the citizens' page.
    let demo_fp = info["previous"][0]["fingerprint"]
        .as_str()
        .expect("previous key")
        .to_string();
    let retire = |day: &str, who: &str| {
        d.run(&[
            "comune", "sigillo", "--ritira", &demo_fp, "--dal", day, "--as", who,
        ])
    };
    let r = retire("2000-01-01", "segretario");
    assert!(
        r.stderr.contains("solo l'amministratore di sistema"),
        "{}",
        r.stderr
    );
    assert_eq!(retire("2999-01-01", "amministratore").code, 0);
    assert_eq!(
        d.json(&["verify", "--qr", &demo_token])["original_matches"],
        true
    );
    let shown = d.ok(&["comune", "sigillo"]);
    assert!(
        shown.contains(&format!("{demo_fp}: ritirata dal 2999-01-01")),
        "{shown}"
    );
    assert_eq!(retire("2000-01-01", "amministratore").code, 0);
    let msg = d.fails(&["verify", "--qr", &demo_token]);
    assert!(msg.contains("ritirato dal 2000-01-01"), "{msg}");
    assert_eq!(
        d.json(&["verify", "--qr", &new_token])["original_matches"],
        true
    );
    let page = crate::verification_page::published_page(&d);
    let script = crate::verification_page::between(&page, "<script>", "</script>");
    let refused = crate::verification_page::node_verify(d.path(), script, &demo_token);
    assert_eq!(refused["valido"], false, "{refused}");
    assert!(
        refused["motivo"]
            .as_str()
            .unwrap_or_default()
            .contains("ritirato dal 01/01/2000"),
        "{refused}"
    );
    assert_eq!(
        crate::verification_page::node_verify(d.path(), script, &new_token)["valido"],
        true
    );
    // The current key is not retired: a new one first.
    let current = info["fingerprint"].as_str().expect("current");
    let msg = d.fails(&[
        "comune",
        "sigillo",
        "--ritira",
        current,
        "--dal",
        "2000-01-01",
        "--as",
        "amministratore",
    ]);
    assert!(
        msg.contains("generarne o importarne prima un'altra"),
        "{msg}"
    );

    // The new token is not sealed with the demo key: the demo key alone refuses it.
    let demo_only = DataDir::demo();
    let msg = demo_only.fails(&["verify", "--qr", &new_token]);
    assert!(msg.contains("contrassegno"), "{msg}");

    // Another PC (another keyring) with this archive has no private key: no copy, a clear
    // message, no file.
    let other_home = tempfile::tempdir().expect("home");
    let script = format!(
        r#""$ATTI" --data-dir "{data}" --as segretario copia {id} --out "{data}/altra.pdf""#,
        data = d.path().display(),
    );
    let (code, output) = in_keyring_session(other_home.path(), &script, &[]);
    assert_eq!(code, 1, "{output}");
    assert!(
        output.contains("non è nel portachiavi di questo computer"),
        "{output}"
    );
    assert!(!d.path().join("altra.pdf").exists());
    assert_eq!(tokens(&d, id).len(), 2);
}

#[test]
fn an_imported_seal_key_never_reaches_the_sqlite_file() {
    let d = DataDir::demo();
    let id = adopted_decreto(&d);
    let key = d.path().join("sigillo.pem");
    openssl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        key.to_str().expect("utf-8"),
    ]);
    let public = openssl(&["pkey", "-in", key.to_str().expect("utf-8"), "-pubout"]);
    // The private scalar as openssl prints it ("priv:" then hex pairs).
    let text = openssl(&["ec", "-in", key.to_str().expect("utf-8"), "-noout", "-text"]);
    let scalar: String = text
        .split("priv:")
        .nth(1)
        .and_then(|rest| rest.split("pub:").next())
        .expect("priv in openssl output")
        .chars()
        .filter(char::is_ascii_hexdigit)
        .collect();
    let scalar = scalar.trim_start_matches("00").to_string();
    assert!(scalar.len() >= 60, "{text}");

    // A PEM that is not a P-256 key is refused and changes nothing.
    let rsa = d.path().join("rsa.pem");
    openssl(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:1024",
        "-out",
        rsa.to_str().expect("utf-8"),
    ]);
    let home = tempfile::tempdir().expect("home");
    let script = format!(
        r#"
D="{data}"
if "$ATTI" --data-dir "$D" --as amministratore comune sigillo --importa "{rsa}"; then exit 9; fi
if "$ATTI" --data-dir "$D" --as segretario comune sigillo --importa "{key}"; then exit 8; fi
"$ATTI" --data-dir "$D" --json comune sigillo > "$D/prima.json"
"$ATTI" --data-dir "$D" --as amministratore --json comune sigillo --importa "{key}" > "$D/sigillo.json"
"$ATTI" --data-dir "$D" --as segretario copia {id} --out "$D/copia.pdf"
"#,
        data = d.path().display(),
        rsa = rsa.display(),
        key = key.display(),
    );
    let (code, output) = in_keyring_session(home.path(), &script, &[]);
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("P-256"), "the RSA key's message: {output}");
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(d.path().join(name)).expect(name))
            .expect("json")
    };
    assert_eq!(
        read("prima.json")["demo"],
        true,
        "the refused key changed nothing"
    );
    let info = read("sigillo.json");
    assert_eq!(info["public_key_pem"].as_str(), Some(public.as_str()));
    let token = &tokens(&d, id)[0];
    assert_eq!(d.json(&["verify", "--qr", token])["original_matches"], true);

    // The SQLite file and its WAL, if one is left.
    let mut db = std::fs::read(d.db()).expect("db");
    db.extend(std::fs::read(d.db().with_extension("sqlite3-wal")).unwrap_or_default());
    let raw = (0..scalar.len() / 2)
        .map(|i| u8::from_str_radix(&scalar[2 * i..2 * i + 2], 16).expect("hex"))
        .collect::<Vec<u8>>();
    for needle in [raw, scalar.to_lowercase().into_bytes()] {
        assert!(
            !db.windows(needle.len()).any(|w| w == needle.as_slice()),
            "the private key is in the SQLite file"
        );
    }
    let pem = std::fs::read_to_string(&key).expect("pem");
    let body_line = pem.lines().nth(1).expect("pem body");
    assert!(
        !db.windows(body_line.len())
            .any(|w| w == body_line.as_bytes())
    );
}

#[test]
fn only_the_officials_the_comune_authorises_attest_a_copy() {
    let d = DataDir::demo();
    let id = adopted_decreto(&d);
    let out = d.path().join("copia.pdf");
    let copia = |user: &str| {
        d.run(&[
            "copia",
            &id.to_string(),
            "--out",
            out.to_str().expect("utf-8"),
            "--as",
            user,
        ])
    };
    // The sindaco signed the act, but the Comune has not authorised him to attest copies.
    let r = copia("sindaco");
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("non è tra i funzionari che il Comune autorizza"),
        "{}",
        r.stderr
    );
    assert!(!out.exists());
    assert_eq!(tokens(&d, id).len(), 0, "nothing in the register of copies");
    // Only the amministratore changes the list, and the change is an audited step.
    let msg = d.fails(&[
        "comune",
        "funzionari-copie",
        "--aggiungi",
        "sindaco",
        "--as",
        "segretario",
    ]);
    assert!(msg.contains("solo l'amministratore"), "{msg}");
    let msg = d.fails(&[
        "comune",
        "funzionari-copie",
        "--aggiungi",
        "nessuno",
        "--as",
        "amministratore",
    ]);
    assert!(msg.contains("non è tra gli utenti del Comune"), "{msg}");
    let list = d.json(&[
        "comune",
        "funzionari-copie",
        "--aggiungi",
        "sindaco",
        "--as",
        "amministratore",
    ]);
    assert_eq!(
        list,
        serde_json::json!(["istruttore", "segretario", "sindaco"])
    );
    let r = copia("sindaco");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(tokens(&d, id).len(), 1);
    let list = d.json(&[
        "comune",
        "funzionari-copie",
        "--togli",
        "istruttore",
        "--as",
        "amministratore",
    ]);
    assert_eq!(list, serde_json::json!(["segretario", "sindaco"]));
    assert_eq!(copia("istruttore").code, 1);
    d.ok(&["audit", "verify"]);
}
