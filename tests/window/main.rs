//! The real app in a real window: atti-desktop under Xvfb, driven through tauri-driver and
//! WebKitWebDriver. A clerk creates a determinazione with accents in the oggetto, adds two
//! dispositivo points, closes the app, starts it again and finds the act intact; the CLI
//! on the same data dir agrees. A screenshot of the editor is kept in test-artifacts/.

mod harness;

use fantoccini::{Client, Locator};
use harness::{Desktop, Keyring, click, follow, tick, wait_for};
use std::time::Duration;

const OGGETTO: &str = "Affidamento del servizio di manutenzione – più qualità";
const POINTS: [&str; 2] = [
    "di affidare il servizio alla ditta Manutenzioni Srl",
    "di dare atto che la spesa è già finanziata",
];

/// Types on the keyboard, into whatever has the focus (WebDriver key actions; the W3C
/// codes U+E004 and U+E007 are Tab and Enter).
async fn type_keys(c: &Client, text: &str) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    // InputSource brings `then` into scope.
    let mut keys = KeyActions::new("keyboard".into());
    for ch in text.chars() {
        keys = keys
            .then(KeyAction::Down { value: ch })
            .then(KeyAction::Up { value: ch });
    }
    c.perform_actions(keys).await.expect("key actions");
}

/// The input a visible label names (inside the open modal dialog, when there is one).
async fn input_labelled(c: &Client, label: &str) -> fantoccini::elements::Element {
    let scope = match c.find(Locator::XPath("//dialog[@open]")).await {
        Ok(_) => "//dialog[@open]",
        Err(_) => "",
    };
    let xpath = format!("{scope}//label[starts-with(normalize-space(), '{label}')]");
    let l = wait_for(c, Locator::XPath(&xpath)).await;
    let id = l.attr("for").await.expect("attr").expect("label has for=");
    wait_for(c, Locator::Id(&id)).await
}

/// The button with this text, scrolled into the middle of the window.
async fn button(c: &Client, text: &str) -> fantoccini::elements::Element {
    let xpath = format!("//button[normalize-space()='{text}']");
    let b = wait_for(c, Locator::XPath(&xpath)).await;
    let arg = serde_json::to_value(&b).expect("element as JSON");
    c.execute("arguments[0].scrollIntoView({block: 'center'})", vec![arg])
        .await
        .expect("scroll");
    b
}

async fn wait_saved(c: &Client) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let body = c
            .find(Locator::Css("body"))
            .await
            .expect("body")
            .text()
            .await
            .unwrap_or_default();
        if body.contains("Salvato alle") {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "autosave never said «Salvato alle»: {body}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_determinazione_survives_a_restart() {
    let desktop = Desktop::start();

    // First run: create the act and two dispositivo points.
    let c = desktop.session().await;
    button(&c, "Nuovo atto")
        .await
        .click()
        .await
        .expect("click Nuovo atto");
    // The dialog is modal; from here on, the keyboard alone, as a clerk without a mouse:
    // the kind select has the focus; typing a name picks the option, Tab moves on.
    let kind = input_labelled(&c, "Tipo di atto").await;
    type_keys(&c, "Determinazione").await;
    assert_eq!(
        kind.prop("value").await.expect("value").as_deref(),
        Some("determinazione")
    );
    type_keys(&c, "\u{E004}").await; // Tab
    type_keys(&c, OGGETTO).await;
    // Tab past the office and "Annulla" to "Crea la bozza", then Enter.
    type_keys(&c, "\u{E004}\u{E004}\u{E004}").await;
    let focused = c
        .active_element()
        .await
        .expect("focus")
        .text()
        .await
        .unwrap_or_default();
    assert_eq!(focused.trim(), "Crea la bozza");
    type_keys(&c, "\u{E007}").await;
    for (i, text) in POINTS.iter().enumerate() {
        press(&c, "Aggiungi un punto").await;
        input_labelled(&c, &format!("Punto {}", i + 1))
            .await
            .send_keys(text)
            .await
            .expect("type point");
    }
    wait_saved(&c).await;
    c.execute("window.scrollTo(0, 0)", vec![])
        .await
        .expect("scroll to top");
    let shot = c.screenshot().await.expect("screenshot");
    desktop.save_artifact("editor.png", &shot);
    c.close().await.expect("close the app");

    // What the CLI reads on the same data dir.
    let list = desktop.cli(&["act", "list", "--json"]);
    let id = list[0]["id"].as_i64().expect("one act");
    let act = desktop.cli(&["act", "show", &id.to_string(), "--json"]);
    assert_eq!(act["oggetto"], OGGETTO);
    assert_eq!(act["kind"], "determinazione");
    assert_eq!(act["dispositivo"][0]["text"], POINTS[0]);
    assert_eq!(act["dispositivo"][1]["text"], POINTS[1]);
    assert_eq!(act["dispositivo"].as_array().map(Vec::len), Some(2));

    // Second run: the act is in the list and opens intact.
    let c = desktop.session().await;
    click(
        &c,
        Locator::XPath(&format!("//a[contains(normalize-space(), '{OGGETTO}')]")),
        "open the act",
    )
    .await;
    let oggetto = input_labelled(&c, "Oggetto").await;
    assert_eq!(
        oggetto.prop("value").await.expect("value").as_deref(),
        Some(OGGETTO)
    );
    for (i, text) in POINTS.iter().enumerate() {
        let point = input_labelled(&c, &format!("Punto {}", i + 1)).await;
        assert_eq!(
            point.prop("value").await.expect("value").as_deref(),
            Some(*text)
        );
    }
    c.close().await.expect("close the app");
}

/// Works as another demo user, through the header's switcher.
async fn switch_user(c: &Client, name: &str) {
    press(c, "Cambia utente").await;
    wait_for(c, Locator::Id("user-list")).await;
    let choice =
        format!("//ul[@id='user-list']//button[starts-with(normalize-space(), '{name} (')]");
    click(c, Locator::XPath(&choice), "the user in the list").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let header = c
            .find(Locator::Css("header"))
            .await
            .expect("header")
            .text()
            .await
            .unwrap_or_default();
        if header.contains(&format!("Utente: {name}")) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "user not switched: {header}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn open_act(c: &Client, oggetto: &str) {
    // Through the list, which every user has.
    follow(
        c,
        Locator::XPath("//nav//a[normalize-space()='Elenco degli atti']"),
        Locator::XPath(&format!("//main//a[normalize-space()='{oggetto}']")),
        "list",
    )
    .await;
    click(
        c,
        Locator::XPath(&format!("//main//a[normalize-space()='{oggetto}']")),
        "open the act",
    )
    .await;
    wait_for(
        c,
        Locator::XPath("//h2[normalize-space()='Stato e azioni']"),
    )
    .await;
}

async fn body_text(c: &Client) -> String {
    c.find(Locator::Css("body"))
        .await
        .expect("body")
        .text()
        .await
        .unwrap_or_default()
}

async fn wait_text(c: &Client, text: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let body = body_text(c).await;
        if body.contains(text) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "«{text}» never appeared: {body}"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dirigente_returns_the_istruttore_fixes_the_dirigente_adopts() {
    const OGG: &str = "Acquisto di libri per la biblioteca comunale";
    let desktop = Desktop::start();
    // The draft comes from the CLI (the first test drafts through the window).
    desktop.cli_text(&["init", "--demo"]);
    let id = desktop.cli_text(&["act", "new", "--kind", "determinazione", "--subject", OGG]);
    let id = id.trim();
    let mut act = desktop.cli(&["act", "show", id, "--json"]);
    act["dispositivo"] = serde_json::json!([{"text": "di acquistare i libri"}]);
    let file = desktop.path().join("act.json");
    std::fs::write(&file, act.to_string()).expect("write");
    desktop.cli_text(&[
        "act",
        "edit",
        id,
        "--file",
        file.to_str().unwrap_or_default(),
    ]);
    desktop.cli_text(&["iter", id, "invia", "--as", "istruttore"]);

    let c = desktop.session().await;
    // The dirigente returns it, with a reason and a comment on the first point.
    switch_user(&c, "Marco Rossi").await;
    open_act(&c, OGG).await;
    press(&c, "Restituisci per modifiche").await;
    input_labelled(&c, "Motivazione")
        .await
        .send_keys("Indicare il fornitore")
        .await
        .expect("note");
    let parte = input_labelled(&c, "Parte dell").await;
    let chosen = choose(&c, &parte, "Punto 1").await;
    assert!(chosen.starts_with("dispositivo"), "part chosen: {chosen}");
    input_labelled(&c, "Osservazione")
        .await
        .send_keys("Quale fornitore?")
        .await
        .expect("comment");
    press(&c, "Conferma").await;
    wait_text(&c, "Bozza").await;

    // The istruttore sees the comment, fixes the point and sends it again.
    switch_user(&c, "Giulia Bianchi").await;
    open_act(&c, OGG).await;
    wait_text(&c, "Quale fornitore?").await;
    let point = input_labelled(&c, "Punto 1").await;
    point
        .send_keys(" dalla Libreria Centrale")
        .await
        .expect("fix");
    wait_saved(&c).await;
    press(&c, "Invia in istruttoria").await;
    wait_text(&c, "In istruttoria").await;

    // The dirigente adopts it.
    switch_user(&c, "Marco Rossi").await;
    open_act(&c, OGG).await;
    press(&c, "Adotta e firma").await;
    // It cannot be undone: the app says so and asks the PIN of the signing device (the demo
    // identity's certificate is shown). A wrong PIN signs nothing and keeps the dialog open.
    wait_text(&c, "il testo non sarà più modificabile").await;
    wait_text(&c, "NON QUALIFICATA").await;
    let pin = input_labelled(&c, "PIN del dispositivo di firma").await;
    pin.send_keys("000000").await.expect("wrong PIN");
    press(&c, "Firma").await;
    wait_text(&c, "Firma non apposta").await;
    let pin = input_labelled(&c, "PIN del dispositivo di firma").await;
    pin.send_keys(atti_app::DEMO_PIN).await.expect("PIN");
    press(&c, "Firma").await;
    wait_text(&c, "Assegnato il numero").await;
    // The timeline shows every step.
    let body = body_text(&c).await;
    for step in [
        "Bozza creata",
        "Invia in istruttoria",
        "Restituisci per modifiche",
        "Quale fornitore?",
        "Assegnato il numero",
        "Adotta e firma",
    ] {
        assert!(body.contains(step), "the timeline lacks «{step}»");
    }
    let shot = c.screenshot().await.expect("screenshot");
    desktop.save_artifact("iter.png", &shot);

    // The adopted act's document, previewed inside the app (pdf.js in WebKitGTK).
    click(
        &c,
        Locator::XPath("//a[normalize-space()='Documento']"),
        "Documento",
    )
    .await;
    let page = wait_for(&c, Locator::Css("[aria-label^='Pagina 1 di'] canvas")).await;
    let arg = serde_json::to_value(&page).expect("element as JSON");
    let width = c
        .execute("return arguments[0].width", vec![arg])
        .await
        .expect("canvas width")
        .as_u64()
        .unwrap_or(0);
    assert!(width > 100, "the first page was not drawn (width {width})");
    // Over the drawing, the page's text for screen readers (pdf.js text layer in WebKitGTK).
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let text = c
            .execute(
                "return document.querySelector(\"[aria-label^='Pagina 1 di']\").textContent",
                vec![],
            )
            .await
            .expect("page text")
            .as_str()
            .unwrap_or_default()
            .to_string();
        if text.contains(OGG) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no readable text on page 1: {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    wait_text(&c, "Versione per la pubblicazione").await;
    let shot = c.screenshot().await.expect("screenshot");
    desktop.save_artifact("documento.png", &shot);
    c.close().await.expect("close the app");

    let shown = desktop.cli(&["act", "show", id, "--json"]);
    assert_eq!(shown["state"], "esecutiva");
    assert_eq!(
        shown["dispositivo"][0]["text"],
        "di acquistare i libri dalla Libreria Centrale"
    );
    let history = desktop.cli(&["act", "history", id, "--json"]);
    let actions: Vec<&str> = history
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "crea",
            "salva",
            "invia",
            "restituisci",
            "salva",
            "invia",
            "numero",
            "firma",
            "documento",
            "documento",
            // The act and its publication version, signed together.
            "firma digitale",
            "firma digitale",
            "adotta",
            "in coda per l'archivio"
        ]
    );
    assert_eq!(history[3]["comments"][0]["text"], "Quale fornitore?");
}

/// Presses a button from the keyboard: focus it, then Enter (what a keyboard-only clerk does).
async fn press(c: &Client, text: &str) {
    let b = button(c, text).await;
    let arg = serde_json::to_value(&b).expect("element as JSON");
    c.execute("arguments[0].focus()", vec![arg])
        .await
        .expect("focus");
    let focused = c
        .active_element()
        .await
        .expect("focus")
        .text()
        .await
        .unwrap_or_default();
    assert_eq!(focused.trim(), text, "the focus is not on «{text}»");
    type_keys(c, "\u{E007}").await;
}

/// Chooses an option of a select from the keyboard: focus it and type the start of the
/// option's text (WebKitWebDriver cannot click options). Returns the chosen value.
async fn choose(c: &Client, select: &fantoccini::elements::Element, text: &str) -> String {
    let arg = serde_json::to_value(select).expect("element as JSON");
    c.execute("arguments[0].focus()", vec![arg.clone()])
        .await
        .expect("focus");
    type_keys(c, text).await;
    // A select's type-ahead forgets what was typed after a pause: on a loaded machine the
    // keys may come slower than that and land on another option. Then the option whose name
    // starts with `text` is chosen as a pointer would, with the events the page listens to.
    let chosen = c
        .execute(
            "const s = arguments[0], want = arguments[1];
             if (!(s.selectedOptions[0]?.text.trim() ?? '').startsWith(want)) {
               const o = [...s.options].find((o) => o.text.trim().startsWith(want));
               if (o) {
                 s.value = o.value;
                 s.dispatchEvent(new Event('input', { bubbles: true }));
                 s.dispatchEvent(new Event('change', { bubbles: true }));
               }
             }
             return s.selectedOptions[0]?.text.trim() ?? '';",
            vec![arg, serde_json::Value::String(text.to_string())],
        )
        .await
        .expect("choose");
    assert!(
        chosen.as_str().is_some_and(|t| t.starts_with(text)),
        "no option starts with «{text}»: {chosen}"
    );
    select
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

/// An archive that cannot be opened: the window says why (not a terminal the clerk never
/// sees), and «Riprova» opens it once the cause is gone.
#[tokio::test(flavor = "multi_thread")]
async fn an_archive_that_cannot_be_opened_is_explained_in_the_window() {
    let desktop = Desktop::start();
    let db = desktop.path().join("atti.sqlite3");
    std::fs::write(
        &db,
        b"questo non e' un archivio SQLite, ma un file qualunque\n".repeat(200),
    )
    .expect("write");
    let c = desktop.session().await;
    wait_text(&c, "Impossibile avviare Atti").await;
    wait_text(&c, "non è un archivio di Atti").await;
    let shot = c.screenshot().await.expect("screenshot");
    desktop.save_artifact("avvio-errore.png", &shot);
    // Nothing was written over the file.
    assert!(
        std::fs::read(&db)
            .expect("db")
            .starts_with(b"questo non e' un archivio")
    );
    // The cause goes away (IT staff restore the archive); «Riprova» opens it.
    std::fs::remove_file(&db).expect("remove");
    button(&c, "Riprova").await.click().await.expect("Riprova");
    wait_for(
        &c,
        Locator::XPath("//button[normalize-space()='Nuovo atto']"),
    )
    .await;
    c.close().await.expect("close the app");
}

/// One Comune, two PCs (docs/iter-condiviso.md): the istruttore drafts and sends on PC A (the
/// CLI, its own data dir and keyring); on PC B, the window, the dirigente logs in with his
/// account on the Comune's document server (a real Apache over TLS) and finds the act in «Le
/// mie attività».
#[tokio::test]
async fn the_dirigente_logs_in_and_finds_the_act_sent_from_another_pc() {
    const OGG: &str = "Manutenzione straordinaria del ponte";
    let fx = atti_sync::testkit::Fixture::start();
    for user in ["g.bianchi", "m.rossi"] {
        fx.server.add_user(user, &format!("pw-{user}-finestra"));
    }
    let url = format!("{}archive", fx.server.url());
    let ca = fx.pki.ca_pem.to_string_lossy().into_owned();
    let comune =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/comune.example.json");
    let comune = comune.to_str().expect("utf-8");
    let login = |keyring: &Keyring, data: &std::path::Path, user: &str| {
        keyring.cli(
            data,
            &[
                "login",
                "--server",
                &url,
                "--ca",
                &ca,
                "--user",
                user,
                "--password-stdin",
            ],
            &format!("pw-{user}-finestra\n"),
        );
    };

    // PC A: the istruttore drafts and sends.
    let pc_a = Keyring::start();
    let data_a = tempfile::tempdir().expect("data");
    pc_a.cli(data_a.path(), &["init", "--comune", comune], "");
    login(&pc_a, data_a.path(), "g.bianchi");
    let id = pc_a.cli(
        data_a.path(),
        &["act", "new", "--kind", "determinazione", "--subject", OGG],
        "",
    );
    let id = id.trim();
    let mut act: serde_json::Value =
        serde_json::from_str(&pc_a.cli(data_a.path(), &["act", "show", id, "--json"], ""))
            .expect("json");
    act["dispositivo"] = serde_json::json!([{"text": "di riparare il ponte"}]);
    let file = data_a.path().join("act.json");
    std::fs::write(&file, act.to_string()).expect("write");
    pc_a.cli(
        data_a.path(),
        &[
            "act",
            "edit",
            id,
            "--file",
            file.to_str().unwrap_or_default(),
        ],
        "",
    );
    pc_a.cli(data_a.path(), &["iter", id, "invia"], "");

    // PC B: the Comune's archive, and the server it knows (the dirigente's earlier login,
    // then logout): the window opens on «Accesso» asking only for his password.
    let pc_b = Keyring::start();
    let desktop = Desktop::start_in(Some(&pc_b));
    pc_b.cli(desktop.path(), &["init", "--comune", comune], "");
    login(&pc_b, desktop.path(), "m.rossi");
    pc_b.cli(desktop.path(), &["logout"], "");

    let c = desktop.session().await;
    wait_text(&c, "Accesso").await;
    let password = input_labelled(&c, "Password").await;
    password
        .send_keys("pw-m.rossi-finestra")
        .await
        .expect("password");
    press(&c, "Accedi").await;
    wait_text(&c, "Le mie attività").await;
    // The act sent from PC A, fetched at the login.
    wait_text(&c, OGG).await;
    c.close().await.expect("close");
}

/// Waits until the element with this id has the focus.
async fn wait_focus(c: &Client, id: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let focused = c
            .active_element()
            .await
            .ok()
            .map(|e| async move { e.attr("id").await.ok().flatten() });
        let focused = match focused {
            Some(f) => f.await,
            None => None,
        };
        if focused.as_deref() == Some(id) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the focus never reached #{id} (it is on {focused:?})"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A delibera di Giunta proposed with its parere tecnico, from the CLI; returns its id.
fn proposta_di_giunta(desktop: &Desktop, oggetto: &str) -> String {
    let id = desktop
        .cli_text(&[
            "act",
            "new",
            "--kind",
            "delibera-giunta",
            "--subject",
            oggetto,
        ])
        .trim()
        .to_string();
    let mut act = desktop.cli(&["act", "show", &id, "--json"]);
    act["dispositivo"] = serde_json::json!([{ "text": format!("di approvare: {oggetto}") }]);
    let file = desktop.path().join(format!("act-{id}.json"));
    std::fs::write(&file, act.to_string()).expect("write");
    desktop.cli_text(&[
        "act",
        "edit",
        &id,
        "--file",
        file.to_str().unwrap_or_default(),
    ]);
    desktop.cli_text(&["iter", &id, "invia", "--as", "istruttore"]);
    desktop.cli_text(&["iter", &id, "proponi", "--as", "dirigente"]);
    desktop.cli_with_stdin(
        &[
            "parere",
            &id,
            "--tipo",
            "tecnico",
            "--esito",
            "favorevole",
            "--as",
            "dirigente",
            "--pin-stdin",
        ],
        &format!("{}\n", atti_app::DEMO_PIN),
    );
    id
}

/// The segretario runs a whole Giunta session in the window: convened, three proposals on the
/// ordine del giorno, the roll call with one member absent with justification, the first item
/// approved and immediately executable, the second approved with a member out of the room
/// (art. 78), the third postponed; closed. The CLI on the same data dir finds the delibere
/// numbered in the order of approval, with the session's data by name.
#[tokio::test(flavor = "multi_thread")]
async fn the_segretario_runs_a_giunta_session_in_the_window() {
    let desktop = Desktop::start();
    desktop.cli_text(&["init", "--demo"]);
    let ponte = proposta_di_giunta(&desktop, "Interventi urgenti sul ponte");
    let piazza = proposta_di_giunta(&desktop, "Progetto della piazza");
    let musica = proposta_di_giunta(&desktop, "Contributo alla scuola di musica");

    let c = desktop.session().await;
    switch_user(&c, "Paolo Esposito").await;
    follow(
        &c,
        Locator::XPath("//nav//a[normalize-space()='Sedute']"),
        Locator::XPath("//h1[normalize-space()='Sedute della Giunta e del Consiglio']"),
        "the Sedute screen",
    )
    .await;
    input_labelled(&c, "Luogo")
        .await
        .send_keys("Sala della Giunta")
        .await
        .expect("luogo");
    press(&c, "Convoca la seduta").await;
    wait_for(
        &c,
        Locator::XPath("//h1[starts-with(normalize-space(), 'Seduta n. 1/')]"),
    )
    .await;
    for oggetto in [
        "Interventi urgenti sul ponte",
        "Progetto della piazza",
        "Contributo alla scuola di musica",
    ] {
        let select = input_labelled(&c, "Proposta").await;
        choose(&c, &select, oggetto).await;
        press(&c, "Iscrivi all’ordine del giorno").await;
        wait_for(
            &c,
            Locator::XPath(&format!("//ol//span[normalize-space()='{oggetto}']")),
        )
        .await;
    }
    // The roll call: Francesca Gallo absent with justification; the others present.
    tick(&c, "appello-gallo-giustificato", "Gallo giustificata").await;
    press(&c, "Apri la seduta").await;

    // Item 1: unanimous, with the separate vote on immediate executability.
    wait_text(&c, "Punto 1: Interventi urgenti sul ponte").await;
    tick(&c, "voto-separata", "the separate vote").await;
    press(&c, "Registra il voto").await;
    wait_text(&c, "Punto 2: Progetto della piazza").await;
    // The focus lands on the next item's vote (the page does not move under the pointer).
    wait_focus(&c, "voto-titolo").await;
    // Item 2: Chiara Greco leaves the room for it; Davide Conti votes against.
    tick(&c, "voto-greco-fuori", "Greco out for the item").await;
    // From the keyboard, as the segreteria goes down the rows: Davide Conti's row, one right.
    let favorevole = wait_for(&c, Locator::Id("voto-conti-favorevole")).await;
    let arg = serde_json::to_value(&favorevole).expect("element as JSON");
    c.execute("arguments[0].focus()", vec![arg])
        .await
        .expect("focus");
    type_keys(&c, "\u{E014}").await; // ArrowRight
    let contrario = wait_for(&c, Locator::Id("voto-conti-contrario")).await;
    assert_eq!(
        contrario.prop("checked").await.expect("checked").as_deref(),
        Some("true"),
        "Davide Conti's vote did not move to «Contrario» from the keyboard"
    );
    press(&c, "Registra il voto").await;
    wait_text(&c, "Punto 3: Contributo alla scuola di musica").await;
    wait_focus(&c, "voto-titolo").await;
    // Item 3: postponed, with its reason.
    input_labelled(&c, "Motivo del rinvio")
        .await
        .send_keys("Istruttoria da integrare")
        .await
        .expect("motivo");
    press(&c, "Rinvia il punto").await;
    wait_text(&c, "Rinviata: Istruttoria da integrare").await;
    press(&c, "Chiudi la seduta").await;
    wait_text(&c, "Verbale della seduta").await;
    if let Ok(png) = c.screenshot().await {
        desktop.save_artifact("seduta.png", &png);
    }
    c.close().await.expect("close the app");

    // The CLI on the same archive: numbered in the order of approval, the data by name.
    let status = |id: &str| desktop.cli(&["iter", id, "--json", "--as", "segretario"]);
    let (u, p, m) = (status(&ponte), status(&piazza), status(&musica));
    let year = u["dates"]["adoption"].as_str().unwrap_or_default()[..4].to_string();
    assert_eq!(u["numero"], format!("1/{year}"), "{u}");
    assert_eq!(u["seduta"]["immediatamente_eseguibile"], true, "{u}");
    assert_eq!(p["numero"], format!("2/{year}"), "{p}");
    assert_eq!(
        p["seduta"]["record"]["non_partecipano"],
        serde_json::json!(["Chiara Greco"])
    );
    assert_eq!(
        p["seduta"]["record"]["contrari"],
        serde_json::json!(["Davide Conti"])
    );
    assert_eq!(
        p["seduta"]["record"]["assenti"],
        serde_json::json!(["Francesca Gallo"])
    );
    assert_eq!(m["state"], "iscritta", "{m}");
    let seduta = desktop.cli(&["seduta", "show", "1", "--json", "--as", "segretario"]);
    assert_eq!(seduta["stato"]["fase"], "chiusa", "{seduta}");
}

/// Where the element with this id is on the screen (its top, in the window), whatever the
/// page's scroll: what the clerk's eyes and pointer see.
async fn place(c: &Client, id: &str) -> i64 {
    c.execute(
        "return Math.round(document.getElementById(arguments[0]).getBoundingClientRect().top);",
        vec![serde_json::Value::String(id.to_string())],
    )
    .await
    .expect("place")
    .as_i64()
    .unwrap_or(-1)
}

/// The impegni of a determinazione typed at keyboard speed while the autosave runs: one click
/// on «Aggiungi un impegno» adds a row; an autosave that finds a half-typed CIG marks it and
/// moves nothing on the page; every value lands in its column (the CLI reads them back).
#[tokio::test(flavor = "multi_thread")]
async fn impegni_typed_at_keyboard_speed_land_in_their_columns_while_the_autosave_runs() {
    impegni_typed_at_keyboard_speed(false).await;
}

/// The same on a slow disk: every save waits seconds for the database (another process holds
/// its write lock 1.5 s at a time, as a network drive or an antivirus scanning the file does).
#[tokio::test(flavor = "multi_thread")]
async fn impegni_typed_at_keyboard_speed_land_in_their_columns_on_a_slow_disk() {
    impegni_typed_at_keyboard_speed(true).await;
}

/// Holds the write lock of a SQLite database from another connection, 1.5 s at a time with
/// short gaps, until stopped; says how many times it held it.
struct SlowDisk {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<u32>,
}

impl SlowDisk {
    fn start(db: &std::path::Path) -> SlowDisk {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let conn = rusqlite::Connection::open(db).expect("the app's database");
        conn.busy_timeout(Duration::from_secs(30))
            .expect("busy timeout");
        let thread = std::thread::spawn(move || {
            let mut held = 0;
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                conn.execute_batch("BEGIN IMMEDIATE").expect("write lock");
                std::thread::sleep(Duration::from_millis(1500));
                conn.execute_batch("COMMIT").expect("release");
                held += 1;
                std::thread::sleep(Duration::from_millis(60));
            }
            held
        });
        SlowDisk { stop, thread }
    }

    fn stop(self) -> u32 {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread.join().expect("slow disk thread")
    }
}

async fn impegni_typed_at_keyboard_speed(slow_disk: bool) {
    const OGG: &str = "Manutenzione del verde pubblico";
    let desktop = Desktop::start();
    desktop.cli_text(&["init", "--demo"]);
    let id = desktop.cli_text(&["act", "new", "--kind", "determinazione", "--subject", OGG]);
    let id = id.trim();
    let c = desktop.session().await;
    let slow = slow_disk.then(|| SlowDisk::start(&desktop.path().join("atti.sqlite3")));
    open_act(&c, OGG).await;

    let add = Locator::XPath("//button[normalize-space()='Aggiungi un impegno']");
    click(&c, add, "Aggiungi un impegno").await;
    wait_focus(&c, "f-impegni-0-capitolo").await;
    // Row 1, as fast as the keyboard goes, Tab from column to column; the CIG half typed.
    type_keys(
        &c,
        "1043.02\u{E004}12.500,00\u{E004}Verde Sereno S.r.l.\u{E004}B123",
    )
    .await;
    let before = (
        place(&c, "f-impegni-0-cig").await,
        place(&c, "imp-add").await,
    );
    // The autosave runs a second later and finds the CIG too short: the field is marked, the
    // status says so, and nothing on the page moves.
    wait_text(&c, "Non salvato: un campo da correggere, segnato in rosso").await;
    let cig = wait_for(&c, Locator::Id("f-impegni-0-cig")).await;
    assert_eq!(
        cig.attr("aria-invalid").await.expect("attr").as_deref(),
        Some("true")
    );
    // (What grew above them, the iter panel, the status, is made up for by the scroll.)
    assert_eq!(
        (
            place(&c, "f-impegni-0-cig").await,
            place(&c, "imp-add").await
        ),
        before,
        "the page moved under the clerk's hands"
    );
    type_keys(&c, "4567C8").await;
    wait_saved(&c).await;
    // Right after the save, the pointer: one click adds the second row.
    click(&c, add, "Aggiungi un impegno").await;
    wait_focus(&c, "f-impegni-1-capitolo").await;
    type_keys(&c, "2080/1\u{E004}300\u{E004}Comune di Esempio").await;
    wait_saved(&c).await;
    if let Some(slow) = slow {
        assert!(slow.stop() > 0, "the disk was never slow");
    }
    c.close().await.expect("close the app");

    let act = desktop.cli(&["act", "show", id, "--json"]);
    let impegni = act["impegni"].as_array().cloned().unwrap_or_default();
    assert_eq!(impegni.len(), 2, "{act}");
    let (first, second) = (&impegni[0], &impegni[1]);
    assert_eq!(first["capitolo"], "1043.02", "{first}");
    assert_eq!(first["importo_centesimi"], 1_250_000, "{first}");
    assert_eq!(first["beneficiario"], "Verde Sereno S.r.l.", "{first}");
    assert_eq!(first["cig"], "B1234567C8", "{first}");
    assert_eq!(second["capitolo"], "2080/1", "{second}");
    assert_eq!(second["importo_centesimi"], 30_000, "{second}");
    assert_eq!(second["beneficiario"], "Comune di Esempio", "{second}");
    assert_eq!(first["esercizio"], second["esercizio"]);
}

/// «Come l'anno scorso», in the window: last year's determinazione is the office's modello
/// (saved by its dirigente); the istruttore starts a draft from it in «Nuovo atto», and another
/// with «Duplica in una nuova bozza», whose CIG is marked until changed.
#[tokio::test(flavor = "multi_thread")]
async fn a_determinazione_from_a_modello_and_one_duplicated_from_last_years() {
    const OGG: &str = "Manutenzione del verde pubblico, anno 2025";
    const POINT: &str = "di affidare il servizio alla ditta Verde Sereno S.r.l.;";
    let desktop = Desktop::start();
    desktop.cli_text(&["init", "--demo"]);
    let id = desktop.cli_text(&[
        "act",
        "new",
        "--kind",
        "determinazione",
        "--subject",
        OGG,
        "--as",
        "dirigente",
    ]);
    let id = id.trim();
    let mut act = desktop.cli(&["act", "show", id, "--json"]);
    act["dispositivo"] = serde_json::json!([{ "text": POINT }]);
    act["impegni"] = serde_json::json!([{"esercizio": 2025, "capitolo": "1043.02",
        "importo_centesimi": 1_250_000, "beneficiario": "Verde Sereno S.r.l.",
        "cig": "B1234567C8", "cup": null}]);
    let file = desktop.path().join("atto.json");
    std::fs::write(&file, act.to_string()).expect("write");
    let path = file.to_str().expect("utf-8");
    desktop.cli_text(&["act", "edit", id, "--file", path, "--as", "dirigente"]);
    desktop.cli_text(&[
        "modello",
        "salva",
        "--da-atto",
        id,
        "--nome",
        "Manutenzione del verde",
        "--as",
        "dirigente",
    ]);

    let c = desktop.session().await;
    // From the modello, with the keyboard: the kind, then the modello; the oggetto is the modello's.
    press(&c, "Nuovo atto").await;
    let kind = input_labelled(&c, "Tipo di atto").await;
    choose(&c, &kind, "Determinazione").await;
    let modello = input_labelled(&c, "Parti da un modello").await;
    choose(&c, &modello, "Manutenzione del verde").await;
    press(&c, "Crea la bozza").await;
    let point = wait_for(&c, Locator::Id("f-dispositivo-0-text")).await;
    assert_eq!(
        point.prop("value").await.expect("value").as_deref(),
        Some(POINT)
    );

    // Duplicated from last year's: the CIG is marked until it changes.
    open_act(&c, OGG).await;
    press(&c, "Duplica in una nuova bozza").await;
    wait_text(&c, "Bozza duplicata da un atto precedente").await;
    wait_for(&c, Locator::Css("#f-impegni-0-cig[data-verificare]")).await;
    // The clerk selects the old CIG and types the new one over it.
    let cig = wait_for(&c, Locator::Id("f-impegni-0-cig")).await;
    let arg = serde_json::to_value(&cig).expect("element as JSON");
    c.execute(
        "const e = arguments[0]; e.scrollIntoView({block: 'center'}); e.focus(); e.select();",
        vec![arg],
    )
    .await
    .expect("select the CIG");
    type_keys(&c, "B7654321C8").await;
    wait_saved(&c).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while c
        .find(Locator::Css("#f-impegni-0-cig[data-verificare]"))
        .await
        .is_ok()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the new CIG is still marked as to check"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    if let Ok(png) = c.screenshot().await {
        desktop.save_artifact("duplicato.png", &png);
    }
    c.close().await.expect("close the app");

    let list = desktop.cli(&["act", "list", "--json"]);
    let drafts: Vec<&serde_json::Value> = list
        .as_array()
        .into_iter()
        .flatten()
        .filter(|a| a["id"].as_i64().map(|i| i.to_string()).as_deref() != Some(id))
        .collect();
    assert_eq!(drafts.len(), 2, "{list}");
    for d in drafts {
        let shown = desktop.cli(&["act", "show", &d["id"].to_string(), "--json"]);
        assert_eq!(shown["dispositivo"][0]["text"], POINT, "{shown}");
        assert_ne!(shown["impegni"][0]["esercizio"], 2025, "{shown}");
    }
}

/// Runs LibreOffice headless with a profile of its own in `dir` (no other soffice in the way).
fn soffice(dir: &std::path::Path, args: &[&str]) {
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    let out = std::process::Command::new("soffice")
        .arg(&profile)
        .arg("--headless")
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .output()
        .expect("soffice (scripts/deps.sh installs libreoffice-writer-nogui)");
    assert!(
        out.status.success(),
        "soffice {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Presses a key with Control held (W3C code U+E009).
async fn control(c: &Client, key: char) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: '\u{E009}' })
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key })
        .then(KeyAction::Up { value: '\u{E009}' });
    c.perform_actions(keys).await.expect("key actions");
}

/// A clerk writes a section with bold from the keyboard, then pastes a list and a table from a
/// .docx that LibreOffice made (and copied as its HTML onto the X clipboard): the act keeps
/// them as Markdown, the PDF prints them with the same structure (pdftotext), and a misspelt
/// word is underlined by the Italian spell checker (red pixels under it, none under a right one).
#[tokio::test(flavor = "multi_thread")]
async fn a_section_pasted_from_a_docx_keeps_its_list_and_table_in_the_pdf() {
    const OGG: &str = "Manutenzione straordinaria dei giardini";
    let desktop = Desktop::start();
    let dir = desktop.path().to_path_buf();
    std::fs::write(
        dir.join("fonte.html"),
        "<html><body><p>Gli interventi sono:</p>\
         <ol><li>sfalcio dei prati</li><li>potatura delle siepi</li></ol>\
         <table border=\"1\"><tr><th>Voce</th><th>Importo</th></tr>\
         <tr><td>Sfalcio</td><td>1.200,00</td></tr><tr><td>Potatura</td><td>800,00</td></tr></table>\
         </body></html>",
    )
    .expect("write");
    soffice(
        &dir,
        &[
            "--infilter=HTML (StarWriter)",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "fonte.html",
        ],
    );
    std::fs::create_dir_all(dir.join("copia")).expect("mkdir");
    soffice(
        &dir,
        &[
            "--convert-to",
            "html:HTML (StarWriter)",
            "--outdir",
            "copia",
            "fonte.docx",
        ],
    );
    let copied = dir.join("copia/fonte.html");
    assert!(copied.exists(), "LibreOffice wrote no HTML of the .docx");

    let c = desktop.session().await;
    press(&c, "Nuovo atto").await;
    let kind = input_labelled(&c, "Tipo di atto").await;
    choose(&c, &kind, "Determinazione").await;
    input_labelled(&c, "Oggetto")
        .await
        .send_keys(OGG)
        .await
        .expect("type the oggetto");
    press(&c, "Crea la bozza").await;
    press(&c, "Aggiungi sezione").await;
    wait_focus(&c, "f-sections-0-text").await;
    type_keys(&c, "Si rende ").await;
    control(&c, 'b').await;
    type_keys(&c, "necessario").await;
    control(&c, 'b').await;
    type_keys(&c, " intervenire.\u{E007}").await;

    // LibreOffice's HTML on the clipboard, as Ctrl+C in Writer leaves it; then Ctrl+V.
    let status = std::process::Command::new("xclip")
        .args(["-selection", "clipboard", "-t", "text/html", "-i"])
        .arg(&copied)
        .env("DISPLAY", desktop.display())
        .status()
        .expect("xclip (scripts/deps.sh installs it)");
    assert!(status.success(), "xclip");
    control(&c, 'v').await;
    wait_text(&c, "potatura delle siepi").await;
    wait_saved(&c).await;

    // After the table (Ctrl+End), a word the dictionary knows and one it does not, each on its
    // own line (a word is checked once the caret leaves it).
    control(&c, '\u{E010}').await;
    type_keys(&c, "manutenzione\u{E007}manutenzzione\u{E007}").await;
    wait_saved(&c).await;
    // Red pixels (the checker's dotted underline: #FF4040, #FF7F7F) in the box of the line
    // that holds exactly this word, in a screenshot of the window.
    let underlined = |word: &'static str| {
        let c = c.clone();
        async move {
            let xpath = format!("//div[@id='f-sections-0-text']//p[normalize-space()='{word}']");
            let line = wait_for(&c, Locator::XPath(&xpath)).await;
            let arg = serde_json::to_value(&line).expect("element as JSON");
            let rect = c
                .execute(
                    "const r = arguments[0].getBoundingClientRect();
                     return [r.left, r.top, r.right, r.bottom].map(Math.round);",
                    vec![arg],
                )
                .await
                .expect("the line's box");
            let rect: Vec<u32> = serde_json::from_value(rect).expect("four numbers");
            let png = c.screenshot().await.expect("screenshot");
            let img = image::load_from_memory(&png).expect("PNG").to_rgb8();
            let mut red = 0;
            for y in rect[1]..rect[3].min(img.height()) {
                for x in rect[0]..rect[2].min(img.width()) {
                    let p = img.get_pixel(x, y);
                    if p[0] > 200
                        && p[0] - p[1] > 60
                        && p[0] - p[2] > 60
                        && p[1].abs_diff(p[2]) < 30
                    {
                        red += 1;
                    }
                }
            }
            red
        }
    };
    // The checker runs after the typing: wait for its underline, not for a time.
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while underlined("manutenzzione").await == 0 {
        if std::time::Instant::now() >= deadline
            && let Ok(png) = c.screenshot().await
        {
            desktop.save_artifact("sezione-formattata.png", &png);
        }
        assert!(
            std::time::Instant::now() < deadline,
            "«manutenzzione» is never underlined: no Italian spell check"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        underlined("manutenzione").await,
        0,
        "a right word is underlined"
    );
    if let Ok(png) = c.screenshot().await {
        desktop.save_artifact("sezione-formattata.png", &png);
    }
    c.close().await.expect("close the app");

    let list = desktop.cli(&["act", "list", "--json"]);
    let id = list[0]["id"].as_i64().expect("one act").to_string();
    let act = desktop.cli(&["act", "show", &id, "--json"]);
    let text = act["sections"][0]["text"].as_str().expect("a section");
    for expected in [
        "Si rende **necessario** intervenire.",
        "1. sfalcio dei prati\n2. potatura delle siepi",
        "| --- | --- |\n| Sfalcio | 1.200,00 |\n| Potatura | 800,00 |",
    ] {
        assert!(text.contains(expected), "«{expected}» not in {text:?}");
    }
    let pdf = dir.join("atto.pdf");
    desktop.cli_text(&["render", &id, "--out", pdf.to_str().expect("utf-8")]);
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().expect("utf-8"), "-"])
        .output()
        .expect("pdftotext");
    let printed = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<String> = printed
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l == needle)
            .unwrap_or_else(|| panic!("no line «{needle}» in the PDF:\n{printed}"))
    };
    // The list keeps its numbers; the table its rows, each cell beside the other.
    let first = at("1. sfalcio dei prati");
    assert_eq!(at("2. potatura delle siepi"), first + 1);
    let header = at("Voce Importo");
    assert_eq!(at("Sfalcio 1.200,00"), header + 1);
    assert_eq!(at("Potatura 800,00"), header + 2);
    assert!(first > at("Gli interventi sono:"));
}

/// «Verifica copia» with the camera in the real window: WebKitGTK's media stream is on (the
/// window offers getUserMedia) and, on this machine without a camera, the clerk is told so in
/// Italian; the rest of the screen still works.
#[tokio::test(flavor = "multi_thread")]
async fn the_camera_of_verifica_copia_says_when_there_is_none() {
    let desktop = Desktop::start();
    let c = desktop.session().await;
    follow(
        &c,
        Locator::XPath("//nav//a[normalize-space()='Verifica copia']"),
        Locator::Id("verifica-testo"),
        "Verifica copia",
    )
    .await;
    let offered = c
        .execute(
            "return typeof navigator.mediaDevices?.getUserMedia === 'function'",
            vec![],
        )
        .await
        .expect("script");
    assert_eq!(
        offered,
        serde_json::Value::Bool(true),
        "no media stream in the window"
    );
    press(&c, "Leggi il QR con la fotocamera").await;
    wait_text(&c, "Nessuna fotocamera trovata su questo computer.").await;
    wait_for(
        &c,
        Locator::XPath("//button[normalize-space()='Leggi il QR con la fotocamera']"),
    )
    .await;
    c.close().await.expect("close the app");
}
