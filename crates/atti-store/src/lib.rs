//! The local store of Atti: one SQLite file (WAL, foreign keys, migrations embedded as SQL
//! files and tracked with `PRAGMA user_version`). It keeps the Comune, its offices and
//! users, every saved version of every act, attachment content by SHA-256, and a full-text
//! index (FTS5, accent-insensitive).
//!
//! It is not where the rules live: it stores what atti-app, applying atti-core, asks it to.
//! It reads no clock: times are passed in.

mod acts;
mod albo;
mod archiviazioni;
mod audit;
mod blobs;
mod comune;
mod controllo;
mod documents;
mod error;
mod iter;
mod modelli;
mod notifiche;
mod outbox;
mod pagamenti;
mod schema;
mod search;
mod sedute;
mod shared;
mod signatures;

pub use acts::{ActRow, InboxCandidate, ListFilter, NewAct, VersionRow};
pub use albo::{AlboRow, AlboScelta, AlboVoce};
pub use archiviazioni::{ArchiviazioneRow, PART_ARCHIVIAZIONE};
pub use audit::{AuditBreak, AuditEntry, AuditReport};
pub use comune::{Office, User};
pub use controllo::{ControlloAttoRow, ControlloRow, ImpegnoSemeRow, NewControllo};
pub use documents::{CopiaRow, Variant};
pub use error::StoreError;
pub use iter::{LocalRegister, Register, RegistroRow, StoredFacts, TransitionWrite};
pub use notifiche::{Esito as EsitoNotifica, NewNotifica, NotificaRow};
pub use outbox::{ALBO_REGISTER, ClaimedRegister, NewOutboxFile, OutboxRow};
pub use pagamenti::PagamentoRow;
pub use search::SearchHit;
pub use sedute::{SedutaCondivisa, SedutaRow};
pub use shared::{Bozza, GlobalRow, QueuedStep};
pub use signatures::{IdentityRow, NewSignedFile, ParereDocument, SignedFileRow};

use rusqlite::Connection;
use std::path::Path;

/// The name of the SQLite file inside a data dir.
pub const DB_FILE: &str = "atti.sqlite3";

/// An open store.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the store file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let not_an_archive = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => {
                StoreError::NotAnArchive(path.display().to_string())
            }
            _ => StoreError::Sqlite(e),
        };
        let mut conn = Connection::open(path).map_err(not_an_archive)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // The first statement reads the file's header: a file that is not SQLite fails here.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(not_an_archive)?;
        // FULL: an acknowledged save survives a power cut, not only a crash of the process.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // The statements read for each act (an inbox reads dozens of acts) stay prepared.
        conn.set_prepared_statement_cache_capacity(64);
        schema::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// `PRAGMA integrity_check` result: "ok" when the file is sound.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// The schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}
