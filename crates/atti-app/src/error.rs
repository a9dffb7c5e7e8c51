//! The error every use case returns: a small code the UI branches on, and an Italian
//! message the clerk reads. The UI never parses the message.

use atti_core::{FieldError, ValidationError};
use atti_store::StoreError;
use serde::Serialize;

/// What kind of failure this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// The input is wrong (validation, malformed JSON, bad file): the clerk can fix it.
    InvalidInput,
    /// The act, version, user or file does not exist.
    NotFound,
    /// The user may not do this.
    Forbidden,
    /// The iter does not allow it now (wrong state, a missing parere, ...): the message
    /// names the rule.
    NotAllowed,
    /// Someone else changed the act meanwhile.
    Conflict,
    /// A file is over the size limit.
    TooLarge,
    /// The store cannot be read or written (disk, lock, corruption).
    Storage,
    /// The signing device or certificate refused (wrong PIN, token missing, expired
    /// certificate, ...): the message says what to do; nothing was signed.
    Signature,
    /// The document server needs the clerk (credentials, certificate, a conflict): the
    /// message says what to do.
    Server,
    /// The document server cannot be reached now: the work waits and nothing is lost.
    Offline,
    /// No user is working in this session: each front door says how to choose one.
    NoUser,
    /// The archive has no Comune yet: each front door says how to create it.
    NotInitialised,
    /// A bug: it should not happen.
    Internal,
}

impl ErrorCode {
    /// Every code (the UI's list comes from here).
    pub const ALL: [ErrorCode; 13] = [
        ErrorCode::InvalidInput,
        ErrorCode::NotFound,
        ErrorCode::Forbidden,
        ErrorCode::NotAllowed,
        ErrorCode::Conflict,
        ErrorCode::TooLarge,
        ErrorCode::Storage,
        ErrorCode::Signature,
        ErrorCode::Server,
        ErrorCode::Offline,
        ErrorCode::NoUser,
        ErrorCode::NotInitialised,
        ErrorCode::Internal,
    ];
}

/// A failed use case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, thiserror::Error)]
#[error("{message}")]
#[ts(rename = "AppErrorDto")]
pub struct AppError {
    /// What kind of failure.
    pub code: ErrorCode,
    /// What went wrong and, where possible, what to do, in Italian.
    pub message: String,
    /// For validation errors: each field and what is wrong with it.
    pub fields: Vec<FieldError>,
}

impl AppError {
    /// An error without field details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// Whether the rules refused what was asked (as opposed to a failure of the PC, the
    /// file or the network): the same refusal on every PC that asks the same.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self.code,
            ErrorCode::Forbidden
                | ErrorCode::NotAllowed
                | ErrorCode::InvalidInput
                | ErrorCode::Signature
        )
    }
}

impl From<ValidationError> for AppError {
    fn from(e: ValidationError) -> AppError {
        let message = if e.0.len() == 1 {
            format!("dati non validi: {e}")
        } else {
            format!("dati non validi ({} errori): {e}", e.0.len())
        };
        AppError {
            code: ErrorCode::InvalidInput,
            message,
            fields: e.0,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        let code = match &e {
            StoreError::ActNotFound(_)
            | StoreError::VersionNotFound(..)
            | StoreError::UnknownUser(_)
            | StoreError::UnknownOffice(_)
            | StoreError::BlobNotFound(_)
            | StoreError::NoSuchControllo(_)
            | StoreError::NoSuchSeduta(_) => ErrorCode::NotFound,
            StoreError::Conflict { .. }
            | StoreError::Moved(_)
            | StoreError::NumberTaken { .. }
            | StoreError::CopiaNumberTaken(_)
            | StoreError::SedutaMoved(_) => ErrorCode::Conflict,
            StoreError::Frozen(_)
            | StoreError::ControlloOverlap(_)
            | StoreError::NotDrawn { .. }
            | StoreError::EsitoGiven { .. } => ErrorCode::NotAllowed,
            StoreError::AlreadyInitialised(_) => ErrorCode::Conflict,
            StoreError::NotInitialised => ErrorCode::NotInitialised,
            StoreError::Sqlite(_)
            | StoreError::Migration(_)
            | StoreError::SchemaTooNew { .. }
            | StoreError::Corrupt(_)
            | StoreError::NotAnArchive(_) => ErrorCode::Storage,
        };
        AppError::new(code, e.to_string())
    }
}
