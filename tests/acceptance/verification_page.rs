//! The verification page the Comune publishes for citizens (Circolare AgID 62/2013): a
//! self-contained HTML file whose script checks a contrassegno with WebCrypto. Here its own
//! script runs under Node's WebCrypto (an implementation independent of ours) on a real
//! token, on tampered ones, and on text that is no token; the page loads nothing and its CSP
//! hash matches its script.

use crate::support::{DataDir, run_tool};
use base64::Engine as _;
use sha2::{Digest, Sha256};

pub(crate) fn between<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text.find(from).expect(from) + from.len();
    let end = start + text[start..].find(to).expect(to);
    &text[start..end]
}

/// The verification page `atti comune pagina-verifica` writes for this data dir.
pub(crate) fn published_page(d: &DataDir) -> String {
    let path = d.path().join("verifica.html");
    d.ok(&[
        "comune",
        "pagina-verifica",
        "--out",
        path.to_str().expect("utf-8"),
    ]);
    std::fs::read_to_string(&path).expect("page")
}

/// Runs the page's script under Node and checks `token` with it.
pub(crate) fn node_verify(dir: &std::path::Path, script: &str, token: &str) -> serde_json::Value {
    let harness = dir.join("verifica-node.js");
    std::fs::write(
        &harness,
        format!(
            "{script}\nverificaContrassegno(process.argv[2], CHIAVI, require('node:crypto').webcrypto.subtle)\n  .then((r) => console.log(JSON.stringify(r)));\n"
        ),
    )
    .expect("write");
    let out = run_tool("node", &[harness.to_str().expect("utf-8"), token]);
    serde_json::from_str(&out).expect("JSON from the page's script")
}

#[test]
fn the_published_page_verifies_a_real_contrassegno_and_refuses_a_forged_one() {
    let d = DataDir::demo();
    // The address printed on copies: https only.
    for bad in [
        "http://verifica.comune.example.it",
        "https://a|b",
        "https://",
        "https://x.it/50%",
    ] {
        let msg = d.fails(&["comune", "url-verifica", bad, "--as", "amministratore"]);
        assert!(msg.contains("https://"), "{bad}: {msg}");
    }
    let url = "https://www.comune.esempio.it/verifica-copie";
    let msg = d.fails(&["comune", "url-verifica", url]);
    assert!(msg.contains("solo l'amministratore di sistema"), "{msg}");
    d.ok(&["comune", "url-verifica", url, "--as", "amministratore"]);
    let id = d.new_act("decreto", "Nomina del vicesindaco", "sindaco");
    d.fill(
        id,
        "sindaco",
        serde_json::json!({"dispositivo": [{"text": "di nominare"}]}),
    );
    d.sign(id, "adotta", "sindaco");
    let copy = d.path().join("copia.pdf");
    d.ok(&[
        "copia",
        &id.to_string(),
        "--out",
        copy.to_str().expect("utf-8"),
        "--as",
        "segretario",
    ]);
    let token = d.json(&["act", "copie", &id.to_string()])[0]["token"]
        .as_str()
        .expect("token")
        .to_string();
    assert!(token.contains(url), "{token}");

    let page = published_page(&d);
    assert!(page.contains("Comune di Esempio"));
    // Self-contained: nothing loaded from anywhere; the CSP names its script by hash.
    for outside in ["src=", "href=", "@import", "url("] {
        assert!(
            !page.contains(outside),
            "the page loads something: {outside}"
        );
    }
    let script = between(&page, "<script>", "</script>");
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
    assert!(
        page.contains(&format!("script-src 'sha256-{hash}'")),
        "the CSP does not allow exactly this script"
    );

    let ok = node_verify(d.path(), script, &token);
    assert_eq!(ok["valido"], true, "{ok}");
    // What a phone reads from the QR: the link to this page with the token after "#".
    let link = format!("{url}#{}", token.replace('|', "%7C"));
    assert_eq!(node_verify(d.path(), script, &link)["valido"], true);
    assert_eq!(ok["registro"], "decreto");
    assert_eq!(ok["atto"], id.to_string());
    let numero = ok["numero"].as_str().expect("numero").to_string();
    assert!(
        numero.ends_with("/2026") || numero.contains('/'),
        "{numero}"
    );

    // It states the copy it is printed on, as the register of copies has it.
    let copia = d.json(&["act", "copie", &id.to_string()])[0].clone();
    assert_eq!(ok["copia"]["numero"], copia["id"].to_string(), "{ok}");
    assert_eq!(ok["copia"]["funzionario"], "Paolo Esposito", "{ok}");
    assert!(
        ok["copia"]["pagine"]
            .as_str()
            .is_some_and(|p| p.parse::<u32>().is_ok_and(|n| n >= 2)),
        "{ok}"
    );
    assert_eq!(ok["copia"]["per"], serde_json::Value::Null, "{ok}");
    // A transplanted number: the seal no longer holds.
    let transplanted = token.replacen(&format!("|{}|", copia["id"]), "|99|", 1);
    assert_ne!(transplanted, token);
    assert_eq!(
        node_verify(d.path(), script, &transplanted)["valido"],
        false
    );

    // One character changed in what the token states, or in its signature: refused.
    let forged = token.replacen(&format!("|{numero}|"), "|999/2026|", 1);
    assert_ne!(forged, token);
    let ko = node_verify(d.path(), script, &forged);
    assert_eq!(ko["valido"], false, "{ko}");
    assert!(
        ko["motivo"]
            .as_str()
            .unwrap_or_default()
            .contains("NON è autentico"),
        "{ko}"
    );
    let mut bytes = token.clone().into_bytes();
    let last = bytes.len() - 2;
    bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
    let ko = node_verify(d.path(), script, &String::from_utf8(bytes).expect("utf-8"));
    assert_eq!(ko["valido"], false, "{ko}");
    let ko = node_verify(d.path(), script, "una scritta qualunque");
    assert_eq!(ko["valido"], false, "{ko}");
    assert!(
        ko["motivo"]
            .as_str()
            .unwrap_or_default()
            .contains("non è un contrassegno"),
        "{ko}"
    );
}
