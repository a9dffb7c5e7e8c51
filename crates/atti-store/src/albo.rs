//! The register of publications on the albo pretorio (repertorio dell'albo): written by the
//! step «pubblica» (`iter.rs`), read here, and the defissione recorded once. What the online
//! albo holds of each publication (`albo_sito`) is this PC's record of its last upload.

use crate::audit::{Entry, append};
use crate::{Store, StoreError};
use atti_core::ActId;
use jiff::civil::Date;
use rusqlite::{OptionalExtension, TransactionBehavior, params};

/// A publication of the register, with its act's data and the online albo's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlboRow {
    /// The act.
    pub act_id: ActId,
    /// Year of the register.
    pub anno: i16,
    /// Number in the year.
    pub numero: u32,
    /// First and last day.
    pub periodo: atti_core::albo::Periodo,
    /// When it was published, and by whom.
    pub pubblicata_at: String,
    /// Username.
    pub pubblicata_by: String,
    /// The day it left the albo, once it did.
    pub defissa_il: Option<Date>,
    /// Its page is online (as this PC last wrote the albo).
    pub online: bool,
    /// When this PC last wrote its page (or removed it).
    pub aggiornato_at: Option<String>,
    /// The last error writing it, if the last attempt failed.
    pub errore: Option<String>,
}

/// The columns `row` reads (the first eleven), and where they come from.
const SELECTED: &str = "p.act_id, p.anno, p.numero, p.inizio, p.fine, p.pubblicata_at,
     p.pubblicata_by, p.defissa_il, coalesce(s.online, 0), s.aggiornato_at, s.errore";
const FROM: &str = "FROM albo p LEFT JOIN albo_sito s ON s.act_id = p.act_id";

fn date(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Date> {
    let text: String = r.get(i)?;
    text.parse().map_err(|e: jiff::Error| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AlboRow> {
    let defissa: Option<String> = r.get(7)?;
    Ok(AlboRow {
        act_id: ActId(r.get(0)?),
        anno: r.get(1)?,
        numero: r.get(2)?,
        periodo: atti_core::albo::Periodo {
            inizio: date(r, 3)?,
            fine: date(r, 4)?,
        },
        pubblicata_at: r.get(5)?,
        pubblicata_by: r.get(6)?,
        defissa_il: match defissa {
            Some(_) => Some(date(r, 7)?),
            None => None,
        },
        online: r.get::<_, i64>(8)? == 1,
        aggiornato_at: r.get(9)?,
        errore: r.get(10)?,
    })
}

/// A publication of the register as its list shows it: with its act's kind, number and
/// oggetto, and whether its referto di pubblicazione is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlboVoce {
    /// The publication.
    pub row: AlboRow,
    /// The act's kind.
    pub kind: atti_core::ActKind,
    /// The act's number, "12/2026".
    pub numero_atto: Option<String>,
    /// The act's oggetto (its current version's).
    pub oggetto: String,
    /// Its referto di pubblicazione is signed.
    pub referto: bool,
}

/// Which publications of the register to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlboScelta {
    /// Every one, of every year (the register exported).
    Tutte,
    /// Those of one year of the register.
    Anno(i16),
    /// Those not taken down yet, of any year: on the albo, or past their last day.
    InCorso,
}

impl Store {
    /// The publications of the register `scelta` names as its list shows them, newest first,
    /// in one query (ten years of a Comune are tens of thousands of publications: none is
    /// read apart). `referto` is the part under which a referto di pubblicazione is signed.
    pub fn albo_voci(
        &self,
        referto: &str,
        scelta: AlboScelta,
    ) -> Result<Vec<AlboVoce>, StoreError> {
        let mut args: Vec<&dyn rusqlite::ToSql> = vec![&referto];
        let filter = match &scelta {
            AlboScelta::Tutte => "",
            AlboScelta::Anno(anno) => {
                args.push(anno);
                "WHERE p.anno = ?2"
            }
            AlboScelta::InCorso => "WHERE p.defissa_il IS NULL",
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SELECTED}, a.kind, r.number || '/' || r.year,
                    json_extract(v.content, '$.oggetto'),
                    EXISTS (SELECT 1 FROM signed_file f WHERE f.act_id = p.act_id AND f.part = ?1)
             {FROM}
             JOIN act a ON a.id = p.act_id
             JOIN act_version v ON v.act_id = a.id AND v.version = a.current_version
             LEFT JOIN registro r ON r.act_id = a.id
             {filter}
             ORDER BY p.anno DESC, p.numero DESC"
        ))?;
        let rows = stmt.query_map(args.as_slice(), |r| {
            let kind: String = r.get(11)?;
            Ok((row(r)?, kind, r.get(12)?, r.get(13)?, r.get(14)?))
        })?;
        let mut out = Vec::new();
        for found in rows {
            let (row, kind, numero_atto, oggetto, referto) = found?;
            let kind = atti_core::ActKind::from_slug(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("tipo di atto «{kind}»")))?;
            out.push(AlboVoce {
                row,
                kind,
                numero_atto,
                oggetto: Option::<String>::unwrap_or_default(oggetto),
                referto,
            });
        }
        Ok(out)
    }

    /// What the albo's upkeep works on, newest first: the publications not taken down yet
    /// (on the albo, or past their last day), and those taken down whose page is still
    /// online; found by their indexes whatever the size of the register.
    pub fn albo_in_corso(&self) -> Result<Vec<AlboRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SELECTED} {FROM} WHERE p.defissa_il IS NULL
             UNION ALL
             SELECT {SELECTED} FROM albo_sito s JOIN albo p ON p.act_id = s.act_id
             WHERE s.online = 1 AND p.defissa_il IS NOT NULL
             ORDER BY 2 DESC, 3 DESC"
        ))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The years of the register, newest first.
    pub fn albo_anni(&self) -> Result<Vec<i16>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT anno FROM albo ORDER BY anno DESC")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The publication of an act, if it was published.
    pub fn albo_of(&self, id: ActId) -> Result<Option<AlboRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {SELECTED} {FROM} WHERE p.act_id = ?1"),
                [id.0],
                row,
            )
            .optional()?)
    }

    /// Records that the act left the albo on `il` (after its last day: SQL refuses an
    /// earlier day, and a second defissione), with its audit entry. Returns false if it had
    /// already left.
    pub fn albo_defiggi(
        &mut self,
        id: ActId,
        il: Date,
        actor: &str,
        now: &str,
    ) -> Result<bool, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE albo SET defissa_il = ?2 WHERE act_id = ?1 AND defissa_il IS NULL",
            params![id.0, il.to_string()],
        )?;
        if changed == 0 {
            return Ok(false);
        }
        let (anno, numero, version_hash): (i64, i64, String) = tx.query_row(
            "SELECT p.anno, p.numero, v.content_sha256 FROM albo p
             JOIN act a ON a.id = p.act_id
             JOIN act_version v ON v.act_id = a.id AND v.version = a.current_version
             WHERE p.act_id = ?1",
            [id.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        append(
            &tx,
            Entry {
                at: now,
                actor,
                act_id: Some(id),
                action: "defissione",
                detail: serde_json::json!({ "numero": numero, "anno": anno, "il": il.to_string() }),
                version_hash: &version_hash,
            },
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Records what the online albo holds of a publication after this PC wrote it: its page
    /// online or removed, or the error of the attempt (the previous state stays).
    pub fn albo_sito_set(
        &self,
        id: ActId,
        outcome: Result<bool, &str>,
        now: &str,
    ) -> Result<(), StoreError> {
        match outcome {
            Ok(online) => self.conn.execute(
                "INSERT INTO albo_sito (act_id, online, aggiornato_at, errore)
                 VALUES (?1, ?2, ?3, NULL)
                 ON CONFLICT (act_id) DO UPDATE SET online = ?2, aggiornato_at = ?3, errore = NULL",
                params![id.0, i64::from(online), now],
            )?,
            Err(e) => self.conn.execute(
                "INSERT INTO albo_sito (act_id, online, aggiornato_at, errore)
                 VALUES (?1, 0, NULL, ?2)
                 ON CONFLICT (act_id) DO UPDATE SET errore = ?2",
                params![id.0, e],
            )?,
        };
        Ok(())
    }
}
