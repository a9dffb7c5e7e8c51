//! The Comune's PEC mailbox on this PC (the amministratore sets it): servers, login and the
//! CA of a provider behind a private one, in the settings; the password in the OS keyring.

use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::Sensitive;
use atti_pec::{PecConfig, PecError};
use atti_sync::secrets::SecretStore;
use serde::{Deserialize, Serialize};

/// The setting that holds the mailbox (JSON of [`PecSettings`]).
const PEC: &str = "pec";
/// The setting that holds where the last read of the inbox stopped.
pub(crate) const PEC_SEGNO: &str = "pec_segno";

/// The mailbox, as set by the amministratore (never the password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PecSettings {
    /// The Comune's PEC address the notifications leave from.
    pub indirizzo: String,
    /// The login at the provider.
    pub utente: String,
    /// SMTP server (implicit TLS).
    pub smtp_host: String,
    /// Its port.
    pub smtp_port: u16,
    /// IMAP server (IMAPS).
    pub imap_host: String,
    /// Its port.
    pub imap_port: u16,
    /// The CA certificate(s) of a provider behind a private CA (PEM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_pem: Option<String>,
}

impl From<PecError> for AppError {
    fn from(e: PecError) -> AppError {
        let code = match e {
            PecError::Network(_) => ErrorCode::Offline,
            PecError::Config(_) | PecError::Ricevuta(_) => ErrorCode::InvalidInput,
            PecError::Tls(_) | PecError::Auth | PecError::Refused(_) => ErrorCode::Server,
        };
        AppError::new(code, e.to_string())
    }
}

impl PecSettings {
    fn config(&self) -> PecConfig {
        PecConfig {
            indirizzo: self.indirizzo.trim().to_string(),
            utente: self.utente.trim().to_string(),
            smtp_host: self.smtp_host.trim().to_string(),
            smtp_port: self.smtp_port,
            imap_host: self.imap_host.trim().to_string(),
            imap_port: self.imap_port,
            ca_pem: self.ca_pem.as_ref().map(|p| p.as_bytes().to_vec()),
        }
    }

    fn keyring_account(&self) -> String {
        format!("pec:{}@{}", self.utente.trim(), self.imap_host.trim())
    }
}

impl Atti {
    /// Sets the PEC mailbox of this PC; the password goes to the OS keyring (an empty one
    /// keeps the stored password, unless the CA changes: who changes whom the provider is
    /// trusted by must know the password).
    pub fn pec_set(
        &mut self,
        settings: &PecSettings,
        password: &Sensitive<String>,
    ) -> AppResult<PecSettings> {
        let admin = self.check_amministratore("impostare la casella PEC")?;
        settings.config().validate()?;
        let account = settings.keyring_account();
        if password.expose().is_empty() {
            let previous = self.pec_settings()?;
            if previous.as_ref().map(|p| &p.ca_pem) != Some(&settings.ca_pem) {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    "per impostare o cambiare il certificato della CA del gestore PEC va inserita la password della casella",
                ));
            }
            if self.secret_store().get(&account)?.is_none() {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    "inserire la password della casella PEC: il portachiavi non ne ha una per questo utente e server",
                ));
            }
        } else {
            self.secret_store().set(&account, password)?;
        }
        let json = serde_json::to_string(settings)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
        self.store.set_setting(PEC, &json)?;
        self.audit_setting(
            &admin,
            "casella PEC",
            serde_json::json!({
                "indirizzo": settings.indirizzo, "utente": settings.utente,
                "smtp": format!("{}:{}", settings.smtp_host, settings.smtp_port),
                "imap": format!("{}:{}", settings.imap_host, settings.imap_port),
                "ca_sha256": settings.ca_pem.as_deref().map(|p| atti_docs::sha256_hex(p.as_bytes())),
            }),
        )?;
        Ok(settings.clone())
    }

    /// The PEC mailbox of this PC, if set.
    pub fn pec_settings(&self) -> AppResult<Option<PecSettings>> {
        self.store
            .setting(PEC)?
            .map(|json| {
                serde_json::from_str(&json).map_err(|e| {
                    AppError::new(
                        ErrorCode::Storage,
                        format!("impostazioni PEC illeggibili: {e}"),
                    )
                })
            })
            .transpose()
    }

    /// The mailbox and its password, or why there is none.
    pub(crate) fn pec_account(&self) -> AppResult<(PecConfig, Sensitive<String>)> {
        let settings = self.pec_settings()?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotAllowed,
                "la casella PEC del Comune non è impostata su questo PC: l'amministratore la imposta con «atti pec imposta»",
            )
        })?;
        let password = self
            .secret_store()
            .get(&settings.keyring_account())?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Server,
                    "la password della casella PEC non è nel portachiavi del sistema: l'amministratore la reinserisce con «atti pec imposta»",
                )
            })?;
        Ok((settings.config(), password))
    }
}
