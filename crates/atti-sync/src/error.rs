//! The one error type of the crate, with Italian messages for the clerk.

use std::time::Duration;

/// What went wrong while talking to the document server, said so that the clerk knows what to do.
///
/// **Invariant:** no message carries the password (it is never formatted anywhere in this crate).
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// 401: wrong password or unknown user.
    #[error(
        "Password errata o utente non autorizzato sul server documentale: controllare le impostazioni del server."
    )]
    Credentials,
    /// 403: the user is known but may not do this.
    #[error(
        "Il server documentale ha rifiutato l'operazione: l'utente non ha il permesso di scrittura. Chiedere all'amministratore del server."
    )]
    Forbidden,
    /// The server's certificate was refused (`"<host>: <what is wrong>"`). TLS verification is
    /// never disabled.
    #[error(
        "Il certificato del server non è valido per {0}. Controllare l'indirizzo e il certificato della CA comunale nelle impostazioni del server."
    )]
    Tls(String),
    /// No connection (refused, DNS, timeout while connecting).
    #[error(
        "Server non raggiungibile: {0}. Controllare la rete; i documenti restano in coda e saranno inviati più tardi."
    )]
    Unreachable(String),
    /// The connection broke during a request (the request may or may not have arrived).
    #[error("Connessione interrotta con il server documentale: {0}. L'invio sarà ripetuto.")]
    Interrupted(String),
    /// A different file already exists at the path: it was not overwritten.
    #[error(
        "Conflitto: sul server esiste già {path} con contenuto diverso; non è stato sovrascritto. L'atto resta firmato e conservato qui: segnalare il percorso al responsabile della conservazione, che stabilisce quale dei due file è quello giusto."
    )]
    Conflict {
        /// The remote path (relative to the base URL).
        path: String,
    },
    /// After the upload the server holds something else than what was sent.
    #[error(
        "Verifica fallita per {path}: il server non restituisce il file inviato ({detail}). Segnalare all'amministratore del server."
    )]
    Mismatch {
        /// The remote path (relative to the base URL).
        path: String,
        /// What differs.
        detail: String,
    },
    /// The server answered with an unexpected status.
    #[error(
        "Il server documentale ha risposto con un errore (HTTP {status}); l'invio sarà ripetuto."
    )]
    Server {
        /// The HTTP status code.
        status: u16,
    },
    /// 503 or 429: the server asks to come back later.
    #[error(
        "Il server documentale è momentaneamente occupato (HTTP {status}); l'invio sarà ripetuto."
    )]
    Busy {
        /// The HTTP status code.
        status: u16,
        /// The server's Retry-After, if any.
        retry_after: Option<Duration>,
    },
    /// The remote file or folder does not exist.
    #[error("Sul server documentale non esiste {path}.")]
    NotFound {
        /// The remote path (relative to the base URL).
        path: String,
    },
    /// The server address is not valid.
    #[error("Indirizzo del server non valido: {0}")]
    InvalidUrl(String),
    /// The settings are incomplete or wrong (e.g. the CA certificate cannot be read).
    #[error("Impostazioni del server non valide: {0}")]
    Config(String),
    /// A remote path given by the caller is not acceptable.
    #[error(
        "Percorso sul server non valido: {0:?} (niente \"..\", segmenti vuoti o barre rovesciate)."
    )]
    InvalidPath(String),
    /// The server's answer could not be understood.
    #[error("Risposta del server documentale non comprensibile: {0}")]
    Protocol(String),
    /// No free number found in the register within the allowed tries.
    #[error(
        "Registro sul server: nessun numero libero trovato per {kind} {year} dopo {tries} tentativi."
    )]
    RegisterExhausted {
        /// Kind of act.
        kind: String,
        /// Year.
        year: i32,
        /// How many numbers were tried.
        tries: u32,
    },
    /// The outbox (the app's database) failed.
    #[error("Coda di invio: {0}")]
    Outbox(String),
    /// The secret store (the system keyring) failed.
    #[error("Portachiavi di sistema: {0}")]
    Keyring(String),
}

impl SyncError {
    /// True when the sync must stop and ask the clerk (credentials, permissions, certificate,
    /// settings): retrying alone cannot fix it.
    pub fn needs_attention(&self) -> bool {
        matches!(
            self,
            SyncError::Credentials
                | SyncError::Forbidden
                | SyncError::Tls(_)
                | SyncError::InvalidUrl(_)
                | SyncError::Config(_)
                | SyncError::Keyring(_)
        )
    }

    /// True when trying again later may succeed (network, 5xx, 408/429).
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Unreachable(_) | SyncError::Interrupted(_) | SyncError::Busy { .. } => true,
            SyncError::Server { status, .. } => *status >= 500 || *status == 408 || *status == 429,
            _ => false,
        }
    }

    /// The wait the server asked for (Retry-After), if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            SyncError::Busy { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}
