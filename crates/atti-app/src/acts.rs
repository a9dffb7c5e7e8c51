//! Composing acts: create, edit, show, list, search, history.

use crate::dto::{ActFilter, ActSummary, SavedVersion, VersionSummary};
use crate::shared::{Origin, new_global, new_uid};
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::drafting::{check_editable, check_may_draft};
use atti_core::{Act, ActId, ActKind, validate_act};
use atti_store::{ActRow, ListFilter, NewAct};

/// Most rows a list returns when its filter does not say.
const LIST_LIMIT: u32 = 500;

/// Most rows a list returns when asked for more (a search ranks at most 2,000 matches
/// anyway: atti-store's `search.rs`).
const LIST_MAX: u32 = 10_000;

impl Atti {
    /// Creates a draft of `kind` with its oggetto, in `office` (default: the user's office).
    /// A Comune's act with a document server is shared from birth: the Comune's register
    /// there numbers its proposal, and it gets its global identifier.
    pub fn act_create(
        &mut self,
        kind: ActKind,
        oggetto: &str,
        office: Option<&str>,
    ) -> AppResult<Act> {
        let origin = match self.shared_client()? {
            Some(client) => Origin::Server(client),
            None => Origin::Local,
        };
        self.create_act_as(kind, oggetto, office, origin)
    }

    /// [`Atti::act_create`], its proposal number and identity given by `origin`.
    pub(crate) fn create_act_as(
        &mut self,
        kind: ActKind,
        oggetto: &str,
        office: Option<&str>,
        origin: Origin,
    ) -> AppResult<Act> {
        let user = self.current_user()?.clone();
        check_may_draft(user.role, &user.username, kind)?;
        let act = Act::new(kind, oggetto);
        validate_act(&act)?;
        let office = match office.or(user.office.as_deref()) {
            Some(o) => o.to_string(),
            None => {
                // The field names the front door's option (the CLI's --office).
                return Err(AppError {
                    fields: vec![atti_core::FieldError {
                        field: "office".into(),
                        message: format!("{} non appartiene a un ufficio", user.full_name),
                    }],
                    ..AppError::new(ErrorCode::InvalidInput, "indicare l'ufficio proponente")
                });
            }
        };
        let now = self.clock.now();
        let (proposal_seq, global) = match origin {
            Origin::Local => (None, None),
            Origin::Event { proposta, uid } => (proposta, uid.as_deref().map(new_global)),
            Origin::Server(client) => {
                let proposta = self.claim_proposal(&client, &office, now)?;
                let uid = new_uid(&user.username)?;
                (Some(proposta), Some(new_global(&uid)))
            }
        };
        Ok(self.store.create_act(NewAct {
            content: &act,
            office: &office,
            by: &user.username,
            now,
            proposal_seq,
            global,
        })?)
    }

    /// The current version of an act.
    pub fn act_get(&self, id: ActId) -> AppResult<Act> {
        self.act_for_edit(id)
    }

    /// The act as the current user edits it: their bozza of a shared act, when it starts from
    /// the current shared version; else the current version.
    pub(crate) fn act_for_edit(&self, id: ActId) -> AppResult<Act> {
        let current = self.store.load_act(id)?;
        if self.replaying {
            return Ok(current);
        }
        let Some(user) = &self.user else {
            return Ok(current);
        };
        Ok(match self.store.bozza(id, &user.username)? {
            Some(b) if b.base_version == current.version => Act {
                id: current.id,
                kind: current.kind,
                state: current.state,
                version: current.version,
                office: current.office.clone(),
                proposal: current.proposal.clone(),
                numero: current.numero.clone(),
                ..b.content
            },
            _ => current,
        })
    }

    /// One saved version of an act.
    pub fn act_version(&self, id: ActId, version: u32) -> AppResult<Act> {
        Ok(self.store.load_version(id, version)?)
    }

    /// Saves `act` as a new version. `act.version` is the version the edit started from: if
    /// someone saved after it, the save is refused with [`ErrorCode::Conflict`]. The kind and
    /// the attachments cannot change here.
    pub fn act_save(&mut self, act: &Act) -> AppResult<SavedVersion> {
        let id = act.id.ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                "manca l'identificativo dell'atto (id)",
            )
        })?;
        let stored = self.act_for_edit(id)?;
        let user = self.current_user()?.clone();
        check_may_draft(user.role, &user.username, stored.kind)?;
        check_editable(&stored)?;
        if act.kind != stored.kind {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "il tipo di un atto non si cambia: l'atto {id} è di tipo «{}», non «{}»",
                    stored.kind.label(),
                    act.kind.label()
                ),
            ));
        }
        if act.attachments != stored.attachments {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "gli allegati non si modificano insieme al testo: usare «Aggiungi allegato» \
                 (atti act attach) e «Rimuovi» (atti act detach)",
            ));
        }
        let base = if act.version == 0 {
            stored.version
        } else {
            act.version
        };
        let mut content = act.clone();
        content.oggetto = content.oggetto.trim().to_string();
        validate_act(&content)?;
        if same_content(&content, &stored) {
            // Nothing changed: no new version, the history stays readable.
            if base != stored.version {
                return Err(conflict(id, base, stored.version));
            }
            return Ok(SavedVersion {
                version: stored.version,
                saved_at: self.last_saved_at(id)?,
            });
        }
        self.save_new_version(id, base, &content, &user.username)
    }

    /// Parses the JSON form of an act (as `atti act show --json` prints it) and saves it as
    /// a new version of act `id`.
    pub fn act_edit_json(&mut self, id: ActId, bytes: &[u8]) -> AppResult<SavedVersion> {
        let mut act: Act = parse_json(bytes, "JSON dell'atto")?;
        match act.id {
            Some(file_id) if file_id != id => {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!("il file descrive l'atto {file_id}, non l'atto {id}"),
                ));
            }
            _ => act.id = Some(id),
        }
        self.act_save(&act)
    }

    /// Acts matching a filter; with `text`, a full-text search (best first), otherwise the
    /// most recently changed first.
    pub fn act_list(&self, filter: &ActFilter) -> AppResult<Vec<ActSummary>> {
        let day = |text: &Option<String>, what: &str| -> AppResult<Option<jiff::civil::Date>> {
            match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                None => Ok(None),
                Some(t) => t.parse().map(Some).map_err(|_| {
                    AppError::new(
                        ErrorCode::InvalidInput,
                        format!("{what}: «{t}» non è una data (AAAA-MM-GG)"),
                    )
                }),
            }
        };
        let blank = |t: &Option<String>| {
            t.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(String::from)
        };
        let list_filter = ListFilter {
            kind: filter.kind,
            state: filter.state,
            states: Vec::new(),
            limit: Some(match filter.limit {
                None => LIST_LIMIT,
                Some(n @ 1..=LIST_MAX) => n,
                Some(n) => {
                    return Err(AppError::new(
                        ErrorCode::InvalidInput,
                        format!("un elenco mostra da 1 a {LIST_MAX} atti, non {n}"),
                    ));
                }
            }),
            office: blank(&filter.office),
            year: filter.year,
            from: day(&filter.from, "dal giorno")?,
            to: day(&filter.to, "al giorno")?,
            numero: blank(&filter.numero),
        };
        match filter
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            Some(text) => self.with_iter_pending(
                self.store
                    .search(text, &list_filter)?
                    .into_iter()
                    .map(|hit| summary(hit.act, Some(hit.snippet)))
                    .collect(),
            ),
            None => self.with_iter_pending(
                self.store
                    .list_acts(&list_filter)?
                    .into_iter()
                    .map(|row| summary(row, None))
                    .collect(),
            ),
        }
    }

    /// Every saved version of an act, newest first.
    pub fn act_versions(&self, id: ActId) -> AppResult<Vec<VersionSummary>> {
        Ok(self
            .store
            .versions(id)?
            .into_iter()
            .map(|v| VersionSummary {
                version: v.version,
                saved_at: v.saved_at,
                author: v.saved_by,
                oggetto: v.oggetto,
            })
            .collect())
    }

    pub(crate) fn save_new_version(
        &mut self,
        id: ActId,
        base: u32,
        content: &Act,
        username: &str,
    ) -> AppResult<SavedVersion> {
        let now = self.clock.now();
        // A shared act: the edits stay on this PC, sent with this user's next step.
        let shared = self.store.global(id)?.is_some_and(|g| g.seq > 0);
        if shared && !self.replaying {
            let current = self.store.load_act(id)?.version;
            if base != current {
                return Err(conflict(id, base, current));
            }
            self.store
                .set_bozza(id, username, content, base, &now.to_string())?;
            return Ok(SavedVersion {
                version: base,
                saved_at: now.to_string(),
            });
        }
        let version = self.store.save_act(id, base, content, username, now)?;
        Ok(SavedVersion {
            version,
            saved_at: now.to_string(),
        })
    }

    fn last_saved_at(&self, id: ActId) -> AppResult<String> {
        Ok(self
            .store
            .versions(id)?
            .into_iter()
            .next()
            .map(|v| v.saved_at)
            .unwrap_or_default())
    }
}

fn conflict(id: ActId, base: u32, current: u32) -> AppError {
    AppError::new(
        ErrorCode::Conflict,
        format!(
            "l'atto {id} è stato modificato (versione {current}) dopo la versione {base} da cui \
             parte questa modifica: ricaricare l'atto"
        ),
    )
}

/// Whether two acts have the same content: every field but those of its identity and place
/// in the iter (id, state, version, office, proposal, number), so that a field added to the
/// act is content without being listed here.
pub(crate) fn same_content(a: &Act, b: &Act) -> bool {
    let content = |x: &Act| Act {
        id: None,
        state: atti_core::ActState::Bozza,
        version: 0,
        office: String::new(),
        proposal: None,
        numero: None,
        ..x.clone()
    };
    content(a) == content(b)
}

pub(crate) fn summary(row: ActRow, snippet: Option<String>) -> ActSummary {
    ActSummary {
        id: row.id,
        kind: row.kind,
        kind_label: row.kind.label().into(),
        state: row.state,
        state_label: row.state.label().into(),
        office: row.office,
        proposal: Some(row.proposal),
        numero: row.numero,
        adoption_date: row.adoption_date,
        oggetto: row.oggetto,
        updated_at: row.updated_at,
        version: row.version,
        snippet,
        iter_pending: None,
        restituita: row.restituita,
    }
}

/// Parses a JSON file written by people, with Italian messages naming line and column;
/// `what` names the file in them (e.g. "JSON dell'atto").
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8], what: &str) -> AppResult<T> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "il file non è testo UTF-8 valido (byte non valido alla posizione {})",
                e.valid_up_to()
            ),
        )
    })?;
    serde_json::from_str(text).map_err(|e| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "{what} non valido alla riga {}, colonna {}: {}",
                e.line(),
                e.column(),
                translate_serde(&e.to_string())
            ),
        )
    })
}

/// serde_json speaks English; the clerk reads Italian. The common cases, translated.
fn translate_serde(msg: &str) -> String {
    let msg = msg.split(" at line ").next().unwrap_or(msg);
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        return format!("valore non ammesso {rest}").replace(", expected one of", "; ammessi:");
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        return format!("campo sconosciuto {rest}").replace(", expected one of", "; ammessi:");
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("manca il campo {rest}");
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        return format!("tipo non valido: {rest}").replace(", expected", "; atteso");
    }
    if msg.starts_with("EOF while parsing") {
        return "il file è troncato".into();
    }
    if msg.starts_with("expected") || msg.starts_with("trailing") || msg.starts_with("key must") {
        return format!("sintassi JSON errata ({msg})");
    }
    msg.to_string()
}
