//! Opening a data dir and knowing who works in it.

use crate::dto::{KindInfo, OfficeDto, SessionInfo, StateInfo, UserDto};
use crate::{AppError, AppResult, Clock, ErrorCode, SystemClock, demo};
use atti_core::comune::ComuneSetup;
use atti_core::{ActKind, ActState, role::may_draft};
use atti_store::{DB_FILE, Office, Store, User};
use std::path::{Path, PathBuf};

/// Setting that names the user a session starts as.
const DEFAULT_USER: &str = "default_user";

/// An open data dir, and the user working in it.
pub struct Atti {
    pub(crate) store: Store,
    pub(crate) clock: std::sync::Arc<dyn Clock>,
    pub(crate) user: Option<User>,
    /// Applying events taken elsewhere: their numbers were claimed there, none is claimed here.
    pub(crate) replaying: bool,
    /// Applying a step of the shared iter (docs/iter-condiviso.md): the number it carries
    /// and how far the act's history stands with it, written in the step's transaction.
    pub(crate) shared_apply: Option<crate::shared::SharedApply>,
    data_dir: PathBuf,
}

/// Where a «Salva» dialog opens first: the user's Documents folder (else their home), never
/// the program's folder.
pub fn save_dir() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(
        dirs.document_dir()
            .unwrap_or_else(|| dirs.home_dir())
            .to_path_buf(),
    )
}

/// The platform's data dir for Atti (e.g. `~/.local/share/atti` on Linux).
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("it", "Atti", "atti").map(|d| d.data_dir().to_path_buf())
}

impl Atti {
    /// Opens (creating if needed) the store in `data_dir`, on the system clock.
    pub fn open(data_dir: &Path) -> AppResult<Atti> {
        Atti::open_with_clock(data_dir, Box::new(SystemClock))
    }

    /// Opens the store in `data_dir` with a given clock.
    pub fn open_with_clock(data_dir: &Path, clock: Box<dyn Clock>) -> AppResult<Atti> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            AppError::new(
                ErrorCode::Storage,
                format!(
                    "impossibile creare la cartella dei dati {}: {e}",
                    data_dir.display()
                ),
            )
        })?;
        let store = Store::open(&data_dir.join(DB_FILE))?;
        let mut atti = Atti {
            store,
            clock: std::sync::Arc::from(clock),
            user: None,
            replaying: false,
            shared_apply: None,
            data_dir: data_dir.to_path_buf(),
        };
        // The demo Comune starts with its default user; any other with nobody, until
        // someone logs in (`login`) or the CLI resumes the last login (`resume_session`).
        if atti.store.is_initialised()?
            && atti.is_demo_comune()?
            && let Some(name) = atti.store.setting(DEFAULT_USER)?
        {
            atti.user = atti.store.user(&name).ok();
        }
        Ok(atti)
    }

    /// The data dir.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Creates the demo Comune (offices, one user per role) and makes `istruttore` the
    /// default user. Fails if the store already has a Comune.
    pub fn init_demo(&mut self) -> AppResult<()> {
        self.store.init_comune(
            demo::DEMO_COMUNE,
            &demo::offices(),
            &demo::users(),
            self.clock.now(),
        )?;
        self.store.set_setting(DEFAULT_USER, "istruttore")?;
        self.user = Some(self.store.user("segretario")?);
        self.init_demo_identities()?;
        // The demo's clerks of the segreteria attest copies: the istruttore and the segretario.
        self.store_funzionari_copie(&["istruttore".into(), "segretario".into()])?;
        self.store_organi(&demo::organi())?;
        self.set_pagopa_ente(&demo::pagopa())?;
        self.user = Some(self.store.user("istruttore")?);
        Ok(())
    }

    /// Creates a Comune from its set-up (name, offices, users; see `atti_core::comune`).
    /// Nobody works in it until a user logs in ([`Atti::session_login`]). Fails if the store already
    /// has a Comune. Returns the warnings about roles no user has.
    pub fn init_comune(&mut self, setup: &ComuneSetup) -> AppResult<Vec<String>> {
        let warnings = atti_core::comune::validate_setup(setup)?;
        let (offices, users) = setup_rows(setup);
        self.store
            .init_comune(&setup.name, &offices, &users, self.clock.now())?;
        self.store_funzionari_copie(&setup.funzionari_copie)?;
        self.setup_settings(setup)?;
        Ok(warnings)
    }

    /// [`Atti::init_comune`] from the JSON file IT staff write (at most 1 MB).
    pub fn init_comune_file(&mut self, path: &Path) -> AppResult<Vec<String>> {
        let bytes = crate::files::read_capped(path, 1024 * 1024)?;
        let setup: ComuneSetup = crate::acts::parse_json(&bytes, "JSON del Comune")?;
        self.init_comune(&setup)
    }

    /// Creates the demo Comune unless the store already has one (the desktop's first start).
    pub fn ensure_initialised(&mut self) -> AppResult<()> {
        if !self.store.is_initialised()? {
            self.init_demo()?;
        }
        Ok(())
    }

    /// Whether this is the demo Comune, whose demo keys and addresses protect nothing.
    pub(crate) fn is_demo_comune(&self) -> AppResult<bool> {
        Ok(self.store.comune_name()? == demo::DEMO_COMUNE)
    }

    /// Fails with a message telling how to start when the store has no Comune yet.
    pub fn check_initialised(&self) -> AppResult<()> {
        self.store.comune_name()?;
        Ok(())
    }

    /// Works as `username` from now on: the demo Comune's user switch (and the CLI's
    /// `--as`). Any other Comune refuses it: there each user logs in with their own account.
    /// An unknown user is refused and changes nothing.
    pub fn switch_user(&mut self, username: &str) -> AppResult<()> {
        if !self.is_demo_comune()? {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!(
                    "nel {} ognuno lavora con il proprio account: il cambio di utente (e --as) esiste solo nel Comune di Esempio; accedere come «{username}» con la sua password («atti login»)",
                    self.store.comune_name()?
                ),
            ));
        }
        self.assume_user(username)
    }

    /// Works as `username` from now on, without any proof: for trusted code in this process
    /// (the replay of events whose author is proven otherwise, tests, benchmarks). No front
    /// door calls it (the tidy test checks the CLI and the desktop's commands).
    pub fn assume_user(&mut self, username: &str) -> AppResult<()> {
        let user = self.store.user(username).map_err(|_| {
            AppError::new(
                ErrorCode::NotFound,
                format!("l'utente «{username}» non esiste"),
            )
        })?;
        self.user = Some(user);
        Ok(())
    }

    /// Switches the session to another user (the demo Comune's user switch) and says who
    /// is working now.
    pub fn session_switch_user(&mut self, username: &str) -> AppResult<SessionInfo> {
        self.switch_user(username)?;
        self.session_info()
    }

    /// The current user if they may change the Comune's settings (atti-core
    /// `role::may_administer`: the amministratore), else why not: `what` says what was asked.
    pub(crate) fn check_amministratore(&self, what: &str) -> AppResult<User> {
        let user = self.current_user()?;
        if !atti_core::role::may_administer(user.role) {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!(
                    "solo l'amministratore di sistema può {what}: l'utente {} è {}",
                    user.username,
                    user.role.label().to_lowercase()
                ),
            ));
        }
        Ok(user.clone())
    }

    /// Records in the audit chain that `actor` changed `what` of the Comune's settings, and
    /// what it is now (`detail`: never a secret).
    pub(crate) fn audit_setting(
        &mut self,
        actor: &User,
        what: &str,
        detail: serde_json::Value,
    ) -> AppResult<()> {
        let now = self.clock.now().to_string();
        Ok(self
            .store
            .record_setting_change(&actor.username, what, detail, &now)?)
    }

    /// Fails unless someone works in this session (the front doors' gate: before a login
    /// nothing of a real Comune is read or written).
    pub fn check_session(&self) -> AppResult<()> {
        self.current_user().map(|_| ())
    }

    /// The current user, or an error telling how to choose one.
    pub(crate) fn current_user(&self) -> AppResult<&User> {
        self.user.as_ref().ok_or_else(|| {
            AppError::new(
                ErrorCode::NoUser,
                "nessun utente in questa sessione: accedere con il proprio account",
            )
        })
    }

    /// Who works, in which Comune, and the lists the UI offers.
    pub fn session_info(&self) -> AppResult<SessionInfo> {
        let comune = self.store.comune_name()?;
        let user = self.current_user()?;
        let users = self.store.users()?;
        let offices = self.store.offices()?;
        Ok(SessionInfo {
            comune,
            demo: self.is_demo_comune()?,
            server_url: self.store.setting(crate::sync::SERVER_URL)?,
            user: user_dto(user),
            users: users.iter().map(user_dto).collect(),
            offices: offices
                .iter()
                .map(|o| OfficeDto {
                    code: o.code.clone(),
                    name: o.name.clone(),
                })
                .collect(),
            kinds: ActKind::ALL
                .into_iter()
                .map(|k| KindInfo {
                    kind: k,
                    label: k.label().into(),
                    dispositivo_verb: k.dispositivo_verb().map(String::from),
                    has_impegni: k.has_impegni(),
                    is_verbale: k.is_verbale(),
                    may_draft: may_draft(user.role, k),
                })
                .collect(),
            states: ActState::ALL
                .into_iter()
                .map(|s| StateInfo {
                    state: s,
                    label: s.label().into(),
                    editable: s.is_editable(),
                })
                .collect(),
            today: self.today().to_string(),
            may_administer: atti_core::role::may_administer(user.role),
            may_attest_copies: atti_core::role::check_copy_official(
                &user.username,
                &self.funzionari_copie()?,
            )
            .is_ok(),
            save_dir: save_dir().map(|d| d.to_string_lossy().into_owned()),
            modelli_offices: offices
                .iter()
                .filter(|o| {
                    atti_core::modello::check_may_manage(crate::actor(user), &o.code).is_ok()
                })
                .map(|o| o.code.clone())
                .collect(),
        })
    }

    /// `PRAGMA integrity_check` of the store ("ok" when sound).
    pub fn integrity_check(&self) -> AppResult<String> {
        Ok(self.store.integrity_check()?)
    }
}

/// The offices and users of a set-up, as the store keeps them.
pub(crate) fn setup_rows(setup: &ComuneSetup) -> (Vec<Office>, Vec<User>) {
    let offices = setup
        .offices
        .iter()
        .map(|o| Office {
            code: o.code.clone(),
            name: o.name.clone(),
        })
        .collect();
    let users = setup
        .users
        .iter()
        .map(|u| User {
            username: u.username.clone(),
            full_name: u.full_name.clone(),
            role: u.role,
            office: u.office.clone(),
            codice_fiscale: Some(u.codice_fiscale.clone()),
        })
        .collect();
    (offices, users)
}

fn user_dto(u: &User) -> UserDto {
    UserDto {
        username: u.username.clone(),
        full_name: u.full_name.clone(),
        role: u.role,
        role_label: u.role.label().into(),
        office: u.office.clone(),
    }
}

/// A user as atti-core's rules see them: username, role and office.
pub(crate) fn actor(user: &User) -> atti_core::iter::Actor<'_> {
    atti_core::iter::Actor {
        username: &user.username,
        role: user.role,
        office: user.office.as_deref(),
    }
}

/// `N` bytes from the operating system's random source.
pub(crate) fn random_bytes<const N: usize>() -> AppResult<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("il sistema non fornisce numeri casuali ({e})"),
        )
    })?;
    Ok(bytes)
}
