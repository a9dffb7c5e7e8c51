//! Secrets (the server password) in the system keyring.
//!
//! [`SecretStore`] is the small seam the app codes against; [`KeyringStore`] is the real one on
//! the `keyring` crate: Secret Service over D-Bus on Linux (gnome-keyring, KWallet: it persists
//! across reboots, unlike the kernel keyutils backend, which is not compiled in), the Keychain on
//! macOS, the Credential Manager on Windows. Calls are blocking (D-Bus round trips): from async
//! code, call them on `spawn_blocking`.
//!
//! **Invariant:** secrets only travel as [`Sensitive`]; errors never carry them.

use atti_core::Sensitive;

use crate::SyncError;

/// Where secrets are kept, one per account name (e.g. `"server:protocollo@documenti.comune.it"`).
pub trait SecretStore: Send + Sync {
    /// The secret of `account`, if stored.
    fn get(&self, account: &str) -> Result<Option<Sensitive<String>>, SyncError>;
    /// Stores (or replaces) the secret of `account`.
    fn set(&self, account: &str, secret: &Sensitive<String>) -> Result<(), SyncError>;
    /// Removes the secret of `account`; removing a missing one is not an error.
    fn delete(&self, account: &str) -> Result<(), SyncError>;
}

/// The system keyring, under one service name (e.g. `"it.comune.atti"`).
#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    /// A store whose entries are filed under `service`.
    pub fn new(service: &str) -> Self {
        KeyringStore {
            service: service.to_string(),
        }
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry, SyncError> {
        keyring::Entry::new(&self.service, account).map_err(keyring_error)
    }
}

fn keyring_error(err: keyring::Error) -> SyncError {
    let what = match &err {
        keyring::Error::NoStorageAccess(_) => {
            "il portachiavi non è accessibile (è sbloccato? è in esecuzione il servizio dei segreti?)"
        }
        keyring::Error::PlatformFailure(_) => "il servizio dei segreti del sistema non risponde",
        _ => "operazione non riuscita",
    };
    // keyring's own messages name the backend failure, never the secret.
    SyncError::Keyring(format!("{what} ({err})"))
}

impl SecretStore for KeyringStore {
    fn get(&self, account: &str) -> Result<Option<Sensitive<String>>, SyncError> {
        match self.entry(account)?.get_password() {
            Ok(secret) => Ok(Some(Sensitive::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }

    fn set(&self, account: &str, secret: &Sensitive<String>) -> Result<(), SyncError> {
        self.entry(account)?
            .set_password(secret.expose())
            .map_err(keyring_error)
    }

    fn delete(&self, account: &str) -> Result<(), SyncError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }
}
