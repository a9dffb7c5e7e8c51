//! The use cases of Atti (compose, review, and later sign, copy, archive, sync): the ONE API
//! that the desktop shell, the `atti` CLI and the acceptance tests call. It applies the rules
//! of atti-core, keeps data with atti-store, and speaks to the outside in DTOs (generated as
//! TypeScript for the UI) and in errors made of a [`ErrorCode`] and an Italian message.
//!
//! It is not a UI: it never prints, and it never decides how things look.

#![deny(missing_docs)]

mod acts;
mod albo;
mod archiviazioni;
mod attachments;
mod attestazioni;
mod audit_anchor;
mod clock;
mod comune_setup;
mod controllo;
mod demo;
mod diff;
mod documents;
mod domain_export;
pub mod dto;
mod error;
mod export;
mod files;
mod iter;
mod login;
mod metadata;
mod modelli;
mod notifiche;
mod pagamenti;
mod pagopa;
mod pareri;
mod pec;
mod pkcs11_modules;
mod public_fetch;
mod replay;
mod seal;
mod seduta_documenti;
mod sedute;
mod sedute_condivise;
mod session;
mod shared;
mod signatures;
mod signed_step;
mod sync;
mod trasparenza;
mod verification_page;

pub use atti_docs::Proposal;
pub use atti_store::{AuditReport, CopiaRow, RegistroRow};
pub use audit_anchor::AuditAnchors;
pub use clock::{Clock, FixedClock, SystemClock};
pub use demo::{DEMO_CA_FILE, DEMO_PIN, demo_tour};
/// The demo Comune's Giunta and Consiglio, and how pagoPA knows it (the bench's large
/// Comune reuses them).
pub use demo::{organi as demo_organi, pagopa as demo_pagopa};
pub use error::{AppError, ErrorCode};
pub use files::write_file;
pub use login::LoginRequest;
pub use notifiche::giorno;
pub use pec::PecSettings;
pub use pkcs11_modules::DEFAULT_PKCS11_MODULES;
pub use seduta_documenti::SedutaDocumento;
pub(crate) use session::actor;
pub use session::{Atti, default_data_dir};
pub use signatures::IdentityInput;
pub use sync::SyncJob;
pub use trasparenza::{Contratto, Provvedimento};

/// Result of every use case.
pub type AppResult<T> = Result<T, AppError>;
