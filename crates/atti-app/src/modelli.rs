//! Modelli as use cases: the office's dirigente saves and deletes them (atti-core
//! `modello::check_may_manage`), «Nuovo atto» starts from one.
//!
//! On a real Comune each change is a fact of the office's history `modelli-<office>` on the
//! document server (atti-sync `history`, as the Comune's set-up): written there first, then
//! here. Every PC applies the others' facts at its login, every minute and at `atti sync`
//! (`shared_pull`), each checked by atti-core against its author as the Comune's set-up says,
//! the same on every PC; a fact its author could not write is skipped and reported.

use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::modello::{self, Modello, ModelloFatto};
use atti_core::{Act, ActKind};
use atti_sync::Client;
use atti_sync::history::{Appended, Envelope, NO_PREV};

/// The shared history of the modelli of `office`.
fn history_name(office: &str) -> String {
    format!("modelli-{}", office.to_lowercase())
}

impl Atti {
    /// The modelli of `office` (the current user's when `None`; every office's for a user
    /// without one), of `kind` when given.
    pub fn modelli(&self, office: Option<&str>, kind: Option<ActKind>) -> AppResult<Vec<Modello>> {
        let user = self.current_user()?;
        let office = office.or(user.office.as_deref());
        Ok(self.store.modelli(office, kind)?)
    }

    /// Saves a modello (new, or replacing the one of its office with its kind and name).
    pub fn modello_save(&mut self, modello: &Modello) -> AppResult<()> {
        let modello = Modello {
            nome: modello.nome.trim().to_string(),
            ..modello.clone()
        };
        let user = self.current_user()?.clone();
        modello::check_may_manage(crate::actor(&user), &modello.office)?;
        if !self
            .store
            .offices()?
            .iter()
            .any(|o| o.code == modello.office)
        {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("l'ufficio {} non esiste", modello.office),
            ));
        }
        modello::validate(&modello)?;
        let office = modello.office.clone();
        self.record_modello(&office, &ModelloFatto::Salvato { modello })
    }

    /// Saves a modello written as JSON (atti-core `Modello`; IT staff, scripts).
    pub fn modello_save_json(&mut self, bytes: &[u8]) -> AppResult<Modello> {
        let modello: Modello = crate::acts::parse_json(bytes, "JSON del modello")?;
        self.modello_save(&modello)?;
        Ok(modello)
    }

    /// Saves the text of act `id` as a modello of its office named `nome`.
    pub fn modello_from_act(&mut self, id: atti_core::ActId, nome: &str) -> AppResult<Modello> {
        let act = self.store.load_act(id)?;
        let modello = modello::from_act(&act, nome);
        self.modello_save(&modello)?;
        Ok(modello)
    }

    /// Deletes the modello of `office` with this kind and name.
    pub fn modello_delete(&mut self, office: &str, kind: ActKind, nome: &str) -> AppResult<()> {
        let user = self.current_user()?.clone();
        modello::check_may_manage(crate::actor(&user), office)?;
        if self.store.modello(office, kind, nome)?.is_none() {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!(
                    "l'ufficio {office} non ha un modello «{nome}» di tipo «{}»",
                    kind.label()
                ),
            ));
        }
        let fatto = ModelloFatto::Eliminato {
            kind,
            nome: nome.to_string(),
        };
        self.record_modello(office, &fatto)
    }

    /// A new draft of the current user in `office` (the user's when `None`) from its modello
    /// with this kind and name, its impegni in this year's budget; `oggetto`, when given,
    /// replaces the modello's.
    pub fn act_from_modello(
        &mut self,
        office: Option<&str>,
        kind: ActKind,
        nome: &str,
        oggetto: Option<&str>,
    ) -> AppResult<Act> {
        let user_office = self.current_user()?.office.clone();
        let office = office.or(user_office.as_deref()).ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                "l'utente non ha un ufficio: indicare l'ufficio del modello",
            )
        })?;
        let modello = self.store.modello(office, kind, nome)?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!(
                    "l'ufficio {office} non ha un modello «{nome}» di tipo «{}»",
                    kind.label()
                ),
            )
        })?;
        let oggetto = match (oggetto.map(str::trim), modello.oggetto.trim()) {
            (Some(o), _) if !o.is_empty() => o.to_string(),
            (_, "") => modello.nome.clone(),
            (_, o) => o.to_string(),
        };
        let created = self.act_create(kind, &oggetto, Some(office))?;
        let id = created
            .id
            .ok_or_else(|| AppError::new(ErrorCode::Internal, "atto senza id"))?;
        let year = u16::try_from(self.today().year()).unwrap_or_default();
        let draft = modello::content(&Modello { oggetto, ..modello }, created, year);
        self.act_save(&draft)?;
        Ok(self.store.load_act(id)?)
    }

    /// A fact about the modelli of `office` by the current user: on the server's history
    /// first (after the others' facts, taken here before), then here.
    fn record_modello(&mut self, office: &str, fatto: &ModelloFatto) -> AppResult<()> {
        let user = self.current_user()?.clone();
        let now = self.clock.now().to_string();
        let Some(client) = self.shared_client()? else {
            self.store
                .apply_modello_fatto(office, fatto, &user.username, &now, None)?;
            return Ok(());
        };
        for _ in 0..5 {
            // After the others' facts, and after any place left void by a PC that died.
            let (_, (next_seq, head)) = self.pull_office_modelli(&client, office)?;
            let envelope = Envelope {
                atto: history_name(office),
                seq: next_seq,
                prev: head,
                autore: user.username.clone(),
                evento: serde_json::to_value(fatto)
                    .map_err(|e| AppError::new(ErrorCode::Internal, format!("modello: {e}")))?,
            };
            let (_, sha) = envelope.file()?;
            let writer = client.clone();
            let append = envelope.clone();
            match crate::sync::block_on(async move { writer.append(&append).await })?
                .map_err(|e| crate::shared::offline_or(e, "il modello non è stato salvato"))?
            {
                Appended::Ours { seq } => {
                    self.store.apply_modello_fatto(
                        office,
                        fatto,
                        &user.username,
                        &now,
                        Some((seq + 1, &sha)),
                    )?;
                    return Ok(());
                }
                Appended::Taken => continue,
            }
        }
        Err(AppError::new(
            ErrorCode::Conflict,
            format!(
                "i modelli dell'ufficio {office} cambiano di continuo sul server: riprovare tra poco"
            ),
        ))
    }

    /// Applies the facts about every office's modelli written on the server since this PC
    /// last looked; returns what was skipped there, and why.
    pub(crate) fn pull_modelli(&mut self, client: &Client) -> AppResult<Vec<String>> {
        let mut problems = Vec::new();
        for office in self.store.offices()? {
            problems.extend(self.pull_office_modelli(client, &office.code)?.0);
        }
        Ok(problems)
    }

    /// [`Atti::pull_modelli`] for one office; also where its next fact goes (the history's
    /// first undecided place, and the last fact's SHA-256).
    fn pull_office_modelli(
        &mut self,
        client: &Client,
        office: &str,
    ) -> AppResult<(Vec<String>, (u64, String))> {
        let (from, prev) = self
            .store
            .modelli_letti(office)?
            .unwrap_or((1, NO_PREV.to_string()));
        let (reader, name) = (client.clone(), history_name(office));
        let history =
            crate::sync::block_on(async move { reader.history(&name, from, &prev).await })?
                .map_err(|e| {
                    crate::shared::offline_or(e, "i modelli degli uffici non sono stati aggiornati")
                })?;
        let mut problems = history.problems.clone();
        let now = self.clock.now().to_string();
        for event in history.events {
            let envelope = event.envelope;
            let read = Some((envelope.seq + 1, event.sha256.as_str()));
            let skip = |why: String| {
                format!(
                    "modelli dell'ufficio {office}, fatto {} di {}: ignorato ({why})",
                    envelope.seq, envelope.autore
                )
            };
            let fatto: ModelloFatto = match serde_json::from_value(envelope.evento.clone()) {
                Ok(f) => f,
                Err(e) => {
                    problems.push(skip(format!("illeggibile: {e}")));
                    self.store.apply_modello_skip(office, read)?;
                    continue;
                }
            };
            let allowed = self
                .store
                .user(&envelope.autore)
                .map_err(AppError::from)
                .and_then(|author| {
                    modello::check_may_manage(crate::actor(&author), office)?;
                    if fatto.office().is_some_and(|o| o != office) {
                        return Err(AppError::new(
                            ErrorCode::InvalidInput,
                            "è di un altro ufficio",
                        ));
                    }
                    if let ModelloFatto::Salvato { modello } = &fatto {
                        modello::validate(modello)?;
                    }
                    Ok(())
                });
            match allowed {
                Ok(()) => {
                    self.store
                        .apply_modello_fatto(office, &fatto, &envelope.autore, &now, read)?
                }
                Err(e) => {
                    problems.push(skip(e.message));
                    self.store.apply_modello_skip(office, read)?;
                }
            }
        }
        Ok((problems, (history.next_seq, history.head)))
    }
}
