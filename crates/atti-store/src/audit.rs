//! The audit log: every change (creation, save, transition, parere, number, signature)
//! appends an entry in the same transaction as the change. Each entry's SHA-256 covers its
//! fields and the previous entry's hash, so editing, deleting or reordering any row breaks
//! the chain; `verify` also cross-checks the log against the versions, states and numbers
//! it describes, so that removing the last entries is caught too.

use crate::{Store, StoreError};
use atti_core::ActId;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash before the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry to append.
pub(crate) struct Entry<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub act_id: Option<ActId>,
    pub action: &'a str,
    pub detail: serde_json::Value,
    pub version_hash: &'a str,
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Position in the log, from 1.
    pub seq: i64,
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub actor: String,
    /// The act, if the entry is about one.
    pub act_id: Option<i64>,
    /// What: crea, salva, allega, the iter actions, parere, numero, firma.
    pub action: String,
    /// Details (JSON).
    pub detail: serde_json::Value,
    /// SHA-256 of the act's content at that moment.
    pub version_hash: String,
    /// This entry's hash.
    pub hash: String,
}

/// The hash of an entry: its fields in order (seq, prev_hash, at, actor, act_id, action,
/// detail, version_hash), each length-prefixed so that no two different entries hash the
/// same bytes.
fn entry_hash(fields: [&str; 8]) -> String {
    let mut h = Sha256::new();
    for field in fields {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

pub(crate) fn append(tx: &Transaction<'_>, e: Entry<'_>) -> Result<(), StoreError> {
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, prev) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_string()),
    };
    let detail = e.detail.to_string();
    let act_id = e.act_id.map(|i| i.0);
    let act_text = act_id.map(|i| i.to_string()).unwrap_or_default();
    let hash = entry_hash([
        &seq.to_string(),
        &prev,
        e.at,
        e.actor,
        &act_text,
        e.action,
        &detail,
        e.version_hash,
    ]);
    tx.execute(
        "INSERT INTO audit (seq, at, actor, act_id, action, detail, version_hash, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            seq,
            e.at,
            e.actor,
            act_id,
            e.action,
            detail,
            e.version_hash,
            prev,
            hash
        ],
    )?;
    Ok(())
}

/// The result of walking the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// Entries checked.
    pub entries: i64,
    /// The first problem found, if any: which entry and what is wrong.
    pub broken: Option<AuditBreak>,
}

/// Where the log stops being trustworthy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditBreak {
    /// The entry (seq) at or before which the problem is, 0 when it is about the data the
    /// log describes.
    pub seq: i64,
    /// What is wrong, in Italian.
    pub reason: String,
}

fn audit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    let detail: String = r.get(5)?;
    Ok(AuditEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        act_id: r.get(3)?,
        action: r.get(4)?,
        detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
        version_hash: r.get(6)?,
        hash: r.get(7)?,
    })
}

impl Store {
    /// Every audit entry about one act, oldest first.
    pub fn audit_of(&self, id: ActId) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, at, actor, act_id, action, detail, version_hash, hash FROM audit
             WHERE act_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([id.0], audit_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every change of the Comune's settings, oldest first (who, when, what it became).
    pub fn audit_of_settings(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, at, actor, act_id, action, detail, version_hash, hash FROM audit
             WHERE action = 'impostazione' ORDER BY seq",
        )?;
        let rows = stmt.query_map([], audit_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The last entry of the log, as (seq, hash): the head that archival packages carry
    /// outside this file.
    pub fn audit_head(&self) -> Result<Option<(i64, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The hash recorded for entry `seq`, if the log has it.
    pub fn audit_hash(&self, seq: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT hash FROM audit WHERE seq = ?1", [seq], |r| r.get(0))
            .optional()?)
    }

    /// Walks the whole log and names the first broken entry.
    pub fn audit_verify(&self) -> Result<AuditReport, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, at, actor, act_id, action, detail, version_hash, prev_hash, hash
             FROM audit ORDER BY rowid",
        )?;
        let mut rows = stmt.query([])?;
        let mut prev = GENESIS.to_string();
        let mut expected_seq = 1i64;
        let mut count = 0i64;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let at: String = r.get(1)?;
            let actor: String = r.get(2)?;
            let act_id: Option<i64> = r.get(3)?;
            let action: String = r.get(4)?;
            let detail: String = r.get(5)?;
            let version_hash: String = r.get(6)?;
            let prev_hash: String = r.get(7)?;
            let hash: String = r.get(8)?;
            count += 1;
            let broken = |reason: String| {
                Ok(AuditReport {
                    entries: count,
                    broken: Some(AuditBreak { seq, reason }),
                })
            };
            if seq != expected_seq {
                return broken(format!(
                    "voce {seq}: attesa la voce {expected_seq} (voci rimosse o riordinate)"
                ));
            }
            if prev_hash != prev {
                return broken(format!(
                    "voce {seq}: non si collega alla voce precedente (voce precedente alterata o rimossa)"
                ));
            }
            let act_text = act_id.map(|i| i.to_string()).unwrap_or_default();
            let recomputed = entry_hash([
                &seq.to_string(),
                &prev,
                &at,
                &actor,
                &act_text,
                &action,
                &detail,
                &version_hash,
            ]);
            if recomputed != hash {
                return broken(format!("voce {seq}: il contenuto è stato alterato"));
            }
            prev = hash;
            expected_seq += 1;
        }
        drop(rows);
        drop(stmt);
        if let Some(reason) = self.cross_check()? {
            return Ok(AuditReport {
                entries: count,
                broken: Some(AuditBreak { seq: 0, reason }),
            });
        }
        Ok(AuditReport {
            entries: count,
            broken: None,
        })
    }

    /// The log must describe every version (whose content must still hash to what was
    /// recorded), the current state of every act, every number, every kept document and
    /// every certified copy issued.
    fn cross_check(&self) -> Result<Option<String>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT act_id, version, content, content_sha256 FROM act_version ORDER BY act_id, version",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (act, version): (i64, i64) = (r.get(0)?, r.get(1)?);
            let content: String = r.get(2)?;
            let recorded: String = r.get(3)?;
            if hex::encode(Sha256::digest(content.as_bytes())) != recorded {
                return Ok(Some(format!(
                    "il contenuto della versione {version} dell'atto {act} è stato alterato"
                )));
            }
        }
        drop(rows);
        drop(stmt);
        let missing_version: Option<(i64, i64)> = self
            .conn
            .query_row(
                "SELECT v.act_id, v.version FROM act_version v
                 WHERE NOT EXISTS (
                     SELECT 1 FROM audit a WHERE a.act_id = v.act_id
                       AND a.action IN ('crea', 'salva')
                       AND json_extract(a.detail, '$.version') = v.version
                       AND a.version_hash = v.content_sha256)
                 ORDER BY v.act_id, v.version LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((act, version)) = missing_version {
            return Ok(Some(format!(
                "la versione {version} dell'atto {act} non corrisponde ad alcuna voce del registro delle operazioni"
            )));
        }
        let wrong_state: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT a.id, a.state FROM act a
                 WHERE a.state IS NOT coalesce((
                     SELECT json_extract(l.detail, '$.to') FROM audit l
                     WHERE l.act_id = a.id AND json_extract(l.detail, '$.to') IS NOT NULL
                     ORDER BY l.seq DESC LIMIT 1), 'bozza')
                 ORDER BY a.id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((act, state)) = wrong_state {
            return Ok(Some(format!(
                "lo stato «{state}» dell'atto {act} non risulta dal registro delle operazioni"
            )));
        }
        let missing_number: Option<(String, i64, i64)> = self
            .conn
            .query_row(
                "SELECT r.kind, r.year, r.number FROM registro r
                 WHERE NOT EXISTS (
                     SELECT 1 FROM audit a WHERE a.act_id = r.act_id AND a.action = 'numero'
                       AND json_extract(a.detail, '$.number') = r.number
                       AND json_extract(a.detail, '$.year') = r.year)
                 LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((kind, year, number)) = missing_number {
            return Ok(Some(format!(
                "il numero {number}/{year} del registro {kind} non risulta dal registro delle operazioni"
            )));
        }
        let missing_albo: Option<(i64, i64)> = self
            .conn
            .query_row(
                "SELECT p.anno, p.numero FROM albo p
                 WHERE NOT EXISTS (
                     SELECT 1 FROM audit a WHERE a.act_id = p.act_id AND a.action = 'albo'
                       AND json_extract(a.detail, '$.numero') = p.numero
                       AND json_extract(a.detail, '$.anno') = p.anno
                       AND json_extract(a.detail, '$.fine') = p.fine)
                    OR (p.defissa_il IS NOT NULL AND NOT EXISTS (
                     SELECT 1 FROM audit a WHERE a.act_id = p.act_id AND a.action = 'defissione'
                       AND json_extract(a.detail, '$.il') = p.defissa_il))
                 LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((anno, numero)) = missing_albo {
            return Ok(Some(format!(
                "la pubblicazione {numero}/{anno} del repertorio dell'albo non risulta dal registro delle operazioni"
            )));
        }
        let missing_document: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT d.act_id, d.variant FROM document d
                 WHERE NOT EXISTS (
                     SELECT 1 FROM audit a WHERE a.act_id = d.act_id AND a.action = 'documento'
                       AND json_extract(a.detail, '$.variant') = d.variant
                       AND json_extract(a.detail, '$.sha256') = d.sha256)
                 LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((act, variant)) = missing_document {
            return Ok(Some(format!(
                "il documento «{variant}» dell'atto {act} non risulta dal registro delle operazioni"
            )));
        }
        let missing_copia: Option<(i64, i64)> = self
            .conn
            .query_row(
                "SELECT c.id, c.act_id FROM copia c
                 WHERE NOT EXISTS (
                     SELECT 1 FROM audit a WHERE a.act_id = c.act_id AND a.action = 'copia'
                       AND json_extract(a.detail, '$.copia') = c.id)
                 LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((copia, act)) = missing_copia {
            return Ok(Some(format!(
                "la copia conforme n. {copia} dell'atto {act} non risulta dal registro delle operazioni"
            )));
        }
        let missing_controllo: Option<(i64, i64, bool)> = self
            .conn
            .query_row(
                "SELECT c.controllo_id, c.act_id, c.esito IS NOT NULL FROM controllo_atto c
                 WHERE NOT EXISTS (
                     SELECT 1 FROM audit a WHERE a.act_id = c.act_id
                       AND a.action = 'controllo-sorteggio'
                       AND json_extract(a.detail, '$.controllo') = c.controllo_id)
                 OR (c.esito IS NOT NULL AND NOT EXISTS (
                     SELECT 1 FROM audit a WHERE a.act_id = c.act_id
                       AND a.action = 'controllo-esito'
                       AND json_extract(a.detail, '$.controllo') = c.controllo_id
                       AND json_extract(a.detail, '$.esito') = c.esito))
                 LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((controllo, act, checked)) = missing_controllo {
            let what = if checked {
                "l'esito del controllo"
            } else {
                "l'estrazione"
            };
            return Ok(Some(format!(
                "{what} dell'atto {act} nel sorteggio n. {controllo} non risulta dal registro delle operazioni"
            )));
        }
        let missing_signed: Option<(i64, String, i64)> = self
            .conn
            .query_row(
                "SELECT s.act_id, s.part, s.seq FROM signed_file s
                 WHERE NOT EXISTS (
                     SELECT 1 FROM audit a WHERE a.act_id = s.act_id
                       AND a.action = 'firma digitale'
                       AND json_extract(a.detail, '$.part') = s.part
                       AND json_extract(a.detail, '$.seq') = s.seq
                       AND json_extract(a.detail, '$.sha256') = s.sha256)
                 LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((act, part, seq)) = missing_signed {
            return Ok(Some(format!(
                "la firma digitale n. {seq} ({part}) dell'atto {act} non risulta dal registro delle operazioni"
            )));
        }
        Ok(None)
    }
}
