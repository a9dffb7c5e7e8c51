//! Posta elettronica certificata (PEC: DPR 68/2005, DM 2 novembre 2005): the Comune's
//! mailbox at its PEC provider. A message goes out by SMTP submission over TLS
//! ([`send`]); the provider's receipts (accettazione, avvenuta consegna, mancata consegna) come
//! back into the mailbox, are read over IMAPS ([`receipts`]) and checked ([`ricevuta::read`]:
//! the provider's S/MIME signature and its daticert.xml). What a receipt means for an act is
//! atti-core's (`notifica.rs`); recording it is atti-app's.

mod casella;
mod error;
pub mod ricevuta;
mod smtp;
#[cfg(feature = "testkit")]
pub mod testkit;

pub use casella::{Letta, Segno, receipts};
pub use error::PecError;
pub use ricevuta::{Ricevuta, TipoRicevuta};
pub use smtp::{Allegato, Messaggio, send};

/// Where the Comune's PEC mailbox is and who logs in. The password is not here: it comes from
/// the keyring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PecConfig {
    /// The PEC address the messages leave from.
    pub indirizzo: String,
    /// The login name at the provider (often the address itself).
    pub utente: String,
    /// SMTP submission server (implicit TLS, e.g. `smtps.pec.example.it`).
    pub smtp_host: String,
    /// Its port (465).
    pub smtp_port: u16,
    /// IMAP server (IMAPS, e.g. `imaps.pec.example.it`).
    pub imap_host: String,
    /// Its port (993).
    pub imap_port: u16,
    /// CA certificates (PEM) trusted besides the system's, for a provider behind a private CA.
    pub ca_pem: Option<Vec<u8>>,
}

impl PecConfig {
    /// Checks the settings without touching the network.
    pub fn validate(&self) -> Result<(), PecError> {
        let address_ok = self
            .indirizzo
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.'));
        if !address_ok || self.indirizzo.chars().any(char::is_whitespace) {
            return Err(PecError::Config(format!(
                "{:?} non è un indirizzo PEC valido.",
                self.indirizzo
            )));
        }
        if self.utente.trim().is_empty() {
            return Err(PecError::Config(
                "manca il nome utente della casella PEC.".into(),
            ));
        }
        for (what, host, port) in [
            ("SMTP", &self.smtp_host, self.smtp_port),
            ("IMAP", &self.imap_host, self.imap_port),
        ] {
            if host.trim().is_empty() || host.contains(['/', ':', ' ']) || port == 0 {
                return Err(PecError::Config(format!(
                    "server {what} della PEC non valido ({host:?}, porta {port})."
                )));
            }
        }
        casella::tls_config(self.ca_pem.as_deref()).map(|_| ())
    }
}
