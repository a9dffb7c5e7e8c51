//! Who works at this PC: the login on the Comune's document server.
//!
//! Outside the demo Comune the session user is the user the server authenticated: the
//! username and password go to the server (an authenticated PROPFIND of its base folder), and
//! only a user the server accepts, who is also one of the Comune's users, works. The password
//! then lives in the OS keyring (the sync uses it) and nowhere else. When the server cannot be
//! reached, the last user who logged in on this PC may go on working offline, if the password
//! typed is the one the keyring holds for them. Every login and logout is in the audit chain.
//!
//! The demo Comune needs no server and no password: its user switch and `--as` are the
//! demo's, and refused everywhere else.

use crate::dto::{LoginDto, LoginInfo};
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::Sensitive;
use atti_sync::secrets::SecretStore;
use atti_sync::{Client, ServerConfig, SyncError};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Setting: the user logged in on this PC (until they log out).
pub(crate) const SESSION_USER: &str = "session_user";
/// Setting: the last user who logged in on this PC, even after their logout (the login
/// screen proposes their name).
const LAST_USER: &str = "last_user";

/// What a login needs: the server's address and CA certificate on the first login of a PC
/// (afterwards the configured ones), the username and the password.
pub struct LoginRequest<'a> {
    /// The document server's base URL; `None` uses the one this PC knows.
    pub server_url: Option<&'a str>,
    /// A PEM file with the CA certificate of the server's PKI; `None` keeps the configured one.
    pub ca_path: Option<&'a Path>,
    /// The user's account on the server, which is their username in the Comune.
    pub username: &'a str,
    /// The password (to the server, then to the keyring).
    pub password: &'a Sensitive<String>,
}

impl Atti {
    /// What the login screen shows before anyone is logged in: the Comune, whether it is the
    /// demo, the server this PC knows and the last user who logged in here.
    pub fn login_info(&self) -> AppResult<LoginInfo> {
        let server = self.server_config()?;
        Ok(LoginInfo {
            comune: self.store.comune_name()?,
            demo: self.is_demo_comune()?,
            server_url: server.as_ref().map(|c| c.base_url.clone()),
            server_ca_set: server.is_some_and(|c| c.ca_pem.is_some()),
            last_user: self.store.setting(LAST_USER)?,
        })
    }

    /// Logs `request.username` in: the server must accept the credentials and the Comune
    /// must know the user. Offline, only the last user who logged in on this PC, with the
    /// password the keyring holds for them. The first login of a PC also sets the server,
    /// and of an empty data dir creates the Comune from the set-up on the server; every login
    /// online takes the server's newer set-up, if any.
    pub fn session_login(&mut self, request: LoginRequest<'_>) -> AppResult<LoginDto> {
        let initialised = self.store.is_initialised()?;
        if initialised && self.is_demo_comune()? {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                "nel Comune di Esempio non si accede con un account: si sceglie l'utente (menu «Utente» o --as)",
            ));
        }
        let username = request.username.trim();
        if username.is_empty() || request.password.expose().is_empty() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "inserire nome utente e password",
            ));
        }
        let config = self.login_server(&request, username)?;
        let account = crate::sync::keyring_account(&config);
        let client = Client::new(&config, request.password.clone())?;
        let probe = client.clone();
        let offline = match crate::sync::block_on(async move { probe.authenticate().await })? {
            Ok(()) => false,
            Err(SyncError::Credentials) => {
                return Err(AppError::new(
                    ErrorCode::Forbidden,
                    format!(
                        "il server documentale {} non accetta nome utente e password: accesso negato",
                        config.base_url
                    ),
                ));
            }
            Err(e) if e.is_transient() && initialised => {
                self.check_offline_login(username, &account, request.password, &e)?;
                true
            }
            Err(e) => return Err(e.into()),
        };
        // Who is what comes from the server: a new PC's Comune, or its newer set-up.
        let notices = match (offline, initialised) {
            (true, _) => Vec::new(),
            (false, false) => self.init_comune_from_server(&client)?,
            (false, true) => self.pull_comune_setup(&client).unwrap_or_else(|e| {
                vec![format!(
                    "anagrafica del Comune non aggiornata dal server: {}",
                    e.message
                )]
            }),
        };
        let user = self.store.user(username).map_err(|_| {
            AppError::new(
                ErrorCode::Forbidden,
                format!(
                    "il server riconosce l'utente «{username}», ma non è tra gli utenti del {}: l'amministratore deve aggiungerlo",
                    self.store.comune_name().unwrap_or_default()
                ),
            )
        })?;
        if !offline {
            self.secret_store().set(&account, request.password)?;
            self.store
                .set_setting(crate::sync::SERVER_URL, &config.base_url)?;
            if let Some(pem) = &config.ca_pem {
                self.store
                    .set_setting(crate::sync::SERVER_CA, &String::from_utf8_lossy(pem))?;
            }
        }
        self.store.set_setting(crate::sync::SERVER_USER, username)?;
        self.store.set_setting(SESSION_USER, username)?;
        self.store.set_setting(LAST_USER, username)?;
        let detail = serde_json::json!({
            "server": config.base_url,
            "postazione": self.workstation_id()?,
            "senza_server": offline,
        });
        self.store
            .record_access(username, "accesso", detail, &self.clock.now().to_string())?;
        self.user = Some(user);
        Ok(LoginDto {
            session: self.session_info()?,
            offline,
            notices,
        })
    }

    /// The server to log in on: the one this PC knows, or on its first login the one given
    /// (a PC's server changes only by its amministratore, «atti server set»).
    fn login_server(&self, request: &LoginRequest<'_>, username: &str) -> AppResult<ServerConfig> {
        let known = self.server_config()?;
        let base_url = match (request.server_url.map(str::trim), &known) {
            (Some(url), Some(known)) if url != known.base_url => {
                return Err(AppError::new(
                    ErrorCode::Forbidden,
                    format!(
                        "questa postazione usa il server documentale {}: solo l'amministratore lo cambia (Impostazioni › Server, «atti server set»)",
                        known.base_url
                    ),
                ));
            }
            (Some(url), _) => url.to_string(),
            (None, Some(known)) => known.base_url.clone(),
            (None, None) => {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    "questa postazione non conosce ancora il server documentale del Comune: indicarne l'indirizzo (--server)",
                ));
            }
        };
        let given = match request.ca_path {
            Some(path) => Some(crate::files::read_capped(path, 1024 * 1024)?),
            None => None,
        };
        let ca_pem = match (&given, &known) {
            (Some(pem), Some(known)) if known.ca_pem.as_ref() != Some(pem) => {
                return Err(AppError::new(
                    ErrorCode::Forbidden,
                    "questa postazione ha già il certificato della CA del server: solo l'amministratore lo cambia (Impostazioni › Server, «atti server set»)",
                ));
            }
            (Some(pem), _) => Some(pem.clone()),
            (None, known) => known.as_ref().and_then(|k| k.ca_pem.clone()),
        };
        if let Some(pem) = &ca_pem {
            crate::sync::check_ca_pem(pem)?;
        }
        let config = ServerConfig {
            base_url,
            user: username.to_string(),
            ca_pem,
        };
        config.validate()?;
        Ok(config)
    }

    /// Offline, only the last user who logged in here, with the password the keyring holds.
    fn check_offline_login(
        &self,
        username: &str,
        account: &str,
        password: &Sensitive<String>,
        cause: &SyncError,
    ) -> AppResult<()> {
        let last = self.store.setting(SESSION_USER)?;
        if last.as_deref() != Some(username) {
            let who = last.map_or("l'ultimo è uscito".to_string(), |u| {
                format!("l'ultimo accesso è di «{u}»")
            });
            return Err(AppError::new(
                ErrorCode::Offline,
                format!(
                    "{cause} Senza server può continuare a lavorare solo l'ultimo utente che ha effettuato l'accesso su questa postazione ({who})."
                ),
            ));
        }
        let stored = self.secret_store().get(account)?;
        let same = stored.is_some_and(|s| {
            Sha256::digest(s.expose().as_bytes()) == Sha256::digest(password.expose().as_bytes())
        });
        if !same {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!(
                    "{cause} Senza server la password si controlla con quella dell'ultimo accesso su questa postazione: non corrisponde."
                ),
            ));
        }
        Ok(())
    }

    /// Logs the session user out: their password leaves the keyring (the outbox waits for
    /// the next login), this PC forgets them, and nobody works until someone logs in.
    pub fn session_logout(&mut self) -> AppResult<()> {
        if self.is_demo_comune()? {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                "nel Comune di Esempio non si esce: si sceglie un altro utente",
            ));
        }
        let user = self.current_user()?.clone();
        if let Some(config) = self.server_config()? {
            self.secret_store()
                .delete(&crate::sync::keyring_account(&config))?;
        }
        self.store.remove_setting(SESSION_USER)?;
        let detail = serde_json::json!({ "postazione": self.workstation_id()? });
        self.store.record_access(
            &user.username,
            "uscita",
            detail,
            &self.clock.now().to_string(),
        )?;
        self.user = None;
        Ok(())
    }

    /// Goes on with the session of the last user who logged in on this PC (the CLI, for IT
    /// staff and scripts, acts for them until «atti logout»; the desktop asks the password at
    /// every start). The demo Comune goes on with its default user.
    pub fn resume_session(&mut self) -> AppResult<()> {
        if self.is_demo_comune()? {
            return Ok(());
        }
        self.user = match self.store.setting(SESSION_USER)? {
            Some(name) => self.store.user(&name).ok(),
            None => None,
        };
        Ok(())
    }
}
