//! Sync through the CLI to a real Apache mod_dav over TLS (atti-sync's testkit), with the
//! password in the real Secret Service keyring (gnome-keyring under dbus-run-session): after
//! `atti demo`, `atti sync` sends every package, each file checked here by PROPFIND + GET +
//! SHA-256; the server register numbers a new act; a wrong password stops with its message.

use crate::support::{DataDir, in_keyring_session};
use atti_sync::testkit::Fixture;
use sha2::{Digest, Sha256};

#[test]
fn after_the_demo_atti_sync_sends_every_package_verified_and_the_server_numbers_new_acts() {
    let fx = Fixture::start();
    let d = DataDir::new();
    let out = d.path().join("out");
    d.ok(&["demo", "--out", out.to_str().expect("utf-8")]);
    let queued = d.json(&["outbox"]);
    let queued = queued.as_array().expect("outbox rows").clone();
    assert!(
        queued.len() >= 5 * 3,
        "every signed act is queued: {queued:?}"
    );
    assert!(queued.iter().all(|r| r["state"] == "in-coda"));
    // A decreto to adopt once the server register is configured.
    let id = d.new_act("decreto", "Nomina del vicesindaco", "sindaco");
    d.fill(
        id,
        "sindaco",
        serde_json::json!({"dispositivo": [{"text": "di nominare"}]}),
    );

    let home = tempfile::tempdir().expect("home");
    let base = format!("{}archive", fx.server.url());
    let script = format!(
        r#"
D="{data}"
printf '%s\n' "$PW" | "$ATTI" --data-dir "$D" --as amministratore server set --url "{base}" --user "{user}" --ca "{ca}"
"$ATTI" --data-dir "$D" server test
"$ATTI" --data-dir "$D" sync --json > "$D/sync.json"
"$ATTI" --data-dir "$D" sync --json > "$D/sync-again.json"
"#,
        data = d.path().display(),
        user = fx.user,
        ca = fx.pki.ca_pem.display(),
    );
    let (code, output) = in_keyring_session(home.path(), &script, &[("PW", &fx.password)]);
    assert_eq!(code, 0, "{output}");
    assert!(
        !output.contains(&fx.password),
        "the password was printed: {output}"
    );

    // The server is down: adopting a decreto needs its register, so the act waits, unnumbered
    // and unsigned, with a clear message. (A later session reads the password from the
    // keyring on disk.)
    let mut fx = fx;
    fx.server.stop();
    let sign = format!(
        r#"printf '%s\n' "{pin}" | "$ATTI" --data-dir "{data}" --as sindaco sign {id} --pin-stdin --json > "{data}/sign.json""#,
        data = d.path().display(),
        pin = atti_app::DEMO_PIN,
    );
    let (code, output) = in_keyring_session(home.path(), &sign, &[]);
    assert_eq!(code, 1, "{output}");
    assert!(output.contains("in attesa di numerazione"), "{output}");
    assert_eq!(d.json(&["act", "show", &id.to_string()])["state"], "bozza");
    // Back up: the decreto is numbered by the server register and signed; then the server
    // goes away again before its package is sent: sync says what is left, loses nothing.
    fx.server.restart();
    let (code, output) = in_keyring_session(home.path(), &sign, &[]);
    assert_eq!(code, 0, "{output}");
    fx.server.stop();
    let sync = format!(
        r#""$ATTI" --data-dir "{data}" sync --json > "{data}/sync-offline.json""#,
        data = d.path().display()
    );
    let (code, output) = in_keyring_session(home.path(), &sync, &[]);
    assert_eq!(code, 1, "{output}");
    fx.server.restart();
    let sync = format!(
        r#""$ATTI" --data-dir "{data}" sync --json > "{data}/sync-decreto.json""#,
        data = d.path().display()
    );
    let (code, output) = in_keyring_session(home.path(), &sync, &[]);
    assert_eq!(code, 0, "{output}");

    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(d.path().join(name)).expect(name))
            .expect("json")
    };
    let offline = read("sync-offline.json");
    assert!(offline["remaining"].as_u64() > Some(0), "{offline}");
    assert!(offline["last_error"].is_string(), "{offline}");
    let first = read("sync.json");
    assert_eq!(
        first["verified"].as_u64(),
        Some(queued.len() as u64),
        "{first}"
    );
    assert_eq!(first["remaining"], 0);
    assert_eq!(
        read("sync-again.json")["verified"],
        0,
        "nothing is sent twice"
    );
    // The new decreto got its number from the server register (the demo's decreto had 1
    // locally, before the server was configured): the claim is there.
    let numero = read("sign.json")["status"]["numero"]
        .as_str()
        .expect("numero")
        .to_string();
    let (number, year) = numero.split_once('/').expect("N/YYYY");
    assert_eq!(number, "2");
    let claim = fx
        .server
        .data_dir()
        .join(format!("archive/registro/{year}/decreto/{number}"));
    assert!(claim.is_dir(), "no claim folder {}", claim.display());
    // The claim says who took the number, when, and from which PC (this data dir's id).
    let said: serde_json::Value = serde_json::from_slice(
        &std::fs::read(claim.join(atti_sync::CLAIM_FILE)).expect("the claim file"),
    )
    .expect("json");
    assert_eq!(said["by"], "sindaco", "{said}");
    let pc = said["postazione"].as_str().unwrap_or_default();
    assert!(
        pc.len() == 16 && pc.bytes().all(|b| b.is_ascii_hexdigit()),
        "{said}"
    );
    assert_eq!(read("sync-decreto.json")["remaining"], 0);

    // Every queued file is on the server exactly as kept here, checked independently.
    let rows = d.json(&["outbox"]);
    let rows = rows.as_array().expect("rows");
    assert!(rows.iter().all(|r| r["state"] == "verificato"), "{rows:?}");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let inspector = fx.inspector();
    let on_server = rt.block_on(inspector.walk("archive/atti"));
    assert_eq!(on_server.len(), rows.len(), "{on_server:?}");
    let conn = rusqlite::Connection::open(d.db()).expect("db");
    for r in rows {
        let path = format!("archive/{}", r["remote_path"].as_str().expect("path"));
        let body = rt.block_on(inspector.get(&path));
        let kept: String = conn
            .query_row(
                "SELECT sha256 FROM outbox_item WHERE remote_path = ?1",
                [r["remote_path"].as_str().expect("path")],
                |row| row.get(0),
            )
            .expect("row");
        assert_eq!(hex::encode(Sha256::digest(&body)), kept, "{path}");
    }
    // Each package ends with its metadata sidecar (AgID Allegato 5).
    let sidecars: Vec<_> = on_server
        .keys()
        .filter(|p| p.ends_with("/metadati.xml"))
        .collect();
    assert_eq!(sidecars.len(), 6, "{sidecars:?}");
    let xml = String::from_utf8(rt.block_on(inspector.get(sidecars[0]))).expect("utf-8");
    for field in [
        "<ImprontaCrittograficaDelDocumento>",
        "<DatiDiRegistrazione>",
        "<TipoRuolo>Firmatario</TipoRuolo>",
        "<FirmatoDigitalmente>true</FirmatoDigitalmente>",
    ] {
        assert!(xml.contains(field), "{field} missing in {xml}");
    }
    // The password is in the keyring only: not in the SQLite file, not in Apache's logs.
    let db = std::fs::read(d.db()).expect("db bytes");
    assert!(
        !db.windows(fx.password.len())
            .any(|w| w == fx.password.as_bytes()),
        "the password is in the SQLite file"
    );
    assert!(!fx.server.access_log().contains(&fx.password));
    assert!(!fx.server.error_log().contains(&fx.password));

    // Each sidecar anchors the audit chain as it was when its package was queued, and
    // `atti audit verify` checks the chain against every anchor on the server.
    assert!(xml.contains("<AncoraRegistroOperazioni>"), "{xml}");
    let verify = format!(
        r#""$ATTI" --data-dir "{data}" audit verify --json > "{data}/audit.json""#,
        data = d.path().display()
    );
    let (code, output) = in_keyring_session(home.path(), &verify, &[]);
    assert_eq!(code, 0, "{output}");
    let audit = read("audit.json");
    assert_eq!(audit["anchors"]["checked"], 6, "{audit}");
    assert!(audit["anchors"]["broken"].is_null(), "{audit}");
    assert!(audit["anchors"]["latest"].as_i64() > Some(10), "{audit}");
    // An attacker with the SQLite file changes who saved a version and recomputes the whole
    // chain: the file agrees with itself, the anchors on the server do not.
    drop(conn);
    rewrite_audit_chain(&d.db(), "UPDATE audit SET actor = 'mallory' WHERE seq = 3");
    let (code, output) = in_keyring_session(home.path(), &verify, &[]);
    assert_eq!(code, 1, "{output}");
    assert!(
        output.contains("non conforme alle ancore sul server")
            && output.contains("il registro è stato riscritto"),
        "{output}"
    );
    let audit = read("audit.json");
    assert!(
        audit["broken"].is_null(),
        "the file alone is consistent: {audit}"
    );
    // Offline, the chain is checked on this PC only, and `verify` says so.
    fx.server.stop();
    let plain = format!(
        r#""$ATTI" --data-dir "{data}" audit verify"#,
        data = d.path().display()
    );
    let (_, output) = in_keyring_session(home.path(), &plain, &[]);
    assert!(output.contains("verificata solo su questo PC"), "{output}");
    fx.server.restart();

    // A wrong password: sync stops with the message and asks for the clerk.
    let script = format!(
        r#"
D="{data}"
printf 'sbagliata\n' | "$ATTI" --data-dir "$D" --as amministratore server set --url "{base}" --user "{user}" --ca "{ca}"
"$ATTI" --data-dir "$D" server test
"#,
        data = d.path().display(),
        user = fx.user,
        ca = fx.pki.ca_pem.display(),
    );
    let (code, output) = in_keyring_session(home.path(), &script, &[]);
    assert_ne!(code, 0, "{output}");
    assert!(output.contains("Credenziali"), "{output}");
}

/// What an attacker with the SQLite file does: drops the audit triggers, changes the log with
/// `sql`, and recomputes every entry's hash (fields length-prefixed, each entry chained to the
/// previous one, as atti-store/src/audit.rs documents), so that the file agrees with itself again.
fn rewrite_audit_chain(db: &std::path::Path, sql: &str) {
    let conn = rusqlite::Connection::open(db).expect("db");
    conn.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .expect("drop triggers");
    conn.execute_batch(sql).expect("tamper");
    let rows: Vec<(i64, Vec<String>)> = {
        let mut stmt = conn
            .prepare(
                "SELECT seq, at, actor, coalesce(act_id, ''), action, detail, version_hash
                 FROM audit ORDER BY seq",
            )
            .expect("select");
        stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                vec![
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, rusqlite::types::Value>(3).map(|v| match v {
                        rusqlite::types::Value::Integer(i) => i.to_string(),
                        _ => String::new(),
                    })?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ],
            ))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
    };
    let mut prev = "0".repeat(64);
    for (seq, f) in rows {
        let mut h = Sha256::new();
        let seq_text = seq.to_string();
        let fields = [
            seq_text.as_str(),
            prev.as_str(),
            &f[0],
            &f[1],
            &f[2],
            &f[3],
            &f[4],
            &f[5],
        ];
        for field in fields {
            h.update((field.len() as u64).to_be_bytes());
            h.update(field.as_bytes());
        }
        let hash = hex::encode(h.finalize());
        conn.execute(
            "UPDATE audit SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            rusqlite::params![prev, hash, seq],
        )
        .expect("rewrite");
        prev = hash;
    }
}
