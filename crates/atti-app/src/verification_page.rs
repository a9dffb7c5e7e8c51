//! The page on which anyone checks the contrassegno of a paper copy (CAD art. 23 c.2-bis;
//! Circolare AgID 62/2013: the Comune offers a free verifier): one self-contained HTML file,
//! with the seal's public keys in it, that the Comune publishes at its verification URL (the
//! one printed on every copy). It verifies in the browser with WebCrypto, sends nothing and
//! loads nothing: its Content-Security-Policy allows only its own script and style, by hash.

use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::ActKind;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use quick_xml::escape::escape;
use sha2::{Digest, Sha256};

const PAGE: &str = include_str!("../assets/verifica.html");
const STYLE: &str = include_str!("../assets/verifica.css");
const SCRIPT: &str = include_str!("../assets/verifica.js");

/// The setting with the URL printed on copies, where the Comune publishes this page.
const VERIFICATION_URL: &str = "verification_url";

/// The demo Comune's address (a real Comune sets its own before issuing copies): under the
/// `.example` domain that RFC 2606 reserves, so nobody can register it and publish a page
/// that answers the demo's QR codes.
const DEFAULT_VERIFICATION_URL: &str = "https://atti.comune-di-esempio.example/verifica";

/// `'sha256-…'` of an inline script or style, for the CSP.
fn csp_hash(text: &str) -> String {
    format!(
        "sha256-{}",
        STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// JSON that cannot close the <script> element it sits in.
fn script_json(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

impl Atti {
    /// The verification page of this Comune, with every public key of its seal.
    pub fn verification_page(&self) -> AppResult<String> {
        let keys = self.seal_public_keys()?;
        if keys.is_empty() {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                "il Comune non ha ancora una chiave di sigillo: la pagina di verifica non avrebbe nulla da verificare (Impostazioni › Sigillo dei contrassegni, o «atti comune sigillo --genera»)",
            ));
        }
        // Each key with the day it was retired from (atti-docs check_not_retired), if it was.
        let retired = self.seal_retirements()?;
        let chiavi: Vec<serde_json::Value> = keys
            .iter()
            .map(|k| {
                let ritirata = retired.get(&k.fingerprint()).map(ToString::to_string);
                serde_json::json!({ "chiave": STANDARD.encode(k.to_sec1_bytes()), "ritirata": ritirata })
            })
            .collect();
        let registri: serde_json::Map<String, serde_json::Value> = ActKind::ALL
            .into_iter()
            .map(|k| (k.slug().to_string(), k.label().into()))
            .collect();
        let script = SCRIPT
            .replace("__CHIAVI__", &script_json(&chiavi.into()))
            .replace("__REGISTRI__", &script_json(&registri.into()));
        let fingerprints: Vec<String> = keys.iter().map(|k| k.fingerprint()).collect();
        let comune = self.store.comune_name()?;
        Ok(PAGE
            .replace("__SCRIPT_HASH__", &csp_hash(&script))
            .replace("__STYLE_HASH__", &csp_hash(STYLE))
            .replace("__STYLE__", STYLE)
            .replace("__COMUNE__", &escape(comune.as_str()))
            .replace("__FINGERPRINTS__", &fingerprints.join(", "))
            .replace("__SCRIPT__", &script))
    }

    /// The address printed on copies; the demo Comune's default only for the demo Comune.
    pub(crate) fn verification_url(&self) -> AppResult<Option<String>> {
        match self.store.setting(VERIFICATION_URL)? {
            Some(url) => Ok(Some(url)),
            None => Ok(self
                .is_demo_comune()?
                .then(|| DEFAULT_VERIFICATION_URL.to_string())),
        }
    }

    /// The address printed on copies, required before a copy is issued.
    pub(crate) fn verification_url_for_copies(&self) -> AppResult<String> {
        self.verification_url()?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotAllowed,
                "manca l'indirizzo della pagina di verifica da stampare sulle copie: impostarlo da Impostazioni › Sigillo dei contrassegni (oppure con «atti comune url-verifica URL»)",
            )
        })
    }

    /// Writes the verification page to `path` (whole or not at all).
    pub fn verification_page_save(&self, path: &std::path::Path) -> AppResult<()> {
        crate::write_file(path, self.verification_page()?.as_bytes())
    }

    /// Sets the URL printed on new copies, where the Comune publishes the verification page
    /// (https). Returns the seal's settings with it.
    pub fn verification_url_set(&mut self, url: &str) -> AppResult<crate::dto::SealInfo> {
        let admin = self.check_amministratore("cambiare l'indirizzo della pagina di verifica")?;
        let url = url.trim();
        let host_and_path = url.strip_prefix("https://").unwrap_or_default();
        if host_and_path.is_empty()
            || url.contains(['|', '#', '%'])
            || url.chars().any(|c| c.is_control() || c.is_whitespace())
            || url.len() > 200
        {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "indirizzo della pagina di verifica non valido: serve un URL https:// senza spazi né «|», «#» o «%», al massimo 200 caratteri",
            ));
        }
        self.store.set_setting(VERIFICATION_URL, url)?;
        self.audit_setting(
            &admin,
            "indirizzo di verifica",
            serde_json::json!({ "url": url }),
        )?;
        self.seal_info()
    }
}
