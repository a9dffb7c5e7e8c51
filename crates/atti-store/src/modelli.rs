//! The modelli of the offices (migration 0013): saved, deleted and listed, each change with its
//! audit entry; and how far this PC has applied each office's history on the server.

use crate::{Store, StoreError};
use atti_core::ActKind;
use atti_core::modello::{Modello, ModelloFatto};
use rusqlite::{OptionalExtension, params};
use sha2::Digest;

impl Store {
    /// The modelli of `office` (every office's when `None`), of `kind` when given, by name.
    pub fn modelli(
        &self,
        office: Option<&str>,
        kind: Option<ActKind>,
    ) -> Result<Vec<Modello>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT content FROM modello
             WHERE (?1 IS NULL OR office = ?1) AND (?2 IS NULL OR kind = ?2)
             ORDER BY office, kind, nome COLLATE NOCASE",
        )?;
        let rows = stmt.query_map(params![office, kind.map(|k| k.slug())], |r| {
            r.get::<_, String>(0)
        })?;
        let mut out = Vec::new();
        for json in rows {
            let json = json?;
            out.push(
                serde_json::from_str(&json)
                    .map_err(|e| StoreError::Corrupt(format!("modello illeggibile: {e}")))?,
            );
        }
        Ok(out)
    }

    /// The modello of `office` with this kind and name, if any.
    pub fn modello(
        &self,
        office: &str,
        kind: ActKind,
        nome: &str,
    ) -> Result<Option<Modello>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT content FROM modello WHERE office = ?1 AND kind = ?2 AND nome = ?3",
                params![office, kind.slug(), nome],
                |r| r.get(0),
            )
            .optional()?;
        json.map(|j| {
            serde_json::from_str(&j)
                .map_err(|e| StoreError::Corrupt(format!("modello illeggibile: {e}")))
        })
        .transpose()
    }

    /// Applies a fact about the modelli of `office` (checked by the caller), by `by` at `at`,
    /// with its audit entry, in one transaction; `read`: the place in the office's history on
    /// the server it comes from, recorded with it.
    pub fn apply_modello_fatto(
        &mut self,
        office: &str,
        fatto: &ModelloFatto,
        by: &str,
        at: &str,
        read: Option<(u64, &str)>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let detail = match fatto {
            ModelloFatto::Salvato { modello } => {
                let json = serde_json::to_string(modello)
                    .map_err(|e| StoreError::Corrupt(format!("modello: {e}")))?;
                tx.execute(
                    "INSERT INTO modello (office, kind, nome, content, saved_by, saved_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (office, kind, nome) DO UPDATE SET
                        content = excluded.content, saved_by = excluded.saved_by,
                        saved_at = excluded.saved_at",
                    params![office, modello.kind.slug(), modello.nome, json, by, at],
                )?;
                serde_json::json!({ "fatto": "salvato", "ufficio": office,
                    "tipo": modello.kind.slug(), "nome": modello.nome })
            }
            ModelloFatto::Eliminato { kind, nome } => {
                tx.execute(
                    "DELETE FROM modello WHERE office = ?1 AND kind = ?2 AND nome = ?3",
                    params![office, kind.slug(), nome],
                )?;
                serde_json::json!({ "fatto": "eliminato", "ufficio": office,
                    "tipo": kind.slug(), "nome": nome })
            }
        };
        if let Some((seq, head)) = read {
            let seq = place(seq)?;
            tx.execute(
                "INSERT INTO modello_letto (office, seq, head) VALUES (?1, ?2, ?3)
                 ON CONFLICT (office) DO UPDATE SET seq = excluded.seq, head = excluded.head",
                params![office, seq, head],
            )?;
        }
        let hash = hex::encode(sha2::Sha256::digest(detail.to_string().as_bytes()));
        crate::audit::append(
            &tx,
            crate::audit::Entry {
                at,
                actor: by,
                act_id: None,
                action: "modello",
                detail,
                version_hash: &hash,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Moves past a fact of `office`'s history that was not applied (skipped and reported).
    pub fn apply_modello_skip(
        &self,
        office: &str,
        read: Option<(u64, &str)>,
    ) -> Result<(), StoreError> {
        if let Some((seq, head)) = read {
            let seq = place(seq)?;
            self.conn.execute(
                "INSERT INTO modello_letto (office, seq, head) VALUES (?1, ?2, ?3)
                 ON CONFLICT (office) DO UPDATE SET seq = excluded.seq, head = excluded.head",
                params![office, seq, head],
            )?;
        }
        Ok(())
    }

    /// How far this PC has applied the history of `office`'s modelli: (next place, head).
    pub fn modelli_letti(&self, office: &str) -> Result<Option<(u64, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT seq, head FROM modello_letto WHERE office = ?1",
                [office],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?
            .and_then(|(seq, head)| u64::try_from(seq).ok().map(|seq| (seq, head))))
    }
}

/// A place in a server history, as SQLite stores it.
fn place(seq: u64) -> Result<i64, StoreError> {
    i64::try_from(seq).map_err(|_| StoreError::Corrupt(format!("posto {seq} fuori scala")))
}
