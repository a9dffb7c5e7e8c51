//! An independent look at the server's content: its own HTTP client and its own (naive)
//! PROPFIND reading, so that tests do not check the crate's client with itself.

use std::collections::BTreeMap;

use super::pki::Pki;

/// Reads the server as the tests see it.
#[derive(Debug, Clone)]
pub struct Inspector {
    http: reqwest::Client,
    base: String,
    user: String,
    password: String,
}

const PROPFIND: &str = r#"<?xml version="1.0"?><propfind xmlns="DAV:"><allprop/></propfind>"#;

impl Inspector {
    /// A reader of `base` (`https://127.0.0.1:PORT/`) trusting the PKI's CA.
    pub fn new(base: &str, pki: &Pki, user: &str, password: &str) -> Inspector {
        let ca = reqwest::Certificate::from_pem(&pki.ca_bytes()).expect("ca");
        let http = reqwest::Client::builder()
            .tls_certs_only([ca])
            .build()
            .expect("inspector client");
        Inspector {
            http,
            base: base.trim_end_matches('/').to_string(),
            user: user.into(),
            password: password.into(),
        }
    }

    /// Every file under `dir` (recursively, PROPFIND Depth 1 per folder): path (as the server
    /// spells it, URL-decoded, without the leading `/`) and size.
    pub async fn walk(&self, dir: &str) -> BTreeMap<String, u64> {
        let mut files = BTreeMap::new();
        let mut todo = vec![format!("/{}/", dir.trim_matches('/'))];
        while let Some(folder) = todo.pop() {
            let resp = self
                .http
                .request(
                    reqwest::Method::from_bytes(b"PROPFIND").expect("method"),
                    format!("{}{folder}", self.base),
                )
                .basic_auth(&self.user, Some(&self.password))
                .header("Depth", "1")
                .body(PROPFIND)
                .send()
                .await
                .expect("inspector PROPFIND");
            assert_eq!(resp.status().as_u16(), 207, "PROPFIND {folder}");
            let text = resp.text().await.expect("PROPFIND body");
            for response in text.split("<D:response").skip(1) {
                let href = between(response, "<D:href>", "</D:href>").expect("href");
                let href = percent_encoding::percent_decode_str(href)
                    .decode_utf8()
                    .expect("utf-8 href")
                    .replace("&amp;", "&");
                if href == folder {
                    continue;
                }
                if response.contains("<D:collection/>") {
                    todo.push(href);
                } else {
                    let size = between(response, "getcontentlength>", "<")
                        .and_then(|s| s.trim().parse().ok())
                        .expect("getcontentlength");
                    files.insert(href.trim_start_matches('/').to_string(), size);
                }
            }
        }
        files
    }

    /// Creates a folder (path relative to the base), as another PC would: must answer 201.
    pub async fn mkcol(&self, path: &str) {
        let resp = self
            .http
            .request(
                reqwest::Method::from_bytes(b"MKCOL").expect("method"),
                format!("{}/{}", self.base, path.trim_start_matches('/')),
            )
            .basic_auth(&self.user, Some(&self.password))
            .send()
            .await
            .expect("inspector MKCOL");
        assert_eq!(resp.status().as_u16(), 201, "MKCOL {path}");
    }

    /// Downloads a file (path relative to the base).
    pub async fn get(&self, path: &str) -> Vec<u8> {
        let resp = self
            .http
            .get(format!("{}/{}", self.base, path.trim_start_matches('/')))
            .basic_auth(&self.user, Some(&self.password))
            .send()
            .await
            .expect("inspector GET");
        assert_eq!(resp.status().as_u16(), 200, "GET {path}");
        resp.bytes().await.expect("GET body").to_vec()
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}
