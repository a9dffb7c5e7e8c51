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

/// A step waiting for the document server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedStep {
    /// Its place in the queue.
    pub id: i64,
    /// The act.
    pub act_id: ActId,
    /// Who took it.
    pub by: String,
    /// The action (its slug).
    pub action: String,
    /// The request (JSON).
    pub request: String,
    /// When it was taken (RFC 3339).
    pub queued_at: String,
    /// Why the rules refused it when it was sent, if they did.
    pub refused: Option<String>,
}

impl Store {
    /// Queues a step for the document server.
    pub fn queue_step(
        &self,
        act_id: ActId,
        by: &str,
        action: &str,
        request: &str,
        now: &str,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO passo_in_coda (act_id, by, action, request, queued_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![act_id.0, by, action, request, now],
        )?;
        Ok(())
    }

    /// The queued steps, oldest first: of one act, or of every act.
    pub fn queued_steps(&self, act_id: Option<ActId>) -> Result<Vec<QueuedStep>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, act_id, by, action, request, queued_at, refused FROM passo_in_coda
             WHERE ?1 IS NULL OR act_id = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([act_id.map(|a| a.0)], |r| {
                Ok(QueuedStep {
                    id: r.get(0)?,
                    act_id: ActId(r.get(1)?),
                    by: r.get(2)?,
                    action: r.get(3)?,
                    request: r.get(4)?,
                    queued_at: r.get(5)?,
                    refused: r.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// A queued step sent: out of the queue.
    pub fn queued_step_sent(&self, id: i64) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM passo_in_coda WHERE id = ?1", [id])?;
        Ok(())
    }

    /// A queued step the rules refused when it was sent: stays, with the reason.
    pub fn queued_step_refused(&self, id: i64, reason: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE passo_in_coda SET refused = ?2 WHERE id = ?1",
            params![id, reason],
        )?;
        Ok(())
    }

    /// The refused steps of `by` on an act, once they have taken a new step on it.
    pub fn clear_refused_steps(&self, act_id: ActId, by: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "DELETE FROM passo_in_coda WHERE act_id = ?1 AND by = ?2 AND refused IS NOT NULL",
            params![act_id.0, by],
        )?;
        Ok(())
    }
}

/// A user's edits of a shared act on this PC, not sent yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Bozza {
    /// The act as edited.
    pub content: atti_core::Act,
    /// The shared version the edits started from.
    pub base_version: u32,
    /// When last saved (RFC 3339).
    pub saved_at: String,
}

impl Store {
    /// The edits of `by` on act `id` not sent yet, if any.
    pub fn bozza(&self, id: ActId, by: &str) -> Result<Option<Bozza>, StoreError> {
        let row: Option<(String, u32, String)> = self
            .conn
            .query_row(
                "SELECT content, base_version, saved_at FROM bozza_locale
                 WHERE act_id = ?1 AND by = ?2",
                params![id.0, by],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        row.map(|(content, base_version, saved_at)| {
            let content = serde_json::from_str(&content)
                .map_err(|e| StoreError::Corrupt(format!("bozza dell'atto {id}: {e}")))?;
            Ok(Bozza {
                content,
                base_version,
                saved_at,
            })
        })
        .transpose()
    }

    /// Keeps the edits of `by` on act `id` (started from shared version `base`); a bozza of
    /// theirs from an older version is set aside first, in the same transaction.
    pub fn set_bozza(
        &mut self,
        id: ActId,
        by: &str,
        content: &atti_core::Act,
        base: u32,
        now: &str,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(content)
            .map_err(|e| StoreError::Corrupt(format!("bozza dell'atto {id}: {e}")))?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO bozza_superata (act_id, by, content, base_version, saved_at, set_aside_at)
             SELECT act_id, by, content, base_version, saved_at, ?3 FROM bozza_locale
             WHERE act_id = ?1 AND by = ?2 AND base_version <> ?4",
            params![id.0, by, now, base],
        )?;
        tx.execute(
            "INSERT INTO bozza_locale (act_id, by, content, base_version, saved_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (act_id, by) DO UPDATE SET content = excluded.content,
                 base_version = excluded.base_version, saved_at = excluded.saved_at",
            params![id.0, by, json, base, now],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The edits of `by` on act `id` were sent: no bozza any more.
    pub fn drop_bozza(&self, id: ActId, by: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "DELETE FROM bozza_locale WHERE act_id = ?1 AND by = ?2",
            params![id.0, by],
        )?;
        Ok(())
    }

    /// The bozze of `by` on act `id` set aside (their shared version moved on): (the version
    /// each started from, when it was last saved), oldest first.
    pub fn bozze_superate(&self, id: ActId, by: &str) -> Result<Vec<(u32, String)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT base_version, saved_at FROM bozza_superata
             WHERE act_id = ?1 AND by = ?2 ORDER BY id",
        )?;
        let rows = stmt
            .query_map(params![id.0, by], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}
