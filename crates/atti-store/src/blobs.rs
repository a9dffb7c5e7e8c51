//! Attachment content, stored once per SHA-256.

use crate::{Store, StoreError};
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

impl Store {
    /// Stores content (once per hash) and returns its SHA-256 in lowercase hex.
    pub fn put_blob(&self, data: &[u8]) -> Result<String, StoreError> {
        insert_blob(&self.conn, data)
    }

    /// The content with this SHA-256.
    pub fn blob(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        self.conn
            .query_row("SELECT data FROM blob WHERE sha256 = ?1", [sha256], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::BlobNotFound(sha256.to_string()))
    }
}

/// Stores content (once per hash) on a connection or inside a transaction of the caller;
/// returns its SHA-256 in lowercase hex.
pub(crate) fn insert_blob(conn: &rusqlite::Connection, data: &[u8]) -> Result<String, StoreError> {
    let sha = sha256_hex(data);
    conn.execute(
        "INSERT INTO blob (sha256, size, data) VALUES (?1, ?2, ?3)
         ON CONFLICT (sha256) DO NOTHING",
        params![sha, data.len() as i64, data],
    )?;
    Ok(sha)
}

/// SHA-256 of `data`, lowercase hex.
pub(crate) fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}
