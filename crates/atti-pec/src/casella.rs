//! Reading the mailbox: IMAP over TLS (IMAPS), the receipts only, never marking them read.

use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::{CertificateDer, ServerName, pem::PemObject};

use crate::{PecConfig, PecError};

/// A message read from the mailbox.
#[derive(Debug, Clone)]
pub struct Letta {
    /// Its IMAP UID in the inbox.
    pub uid: u32,
    /// Its raw bytes (RFC 5322, CRLF line ends as IMAP serves them).
    pub bytes: Vec<u8>,
}

/// Where a previous read of the inbox stopped: the mailbox's UIDVALIDITY and the last UID
/// read. A read from it returns only newer messages (all of them when the UIDVALIDITY
/// changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Segno {
    /// The inbox's UIDVALIDITY.
    pub uid_validity: u32,
    /// The last UID read.
    pub uid: u32,
}

impl Letta {
    /// The mark after this message.
    pub fn segno(&self, uid_validity: u32) -> Segno {
        Segno {
            uid_validity,
            uid: self.uid,
        }
    }
}

/// The DER certificates of a PEM bundle (none when not given).
pub(crate) fn ca_ders(pem: Option<&[u8]>) -> Result<Vec<Vec<u8>>, PecError> {
    let Some(pem) = pem else {
        return Ok(Vec::new());
    };
    let certs: Vec<Vec<u8>> = CertificateDer::pem_slice_iter(pem)
        .map(|c| c.map(|c| c.to_vec()))
        .collect::<Result<_, _>>()
        .map_err(|_| {
            PecError::Config("il certificato della CA non è un file PEM valido.".into())
        })?;
    if certs.is_empty() {
        return Err(PecError::Config(
            "il file della CA non contiene certificati (atteso PEM: -----BEGIN CERTIFICATE-----)."
                .into(),
        ));
    }
    Ok(certs)
}

/// The TLS client: the system's roots and the configured CA.
pub(crate) fn tls_config(ca_pem: Option<&[u8]>) -> Result<Arc<rustls::ClientConfig>, PecError> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    for der in ca_ders(ca_pem)? {
        roots
            .add(CertificateDer::from(der))
            .map_err(|e| PecError::Config(format!("certificato della CA non valido: {e}")))?;
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| PecError::Tls(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

type Stream = rustls::StreamOwned<rustls::ClientConnection, TcpStream>;

fn connect(config: &PecConfig) -> Result<Stream, PecError> {
    let tls = tls_config(config.ca_pem.as_deref())?;
    let addr = (config.imap_host.as_str(), config.imap_port)
        .to_socket_addrs()
        .map_err(|e| PecError::Network(format!("{}: {e}", config.imap_host)))?
        .next()
        .ok_or_else(|| PecError::Network(format!("{}: indirizzo sconosciuto", config.imap_host)))?;
    let tcp = TcpStream::connect_timeout(&addr, Duration::from_secs(10)).map_err(|e| {
        PecError::Network(format!("{}:{}: {e}", config.imap_host, config.imap_port))
    })?;
    tcp.set_read_timeout(Some(Duration::from_secs(60)))
        .and_then(|()| tcp.set_write_timeout(Some(Duration::from_secs(60))))
        .map_err(|e| PecError::Network(e.to_string()))?;
    let name = ServerName::try_from(config.imap_host.clone())
        .map_err(|_| PecError::Config(format!("{:?} non è un nome di server", config.imap_host)))?;
    let conn =
        rustls::ClientConnection::new(tls, name).map_err(|e| PecError::Tls(e.to_string()))?;
    let mut stream = rustls::StreamOwned::new(conn, tcp);
    // The handshake now, so that a certificate we do not trust is said as such.
    while stream.conn.is_handshaking() {
        stream.conn.complete_io(&mut stream.sock).map_err(|e| {
            match e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
                Some(tls) => PecError::Tls(tls.to_string()),
                None => PecError::Network(e.to_string()),
            }
        })?;
    }
    Ok(stream)
}

fn imap_error(e: imap::Error) -> PecError {
    match e {
        imap::Error::Io(e) => PecError::Network(e.to_string()),
        imap::Error::No(_) => PecError::Auth,
        other => PecError::Network(other.to_string()),
    }
}

/// The provider's receipts in the inbox after `dopo` (all of them without it): the messages
/// carrying an `X-Ricevuta` header, oldest first, left unread. Returns the inbox's
/// UIDVALIDITY with them.
pub fn receipts(
    config: &PecConfig,
    password: &str,
    dopo: Option<Segno>,
) -> Result<(u32, Vec<Letta>), PecError> {
    config.validate()?;
    let mut client = imap::Client::new(connect(config)?);
    client.read_greeting().map_err(imap_error)?;
    let mut session = client
        .login(&config.utente, password)
        .map_err(|(e, _)| imap_error(e))?;
    let inbox = session.examine("INBOX").map_err(imap_error)?;
    let validity = inbox.uid_validity.unwrap_or(0);
    let from = match dopo {
        Some(s) if s.uid_validity == validity => s.uid.saturating_add(1),
        _ => 1,
    };
    let mut uids: Vec<u32> = session
        .uid_search(format!("UID {from}:* HEADER X-Ricevuta \"\""))
        .map_err(imap_error)?
        .into_iter()
        .filter(|uid| *uid >= from)
        .collect();
    uids.sort_unstable();
    let mut out = Vec::new();
    for chunk in uids.chunks(50) {
        let set: Vec<String> = chunk.iter().map(u32::to_string).collect();
        let fetches = session
            .uid_fetch(set.join(","), "(UID BODY.PEEK[])")
            .map_err(imap_error)?;
        for f in fetches.iter() {
            if let (Some(uid), Some(body)) = (f.uid, f.body()) {
                out.push(Letta {
                    uid,
                    bytes: body.to_vec(),
                });
            }
        }
    }
    out.sort_by_key(|l| l.uid);
    let _ = session.logout();
    Ok((validity, out))
}
