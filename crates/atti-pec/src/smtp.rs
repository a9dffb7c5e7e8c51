//! Sending: SMTP submission over implicit TLS, authenticated, to the Comune's PEC provider.

use std::time::{Duration, SystemTime};

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use crate::{PecConfig, PecError};

/// A file attached to a message.
#[derive(Debug, Clone)]
pub struct Allegato {
    /// Its name (no path).
    pub nome: String,
    /// Its MIME type.
    pub mime: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// A message to one recipient.
#[derive(Debug, Clone)]
pub struct Messaggio {
    /// The recipient's PEC address (their domicilio digitale).
    pub destinatario: String,
    /// The subject.
    pub oggetto: String,
    /// The text.
    pub testo: String,
    /// The attachments.
    pub allegati: Vec<Allegato>,
    /// Its Message-ID, `<…@…>`, chosen by the caller and recorded before sending: the
    /// provider's receipts name it.
    pub message_id: String,
    /// Its Date header (the caller's clock).
    pub data: SystemTime,
}

/// Sends `messaggio` from the configured mailbox. `Ok` means the provider took it: its
/// ricevuta di accettazione (or of non accettazione) follows in the mailbox.
pub fn send(config: &PecConfig, password: &str, messaggio: &Messaggio) -> Result<(), PecError> {
    config.validate()?;
    let email = build(config, messaggio)?;
    let mut tls = TlsParameters::builder(config.smtp_host.clone());
    for der in crate::casella::ca_ders(config.ca_pem.as_deref())? {
        tls = tls.add_root_certificate(
            Certificate::from_der(der)
                .map_err(|e| PecError::Config(format!("certificato della CA non valido: {e}")))?,
        );
    }
    let tls = tls
        .build_rustls()
        .map_err(|e| PecError::Tls(e.to_string()))?;
    let transport = SmtpTransport::builder_dangerous(config.smtp_host.as_str())
        .port(config.smtp_port)
        .tls(Tls::Wrapper(tls))
        .credentials(Credentials::new(
            config.utente.clone(),
            password.to_string(),
        ))
        .authentication(vec![Mechanism::Plain, Mechanism::Login])
        .timeout(Some(Duration::from_secs(60)))
        .build();
    transport.send(&email).map(|_| ()).map_err(|e| {
        let code = e.status().map(|c| c.to_string());
        if code.as_deref() == Some("535") {
            PecError::Auth
        } else if e.is_permanent() || e.is_transient() {
            PecError::Refused(e.to_string())
        } else if e.to_string().to_lowercase().contains("certificate") {
            PecError::Tls(e.to_string())
        } else {
            PecError::Network(e.to_string())
        }
    })
}

fn build(config: &PecConfig, m: &Messaggio) -> Result<Message, PecError> {
    let from: Mailbox = config.indirizzo.parse().map_err(|_| {
        PecError::Config(format!(
            "{:?} non è un indirizzo PEC valido.",
            config.indirizzo
        ))
    })?;
    let to: Mailbox = m.destinatario.trim().parse().map_err(|_| {
        PecError::Refused(format!(
            "{:?} non è un indirizzo PEC valido.",
            m.destinatario
        ))
    })?;
    let mut body = MultiPart::mixed().singlepart(SinglePart::plain(m.testo.clone()));
    for a in &m.allegati {
        let mime = ContentType::parse(&a.mime)
            .map_err(|_| PecError::Refused(format!("tipo di file non valido: {}", a.mime)))?;
        body = body.singlepart(Attachment::new(a.nome.clone()).body(a.bytes.clone(), mime));
    }
    Message::builder()
        .message_id(Some(m.message_id.clone()))
        .from(from)
        .to(to)
        .subject(m.oggetto.clone())
        .date(m.data)
        .multipart(body)
        .map_err(|e| PecError::Refused(format!("messaggio non componibile: {e}")))
}
