//! The Comune's set-up on the document server, so that every PC agrees on who is what: the
//! amministratore publishes it (`comune_publish`), every PC takes the newest valid version at
//! its login (`pull_comune_setup`), and a new PC is created from it by its first login.
//!
//! The versions are a history of the shared iter (atti-sync `history`, act `comune`): each
//! lies in its author's own area, chained, named by its SHA-256. A version counts only if
//! atti-core allows its author to write it (`comune::check_setup_version`: an amministratore
//! of the version before; the same Comune); the others are skipped and reported, the same way
//! on every PC.

use crate::dto::ComunePublishedDto;
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::comune::{ComuneSetup, OfficeSetup, UserSetup};
use atti_sync::Client;
use atti_sync::history::{Appended, Envelope, History, NO_PREV};
use std::path::Path;

/// The shared history that holds the Comune's set-up.
const SETUP_HISTORY: &str = "comune";
/// Setting: the SHA-256 of the set-up version this archive holds.
const SETUP_VERSION: &str = "comune_versione";
/// Setting: the set-up's `step_timeout_seconds`, when it says one.
pub(crate) const STEP_TIMEOUT: &str = "tempo_passo_secondi";
/// Setting: how the Comune is known to pagoPA (JSON of atti-core's `pagopa::Ente`).
pub(crate) const PAGOPA: &str = "pagopa_ente";

/// The newest valid version of the set-up on the server: its place, its file's SHA-256, the
/// set-up, and what was skipped.
pub(crate) struct ServerSetup {
    pub(crate) version: u64,
    pub(crate) sha256: String,
    pub(crate) setup: ComuneSetup,
    pub(crate) author: String,
    pub(crate) problems: Vec<String>,
}

impl Atti {
    /// The set-up this archive holds, as IT staff would write it.
    pub(crate) fn comune_setup_local(&self) -> AppResult<ComuneSetup> {
        Ok(ComuneSetup {
            name: self.store.comune_name()?,
            offices: self
                .store
                .offices()?
                .into_iter()
                .map(|o| OfficeSetup {
                    code: o.code,
                    name: o.name,
                })
                .collect(),
            users: self
                .store
                .users()?
                .into_iter()
                .map(|u| UserSetup {
                    username: u.username,
                    full_name: u.full_name,
                    role: u.role,
                    office: u.office,
                    codice_fiscale: u.codice_fiscale.unwrap_or_default(),
                })
                .collect(),
            funzionari_copie: self.funzionari_copie()?,
            fiducia: self
                .store
                .trust_anchors()?
                .iter()
                .map(|der| atti_sign::der_to_pem(der))
                .collect::<Result<_, _>>()?,
            step_timeout_seconds: self
                .store
                .setting(STEP_TIMEOUT)?
                .and_then(|s| s.parse().ok()),
            pagopa: self.pagopa_ente()?,
            organi: self.organi()?,
        })
    }

    /// Publishes the Comune's set-up on the server (the amministratore's): this archive's, or
    /// the one of `file` (then also applied here). Nothing is published when the server's
    /// newest version is the same.
    pub fn comune_publish(&mut self, file: Option<&Path>) -> AppResult<ComunePublishedDto> {
        if self.is_demo_comune()? {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                "il Comune di Esempio non ha un'anagrafica da pubblicare: si pubblica quella di un Comune vero",
            ));
        }
        let admin = self.check_amministratore("pubblicare l'anagrafica del Comune")?;
        let client = self.server_client()?.ok_or_else(crate::sync::no_server)?;
        // What others published first: never undone by publishing this PC's older copy.
        self.pull_comune_setup(&client)?;
        let local = self.comune_setup_local()?;
        let setup = match file {
            Some(path) => {
                let bytes = crate::files::read_capped(path, 1024 * 1024)?;
                crate::acts::parse_json(&bytes, "JSON del Comune")?
            }
            None => local.clone(),
        };
        atti_core::comune::check_setup_version(Some(&local), &setup, &admin.username)?;
        let mut tries = 0;
        let published = loop {
            // Settled: the next version goes after any being written now.
            let reader = client.clone();
            let history = crate::sync::block_on(async move { settled_history(&reader).await })??;
            let (next_seq, head) = (history.next_seq, history.head.clone());
            if let Some(newest) = newest_setup(history, Some(&local.name))
                && newest.setup == setup
            {
                break (newest.version, newest.sha256, false);
            }
            let envelope = Envelope {
                atto: SETUP_HISTORY.into(),
                seq: next_seq,
                prev: head,
                autore: admin.username.clone(),
                evento: serde_json::to_value(&setup)
                    .map_err(|e| AppError::new(ErrorCode::Internal, format!("anagrafica: {e}")))?,
            };
            let (_, sha) = envelope.file()?;
            let (writer, append) = (client.clone(), envelope.clone());
            match crate::sync::block_on(async move { writer.append(&append).await })?? {
                Appended::Ours { seq } => break (seq, sha, true),
                Appended::Taken if tries < 5 => tries += 1,
                Appended::Taken => {
                    return Err(AppError::new(
                        ErrorCode::Conflict,
                        "l'anagrafica sul server cambia di continuo: riprovare tra poco",
                    ));
                }
            }
        };
        let (version, sha256, new) = published;
        if file.is_some() {
            self.apply_setup(&setup, &admin.username, version, &sha256)?;
        } else {
            self.store.set_setting(SETUP_VERSION, &sha256)?;
        }
        Ok(ComunePublishedDto {
            version,
            sha256,
            new,
        })
    }

    /// Takes the Comune's newer set-up from the server, if any (`atti sync`; the login does
    /// it too); returns what was skipped there. Nothing to take in the demo Comune.
    pub fn comune_pull(&mut self) -> AppResult<Vec<String>> {
        if self.is_demo_comune()? {
            return Ok(Vec::new());
        }
        let client = self.server_client()?.ok_or_else(crate::sync::no_server)?;
        self.pull_comune_setup(&client)
    }

    /// Takes the newest valid version of the set-up from the server, if it is not the one
    /// this archive holds: offices and users added or changed, in one transaction, audited.
    /// Returns what was skipped on the server (versions by someone who may not write them).
    pub(crate) fn pull_comune_setup(&mut self, client: &Client) -> AppResult<Vec<String>> {
        let local = self.comune_setup_local()?;
        let Some(newest) = read_setup(client, Some(&local.name))? else {
            return Ok(Vec::new());
        };
        if self.store.setting(SETUP_VERSION)?.as_deref() != Some(newest.sha256.as_str())
            && newest.setup != local
        {
            self.apply_setup(
                &newest.setup,
                &newest.author,
                newest.version,
                &newest.sha256,
            )?;
        }
        Ok(newest.problems)
    }

    /// A new PC: the Comune created from the newest valid version on the server.
    pub(crate) fn init_comune_from_server(&mut self, client: &Client) -> AppResult<Vec<String>> {
        let newest = read_setup(client, None)?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotInitialised,
                "il server documentale non ha ancora l'anagrafica del Comune: l'amministratore la pubblica con «atti comune pubblica»",
            )
        })?;
        self.init_comune(&newest.setup)?;
        self.store.set_setting(SETUP_VERSION, &newest.sha256)?;
        Ok(newest.problems)
    }

    /// How the Comune is known to pagoPA, if its set-up says.
    pub(crate) fn pagopa_ente(&self) -> AppResult<Option<atti_core::pagopa::Ente>> {
        match self.store.setting(PAGOPA)? {
            Some(json) => Ok(serde_json::from_str(&json).ok()),
            None => Ok(None),
        }
    }

    pub(crate) fn set_pagopa_ente(&mut self, ente: &atti_core::pagopa::Ente) -> AppResult<()> {
        let json = serde_json::to_string(ente)
            .map_err(|e| AppError::new(ErrorCode::Internal, format!("pagoPA: {e}")))?;
        self.store.set_setting(PAGOPA, &json)?;
        Ok(())
    }

    /// What a set-up says beyond offices and users: the authorities trusted (added), the time
    /// of a step.
    pub(crate) fn setup_settings(&mut self, setup: &ComuneSetup) -> AppResult<()> {
        for pem in &setup.fiducia {
            self.add_trust_anchors(pem.as_bytes())?;
        }
        if let Some(seconds) = setup.step_timeout_seconds {
            self.store.set_setting(STEP_TIMEOUT, &seconds.to_string())?;
        }
        if let Some(ente) = &setup.pagopa {
            self.set_pagopa_ente(ente)?;
        }
        if !setup.organi.is_empty() {
            self.store_organi(&setup.organi)?;
        }
        Ok(())
    }

    fn apply_setup(
        &mut self,
        setup: &ComuneSetup,
        author: &str,
        version: u64,
        sha256: &str,
    ) -> AppResult<()> {
        let (offices, users) = crate::session::setup_rows(setup);
        let detail = serde_json::json!({ "versione": version, "sha256": sha256 });
        self.store.update_comune(
            &offices,
            &users,
            author,
            detail,
            &self.clock.now().to_string(),
        )?;
        self.store_funzionari_copie(&setup.funzionari_copie)?;
        self.setup_settings(setup)?;
        self.store.set_setting(SETUP_VERSION, sha256)?;
        // The session's user as the new version says.
        if let Some(user) = &self.user {
            self.user = self.store.user(&user.username).ok();
        }
        Ok(())
    }
}

async fn settled_history(client: &Client) -> Result<History, atti_sync::SyncError> {
    // A slot being written (or left by a PC that died) is decided within the slot's timeout.
    let deadline = std::time::Instant::now() + client.tuning().slot_timeout * 2;
    loop {
        let history = client.history(SETUP_HISTORY, 1, NO_PREV).await?;
        if !history.pending || std::time::Instant::now() > deadline {
            return Ok(history);
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

/// The newest version of the set-up on the server that atti-core accepts ([`newest_setup`]),
/// as far as it is decided now: a version being written is taken next time.
fn read_setup(client: &Client, local_name: Option<&str>) -> AppResult<Option<ServerSetup>> {
    let reader = client.clone();
    let history =
        crate::sync::block_on(async move { reader.history(SETUP_HISTORY, 1, NO_PREV).await })??;
    Ok(newest_setup(history, local_name))
}

/// The newest version of a set-up history that atti-core accepts, walking the versions in
/// order, each checked against the last accepted one (the same on every PC), and of the
/// Comune `local_name` when this PC has one.
fn newest_setup(history: History, local_name: Option<&str>) -> Option<ServerSetup> {
    let mut problems = history.problems.clone();
    let mut newest: Option<ServerSetup> = None;
    for event in history.events {
        let envelope = event.envelope;
        let setup: ComuneSetup = match serde_json::from_value(envelope.evento) {
            Ok(s) => s,
            Err(e) => {
                problems.push(format!(
                    "anagrafica, versione {}: illeggibile ({e})",
                    envelope.seq
                ));
                continue;
            }
        };
        let previous = newest.as_ref().map(|n| &n.setup);
        let check = atti_core::comune::check_setup_version(previous, &setup, &envelope.autore)
            .map_err(|e| AppError::from(e).message)
            .and_then(|()| match local_name {
                Some(name) if name != setup.name => Err(format!("è del {}", setup.name)),
                _ => Ok(()),
            });
        match check {
            Ok(()) => {
                newest = Some(ServerSetup {
                    version: envelope.seq,
                    sha256: event.sha256,
                    setup,
                    author: envelope.autore,
                    problems: Vec::new(),
                });
            }
            Err(e) => problems.push(format!(
                "anagrafica, versione {} di {}: ignorata ({e})",
                envelope.seq, envelope.autore
            )),
        }
    }
    newest.map(|n| ServerSetup { problems, ..n })
}
