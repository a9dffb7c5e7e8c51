//! The archiviazione of verbali (migration 0019): the comandante's provvedimento, written by
//! the step «archivia» (`iter.rs`, [`record`]) with its signed document, and read back.

use crate::{Store, StoreError};
use atti_core::ActId;
use atti_core::archiviazione::{Archiviazione, MotivoArchiviazione};
use rusqlite::{OptionalExtension, params};

/// The part of the signed files that is the provvedimento of archiviazione.
pub const PART_ARCHIVIAZIONE: &str = "archiviazione";

/// A verbale's provvedimento of archiviazione, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiviazioneRow {
    /// The reason and the reasons.
    pub archiviazione: Archiviazione,
    /// The SHA-256 of its signed document.
    pub document_sha256: String,
    /// Who signed it.
    pub author: String,
    /// When (RFC 3339).
    pub at: String,
}

impl Store {
    /// The provvedimento that archived verbale `id`, if it was archived.
    pub fn archiviazione(&self, id: ActId) -> Result<Option<ArchiviazioneRow>, StoreError> {
        let row: Option<(String, String, String, String, String)> = self
            .conn
            .query_row(
                "SELECT motivo, motivazione, document_sha256, author, at
                 FROM archiviazione WHERE act_id = ?1",
                [id.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let Some((motivo, motivazione, document_sha256, author, at)) = row else {
            return Ok(None);
        };
        let motivo = MotivoArchiviazione::from_slug(&motivo).ok_or_else(|| {
            StoreError::Corrupt(format!("motivo di archiviazione sconosciuto «{motivo}»"))
        })?;
        Ok(Some(ArchiviazioneRow {
            archiviazione: Archiviazione {
                motivo,
                motivazione,
            },
            document_sha256,
            author,
            at,
        }))
    }
}

/// The step «archivia»: the provvedimento, whose signed document is among the step's signed
/// files, in the step's transaction (before the act's state: SQL archives a verbale only
/// with it).
pub(crate) fn record(
    tx: &rusqlite::Transaction<'_>,
    act_id: ActId,
    a: &Archiviazione,
    signed_files: &[crate::NewSignedFile],
    at: &str,
    by: &str,
) -> Result<(), StoreError> {
    let document = signed_files
        .iter()
        .find(|f| f.part == PART_ARCHIVIAZIONE)
        .ok_or_else(|| {
            StoreError::Corrupt("archiviazione senza il provvedimento firmato".into())
        })?;
    let sha = crate::blobs::insert_blob(tx, &document.bytes)?;
    tx.execute(
        "INSERT INTO archiviazione (act_id, motivo, motivazione, document_sha256, author, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![act_id.0, a.motivo.slug(), a.motivazione.trim(), sha, by, at],
    )?;
    Ok(())
}
