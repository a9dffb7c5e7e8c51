//! Who works in a real Comune: each clerk logs in with their own account on the Comune's
//! document server (a real Apache, htpasswd), the password goes to the real keyring and never
//! into the archive, `--as` is the demo's only, offline only the last user who logged in goes
//! on (with the password the keyring holds), and logging out ends it.

use crate::support::{DataDir, password_of};
use atti_sync::testkit::Fixture;
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/comune.example.json")
}

/// `atti login` as `user` with `password` (the server and CA given: the first login).
fn login(d: &DataDir, fx: &Fixture, user: &str, password: &str) -> crate::support::Run {
    let url = format!("{}archive", fx.server.url());
    let ca = fx.pki.ca_pem.to_str().expect("utf-8").to_string();
    let args = [
        "login",
        "--user",
        user,
        "--password-stdin",
        "--server",
        &url,
        "--ca",
        &ca,
    ];
    d.run_with_stdin(None, &args, &format!("{password}\n"))
}

#[track_caller]
fn refused(run: &crate::support::Run, expected: &str) {
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(expected),
        "expected «{expected}» in: {}",
        run.stderr
    );
}

#[test]
fn only_the_user_the_server_authenticates_works_and_the_password_stays_in_the_keyring() {
    let mut fx = Fixture::start();
    let d = DataDir::real_comune(&fx, &example());
    // Nobody works before a login, and nobody is somebody else by naming them.
    refused(&d.run(&["act", "list"]), "atti login --user UTENTE");
    let named = d.run_env(&["act", "list"], "", &[("ATTI_USER", "e.ricci")]);
    refused(&named, "esiste solo nel Comune di Esempio");

    // A wrong password, or an account the Comune does not know: nobody logs in.
    refused(
        &login(&d, &fx, "g.bianchi", "sbagliata"),
        "non accetta nome utente e password",
    );
    fx.server.add_user("intruso", "parola-intrusa");
    refused(
        &login(&d, &fx, "intruso", "parola-intrusa"),
        "non è tra gli utenti del Comune",
    );
    refused(&d.run(&["whoami"]), "atti login");

    // The right one: the session is Giulia Bianchi's, on this server.
    let out = login(&d, &fx, "g.bianchi", &password_of("g.bianchi"));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("Accesso di Giulia Bianchi"),
        "{}",
        out.stdout
    );
    let me = d.json(&["whoami"]);
    assert_eq!(me["user"]["username"], "g.bianchi");
    assert_eq!(me["demo"], false);
    assert_eq!(me["server_url"], format!("{}archive", fx.server.url()));
    // Another server cannot be slipped in at the next login.
    let other = d.run_with_stdin(
        None,
        &[
            "login",
            "--user",
            "g.bianchi",
            "--password-stdin",
            "--server",
            "https://altro.example.it/dav/",
        ],
        &format!("{}\n", password_of("g.bianchi")),
    );
    refused(&other, "solo l'amministratore lo cambia");
    // Nor the server used with another user's account.
    d.login("e.ricci");
    let url = format!("{}archive", fx.server.url());
    let set = d.run_with_stdin(
        None,
        &["server", "set", "--url", &url, "--user", "g.bianchi"],
        &format!("{}\n", password_of("g.bianchi")),
    );
    refused(
        &set,
        "con l'account di chi ha effettuato l'accesso (e.ricci)",
    );

    // The password is in the keyring, not in the archive.
    let db = std::fs::read(d.db()).expect("db");
    for user in ["g.bianchi", "e.ricci"] {
        let pw = password_of(user);
        assert!(
            !db.windows(pw.len()).any(|w| w == pw.as_bytes()),
            "{user}'s password in the db"
        );
    }

    // Offline: only the last user who logged in, with the password the keyring holds.
    fx.server.stop();
    refused(
        &d.run_with_stdin(
            None,
            &["login", "--user", "g.bianchi", "--password-stdin"],
            &format!("{}\n", password_of("g.bianchi")),
        ),
        "solo l'ultimo utente che ha effettuato l'accesso su questa postazione (l'ultimo accesso è di «e.ricci»)",
    );
    refused(
        &d.run_with_stdin(
            None,
            &["login", "--user", "e.ricci", "--password-stdin"],
            "sbagliata\n",
        ),
        "non corrisponde",
    );
    let offline = d.run_with_stdin(
        None,
        &["login", "--user", "e.ricci", "--password-stdin"],
        &format!("{}\n", password_of("e.ricci")),
    );
    assert_eq!(offline.code, 0, "{}{}", offline.stdout, offline.stderr);
    assert!(
        offline.stdout.contains("Server non raggiungibile"),
        "{}",
        offline.stdout
    );
    assert_eq!(d.json(&["whoami"])["user"]["username"], "e.ricci");

    // Logging out ends it: nobody works, and offline nobody gets back in.
    assert!(d.ok(&["logout"]).contains("Uscita eseguita"));
    refused(&d.run(&["act", "list"]), "atti login");
    refused(
        &d.run_with_stdin(
            None,
            &["login", "--user", "e.ricci", "--password-stdin"],
            &format!("{}\n", password_of("e.ricci")),
        ),
        "solo l'ultimo utente",
    );
    fx.server.restart();
    let back = d.run_with_stdin(
        None,
        &["login", "--user", "e.ricci", "--password-stdin"],
        &format!("{}\n", password_of("e.ricci")),
    );
    assert_eq!(back.code, 0, "{}{}", back.stdout, back.stderr);
    // Every login and logout is in the audit chain, which holds.
    let audit = d.ok(&["audit", "verify"]);
    assert!(audit.contains("integro"), "{audit}");
    let conn = rusqlite::Connection::open(d.db()).expect("db");
    let accessi: Vec<(String, String)> = conn
        .prepare(
            "SELECT actor, action FROM audit WHERE action IN ('accesso', 'uscita') ORDER BY seq",
        )
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let expected = [
        ("g.bianchi", "accesso"),
        ("e.ricci", "accesso"),
        ("e.ricci", "accesso"),
        ("e.ricci", "uscita"),
        ("e.ricci", "accesso"),
    ];
    let accessi: Vec<(&str, &str)> = accessi
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(accessi, expected);
}

#[test]
fn the_demo_comune_has_no_login_and_keeps_its_user_switch() {
    let d = DataDir::demo();
    assert_eq!(d.json(&["whoami"])["user"]["username"], "istruttore");
    assert_eq!(d.json(&["whoami", "--as", "segretario"])["demo"], true);
    let run = d.run_with_stdin(
        None,
        &["login", "--user", "segretario", "--password-stdin"],
        "x\n",
    );
    refused(&run, "nel Comune di Esempio non si accede con un account");
    refused(&d.run(&["logout"]), "nel Comune di Esempio non si esce");
}

/// The Comune's set-up lives on the server: a new PC joins with its first login alone, and
/// every login takes the newer set-up the amministratore published; a version written by
/// someone who is not the amministratore is skipped and reported.
#[test]
fn a_new_pc_takes_the_comune_from_the_server_and_every_login_its_newer_set_up() {
    let fx = Fixture::start();
    let a = DataDir::real_comune(&fx, &example());
    let b = DataDir::real_pc(&fx);
    // Nothing published yet: the new PC cannot join, and stays empty.
    let first = login(&b, &fx, "g.bianchi", &password_of("g.bianchi"));
    refused(
        &first,
        "l'amministratore la pubblica con «atti comune pubblica»",
    );
    refused(&b.run(&["act", "list"]), "init");

    // Only the amministratore publishes; twice the same is published once.
    let msg = a.fails(&["comune", "pubblica", "--as", "g.bianchi"]);
    assert!(msg.contains("solo l'amministratore di sistema"), "{msg}");
    let out = a.ok(&["comune", "pubblica", "--as", "e.ricci"]);
    assert!(out.contains("pubblicata sul server: versione 1"), "{out}");
    let out = a.ok(&["comune", "pubblica", "--as", "e.ricci"]);
    assert!(
        out.contains("ha già questa anagrafica (versione 1)"),
        "{out}"
    );

    // The new PC joins with its first login.
    b.login("g.bianchi");
    let me = b.json(&["whoami"]);
    assert_eq!(me["comune"], "Comune di Castelnuovo al Piano");
    assert_eq!(me["user"]["role"], "istruttore");
    assert_eq!(
        me["users"].as_array().map(Vec::len),
        a.json(&["whoami", "--as", "e.ricci"])["users"]
            .as_array()
            .map(Vec::len)
    );

    // A new clerk, published from a file: PC B has her at its next sync.
    let mut setup: serde_json::Value =
        serde_json::from_slice(&std::fs::read(example()).expect("example")).expect("json");
    let cf = atti_core::codice_fiscale::with_check_char("NVONNA85A41H501").expect("cf");
    setup["users"]
        .as_array_mut()
        .expect("users")
        .push(serde_json::json!({
            "username": "n.nuova", "full_name": "Anna Nuova", "role": "istruttore",
            "office": "SEG", "codice_fiscale": cf
        }));
    let file = tempfile::NamedTempFile::new().expect("file");
    std::fs::write(file.path(), setup.to_string()).expect("write");
    let path = file.path().to_str().expect("utf-8");
    let out = a.ok(&["comune", "pubblica", "--file", path, "--as", "e.ricci"]);
    assert!(out.contains("versione 2"), "{out}");
    assert!(
        b.json(&["whoami"])["users"]
            .as_array()
            .expect("users")
            .iter()
            .all(|u| u["username"] != "n.nuova")
    );
    b.ok(&["sync"]);
    let users = b.json(&["whoami"])["users"].clone();
    assert!(
        users
            .as_array()
            .expect("users")
            .iter()
            .any(|u| u["username"] == "n.nuova"),
        "{users}"
    );

    // m.rossi writes a version of his own that makes him amministratore: skipped, reported.
    let mut forged = setup.clone();
    for u in forged["users"].as_array_mut().expect("users") {
        if u["username"] == "m.rossi" {
            u["role"] = "amministratore".into();
        }
    }
    let rossi = fx.client_as("m.rossi", &password_of("m.rossi"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let h = rossi
            .history("comune", 1, atti_sync::history::NO_PREV)
            .await
            .expect("history");
        let envelope = atti_sync::history::Envelope {
            atto: "comune".into(),
            seq: h.next_seq,
            prev: h.head,
            autore: "m.rossi".into(),
            evento: forged,
        };
        rossi.append(&envelope).await.expect("append");
    });
    let out = b.run_with_stdin(
        None,
        &["login", "--user", "m.rossi", "--password-stdin"],
        &format!("{}\n", password_of("m.rossi")),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("versione 3 di m.rossi: ignorata"),
        "{}",
        out.stdout
    );
    assert_eq!(b.json(&["whoami"])["user"]["role"], "dirigente");
}
