//! Acts and their versions. Every save is a new `act_version` row; the `act` row points at
//! the current one and carries what lists need (kind, state, office, proposal number).

use crate::{Store, StoreError};
use atti_core::{Act, ActId, ActKind, ActState};
use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

/// What is needed to create an act.
pub struct NewAct<'a> {
    /// The first content (its id, version, office and proposal are ignored).
    pub content: &'a Act,
    /// Proposing office code.
    pub office: &'a str,
    /// Author.
    pub by: &'a str,
    /// Now.
    pub now: jiff::Timestamp,
    /// The proposal number claimed on the Comune's register (a shared act); `None`: the
    /// next one of this archive.
    pub proposal_seq: Option<u32>,
    /// Its global identifier and history's start, when shared through the document server
    /// (`act_id` is ignored: the new id is used), recorded in the same transaction.
    pub global: Option<crate::GlobalRow>,
}

/// An act as lists show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ActRow {
    /// Id.
    pub id: ActId,
    /// Kind.
    pub kind: ActKind,
    /// State.
    pub state: ActState,
    /// Office code.
    pub office: String,
    /// Proposal number, e.g. "RAG/2026/0007".
    pub proposal: String,
    /// Oggetto of the current version.
    pub oggetto: String,
    /// Current version.
    pub version: u32,
    /// Time of the last save (RFC 3339).
    pub updated_at: String,
    /// Final number "N/YYYY", once adopted.
    pub numero: Option<String>,
    /// Day of adoption.
    pub adoption_date: Option<String>,
    /// Its last transition was a return (restituisci).
    pub restituita: bool,
}

/// One saved version, without its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRow {
    /// Version number, from 1.
    pub version: u32,
    /// When it was saved (RFC 3339).
    pub saved_at: String,
    /// Who saved it.
    pub saved_by: String,
    /// Its oggetto.
    pub oggetto: String,
    /// SHA-256 of the stored content.
    pub content_sha256: String,
}

/// An act an inbox may hold, as the index gives it ([`Store::inbox_candidates`]).
#[derive(Debug, Clone, PartialEq)]
pub struct InboxCandidate {
    /// Id.
    pub id: ActId,
    /// Kind.
    pub kind: ActKind,
    /// State.
    pub state: ActState,
    /// Office code.
    pub office: String,
    /// Time of the last change (RFC 3339).
    pub updated_at: String,
    /// It has been published on the albo.
    pub published: bool,
}

/// Filter for [`Store::list_acts`].
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only this kind.
    pub kind: Option<ActKind>,
    /// Only this state.
    pub state: Option<ActState>,
    /// Only these states (empty: any).
    pub states: Vec<ActState>,
    /// At most this many rows (newest first).
    pub limit: Option<u32>,
    /// Only this office's.
    pub office: Option<String>,
    /// Only of this year (of adoption; of drafting before).
    pub year: Option<i16>,
    /// Only from this day on (adopted, or drafted before adoption).
    pub from: Option<jiff::civil::Date>,
    /// Only up to this day.
    pub to: Option<jiff::civil::Date>,
    /// Only the act with this final number ("12/2026", or "12" of any year).
    pub numero: Option<String>,
}

/// The conditions of a [`ListFilter`] on the act `a`, with their named parameters
/// ([`ListFilter::params`]): one text for the list and the search.
pub(crate) const FILTER_SQL: &str = "(:kind IS NULL OR a.kind = :kind)
    AND (:state IS NULL OR a.state = :state)
    AND (:states = '' OR instr(:states, ',' || a.state || ',') > 0)
    AND (:office IS NULL OR a.office = :office)
    AND (:year IS NULL OR substr(coalesce(a.adoption_date, a.created_at), 1, 4) = :year)
    AND (:from IS NULL OR substr(coalesce(a.adoption_date, a.created_at), 1, 10) >= :from)
    AND (:to IS NULL OR substr(coalesce(a.adoption_date, a.created_at), 1, 10) <= :to)
    AND (:numero IS NULL OR EXISTS (SELECT 1 FROM registro r WHERE r.act_id = a.id
         AND (r.number || '/' || r.year = :numero OR CAST(r.number AS TEXT) = :numero)))";

impl ListFilter {
    /// The values of [`FILTER_SQL`]'s parameters, and the row limit (`:limit`, -1: none).
    pub(crate) fn params(&self) -> Vec<(&'static str, Box<dyn rusqlite::ToSql>)> {
        let states: String = self
            .states
            .iter()
            .map(|s| format!(",{},", s.slug()))
            .collect();
        vec![
            (":kind", Box::new(self.kind.map(ActKind::slug))),
            (":state", Box::new(self.state.map(ActState::slug))),
            (":states", Box::new(states)),
            (":office", Box::new(self.office.clone())),
            (":year", Box::new(self.year.map(|y| format!("{y:04}")))),
            (":from", Box::new(self.from.map(|d| d.to_string()))),
            (":to", Box::new(self.to.map(|d| d.to_string()))),
            (
                ":numero",
                Box::new(self.numero.as_ref().map(|n| n.trim().to_string())),
            ),
            (":limit", Box::new(self.limit.map_or(-1, i64::from))),
        ]
    }
}

impl Store {
    /// Creates an act with its first version; assigns the id and the proposal number (per
    /// office and year). Returns the stored act.
    pub fn create_act(&mut self, new: NewAct<'_>) -> Result<Act, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let office_exists: bool = tx.query_row(
            "SELECT count(*) FROM office WHERE code = ?1",
            [new.office],
            |r| r.get::<_, i64>(0),
        )? > 0;
        if !office_exists {
            return Err(StoreError::UnknownOffice(new.office.to_string()));
        }
        let year = i64::from(new.now.to_zoned(jiff::tz::TimeZone::UTC).year());
        let seq: i64 = match new.proposal_seq {
            Some(seq) => i64::from(seq),
            None => tx.query_row(
                "SELECT coalesce(max(proposal_seq), 0) + 1 FROM act
                 WHERE office = ?1 AND proposal_year = ?2",
                params![new.office, year],
                |r| r.get(0),
            )?,
        };
        let now = new.now.to_string();
        tx.execute(
            "INSERT INTO act (kind, state, office, proposal_year, proposal_seq, created_at,
                              created_by, current_version, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?6)",
            params![
                new.content.kind.slug(),
                ActState::Bozza.slug(),
                new.office,
                year,
                seq,
                now,
                new.by
            ],
        )?;
        let id = ActId(tx.last_insert_rowid());
        insert_version(&tx, id, 1, new.content, new.by, &now, "crea")?;
        if let Some(global) = &new.global {
            let global = crate::GlobalRow {
                act_id: id,
                ..global.clone()
            };
            crate::shared::write_global(&tx, &global)?;
        }
        tx.commit()?;
        self.load_act(id)
    }

    /// Saves `content` as a new version of act `id`, if the act is still at `base_version`
    /// (optimistic concurrency: otherwise [`StoreError::Conflict`]). Returns the new version.
    pub fn save_act(
        &mut self,
        id: ActId,
        base_version: u32,
        content: &Act,
        by: &str,
        now: jiff::Timestamp,
    ) -> Result<u32, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current: u32 = tx
            .query_row(
                "SELECT current_version FROM act WHERE id = ?1",
                [id.0],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::ActNotFound(id))?;
        let frozen: bool =
            tx.query_row("SELECT frozen FROM act WHERE id = ?1", [id.0], |r| r.get(0))?;
        if frozen {
            return Err(StoreError::Frozen(id));
        }
        if current != base_version {
            let by: String = tx.query_row(
                "SELECT saved_by FROM act_version WHERE act_id = ?1 AND version = ?2",
                params![id.0, current],
                |r| r.get(0),
            )?;
            return Err(StoreError::Conflict {
                id,
                base: base_version,
                current,
                by,
            });
        }
        let version = current + 1;
        insert_version(&tx, id, version, content, by, &now.to_string(), "salva")?;
        tx.commit()?;
        Ok(version)
    }

    /// The current version of an act.
    pub fn load_act(&self, id: ActId) -> Result<Act, StoreError> {
        let version: u32 = self
            .conn
            .prepare_cached("SELECT current_version FROM act WHERE id = ?1")?
            .query_row([id.0], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::ActNotFound(id))?;
        self.load_version(id, version)
    }

    /// One saved version of an act, with the act's identity fields filled in.
    pub fn load_version(&self, id: ActId, version: u32) -> Result<Act, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT v.content, a.kind, a.state, a.office, a.proposal_year, a.proposal_seq,
                        (SELECT r.number || '/' || r.year FROM registro r WHERE r.act_id = a.id)
                 FROM act_version v JOIN act a ON a.id = v.act_id
                 WHERE v.act_id = ?1 AND v.version = ?2",
            )?
            .query_row(params![id.0, version], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })
            .optional()?;
        let Some((content, kind, state, office, year, seq, numero)) = row else {
            return if self.act_exists(id)? {
                Err(StoreError::VersionNotFound(id, version))
            } else {
                Err(StoreError::ActNotFound(id))
            };
        };
        let mut act: Act = serde_json::from_str(&content)
            .map_err(|e| StoreError::Corrupt(format!("atto {id} versione {version}: {e}")))?;
        act.id = Some(id);
        act.kind = parse_kind(&kind)?;
        act.state = parse_state(&state)?;
        act.version = version;
        act.proposal = Some(proposal_number(&office, year, seq));
        act.office = office;
        act.numero = numero;
        Ok(act)
    }

    /// Every version of an act, newest first.
    pub fn versions(&self, id: ActId) -> Result<Vec<VersionRow>, StoreError> {
        if !self.act_exists(id)? {
            return Err(StoreError::ActNotFound(id));
        }
        let mut stmt = self.conn.prepare(
            "SELECT version, saved_at, saved_by, json_extract(content, '$.oggetto'),
                    content_sha256
             FROM act_version WHERE act_id = ?1 ORDER BY version DESC",
        )?;
        let rows = stmt.query_map([id.0], |r| {
            Ok(VersionRow {
                version: r.get(0)?,
                saved_at: r.get(1)?,
                saved_by: r.get(2)?,
                oggetto: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                content_sha256: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Acts, most recently changed first.
    pub fn list_acts(&self, filter: &ListFilter) -> Result<Vec<ActRow>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ACT_ROW_COLUMNS} FROM act a
             JOIN act_version v ON v.act_id = a.id AND v.version = a.current_version
             WHERE {FILTER_SQL}
             ORDER BY a.updated_at DESC, a.id DESC
             LIMIT :limit"
        ))?;
        let params = filter.params();
        let named: Vec<(&str, &dyn rusqlite::ToSql)> =
            params.iter().map(|(k, v)| (*k, v.as_ref())).collect();
        let rows = stmt.query_map(named.as_slice(), act_row)?;
        collect_rows(rows)
    }

    /// The acts an inbox may hold ([`atti_core::iter::InboxScope`]: their kinds and states,
    /// each with its office if one), from the index on state, kind, office and time of the last
    /// change alone: the act rows of those shown are read afterwards ([`Store::act_rows`]).
    pub fn inbox_candidates(
        &self,
        scope: &atti_core::iter::InboxScope,
    ) -> Result<Vec<InboxCandidate>, StoreError> {
        let pairs: Vec<(&str, &str, Option<&str>)> = scope
            .pairs
            .iter()
            .map(|(kind, state, office)| (state.slug(), kind.slug(), office.as_deref()))
            .collect();
        let pairs = serde_json::to_string(&pairs)
            .map_err(|e| StoreError::Corrupt(format!("ambito delle attività: {e}")))?;
        // The pairs are read once (not their JSON for each act); those of one office seek
        // the index on it. Each row names its pair by its place in the scope (`s.key`).
        let mut stmt = self.conn.prepare_cached(
            "WITH s AS MATERIALIZED (
                 SELECT key, value ->> 0 AS state, value ->> 1 AS kind, value ->> 2 AS office
                 FROM json_each(?1))
             SELECT a.id, s.key, a.office, a.updated_at, a.publication_start IS NOT NULL FROM s
             JOIN act a ON a.state = s.state AND a.kind = s.kind AND a.office = s.office
             WHERE s.office IS NOT NULL
             UNION ALL
             SELECT a.id, s.key, a.office, a.updated_at, a.publication_start IS NOT NULL FROM s
             JOIN act a ON a.state = s.state AND a.kind = s.kind
             WHERE s.office IS NULL",
        )?;
        let rows = stmt.query_map([pairs], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, pair, office, updated_at, published) = row?;
            let &(kind, state, _) = usize::try_from(pair)
                .ok()
                .and_then(|i| scope.pairs.get(i))
                .ok_or_else(|| StoreError::Corrupt(format!("ambito delle attività: {pair}")))?;
            out.push(InboxCandidate {
                id: ActId(id),
                kind,
                state,
                office,
                updated_at,
                published,
            });
        }
        Ok(out)
    }

    /// The rows of the acts `ids`, in that order (an id not found is left out).
    pub fn act_rows(&self, ids: &[ActId]) -> Result<Vec<ActRow>, StoreError> {
        let ids = serde_json::to_string(&ids.iter().map(|i| i.0).collect::<Vec<_>>())
            .map_err(|e| StoreError::Corrupt(format!("elenco di atti: {e}")))?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ACT_ROW_COLUMNS} FROM json_each(?1) j
             JOIN act a ON a.id = j.value
             JOIN act_version v ON v.act_id = a.id AND v.version = a.current_version
             ORDER BY j.key"
        ))?;
        let rows = stmt.query_map([ids], act_row)?;
        collect_rows(rows)
    }

    /// The acts on the albo on `today` (their publication not ended, nor taken down), of
    /// `office` if given, the most recently published first: found by the index on the
    /// publications' last day, whatever the size of the register.
    pub fn acts_on_albo(
        &self,
        today: jiff::civil::Date,
        office: Option<&str>,
    ) -> Result<Vec<ActRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ACT_ROW_COLUMNS} FROM albo p
             JOIN act a ON a.id = p.act_id AND (?2 IS NULL OR a.office = ?2)
             JOIN act_version v ON v.act_id = a.id AND v.version = a.current_version
             WHERE p.fine >= ?1 AND p.inizio <= ?1 AND p.defissa_il IS NULL
             ORDER BY p.inizio DESC, p.anno DESC, p.numero DESC"
        ))?;
        let rows = stmt.query_map(params![today.to_string(), office], act_row)?;
        collect_rows(rows)
    }

    /// The id the next act created will have (ids are given in order, from 1).
    pub fn next_act_id(&self) -> Result<ActId, StoreError> {
        Ok(ActId(self.conn.query_row(
            "SELECT coalesce(max(id), 0) + 1 FROM act",
            [],
            |r| r.get(0),
        )?))
    }

    /// The vantaggi economici (impegni with a sovvenzione) granted in `anno` by the acts
    /// numbered before act `id` (all of the year's, if it has no number yet), not annulled:
    /// by beneficiary as written, in cents (art. 26 D.Lgs. 33/2013 adds up a beneficiary's
    /// grants of the year; a later act never takes effect away from an earlier one).
    pub fn sovvenzioni_precedenti(
        &self,
        id: ActId,
        anno: i16,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT json_extract(i.value, '$.beneficiario'),
                    sum(json_extract(i.value, '$.importo_centesimi'))
             FROM registro r
             JOIN act a ON a.id = r.act_id
             JOIN act_version v ON v.act_id = a.id AND v.version = a.current_version,
                  json_each(v.content, '$.impegni') i
             WHERE r.year = ?2 AND r.act_id != ?1 AND a.state != 'annullata'
               AND julianday(r.assigned_at) < coalesce(
                   (SELECT julianday(assigned_at) FROM registro WHERE act_id = ?1), 1e9)
               AND json_type(i.value, '$.sovvenzione') = 'object'
             GROUP BY 1",
        )?;
        let rows = stmt.query_map(params![id.0, anno], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether an act with this id exists.
    pub fn act_exists(&self, id: ActId) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM act WHERE id = ?1", [id.0], |r| {
                r.get::<_, i64>(0)
            })?
            > 0)
    }
}

pub(crate) const ACT_ROW_COLUMNS: &str = "a.id, a.kind, a.state, a.office, a.proposal_year,
    a.proposal_seq, json_extract(v.content, '$.oggetto'), a.current_version, a.updated_at,
    (SELECT r.number || '/' || r.year FROM registro r WHERE r.act_id = a.id), a.adoption_date,
    coalesce((SELECT au.action = 'restituisci' FROM audit au
              WHERE au.act_id = a.id AND json_extract(au.detail, '$.to') IS NOT NULL
              ORDER BY au.seq DESC LIMIT 1), 0)";

/// How many columns [`ACT_ROW_COLUMNS`] has.
pub(crate) const ACT_ROW_LEN: usize = 12;

type RawRow = (
    i64,
    String,
    String,
    String,
    i64,
    i64,
    Option<String>,
    u32,
    String,
    Option<String>,
    Option<String>,
    bool,
);

pub(crate) fn act_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
    ))
}

pub(crate) fn into_act_row(raw: RawRow) -> Result<ActRow, StoreError> {
    let (
        id,
        kind,
        state,
        office,
        year,
        seq,
        oggetto,
        version,
        updated_at,
        numero,
        adoption_date,
        restituita,
    ) = raw;
    Ok(ActRow {
        id: ActId(id),
        kind: parse_kind(&kind)?,
        state: parse_state(&state)?,
        proposal: proposal_number(&office, year, seq),
        office,
        oggetto: oggetto.unwrap_or_default(),
        version,
        updated_at,
        numero,
        adoption_date,
        restituita,
    })
}

fn collect_rows(
    rows: impl Iterator<Item = rusqlite::Result<RawRow>>,
) -> Result<Vec<ActRow>, StoreError> {
    rows.map(|r| into_act_row(r?)).collect()
}

fn insert_version(
    tx: &Transaction<'_>,
    id: ActId,
    version: u32,
    content: &Act,
    by: &str,
    now: &str,
    action: &str,
) -> Result<(), StoreError> {
    // The identity fields live in the act row; the version keeps the content only.
    let stored = Act {
        id: None,
        version: 0,
        office: String::new(),
        proposal: None,
        ..content.clone()
    };
    let json = serde_json::to_string(&stored)
        .map_err(|e| StoreError::Corrupt(format!("atto {id} non serializzabile: {e}")))?;
    let sha = hex::encode(Sha256::digest(json.as_bytes()));
    let user_exists: bool =
        tx.query_row("SELECT count(*) FROM user WHERE username = ?1", [by], |r| {
            r.get::<_, i64>(0)
        })? > 0;
    if !user_exists {
        return Err(StoreError::UnknownUser(by.to_string()));
    }
    tx.execute(
        "INSERT INTO act_version (act_id, version, content, content_sha256, saved_at, saved_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id.0, version, json, sha, now, by],
    )?;
    tx.execute(
        "UPDATE act SET current_version = ?2, updated_at = ?3 WHERE id = ?1",
        params![id.0, version, now],
    )?;
    crate::audit::append(
        tx,
        crate::audit::Entry {
            at: now,
            actor: by,
            act_id: Some(id),
            action,
            detail: serde_json::json!({ "version": version }),
            version_hash: &sha,
        },
    )?;
    tx.execute("DELETE FROM act_fts WHERE rowid = ?1", [id.0])?;
    let body = content.body_text();
    tx.execute(
        "INSERT INTO act_fts (rowid, oggetto, body) VALUES (?1, ?2, ?3)",
        params![id.0, content.oggetto, body],
    )?;
    crate::search::record_words(tx, &[&content.oggetto, &body])?;
    Ok(())
}

fn proposal_number(office: &str, year: i64, seq: i64) -> String {
    format!("{office}/{year}/{seq:04}")
}

fn parse_kind(s: &str) -> Result<ActKind, StoreError> {
    ActKind::from_slug(s)
        .ok_or_else(|| StoreError::Corrupt(format!("tipo di atto sconosciuto «{s}»")))
}

fn parse_state(s: &str) -> Result<ActState, StoreError> {
    ActState::from_slug(s).ok_or_else(|| StoreError::Corrupt(format!("stato sconosciuto «{s}»")))
}
