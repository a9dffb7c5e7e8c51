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
