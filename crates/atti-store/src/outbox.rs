//! The outbox of archival packages for the document server, and the numbers claimed on the
//! server register. Files are queued once, never changed nor removed; only their state moves
//! (triggers in `0005_outbox.sql`).

use crate::audit::{Entry, append};
use crate::iter::Register;
use crate::{Store, StoreError};
use atti_core::{ActId, ActKind};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use sha2::{Digest, Sha256};

/// A file to queue.
#[derive(Debug, Clone)]
pub struct NewOutboxFile {
    /// Its name inside the package's folder.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// A signed document: verified on the server by GET + SHA-256.
    pub signed: bool,
    /// The package's sidecar: sent after all its other files are verified.
    pub last: bool,
}

/// A queued file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    /// Its id.
    pub id: i64,
    /// Its package.
    pub package: i64,
    /// The act of the package.
    pub act_id: ActId,
    /// Path on the server, relative to the base URL.
    pub remote_path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Size.
    pub size: u64,
    /// A signed document.
    pub signed: bool,
    /// The sidecar.
    pub last: bool,
    /// "in-coda", "verificato", "conflitto", "attenzione".
    pub state: String,
    /// Why, for conflitto and attenzione.
    pub detail: Option<String>,
    /// Last change (RFC 3339).
    pub updated_at: String,
}

const OUTBOX_COLUMNS: &str = "i.id, i.package_id, p.act_id, i.remote_path, i.sha256, i.size,
    i.signed, i.last, i.state, i.detail, i.updated_at";

fn outbox_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxRow> {
    Ok(OutboxRow {
        id: r.get(0)?,
        package: r.get(1)?,
        act_id: ActId(r.get(2)?),
        remote_path: r.get(3)?,
        sha256: r.get(4)?,
        size: r.get::<_, i64>(5)?.max(0) as u64,
        signed: r.get(6)?,
        last: r.get(7)?,
        state: r.get(8)?,
        detail: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

/// The name of the register of publications on the albo, beside the kinds' registers.
pub const ALBO_REGISTER: &str = "albo";

/// The register of a server: the number was claimed there; the local register mirrors it.
pub struct ClaimedRegister(pub u32);

impl ClaimedRegister {
    /// The claimed number, unless `used` says the register already has it.
    fn unless(&self, used: bool, year: i16) -> Result<u32, StoreError> {
        if used {
            return Err(StoreError::NumberTaken {
                expected: self.0,
                year,
            });
        }
        Ok(self.0)
    }
}

impl Register for ClaimedRegister {
    fn next_number(
        &self,
        tx: &Transaction<'_>,
        kind: ActKind,
        year: i16,
    ) -> Result<u32, StoreError> {
        let used: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM registro WHERE kind = ?1 AND year = ?2 AND number = ?3)",
            params![kind.slug(), year, self.0],
            |r| r.get(0),
        )?;
        self.unless(used, year)
    }

    fn next_albo_number(&self, tx: &Transaction<'_>, year: i16) -> Result<u32, StoreError> {
        let used: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM albo WHERE anno = ?1 AND numero = ?2)",
            params![year, self.0],
            |r| r.get(0),
        )?;
        self.unless(used, year)
    }
}

impl Store {
    /// Queues the archival package of an act (once: a second call for the same act does
    /// nothing and returns false).
    pub fn enqueue_package(
        &mut self,
        id: ActId,
        remote_dir: &str,
        files: &[NewOutboxFile],
        actor: &str,
        now: &str,
    ) -> Result<bool, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM outbox_package WHERE act_id = ?1)",
            [id.0],
            |r| r.get(0),
        )?;
        if exists {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO outbox_package (act_id, remote_dir, created_at) VALUES (?1, ?2, ?3)",
            params![id.0, remote_dir, now],
        )?;
        let package = tx.last_insert_rowid();
        let mut listed = Vec::new();
        for f in files {
            let sha = crate::blobs::insert_blob(&tx, &f.bytes)?;
            tx.execute(
                "INSERT INTO outbox_item (package_id, remote_path, sha256, size, signed, last,
                                          updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    package,
                    format!("{remote_dir}/{}", f.name),
                    sha,
                    f.bytes.len() as i64,
                    f.signed,
                    f.last,
                    now
                ],
            )?;
            listed.push(serde_json::json!({ "name": f.name, "sha256": sha }));
        }
        let hash = hex::encode(Sha256::digest(remote_dir.as_bytes()));
        append(
            &tx,
            Entry {
                at: now,
                actor,
                act_id: Some(id),
                action: "in coda per l'archivio",
                detail: serde_json::json!({ "remote_dir": remote_dir, "files": listed }),
                version_hash: &hash,
            },
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Files still to send, oldest package first.
    pub fn outbox_pending(&self) -> Result<Vec<OutboxRow>, StoreError> {
        self.outbox_query("WHERE i.state = 'in-coda'")
    }

    /// Every queued file, oldest package first.
    pub fn outbox(&self) -> Result<Vec<OutboxRow>, StoreError> {
        self.outbox_query("")
    }

    fn outbox_query(&self, filter: &str) -> Result<Vec<OutboxRow>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox_item i JOIN outbox_package p ON p.id = i.package_id
             {filter} ORDER BY i.package_id, i.last, i.id"
        ))?;
        let rows = stmt.query_map([], outbox_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records the outcome of sending a file.
    pub fn outbox_record(
        &self,
        item: i64,
        state: &str,
        detail: Option<&str>,
        now: &str,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE outbox_item SET state = ?2, detail = ?3, updated_at = ?4 WHERE id = ?1",
            params![item, state, detail, now],
        )?;
        Ok(())
    }

    /// Puts the files that needed the clerk, and those in conflict, back in the queue (after
    /// new settings): a conflict resolved on the server is then verified, one still there is a
    /// conflict again (uploads are create-only and compared, never overwriting).
    pub fn outbox_retry_attention(&self, now: &str) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "UPDATE outbox_item SET state = 'in-coda', detail = NULL, updated_at = ?1
             WHERE state IN ('attenzione', 'conflitto')",
            [now],
        )?)
    }

    /// Whether a file of the package other than its sidecar is in conflict or needs attention.
    pub fn outbox_package_incomplete(&self, package: i64) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM outbox_item WHERE package_id = ?1 AND last = 0
                            AND state IN ('conflitto', 'attenzione'))",
            [package],
            |r| r.get(0),
        )?)
    }

    /// The number claimed on the server register for an act, not yet recorded locally.
    pub fn pending_claim(
        &self,
        id: ActId,
        kind: ActKind,
        year: i16,
    ) -> Result<Option<u32>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT c.number FROM registro_claim c
                 WHERE c.act_id = ?1 AND c.kind = ?2 AND c.year = ?3
                   AND NOT EXISTS (SELECT 1 FROM registro r WHERE r.kind = c.kind
                                   AND r.year = c.year AND r.number = c.number)
                 ORDER BY c.number LIMIT 1",
                params![id.0, kind.slug(), year],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The number of the register of publications claimed on the server for an act, not yet
    /// recorded locally.
    pub fn pending_albo_claim(&self, id: ActId, year: i16) -> Result<Option<u32>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT c.number FROM registro_claim c
                 WHERE c.act_id = ?1 AND c.kind = ?2 AND c.year = ?3
                   AND NOT EXISTS (SELECT 1 FROM albo p WHERE p.anno = c.year
                                   AND p.numero = c.number)
                 ORDER BY c.number LIMIT 1",
                params![id.0, ALBO_REGISTER, year],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Records a number claimed on the server register for an act: of its kind's register
    /// (`kind.slug()`) or of the albo's ([`ALBO_REGISTER`]).
    pub fn record_claim(
        &self,
        id: ActId,
        register: &str,
        year: i16,
        number: u32,
        now: &str,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO registro_claim (kind, year, number, act_id, claimed_at)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            params![register, year, number, id.0, now],
        )?;
        Ok(())
    }
}
