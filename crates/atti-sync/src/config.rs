//! Server settings and the knobs of the client (timeouts, retries, uploads in flight).

use std::time::Duration;

use crate::SyncError;

/// Where the document server is and who we are on it. The password is not here: it comes from
/// the keyring as a [`atti_core::Sensitive`] and is handed to [`crate::Client::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// `https://host[:port]/path/`: the folder under which `archive/` and `registro/` live.
    pub base_url: String,
    /// The WebDAV user.
    pub user: String,
    /// The municipal PKI's CA certificate(s), PEM, trusted in addition to the system roots.
    pub ca_pem: Option<Vec<u8>>,
}

impl ServerConfig {
    /// Checks the settings without touching the network: an `https://` address with a host and no
    /// user, query or fragment; a user; a readable CA certificate when one is given.
    pub fn validate(&self) -> Result<(), SyncError> {
        self.parsed_base().map(|_| ())?;
        if self.user.trim().is_empty() {
            return Err(SyncError::Config(
                "manca il nome utente per il server documentale.".into(),
            ));
        }
        self.ca_certificates().map(|_| ())
    }

    /// The base URL, checked, always ending with `/`.
    pub(crate) fn parsed_base(&self) -> Result<url::Url, SyncError> {
        let text = self.base_url.trim();
        let mut url = url::Url::parse(text).map_err(|e| {
            SyncError::InvalidUrl(format!(
                "{text:?} non è un indirizzo valido ({e}); esempio: https://documenti.comune.example.it/dav/"
            ))
        })?;
        if url.scheme() != "https" {
            return Err(SyncError::InvalidUrl(format!(
                "{text:?}: l'indirizzo deve iniziare con https:// (i documenti e la password non si inviano in chiaro)."
            )));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(SyncError::InvalidUrl(format!(
                "{text:?}: manca il nome del server."
            )));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(SyncError::InvalidUrl(
                "l'indirizzo non deve contenere utente o password: indicarli negli appositi campi."
                    .into(),
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(SyncError::InvalidUrl(format!(
                "{text:?}: l'indirizzo non deve contenere '?' o '#'."
            )));
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(url)
    }

    /// The CA certificates to add to the system roots (none when not configured).
    pub(crate) fn ca_certificates(&self) -> Result<Vec<reqwest::Certificate>, SyncError> {
        let Some(pem) = &self.ca_pem else {
            return Ok(Vec::new());
        };
        let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|_| {
            SyncError::Config("il certificato della CA comunale non è un file PEM valido.".into())
        })?;
        if certs.is_empty() {
            return Err(SyncError::Config(
                "il file della CA comunale non contiene certificati (atteso PEM: -----BEGIN CERTIFICATE-----).".into(),
            ));
        }
        Ok(certs)
    }
}

/// Timeouts, retries and parallelism. [`Tuning::default`] is what the app uses; tests shorten
/// the waits.
#[derive(Debug, Clone)]
pub struct Tuning {
    /// TCP connect plus TLS handshake.
    pub connect_timeout: Duration,
    /// Longest silence while reading an answer (not a limit on the whole transfer).
    pub read_timeout: Duration,
    /// Idle pooled connections are dropped after this (below Apache's KeepAliveTimeout of 5 s,
    /// so that we never send on a connection the server is closing).
    pub pool_idle_timeout: Duration,
    /// Uploads in flight at once.
    pub in_flight: usize,
    /// Tries per file in one round (the first included).
    pub attempts: u32,
    /// Rounds of [`crate::run`] over what is still pending.
    pub rounds: u32,
    /// First backoff; doubles each try, with full jitter.
    pub backoff_base: Duration,
    /// Longest backoff.
    pub backoff_max: Duration,
    /// Longest wait granted to a server's Retry-After.
    pub retry_after_max: Duration,
    /// A slot of the shared iter left without its decision this long (server clock) is void
    /// (`history`): the longest another PC waits for one that died mid-append.
    pub slot_timeout: Duration,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(60),
            pool_idle_timeout: Duration::from_secs(4),
            in_flight: 4,
            attempts: 5,
            rounds: 3,
            backoff_base: Duration::from_millis(250),
            backoff_max: Duration::from_secs(8),
            retry_after_max: Duration::from_secs(60),
            slot_timeout: Duration::from_secs(120),
        }
    }
}

impl Tuning {
    /// The wait before try number `attempt` (1 = the first retry): exponential with full jitter,
    /// or the server's Retry-After when it gave one (bounded).
    pub(crate) fn backoff(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.retry_after_max);
        }
        let exp = self
            .backoff_base
            .saturating_mul(1u32 << attempt.min(16))
            .min(self.backoff_max);
        let millis = u64::try_from(exp.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(millis / 2..=millis.max(1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(url: &str) -> ServerConfig {
        ServerConfig {
            base_url: url.into(),
            user: "protocollo".into(),
            ca_pem: None,
        }
    }

    #[test]
    fn only_https_is_accepted() {
        let err = config("http://documenti.comune.it/dav/")
            .validate()
            .expect_err("http refused");
        assert!(err.to_string().contains("https://"), "{err}");
        assert!(config("https://documenti.comune.it/dav").validate().is_ok());
        assert!(
            config("https://u:p@documenti.comune.it/")
                .validate()
                .is_err()
        );
        assert!(config("documenti.comune.it").validate().is_err());
        let base = config("https://documenti.comune.it/dav")
            .parsed_base()
            .expect("valid");
        assert_eq!(base.as_str(), "https://documenti.comune.it/dav/");
    }

    #[test]
    fn bad_ca_is_refused() {
        let mut c = config("https://documenti.comune.it/");
        c.ca_pem = Some(b"not a certificate".to_vec());
        assert!(matches!(c.validate(), Err(SyncError::Config(_))));
    }
}
