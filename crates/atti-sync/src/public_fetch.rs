//! Public data a signature verifier needs from the certificate authorities (a CRL by GET, an
//! OCSP answer by POST): plain HTTP or HTTPS with the system's roots, no credentials, no
//! redirects, a few seconds at most and a size cap. Everything fetched is signed by the authority
//! and checked by atti-sign: the transport only has to be bounded.

use std::time::Duration;

/// The largest answer read (a CRL of a big qualified CA is a few MB).
pub const MAX_PUBLIC_BODY: usize = 16 * 1024 * 1024;

/// A client for authorities' public endpoints.
#[derive(Debug, Clone)]
pub struct PublicFetch {
    http: reqwest::Client,
}

impl PublicFetch {
    /// A client with short timeouts (5 s to connect, 15 s in all).
    pub fn new() -> Result<PublicFetch, String> {
        let http = reqwest::Client::builder()
            .http1_only()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .user_agent(concat!("Atti/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("client HTTP non creato: {e}"))?;
        Ok(PublicFetch { http })
    }

    /// GET `url`.
    pub async fn get(&self, url: &str) -> Result<Vec<u8>, String> {
        let url = checked(url)?;
        self.read(self.http.get(url)).await
    }

    /// POST `body` to `url` as `content_type`.
    pub async fn post(
        &self,
        url: &str,
        content_type: &str,
        body: &[u8],
    ) -> Result<Vec<u8>, String> {
        let url = checked(url)?;
        self.read(
            self.http
                .post(url)
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(body.to_vec()),
        )
        .await
    }

    async fn read(&self, request: reqwest::RequestBuilder) -> Result<Vec<u8>, String> {
        let mut resp = request.send().await.map_err(|e| {
            if e.is_timeout() {
                "il server non ha risposto in tempo".to_string()
            } else if e.is_connect() {
                "server non raggiungibile".to_string()
            } else {
                "errore di rete".to_string()
            }
        })?;
        if !resp.status().is_success() {
            return Err(format!("il server ha risposto {}", resp.status().as_u16()));
        }
        if resp
            .content_length()
            .is_some_and(|n| n > MAX_PUBLIC_BODY as u64)
        {
            return Err("risposta troppo grande".to_string());
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|_| "la risposta si è interrotta".to_string())?
        {
            if body.len() + chunk.len() > MAX_PUBLIC_BODY {
                return Err("risposta troppo grande".to_string());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

/// Only http and https, and never a name that cannot exist (RFC 6761: `.invalid`, as the demo
/// CA's pointers are).
fn checked(url: &str) -> Result<url::Url, String> {
    let parsed = url::Url::parse(url).map_err(|_| "indirizzo non valido".to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("indirizzo non HTTP".to_string());
    }
    let host = parsed.host_str().unwrap_or_default().trim_end_matches('.');
    if host.is_empty() || host == "invalid" || host.ends_with(".invalid") {
        return Err("indirizzo che non può esistere (dominio .invalid)".to_string());
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_http_addresses() {
        assert!(checked("http://127.0.0.1:8080/ca.crl").is_ok());
        assert!(checked("https://crl.example.it/ca.crl").is_ok());
        for bad in [
            "ldap://ldap.example.it/cn=CA",
            "file:///etc/passwd",
            "http://ca-prova-comune.invalid/ca.crl",
            "http://ca.invalid./ca.crl",
            "nonsense",
        ] {
            assert!(checked(bad).is_err(), "{bad}");
        }
    }
}
