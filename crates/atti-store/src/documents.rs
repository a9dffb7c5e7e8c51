//! The documents of adopted acts, kept once (their bytes as blobs), and the register of the
//! certified copies issued. Both are append-only and every write is in the audit log.

use crate::audit::{Entry, append};
use crate::{Store, StoreError};
use atti_core::ActId;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

/// Which document of an act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The full document, as adopted (the original).
    Originale,
    /// The publication version, with omissis.
    Pubblicazione,
}

impl Variant {
    fn slug(self) -> &'static str {
        match self {
            Variant::Originale => "originale",
            Variant::Pubblicazione => "pubblicazione",
        }
    }
}

/// One certified copy issued.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct CopiaRow {
    /// Position in the register.
    #[ts(type = "number")]
    pub id: i64,
    /// The act.
    #[ts(type = "number")]
    pub act_id: i64,
    /// When (RFC 3339).
    pub issued_at: String,
    /// The official who attested it.
    pub issued_by: String,
    /// For whom, if said.
    pub per: Option<String>,
    /// The contrassegno printed on it.
    pub token: String,
    /// SHA-256 of the original it copies.
    pub original_sha256: String,
    /// SHA-256 of the copy as issued (none for a copy issued before they were kept).
    pub pdf_sha256: Option<String>,
}

impl Store {
    /// Keeps a document of an act (once per variant). Returns its SHA-256.
    pub fn put_document(
        &mut self,
        id: ActId,
        variant: Variant,
        pdf: &[u8],
        actor: &str,
        now: &str,
    ) -> Result<String, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let sha = insert_document(&tx, id, variant, pdf, actor, now)?;
        tx.commit()?;
        Ok(sha)
    }

    /// A kept document, if there is one.
    pub fn document(&self, id: ActId, variant: Variant) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT b.data FROM document d JOIN blob b ON b.sha256 = d.sha256
                 WHERE d.act_id = ?1 AND d.variant = ?2",
                params![id.0, variant.slug()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The act whose original (as rendered, or signed) has this SHA-256, if kept here.
    pub fn act_with_original(&self, sha256: &str) -> Result<Option<ActId>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT act_id FROM document WHERE variant = 'originale' AND sha256 = ?1
                 UNION ALL
                 SELECT act_id FROM signed_file WHERE part = 'atto' AND sha256 = ?1
                 LIMIT 1",
                [sha256],
                |r| r.get(0),
            )
            .optional()?
            .map(ActId))
    }

    /// Records a certified copy issued.
    #[allow(clippy::too_many_arguments)] // one row of the register, field by field
    pub fn record_copia(
        &mut self,
        serial: i64,
        id: ActId,
        by: &str,
        per: Option<&str>,
        token: &str,
        original_sha256: &str,
        pdf: &[u8],
        now: &str,
    ) -> Result<i64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // The number printed and sealed on the copy: taken meanwhile, the copy is not recorded.
        tx.execute(
            "INSERT INTO copia (id, act_id, issued_at, issued_by, per, token, original_sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![serial, id.0, now, by, per, token, original_sha256],
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                StoreError::CopiaNumberTaken(serial)
            }
            e => e.into(),
        })?;
        let copia = serial;
        // The copy as issued, to reopen and print again as it was attested.
        let pdf_sha = crate::blobs::insert_blob(&tx, pdf)?;
        tx.execute(
            "INSERT INTO copia_pdf (copia_id, sha256) VALUES (?1, ?2)",
            params![copia, pdf_sha],
        )?;
        append(
            &tx,
            Entry {
                at: now,
                actor: by,
                act_id: Some(id),
                action: "copia",
                detail: serde_json::json!({ "copia": copia, "per": per }),
                version_hash: original_sha256,
            },
        )?;
        tx.commit()?;
        Ok(copia)
    }

    /// The number the next certified copy takes in the register of copies.
    pub fn next_copia_serial(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM copia", [], |r| {
                r.get(0)
            })?)
    }

    /// The copy with this number in the register of copies, if any.
    pub fn copia(&self, serial: i64) -> Result<Option<CopiaRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT c.id, c.act_id, c.issued_at, c.issued_by, c.per, c.token,
                        c.original_sha256, p.sha256
                 FROM copia c LEFT JOIN copia_pdf p ON p.copia_id = c.id
                 WHERE c.id = ?1",
                [serial],
                copia_row,
            )
            .optional()?)
    }

    /// The contrassegno of every certified copy issued, oldest first.
    pub fn copie_tokens(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT token FROM copia ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The certified copies issued of an act, oldest first.
    pub fn copie(&self, id: ActId) -> Result<Vec<CopiaRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.act_id, c.issued_at, c.issued_by, c.per, c.token, c.original_sha256,
                    p.sha256
             FROM copia c LEFT JOIN copia_pdf p ON p.copia_id = c.id
             WHERE c.act_id = ?1 ORDER BY c.id",
        )?;
        let rows = stmt.query_map([id.0], copia_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn copia_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CopiaRow> {
    Ok(CopiaRow {
        id: r.get(0)?,
        act_id: r.get(1)?,
        issued_at: r.get(2)?,
        issued_by: r.get(3)?,
        per: r.get(4)?,
        token: r.get(5)?,
        original_sha256: r.get(6)?,
        pdf_sha256: r.get(7)?,
    })
}

/// Keeps a document inside a transaction of the caller (see [`Store::put_document`]).
pub(crate) fn insert_document(
    tx: &Transaction<'_>,
    id: ActId,
    variant: Variant,
    pdf: &[u8],
    actor: &str,
    now: &str,
) -> Result<String, StoreError> {
    let sha = crate::blobs::insert_blob(tx, pdf)?;
    tx.execute(
        "INSERT INTO document (act_id, variant, sha256, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id.0, variant.slug(), sha, now],
    )?;
    append(
        tx,
        Entry {
            at: now,
            actor,
            act_id: Some(id),
            action: "documento",
            detail: serde_json::json!({ "variant": variant.slug(), "sha256": sha }),
            version_hash: &sha,
        },
    )?;
    Ok(sha)
}
