//! Sync to the municipal document server: an async WebDAV-over-HTTPS client (create-only
//! uploads, each verified), the outbox worker that drains the app's queue with retries, and the
//! cross-PC register that claims act numbers atomically on the server, the shared iter's
//! history of each act (`history`: events appended in slots claimed by MKCOL); plus the
//! keyring-backed secret store for the server password.
//!
//! It is not the outbox itself (that is a table in the app's SQLite, behind [`Outbox`]), not the
//! settings UI, and it never decides what to archive: callers pass paths and bytes. Wire types
//! (WebDAV XML, HTTP) stay private.
//!
//! **Invariant:** nothing on the server is ever overwritten: every PUT is `If-None-Match: *`, and
//! a file found already there is compared by SHA-256 (same = done, different = conflict). The
//! one exception is a website's pages (`site.rs`: the albo pretorio online's index, pages and
//! feeds, made again from the register), in the site's own folder.
//!
//! **Invariant:** TLS verification is never disabled; the municipal CA is added as a root.
//!
//! **Invariant:** the password is a [`atti_core::Sensitive`] and never reaches an error or a log.

#![forbid(unsafe_code)]

mod client;
mod config;
mod dav;
mod error;
pub mod history;
pub mod index;
mod public_fetch;
pub mod secrets;
mod site;
mod slots;
#[cfg(feature = "testkit")]
pub mod testkit;
mod worker;

pub use client::{
    ARCHIVE_ROOT, CLAIM_FILE, Check, Client, RemoteEntry, TEST_DIR, TestReport, TestStep, Uploaded,
};
pub use config::{ServerConfig, Tuning};
pub use error::SyncError;
pub use public_fetch::{MAX_PUBLIC_BODY, PublicFetch};
pub use worker::{ItemState, Outbox, OutboxItem, Progress, Summary, run};

/// Whether `text` is a folder path relative to the server's base that the client accepts
/// (`a/b`: no `.`/`..`, no backslashes, not absolute), for settings checked before use.
pub fn is_valid_dir(text: &str) -> bool {
    dav::RemotePath::dir(text).is_ok()
}
