//! A fault-injecting proxy between the client and Apache.
//!
//! It terminates TLS with the server's own certificate (so the client still verifies a real
//! chain) and talks TLS to Apache: seeing plain HTTP/1.1 lets it cut exactly where a fault
//! should land. The mode is read at the start of each request (not each connection), so
//! switching it also affects pooled keep-alive connections from their next request on;
//! blackhole also swallows new connections before the TLS handshake.

use std::path::Path;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};

use super::apache::ServerCert;
use super::pki::Pki;

/// What the proxy does to the next request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ProxyMode {
    /// Forward both ways.
    Pass = 0,
    /// Forward the headers and half the body, then reset both connections (an interrupted PUT).
    ResetMidUpload = 1,
    /// Forward the whole request, drop the answer and close (the request landed; the client
    /// does not know): the classic duplicate maker.
    LoseResponse = 2,
    /// Swallow everything; never answer (new connections hang before TLS).
    Blackhole = 3,
    /// A server without the guarantees of the protocol: `If-None-Match` is taken out of each
    /// request (a create-only PUT replaces the file) and a 405 answer becomes 201 (a second
    /// MKCOL of a collection "creates" it again), as some WebDAV servers in use behave.
    Forgetful = 4,
}

impl ProxyMode {
    fn from_u8(v: u8) -> ProxyMode {
        match v {
            1 => ProxyMode::ResetMidUpload,
            2 => ProxyMode::LoseResponse,
            3 => ProxyMode::Blackhole,
            4 => ProxyMode::Forgetful,
            _ => ProxyMode::Pass,
        }
    }
}

#[derive(Default)]
struct Shared {
    mode: AtomicU8,
    requests: AtomicUsize,
    connections: AtomicUsize,
    faults: AtomicUsize,
    /// First request lines seen (for assertions: "PUT /archive/...").
    lines: Mutex<Vec<String>>,
}

/// A running proxy; stops (and drops every connection) when dropped.
pub struct FaultProxy {
    /// Where clients connect (127.0.0.1).
    pub port: u16,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for FaultProxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaultProxy")
            .field("port", &self.port)
            .field("mode", &self.mode())
            .finish()
    }
}

fn load_certs(path: &Path) -> Vec<CertificateDer<'static>> {
    CertificateDer::pem_file_iter(path)
        .expect("read pem")
        .collect::<Result<Vec<_>, _>>()
        .expect("parse pem")
}

impl FaultProxy {
    /// Starts a proxy in front of `127.0.0.1:upstream_port` (an Apache with `pki`'s valid
    /// certificate). Must run inside a tokio runtime.
    pub async fn start(pki: &Pki, upstream_port: u16) -> FaultProxy {
        FaultProxy::start_presenting(pki, ServerCert::Valid, upstream_port).await
    }

    /// Like [`FaultProxy::start`], presenting `cert` to clients (e.g. the expired one).
    pub async fn start_presenting(pki: &Pki, cert: ServerCert, upstream_port: u16) -> FaultProxy {
        let presented = match cert {
            ServerCert::Valid => &pki.server_pem,
            ServerCert::Expired => &pki.expired_pem,
        };
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let server_config = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .expect("tls versions")
            .with_no_client_auth()
            .with_single_cert(
                load_certs(presented),
                PrivateKeyDer::from_pem_file(&pki.server_key).expect("server key"),
            )
            .expect("server tls config");
        let mut roots = rustls::RootCertStore::empty();
        for cert in load_certs(&pki.ca_pem) {
            roots.add(cert).expect("ca root");
        }
        let client_config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("tls versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(server_config));
        let connector = tokio_rustls::TlsConnector::from(Arc::new(client_config));
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind proxy");
        let port = listener.local_addr().expect("proxy addr").port();
        let shared = Arc::new(Shared::default());
        let sh = shared.clone();
        let task = tokio::spawn(async move {
            let mut conns = tokio::task::JoinSet::new();
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    continue;
                };
                // Reap finished connections.
                while conns.try_join_next().is_some() {}
                sh.connections.fetch_add(1, Ordering::SeqCst);
                let (acceptor, connector, sh) = (acceptor.clone(), connector.clone(), sh.clone());
                conns.spawn(async move {
                    let _ = connection(tcp, acceptor, connector, upstream_port, sh).await;
                });
            }
        });
        FaultProxy { port, shared, task }
    }

    /// Sets the mode for the next requests.
    pub fn set_mode(&self, mode: ProxyMode) {
        self.shared.mode.store(mode as u8, Ordering::SeqCst);
    }

    /// The current mode.
    pub fn mode(&self) -> ProxyMode {
        ProxyMode::from_u8(self.shared.mode.load(Ordering::SeqCst))
    }

    /// The base URL through the proxy. The certificate names `localhost` and `127.0.0.1`.
    pub fn url(&self) -> String {
        format!("https://127.0.0.1:{}/", self.port)
    }

    /// Requests seen so far.
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Requests hit by a fault (reset, lost answer, swallowed).
    pub fn faults(&self) -> usize {
        self.shared.faults.load(Ordering::SeqCst)
    }

    /// The request lines seen so far (`PUT /archive/... HTTP/1.1`).
    pub fn request_lines(&self) -> Vec<String> {
        self.shared
            .lines
            .lock()
            .map(|l| l.clone())
            .unwrap_or_default()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// `chunk` (the start of a request) without the header `name` (lowercase), if it is there.
fn without_header(chunk: &[u8], name: &str) -> Vec<u8> {
    let head_end = chunk
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(chunk.len());
    let lower = chunk[..head_end].to_ascii_lowercase();
    let needle = format!("\r\n{name}:");
    let Some(at) = lower
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
    else {
        return chunk.to_vec();
    };
    let end = lower[at + 2..]
        .windows(2)
        .position(|w| w == b"\r\n")
        .map_or(head_end, |e| at + 2 + e);
    let mut out = chunk[..at].to_vec();
    out.extend_from_slice(&chunk[end..]);
    out
}

/// Where to cut a request in reset-mid-upload: after the headers and half the body.
fn cut_point(first_chunk: &[u8]) -> usize {
    let text = String::from_utf8_lossy(first_chunk).to_ascii_lowercase();
    let Some(head_end) = text.find("\r\n\r\n") else {
        return first_chunk.len() / 2;
    };
    let length = text[..head_end]
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    if length == 0 {
        head_end / 2
    } else {
        head_end + 4 + (length / 2).max(1)
    }
}

async fn connection(
    tcp: TcpStream,
    acceptor: tokio_rustls::TlsAcceptor,
    connector: tokio_rustls::TlsConnector,
    upstream_port: u16,
    shared: Arc<Shared>,
) -> std::io::Result<()> {
    let mode_now = || ProxyMode::from_u8(shared.mode.load(Ordering::SeqCst));
    if mode_now() == ProxyMode::Blackhole {
        shared.faults.fetch_add(1, Ordering::SeqCst);
        let mut tcp = tcp;
        let mut sink = [0u8; 4096];
        while tcp.read(&mut sink).await? > 0 {}
        return Ok(());
    }
    let mut client = acceptor.accept(tcp).await?;
    let upstream_tcp = TcpStream::connect(("127.0.0.1", upstream_port)).await?;
    upstream_tcp.set_nodelay(true)?;
    let name = ServerName::try_from("localhost").map_err(std::io::Error::other)?;
    let mut upstream = connector.connect(name, upstream_tcp).await?;
    let mut cbuf = vec![0u8; 64 * 1024];
    let mut ubuf = vec![0u8; 64 * 1024];
    let mut new_request = true;
    let mut mode = ProxyMode::Pass;
    let mut sent = 0usize;
    let mut cut = usize::MAX;
    loop {
        tokio::select! {
            r = client.read(&mut cbuf) => {
                let n = r?;
                if n == 0 {
                    return Ok(());
                }
                let starts = new_request;
                if new_request {
                    new_request = false;
                    mode = mode_now();
                    sent = 0;
                    cut = cut_point(&cbuf[..n]);
                    shared.requests.fetch_add(1, Ordering::SeqCst);
                    let line = String::from_utf8_lossy(&cbuf[..n])
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .to_string();
                    if let Ok(mut lines) = shared.lines.lock() {
                        lines.push(line);
                    }
                    if mode != ProxyMode::Pass {
                        shared.faults.fetch_add(1, Ordering::SeqCst);
                    }
                }
                match mode {
                    ProxyMode::Blackhole => {}
                    ProxyMode::ResetMidUpload => {
                        let take = n.min(cut.saturating_sub(sent));
                        upstream.write_all(&cbuf[..take]).await?;
                        upstream.flush().await?;
                        sent += take;
                        if sent >= cut {
                            // Abort both sides with a reset (no TLS close_notify, no FIN).
                            let _ = client.get_ref().0.set_zero_linger();
                            let _ = upstream.get_ref().0.set_zero_linger();
                            return Ok(());
                        }
                    }
                    ProxyMode::Pass | ProxyMode::LoseResponse => {
                        upstream.write_all(&cbuf[..n]).await?;
                        upstream.flush().await?;
                        sent += n;
                    }
                    ProxyMode::Forgetful => {
                        let chunk = if starts {
                            without_header(&cbuf[..n], "if-none-match")
                        } else {
                            cbuf[..n].to_vec()
                        };
                        upstream.write_all(&chunk).await?;
                        upstream.flush().await?;
                        sent += n;
                    }
                }
            }
            r = upstream.read(&mut ubuf) => {
                let n = r?;
                if n == 0 {
                    return Ok(());
                }
                match mode {
                    // The request was processed (Apache answers after reading it all): the
                    // answer vanishes with the connection.
                    ProxyMode::LoseResponse => {
                        let _ = client.get_ref().0.set_zero_linger();
                        return Ok(());
                    }
                    ProxyMode::Blackhole => {}
                    ProxyMode::Forgetful if ubuf[..n].starts_with(b"HTTP/1.1 405") => {
                        let rest = ubuf[..n]
                            .windows(2)
                            .position(|w| w == b"\r\n")
                            .map_or(&ubuf[n..n], |at| &ubuf[at..n]);
                        client.write_all(b"HTTP/1.1 201 Created").await?;
                        client.write_all(rest).await?;
                        client.flush().await?;
                        new_request = true;
                    }
                    _ => {
                        client.write_all(&ubuf[..n]).await?;
                        client.flush().await?;
                        new_request = true;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_header_is_taken_out_of_a_request() {
        let req = b"PUT /a HTTP/1.1\r\nif-none-match: *\r\ncontent-length: 3\r\n\r\nabc";
        assert_eq!(
            super::without_header(req, "if-none-match"),
            b"PUT /a HTTP/1.1\r\ncontent-length: 3\r\n\r\nabc".to_vec()
        );
        let untouched = b"GET / HTTP/1.1\r\nhost: x\r\n\r\n";
        assert_eq!(
            super::without_header(untouched, "if-none-match"),
            untouched.to_vec()
        );
    }
}
