//! The shared iter across PCs (docs/iter-condiviso.md): three data dirs are three PCs of one
//! Comune, each clerk logged in with their own account on a real Apache mod_dav over TLS. An
//! act drafted on one PC goes through its whole iter on the others, and every PC ends with the
//! same act, history and register.

use crate::support::DataDir;
use atti_core::Sensitive;
use atti_sync::testkit::Fixture;
use serde_json::json;
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/comune.example.json")
}

/// The password of each test PKCS#12.
const P12_PASSWORD: &str = "parola-segreta";

/// A Comune of three PCs: A (the Comune's set-up written there, its CA trusted, published), B
/// and C (new PCs created from the server by their first login, trusting what it names).
struct Comune {
    fx: std::cell::RefCell<Fixture>,
    pcs: [DataDir; 3],
    ca: atti_sign::demo::DemoCa,
}

impl Comune {
    fn start() -> Comune {
        Comune::start_with(&example())
    }

    /// [`Comune::start`] with the set-up file `setup`.
    fn start_with(setup: &Path) -> Comune {
        let fx = Fixture::start();
        let a = DataDir::real_comune(&fx, setup);
        let now = jiff::Timestamp::now();
        let ca =
            atti_sign::demo::DemoCa::generate("Comune di Castelnuovo al Piano", now).expect("CA");
        let ca_pem = a.path().join("ca-comune.pem");
        std::fs::write(&ca_pem, ca.certificate_pem()).expect("write");
        // The amministratore trusts the Comune's CA and publishes the set-up: every PC
        // created from the server trusts it too (what one PC verifies, all verify).
        a.ok(&[
            "comune",
            "fiducia",
            ca_pem.to_str().expect("utf-8"),
            "--as",
            "e.ricci",
        ]);
        a.ok(&["comune", "pubblica", "--as", "e.ricci"]);
        let b = DataDir::real_pc(&fx);
        let c = DataDir::real_pc(&fx);
        Comune {
            fx: std::cell::RefCell::new(fx),
            pcs: [a, b, c],
            ca,
        }
    }

    fn pc(&self, n: usize) -> &DataDir {
        &self.pcs[n]
    }

    /// The document server stops answering (every PC is offline) ...
    fn server_down(&self) {
        self.fx.borrow_mut().server.stop();
    }

    /// ... and answers again.
    fn server_up(&self) {
        self.fx.borrow_mut().server.restart();
    }

    /// The server answers every request with `fault` (500, or 503 with Retry-After), or well.
    fn server_fault(&self, fault: atti_sync::testkit::Fault, on: bool) {
        self.fx.borrow().server.fault(fault, on);
    }

    /// Determinazioni drafted and sent on A by the istruttore (the dispositivo `text`), then
    /// known on B by the dirigente: their ids on A and on B.
    fn sent_from_a_to_b(&self, oggetti: &[&str], text: &str) -> (Vec<i64>, Vec<i64>) {
        let on_a = oggetti.iter().map(|o| self.sent_on_a(o, text)).collect();
        let b = self.pc(1);
        b.ok(&["sync", "--as", "m.rossi"]);
        let on_b = oggetti.iter().map(|o| find(b, o, "m.rossi")).collect();
        (on_a, on_b)
    }

    /// A determinazione drafted and sent on A by the istruttore: its id on A.
    fn sent_on_a(&self, oggetto: &str, text: &str) -> i64 {
        let a = self.pc(0);
        let id = a.new_act("determinazione", oggetto, "g.bianchi");
        a.fill(id, "g.bianchi", json!({"dispositivo": [{"text": text}]}));
        a.ok(&["iter", &id.to_string(), "invia", "--as", "g.bianchi"]);
        id
    }

    /// Gives `user` (name, surname, codice fiscale) a PKCS#12 of the Comune's CA on PC `n`.
    fn identity(&self, n: usize, user: &str, name: &str, surname: &str, cf: &str) {
        let pc = self.pc(n);
        let password = Sensitive::new(P12_PASSWORD.to_string());
        let p12 = self
            .ca
            .issue_pkcs12(name, surname, cf, &password, jiff::Timestamp::now())
            .expect("p12");
        let path = pc.path().join(format!("{user}.p12"));
        std::fs::write(&path, p12).expect("write");
        let r = pc.run_with_stdin(
            None,
            &[
                "identity",
                "add",
                "--user",
                user,
                "--p12",
                path.to_str().expect("utf-8"),
                "--pin-stdin",
                "--as",
                user,
            ],
            &format!("{P12_PASSWORD}\n"),
        );
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    }
}

/// Runs `atti ARGS --pin-stdin` with the PKCS#12's password.
fn with_pin(pc: &DataDir, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.push("--pin-stdin");
    let r = pc.run_with_stdin(None, &all, &format!("{P12_PASSWORD}\n"));
    assert_eq!(r.code, 0, "atti {all:?}: {}{}", r.stdout, r.stderr);
    r.stdout
}

/// The act of oggetto `oggetto` on a PC, by its id there.
fn find(pc: &DataDir, oggetto: &str, user: &str) -> i64 {
    let list = pc.json(&["act", "list", "--as", user]);
    list.as_array()
        .into_iter()
        .flatten()
        .find(|a| a["oggetto"] == oggetto)
        .and_then(|a| a["id"].as_i64())
        .unwrap_or_else(|| panic!("«{oggetto}» is not on this PC: {list}"))
}

/// What every PC must agree on: the act as shown, without its id in this archive.
fn shown(pc: &DataDir, id: i64, user: &str) -> serde_json::Value {
    let mut act = pc.json(&["act", "show", &id.to_string(), "--as", user]);
    act.as_object_mut().expect("object").remove("id");
    act
}

/// Where the act's history on the server stands on a PC: its uid, seq and head.
fn shared(pc: &DataDir, id: i64, user: &str) -> serde_json::Value {
    pc.json(&["iter", &id.to_string(), "--as", user])["shared"].clone()
}

/// What the PC that queued the act's package records of it (the others do not send it).
const ARCHIVING: &str = "in coda per l'archivio";

/// The act's timeline: who did what, when (without ids), but the PC's own archiving.
fn timeline(pc: &DataDir, id: i64, user: &str) -> Vec<String> {
    pc.json(&["act", "history", &id.to_string(), "--as", user])
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["action"] != ARCHIVING)
        .map(|e| format!("{} {} {}", e["at"], e["actor"], e["action"]))
        .collect()
}

/// Whether this PC queued the act's package.
fn archived_here(pc: &DataDir, id: i64, user: &str) -> bool {
    pc.json(&["act", "history", &id.to_string(), "--as", user])
        .as_array()
        .into_iter()
        .flatten()
        .any(|e| e["action"] == ARCHIVING)
}

#[test]
fn a_determinazione_with_spending_goes_through_three_pcs_and_all_agree() {
    let comune = Comune::start();
    let (a, b, c) = (comune.pc(0), comune.pc(1), comune.pc(2));
    comune.identity(1, "m.rossi", "Marco", "Rossi", "RSSMRC75C12H501J");
    comune.identity(2, "a.verdi", "Anna", "Verdi", "VRDNNA70D50H501N");
    let oggetto = "Acquisto di arredi per la biblioteca";

    // A: the istruttore drafts (private: nobody else sees the drafts) and sends.
    let on_a = a.new_act("determinazione", oggetto, "g.bianchi");
    a.fill(
        on_a,
        "g.bianchi",
        json!({
            "dispositivo": [{"text": "di acquistare gli arredi"}],
            "impegni": [{"esercizio": 2026, "capitolo": "1010", "importo_centesimi": 350000,
                         "beneficiario": "Arredi Spa", "cig": "B9876ZYXW1", "cup": null}]
        }),
    );
    b.ok(&["sync", "--as", "m.rossi"]);
    assert!(
        b.json(&["act", "list", "--as", "m.rossi"])
            .as_array()
            .is_some_and(|l| l.is_empty()),
        "a draft stays on its PC"
    );
    a.ok(&["iter", &on_a.to_string(), "invia", "--as", "g.bianchi"]);

    // B: after a sync the dirigente has it, with his options; he returns it with a comment.
    b.ok(&["sync", "--as", "m.rossi"]);
    let on_b = find(b, oggetto, "m.rossi");
    let options = b
        .json(&["iter", &on_b.to_string(), "--as", "m.rossi"])
        .to_string();
    assert!(options.contains("adotta"), "{options}");
    b.ok(&[
        "iter",
        &on_b.to_string(),
        "restituisci",
        "--note",
        "Manca la durata",
        "--commento",
        "dispositivo[0].text=Indicare la durata",
        "--as",
        "m.rossi",
    ]);

    // A: back in bozza with the comment; fixed and sent again.
    a.ok(&["sync", "--as", "g.bianchi"]);
    assert_eq!(shown(a, on_a, "g.bianchi")["state"], "bozza");
    let history = a
        .json(&["act", "history", &on_a.to_string(), "--as", "g.bianchi"])
        .to_string();
    assert!(history.contains("Indicare la durata"), "{history}");
    a.fill(
        on_a,
        "g.bianchi",
        json!({"dispositivo": [{"text": "di acquistare gli arredi entro 30 giorni"}]}),
    );
    a.ok(&["iter", &on_a.to_string(), "invia", "--as", "g.bianchi"]);

    // B: adopts and signs; the number comes from the Comune's register.
    b.ok(&["sync", "--as", "m.rossi"]);
    assert_eq!(
        shown(b, on_b, "m.rossi")["dispositivo"][0]["text"],
        "di acquistare gli arredi entro 30 giorni"
    );
    let adopted: serde_json::Value = serde_json::from_str(&with_pin(
        b,
        &["sign", &on_b.to_string(), "--as", "m.rossi", "--json"],
    ))
    .expect("json");
    assert_eq!(adopted["status"]["state"], "visto", "{adopted}");

    // C: the ragioniere gives the visto, which makes it executive by itself.
    c.ok(&["sync", "--as", "a.verdi"]);
    let on_c = find(c, oggetto, "a.verdi");
    with_pin(
        c,
        &[
            "parere",
            &on_c.to_string(),
            "--tipo",
            "visto-contabile",
            "--esito",
            "favorevole",
            "--as",
            "a.verdi",
        ],
    );

    // Every PC: the same act, timeline and register.
    a.ok(&["sync", "--as", "g.bianchi"]);
    b.ok(&["sync", "--as", "m.rossi"]);
    let ids = [
        (a, on_a, "g.bianchi"),
        (b, on_b, "m.rossi"),
        (c, on_c, "a.verdi"),
    ];
    let reference = shown(a, on_a, "g.bianchi");
    assert_eq!(reference["state"], "esecutiva", "{reference}");
    assert!(
        reference["numero"]
            .as_str()
            .is_some_and(|n| n.starts_with("1/")),
        "{reference}"
    );
    let head = shared(a, on_a, "g.bianchi");
    for (pc, id, user) in ids {
        assert_eq!(shown(pc, id, user), reference);
        // The same history, to the same head.
        assert_eq!(shared(pc, id, user), head);
        let (mine, theirs) = (timeline(pc, id, user), timeline(a, on_a, "g.bianchi"));
        assert_eq!(
            mine,
            theirs,
            "{user}:\n{}\n---\n{}",
            mine.join("\n"),
            theirs.join("\n")
        );
        // The PC whose step completed the act (the visto, on C) sends its package.
        assert_eq!(archived_here(pc, id, user), user == "a.verdi");
        let registro = pc.json(&["registro", "determinazione", "--as", user]);
        assert_eq!(registro.as_array().map(Vec::len), Some(1), "{registro}");
        pc.ok(&["audit", "verify", "--as", user]);
    }
}

#[test]
fn a_delibera_di_giunta_gets_its_pareri_and_both_signatures_on_three_pcs() {
    let comune = Comune::start();
    let (a, b, c) = (comune.pc(0), comune.pc(1), comune.pc(2));
    comune.identity(1, "m.rossi", "Marco", "Rossi", "RSSMRC75C12H501J");
    comune.identity(1, "l.ferrari", "Laura", "Ferrari", "FRRLRA72H45H501A");
    comune.identity(2, "a.verdi", "Anna", "Verdi", "VRDNNA70D50H501N");
    comune.identity(0, "p.esposito", "Paolo", "Esposito", "SPSPLA68E10H501I");
    // The sindaco signs the minutes of the session on the PC where it is run, too.
    comune.identity(0, "l.ferrari", "Laura", "Ferrari", "FRRLRA72H45H501A");
    let oggetto = "Approvazione del progetto della piazza";

    // A: drafted in the Area tecnica and sent.
    let on_a = a.new_act("delibera-giunta", oggetto, "g.bianchi");
    a.fill(
        on_a,
        "g.bianchi",
        json!({
            "dispositivo": [{"text": "di approvare il progetto"}],
            "impegni": [{"esercizio": 2026, "capitolo": "2010", "importo_centesimi": 1800000,
                         "beneficiario": "Edil Spa", "cig": "B1234ABCD5", "cup": null}]
        }),
    );
    a.ok(&["iter", &on_a.to_string(), "invia", "--as", "g.bianchi"]);

    // B: the dirigente proposes it and gives the parere tecnico.
    b.ok(&["sync", "--as", "m.rossi"]);
    let on_b = find(b, oggetto, "m.rossi");
    b.ok(&["iter", &on_b.to_string(), "proponi", "--as", "m.rossi"]);
    let parere = |pc: &DataDir, id: i64, tipo: &str, user: &str| {
        with_pin(
            pc,
            &[
                "parere",
                &id.to_string(),
                "--tipo",
                tipo,
                "--esito",
                "favorevole",
                "--as",
                user,
            ],
        );
    };
    parere(b, on_b, "tecnico", "m.rossi");

    // C: the ragioniere gives the parere contabile.
    c.ok(&["sync", "--as", "a.verdi"]);
    let on_c = find(c, oggetto, "a.verdi");
    parere(c, on_c, "contabile", "a.verdi");

    // A: the segretario puts it on the agenda, records the vote (the number comes from the
    // Comune's register) and signs.
    a.ok(&["sync", "--as", "p.esposito"]);
    // The Giunta meets today (the day the archive gives: the session opens on its day).
    let today = a.json(&["whoami", "--as", "p.esposito"])["today"]
        .as_str()
        .expect("today")
        .to_string();
    let seduta = a.json(&[
        "seduta",
        "new",
        "--organo",
        "giunta",
        "--data",
        &today,
        "--ora",
        "09:30",
        "--luogo",
        "Sala della Giunta",
        "--as",
        "p.esposito",
    ]);
    let sid = seduta["id"].as_i64().expect("id").to_string();
    let act = on_a.to_string();
    for args in [
        vec!["iscrivi", &sid, &act],
        // Three of the four in office on any day (an assessore is replaced on 1 July 2026).
        vec!["apri", &sid, "--presenti", "ferrari,marino,greco"],
        vec!["voto", &sid, "1", "--contrari", "greco"],
    ] {
        let mut all = vec!["seduta"];
        all.extend(args);
        all.extend(["--as", "p.esposito"]);
        let s = a.json(&all);
        assert_eq!(s["avvisi"], json!([]), "{s}");
    }
    with_pin(a, &["sign", &on_a.to_string(), "--as", "p.esposito"]);

    // B: the sindaco signs last.
    b.ok(&["sync", "--as", "l.ferrari"]);
    let signed: serde_json::Value = serde_json::from_str(&with_pin(
        b,
        &["sign", &on_b.to_string(), "--as", "l.ferrari", "--json"],
    ))
    .expect("json");
    assert_eq!(signed["status"]["state"], "firmata", "{signed}");

    // The session is closed on A, where it is run, and its minutes signed there by who
    // presided and by the segretario; every PC sees the same record of it. A sends the
    // delibera's package, with the session's minutes.
    a.json(&["seduta", "chiudi", &sid, "--as", "p.esposito"]);
    with_pin(a, &["seduta", "verbale", &sid, "--as", "l.ferrari"]);
    with_pin(a, &["seduta", "verbale", &sid, "--as", "p.esposito"]);
    a.ok(&["sync", "--as", "p.esposito"]);
    b.ok(&["sync", "--as", "l.ferrari"]);
    c.ok(&["sync", "--as", "a.verdi"]);
    let session = |pc: &DataDir, user: &str| {
        let list = pc.json(&["seduta", "list", "--as", user]);
        assert_eq!(list.as_array().map(Vec::len), Some(1), "{user}: {list}");
        let id = list[0]["id"].as_i64().expect("id").to_string();
        (id.clone(), pc.json(&["seduta", "show", &id, "--as", user]))
    };
    let (_, here) = session(a, "p.esposito");
    assert_eq!(
        here["titolo"],
        format!("Seduta n. 1/{} della Giunta comunale", &today[..4])
    );
    assert_eq!(here["stato"]["fase"], "chiusa");
    for (pc, user) in [(b, "l.ferrari"), (c, "a.verdi")] {
        let (id, there) = session(pc, user);
        assert_eq!(there["stato"], here["stato"], "{user}");
        assert_eq!(there["titolo"], here["titolo"], "{user}");
        assert_eq!(there["may_record"], false, "{user}");
        // Read-only there: the minutes are signed on the PC that ran the session.
        let r = pc.run_with_stdin(
            None,
            &["seduta", "verbale", &id, "--as", user, "--pin-stdin"],
            &format!("{P12_PASSWORD}\n"),
        );
        assert!(
            r.stderr.contains("postazione che l'ha convocata"),
            "{user}: {}",
            r.stderr
        );
    }
    let reference = shown(a, on_a, "p.esposito");
    assert_eq!(
        reference["numero"],
        format!("1/{}", &today[..4]),
        "{reference}"
    );
    let ids = [
        (a, on_a, "p.esposito"),
        (b, on_b, "l.ferrari"),
        (c, on_c, "a.verdi"),
    ];
    for (pc, id, user) in ids {
        assert_eq!(shown(pc, id, user), reference);
        let (mine, theirs) = (timeline(pc, id, user), timeline(a, on_a, "p.esposito"));
        assert_eq!(
            mine,
            theirs,
            "{user}:\n{}\n---\n{}",
            mine.join("\n"),
            theirs.join("\n")
        );
        // The PC that ran the session sends the package, once the minutes are signed.
        assert_eq!(archived_here(pc, id, user), user == "p.esposito");
        // The signed original verifies the same everywhere, both signatures in it.
        let file = pc.path().join("delibera.pdf");
        pc.ok(&[
            "render",
            &id.to_string(),
            "--out",
            file.to_str().expect("utf-8"),
            "--as",
            user,
        ]);
        let report = pc.json(&["verify", file.to_str().expect("utf-8"), "--as", user]);
        assert_eq!(
            report["signatures"].as_array().map(Vec::len),
            Some(2),
            "{report}"
        );
        assert!(
            report["signatures"]
                .as_array()
                .into_iter()
                .flatten()
                .all(|s| s["valid"] == true && s["trusted"] == true),
            "{report}"
        );
    }
}

/// Rounds of two PCs withdrawing the same act at the same moment (the protocol itself races
/// 50 rounds in tests/sync/shared_iter.rs; here each round is a whole act through the CLI).
const RACE_ROUNDS: usize = 10;

#[test]
fn two_pcs_taking_conflicting_steps_at_once_one_wins_and_all_converge() {
    let comune = Comune::start();
    let (a, b, c) = (comune.pc(0), comune.pc(1), comune.pc(2));
    let mut winners = [0, 0];
    for round in 0..RACE_ROUNDS {
        let oggetto = format!("Atto conteso numero {round}");
        let on_a = comune.sent_on_a(&oggetto, "di provvedere");
        b.ok(&["sync", "--as", "m.rossi"]);
        c.ok(&["sync", "--as", "g.bianchi"]);
        let (on_b, on_c) = (find(b, &oggetto, "m.rossi"), find(c, &oggetto, "g.bianchi"));
        // The dirigente on B and the istruttore on C withdraw it at the same moment.
        let on_b_text = on_b.to_string();
        let on_c_text = on_c.to_string();
        let runs = [
            b.start(&[
                "iter",
                &on_b_text,
                "ritira",
                "--note",
                "Ritirata da B",
                "--as",
                "m.rossi",
            ]),
            c.start(&[
                "iter",
                &on_c_text,
                "ritira",
                "--note",
                "Ritirata da C",
                "--as",
                "g.bianchi",
            ]),
        ];
        let results: Vec<_> = runs.into_iter().map(|r| r.wait()).collect();
        let won: Vec<usize> = (0..2).filter(|&i| results[i].code == 0).collect();
        assert_eq!(won.len(), 1, "round {round}: {results:?}");
        winners[won[0]] += 1;
        // The other is told why, in Italian, and nothing of it was recorded.
        let lost = &results[1 - won[0]];
        assert!(
            lost.stderr.contains("nello stato «Ritirata»")
                && lost.stderr.contains("su un'altra postazione"),
            "round {round}: {lost:?}"
        );
        for (pc, id, user) in [
            (a, on_a, "g.bianchi"),
            (b, on_b, "m.rossi"),
            (c, on_c, "g.bianchi"),
        ] {
            pc.ok(&["sync", "--as", user]);
            let act = shown(pc, id, user);
            assert_eq!(act["state"], "ritirata", "round {round}: {act}");
            let withdrawals = timeline(pc, id, user)
                .iter()
                .filter(|e| e.ends_with("\"ritira\""))
                .count();
            assert_eq!(withdrawals, 1, "round {round}: {user}");
        }
        assert_eq!(timeline(b, on_b, "m.rossi"), timeline(c, on_c, "g.bianchi"));
    }
    // Both PCs won some rounds or not: either way exactly one each time (printed for the log).
    eprintln!("rounds won by B, C: {winners:?}");
}

#[test]
fn steps_taken_while_the_server_is_down_are_sent_later_or_shown_refused() {
    let comune = Comune::start();
    let (a, b) = (comune.pc(0), comune.pc(1));
    let (on_a, on_b) = comune.sent_from_a_to_b(
        &["Lavori alla scuola media", "Lavori alla palestra"],
        "di eseguire i lavori",
    );

    // The server stops: the dirigente returns both acts all the same; the steps wait.
    comune.server_down();
    for id in &on_b {
        let out = b.ok(&[
            "iter",
            &id.to_string(),
            "restituisci",
            "--note",
            "Rivedere i tempi",
            "--as",
            "m.rossi",
        ]);
        assert!(
            out.contains("In invio: «Restituisci per modifiche»"),
            "{out}"
        );
    }
    let msg = b.fails(&["sync", "--as", "m.rossi"]);
    assert!(msg.contains("Server non raggiungibile"), "{msg}");
    // The list says it of each act.
    let listed = b.json(&["act", "list", "--as", "m.rossi"]);
    let waiting = listed
        .as_array()
        .into_iter()
        .flatten()
        .filter(|a| a["iter_pending"] == "In invio")
        .count();
    assert_eq!(waiting, 2, "{listed}");

    // The server is back; meanwhile the istruttore withdrew the first act on A.
    comune.server_up();
    a.ok(&[
        "iter",
        &on_a[0].to_string(),
        "ritira",
        "--note",
        "Non serve più",
        "--as",
        "g.bianchi",
    ]);
    // B's sync sends what still holds and shows, with the reason, what no longer does.
    let r = b.run(&["sync", "--as", "m.rossi"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("non è stato registrato"), "{}", r.stderr);
    let first = b.json(&["iter", &on_b[0].to_string(), "--as", "m.rossi"]);
    assert_eq!(first["state"], "ritirata", "{first}");
    let refused = first["queued"][0]["refused"].as_str().unwrap_or_default();
    assert!(refused.contains("Restituisci per modifiche"), "{first}");
    let second = b.json(&["iter", &on_b[1].to_string(), "--as", "m.rossi"]);
    assert_eq!(second["state"], "bozza", "{second}");
    assert_eq!(second["queued"], json!([]), "{second}");

    // A learns the returned act; both PCs agree on both acts.
    a.ok(&["sync", "--as", "g.bianchi"]);
    for (x, y) in on_a.iter().zip(&on_b) {
        assert_eq!(shown(a, *x, "g.bianchi"), shown(b, *y, "m.rossi"));
        assert_eq!(timeline(a, *x, "g.bianchi"), timeline(b, *y, "m.rossi"));
    }
}

/// Appends, as `user` with their own account, an event to act `uid`'s history after `head`
/// (seq `seq`), with its index entry: what a PC's step writes on the server.
fn append_as(
    comune: &Comune,
    user: &str,
    uid: &str,
    seq: u64,
    head: &str,
    events: serde_json::Value,
) {
    let client = comune
        .fx
        .borrow()
        .client_as(user, &crate::support::password_of(user));
    let envelope = atti_sync::history::Envelope {
        atto: uid.to_string(),
        seq,
        prev: head.to_string(),
        autore: user.to_string(),
        evento: events,
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let appended = runtime.block_on(client.append(&envelope)).expect("append");
    assert_eq!(appended, atti_sync::history::Appended::Ours { seq });
    // And its entry in the index, as the PC owes it.
    runtime
        .block_on(client.index_append(uid, seq))
        .expect("index");
}

#[test]
fn a_step_forged_in_anothers_name_is_refused_and_a_pcs_own_step_is_recovered() {
    let comune = Comune::start();
    let (a, b) = (comune.pc(0), comune.pc(1));
    let (on_a, on_b) = comune.sent_from_a_to_b(&["Sostituzione delle lampade"], "di sostituire");
    let (on_a, on_b) = (on_a[0], on_b[0]);
    let place = shared(a, on_a, "g.bianchi");
    let uid = place["uid"].as_str().expect("uid").to_string();
    let head = place["head"].as_str().expect("head").to_string();
    let seq = place["seq"].as_u64().expect("seq");
    let restituisci = |by: &str| {
        json!([{
            "act": 0, "at": "2026-12-01T10:00:00Z", "by": by,
            "what": {"type": "action", "action": "restituisci", "note": "Rivedere",
                     "seduta": null, "comments": []}
        }])
    };

    // The istruttore writes, in her own area, a return in the dirigente's name: refused on
    // every PC, naming it; nothing of it is applied.
    append_as(
        &comune,
        "g.bianchi",
        &uid,
        seq + 1,
        &head,
        restituisci("m.rossi"),
    );
    for (pc, id, user) in [(a, on_a, "g.bianchi"), (b, on_b, "m.rossi")] {
        let r = pc.run(&["sync", "--as", user]);
        assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
        assert!(
            r.stderr
                .contains("attribuisce a m.rossi un passo scritto da g.bianchi"),
            "{}",
            r.stderr
        );
        assert_eq!(shown(pc, id, user)["state"], "istruttoria");
    }
    // Void, and recorded as such: the history goes on past it, and a sync says it once.
    assert_eq!(shared(a, on_a, "g.bianchi"), shared(b, on_b, "m.rossi"));
    b.ok(&["sync", "--as", "m.rossi"]);

    // The dirigente's PC appended his own return and was killed before recording it: its
    // next sync records it as its own, and every PC follows.
    let place = shared(b, on_b, "m.rossi");
    append_as(
        &comune,
        "m.rossi",
        &uid,
        place["seq"].as_u64().expect("seq") + 1,
        place["head"].as_str().expect("head"),
        restituisci("m.rossi"),
    );
    b.ok(&["sync", "--as", "m.rossi"]);
    a.ok(&["sync", "--as", "g.bianchi"]);
    assert_eq!(shown(b, on_b, "m.rossi")["state"], "bozza");
    assert_eq!(shown(a, on_a, "g.bianchi"), shown(b, on_b, "m.rossi"));
    assert_eq!(shared(a, on_a, "g.bianchi"), shared(b, on_b, "m.rossi"));
    assert_eq!(timeline(a, on_a, "g.bianchi"), timeline(b, on_b, "m.rossi"));
}

#[test]
fn edits_of_a_shared_act_stay_on_their_pc_until_their_authors_next_step() {
    let comune = Comune::start();
    let (a, b) = (comune.pc(0), comune.pc(1));
    let (on_a, on_b) = comune.sent_from_a_to_b(
        &["Rifacimento del marciapiede", "Rifacimento della fontana"],
        "di rifare",
    );
    let versions = |pc: &DataDir, id: i64, user: &str| {
        pc.json(&["act", "versions", &id.to_string(), "--as", user])
            .as_array()
            .map(Vec::len)
    };

    // The dirigente edits both on B: his edits stay there (B's shared versions do not move).
    for id in &on_b {
        b.fill(
            *id,
            "m.rossi",
            json!({"dispositivo": [{"text": "di rifare entro giugno"}]}),
        );
        assert_eq!(versions(b, *id, "m.rossi"), Some(2));
        let status = b.json(&["iter", &id.to_string(), "--as", "m.rossi"]);
        assert!(
            status["bozza"]
                .as_str()
                .is_some_and(|t| t.contains("solo su questa postazione")),
            "{status}"
        );
    }
    // Meanwhile the istruttore withdraws the first on A: B applies it on the shared
    // versions, and keeps his edits.
    a.ok(&[
        "iter",
        &on_a[0].to_string(),
        "ritira",
        "--note",
        "Non serve",
        "--as",
        "g.bianchi",
    ]);
    b.ok(&["sync", "--as", "m.rossi"]);
    assert_eq!(shown(b, on_b[0], "m.rossi")["state"], "ritirata");
    assert_eq!(
        versions(b, on_b[0], "m.rossi"),
        versions(a, on_a[0], "g.bianchi")
    );
    assert_eq!(
        shared(a, on_a[0], "g.bianchi"),
        shared(b, on_b[0], "m.rossi")
    );
    assert_eq!(
        shown(b, on_b[0], "m.rossi")["dispositivo"][0]["text"],
        "di rifare entro giugno"
    );

    // His step on the second sends his edits with it.
    b.ok(&[
        "iter",
        &on_b[1].to_string(),
        "restituisci",
        "--note",
        "Vedi la data",
        "--as",
        "m.rossi",
    ]);
    a.ok(&["sync", "--as", "g.bianchi"]);
    let on_a_now = shown(a, on_a[1], "g.bianchi");
    assert_eq!(on_a_now["dispositivo"][0]["text"], "di rifare entro giugno");
    assert_eq!(on_a_now["state"], "bozza");
    assert_eq!(versions(a, on_a[1], "g.bianchi"), Some(3));
    assert_eq!(shown(b, on_b[1], "m.rossi"), on_a_now);
    assert_eq!(
        shared(a, on_a[1], "g.bianchi"),
        shared(b, on_b[1], "m.rossi")
    );
    let status = b.json(&["iter", &on_b[1].to_string(), "--as", "m.rossi"]);
    assert_eq!(status["bozza"], serde_json::Value::Null, "{status}");
}

#[test]
fn steps_taken_while_the_server_answers_500_or_503_wait_and_are_sent_when_it_is_well() {
    use atti_sync::testkit::Fault;
    let comune = Comune::start();
    let (a, b) = (comune.pc(0), comune.pc(1));
    let (on_a, on_b) = comune.sent_from_a_to_b(
        &["Pulizia dei fossi", "Pulizia delle caditoie"],
        "di pulire",
    );

    for (id, fault) in on_b.iter().zip([Fault::Unavailable503, Fault::Internal500]) {
        comune.server_fault(fault, true);
        let out = b.ok(&[
            "iter",
            &id.to_string(),
            "restituisci",
            "--note",
            "Indicare le vie",
            "--as",
            "m.rossi",
        ]);
        assert!(out.contains("In invio"), "{fault:?}: {out}");
        comune.server_fault(fault, false);
    }
    // Well again: both leave, and both PCs agree.
    b.ok(&["sync", "--as", "m.rossi"]);
    a.ok(&["sync", "--as", "g.bianchi"]);
    for (x, y) in on_a.iter().zip(&on_b) {
        assert_eq!(shown(a, *x, "g.bianchi")["state"], "bozza");
        assert_eq!(shown(a, *x, "g.bianchi"), shown(b, *y, "m.rossi"));
        assert_eq!(shared(a, *x, "g.bianchi"), shared(b, *y, "m.rossi"));
        let status = b.json(&["iter", &y.to_string(), "--as", "m.rossi"]);
        assert_eq!(status["queued"], json!([]), "{status}");
    }
}

/// A Comune whose steps may take 3 s (the default is 120): a slot a PC held when it died is
/// void soon, for every PC alike.
fn comune_with_quick_steps() -> Comune {
    let mut setup: serde_json::Value =
        serde_json::from_slice(&std::fs::read(example()).expect("example")).expect("json");
    setup["step_timeout_seconds"] = json!(3);
    let file = tempfile::NamedTempFile::new().expect("setup file");
    std::fs::write(file.path(), setup.to_string()).expect("write");
    Comune::start_with(file.path())
}

/// The dirigente's return of act `id` on `pc`, as he would take it again.
fn restituisci(pc: &DataDir, id: i64) -> crate::support::Run {
    pc.run(&[
        "iter",
        &id.to_string(),
        "restituisci",
        "--note",
        "Da rivedere",
        "--as",
        "m.rossi",
    ])
}

/// After a fault: the clerk opens Atti again on `pc` (a sync), and takes the return again
/// while it is neither recorded nor waiting in the queue, until it is recorded (60 s at
/// most: nothing stays stuck). Then exactly one return is on `pc` and on A, which agree.
fn returned_once(a: &DataDir, on_a: i64, pc: &DataDir, id: i64, what: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let _ = pc.run(&["sync", "--as", "m.rossi"]);
        if shown(pc, id, "m.rossi")["state"] == "bozza" {
            break;
        }
        let queued = pc.json(&["iter", &id.to_string(), "--as", "m.rossi"])["queued"].clone();
        let again = (queued == json!([])).then(|| restituisci(pc, id));
        assert!(
            std::time::Instant::now() < deadline,
            "{what}: the act stays stuck: {:?}",
            again.map(|r| r.stderr)
        );
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    a.ok(&["sync", "--as", "g.bianchi"]);
    pc.ok(&["sync", "--as", "m.rossi"]);
    for (pc, id, user) in [(a, on_a, "g.bianchi"), (pc, id, "m.rossi")] {
        let returns = timeline(pc, id, user)
            .iter()
            .filter(|e| e.ends_with("\"restituisci\""))
            .count();
        assert_eq!(returns, 1, "{what}, {user}");
    }
    assert_eq!(shown(a, on_a, "g.bianchi"), shown(pc, id, "m.rossi"));
    assert_eq!(shared(a, on_a, "g.bianchi"), shared(pc, id, "m.rossi"));
}

/// Rounds of a PC killed at a random moment of a step (before its slot, holding it, after
/// its decision).
const KILL_ROUNDS: u64 = 8;

#[test]
fn a_pc_killed_in_the_middle_of_a_step_leaves_no_act_stuck_and_all_converge() {
    let comune = comune_with_quick_steps();
    let (a, b) = (comune.pc(0), comune.pc(1));
    let mut seed: u64 = 0x6b11;
    for round in 0..KILL_ROUNDS {
        let oggetto = format!("Atto interrotto numero {round}");
        let (on_a, on_b) = comune.sent_from_a_to_b(&[oggetto.as_str()], "di provvedere");
        let (on_a, on_b) = (on_a[0], on_b[0]);
        // Killed after a pseudo-random 0–1.5 s: anywhere in the step, or after it.
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let after = std::time::Duration::from_millis((seed >> 33) % 1500);
        let id = on_b.to_string();
        let started = b.start(&[
            "iter",
            &id,
            "restituisci",
            "--note",
            "Da rivedere",
            "--as",
            "m.rossi",
        ]);
        std::thread::sleep(after);
        started.kill();
        returned_once(a, on_a, b, on_b, &format!("round {round}"));
    }
}

#[test]
fn steps_whose_answers_are_lost_or_cut_are_taken_once_and_all_converge() {
    use atti_sync::testkit::{FaultProxy, ProxyMode};
    let comune = comune_with_quick_steps();
    let a = comune.pc(0);
    // PC D reaches the server through a proxy that loses answers or resets connections.
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let proxy = {
        let fx = comune.fx.borrow();
        runtime.block_on(FaultProxy::start(&fx.pki, fx.server.port))
    };
    let d = DataDir::real_pc_via(&comune.fx.borrow(), &proxy.url());
    for (round, mode) in [ProxyMode::LoseResponse, ProxyMode::ResetMidUpload]
        .into_iter()
        .enumerate()
    {
        let oggetto = format!("Atto per la rete difettosa {round}");
        let on_a = comune.sent_on_a(&oggetto, "di provvedere");
        d.ok(&["sync", "--as", "m.rossi"]);
        let on_d = find(&d, &oggetto, "m.rossi");
        // The return is taken while the network misbehaves: nothing is lost, nothing is
        // taken twice.
        proxy.set_mode(mode);
        restituisci(&d, on_d);
        proxy.set_mode(ProxyMode::Pass);
        returned_once(a, on_a, &d, on_d, &format!("{mode:?}"));
    }
}

/// An office's modelli travel through the server: the dirigente saves one on B, the istruttore
/// on A finds it after a sync and starts a draft from it; a deletion travels too, and who does
/// not manage them cannot change them on any PC.
#[test]
fn an_offices_modelli_reach_every_pc() {
    let comune = Comune::start();
    let (a, b) = (comune.pc(0), comune.pc(1));
    let id = b.new_act(
        "determinazione",
        "Affidamento diretto del servizio di …",
        "m.rossi",
    );
    b.fill(
        id,
        "m.rossi",
        json!({"dispositivo": [{"text": "di affidare il servizio alla ditta …;"}]}),
    );
    b.ok(&[
        "modello",
        "salva",
        "--da-atto",
        &id.to_string(),
        "--nome",
        "Affidamento diretto",
        "--as",
        "m.rossi",
    ]);
    a.ok(&["sync", "--as", "g.bianchi"]);
    let list = a.json(&["modello", "list", "--as", "g.bianchi"]);
    assert_eq!(list[0]["nome"], "Affidamento diretto", "{list}");
    let new: i64 = a
        .ok(&[
            "modello",
            "usa",
            "--kind",
            "determinazione",
            "--nome",
            "Affidamento diretto",
            "--as",
            "g.bianchi",
        ])
        .trim()
        .parse()
        .expect("id");
    let act = a.json(&["act", "show", &new.to_string(), "--as", "g.bianchi"]);
    assert_eq!(
        act["dispositivo"][0]["text"],
        "di affidare il servizio alla ditta …;"
    );
    let args = |user: &'static str| {
        [
            "modello",
            "elimina",
            "--ufficio",
            "TEC",
            "--kind",
            "determinazione",
            "--nome",
            "Affidamento diretto",
            "--as",
            user,
        ]
    };
    assert!(
        a.fails(&args("g.bianchi"))
            .contains("li cura il suo dirigente")
    );
    b.ok(&args("m.rossi"));
    a.ok(&["sync", "--as", "g.bianchi"]);
    assert_eq!(a.json(&["modello", "list", "--as", "g.bianchi"]), json!([]));
}
