//! Draws of the later control of administrative regularity (TUEL art. 147-bis), the
//! commitments to their seeds and their outcomes (0006_controllo.sql, 0007_controllo_impegno.sql).
//! Which acts are drawn is decided by atti-core; here a draw is made and written in one
//! transaction, with an audit entry for every drawn act.

use crate::acts::{ACT_ROW_COLUMNS, act_row, into_act_row};
use crate::audit::{Entry, append};
use crate::{ActRow, Store, StoreError};
use atti_core::{ActId, ActKind};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use sha2::{Digest, Sha256};

/// The terms of a draw.
#[derive(Debug, Clone)]
pub struct NewControllo<'a> {
    /// The kind of the acts drawn (the determinazioni, as a rule).
    pub kind: ActKind,
    /// First day of the period (YYYY-MM-DD), adoption dates included.
    pub period_from: &'a str,
    /// Last day of the period.
    pub period_to: &'a str,
    /// Percentage drawn.
    pub percent: u8,
    /// The public seed.
    pub seed: &'a str,
    /// When, and by whom.
    pub at: &'a str,
    /// The segretario.
    pub by: &'a str,
}

/// A commitment to the seed of a period's draw: only the seed's SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImpegnoSemeRow {
    /// Kind slug.
    pub kind: String,
    /// Period (YYYY-MM-DD).
    pub period_from: String,
    /// Period end.
    pub period_to: String,
    /// SHA-256 of the seed, hex.
    pub seed_sha256: String,
    /// When it was recorded.
    pub committed_at: String,
    /// By whom.
    pub committed_by: String,
}

/// An act drawn, and the outcome of its check once given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlloAttoRow {
    /// The act.
    pub act_id: ActId,
    /// Its number ("12/2026").
    pub numero: String,
    /// Its oggetto now.
    pub oggetto: String,
    /// "regolare", "con-osservazioni", "irregolare"; none while not checked.
    pub esito: Option<String>,
    /// What was found.
    pub note: Option<String>,
    /// When the outcome was given.
    pub checked_at: Option<String>,
    /// Who gave it.
    pub checked_by: Option<String>,
}

/// A draw, with what it was made from and the acts it drew.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlloRow {
    /// Its id.
    pub id: i64,
    /// Kind slug.
    pub kind: String,
    /// Period (YYYY-MM-DD).
    pub period_from: String,
    /// Period end.
    pub period_to: String,
    /// Percentage.
    pub percent: u8,
    /// The public seed.
    pub seed: String,
    /// The numbers of every eligible act, in register order.
    pub candidates: Vec<String>,
    /// When.
    pub drawn_at: String,
    /// By whom.
    pub drawn_by: String,
    /// The acts drawn, in register order.
    pub acts: Vec<ControlloAttoRow>,
}

/// The acts of `kind` adopted in the period and not annulled: (act, "number/year"), in
/// register order.
fn eligible(
    tx: &Transaction<'_>,
    kind: ActKind,
    from: &str,
    to: &str,
) -> Result<Vec<(ActId, String)>, StoreError> {
    let mut stmt = tx.prepare(
        "SELECT r.act_id, r.number || '/' || r.year FROM registro r JOIN act a ON a.id = r.act_id
         WHERE r.kind = ?1 AND r.annulled_reason IS NULL
           AND a.adoption_date >= ?2 AND a.adoption_date <= ?3
         ORDER BY r.year, r.number",
    )?;
    let rows = stmt.query_map(params![kind.slug(), from, to], |r| {
        Ok((ActId(r.get(0)?), r.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn current_hash(tx: &Transaction<'_>, id: ActId) -> Result<String, StoreError> {
    Ok(tx.query_row(
        "SELECT v.content_sha256 FROM act a
         JOIN act_version v ON v.act_id = a.id AND v.version = a.current_version
         WHERE a.id = ?1",
        [id.0],
        |r| r.get(0),
    )?)
}

impl Store {
    /// Records a commitment to a seed, with its audit entry. A period that overlaps an earlier
    /// commitment of the same kind is refused (by SQL).
    pub fn record_impegno_seme(&mut self, new: &ImpegnoSemeRow) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO controllo_impegno (kind, period_from, period_to, seed_sha256,
                                            committed_at, committed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                new.kind,
                new.period_from,
                new.period_to,
                new.seed_sha256,
                new.committed_at,
                new.committed_by
            ],
        )?;
        let terms = serde_json::json!({
            "kind": new.kind, "period_from": new.period_from, "period_to": new.period_to,
            "seed_sha256": new.seed_sha256,
        });
        append(
            &tx,
            Entry {
                at: &new.committed_at,
                actor: &new.committed_by,
                act_id: None,
                action: "controllo-impegno-seme",
                detail: terms,
                version_hash: &new.seed_sha256,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every commitment to a seed, newest period first.
    pub fn impegni_seme(&self) -> Result<Vec<ImpegnoSemeRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT kind, period_from, period_to, seed_sha256, committed_at, committed_by
             FROM controllo_impegno ORDER BY period_to DESC, id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ImpegnoSemeRow {
                kind: r.get(0)?,
                period_from: r.get(1)?,
                period_to: r.get(2)?,
                seed_sha256: r.get(3)?,
                committed_at: r.get(4)?,
                committed_by: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Makes a draw: finds the eligible acts, lets `draw` choose among their numbers, and
    /// records the draw, the drawn acts and an audit entry for each, all in one transaction.
    /// A period that overlaps an earlier draw of the same kind is refused.
    pub fn record_controllo(
        &mut self,
        new: &NewControllo<'_>,
        draw: impl FnOnce(&[String]) -> Vec<String>,
    ) -> Result<i64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let overlapping: Option<i64> = tx
            .query_row(
                "SELECT id FROM controllo WHERE kind = ?1 AND period_from <= ?3 AND ?2 <= period_to",
                params![new.kind.slug(), new.period_from, new.period_to],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = overlapping {
            return Err(StoreError::ControlloOverlap(id));
        }
        let eligible = eligible(&tx, new.kind, new.period_from, new.period_to)?;
        let numeri: Vec<String> = eligible.iter().map(|(_, n)| n.clone()).collect();
        let drawn = draw(&numeri);
        tx.execute(
            "INSERT INTO controllo (kind, period_from, period_to, percent, seed, candidates,
                                    drawn_at, drawn_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                new.kind.slug(),
                new.period_from,
                new.period_to,
                new.percent,
                new.seed,
                serde_json::to_string(&numeri).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                new.at,
                new.by
            ],
        )?;
        let id = tx.last_insert_rowid();
        // The terms of the draw in the hash chain too: what it was made from, and what it drew.
        let terms = serde_json::json!({
            "controllo": id, "kind": new.kind.slug(), "period_from": new.period_from,
            "period_to": new.period_to, "percent": new.percent, "seed": new.seed,
            "candidates": numeri, "drawn": drawn,
        });
        let terms_hash = hex::encode(Sha256::digest(terms.to_string().as_bytes()));
        append(
            &tx,
            Entry {
                at: new.at,
                actor: new.by,
                act_id: None,
                action: "controllo-sorteggio",
                detail: terms,
                version_hash: &terms_hash,
            },
        )?;
        for (act, numero) in eligible.iter().filter(|(_, n)| drawn.contains(n)) {
            tx.execute(
                "INSERT INTO controllo_atto (controllo_id, act_id, numero) VALUES (?1, ?2, ?3)",
                params![id, act.0, numero],
            )?;
            let hash = current_hash(&tx, *act)?;
            append(
                &tx,
                Entry {
                    at: new.at,
                    actor: new.by,
                    act_id: Some(*act),
                    action: "controllo-sorteggio",
                    detail: serde_json::json!({ "controllo": id, "numero": numero }),
                    version_hash: &hash,
                },
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Records the outcome of the check of a drawn act (once).
    pub fn record_esito_controllo(
        &mut self,
        controllo: i64,
        act: ActId,
        esito: &str,
        note: Option<&str>,
        at: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let given: Option<Option<String>> = tx
            .query_row(
                "SELECT esito FROM controllo_atto WHERE controllo_id = ?1 AND act_id = ?2",
                params![controllo, act.0],
                |r| r.get(0),
            )
            .optional()?;
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM controllo WHERE id = ?1)",
            [controllo],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(StoreError::NoSuchControllo(controllo));
        }
        match given {
            None => return Err(StoreError::NotDrawn { controllo, act }),
            Some(Some(_)) => return Err(StoreError::EsitoGiven { controllo, act }),
            Some(None) => {}
        }
        tx.execute(
            "UPDATE controllo_atto SET esito = ?3, note = ?4, checked_at = ?5, checked_by = ?6
             WHERE controllo_id = ?1 AND act_id = ?2",
            params![controllo, act.0, esito, note, at, by],
        )?;
        let hash = current_hash(&tx, act)?;
        append(
            &tx,
            Entry {
                at,
                actor: by,
                act_id: Some(act),
                action: "controllo-esito",
                detail: serde_json::json!({ "controllo": controllo, "esito": esito, "note": note }),
                version_hash: &hash,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The acts drawn whose check has no outcome yet, oldest draw first.
    pub fn acts_to_check(&self) -> Result<Vec<ActRow>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ACT_ROW_COLUMNS} FROM act a
             JOIN act_version v ON v.act_id = a.id AND v.version = a.current_version
             JOIN controllo_atto c ON c.act_id = a.id AND c.esito IS NULL
             ORDER BY c.controllo_id, a.id"
        ))?;
        let rows = stmt.query_map([], act_row)?;
        rows.map(|r| into_act_row(r?)).collect()
    }

    /// Every draw, newest first, with its acts.
    pub fn controlli(&self) -> Result<Vec<ControlloRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, period_from, period_to, percent, seed, candidates, drawn_at, drawn_by
             FROM controllo ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ControlloRow {
                id: r.get(0)?,
                kind: r.get(1)?,
                period_from: r.get(2)?,
                period_to: r.get(3)?,
                percent: r.get(4)?,
                seed: r.get(5)?,
                candidates: serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default(),
                drawn_at: r.get(7)?,
                drawn_by: r.get(8)?,
                acts: Vec::new(),
            })
        })?;
        let mut draws: Vec<ControlloRow> = rows.collect::<Result<_, _>>()?;
        let mut acts = self.conn.prepare(
            "SELECT c.act_id, c.numero,
                    (SELECT json_extract(v.content, '$.oggetto') FROM act_version v
                     WHERE v.act_id = a.id AND v.version = a.current_version),
                    c.esito, c.note, c.checked_at, c.checked_by
             FROM controllo_atto c JOIN act a ON a.id = c.act_id JOIN registro r ON r.act_id = a.id
             WHERE c.controllo_id = ?1 ORDER BY r.year, r.number",
        )?;
        for draw in &mut draws {
            let rows = acts.query_map([draw.id], |r| {
                Ok(ControlloAttoRow {
                    act_id: ActId(r.get(0)?),
                    numero: r.get(1)?,
                    oggetto: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    esito: r.get(3)?,
                    note: r.get(4)?,
                    checked_at: r.get(5)?,
                    checked_by: r.get(6)?,
                })
            })?;
            draw.acts = rows.collect::<Result<_, _>>()?;
        }
        Ok(draws)
    }
}
