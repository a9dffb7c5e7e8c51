//! The WebDAV client: create-only uploads with verification, listing, download, register claims.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use atti_core::Sensitive;
use bytes::Bytes;
use reqwest::{Method, StatusCode, header};
use sha2::{Digest, Sha256};

use crate::dav::{PROPFIND_BODY, RemotePath, parse_multistatus};
use crate::{ServerConfig, SyncError, Tuning};

/// A folder's listing with the server's clock: what [`Client`]'s `listed` returns.
#[derive(Debug, Clone)]
pub(crate) struct Listed {
    pub(crate) entries: Vec<ListedEntry>,
    /// The server's time of the answer.
    pub(crate) server_now: jiff::Timestamp,
}

/// One entry of a [`Listed`]: path relative to the base, folder or not, when made.
#[derive(Debug, Clone)]
pub(crate) struct ListedEntry {
    pub(crate) path: String,
    pub(crate) is_dir: bool,
    pub(crate) created: Option<jiff::Timestamp>,
}

/// How an upload is verified after the server said "created".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// PROPFIND `getcontentlength` equals the length sent.
    Length,
    /// GET the file back and compare SHA-256 (for signed documents).
    Sha256,
}

/// What an upload found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uploaded {
    /// We created the file, and it verified.
    Created,
    /// The same bytes were already there (e.g. an earlier try whose answer was lost).
    AlreadyPresent,
    /// A beginning of these very bytes was there: our own upload, cut short on a server that
    /// writes a PUT in place (WsgiDAV); it was finished, and it verified.
    Finished,
}

/// One entry of a folder listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteEntry {
    /// Relative to the base URL, without a trailing slash (`archive/atti/2026/x.pdf`).
    pub path: String,
    /// Size in bytes (0 for folders).
    pub size: u64,
    /// A folder (collection).
    pub is_dir: bool,
}

/// One line of the connection test shown in the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestStep {
    /// "Raggiungibilità", "TLS", "Credenziali", "Permesso di scrittura".
    pub name: String,
    /// Passed.
    pub ok: bool,
    /// What was found, in Italian.
    pub message: String,
}

/// The connection test, step by step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestReport {
    /// In order; a failed step makes the following ones "non verificato".
    pub steps: Vec<TestStep>,
}

impl TestReport {
    /// Every step passed.
    pub fn ok(&self) -> bool {
        !self.steps.is_empty() && self.steps.iter().all(|s| s.ok)
    }
}

/// The area where [`Client::test`] checks the write permission (where the archive goes).
pub const ARCHIVE_ROOT: &str = "archive";
/// The folder of write probes inside the archive area.
pub const TEST_DIR: &str = ".atti-test";
/// The file written inside a claimed register number's folder.
pub const CLAIM_FILE: &str = "claim";

/// A WebDAV client for the document server. Cheap to clone: clones share the connection pool.
///
/// **Invariant:** TLS verification is always on; the only trust added is the configured CA.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base: url::Url,
    host: String,
    user: String,
    password: Sensitive<String>,
    tuning: Tuning,
    /// Folders known to exist (created or found by MKCOL), to spare MKCOLs.
    known_dirs: Mutex<HashSet<String>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.inner.base.as_str())
            .field("user", &self.inner.user)
            .field("password", &self.inner.password)
            .finish_non_exhaustive()
    }
}

pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

impl Client {
    /// A client for these settings, with the default [`Tuning`].
    pub fn new(config: &ServerConfig, password: Sensitive<String>) -> Result<Client, SyncError> {
        Client::with_tuning(config, password, Tuning::default())
    }

    /// A client with explicit timeouts and retry knobs (tests shorten them).
    pub fn with_tuning(
        config: &ServerConfig,
        password: Sensitive<String>,
        tuning: Tuning,
    ) -> Result<Client, SyncError> {
        config.validate()?;
        let base = config.parsed_base()?;
        let host = base.host_str().unwrap_or_default().to_string();
        let mut builder = reqwest::Client::builder()
            .http1_only()
            .https_only(true)
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(tuning.in_flight.max(1) * 2)
            .pool_idle_timeout(tuning.pool_idle_timeout)
            .connect_timeout(tuning.connect_timeout)
            .read_timeout(tuning.read_timeout)
            .user_agent(concat!("Atti/", env!("CARGO_PKG_VERSION")));
        let cas = config.ca_certificates()?;
        if !cas.is_empty() {
            builder = builder.tls_certs_merge(cas);
        }
        let http = builder
            .build()
            .map_err(|e| SyncError::Config(format!("client HTTPS non creato: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                host,
                user: config.user.clone(),
                password,
                tuning,
                known_dirs: Mutex::new(HashSet::new()),
            }),
        })
    }

    /// The knobs this client was made with.
    pub fn tuning(&self) -> &Tuning {
        &self.inner.tuning
    }

    pub(crate) fn url(&self, path: &RemotePath, dir: bool) -> Result<url::Url, SyncError> {
        self.inner
            .base
            .join(&path.encoded(dir))
            .map_err(|e| SyncError::InvalidPath(format!("{}: {e}", path.as_text())))
    }

    pub(crate) fn request(&self, method: Method, url: url::Url) -> reqwest::RequestBuilder {
        self.inner.http.request(method, url).basic_auth(
            &self.inner.user,
            Some(self.inner.password.expose().as_str()),
        )
    }

    pub(crate) async fn send(
        &self,
        rb: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, SyncError> {
        rb.send().await.map_err(|e| self.transport_error(&e))
    }

    /// Maps a transport failure: certificate problems, unreachable server, broken connection.
    fn transport_error(&self, err: &reqwest::Error) -> SyncError {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
        let mut innermost = err.to_string();
        while let Some(e) = source {
            if let Some(tls) = find_rustls(e) {
                return SyncError::Tls(format!("{}: {}", self.inner.host, tls_detail(tls)));
            }
            innermost = e.to_string();
            source = e.source();
        }
        if err.is_connect() {
            SyncError::Unreachable(format!("{} ({innermost})", self.inner.host))
        } else if err.is_timeout() {
            SyncError::Interrupted(format!(
                "nessuna risposta entro il tempo limite ({innermost})"
            ))
        } else {
            SyncError::Interrupted(innermost)
        }
    }

    /// Reads a body, mapping a broken transfer.
    async fn body(&self, resp: reqwest::Response) -> Result<Bytes, SyncError> {
        resp.bytes().await.map_err(|e| self.transport_error(&e))
    }

    /// Creates the folders above `path` (outermost first) unless known to exist.
    pub(crate) async fn ensure_parents(&self, path: &RemotePath) -> Result<(), SyncError> {
        for dir in path.ancestors() {
            let key = dir.as_text();
            if self.known(&key) {
                continue;
            }
            match self.mkcol(&dir).await? {
                StatusCode::CREATED | StatusCode::METHOD_NOT_ALLOWED => self.remember(key),
                // Apache answers 403 ("File exists") when a concurrent MKCOL won the mkdir race.
                StatusCode::FORBIDDEN if self.is_dir(&dir).await? => self.remember(key),
                status => return Err(status_error(status, None, &key)),
            }
        }
        Ok(())
    }

    fn known(&self, key: &str) -> bool {
        self.inner
            .known_dirs
            .lock()
            .map(|set| set.contains(key))
            .unwrap_or(false)
    }

    fn remember(&self, key: String) {
        if let Ok(mut set) = self.inner.known_dirs.lock() {
            set.insert(key);
        }
    }

    pub(crate) fn forget_dirs(&self) {
        if let Ok(mut set) = self.inner.known_dirs.lock() {
            set.clear();
        }
    }

    /// Whether `dir` exists as a folder (PROPFIND Depth 0).
    async fn is_dir(&self, dir: &RemotePath) -> Result<bool, SyncError> {
        match self.propfind(dir, true, 0).await {
            Ok(entries) => Ok(entries.first().is_some_and(|e| e.is_dir)),
            Err(SyncError::NotFound { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// MKCOL; returns the status (201 new, 405 existing, 409 parent missing, ...).
    async fn mkcol(&self, dir: &RemotePath) -> Result<StatusCode, SyncError> {
        let method =
            Method::from_bytes(b"MKCOL").map_err(|e| SyncError::Protocol(e.to_string()))?;
        let resp = self
            .send(self.request(method, self.url(dir, true)?))
            .await?;
        let status = resp.status();
        // Drain the (small) body so the connection goes back to the pool.
        let _ = resp.bytes().await;
        Ok(status)
    }

    /// PUT with `If-None-Match: *`: never replaces an existing file.
    async fn put_new(
        &self,
        path: &RemotePath,
        bytes: Bytes,
    ) -> Result<reqwest::Response, SyncError> {
        let rb = self
            .request(Method::PUT, self.url(path, false)?)
            .header(header::IF_NONE_MATCH, "*")
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .body(bytes);
        self.send(rb).await
    }

    /// Uploads a file that must not exist yet, creating its folders, then verifies it.
    ///
    /// - 201: verified by `check` (length via PROPFIND, or GET + SHA-256).
    /// - 412/405 (already there, e.g. our earlier try whose answer was lost): the server copy is
    ///   downloaded and compared: same bytes = [`Uploaded::AlreadyPresent`], different =
    ///   [`SyncError::Conflict`]; never overwritten.
    /// - 409: the folders are created again and the PUT repeated once.
    ///
    /// One try: the caller ([`crate::run`]) retries transient errors.
    pub async fn upload(
        &self,
        remote_path: &str,
        bytes: impl Into<Bytes>,
        check: Check,
    ) -> Result<Uploaded, SyncError> {
        let bytes: Bytes = bytes.into();
        let path = RemotePath::file(remote_path)?;
        let key = path.as_text();
        self.ensure_parents(&path).await?;
        let mut resp = self.put_new(&path, bytes.clone()).await?;
        if resp.status() == StatusCode::CONFLICT {
            // A folder vanished under us (or our memory of it is stale): make them again.
            let _ = resp.bytes().await;
            self.forget_dirs();
            self.ensure_parents(&path).await?;
            resp = self.put_new(&path, bytes.clone()).await?;
        }
        let status = resp.status();
        let headers = resp.headers().clone();
        let _ = resp.bytes().await;
        match status {
            StatusCode::CREATED | StatusCode::NO_CONTENT | StatusCode::OK => {
                self.verify(&path, &bytes, check).await?;
                Ok(Uploaded::Created)
            }
            StatusCode::PRECONDITION_FAILED | StatusCode::METHOD_NOT_ALLOWED => {
                let (mut remote, mut etag) = self.get_with_etag(&path).await?;
                if sha256(&remote) == sha256(&bytes) {
                    return Ok(Uploaded::AlreadyPresent);
                }
                let ours = |remote: &Bytes| remote.len() < bytes.len() && bytes.starts_with(remote);
                // A file changed in this very second has only a weak ETag (Apache), which
                // If-Match cannot name: look again once it is older.
                if ours(&remote) && etag.as_deref().is_some_and(|e| e.starts_with("W/")) {
                    tokio::time::sleep(Duration::from_millis(1100)).await;
                    (remote, etag) = self.get_with_etag(&path).await?;
                }
                // A strict beginning of our bytes is our own upload, cut short where the
                // server writes a PUT in place: finish it, replacing exactly that file (its
                // ETag), never a complete foreign one.
                match etag.filter(|e| !e.starts_with("W/")) {
                    Some(etag) if ours(&remote) => {
                        self.finish_cut_upload(&path, &bytes, &etag, check).await
                    }
                    _ => Err(SyncError::Conflict { path: key }),
                }
            }
            status => Err(status_error(status, Some(&headers), &key)),
        }
    }

    /// Replaces the cut-short beginning of an upload of ours (`If-Match` its ETag: if it
    /// changed meanwhile, nothing is replaced and it is a conflict), then verifies.
    async fn finish_cut_upload(
        &self,
        path: &RemotePath,
        bytes: &Bytes,
        etag: &str,
        check: Check,
    ) -> Result<Uploaded, SyncError> {
        let key = path.as_text();
        let rb = self
            .request(Method::PUT, self.url(path, false)?)
            .header(header::IF_MATCH, etag)
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .body(bytes.clone());
        let resp = self.send(rb).await?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let _ = resp.bytes().await;
        match status {
            StatusCode::CREATED | StatusCode::NO_CONTENT | StatusCode::OK => {
                self.verify(path, bytes, check).await?;
                Ok(Uploaded::Finished)
            }
            StatusCode::PRECONDITION_FAILED | StatusCode::METHOD_NOT_ALLOWED => {
                Err(SyncError::Conflict { path: key })
            }
            status => Err(status_error(status, Some(&headers), &key)),
        }
    }

    /// Downloads a file with its ETag, if the server gives one.
    async fn get_with_etag(&self, path: &RemotePath) -> Result<(Bytes, Option<String>), SyncError> {
        let resp = self
            .send(self.request(Method::GET, self.url(path, false)?))
            .await?;
        let status = resp.status();
        let headers = resp.headers().clone();
        if status != StatusCode::OK {
            let _ = resp.bytes().await;
            return Err(status_error(status, Some(&headers), &path.as_text()));
        }
        let etag = headers
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        Ok((self.body(resp).await?, etag))
    }

    async fn verify(
        &self,
        path: &RemotePath,
        bytes: &Bytes,
        check: Check,
    ) -> Result<(), SyncError> {
        let key = path.as_text();
        match check {
            Check::Length => {
                let entries = self.propfind(path, false, 0).await?;
                let size = entries.first().and_then(|e| e.size);
                if size != Some(bytes.len() as u64) {
                    return Err(SyncError::Mismatch {
                        path: key,
                        detail: format!(
                            "lunghezza {} invece di {}",
                            size.map_or("assente".to_string(), |s| s.to_string()),
                            bytes.len()
                        ),
                    });
                }
            }
            Check::Sha256 => {
                let remote = self.get_path(path).await?;
                if sha256(&remote) != sha256(bytes) {
                    return Err(SyncError::Mismatch {
                        path: key,
                        detail: "impronta SHA-256 diversa".into(),
                    });
                }
            }
        }
        Ok(())
    }

    async fn propfind(
        &self,
        path: &RemotePath,
        dir: bool,
        depth: u8,
    ) -> Result<Vec<crate::dav::DavEntry>, SyncError> {
        let method =
            Method::from_bytes(b"PROPFIND").map_err(|e| SyncError::Protocol(e.to_string()))?;
        let rb = self
            .request(method, self.url(path, dir)?)
            .header("Depth", depth.to_string())
            .header(header::CONTENT_TYPE, "application/xml; charset=utf-8")
            .body(PROPFIND_BODY);
        let resp = self.send(rb).await?;
        let status = resp.status();
        if status != StatusCode::MULTI_STATUS {
            let headers = resp.headers().clone();
            let _ = resp.bytes().await;
            return Err(status_error(status, Some(&headers), &path.as_text()));
        }
        let body = self.body(resp).await?;
        parse_multistatus(&body)
    }

    /// Proves the credentials: a PROPFIND (Depth: 0) of the base folder, which the server
    /// answers only to an authenticated user. Wrong user or password: [`SyncError::Credentials`];
    /// no connection: a transient error (the caller may let the last user in offline).
    pub async fn authenticate(&self) -> Result<(), SyncError> {
        self.propfind(&RemotePath::dir("")?, true, 0)
            .await
            .map(|_| ())
    }

    /// The user this client works as on the server.
    pub fn user(&self) -> &str {
        &self.inner.user
    }

    /// Lists a folder (PROPFIND Depth: 1), without the folder itself, with when each entry
    /// was made and the server's time of the answer (its `Date`): the server's clock, never
    /// this PC's.
    pub(crate) async fn listed(&self, dir: &RemotePath) -> Result<Listed, SyncError> {
        let method =
            Method::from_bytes(b"PROPFIND").map_err(|e| SyncError::Protocol(e.to_string()))?;
        let rb = self
            .request(method, self.url(dir, true)?)
            .header("Depth", "1")
            .header(header::CONTENT_TYPE, "application/xml; charset=utf-8")
            .body(PROPFIND_BODY);
        let resp = self.send(rb).await?;
        let status = resp.status();
        let headers = resp.headers().clone();
        if status != StatusCode::MULTI_STATUS {
            let _ = resp.bytes().await;
            return Err(status_error(status, Some(&headers), &dir.as_text()));
        }
        let server_now = headers
            .get(header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(crate::dav::parse_date)
            .ok_or_else(|| SyncError::Protocol("risposta senza data (Date) del server".into()))?;
        let body = self.body(resp).await?;
        let own = dir.as_text();
        let entries = self
            .relative(parse_multistatus(&body)?)?
            .into_iter()
            .filter(|(path, _)| *path != own)
            .map(|(path, e)| ListedEntry {
                path,
                is_dir: e.is_dir,
                created: e.created,
            })
            .collect();
        Ok(Listed {
            entries,
            server_now,
        })
    }

    /// [`Client::listed`], its transient failures (a reset, a busy server) retried with
    /// backoff.
    pub(crate) async fn listed_retrying(&self, dir: &RemotePath) -> Result<Listed, SyncError> {
        self.retrying(|| self.listed(dir)).await
    }

    /// [`Client::get`], its transient failures retried with backoff.
    pub(crate) async fn get_retrying(&self, remote_path: &str) -> Result<Bytes, SyncError> {
        self.retrying(|| self.get(remote_path)).await
    }

    /// Runs `attempt` again after each transient failure (a reset, a busy server), with
    /// backoff, until it succeeds, fails for good or the tries are spent.
    pub(crate) async fn retrying<T, F, Fut>(&self, mut attempt: F) -> Result<T, SyncError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, SyncError>>,
    {
        let mut failures = 0;
        loop {
            match attempt().await {
                Err(e) if e.is_transient() && failures + 1 < self.inner.tuning.attempts => {
                    failures += 1;
                    tokio::time::sleep(self.inner.tuning.backoff(failures, e.retry_after())).await;
                }
                other => return other,
            }
        }
    }

    /// hrefs made relative to the base URL (absolute paths or full URLs), without a trailing `/`.
    fn relative(
        &self,
        entries: Vec<crate::dav::DavEntry>,
    ) -> Result<Vec<(String, crate::dav::DavEntry)>, SyncError> {
        let base_path = percent_encoding::percent_decode_str(self.inner.base.path())
            .decode_utf8_lossy()
            .into_owned();
        entries
            .into_iter()
            .map(|e| {
                let href = match url::Url::parse(&e.href) {
                    Ok(u) => percent_encoding::percent_decode_str(u.path())
                        .decode_utf8_lossy()
                        .into_owned(),
                    Err(_) => e.href.clone(),
                };
                let rel = href.strip_prefix(&base_path).ok_or_else(|| {
                    SyncError::Protocol(format!("PROPFIND: {href} fuori dalla cartella del server"))
                })?;
                Ok((rel.trim_end_matches('/').to_string(), e))
            })
            .collect()
    }

    /// Creates a folder (and those above it): 201 when this call made it, 405 when it was
    /// there already (also Apache's 403 "exists" of a lost mkdir race). Transient errors are
    /// retried; after one, a 405 may be our own earlier try.
    pub(crate) async fn create_dir(&self, dir: &RemotePath) -> Result<StatusCode, SyncError> {
        let mut failures = 0;
        loop {
            let outcome = async {
                self.ensure_parents(dir).await?;
                self.mkcol(dir).await
            }
            .await;
            match outcome {
                Ok(StatusCode::CREATED) => return Ok(StatusCode::CREATED),
                Ok(StatusCode::METHOD_NOT_ALLOWED) => return Ok(StatusCode::METHOD_NOT_ALLOWED),
                Ok(StatusCode::FORBIDDEN) if self.is_dir(dir).await? => {
                    return Ok(StatusCode::METHOD_NOT_ALLOWED);
                }
                Ok(StatusCode::CONFLICT) if failures + 1 < self.inner.tuning.attempts => {
                    self.forget_dirs();
                    failures += 1;
                }
                Ok(status)
                    if is_transient_status(status) && failures + 1 < self.inner.tuning.attempts =>
                {
                    failures += 1;
                    tokio::time::sleep(self.inner.tuning.backoff(failures, None)).await;
                }
                Ok(status) => return Err(status_error(status, None, &dir.as_text())),
                Err(e) if e.is_transient() && failures + 1 < self.inner.tuning.attempts => {
                    failures += 1;
                    tokio::time::sleep(self.inner.tuning.backoff(failures, e.retry_after())).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Whether `dir` exists as a folder (transient failures retried with backoff).
    pub(crate) async fn is_dir_retrying(&self, dir: &RemotePath) -> Result<bool, SyncError> {
        self.retrying(|| self.is_dir(dir)).await
    }

    /// Lists a folder (PROPFIND Depth: 1), without the folder itself.
    pub async fn list(&self, remote_dir: &str) -> Result<Vec<RemoteEntry>, SyncError> {
        let dir = RemotePath::dir(remote_dir)?;
        let entries = self.propfind(&dir, true, 1).await?;
        let own = dir.as_text();
        Ok(self
            .relative(entries)?
            .into_iter()
            .filter(|(rel, _)| *rel != own)
            .map(|(rel, e)| RemoteEntry {
                path: rel,
                size: if e.is_dir { 0 } else { e.size.unwrap_or(0) },
                is_dir: e.is_dir,
            })
            .collect())
    }

    /// Downloads a file.
    pub async fn get(&self, remote_path: &str) -> Result<Bytes, SyncError> {
        self.get_path(&RemotePath::file(remote_path)?).await
    }

    pub(crate) async fn get_path(&self, path: &RemotePath) -> Result<Bytes, SyncError> {
        let resp = self
            .send(self.request(Method::GET, self.url(path, false)?))
            .await?;
        let status = resp.status();
        if status != StatusCode::OK {
            let headers = resp.headers().clone();
            let _ = resp.bytes().await;
            return Err(status_error(status, Some(&headers), &path.as_text()));
        }
        self.body(resp).await
    }

    /// Claims the first free number `>= first_candidate` in the server register, across PCs:
    /// MKCOL of `<registro_root>/<year>/<kind>/<n>/` is atomic on the server (mkdir), so 201 means
    /// the number is ours and 405/403 that someone else has it (the next one is tried). Then the
    /// caller's `claim` bytes (who, when, which act) are written to `<n>/claim`.
    ///
    /// When the answer to our MKCOL is lost and the retry finds the folder existing, the number is
    /// ours only if no claim file appears there (another claimant writes it right after its MKCOL):
    /// we then write ours and read it back. Transient errors are retried with backoff.
    pub async fn claim_number(
        &self,
        registro_root: &str,
        year: i32,
        kind: &str,
        first_candidate: u32,
        claim: &[u8],
    ) -> Result<u32, SyncError> {
        const MAX_TRIES: u32 = 10_000;
        let kind_dir = RemotePath::dir(registro_root)?
            .child(&year.to_string())?
            .child(kind)?;
        let claim = Bytes::copy_from_slice(claim);
        let mut number = first_candidate;
        let mut tries = 0;
        let mut ambiguous = false;
        let mut failures = 0;
        while tries < MAX_TRIES {
            let dir = kind_dir.child(&number.to_string())?;
            let outcome = async {
                self.ensure_parents(&dir).await?;
                self.mkcol(&dir).await
            }
            .await;
            let status = match outcome {
                Ok(status) => status,
                Err(e) if e.is_transient() && failures + 1 < self.inner.tuning.attempts => {
                    failures += 1;
                    // Our MKCOL may have landed: remember to look for a claim file.
                    ambiguous = true;
                    tokio::time::sleep(self.inner.tuning.backoff(failures, e.retry_after())).await;
                    continue;
                }
                Err(e) => return Err(e),
            };
            match status {
                StatusCode::CREATED => {
                    self.write_claim(&dir, &claim).await?;
                    return Ok(number);
                }
                StatusCode::METHOD_NOT_ALLOWED | StatusCode::FORBIDDEN => {
                    // 403 means "taken" only if the folder exists; otherwise we may not write.
                    if status == StatusCode::FORBIDDEN && !self.is_dir(&dir).await? {
                        return Err(SyncError::Forbidden);
                    }
                    if ambiguous && self.adopt(&dir, &claim).await? {
                        return Ok(number);
                    }
                    ambiguous = false;
                    failures = 0;
                    tries += 1;
                    number = number
                        .checked_add(1)
                        .ok_or_else(|| SyncError::RegisterExhausted {
                            kind: kind.into(),
                            year,
                            tries,
                        })?;
                }
                StatusCode::CONFLICT => {
                    self.forget_dirs();
                    failures += 1;
                    if failures >= self.inner.tuning.attempts {
                        return Err(status_error(status, None, &dir.as_text()));
                    }
                }
                status
                    if is_transient_status(status) && failures + 1 < self.inner.tuning.attempts =>
                {
                    failures += 1;
                    tokio::time::sleep(self.inner.tuning.backoff(failures, None)).await;
                }
                status => return Err(status_error(status, None, &dir.as_text())),
            }
        }
        Err(SyncError::RegisterExhausted {
            kind: kind.into(),
            year,
            tries,
        })
    }

    /// Writes the claim file (retrying transient errors; 412 on a retry means it landed).
    async fn write_claim(&self, dir: &RemotePath, claim: &Bytes) -> Result<(), SyncError> {
        let file = dir.child(CLAIM_FILE)?.as_text();
        self.retrying(|| self.upload(&file, claim.clone(), Check::Sha256))
            .await
            .map(|_| ())
    }

    /// After a lost MKCOL answer: the folder is ours if nobody wrote a claim file in it.
    async fn adopt(&self, dir: &RemotePath, claim: &Bytes) -> Result<bool, SyncError> {
        let file = dir.child(CLAIM_FILE)?;
        // Give a concurrent claimant the time to write its claim right after its MKCOL.
        tokio::time::sleep(Duration::from_secs(1)).await;
        match self.get_path(&file).await {
            Ok(existing) => Ok(existing == *claim),
            Err(SyncError::NotFound { .. }) => match self.write_claim(dir, claim).await {
                Ok(()) => Ok(true),
                Err(SyncError::Conflict { .. }) => Ok(false),
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    /// Checks, step by step: reachability (TCP), TLS (certificate), credentials (PROPFIND of
    /// the archive area), write permission, and the two guarantees the register and the
    /// archive rely on: a second MKCOL of a collection is refused (405) and a second
    /// create-only PUT of a file is refused (412), tried on a scratch collection of its own.
    /// A server without them is refused, naming the missing guarantee. The write probe is a create-only PUT of
    /// `archive/.atti-test/<user>.txt`: the archive is write-once, so the probe cannot be removed;
    /// it is one small file per user, written once (a later test finds it, 412, which also proves
    /// that PUT is allowed: Apache checks permissions before conditions).
    pub async fn test(&self) -> TestReport {
        self.test_in(ARCHIVE_ROOT).await
    }

    /// [`Client::test`] with the write probe under another area (e.g. a scratch `dav/`).
    pub async fn test_in(&self, root: &str) -> TestReport {
        let mut steps = Vec::new();
        let names = TEST_STEPS;
        let step = |i: usize, ok: bool, message: String| TestStep {
            name: names[i].to_string(),
            ok,
            message,
        };
        // 1. TCP.
        let port = self.inner.base.port_or_known_default().unwrap_or(443);
        let addr = format!("{}:{port}", self.inner.host);
        let host = self
            .inner
            .host
            .trim_start_matches('[')
            .trim_end_matches(']');
        let connect = tokio::time::timeout(
            self.inner.tuning.connect_timeout,
            tokio::net::TcpStream::connect((host, port)),
        )
        .await;
        match connect {
            // Closed at once: a server that serves one connection at a time would otherwise
            // wait for it during the next steps.
            Ok(Ok(stream)) => {
                drop(stream);
                steps.push(step(0, true, format!("{addr} risponde.")));
            }
            Ok(Err(e)) => {
                steps.push(step(
                    0,
                    false,
                    format!("Server non raggiungibile: {addr}: {e}."),
                ));
                return finish(steps, names.len());
            }
            Err(_) => {
                steps.push(step(
                    0,
                    false,
                    format!("Server non raggiungibile: {addr} non risponde entro il tempo limite."),
                ));
                return finish(steps, names.len());
            }
        }
        // 2. TLS (and HTTP): any answer to a PROPFIND of the area means the handshake passed.
        let area = match RemotePath::dir(root) {
            Ok(a) => a,
            Err(e) => {
                steps.push(step(1, false, e.to_string()));
                return finish(steps, names.len());
            }
        };
        let probe = async {
            let method =
                Method::from_bytes(b"PROPFIND").map_err(|e| SyncError::Protocol(e.to_string()))?;
            let rb = self
                .request(method, self.url(&area, true)?)
                .header("Depth", "0")
                .header(header::CONTENT_TYPE, "application/xml; charset=utf-8")
                .body(PROPFIND_BODY);
            let resp = self.send(rb).await?;
            let status = resp.status();
            let _ = resp.bytes().await;
            Ok::<StatusCode, SyncError>(status)
        }
        .await;
        let status = match probe {
            Ok(status) => {
                steps.push(step(
                    1,
                    true,
                    format!("Certificato valido per {}.", self.inner.host),
                ));
                status
            }
            Err(e) => {
                steps.push(step(1, false, e.to_string()));
                return finish(steps, names.len());
            }
        };
        // 3. Credentials.
        match status {
            StatusCode::MULTI_STATUS => steps.push(step(
                2,
                true,
                format!("Utente {} riconosciuto.", self.inner.user),
            )),
            // The credentials were not refused; what is missing is the archive's folder.
            StatusCode::NOT_FOUND => {
                steps.push(step(
                    2,
                    true,
                    format!(
                        "Le credenziali dell'utente {} non sono state rifiutate.",
                        self.inner.user
                    ),
                ));
                let folder = self
                    .url(&area, true)
                    .map(|u| u.to_string())
                    .unwrap_or_else(|_| root.to_string());
                steps.push(step(
                    3,
                    false,
                    format!(
                        "Sul server non esiste la cartella dell'archivio {folder}: crearla, o correggere l'indirizzo del server."
                    ),
                ));
                return finish(steps, names.len());
            }
            status => {
                steps.push(step(2, false, status_error(status, None, root).to_string()));
                return finish(steps, names.len());
            }
        }
        // 4. Write permission.
        let probe_path = if area.as_text().is_empty() {
            format!("{TEST_DIR}/{}.txt", self.inner.user)
        } else {
            format!("{}/{TEST_DIR}/{}.txt", area.as_text(), self.inner.user)
        };
        let text = format!(
            "Atti: verifica del permesso di scrittura dell'utente {}.\n",
            self.inner.user
        );
        match self
            .upload(&probe_path, text.into_bytes(), Check::Length)
            .await
        {
            Ok(_) | Err(SyncError::Conflict { .. }) => steps.push(step(
                3,
                true,
                if area.as_text().is_empty() {
                    "Scrittura consentita nell'archivio del server.".to_string()
                } else {
                    format!("Scrittura consentita in {}.", area.as_text())
                },
            )),
            Err(e) => {
                steps.push(step(3, false, e.to_string()));
                return finish(steps, names.len());
            }
        }
        // 5. and 6. The guarantees, on a scratch collection of this test.
        let scratch = format!(
            "{}/{}-{:016x}",
            probe_path
                .rsplit_once('/')
                .map(|(dir, _)| dir)
                .unwrap_or(TEST_DIR),
            self.inner.user,
            fastrand::u64(..)
        );
        let (mkcol, put) = self.guarantees(&scratch).await;
        steps.push(step(4, mkcol.is_ok(), mkcol.unwrap_or_else(|e| e)));
        steps.push(step(5, put.is_ok(), put.unwrap_or_else(|e| e)));
        // 7. The users' own areas (the shared iter: the area proves who wrote an event).
        let areas = self.user_areas(&area).await;
        steps.push(step(6, areas.is_ok(), areas.unwrap_or_else(|e| e)));
        finish(steps, names.len())
    }

    /// Whether this user writes in their own area (`<area>/utenti/<user>/`) and nobody else's.
    async fn user_areas(&self, area: &RemotePath) -> Result<String, String> {
        let user = &self.inner.user;
        let users = area
            .child(crate::history::USERS_ROOT)
            .map_err(|e| e.to_string())?;
        let own = users.child(user).map_err(|e| e.to_string())?;
        match self.create_dir(&own).await {
            Ok(_) => {}
            Err(SyncError::Forbidden | SyncError::Credentials) => {
                return Err(format!(
                    "L'utente {user} non può scrivere nella propria area ({}/{user}/): configurare il server come in docs/apache-atti.conf.",
                    crate::history::USERS_ROOT
                ));
            }
            Err(e) => return Err(e.to_string()),
        }
        // Another's area: a name that is not this user's.
        let other = format!("{}-altro", user.trim_end_matches('-'));
        let foreign = users
            .child(&other)
            .and_then(|d| d.child(&format!("prova-{user}.txt")))
            .map_err(|e| e.to_string())?;
        let resp = self
            .put_new(&foreign, Bytes::from_static(b"prova\n"))
            .await
            .map_err(|e| e.to_string())?;
        let status = resp.status();
        let _ = resp.bytes().await;
        if status == StatusCode::FORBIDDEN || status == StatusCode::UNAUTHORIZED {
            Ok(format!(
                "Ognuno scrive solo nella propria area ({}/<utente>/): chi ha compiuto ogni passo dell'iter lo prova il server.",
                crate::history::USERS_ROOT
            ))
        } else {
            Err(format!(
                "Il server lascia scrivere nell'area di un altro utente (HTTP {}): non prova chi ha compiuto i passi dell'iter; configurarlo come in docs/apache-atti.conf.",
                status.as_u16()
            ))
        }
    }

    /// Whether a second MKCOL of `scratch` is refused, and a second create-only PUT of a file
    /// in it: each the message of its step, `Err` when the guarantee is missing.
    async fn guarantees(&self, scratch: &str) -> (Result<String, String>, Result<String, String>) {
        let not_checked =
            || Err("Non verificato: la cartella di prova non è stata creata.".to_string());
        let dir = match RemotePath::dir(scratch) {
            Ok(d) => d,
            Err(e) => return (Err(e.to_string()), not_checked()),
        };
        let first = self.mkcol(&dir).await;
        let mkcol = match first {
            Ok(s) if s == StatusCode::CREATED => match self.mkcol(&dir).await {
                Ok(s) if s == StatusCode::METHOD_NOT_ALLOWED => {
                    Ok("Una cartella già esistente non si crea una seconda volta (405): il registro dei numeri è affidabile.".to_string())
                }
                Ok(s) => Err(format!(
                    "Il server ha accettato di creare due volte la stessa cartella (MKCOL, HTTP {}): non garantisce che un numero del registro sia preso una volta sola, e Atti non può usarlo.",
                    s.as_u16()
                )),
                Err(e) => Err(e.to_string()),
            },
            Ok(s) => return (
                Err(format!("La cartella di prova non si crea (MKCOL, HTTP {}).", s.as_u16())),
                not_checked(),
            ),
            Err(e) => return (Err(e.to_string()), not_checked()),
        };
        let file = match RemotePath::file(&format!("{scratch}/prova.txt")) {
            Ok(f) => f,
            Err(e) => return (mkcol, Err(e.to_string())),
        };
        let put = async {
            let first = self.put_new(&file, Bytes::from_static(b"prima\n")).await?;
            let status = first.status();
            let _ = first.bytes().await;
            if status != StatusCode::CREATED {
                return Ok::<_, SyncError>(Err(format!(
                    "Il file di prova non si crea (PUT, HTTP {}).",
                    status.as_u16()
                )));
            }
            let second = self.put_new(&file, Bytes::from_static(b"seconda\n")).await?;
            let status = second.status();
            let _ = second.bytes().await;
            Ok(if status == StatusCode::PRECONDITION_FAILED {
                Ok("Un file già presente non si sostituisce (If-None-Match: *, 412): nessun documento archiviato può essere sovrascritto.".to_string())
            } else {
                Err(format!(
                    "Il server ha sostituito un file già presente nonostante If-None-Match: * (HTTP {}): potrebbe sovrascrivere un documento archiviato, e Atti non può usarlo.",
                    status.as_u16()
                ))
            })
        }
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
        (mkcol, put)
    }
}

/// The steps of [`Client::test`], in order.
pub const TEST_STEPS: [&str; 7] = [
    "Raggiungibilità",
    "TLS",
    "Credenziali",
    "Permesso di scrittura",
    "Cartelle create una volta sola",
    "File mai sostituiti",
    "Aree degli utenti",
];

fn finish(mut steps: Vec<TestStep>, total: usize) -> TestReport {
    for name in TEST_STEPS.iter().take(total).skip(steps.len()) {
        steps.push(TestStep {
            name: (*name).to_string(),
            ok: false,
            message: "Non verificato (il passo precedente non è riuscito).".into(),
        });
    }
    TestReport { steps }
}

fn is_transient_status(status: StatusCode) -> bool {
    status.is_server_error()
        || status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status == StatusCode::LOCKED
}

/// Maps an HTTP status that is not the expected one.
pub(crate) fn status_error(
    status: StatusCode,
    headers: Option<&header::HeaderMap>,
    path: &str,
) -> SyncError {
    match status {
        StatusCode::UNAUTHORIZED => SyncError::Credentials,
        StatusCode::FORBIDDEN => SyncError::Forbidden,
        StatusCode::NOT_FOUND => SyncError::NotFound { path: path.into() },
        // 423 Locked: a server busy with concurrent requests on the resource, for a moment.
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::TOO_MANY_REQUESTS | StatusCode::LOCKED => {
            SyncError::Busy {
                status: status.as_u16(),
                retry_after: headers
                    .and_then(|h| h.get(header::RETRY_AFTER))
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs),
            }
        }
        status => SyncError::Server {
            status: status.as_u16(),
        },
    }
}

/// The rustls error inside `e`, looking through the wrappers whose `source()` skips them
/// (`io::Error` returns its inner error's source, and boxed errors hide their type).
fn find_rustls<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    if let Some(tls) = e.downcast_ref::<rustls::Error>() {
        return Some(tls);
    }
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        return io.get_ref().and_then(|inner| find_rustls(inner));
    }
    None
}

/// A rustls verdict in words for the clerk.
fn tls_detail(err: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    match err {
        rustls::Error::InvalidCertificate(cert) => match cert {
            C::Expired | C::ExpiredContext { .. } => "il certificato è scaduto".into(),
            C::NotValidYet | C::NotValidYetContext { .. } => {
                "il certificato non è ancora valido (controllare anche la data del PC)".into()
            }
            C::UnknownIssuer => {
                "il certificato è emesso da un'autorità non riconosciuta (manca o è sbagliato il certificato della CA comunale)".into()
            }
            C::NotValidForName | C::NotValidForNameContext { .. } => {
                "il certificato è intestato a un altro nome di server".into()
            }
            C::Revoked => "il certificato è stato revocato".into(),
            C::BadSignature => "la firma del certificato non è valida".into(),
            other => format!("certificato rifiutato ({other:?})"),
        },
        other => format!("connessione sicura non stabilita ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locked_resource_is_a_moment_of_business_not_a_failure() {
        for status in [
            StatusCode::LOCKED,
            StatusCode::SERVICE_UNAVAILABLE,
            StatusCode::TOO_MANY_REQUESTS,
        ] {
            assert!(is_transient_status(status), "{status}");
            let err = status_error(status, None, "archive/x.pdf");
            assert!(matches!(err, SyncError::Busy { .. }), "{status}: {err:?}");
            assert!(err.is_transient() && !err.needs_attention(), "{status}");
        }
    }
}
