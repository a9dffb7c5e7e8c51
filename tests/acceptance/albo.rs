//! The albo pretorio online on a real Apache mod_dav over TLS (atti-sync's testkit): the messo
//! publishes, a citizen reads the albo in headless Chromium without an account (axe-core
//! finds nothing), the PDF linked is the publication version (pdftotext: the personal data
//! marked are not there) signed by who adopted the act (pyHanko), and on day 16 the act leaves the albo by itself while the register
//! keeps it. The days are the register's own: the clock is moved (libfaketime) to the last
//! day of a publication and to the day after, never read from the calendar.

use crate::support::{DataDir, in_keyring_session, libfaketime, nss_trusting, run_tool};
use atti_sign::testkit::pyhanko_validate;
use atti_sync::testkit::Fixture;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The demo Comune after its tour, with the document server and the albo online.
struct Albo {
    fx: Fixture,
    d: DataDir,
    home: tempfile::TempDir,
}

impl Albo {
    /// Runs `atti --as USER ARGS` (ARGS already quoted for sh) in the keyring session, at
    /// `at` ("2026-12-22 12:00:00", Europe/Rome) or on the machine's clock; returns its exit
    /// code, its standard output and its standard error.
    fn atti(&self, user: &str, at: Option<&str>, args: &str) -> (i32, String, String) {
        let faked = at
            .map(|when| {
                format!(
                    "LD_PRELOAD='{}' FAKETIME='@{when}' TZ=Europe/Rome ",
                    libfaketime().display()
                )
            })
            .unwrap_or_default();
        let data = self.d.path().display();
        let script = format!(
            r#"{faked}"$ATTI" --data-dir "{data}" --as {user} {args} > "{data}/out.txt" 2> "{data}/err.txt" || echo "exit $?" > "{data}/code.txt""#
        );
        let _ = std::fs::remove_file(self.d.path().join("code.txt"));
        let (code, output) = in_keyring_session(self.home.path(), &script, &[]);
        assert_eq!(code, 0, "keyring session: {output}");
        let read =
            |name: &str| std::fs::read_to_string(self.d.path().join(name)).unwrap_or_default();
        let exit = read("code.txt")
            .trim()
            .strip_prefix("exit ")
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (exit, read("out.txt"), read("err.txt"))
    }

    /// [`Albo::atti`] that must succeed, its output as JSON.
    fn json(&self, user: &str, at: Option<&str>, args: &str) -> Value {
        let (code, out, err) = self.atti(user, at, &format!("{args} --json"));
        assert_eq!(code, 0, "atti {args}: {out}{err}");
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("atti {args}: {e}: {out}"))
    }

    /// The albo's address.
    fn url(&self) -> String {
        format!("https://127.0.0.1:{}/albo/", self.fx.server.port)
    }

    /// GET of a path of the albo as a citizen (no account), over TLS trusting the Comune's
    /// CA: the status and the body.
    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let file = self.d.path().join("got");
        let code = run_tool(
            "curl",
            &[
                "-sS",
                "--cacert",
                &self.fx.pki.ca_pem.display().to_string(),
                "-o",
                &file.display().to_string(),
                "-w",
                "%{http_code}",
                &format!("{}{path}", self.url()),
            ],
        );
        let body = std::fs::read(&file).unwrap_or_default();
        (code.trim().parse().expect("status"), body)
    }

    fn text(&self, path: &str) -> String {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "GET {path}");
        String::from_utf8(body).expect("utf-8")
    }
}

/// A determinazione of the istruttore with a beneficiary's name marked as personal data,
/// adopted by the dirigente (no spending: executive at once).
fn determinazione_with_personal_data(d: &DataDir) -> i64 {
    let id = d.new_act(
        "determinazione",
        "Contributo per il sostegno al canone di locazione",
        "istruttore",
    );
    d.fill(
        id,
        "istruttore",
        json!({
            "sections": [{"kind": "premesso", "text": "che il signor Giovanni Esposito ha chiesto il contributo per l'affitto, con l'istruttoria della dott.ssa Laura Bianchi;"}],
            "dispositivo": [{"text": "di concedere a Giovanni Esposito il contributo previsto dal bando;"}],
            "riservati": [{"text": "Giovanni Esposito"}]
        }),
    );
    d.ok(&["iter", &id.to_string(), "invia", "--as", "istruttore"]);
    d.sign(id, "adotta", "dirigente");
    id
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The day after `iso` ("2026-12-21" → "2026-12-22").
fn day_after(iso: &str) -> String {
    let day: jiff::civil::Date = iso.parse().expect("date");
    day.tomorrow().expect("tomorrow").to_string()
}

#[test]
fn a_citizen_reads_the_albo_online_and_the_act_leaves_it_on_day_16() {
    let fx = Fixture::start();
    let d = DataDir::toured();
    let id = determinazione_with_personal_data(&d);
    let albo = Albo {
        fx,
        d,
        home: tempfile::tempdir().expect("home"),
    };
    // The verbale of the tour is never published.
    let verbale = albo
        .d
        .json(&["act", "list"])
        .as_array()
        .expect("acts")
        .iter()
        .find(|a| a["kind"] == "verbale-pl")
        .and_then(|a| a["id"].as_i64())
        .expect("the tour's verbale");

    // The amministratore sets the document server and the albo's collection on it.
    let setup = format!(
        r#"printf '%s\n' "$PW" | "$ATTI" --data-dir "{data}" --as amministratore server set --url "{base}archive" --user "{user}" --ca "{ca}""#,
        data = albo.d.path().display(),
        base = albo.fx.server.url(),
        user = albo.fx.user,
        ca = albo.fx.pki.ca_pem.display(),
    );
    let (code, output) = in_keyring_session(albo.home.path(), &setup, &[("PW", &albo.fx.password)]);
    assert_eq!(code, 0, "{output}");
    // Never the archive's folder, never another server (its password would go there).
    let (code, _, err) = albo.atti(
        "amministratore",
        None,
        &format!(
            "albo configura --url '{}archive/albo/'",
            albo.fx.server.url()
        ),
    );
    assert_eq!(code, 1);
    assert!(err.contains("cartella dell'archivio"), "{err}");
    let (code, _, err) = albo.atti(
        "amministratore",
        None,
        "albo configura --url 'https://albo.example.org/albo/'",
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("la sua password non si invia ad altri server"),
        "{err}"
    );
    let (code, _, err) = albo.atti(
        "messo",
        None,
        &format!("albo configura --url '{}'", albo.url()),
    );
    assert_eq!(code, 1);
    assert!(err.contains("solo l'amministratore"), "{err}");
    let config = albo.json(
        "amministratore",
        None,
        &format!("albo configura --url '{}'", albo.url()),
    );
    assert_eq!(config["indirizzo"], albo.url().as_str());

    // Only the responsabile della pubblicazione publishes; a verbale never.
    let (code, _, err) = albo.atti("istruttore", None, &format!("albo pubblica {id}"));
    assert_eq!(code, 1);
    assert!(err.contains("non può pubblicare"), "{err}");
    let (code, _, err) = albo.atti("messo", None, &format!("albo pubblica {verbale}"));
    assert_eq!(code, 1, "{err}");
    // A name found in the text and not marked: the publication waits for the messo to
    // confirm it by name (the official's name may be published; the beneficiary's is hidden).
    let (code, _, err) = albo.atti("messo", None, &format!("albo pubblica {id}"));
    assert_eq!(code, 1);
    assert!(err.contains("«Laura Bianchi» (nome di persona)"), "{err}");
    assert!(!err.contains("Esposito"), "{err}");
    // The albo's folder cannot take the pages today (a file stands where their folder goes):
    // the publication stands in the register, marked «not online» with the server's answer,
    // and the index does not link it; the next run puts it online. Nothing is lost.
    let blocker = albo.fx.server.base.join("data/albo/atti");
    std::fs::write(&blocker, b"non una cartella").expect("blocker");
    let voce = albo.json(
        "messo",
        None,
        &format!("albo pubblica {id} --conferma-dato 'Laura Bianchi'"),
    );
    assert_eq!(voce["online"], false, "{voce}");
    assert!(voce["errore"].is_string(), "{voce}");
    assert_eq!(voce["stato"], "in-pubblicazione");
    assert!(
        !albo
            .text("index.html")
            .contains("Contributo per il sostegno al canone")
    );
    std::fs::remove_file(&blocker).expect("unblock");
    let report = albo.json("messo", None, "albo defiggi");
    assert_eq!(report["errori"], json!([]), "{report}");
    assert_eq!(
        report["pubblicati"].as_array().map(Vec::len),
        Some(5),
        "{report}"
    );
    let repertorio = voce["repertorio"].as_str().expect("repertorio").to_string();
    let (anno, numero) = (voce["anno"].clone(), voce["numero"].clone());
    let fine = voce["fine"].as_str().expect("fine").to_string();
    let inizio = voce["inizio"].as_str().expect("inizio").to_string();
    let days = |iso: &str| iso.parse::<jiff::civil::Date>().expect("date");
    assert_eq!(
        (days(&fine) - days(&inizio)).get_days(),
        14,
        "15 consecutive days, both ends counted"
    );

    // Every publication of the register is online (the tour's were published before the
    // albo was: they went up with this one), each with its page and its PDF.
    let elenco = albo.json("messo", None, "albo elenco");
    let elenco = elenco.as_array().expect("register");
    assert_eq!(elenco.len(), 5, "{elenco:?}");
    assert!(elenco.iter().all(|v| v["online"] == true), "{elenco:?}");
    // One year of the register: its publications; a year without any: none.
    let of_year = albo.json("messo", None, &format!("albo elenco --anno {anno}"));
    let of_year = of_year.as_array().expect("register of the year");
    assert_eq!(
        of_year.len(),
        elenco.iter().filter(|v| v["anno"] == anno).count(),
        "{of_year:?}"
    );
    assert!(!of_year.is_empty());
    let none = albo.json("messo", None, "albo elenco --anno 1999");
    assert_eq!(none.as_array().map(Vec::len), Some(0), "{none}");
    let index = albo.text("index.html");
    for v in elenco {
        let oggetto = v["oggetto"]
            .as_str()
            .expect("oggetto")
            .replace('\'', "&#39;");
        assert!(index.contains(&oggetto), "{oggetto} not in the index");
    }
    let page_path = format!("atti/{anno}-{numero}.html");
    let pdf_path = format!("atti/{anno}-{numero}.pdf");
    let page = albo.text(&page_path);
    assert!(page.contains(&repertorio), "{page}");
    // The PDF is the publication version: the name marked is «omissis», and its fingerprint
    // is the one the page shows.
    let (status, pdf) = albo.get(&pdf_path);
    assert_eq!(status, 200);
    assert!(
        page.contains(&sha256_hex(&pdf)),
        "the page names the PDF's SHA-256"
    );
    let pdf_file = albo.d.path().join("albo.pdf");
    std::fs::write(&pdf_file, &pdf).expect("write");
    let text = run_tool("pdftotext", &[&pdf_file.display().to_string(), "-"]);
    assert!(text.contains("omissis"), "{text}");
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("Laura Bianchi"), "{text}");
    assert!(
        !text.contains("Esposito"),
        "personal data on the albo:\n{text}"
    );
    assert!(
        text.contains("Contributo per il sostegno al canone"),
        "{text}"
    );
    // It is signed (PAdES) by the dirigente who adopted the act, and an independent verifier
    // (pyHanko, trusting the demo's CA) finds the signature valid over the whole file.
    let demo_ca = albo.d.path().join(atti_app::DEMO_CA_FILE);
    let py = pyhanko_validate(&pdf_file, &demo_ca);
    assert!(py.contains("The signature is judged VALID"), "{py}");
    assert!(py.contains("The signature covers the entire file"), "{py}");
    assert!(
        page.contains("Il file è firmato digitalmente (PAdES) da "),
        "the page says who signed it: {page}"
    );
    // The feeds name it too.
    let atom = albo.text("feed.xml");
    assert!(atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert_eq!(atom.matches("<entry>").count(), 5);
    let feed: Value = serde_json::from_str(&albo.text("feed.json")).expect("JSON feed");
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    let item = feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["_albo"]["repertorio"] == repertorio.as_str())
        .expect("the item of the publication")
        .clone();
    assert_eq!(item["_albo"]["fine"], fine.as_str());
    assert_eq!(item["_albo"]["sha256"], sha256_hex(&pdf).as_str());
    // Writing the albo is for the Comune's users only.
    let put = run_tool(
        "curl",
        &[
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "--cacert",
            &albo.fx.pki.ca_pem.display().to_string(),
            "-X",
            "PUT",
            "--data",
            "falso",
            &format!("{}index.html", albo.url()),
        ],
    );
    assert_eq!(put.trim(), "401");

    // Amministrazione trasparente beside it, filled from the same acts.
    let url = albo.json(
        "messo",
        None,
        &format!("trasparenza pubblica --anno {anno}"),
    );
    assert_eq!(url, json!(format!("{}trasparenza/index.html", albo.url())));
    let trasparenza = albo.text("trasparenza/index.html");
    assert!(trasparenza.contains("Contributo per il sostegno al canone"));
    assert!(!trasparenza.contains("Esposito"));
    assert_eq!(
        albo.get(&format!("trasparenza/contratti-{anno}.csv")).0,
        200
    );

    // A citizen's browser: headless Chromium, trusting the Comune's CA (NSS), no script.
    let browser_home = tempfile::tempdir().expect("browser home");
    nss_trusting(&browser_home.path().join(".pki/nssdb"), &albo.fx.pki.ca_pem);
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui");
    let out = std::process::Command::new("node")
        .current_dir(&ui)
        .env("HOME", browser_home.path())
        .args([
            "tests/a11y/site.mjs",
            &format!("{}index.html", albo.url()),
            &format!("{}{page_path}", albo.url()),
            &format!("{}trasparenza/index.html", albo.url()),
        ])
        .output()
        .expect("node (scripts/deps.sh installs it)");
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "axe or the browser found problems:\n{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages: Vec<Value> = report
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line per page"))
        .collect();
    assert_eq!(pages.len(), 3);
    assert!(
        pages
            .iter()
            .all(|p| p["violations"] == json!([]) && p["passes"].as_u64() > Some(8)),
        "{report}"
    );
    let links: Vec<&str> = pages[1]["links"]
        .as_array()
        .expect("links")
        .iter()
        .filter_map(|l| l["href"].as_str())
        .collect();
    assert!(
        links.contains(&format!("{}{pdf_path}", albo.url()).as_str()),
        "the page links the PDF: {links:?}"
    );

    // Day 15, its last: still on the albo.
    let last_day = format!("{fine} 12:00:00");
    albo.json("messo", Some(&last_day), "albo defiggi");
    assert_eq!(albo.get(&page_path).0, 200);
    // Day 16: it leaves by itself (whoever's PC runs the albo: here the istruttore's), the
    // register keeps it, with the day it left.
    let day_16 = format!("{} 09:00:00", day_after(&fine));
    let report = albo.json("istruttore", Some(&day_16), "albo defiggi");
    assert!(
        report["defissi"]
            .as_array()
            .expect("defissi")
            .contains(&json!(repertorio)),
        "{report}"
    );
    assert_eq!(albo.get(&page_path).0, 404);
    assert_eq!(albo.get(&pdf_path).0, 404);
    let index = albo.text("index.html");
    assert!(!index.contains("Contributo per il sostegno al canone"));
    assert!(!albo.text("feed.xml").contains(&page_path));
    let elenco = albo.json("messo", Some(&day_16), "albo elenco");
    let voce = elenco
        .as_array()
        .expect("register")
        .iter()
        .find(|v| v["act_id"] == id)
        .expect("kept in the register")
        .clone();
    assert_eq!(voce["stato"], "defissa");
    assert_eq!(voce["defissa_il"], day_after(&fine).as_str());
    assert_eq!(voce["online"], false);
    // Nothing more to do; the audit chain holds the publication and its defissione.
    let report = albo.json("messo", Some(&day_16), "albo defiggi");
    assert_eq!(report["defissi"], json!([]));
    assert_eq!(report["errori"], json!([]));
    let history = albo.d.json(&["act", "history", &id.to_string()]);
    let actions: Vec<&str> = history
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(
        actions.ends_with(&["albo", "pubblica", "defissione"]),
        "{actions:?}"
    );
    let (code, out, err) = albo.atti("messo", None, "audit verify");
    assert_eq!(code, 0, "{out}{err}");
}
