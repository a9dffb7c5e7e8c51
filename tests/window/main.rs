//! The real app in a real window: atti-desktop under Xvfb, driven through tauri-driver and
//! WebKitWebDriver. A clerk creates a determinazione with accents in the oggetto, adds two
//! dispositivo points, closes the app, starts it again and finds the act intact; the CLI
//! on the same data dir agrees. A screenshot of the editor is kept in test-artifacts/.

mod harness;

use fantoccini::{Client, Locator};
use harness::{Desktop, wait_for};
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
        button(&c, "Aggiungi un punto")
            .await
            .click()
            .await
            .expect("add point");
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
    let link = wait_for(
        &c,
        Locator::XPath(&format!("//a[contains(normalize-space(), '{OGGETTO}')]")),
    )
    .await;
    link.click().await.expect("open the act");
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
