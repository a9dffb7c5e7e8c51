//! The shared iter, the app's side (docs/iter-condiviso.md): in a Comune with a document
//! server, every step that others must see (an action of the iter, a parere, a signature)
//! goes first to the act's history on the server, then is applied here exactly as every other
//! PC applies it (`apply_event`). Drafting stays on this PC: an act's versions before its
//! first step, and a user's bozza of a shared act, travel with their next step. `pull` brings
//! the steps of the other PCs, learning what changed from the server's index.

use crate::dto::{ActionRequest, PulledDto, QueuedStepDto};
use crate::sync::block_on;
use crate::{AppError, AppResult, Atti, ErrorCode, FixedClock};
use atti_core::ActId;
use atti_core::event::{Event, EventKind};
use atti_core::iter::Action;
use atti_store::GlobalRow;
use atti_sync::Client;
use atti_sync::history::{Appended, Envelope, HistoryEvent, NO_PREV};
use atti_sync::index::IndexMark;
use sha2::Digest;
use std::sync::Arc;

/// Setting: where this PC read the server's index up to (JSON of `IndexMark`).
const INDEX_MARK: &str = "indice_letto";
/// Setting: the index entries this PC still owes (steps whose entry the server did not take).
const INDEX_OWED: &str = "indice_da_scrivere";
/// Setting: the slots this PC reserved (act uid, seq) whose event it has not recorded yet: an
/// event found there is this PC's own (it was killed after deciding it), even when its user
/// also works on another PC.
const RESERVED_HERE: &str = "slot_riservati";
/// Tries of a step that the steps of other PCs keep overtaking.
const TRIES: u32 = 5;
/// The longest a step waits for another PC's step under way on the same act.
const PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);
/// The register's folder of the proposals of an office, under `registro/<year>/`.
const PROPOSALS: &str = "proposte";

/// Where a new act's proposal number and global identifier come from.
pub(crate) enum Origin {
    /// A draft of this archive only (the demo Comune, or no document server).
    Local,
    /// A Comune's act: both are claimed now on the server.
    Server(Client),
    /// An act created on another PC: as its event says.
    Event {
        proposta: Option<u32>,
        uid: Option<String>,
    },
}

/// A step of the shared iter being applied: the number it carries, and how far the act's
/// history stands with it (written in the step's own transaction).
pub(crate) struct SharedApply {
    pub(crate) numero: Option<u32>,
    pub(crate) global: GlobalRow,
    /// Taken on this PC (not pulled from another).
    pub(crate) own: bool,
}

/// What a pull of one act's history did.
#[derive(Default)]
pub(crate) struct Pull {
    pub(crate) applied: usize,
    pub(crate) problems: Vec<String>,
    /// Events found void (recorded as refused, the history went on past them): why.
    pub(crate) voided: Vec<String>,
    /// The last step applied.
    pub(crate) last_step: Option<Event>,
    /// Where the act's next event goes (after the slots left void by PCs that died).
    pub(crate) next_seq: u64,
    /// Another PC holds that place now (its step is under way).
    pub(crate) pending: bool,
}

/// What applying one event of a history did.
pub(crate) enum Applied {
    /// Its step is recorded.
    Step(Event),
    /// It is void (why): recorded as refused, the history goes on.
    Void(String),
}

/// The history's start of a shared act: nothing applied yet.
pub(crate) fn new_global(uid: &str) -> GlobalRow {
    GlobalRow {
        act_id: ActId(0),
        uid: uid.to_string(),
        seq: 0,
        head: NO_PREV.to_string(),
        shared_version: 0,
    }
}

/// A new global identifier: `<username>-<32 random hex digits>`.
pub(crate) fn new_uid(username: &str) -> AppResult<String> {
    Ok(format!(
        "{username}-{}",
        hex::encode(crate::session::random_bytes::<16>()?)
    ))
}

impl Atti {
    /// The document server's client when this archive's steps are shared: a Comune's own
    /// (not the demo) with a server; `None` while applying steps (they are shared already).
    pub(crate) fn shared_client(&self) -> AppResult<Option<Client>> {
        if self.replaying || self.is_demo_comune()? {
            return Ok(None);
        }
        self.server_client()
    }

    /// The act's name in its documents' ident: its global identifier when shared (the same
    /// on every PC), else its id here.
    pub(crate) fn act_ref(&self, id: ActId) -> AppResult<String> {
        Ok(self
            .store
            .global(id)?
            .map_or_else(|| id.0.to_string(), |g| g.uid))
    }

    /// Claims the next proposal number of `office` on the server's register.
    pub(crate) fn claim_proposal(
        &self,
        client: &Client,
        office: &str,
        now: jiff::Timestamp,
    ) -> AppResult<u32> {
        let year = now.to_zoned(jiff::tz::TimeZone::UTC).year();
        let first = self.store.next_proposal_seq(office, year)?;
        let claim = serde_json::json!({
            "ufficio": office,
            "by": self.current_user()?.username,
            "at": now.to_string(),
            "postazione": self.workstation_id()?,
        })
        .to_string();
        let folder = format!("{PROPOSALS}-{}", office.to_lowercase());
        let client = client.clone();
        block_on(async move {
            client
                .claim_number(
                    crate::sync::REGISTRO_ROOT,
                    i32::from(year),
                    &folder,
                    first,
                    claim.as_bytes(),
                )
                .await
        })?
        .map_err(|e| offline_or(e, "la proposta non è stata creata"))
    }

    /// Takes a step of the shared iter on act `id`: the act's history brought up to date,
    /// `check` asked on it (refused: nothing is sent), the next slot reserved, the step's
    /// event made by `produce` at its moment (it may claim a number, and sign), then sent with
    /// the drafting the server does not have (the act's versions before its first step, then
    /// the user's bozza), and applied here as on every PC. Another PC's step first: its step
    /// is applied and ours decided again.
    pub(crate) fn share_step(
        &mut self,
        client: &Client,
        id: ActId,
        check: &dyn Fn(&Atti) -> AppResult<()>,
        produce: &mut dyn FnMut(&mut Atti, jiff::Timestamp) -> AppResult<EventKind>,
    ) -> AppResult<()> {
        let user = self.current_user()?.username.clone();
        if self.store.global(id)?.is_none() {
            // An act drafted before its Comune had a server: shared from its first step.
            self.store.set_global(&GlobalRow {
                act_id: id,
                ..new_global(&new_uid(&user)?)
            })?;
        }
        // Another PC's step under way is waited for, a few seconds at most (it ends, or its
        // place is void within the Comune's step time).
        let patience = client
            .tuning()
            .slot_timeout
            .saturating_add(std::time::Duration::from_secs(2))
            .min(PATIENCE);
        let waiting_since = std::time::Instant::now();
        let mut tries = 0;
        while tries < TRIES {
            let uid = self.global_row(id)?.uid;
            let pulled = self.pull_act(client, &uid)?;
            if let Some(problem) = pulled.problems.first() {
                return Err(AppError::new(ErrorCode::Conflict, problem.clone()));
            }
            if let Err(refused) = check(self) {
                return Err(match &pulled.last_step {
                    // Another PC's step came first: say which, and when.
                    Some(step) => self.overtaken(refused, step),
                    None => refused,
                });
            }
            if pulled.pending && waiting_since.elapsed() < patience {
                std::thread::sleep(std::time::Duration::from_millis(250));
                continue;
            }
            if pulled.pending {
                // Another PC is taking a step on this act (or died doing it: its place is
                // void within the Comune's step time).
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    format!(
                        "su un'altra postazione è in corso un passo sull'atto {id}: nulla è stato registrato, riprovare tra qualche istante"
                    ),
                ));
            }
            let global = self.global_row(id)?;
            // After the places left void by PCs that died, if any.
            let seq = pulled.next_seq.max(global.seq + 1);
            // Owed before the slot is taken: a PC killed after its decision still tells the
            // others at its next sync (an entry for a slot that ends void costs a read).
            self.owe_index(&uid, seq)?;
            self.mark_reserved(&uid, seq, true)?;
            let reserver = client.clone();
            let reserved = block_on(async move { reserver.reserve(&uid, seq).await })?
                .map_err(|e| offline_or(e, "il passo non è stato registrato"))?;
            if !reserved {
                self.mark_reserved(&global.uid, seq, false)?;
                tries += 1;
                continue;
            }
            // The step's moment is the clock of all it does (documents kept, signatures).
            let at = self.clock.now();
            let clock = std::mem::replace(&mut self.clock, Arc::new(FixedClock(at)));
            let what = produce(self, at);
            self.clock = clock;
            let step = Event {
                act: id,
                at,
                by: user.clone(),
                what: what?,
            };
            let mut events = self.unshared_events(&global)?;
            events.push(step.clone());
            let envelope = Envelope {
                atto: global.uid.clone(),
                seq,
                prev: global.head.clone(),
                autore: user.clone(),
                evento: serde_json::to_value(&events)
                    .map_err(|e| AppError::new(ErrorCode::Internal, format!("evento: {e}")))?,
            };
            let (_, sha) = envelope.file()?;
            let (writer, sent) = (client.clone(), envelope.clone());
            let decided = block_on(async move { writer.decide(&sent).await })?
                .map_err(|e| offline_or(e, "il passo non è stato registrato"))?;
            if decided == Appended::Taken {
                self.mark_reserved(&global.uid, seq, false)?;
                tries += 1;
                continue;
            }
            // Applied here as every PC applies it: the edits of the bozza, then the step.
            let own = HistoryEvent {
                sha256: sha,
                envelope,
            };
            if let Applied::Void(reason) = self.apply_envelope(&own)? {
                return Err(AppError::new(ErrorCode::NotAllowed, reason));
            }
            self.pay_index(client)?;
            return Ok(());
        }
        Err(AppError::new(
            ErrorCode::Conflict,
            format!(
                "l'atto {id} cambia di continuo sul server documentale: nulla è stato registrato, riprovare tra poco"
            ),
        ))
    }

    /// An action of the iter on a shared act: sent now, or, while the server does not answer
    /// (or earlier steps of this act still wait), decided on the state this PC knows and
    /// queued for the next sync.
    pub(crate) fn take_shared_action(
        &mut self,
        client: &Client,
        id: ActId,
        action: Action,
        request: &ActionRequest,
    ) -> AppResult<()> {
        let user = self.current_user()?.username.clone();
        let waiting = |atti: &Atti| -> AppResult<bool> {
            Ok(atti
                .store
                .queued_steps(Some(id))?
                .iter()
                .any(|q| q.refused.is_none()))
        };
        if waiting(self)? {
            // In order: what was queued first goes first.
            self.send_queued(client)?;
        }
        let sent = if waiting(self)? {
            Err(AppError::new(
                ErrorCode::Offline,
                "passi precedenti in attesa",
            ))
        } else {
            self.share_step(
                client,
                id,
                &|atti| atti.decide_action(id, action, request).map(|_| ()),
                &mut |atti, _| atti.action_event(id, action, request),
            )
        };
        match sent {
            Ok(()) => {
                self.store.clear_refused_steps(id, &user)?;
                Ok(())
            }
            Err(e) if e.code == ErrorCode::Offline => {
                // Decided on the state this PC knows: a refusal now is said now.
                self.decide_action(id, action, request)?;
                let text = serde_json::to_string(request)
                    .map_err(|e| AppError::new(ErrorCode::Internal, format!("passo: {e}")))?;
                self.store.queue_step(
                    id,
                    &user,
                    action.slug(),
                    &text,
                    &self.clock.now().to_string(),
                )?;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Sends the steps this user queued while the server did not answer, oldest first, each
    /// decided again on the state then: sent, refused (kept with the reason), or still
    /// waiting (the server still does not answer). Steps of other users wait for their
    /// login. Returns (sent, refused with their reasons).
    pub(crate) fn send_queued(&mut self, client: &Client) -> AppResult<(usize, Vec<String>)> {
        let user = self.current_user()?.username.clone();
        let mut sent = 0;
        let mut refused = Vec::new();
        let queue = self.store.queued_steps(None)?;
        for step in queue.iter().filter(|q| q.refused.is_none() && q.by == user) {
            let id = step.act_id;
            let action = Action::from_slug(&step.action).ok_or_else(|| {
                AppError::new(
                    ErrorCode::Internal,
                    format!("passo in coda illeggibile: «{}»", step.action),
                )
            })?;
            let request: ActionRequest = serde_json::from_str(&step.request)
                .map_err(|e| AppError::new(ErrorCode::Internal, format!("passo in coda: {e}")))?;
            let outcome = self.share_step(
                client,
                id,
                &|atti| atti.decide_action(id, action, &request).map(|_| ()),
                &mut |atti, _| atti.action_event(id, action, &request),
            );
            match outcome {
                Ok(()) => {
                    self.store.queued_step_sent(step.id)?;
                    sent += 1;
                }
                // Still no answer, or others keep stepping first: it waits for the next sync.
                Err(e) if e.code == ErrorCode::Offline || e.code == ErrorCode::Conflict => break,
                Err(e) if e.is_refusal() => {
                    let reason = format!(
                        "«{}» sull'atto {id}, preso offline il {}, non è stato registrato: {}",
                        action.label(),
                        step.queued_at,
                        e.message
                    );
                    self.store.queued_step_refused(step.id, &reason)?;
                    refused.push(reason);
                }
                Err(e) => return Err(e),
            }
        }
        Ok((sent, refused))
    }

    /// `acts` with the steps of this PC not on the server yet said on each.
    pub(crate) fn with_iter_pending(
        &self,
        mut acts: Vec<crate::dto::ActSummary>,
    ) -> AppResult<Vec<crate::dto::ActSummary>> {
        let queue = self.store.queued_steps(None)?;
        for act in &mut acts {
            let steps: Vec<_> = queue.iter().filter(|q| q.act_id == act.id).collect();
            act.iter_pending = if steps.iter().any(|q| q.refused.is_none()) {
                Some("In invio".into())
            } else if !steps.is_empty() {
                Some("Passo non registrato".into())
            } else {
                None
            };
        }
        Ok(acts)
    }

    /// The queued steps of an act, as the UI shows them.
    pub(crate) fn queued_steps(&self, id: ActId) -> AppResult<Vec<QueuedStepDto>> {
        Ok(self
            .store
            .queued_steps(Some(id))?
            .into_iter()
            .filter_map(|q| {
                let action = Action::from_slug(&q.action)?;
                Some(QueuedStepDto {
                    action,
                    label: action.label().to_string(),
                    by: q.by,
                    queued_at: q.queued_at,
                    refused: q.refused,
                })
            })
            .collect())
    }

    /// A refusal after another PC's step: the rule, and the step that came first.
    fn overtaken(&self, refused: AppError, step: &Event) -> AppError {
        let who = self
            .store
            .user(&step.by)
            .map(|u| u.full_name)
            .unwrap_or_else(|_| step.by.clone());
        let what = match &step.what {
            EventKind::Action { action, .. } | EventKind::Signed { action, .. } => {
                format!("«{}»", action.label())
            }
            EventKind::Parere { tipo, .. } => format!("il {}", tipo.label()),
            EventKind::Attestazione { tipo, .. } => format!("il {}", tipo.label()),
            EventKind::Archiviazione { .. } => "l'archiviazione del verbale".to_string(),
            _ => "un passo".to_string(),
        };
        let when = atti_core::dates::in_italy(step.at).strftime("%H:%M:%S");
        AppError {
            message: format!(
                "{} (su un'altra postazione {who} ha appena registrato {what}, alle {when}: il passo non è stato registrato)",
                refused.message
            ),
            ..refused
        }
    }

    fn global_row(&self, id: ActId) -> AppResult<GlobalRow> {
        self.store.global(id)?.ok_or_else(|| {
            AppError::new(
                ErrorCode::Internal,
                format!("l'atto {id} non è condiviso sul server documentale"),
            )
        })
    }

    /// Notes that the server's index must say act `uid` has event `seq` (written by
    /// [`Atti::pay_index`], now or at the next sync).
    pub(crate) fn owe_index(&mut self, uid: &str, seq: u64) -> AppResult<()> {
        let mut owed = self.slots_setting(INDEX_OWED)?;
        let entry = (uid.to_string(), seq);
        if !owed.contains(&entry) {
            owed.push(entry);
            self.write_slots_setting(INDEX_OWED, &owed)?;
        }
        Ok(())
    }

    /// Notes (or forgets) that this PC reserved slot `seq` of act `uid`.
    fn mark_reserved(&mut self, uid: &str, seq: u64, reserved: bool) -> AppResult<()> {
        let mut slots = self.slots_setting(RESERVED_HERE)?;
        let slot = (uid.to_string(), seq);
        slots.retain(|s| *s != slot);
        if reserved {
            slots.push(slot);
        }
        self.write_slots_setting(RESERVED_HERE, &slots)
    }

    /// A list of (act uid, seq) kept in a setting.
    fn slots_setting(&self, key: &str) -> AppResult<Vec<(String, u64)>> {
        Ok(self
            .store
            .setting(key)?
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default())
    }

    fn write_slots_setting(&mut self, key: &str, slots: &[(String, u64)]) -> AppResult<()> {
        let text = serde_json::to_string(slots)
            .map_err(|e| AppError::new(ErrorCode::Internal, format!("{key}: {e}")))?;
        self.store.set_setting(key, &text)?;
        Ok(())
    }

    /// Writes the index entries this PC owes, oldest first; stops at the first the server
    /// does not take (they stay owed).
    pub(crate) fn pay_index(&mut self, client: &Client) -> AppResult<()> {
        let mut owed = self.slots_setting(INDEX_OWED)?;
        while let Some((uid, seq)) = owed.first().cloned() {
            let writer = client.clone();
            match block_on(async move { writer.index_append(&uid, seq).await })? {
                Ok(()) => {
                    owed.remove(0);
                    self.write_slots_setting(INDEX_OWED, &owed)?;
                }
                Err(e) if e.is_transient() => break,
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Applies a step as its user at its moment, with how far the history then stands.
    fn apply_step(&mut self, step: &Event, global: GlobalRow, own: bool) -> AppResult<()> {
        let numero = match &step.what {
            EventKind::Action { numero, .. } | EventKind::Signed { numero, .. } => *numero,
            _ => None,
        };
        self.shared_apply = Some(SharedApply {
            numero,
            global,
            own,
        });
        let applied = self.apply_event(step);
        self.shared_apply = None;
        applied
    }

    /// The drafting of act `global.act_id` the server does not have yet, as events: its
    /// creation (before its first step), then each version saved since.
    fn unshared_events(&self, global: &GlobalRow) -> AppResult<Vec<Event>> {
        if global.seq > 0 {
            // Shared already: this user's edits since are their bozza on this PC.
            return self.bozza_events(global);
        }
        let id = global.act_id;
        let act = self.store.load_act(id)?;
        let mut versions = self.store.versions(id)?;
        versions.sort_by_key(|v| v.version);
        let at = |text: &str| {
            text.parse::<jiff::Timestamp>().map_err(|e| {
                AppError::new(
                    ErrorCode::Internal,
                    format!("atto {id}: data di salvataggio illeggibile ({e})"),
                )
            })
        };
        let mut previous = self.store.load_version(id, 1)?;
        let first = versions.first().ok_or_else(|| {
            AppError::new(ErrorCode::Internal, format!("l'atto {id} non ha versioni"))
        })?;
        let proposta = act
            .proposal
            .as_deref()
            .and_then(|p| p.rsplit('/').next())
            .and_then(|n| n.parse().ok());
        let mut events = vec![Event {
            act: id,
            at: at(&first.saved_at)?,
            by: first.saved_by.clone(),
            what: EventKind::Created {
                kind: act.kind,
                oggetto: previous.oggetto.clone(),
                office: act.office.clone(),
                uid: Some(global.uid.clone()),
                proposta,
            },
        }];
        let shared = global.shared_version.max(1);
        for row in versions.iter().filter(|v| v.version > 1) {
            let content = self.store.load_version(id, row.version)?;
            if row.version > shared {
                events.push(Event {
                    act: id,
                    at: at(&row.saved_at)?,
                    by: row.saved_by.clone(),
                    what: drafting_event(&previous, &content, &|sha| self.store.blob(sha))?,
                });
            }
            previous = content;
        }
        Ok(events)
    }

    /// The current user's bozza of a shared act as drafting events (attachments removed,
    /// added, then the text), on the current shared version; none without a bozza. A bozza
    /// that started from an older version is not sent over what others wrote meanwhile.
    fn bozza_events(&self, global: &GlobalRow) -> AppResult<Vec<Event>> {
        let id = global.act_id;
        let user = self.current_user()?.username.clone();
        let Some(bozza) = self.store.bozza(id, &user)? else {
            return Ok(Vec::new());
        };
        let current = self.store.load_act(id)?;
        if bozza.base_version != current.version {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!(
                    "le tue modifiche all'atto {id} partono dalla versione {}, ma da un'altra postazione è arrivata la versione {}: riaprire l'atto e riprendere le modifiche (quelle di prima sono conservate), poi ripetere il passo",
                    bozza.base_version, current.version
                ),
            ));
        }
        let at: jiff::Timestamp = bozza.saved_at.parse().map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("bozza dell'atto {id}: data illeggibile ({e})"),
            )
        })?;
        let event = |what| Event {
            act: id,
            at,
            by: user.clone(),
            what,
        };
        let mut events = Vec::new();
        let mut attachments = current.attachments.clone();
        for gone in current.attachments.iter().filter(|a| {
            !bozza
                .content
                .attachments
                .iter()
                .any(|b| b.sha256 == a.sha256)
        }) {
            attachments.retain(|a| a.sha256 != gone.sha256);
            events.push(event(EventKind::Detached {
                sha256: gone.sha256.clone(),
            }));
        }
        for new in bozza
            .content
            .attachments
            .iter()
            .filter(|b| !current.attachments.iter().any(|a| a.sha256 == b.sha256))
        {
            attachments.push(new.clone());
            events.push(event(EventKind::Attached {
                name: new.name.clone(),
                bytes: self.store.blob(&new.sha256)?,
            }));
        }
        let text = atti_core::Act {
            id: Some(id),
            version: current.version + events.len() as u32,
            attachments,
            ..bozza.content.clone()
        };
        if !crate::acts::same_content(&text, &current) {
            events.push(event(EventKind::Saved {
                content: Box::new(text),
            }));
        }
        Ok(events)
    }

    /// What the current user should know of their edits of a shared act on this PC: not sent
    /// yet, or set aside because another PC's version came first.
    pub(crate) fn bozza_notice(&self, id: ActId) -> AppResult<Option<String>> {
        let Some(user) = &self.user else {
            return Ok(None);
        };
        let current = self.store.load_act(id)?.version;
        let set_aside = self.store.bozze_superate(id, &user.username)?;
        Ok(match self.store.bozza(id, &user.username)? {
            Some(b) if b.base_version == current => Some(format!(
                "Le tue modifiche (ultimo salvataggio {}) sono solo su questa postazione: partono con il tuo prossimo passo dell'iter.",
                b.saved_at
            )),
            Some(b) => Some(format!(
                "Le tue modifiche partite dalla versione {} non sono state inviate: da un'altra postazione è arrivata la versione {current}. Sono conservate su questa postazione; riaprire l'atto e riprenderle.",
                b.base_version
            )),
            None if !set_aside.is_empty() => Some(format!(
                "Su questa postazione sono conservate {} tue bozze superate da versioni arrivate da altre postazioni.",
                set_aside.len()
            )),
            None => None,
        })
    }

    /// Brings act `uid`'s history from the server: the events after those applied here, each
    /// applied as on every PC. A history broken on the server stops there (a problem).
    pub(crate) fn pull_act(&mut self, client: &Client, uid: &str) -> AppResult<Pull> {
        let (from, prev) = match self.store.global_by_uid(uid)? {
            Some(g) => (g.seq + 1, g.head),
            None => (1, NO_PREV.to_string()),
        };
        let reader = client.clone();
        let uid_owned = uid.to_string();
        let history = block_on(async move { reader.history(&uid_owned, from, &prev).await })?
            .map_err(|e| offline_or(e, "l'atto non è stato aggiornato"))?;
        let mut pulled = Pull {
            problems: history.problems.clone(),
            next_seq: history.next_seq,
            pending: history.pending,
            ..Pull::default()
        };
        for event in &history.events {
            match self.apply_envelope(event) {
                Ok(Applied::Step(step)) => {
                    pulled.applied += 1;
                    pulled.last_step = Some(step);
                }
                Ok(Applied::Void(reason)) => pulled.voided.push(reason),
                Err(e) => {
                    pulled.problems.push(e.message);
                    break;
                }
            }
        }
        Ok(pulled)
    }

    /// Applies one event of a history: its drafting events (each once: a PC killed in the
    /// middle finds those it applied), then its step with how far the history stands, in
    /// the step's transaction. An event the rules refuse here, or that is not a well-formed
    /// step of its author (an event in another's name, unreadable, a creation out of place),
    /// is void, alike on every PC: the history goes on past it, and the audit log and the
    /// pull say why.
    fn apply_envelope(&mut self, event: &HistoryEvent) -> AppResult<Applied> {
        let envelope = &event.envelope;
        let events = match checked_events(envelope) {
            Ok(events) => events,
            Err((reason, at)) => {
                // The moment every PC gives it: its own, or the act's last save.
                let at = match at {
                    Some(at) => at,
                    None => self.last_saved(&envelope.atto)?,
                };
                return self.void(event, &envelope.autore, at, &reason);
            }
        };
        let Some((step, drafting)) = events.split_last() else {
            let at = self.last_saved(&envelope.atto)?;
            return self.void(event, &envelope.autore, at, "vuoto");
        };
        // The first event of an act this PC had before: its own creation, whose drafting is
        // the versions saved here.
        let created_here = envelope.seq == 1 && self.store.global_by_uid(&envelope.atto)?.is_some();
        for e in drafting.iter().filter(|_| !created_here) {
            match self.apply_drafting(&envelope.atto, e) {
                Ok(()) => {}
                Err(err) if err.is_refusal() => return self.void(event, &e.by, e.at, &err.message),
                Err(err) => return Err(err),
            }
        }
        let Some(global) = self.store.global_by_uid(&envelope.atto)? else {
            return self.void(event, &step.by, step.at, "l'atto non è stato creato");
        };
        let id = global.act_id;
        let advanced = GlobalRow {
            seq: envelope.seq,
            head: event.sha256.clone(),
            shared_version: self.store.load_act(id)?.version,
            ..global
        };
        let step = Event {
            act: id,
            ..step.clone()
        };
        // A step this PC sent (now, or before it was killed): its own.
        let slot = (envelope.atto.clone(), envelope.seq);
        let own = self.slots_setting(RESERVED_HERE)?.contains(&slot);
        let applied = self.apply_step(&step, advanced, own);
        if own {
            self.mark_reserved(&slot.0, slot.1, false)?;
        }
        match applied {
            Ok(()) => {
                if drafting
                    .iter()
                    .any(|e| !matches!(e.what, EventKind::Created { .. }))
                {
                    // Its author's edits went with it: their bozza here is the shared text now.
                    self.store.drop_bozza(id, &step.by)?;
                }
                Ok(Applied::Step(step))
            }
            Err(e) if e.is_refusal() => self.void(event, &step.by, step.at, &e.message),
            Err(e) => Err(e),
        }
    }

    /// When act `uid`'s text was last saved (the epoch for an act this PC does not have).
    fn last_saved(&self, uid: &str) -> AppResult<jiff::Timestamp> {
        let Some(global) = self.store.global_by_uid(uid)? else {
            return Ok(jiff::Timestamp::UNIX_EPOCH);
        };
        let versions = self.store.versions(global.act_id)?;
        Ok(versions
            .iter()
            .max_by_key(|v| v.version)
            .and_then(|v| v.saved_at.parse().ok())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH))
    }

    /// A void event of a history: recorded as «rifiutato» with its reason, and the history
    /// goes on past it. Of an act this PC does not have, nothing can go on: an error.
    fn void(
        &mut self,
        event: &HistoryEvent,
        by: &str,
        at: jiff::Timestamp,
        reason: &str,
    ) -> AppResult<Applied> {
        let envelope = &event.envelope;
        let reason = format!(
            "atto {}, evento {} di {}: {reason}",
            envelope.atto, envelope.seq, envelope.autore
        );
        let Some(global) = self.store.global_by_uid(&envelope.atto)? else {
            return Err(AppError::new(ErrorCode::Conflict, reason));
        };
        let advanced = GlobalRow {
            seq: envelope.seq,
            head: event.sha256.clone(),
            shared_version: self.store.load_act(global.act_id)?.version,
            ..global
        };
        self.store
            .record_refused_step(&advanced, by, &at.to_string(), &reason)?;
        Ok(Applied::Void(reason))
    }

    /// Applies a drafting event of act `uid` unless applied already (a version of this
    /// moment and author in its place).
    fn apply_drafting(&mut self, uid: &str, event: &Event) -> AppResult<()> {
        let global = self.store.global_by_uid(uid)?;
        let Some(global) = global else {
            // Only the act's creation comes before the act (checked by the caller).
            return self.apply_event(&Event {
                act: self.store.next_act_id()?,
                ..event.clone()
            });
        };
        let id = global.act_id;
        if matches!(event.what, EventKind::Created { .. }) {
            return Ok(());
        }
        let act = self.store.load_act(id)?;
        let mut event = Event {
            act: id,
            ..event.clone()
        };
        if let EventKind::Saved { content } = &mut event.what {
            let place = content.version + 1;
            let done = self.store.versions(id)?.into_iter().any(|v| {
                v.version == place && v.saved_by == event.by && v.saved_at == event.at.to_string()
            });
            if done {
                return Ok(());
            }
            content.id = Some(id);
        }
        // An attachment added that is there, or removed that is not: applied already.
        let has = |sha: &str| act.attachments.iter().any(|a| a.sha256 == sha);
        match &event.what {
            EventKind::Attached { bytes, .. } if has(&hex::encode(sha2::Sha256::digest(bytes))) => {
                return Ok(());
            }
            EventKind::Detached { sha256 } if !has(sha256) => return Ok(()),
            _ => {}
        }
        self.apply_event(&event)
    }

    /// Brings every act that changed on the server since this PC last looked (the server's
    /// index), writes the index entries this PC owes, and moves the mark.
    pub fn shared_pull(&mut self) -> AppResult<PulledDto> {
        let Some(client) = self.shared_client()? else {
            return Ok(PulledDto::default());
        };
        let (sent, refused) = self.send_queued(&client)?;
        // The offices' modelli: what the others saved or deleted.
        let modelli_problems = self.pull_modelli(&client)?;
        self.publish_sedute()?;
        self.pay_index(&client)?;
        let mark: IndexMark = self
            .store
            .setting(INDEX_MARK)?
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        let reader = client.clone();
        let changes = block_on(async move { reader.index_since(&mark).await })?
            .map_err(|e| offline_or(e, "gli atti degli altri uffici non sono stati aggiornati"))?;
        let mut uids: Vec<String> = Vec::new();
        for change in changes.changes {
            if !uids.contains(&change.uid) {
                uids.push(change.uid);
            }
        }
        let mut pulled = PulledDto {
            sent,
            refused,
            problems: modelli_problems,
            ..PulledDto::default()
        };
        // The sessions before the acts: an act's approval follows its session's vote.
        uids.sort_by_key(|uid| !crate::sedute_condivise::is_seduta_uid(uid));
        for uid in uids {
            if crate::sedute_condivise::is_seduta_uid(&uid) {
                let one = self.pull_seduta(&client, &uid)?;
                pulled.applied += one.applied;
                pulled.problems.extend(one.problems);
                continue;
            }
            let one = self.pull_act(&client, &uid)?;
            pulled.applied += one.applied;
            pulled.problems.extend(one.problems);
            pulled.problems.extend(one.voided);
        }
        let text = serde_json::to_string(&changes.mark)
            .map_err(|e| AppError::new(ErrorCode::Internal, format!("indice: {e}")))?;
        self.store.set_setting(INDEX_MARK, &text)?;
        // The albo: what ended leaves it (on whichever PC notices first), what failed is
        // written again.
        let albo = self.albo_aggiorna()?;
        pulled.problems.extend(albo.errori);
        pulled.waiting = self
            .store
            .queued_steps(None)?
            .iter()
            .filter(|q| q.refused.is_none())
            .count();
        Ok(pulled)
    }
}

/// The events of an envelope, if they are a well-formed step of its author:
/// `[Created] drafting* step`, every event by the author of the area it lies in, `Created`
/// only first in the act's first event and naming it. Otherwise why not (and the moment of
/// its last event, if it can be read).
fn checked_events(envelope: &Envelope) -> Result<Vec<Event>, (String, Option<jiff::Timestamp>)> {
    let events: Vec<Event> = serde_json::from_value(envelope.evento.clone())
        .map_err(|e| (format!("illeggibile ({e})"), None))?;
    let Some((step, drafting)) = events.split_last() else {
        return Err(("vuoto".into(), None));
    };
    let refuse = |why: String| Err((why, Some(step.at)));
    if !step.what.is_step() || drafting.iter().any(|e| e.what.is_step()) {
        return refuse("non è un passo dell'iter".into());
    }
    if let Some(e) = events.iter().find(|e| e.by != envelope.autore) {
        return refuse(format!(
            "attribuisce a {} un passo scritto da {}",
            e.by, envelope.autore
        ));
    }
    for (i, e) in drafting.iter().enumerate() {
        if let EventKind::Created { uid, .. } = &e.what
            && (i != 0 || envelope.seq != 1 || uid.as_deref() != Some(envelope.atto.as_str()))
        {
            return refuse("crea un atto fuori posto".into());
        }
    }
    Ok(events)
}

/// The drafting event that turns version `before` into `after`: an attachment added or
/// removed, or the text saved.
fn drafting_event(
    before: &atti_core::Act,
    after: &atti_core::Act,
    blob: &dyn Fn(&str) -> Result<Vec<u8>, atti_store::StoreError>,
) -> AppResult<EventKind> {
    let added: Vec<_> = after
        .attachments
        .iter()
        .filter(|a| !before.attachments.iter().any(|b| b.sha256 == a.sha256))
        .collect();
    let removed: Vec<_> = before
        .attachments
        .iter()
        .filter(|b| !after.attachments.iter().any(|a| a.sha256 == b.sha256))
        .collect();
    Ok(match (added.as_slice(), removed.as_slice()) {
        ([], []) => EventKind::Saved {
            content: Box::new(atti_core::Act {
                version: before.version,
                ..after.clone()
            }),
        },
        ([a], []) => EventKind::Attached {
            name: a.name.clone(),
            bytes: blob(&a.sha256)?,
        },
        ([], [r]) => EventKind::Detached {
            sha256: r.sha256.clone(),
        },
        _ => {
            return Err(AppError::new(
                ErrorCode::Internal,
                "una versione cambia più allegati insieme: non si può inviare come passi",
            ));
        }
    })
}

/// A server error said in Italian: unreachable (transient) → `Offline` naming what was not
/// done, otherwise as it is.
pub(crate) fn offline_or(e: atti_sync::SyncError, what: &str) -> AppError {
    crate::sync::offline_with(e, |e| {
        format!("il server documentale non risponde ({e}): {what}. Riprovare quando la rete torna")
    })
}
