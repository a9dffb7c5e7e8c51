//! Signing identities, the signed files of acts, and the certificates the Comune trusts.
//! Signed files are append-only (triggers in `0004_signatures.sql`); each signature is a new
//! row whose bytes include the earlier signatures.

use crate::audit::{Entry, append};
use crate::{Store, StoreError};
use atti_core::ActId;
use rusqlite::{OptionalExtension, Row, Transaction, TransactionBehavior, params};
use sha2::{Digest, Sha256};

/// Where a user's signing key is. The PIN is never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityRow {
    /// The user.
    pub username: String,
    /// "pkcs11" or "pkcs12".
    pub source: String,
    /// PKCS#11 module path.
    pub module: Option<String>,
    /// PKCS#11 token label.
    pub token_label: Option<String>,
    /// PKCS#11 key id, hex.
    pub key_id: Option<String>,
    /// PKCS#12 file path.
    pub p12_path: Option<String>,
    /// The signer's certificate (DER), read when the identity was added.
    pub certificate: Vec<u8>,
    /// When it was added (RFC 3339).
    pub added_at: String,
}

/// One signed file of an act, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedFileRow {
    /// The act.
    pub act_id: ActId,
    /// "atto" or "allegato:<sha256>".
    pub part: String,
    /// 1 for the first signature, 2 for the second, ...
    pub seq: u32,
    /// "pades" or "cades".
    pub format: String,
    /// File name to use when it is written out or sent.
    pub name: String,
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// Who signed (this row's signature).
    pub username: String,
    /// In which role.
    pub role: String,
    /// When (RFC 3339).
    pub signed_at: String,
}

/// A signed file to record with a transition.
#[derive(Debug, Clone)]
pub struct NewSignedFile {
    /// The SHA-256 of the part's latest signed file these bytes were made from (None for the
    /// first signature): refused with [`StoreError::Moved`] if another signature came first.
    pub previous: Option<String>,
    /// "atto" or "allegato:<sha256>".
    pub part: String,
    /// "pades" or "cades".
    pub format: &'static str,
    /// File name.
    pub name: String,
    /// The bytes (all signatures so far).
    pub bytes: Vec<u8>,
}

/// The signed document of a parere or visto, to record with it.
#[derive(Debug, Clone)]
pub struct ParereDocument {
    /// File name ("parere-tecnico-v3.pdf").
    pub name: String,
    /// The signed PDF.
    pub bytes: Vec<u8>,
}

fn signed_file_row(r: &Row<'_>) -> rusqlite::Result<SignedFileRow> {
    Ok(SignedFileRow {
        act_id: ActId(r.get(0)?),
        part: r.get(1)?,
        seq: r.get(2)?,
        format: r.get(3)?,
        name: r.get(4)?,
        sha256: r.get(5)?,
        username: r.get(6)?,
        role: r.get(7)?,
        signed_at: r.get(8)?,
    })
}

const SIGNED_FILE_COLUMNS: &str =
    "act_id, part, seq, format, name, sha256, username, role, signed_at";

/// Records a signed file inside a transaction of the caller, as the next of its part.
pub(crate) fn insert_signed_file(
    tx: &Transaction<'_>,
    id: ActId,
    file: &NewSignedFile,
    actor: &str,
    role: &str,
    now: &str,
) -> Result<(), StoreError> {
    let latest: Option<String> = tx
        .query_row(
            "SELECT sha256 FROM signed_file WHERE act_id = ?1 AND part = ?2
             ORDER BY seq DESC LIMIT 1",
            params![id.0, file.part],
            |r| r.get(0),
        )
        .optional()?;
    if latest != file.previous {
        return Err(StoreError::Moved(id));
    }
    let sha = crate::blobs::insert_blob(tx, &file.bytes)?;
    let seq: u32 = tx.query_row(
        "SELECT coalesce(max(seq), 0) + 1 FROM signed_file WHERE act_id = ?1 AND part = ?2",
        params![id.0, file.part],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO signed_file (act_id, part, seq, format, name, sha256, username, role, signed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id.0,
            file.part,
            seq,
            file.format,
            file.name,
            sha,
            actor,
            role,
            now
        ],
    )?;
    append(
        tx,
        Entry {
            at: now,
            actor,
            act_id: Some(id),
            action: "firma digitale",
            detail: serde_json::json!({
                "part": file.part, "seq": seq, "format": file.format, "sha256": sha,
            }),
            version_hash: &sha,
        },
    )?;
    Ok(())
}

impl Store {
    /// Sets (or replaces) the signing identity of a user.
    pub fn set_identity(&mut self, row: &IdentityRow, actor: &str) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO identity (username, source, module, token_label, key_id, p12_path,
                                   certificate, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (username) DO UPDATE SET source = excluded.source,
                 module = excluded.module, token_label = excluded.token_label,
                 key_id = excluded.key_id, p12_path = excluded.p12_path,
                 certificate = excluded.certificate, added_at = excluded.added_at",
            params![
                row.username,
                row.source,
                row.module,
                row.token_label,
                row.key_id,
                row.p12_path,
                row.certificate,
                row.added_at
            ],
        )?;
        let sha = hex::encode(Sha256::digest(&row.certificate));
        append(
            &tx,
            Entry {
                at: &row.added_at,
                actor,
                act_id: None,
                action: "identità di firma",
                detail: serde_json::json!({
                    "username": row.username, "source": row.source, "certificate_sha256": sha,
                }),
                version_hash: &sha,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The signing identity of a user, if set.
    pub fn identity(&self, username: &str) -> Result<Option<IdentityRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT username, source, module, token_label, key_id, p12_path, certificate,
                        added_at
                 FROM identity WHERE username = ?1",
                [username],
                |r| {
                    Ok(IdentityRow {
                        username: r.get(0)?,
                        source: r.get(1)?,
                        module: r.get(2)?,
                        token_label: r.get(3)?,
                        key_id: r.get(4)?,
                        p12_path: r.get(5)?,
                        certificate: r.get(6)?,
                        added_at: r.get(7)?,
                    })
                },
            )
            .optional()?)
    }

    /// Records an attestation signed after the act's publication (part
    /// `attestazione:<tipo>`: the referto, the certificato di esecutività) with its «firma
    /// digitale» entry, in one transaction; SQL refuses a second one, a referto before the
    /// defissione, a certificato of an act that is not an executive delibera.
    pub fn add_attestazione(
        &mut self,
        id: ActId,
        file: &NewSignedFile,
        actor: &str,
        role: &str,
        now: &str,
        global: Option<&crate::GlobalRow>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        insert_signed_file(&tx, id, file, actor, role, now)?;
        if let Some(global) = global {
            crate::shared::write_global(&tx, global)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The latest signed file of each part of an act ("atto" first).
    pub fn signed_files(&self, id: ActId) -> Result<Vec<SignedFileRow>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {SIGNED_FILE_COLUMNS} FROM signed_file s
             WHERE act_id = ?1
               AND seq = (SELECT max(seq) FROM signed_file WHERE act_id = s.act_id AND part = s.part)
             ORDER BY part != 'atto', part"
        ))?;
        let rows = stmt.query_map([id.0], signed_file_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every signature recorded on an act, oldest first.
    pub fn signed_file_history(&self, id: ActId) -> Result<Vec<SignedFileRow>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {SIGNED_FILE_COLUMNS} FROM signed_file WHERE act_id = ?1
             ORDER BY signed_at, part, seq"
        ))?;
        let rows = stmt.query_map([id.0], signed_file_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds a certificate the Comune trusts (DER); a certificate already there is kept.
    pub fn add_trust_anchor(
        &mut self,
        der: &[u8],
        subject: &str,
        now: &str,
    ) -> Result<(), StoreError> {
        let sha = hex::encode(Sha256::digest(der));
        self.conn.execute(
            "INSERT INTO trust_anchor (sha256, subject, certificate, added_at)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (sha256) DO NOTHING",
            params![sha, subject, der, now],
        )?;
        Ok(())
    }

    /// The certificates the Comune trusts (DER).
    pub fn trust_anchors(&self) -> Result<Vec<Vec<u8>>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT certificate FROM trust_anchor ORDER BY added_at, sha256")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
