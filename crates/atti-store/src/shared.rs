//! The acts shared through the Comune's document server: their global identifiers and how
//! far their histories there have been applied here (docs/iter-condiviso.md).

use crate::{Store, StoreError};
use atti_core::ActId;
use rusqlite::{OptionalExtension, params};

/// A shared act: its identifiers and where its history stands here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalRow {
    /// Its id in this archive.
    pub act_id: ActId,
    /// Its identifier in the Comune (`<username>-<uuid>`).
    pub uid: String,
    /// The place of the last event of its history applied here (0: none yet).
    pub seq: u64,
    /// SHA-256 of that event's file (the next event's `prev`).
    pub head: String,
    /// The last version of the text the server has.
    pub shared_version: u32,
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<GlobalRow> {
    Ok(GlobalRow {
        act_id: ActId(r.get(0)?),
        uid: r.get(1)?,
        seq: u64::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
        head: r.get(3)?,
        shared_version: r.get(4)?,
    })
}

const COLUMNS: &str = "act_id, uid, seq, head, shared_version";

impl Store {
    /// The shared act `id`, if it is shared.
    pub fn global(&self, id: ActId) -> Result<Option<GlobalRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM act_global WHERE act_id = ?1"),
                [id.0],
                row,
            )
            .optional()?)
    }

    /// The shared act of identifier `uid`, if this archive has it.
    pub fn global_by_uid(&self, uid: &str) -> Result<Option<GlobalRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM act_global WHERE uid = ?1"),
                [uid],
                row,
            )
            .optional()?)
    }

    /// Every shared act of this archive.
    pub fn globals(&self) -> Result<Vec<GlobalRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM act_global ORDER BY act_id"))?;
        let rows = stmt.query_map([], row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Records `row` (a new shared act, or how far its history now stands).
    pub fn set_global(&self, row: &GlobalRow) -> Result<(), StoreError> {
        write_global(&self.conn, row)
    }
}

/// Records `row` on `conn` (also inside a transaction of a step).
pub(crate) fn write_global(conn: &rusqlite::Connection, row: &GlobalRow) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO act_global (act_id, uid, seq, head, shared_version)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (act_id) DO UPDATE SET seq = excluded.seq, head = excluded.head,
                                               shared_version = excluded.shared_version",
        params![
            row.act_id.0,
            row.uid,
            i64::try_from(row.seq).unwrap_or(i64::MAX),
            row.head,
            row.shared_version
        ],
    )?;
    Ok(())
}

impl Store {
    /// A step of the shared iter that the rules refuse on the state it follows: void, alike
    /// on every PC. The history goes on past it (`global`), and the audit log says why, in
    /// one transaction.
    pub fn record_refused_step(
        &mut self,
        global: &GlobalRow,
        by: &str,
        at: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        write_global(&tx, global)?;
        crate::audit::append(
            &tx,
            crate::audit::Entry {
                at,
                actor: by,
                act_id: Some(global.act_id),
                action: "rifiutato",
                detail: serde_json::json!({ "evento": global.seq, "motivo": reason }),
                version_hash: &global.head,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The next proposal number of `office` in `year` as this archive knows it.
    pub fn next_proposal_seq(&self, office: &str, year: i16) -> Result<u32, StoreError> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(proposal_seq), 0) + 1 FROM act
             WHERE office = ?1 AND proposal_year = ?2",
            params![office, year],
            |r| r.get(0),
        )?)
    }
}
