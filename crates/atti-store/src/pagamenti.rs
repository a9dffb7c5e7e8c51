//! What the verbali collect (migration 0020): the flussi di rendicontazione read, kept whole,
//! and their payments matched to a verbale, each with its entry in the audit chain.

use crate::audit::{Entry, append};
use crate::{Store, StoreError};
use atti_core::ActId;
use atti_core::pagamento::{Flusso, Pagamento};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

/// A payment of a verbale, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagamentoRow {
    /// The payment, as its flusso reported it.
    pub pagamento: Pagamento,
    /// The flusso that reported it.
    pub flusso: String,
}

impl Store {
    /// Whether the flusso with this identifier was already read.
    pub fn pagopa_flusso_letto(&self, identificativo: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM pagopa_flusso WHERE identificativo = ?1",
                [identificativo],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// The paths on the document server of the flussi already read from there.
    pub fn pagopa_origini(&self) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT origine FROM pagopa_flusso WHERE origine IS NOT NULL")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records flusso `f` (its file `bytes` kept as the proof, read from `origine` on the
    /// document server, if it was) with those of its payments that pay a verbale (`matched`:
    /// the verbale of each), in one transaction: read at `at` by `by`. A payment already
    /// recorded (the same IUV and IUR in an earlier flusso) is left as it was. Returns how
    /// many were recorded now.
    pub fn record_flusso(
        &mut self,
        f: &Flusso,
        bytes: &[u8],
        origine: Option<&str>,
        matched: &[(ActId, &Pagamento)],
        at: &str,
        by: &str,
    ) -> Result<usize, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let sha = crate::blobs::insert_blob(&tx, bytes)?;
        tx.execute(
            "INSERT INTO pagopa_flusso (identificativo, data_regolamento, mittente, origine, sha256, letto_at, letto_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                f.identificativo,
                f.data_regolamento.to_string(),
                f.mittente,
                origine,
                sha,
                at,
                by
            ],
        )?;
        let mut recorded = 0;
        for (act, p) in matched {
            let new = tx.execute(
                "INSERT INTO pagamento (iuv, iur, act_id, importo_centesimi, pagato_il, revocato, flusso)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                params![
                    p.iuv,
                    p.iur,
                    act.0,
                    p.importo_centesimi,
                    p.pagato_il.to_string(),
                    p.revocato,
                    f.identificativo
                ],
            )?;
            if new == 0 {
                continue;
            }
            recorded += 1;
            let version_hash: String = tx.query_row(
                "SELECT v.content_sha256 FROM act a
                 JOIN act_version v ON v.act_id = a.id AND v.version = a.current_version
                 WHERE a.id = ?1",
                [act.0],
                |r| r.get(0),
            )?;
            append(
                &tx,
                Entry {
                    at,
                    actor: by,
                    act_id: Some(*act),
                    action: "pagamento",
                    detail: serde_json::json!({
                        "iuv": p.iuv, "iur": p.iur, "importo_centesimi": p.importo_centesimi,
                        "pagato_il": p.pagato_il.to_string(), "revocato": p.revocato,
                        "flusso": f.identificativo, "flusso_sha256": sha,
                    }),
                    version_hash: &version_hash,
                },
            )?;
        }
        tx.commit()?;
        Ok(recorded)
    }

    /// The verbali of `year`'s register that have payments.
    pub fn verbali_con_pagamenti(&self, year: i16) -> Result<Vec<ActId>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT p.act_id FROM pagamento p
             JOIN registro r ON r.act_id = p.act_id AND r.kind = 'verbale-pl'
             WHERE r.year = ?1",
        )?;
        let ids = stmt.query_map([year], |r| r.get(0))?;
        let mut out = Vec::new();
        for id in ids {
            out.push(ActId(id?));
        }
        Ok(out)
    }

    /// The payments of verbale `id`, in the order they were paid.
    pub fn pagamenti(&self, id: ActId) -> Result<Vec<PagamentoRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT iuv, iur, importo_centesimi, pagato_il, revocato, flusso
             FROM pagamento WHERE act_id = ?1 ORDER BY pagato_il, rowid",
        )?;
        let rows = stmt.query_map([id.0], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (iuv, iur, importo_centesimi, day, revocato, flusso) = row?;
            let pagato_il = day
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("data di pagamento non valida: {day}")))?;
            out.push(PagamentoRow {
                pagamento: Pagamento {
                    iuv,
                    iur,
                    importo_centesimi,
                    pagato_il,
                    revocato,
                },
                flusso,
            });
        }
        Ok(out)
    }
}

impl Store {
    /// The act with final number `number` of `year` in the register of `kind`, if any.
    pub fn act_of_number(
        &self,
        kind: atti_core::ActKind,
        year: i16,
        number: u32,
    ) -> Result<Option<ActId>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT act_id FROM registro WHERE kind = ?1 AND year = ?2 AND number = ?3",
                params![kind.slug(), year, number],
                |r| r.get(0),
            )
            .optional()?
            .map(ActId))
    }
}
