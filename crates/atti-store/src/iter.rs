//! Writing the iter: transitions (with the final number, signatures and dates they bring),
//! pareri, and the registers. Each write is one IMMEDIATE transaction that also appends to
//! the audit log, so two processes on the same file serialise and nothing is half-done.

use crate::audit::{Entry, append};
use crate::documents::{Variant, insert_document};
use crate::signatures::{NewSignedFile, ParereDocument, insert_signed_file};
use crate::{GlobalRow, Store, StoreError};
use atti_core::iter::{AuditStep, Outcome, Seduta};
use atti_core::parere::{Esito, Parere, ParereTipo};
use atti_core::{ActId, ActKind, ActState, Role};
use jiff::civil::Date;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

/// Where final numbers come from. The local register takes the next number of the kind and
/// year inside the same SQLite transaction; the server register (sync) claims it on the
/// document server first and the local register mirrors it.
pub trait Register {
    /// The next free number for `kind` in `year`.
    fn next_number(
        &self,
        tx: &Transaction<'_>,
        kind: ActKind,
        year: i16,
    ) -> Result<u32, StoreError>;

    /// The next free number of the register of publications on the albo in `year`.
    fn next_albo_number(&self, tx: &Transaction<'_>, year: i16) -> Result<u32, StoreError>;
}

/// The register in the local SQLite file: max + 1, inside the transaction that records it,
/// so numbers are unique and without gaps even with two processes on one file.
pub struct LocalRegister;

impl Register for LocalRegister {
    fn next_number(
        &self,
        tx: &Transaction<'_>,
        kind: ActKind,
        year: i16,
    ) -> Result<u32, StoreError> {
        Ok(tx.query_row(
            "SELECT coalesce(max(number), 0) + 1 FROM registro WHERE kind = ?1 AND year = ?2",
            params![kind.slug(), year],
            |r| r.get(0),
        )?)
    }

    fn next_albo_number(&self, tx: &Transaction<'_>, year: i16) -> Result<u32, StoreError> {
        Ok(tx.query_row(
            "SELECT coalesce(max(numero), 0) + 1 FROM albo WHERE anno = ?1",
            [year],
            |r| r.get(0),
        )?)
    }
}

/// A transition to record: the outcome atti-core decided, and what only the caller has.
pub struct TransitionWrite<'a> {
    /// The act.
    pub id: ActId,
    /// The version the decision was taken on (refused with [`StoreError::Moved`] if the act
    /// moved meanwhile, as for a different state than `outcome.from`).
    pub version: u32,
    /// Everything the step does, as atti-core decided it.
    pub outcome: &'a Outcome,
    /// Who.
    pub actor: &'a str,
    /// Comments per section when returning an act: (field path, text).
    pub comments: &'a [(String, String)],
    /// The number the caller rendered and signed the document with: refused with
    /// [`StoreError::NumberTaken`] if the register would now give another one.
    pub expected_number: Option<u32>,
    /// Documents to keep with the transition (the original rendered at adoption).
    pub documents: &'a [(Variant, Vec<u8>)],
    /// Signed files to record with the transition (the actor's digital signature).
    pub signed_files: &'a [NewSignedFile],
    /// Now (RFC 3339).
    pub now: &'a str,
    /// A step of the shared iter: how far the act's history stands with it, recorded in the
    /// same transaction (a PC killed in between applies the step again, or not at all).
    pub global: Option<&'a GlobalRow>,
}

impl<'a> TransitionWrite<'a> {
    /// The write of `outcome` on `version` of act `id`, by `actor` at `now`, with no
    /// comments, documents or signed files.
    pub fn new(
        id: ActId,
        version: u32,
        outcome: &'a Outcome,
        actor: &'a str,
        now: &'a str,
    ) -> Self {
        TransitionWrite {
            id,
            version,
            outcome,
            actor,
            comments: &[],
            expected_number: None,
            documents: &[],
            signed_files: &[],
            now,
            global: None,
        }
    }
}

/// What the guards need that the store keeps.
#[derive(Debug, Clone, Default)]
pub struct StoredFacts {
    /// Pareri, oldest first.
    pub pareri: Vec<Parere>,
    /// Roles that signed.
    pub signed_by: Vec<Role>,
    /// Session data.
    pub seduta: Option<Seduta>,
    /// Adoption day.
    pub adoption: Option<Date>,
    /// First day of publication.
    pub publication_start: Option<Date>,
    /// The final number as "N/YYYY".
    pub numero: Option<String>,
}

/// One line of a register.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct RegistroRow {
    /// Number.
    pub number: u32,
    /// Year.
    pub year: i16,
    /// The act.
    #[ts(type = "number")]
    pub act_id: i64,
    /// Its oggetto.
    pub oggetto: String,
    /// Its state.
    pub state: String,
    /// Adoption day.
    pub adoption_date: Option<String>,
    /// When the number was assigned.
    pub assigned_at: String,
    /// Who assigned it.
    pub assigned_by: String,
    /// Why it was annulled, if it was.
    pub annulled_reason: Option<String>,
    /// A verbale: where its latest notification stands («PEC: consegnata il 21/01/2026»).
    pub notifica: Option<String>,
    /// A verbale with payments: where they leave it («pagato il 25/01/2026 in misura
    /// ridotta: obbligazione estinta»), as atti-app says it from the core's rule.
    pub pagamento: Option<String>,
}

impl Store {
    /// The number the register would give now to an act of `kind` adopted in `year`.
    pub fn next_number(
        &mut self,
        kind: ActKind,
        year: i16,
        register: &dyn Register,
    ) -> Result<u32, StoreError> {
        let tx = self.conn.transaction()?;
        register.next_number(&tx, kind, year)
    }

    /// The number the register of publications would give now in `year`.
    pub fn next_albo_number(&mut self, year: i16) -> Result<u32, StoreError> {
        let tx = self.conn.transaction()?;
        LocalRegister.next_albo_number(&tx, year)
    }

    /// Records a transition decided by atti-core. Returns the final number if one was
    /// assigned.
    pub fn apply_transition(
        &mut self,
        w: &TransitionWrite<'_>,
        register: &dyn Register,
    ) -> Result<Option<(u32, i16)>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row: Option<(String, String, u32)> = tx
            .query_row(
                "SELECT kind, state, current_version FROM act WHERE id = ?1",
                [w.id.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((kind, state, version)) = row else {
            return Err(StoreError::ActNotFound(w.id));
        };
        let o = w.outcome;
        if state != o.from.slug() || version != w.version {
            return Err(StoreError::Moved(w.id));
        }
        let kind = ActKind::from_slug(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("tipo di atto sconosciuto «{kind}»")))?;
        let version_hash: String = tx.query_row(
            "SELECT content_sha256 FROM act_version WHERE act_id = ?1 AND version = ?2",
            params![w.id.0, version],
            |r| r.get(0),
        )?;
        let entry = |action: &'static str, detail: serde_json::Value| Entry {
            at: w.now,
            actor: w.actor,
            act_id: Some(w.id),
            action,
            detail,
            version_hash: &version_hash,
        };

        if let Some(s) = &o.seduta {
            let json = serde_json::to_string(s)
                .map_err(|e| StoreError::Corrupt(format!("seduta non serializzabile: {e}")))?;
            tx.execute(
                "UPDATE act SET seduta = ?2 WHERE id = ?1",
                params![w.id.0, json],
            )?;
        }
        let mut numbered = None;
        if let Some(day) = o.number_on {
            let year = day.year();
            let number = register.next_number(&tx, kind, year)?;
            if let Some(expected) = w.expected_number
                && expected != number
            {
                return Err(StoreError::NumberTaken { expected, year });
            }
            tx.execute(
                "INSERT INTO registro (kind, year, number, act_id, assigned_at, assigned_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![kind.slug(), year, number, w.id.0, w.now, w.actor],
            )?;
            tx.execute(
                "UPDATE act SET adoption_date = ?2, frozen = 1 WHERE id = ?1",
                params![w.id.0, day.to_string()],
            )?;
            numbered = Some((number, year));
        }
        let mut albo = None;
        if let Some(p) = o.albo {
            let year = p.inizio.year();
            let number = register.next_albo_number(&tx, year)?;
            tx.execute(
                "UPDATE act SET publication_start = ?2 WHERE id = ?1",
                params![w.id.0, p.inizio.to_string()],
            )?;
            tx.execute(
                "INSERT INTO albo (act_id, anno, numero, inizio, fine, pubblicata_at, pubblicata_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    w.id.0,
                    year,
                    number,
                    p.inizio.to_string(),
                    p.fine.to_string(),
                    w.now,
                    w.actor
                ],
            )?;
            albo = Some((number, year, p));
        }
        if o.annul_number {
            tx.execute(
                "UPDATE registro SET annulled_reason = ?2, annulled_at = ?3 WHERE act_id = ?1",
                params![w.id.0, o.note.as_deref().unwrap_or_default(), w.now],
            )?;
        }
        if let Some(a) = &o.archiviazione {
            crate::archiviazioni::record(&tx, w.id, a, w.signed_files, w.now, w.actor)?;
        }
        tx.execute(
            "UPDATE act SET state = ?2, updated_at = ?3 WHERE id = ?1",
            params![w.id.0, o.to.slug(), w.now],
        )?;
        if let Some(role) = o.signature {
            tx.execute(
                "INSERT INTO signature (act_id, role, username, version, signed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![w.id.0, role.slug(), w.actor, version, w.now],
            )?;
        }
        for step in &o.audit {
            let e = match *step {
                AuditStep::Numero => {
                    let Some((number, year)) = numbered else {
                        return Err(StoreError::Corrupt("numero senza registro".into()));
                    };
                    entry(
                        "numero",
                        serde_json::json!({ "number": number, "year": year, "kind": kind.slug() }),
                    )
                }
                AuditStep::Albo => {
                    let Some((number, year, p)) = albo else {
                        return Err(StoreError::Corrupt("albo senza pubblicazione".into()));
                    };
                    entry(
                        "albo",
                        serde_json::json!({
                            "numero": number, "anno": year,
                            "inizio": p.inizio.to_string(), "fine": p.fine.to_string(),
                        }),
                    )
                }
                AuditStep::Firma(role) => entry(
                    "firma",
                    serde_json::json!({ "role": role.slug(), "version": version }),
                ),
                AuditStep::Transition => {
                    // The documents and signed files (each with its own audit entry) come
                    // before the transition's entry, which is the act's last.
                    for (variant, pdf) in w.documents {
                        insert_document(&tx, w.id, *variant, pdf, w.actor, w.now)?;
                    }
                    if !w.signed_files.is_empty() {
                        // Signed by the actor, in their role: the act (adotta, firma) or the
                        // provvedimento that comes with the step (archivia).
                        let role: String = tx.query_row(
                            "SELECT role FROM user WHERE username = ?1",
                            [w.actor],
                            |r| r.get(0),
                        )?;
                        for file in w.signed_files {
                            insert_signed_file(&tx, w.id, file, w.actor, &role, w.now)?;
                        }
                    }
                    if let Some(n) = &o.notificazione {
                        crate::notifiche::record_delivered(&tx, w.id, n, w.now, w.actor)?;
                    }
                    entry(o.action.slug(), transition_detail(w))
                }
            };
            append(&tx, e)?;
        }
        if let Some(global) = w.global {
            crate::shared::write_global(&tx, global)?;
        }
        tx.commit()?;
        Ok(numbered)
    }

    /// Records a parere or visto given on `version` of an act in `state` by signing its own
    /// document (`document`, PAdES, signed by the parere's author with `role`): the parere,
    /// the signed file of part `parere:<id>` and their audit entries, in one transaction
    /// (refused with [`StoreError::Moved`] if the act moved meanwhile). Returns the SHA-256
    /// of the document.
    pub fn add_parere(
        &mut self,
        id: ActId,
        state: ActState,
        parere: &Parere,
        document: &ParereDocument,
        role: Role,
        global: Option<&GlobalRow>,
    ) -> Result<String, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row: Option<(String, u32)> = tx
            .query_row(
                "SELECT state, current_version FROM act WHERE id = ?1",
                [id.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((current_state, version)) = row else {
            return Err(StoreError::ActNotFound(id));
        };
        if current_state != state.slug() || version != parere.version {
            return Err(StoreError::Moved(id));
        }
        let sha = crate::blobs::insert_blob(&tx, &document.bytes)?;
        tx.execute(
            "INSERT INTO parere (act_id, tipo, esito, motivazione, author, given_at, version, document_sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id.0,
                parere.tipo.slug(),
                parere.esito.slug(),
                parere.motivazione,
                parere.author,
                parere.given_at,
                parere.version,
                sha
            ],
        )?;
        let parere_id = tx.last_insert_rowid();
        let version_hash: String = tx.query_row(
            "SELECT content_sha256 FROM act_version WHERE act_id = ?1 AND version = ?2",
            params![id.0, version],
            |r| r.get(0),
        )?;
        append(
            &tx,
            Entry {
                at: &parere.given_at,
                actor: &parere.author,
                act_id: Some(id),
                action: "parere",
                detail: serde_json::json!({
                    "tipo": parere.tipo.slug(),
                    "esito": parere.esito.slug(),
                    "motivazione": parere.motivazione,
                    "version": parere.version,
                }),
                version_hash: &version_hash,
            },
        )?;
        let file = NewSignedFile {
            previous: None,
            part: format!("parere:{parere_id}"),
            format: "pades",
            name: document.name.clone(),
            bytes: document.bytes.clone(),
        };
        insert_signed_file(
            &tx,
            id,
            &file,
            &parere.author,
            role.slug(),
            &parere.given_at,
        )?;
        if let Some(global) = global {
            crate::shared::write_global(&tx, global)?;
        }
        tx.commit()?;
        Ok(sha)
    }

    /// What the guards need for an act.
    pub fn facts(&self, id: ActId) -> Result<StoredFacts, StoreError> {
        let row: Option<(Option<String>, Option<String>, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT seduta, adoption_date, publication_start FROM act WHERE id = ?1",
            )?
            .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((seduta, adoption, publication_start)) = row else {
            return Err(StoreError::ActNotFound(id));
        };
        let seduta = seduta
            .map(|s| serde_json::from_str(&s))
            .transpose()
            .map_err(|e| StoreError::Corrupt(format!("seduta dell'atto {id}: {e}")))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT tipo, esito, motivazione, author, given_at, version, document_sha256
             FROM parere WHERE act_id = ?1 ORDER BY id",
        )?;
        let raw = stmt.query_map([id.0], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, u32>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        let mut pareri = Vec::new();
        for row in raw {
            let (tipo, esito, motivazione, author, given_at, version, document) = row?;
            let corrupt = || StoreError::Corrupt(format!("parere dell'atto {id}"));
            pareri.push(Parere {
                tipo: ParereTipo::from_slug(&tipo).ok_or_else(corrupt)?,
                esito: Esito::from_slug(&esito).ok_or_else(corrupt)?,
                motivazione,
                author,
                given_at,
                version,
                document,
            });
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT role FROM signature WHERE act_id = ?1")?;
        let signed_by = stmt
            .query_map([id.0], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter_map(|r| Role::from_slug(&r))
            .collect();
        let numero: Option<String> = self
            .conn
            .prepare_cached("SELECT number || '/' || year FROM registro WHERE act_id = ?1")?
            .query_row([id.0], |r| r.get(0))
            .optional()?;
        let date = |s: Option<String>| -> Result<Option<Date>, StoreError> {
            s.map(|d| {
                d.parse::<Date>()
                    .map_err(|e| StoreError::Corrupt(format!("data «{d}»: {e}")))
            })
            .transpose()
        };
        Ok(StoredFacts {
            pareri,
            signed_by,
            seduta,
            adoption: date(adoption)?,
            publication_start: date(publication_start)?,
            numero,
        })
    }

    /// The register of a kind for a year, by number.
    pub fn registro(&self, kind: ActKind, year: i16) -> Result<Vec<RegistroRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT r.number, r.year, r.act_id,
                    (SELECT json_extract(v.content, '$.oggetto') FROM act_version v
                     WHERE v.act_id = a.id AND v.version = a.current_version),
                    a.state, a.adoption_date, r.assigned_at, r.assigned_by, r.annulled_reason,
                    n.mezzo, n.esito, n.consegnata_il
             FROM registro r JOIN act a ON a.id = r.act_id
             LEFT JOIN notifica n ON n.id = (
                 SELECT max(x.id) FROM notifica x WHERE x.act_id = a.id)
             WHERE r.kind = ?1 AND r.year = ?2 ORDER BY r.number",
        )?;
        let rows = stmt.query_map(params![kind.slug(), year], |r| {
            Ok(RegistroRow {
                number: r.get(0)?,
                year: r.get(1)?,
                act_id: r.get(2)?,
                oggetto: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                state: r.get(4)?,
                adoption_date: r.get(5)?,
                assigned_at: r.get(6)?,
                assigned_by: r.get(7)?,
                annulled_reason: r.get(8)?,
                notifica: match (
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, Option<String>>(10)?,
                ) {
                    (Some(mezzo), Some(esito)) => crate::notifiche::register_text(
                        &mezzo,
                        &esito,
                        r.get::<_, Option<String>>(11)?.as_deref(),
                    ),
                    _ => None,
                },
                pagamento: None,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Links a correction to its original.
    pub fn link_correction(
        &self,
        act: ActId,
        original: ActId,
        tipo: &str,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO act_link (act_id, original, tipo) VALUES (?1, ?2, ?3)",
            params![act.0, original.0, tipo],
        )?;
        Ok(())
    }

    /// Records that the draft `act` started from the text of `source` («Duplica»).
    pub fn link_duplicato(&self, act: ActId, source: ActId) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO act_duplicato (act_id, source) VALUES (?1, ?2)",
            params![act.0, source.0],
        )?;
        Ok(())
    }

    /// The act the draft `act` started from, if it was duplicated.
    pub fn duplicato_source(&self, act: ActId) -> Result<Option<ActId>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT source FROM act_duplicato WHERE act_id = ?1",
                [act.0],
                |r| r.get(0),
            )
            .optional()?
            .map(ActId))
    }

    /// The links of an act: (correction, original, tipo) where it is either side.
    pub fn links(&self, id: ActId) -> Result<Vec<(i64, i64, String)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT act_id, original, tipo FROM act_link WHERE act_id = ?1 OR original = ?1",
        )?;
        let rows = stmt.query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The audit detail of a transition: from, to, and the note, comments and session if any.
fn transition_detail(w: &TransitionWrite<'_>) -> serde_json::Value {
    let o = w.outcome;
    let mut detail = serde_json::json!({ "from": o.from.slug(), "to": o.to.slug() });
    if let Some(note) = &o.note {
        detail["note"] = note.as_str().into();
    }
    if !w.comments.is_empty() {
        let comments: Vec<serde_json::Value> = w
            .comments
            .iter()
            .map(|(field, text)| serde_json::json!({ "field": field, "text": text }))
            .collect();
        detail["comments"] = comments.into();
    }
    if let Some(s) = &o.seduta {
        detail["seduta"] = serde_json::to_value(s).unwrap_or_default();
    }
    if let Some(a) = &o.archiviazione {
        detail["archiviazione"] = serde_json::json!({
            "motivo": a.motivo.slug(), "motivazione": a.motivazione.trim(),
        });
    }
    if let Some(n) = &o.notificazione {
        let ricevute: Vec<serde_json::Value> = n
            .ricevute
            .iter()
            .map(|r| serde_json::json!({ "tipo": r.tipo, "sha256": crate::blobs::sha256_hex(&r.bytes) }))
            .collect();
        detail["notificazione"] = serde_json::json!({
            "mezzo": n.mezzo, "destinatario": n.destinatario, "riferimento": n.riferimento,
            "spedita_il": n.spedita_il.to_string(), "consegnata_il": n.consegnata_il.to_string(),
            "compiuta_giacenza": n.compiuta_giacenza, "ricevute": ricevute,
        });
    }
    detail
}

#[cfg(test)]
mod tests {
    //! `apply_transition` records exactly the outcome atti-core decided (state, number and its
    //! day, session, publication, annulment, signature, audit entries in the outcome's order)
    //! and refuses a decision taken on a state or version that moved, or on a number the
    //! register no longer gives, without writing anything.

    use super::*;
    use crate::{NewAct, Office, User};
    use atti_core::iter::{self, Action, ActionInput, IterFacts};
    use atti_core::{Act, DispositivoPoint};

    const NOW: &str = "2027-01-02T09:00:00Z";

    fn open() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("atti.sqlite3")).expect("open");
        let user = |username: &str, role| User {
            username: username.into(),
            full_name: username.into(),
            role,
            office: Some("SEG".into()),
            codice_fiscale: None,
        };
        store
            .init_comune(
                "Comune di Prova",
                &[Office {
                    code: "SEG".into(),
                    name: "Segreteria".into(),
                }],
                &[
                    user("istruttore", Role::Istruttore),
                    user("dirigente", Role::Dirigente),
                    user("segretario", Role::Segretario),
                ],
                NOW.parse().expect("now"),
            )
            .expect("init");
        (dir, store)
    }

    fn delibera(store: &mut Store) -> ActId {
        let mut act = Act::new(ActKind::DeliberaGiunta, "Approvazione del regolamento");
        act.dispositivo.push(DispositivoPoint {
            text: "di approvare il regolamento".into(),
        });
        let created = store
            .create_act(NewAct {
                content: &act,
                office: "SEG",
                by: "istruttore",
                proposal_seq: None,
                global: None,
                now: NOW.parse().expect("now"),
            })
            .expect("create");
        created.id.expect("id")
    }

    fn today() -> Date {
        "2027-01-02".parse().expect("today")
    }

    fn decide(
        store: &Store,
        id: ActId,
        action: Action,
        role: Role,
        input: &ActionInput,
    ) -> Outcome {
        let act = store.load_act(id).expect("act");
        let f = store.facts(id).expect("facts");
        let facts = IterFacts {
            pareri: f.pareri,
            signed_by: f.signed_by,
            seduta: f.seduta,
            adoption: f.adoption,
            publication_start: f.publication_start,
            numbered: f.numero.is_some(),
            today: today(),
        };
        let actor = iter::Actor {
            username: role.slug(),
            role,
            office: Some(&act.office),
        };
        iter::decide(&act, &facts, action, actor, input).expect("allowed")
    }

    fn take(store: &mut Store, id: ActId, action: Action, role: Role, input: &ActionInput) {
        let outcome = decide(store, id, action, role, input);
        let version = store.load_act(id).expect("act").version;
        let write = TransitionWrite::new(id, version, &outcome, role.slug(), NOW);
        store
            .apply_transition(&write, &LocalRegister)
            .expect("recorded");
    }

    fn pareri(store: &mut Store, id: ActId) {
        let version = store.load_act(id).expect("act").version;
        let parere = Parere {
            tipo: ParereTipo::Tecnico,
            esito: Esito::Favorevole,
            motivazione: String::new(),
            author: "dirigente".into(),
            given_at: NOW.into(),
            version,
            document: None,
        };
        let document = ParereDocument {
            name: "parere-tecnico-v1.pdf".into(),
            bytes: b"%PDF- a parere's signed document".to_vec(),
        };
        store
            .add_parere(
                id,
                ActState::Proposta,
                &parere,
                &document,
                Role::Dirigente,
                None,
            )
            .expect("parere");
    }

    fn to_the_session(store: &mut Store) -> ActId {
        let id = delibera(store);
        let none = ActionInput::default();
        take(store, id, Action::Invia, Role::Istruttore, &none);
        take(store, id, Action::Proponi, Role::Dirigente, &none);
        pareri(store, id);
        take(store, id, Action::Iscrivi, Role::Segretario, &none);
        id
    }

    fn seduta(day: &str) -> ActionInput {
        ActionInput {
            seduta: Some(Seduta {
                data: day.parse().expect("day"),
                presenti: 5,
                favorevoli: 4,
                contrari: 1,
                astenuti: 0,
                immediatamente_eseguibile: false,
                componenti: None,
                voto_immediata: None,
                record: Some(atti_core::iter::SedutaRecord {
                    seduta: "segretario-1".into(),
                    punto: 1,
                    maggioranza: atti_core::seduta::Maggioranza::Votanti,
                    ora: jiff::civil::time(9, 0, 0, 0),
                    luogo: "Sala della Giunta".into(),
                    videoconferenza: false,
                    presiede: "Il Sindaco".into(),
                    segretario: "Il Segretario".into(),
                    presenti: Vec::new(),
                    assenti: Vec::new(),
                    contrari: Vec::new(),
                    astenuti: Vec::new(),
                    non_partecipano: Vec::new(),
                }),
            }),
            ..ActionInput::default()
        }
    }

    #[test]
    fn a_delibera_is_numbered_in_the_year_and_on_the_day_of_its_session() {
        let (_dir, mut store) = open();
        let id = to_the_session(&mut store);
        // The session sat on 30 December; the minutes are recorded on 2 January.
        take(
            &mut store,
            id,
            Action::Approva,
            Role::Segretario,
            &seduta("2026-12-30"),
        );
        let rows = store
            .registro(ActKind::DeliberaGiunta, 2026)
            .expect("registro");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].number, 1);
        assert_eq!(rows[0].adoption_date.as_deref(), Some("2026-12-30"));
        assert!(
            store
                .registro(ActKind::DeliberaGiunta, 2027)
                .expect("registro")
                .is_empty()
        );
        let facts = store.facts(id).expect("facts");
        assert_eq!(facts.numero.as_deref(), Some("1/2026"));
        assert_eq!(facts.seduta.map(|s| s.favorevoli), Some(4));
        assert_eq!(store.load_act(id).expect("act").state, ActState::Approvata);
        // The audit entries come in the outcome's order: the number, then the transition.
        let actions: Vec<String> = store
            .audit_of(id)
            .expect("audit")
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(actions[actions.len() - 2..], ["numero", "approva"]);
        assert!(store.audit_verify().expect("verify").broken.is_none());
    }

    #[test]
    fn an_annulment_keeps_the_number_with_its_reason() {
        let (_dir, mut store) = open();
        let id = to_the_session(&mut store);
        take(
            &mut store,
            id,
            Action::Approva,
            Role::Segretario,
            &seduta("2027-01-02"),
        );
        let note = ActionInput {
            note: Some("  Vizio di forma nella convocazione  ".into()),
            ..ActionInput::default()
        };
        take(&mut store, id, Action::Annulla, Role::Segretario, &note);
        let rows = store
            .registro(ActKind::DeliberaGiunta, 2027)
            .expect("registro");
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0].annulled_reason.as_deref(),
            Some("Vizio di forma nella convocazione")
        );
        assert_eq!(store.load_act(id).expect("act").state, ActState::Annullata);
    }

    #[test]
    fn a_decision_on_a_moved_act_or_a_taken_number_writes_nothing() {
        let (_dir, mut store) = open();
        let id = to_the_session(&mut store);
        let outcome = decide(
            &store,
            id,
            Action::Approva,
            Role::Segretario,
            &seduta("2027-01-02"),
        );
        let version = store.load_act(id).expect("act").version;
        let audit_before = store.audit_of(id).expect("audit").len();

        // Decided on another version: refused as moved.
        let stale = TransitionWrite::new(id, version + 1, &outcome, "segretario", NOW);
        assert!(matches!(
            store.apply_transition(&stale, &LocalRegister),
            Err(StoreError::Moved(_))
        ));
        // The document was prepared with number 7, but the register gives 1: refused.
        let taken = TransitionWrite {
            expected_number: Some(7),
            ..TransitionWrite::new(id, version, &outcome, "segretario", NOW)
        };
        assert!(matches!(
            store.apply_transition(&taken, &LocalRegister),
            Err(StoreError::NumberTaken {
                expected: 7,
                year: 2027
            })
        ));
        assert_eq!(store.load_act(id).expect("act").state, ActState::Iscritta);
        assert!(
            store
                .registro(ActKind::DeliberaGiunta, 2027)
                .expect("registro")
                .is_empty()
        );
        assert_eq!(store.audit_of(id).expect("audit").len(), audit_before);
    }
}
