//! The sessions of the Giunta and of the Consiglio: each session and its facts in order, with
//! an audit entry per fact in the same transaction (migration 0010). The facts are atti-core's
//! `SedutaFatto` as JSON: this module stores what atti-app, applying atti-core, asks it to.

use crate::{Store, StoreError};
use atti_core::organo::Organo;
use atti_core::seduta::{SedutaEvento, SedutaFatto};
use rusqlite::{OptionalExtension, params};
use sha2::Digest;

/// How a session stands on the Comune's document server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SedutaCondivisa {
    /// How many of its facts the server has.
    pub sul_server: u32,
    /// The place of the last of them in the server's history (0: none).
    pub slot: u64,
    /// SHA-256 of that event's file (the next one's `prev`).
    pub head: String,
    /// Run on another PC: this one only reads it.
    pub altrove: bool,
}

/// A session as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SedutaRow {
    /// Its id in this archive.
    pub id: i64,
    /// Its identifier in the Comune.
    pub uid: String,
    /// The organ.
    pub organo: Organo,
    /// Its year and number in the organ's series.
    pub anno: i16,
    /// Its number in the year.
    pub numero: u32,
    /// Its day (YYYY-MM-DD).
    pub data: String,
}

fn seduta_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SedutaRow> {
    let organo: String = r.get(2)?;
    // The table's CHECK admits only the organs' names.
    let organo = Organo::from_slug(&organo).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            2,
            rusqlite::types::Type::Text,
            format!("organo sconosciuto «{organo}»").into(),
        )
    })?;
    Ok(SedutaRow {
        id: r.get(0)?,
        uid: r.get(1)?,
        organo,
        anno: r.get(3)?,
        numero: r.get(4)?,
        data: r.get(5)?,
    })
}

const COLUMNS: &str = "id, uid, organo, anno, numero, data";

impl Store {
    /// The number the next session of `organo` in `anno` takes here.
    pub fn next_seduta_numero(&self, organo: Organo, anno: i16) -> Result<u32, StoreError> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(numero), 0) + 1 FROM seduta WHERE organo = ?1 AND anno = ?2",
            params![organo.slug(), anno],
            |r| r.get(0),
        )?)
    }

    /// Records a new session with its convocation (its first fact), numbered `numero` (as
    /// claimed on the server's register, or where it was convened) or next in its organ's
    /// year; with `condivisa`, how it stands on the server. Returns its row.
    pub fn create_seduta(
        &mut self,
        uid: &str,
        organo: Organo,
        data: jiff::civil::Date,
        first: &SedutaEvento,
        numero: Option<u32>,
        condivisa: Option<&SedutaCondivisa>,
    ) -> Result<SedutaRow, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let anno = data.year();
        let numero: u32 = match numero {
            Some(n) => n,
            None => tx.query_row(
                "SELECT COALESCE(MAX(numero), 0) + 1 FROM seduta WHERE organo = ?1 AND anno = ?2",
                params![organo.slug(), anno],
                |r| r.get(0),
            )?,
        };
        tx.execute(
            "INSERT INTO seduta (uid, organo, anno, numero, data) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![uid, organo.slug(), anno, numero, data.to_string()],
        )?;
        let id = tx.last_insert_rowid();
        insert_fact(&tx, id, uid, 1, first)?;
        if let Some(c) = condivisa {
            write_condivisa(&tx, id, c)?;
        }
        tx.commit()?;
        self.seduta(id)
    }

    /// How session `id` stands on the server, if it is shared.
    pub fn seduta_condivisa(&self, id: i64) -> Result<Option<SedutaCondivisa>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT sul_server, slot, head, altrove FROM seduta_condivisa WHERE seduta_id = ?1",
                [id],
                |r| {
                    Ok(SedutaCondivisa {
                        sul_server: r.get(0)?,
                        slot: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                        head: r.get(2)?,
                        altrove: r.get::<_, i64>(3)? == 1,
                    })
                },
            )
            .optional()?)
    }

    /// Records how session `id` now stands on the server.
    pub fn set_seduta_condivisa(&self, id: i64, c: &SedutaCondivisa) -> Result<(), StoreError> {
        write_condivisa(&self.conn, id, c)
    }

    /// The session of identifier `uid`, if this archive has it.
    pub fn seduta_by_uid(&self, uid: &str) -> Result<Option<SedutaRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM seduta WHERE uid = ?1"),
                [uid],
                seduta_row,
            )
            .optional()?)
    }

    /// Appends one fact to session `id`, expected at place `seq` (the facts read so far + 1):
    /// refused if another was recorded meanwhile. `document`: the signed file the fact names
    /// (an avviso, the minutes), kept by its SHA-256 in the same transaction; `condivisa`:
    /// a fact applied from the server, and how the session now stands there.
    pub fn append_seduta_fact(
        &mut self,
        id: i64,
        seq: u32,
        fact: &SedutaEvento,
        document: Option<&[u8]>,
        condivisa: Option<&SedutaCondivisa>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let (uid, count): (String, u32) = tx
            .query_row(
                "SELECT uid, (SELECT COUNT(*) FROM seduta_evento WHERE seduta_id = ?1)
                   FROM seduta WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NoSuchSeduta(id))?;
        if count + 1 != seq {
            return Err(StoreError::SedutaMoved(id));
        }
        if let Some(bytes) = document {
            crate::blobs::insert_blob(&tx, bytes)?;
        }
        insert_fact(&tx, id, &uid, seq, fact)?;
        if let Some(c) = condivisa {
            write_condivisa(&tx, id, c)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Session `id`.
    pub fn seduta(&self, id: i64) -> Result<SedutaRow, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM seduta WHERE id = ?1"),
                [id],
                seduta_row,
            )
            .optional()?
            .ok_or(StoreError::NoSuchSeduta(id))
    }

    /// Every session, the newest first.
    pub fn sedute(&self) -> Result<Vec<SedutaRow>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM seduta ORDER BY data DESC, id DESC"
        ))?;
        let rows = stmt.query_map([], seduta_row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The facts of session `id`, in order.
    pub fn seduta_facts(&self, id: i64) -> Result<Vec<SedutaEvento>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT at, by, fatto FROM seduta_evento WHERE seduta_id = ?1 ORDER BY seq")?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut facts = Vec::new();
        for row in rows {
            let (at, by, fatto) = row?;
            let corrupt = |e: String| StoreError::Corrupt(format!("seduta {id}: {e}"));
            facts.push(SedutaEvento {
                at: at
                    .parse()
                    .map_err(|e: jiff::Error| corrupt(e.to_string()))?,
                by,
                what: serde_json::from_str::<SedutaFatto>(&fatto)
                    .map_err(|e| corrupt(e.to_string()))?,
            });
        }
        Ok(facts)
    }
}

fn write_condivisa(
    conn: &rusqlite::Connection,
    id: i64,
    c: &SedutaCondivisa,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO seduta_condivisa (seduta_id, sul_server, slot, head, altrove)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (seduta_id) DO UPDATE SET sul_server = excluded.sul_server,
                 slot = excluded.slot, head = excluded.head",
        params![
            id,
            c.sul_server,
            c.slot as i64,
            c.head,
            i64::from(c.altrove)
        ],
    )?;
    Ok(())
}

fn insert_fact(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    uid: &str,
    seq: u32,
    fact: &SedutaEvento,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(&fact.what)
        .map_err(|e| StoreError::Corrupt(format!("fatto della seduta: {e}")))?;
    let at = fact.at.to_string();
    tx.execute(
        "INSERT INTO seduta_evento (seduta_id, seq, at, by, fatto) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, seq, at, fact.by, json],
    )?;
    let hash = hex::encode(sha2::Sha256::digest(json.as_bytes()));
    let tipo = serde_json::from_str::<serde_json::Value>(&json)
        .ok()
        .and_then(|v| v.get("type").cloned())
        .unwrap_or_default();
    crate::audit::append(
        tx,
        crate::audit::Entry {
            at: &at,
            actor: &fact.by,
            act_id: None,
            action: "seduta",
            detail: serde_json::json!({ "seduta": uid, "seq": seq, "fatto": tipo }),
            version_hash: &hash,
        },
    )
}
