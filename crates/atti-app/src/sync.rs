//! Sync to the municipal document server as use cases: the server settings (the password
//! only in the OS keyring), the connection test, the archival package of each signed act
//! queued in the outbox, sending it, and the cross-PC register (final numbers claimed on the
//! server). The protocol is atti-sync's; this module says what to send and records outcomes.
//!
//! **Invariant:** the package of an act is queued once, the moment its last signature is
//! recorded; the outbox rows never change but for their state.

use crate::dto::{
    OutboxEntryDto, ServerSettingsDto, ServerTestDto, SyncProgressDto, SyncSummaryDto,
};
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::{ActId, ActKind, Sensitive};
use atti_store::{NewOutboxFile, OutboxRow, Store};
use atti_sync::secrets::{KeyringStore, SecretStore};
use atti_sync::{Client, ItemState, Outbox, OutboxItem, ServerConfig, SyncError};
use std::sync::{Arc, Mutex};

pub(crate) const SERVER_URL: &str = "server_url";
pub(crate) const SERVER_USER: &str = "server_user";
pub(crate) const SERVER_CA: &str = "server_ca_pem";
/// Service name of Atti's entries in the OS keyring.
const KEYRING_SERVICE: &str = "it.comune.atti";
/// Setting: this data dir's identifier, named in the register's claims.
pub(crate) const WORKSTATION: &str = "postazione";
/// Folder of the register under the base URL.
pub(crate) const REGISTRO_ROOT: &str = "registro";

impl From<SyncError> for AppError {
    fn from(e: SyncError) -> AppError {
        let code = if e.needs_attention() {
            ErrorCode::Server
        } else if e.is_transient() {
            ErrorCode::Offline
        } else {
            ErrorCode::Server
        };
        AppError::new(code, e.to_string())
    }
}

/// Fails unless `pem` holds the server PKI's CA certificate(s).
pub(crate) fn check_ca_pem(pem: &[u8]) -> AppResult<()> {
    atti_sign::pem_to_der_certs(pem).map(|_| ()).map_err(|e| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("certificato della CA del server non valido: {e}"),
        )
    })
}

pub(crate) fn keyring_account(config: &ServerConfig) -> String {
    format!("server:{}@{}", config.user, config.base_url)
}

/// Runs a future of atti-sync to completion on a runtime of its own, on a thread of its
/// own: callers may be inside another runtime (the desktop's commands) or in none (the CLI).
pub(crate) fn block_on<F>(future: F) -> AppResult<F::Output>
where
    F: std::future::Future + Send,
    F::Output: Send,
{
    std::thread::scope(|s| {
        s.spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map(|rt| rt.block_on(future))
        })
        .join()
    })
    .map_err(|_| AppError::new(ErrorCode::Internal, "il lavoro di rete si è interrotto"))?
    .map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("runtime di rete non avviato: {e}"),
        )
    })
}

/// The outbox table seen by the sync worker, on a connection of its own, on the session's
/// clock.
struct SqliteOutbox {
    store: Mutex<Store>,
    clock: Arc<dyn crate::Clock>,
}

impl SqliteOutbox {
    fn with<T>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, atti_store::StoreError>,
    ) -> Result<T, SyncError> {
        let store = self
            .store
            .lock()
            .map_err(|_| SyncError::Outbox("archivio locale non disponibile".into()))?;
        f(&store).map_err(|e| SyncError::Outbox(e.to_string()))
    }
}

impl Outbox for SqliteOutbox {
    fn pending(&self) -> Result<Vec<OutboxItem>, SyncError> {
        let rows = self.with(|s| s.outbox_pending())?;
        Ok(rows
            .into_iter()
            .map(|r| OutboxItem {
                id: r.id,
                package: r.package,
                remote_path: r.remote_path,
                sha256: r.sha256,
                size: r.size,
                signed: r.signed,
                last: r.last,
            })
            .collect())
    }

    fn content(&self, item: &OutboxItem) -> Result<Vec<u8>, SyncError> {
        self.with(|s| s.blob(&item.sha256))
    }

    fn record(
        &self,
        item_id: i64,
        state: ItemState,
        detail: Option<&str>,
    ) -> Result<(), SyncError> {
        let state = match state {
            ItemState::Verified => "verificato",
            ItemState::Conflict => "conflitto",
            ItemState::NeedsAttention => "attenzione",
        };
        let now = self.clock.now().to_string();
        self.with(|s| s.outbox_record(item_id, state, detail, &now))
    }

    fn incomplete(&self, package: i64) -> Result<bool, SyncError> {
        self.with(|s| s.outbox_package_incomplete(package))
    }
}

fn state_label(state: &str) -> &'static str {
    match state {
        "in-coda" => "In coda",
        "verificato" => "Inviato e verificato",
        "conflitto" => "Conflitto",
        _ => "Richiede attenzione",
    }
}

impl Atti {
    pub(crate) fn secret_store(&self) -> KeyringStore {
        KeyringStore::new(KEYRING_SERVICE)
    }

    /// The configured server, if any (without the password).
    pub(crate) fn server_config(&self) -> AppResult<Option<ServerConfig>> {
        let (Some(url), Some(user)) = (
            self.store.setting(SERVER_URL)?,
            self.store.setting(SERVER_USER)?,
        ) else {
            return Ok(None);
        };
        Ok(Some(ServerConfig {
            base_url: url,
            user,
            ca_pem: self.store.setting(SERVER_CA)?.map(String::into_bytes),
        }))
    }

    /// The document server's password, from the OS keyring.
    pub(crate) fn server_password(
        &self,
        config: &ServerConfig,
    ) -> AppResult<atti_core::Sensitive<String>> {
        self.secret_store()
            .get(&keyring_account(config))?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Server,
                    "la password del server documentale non è nel portachiavi del sistema: reinserirla con «atti server set» o da Impostazioni › Server",
                )
            })
    }

    /// A client for the configured server, with the password from the keyring.
    pub(crate) fn server_client(&self) -> AppResult<Option<Client>> {
        let Some(config) = self.server_config()? else {
            return Ok(None);
        };
        let password = self.server_password(&config)?;
        // Every PC of the Comune judges a reserved slot void after the same time.
        let seconds = self
            .store
            .setting(crate::comune_setup::STEP_TIMEOUT)?
            .and_then(|s| s.parse().ok())
            .unwrap_or(atti_core::comune::DEFAULT_STEP_TIMEOUT_SECONDS);
        let tuning = atti_sync::Tuning {
            slot_timeout: std::time::Duration::from_secs(u64::from(seconds)),
            ..atti_sync::Tuning::default()
        };
        Ok(Some(Client::with_tuning(&config, password, tuning)?))
    }

    /// Sets the document server: base URL (https only), user, optional CA certificate of
    /// the municipal PKI (PEM); the password goes to the OS keyring and nowhere else (an empty
    /// one keeps the stored password). Files that waited for the clerk are queued again.
    pub fn server_set_ca_pem(
        &mut self,
        url: &str,
        user: &str,
        ca_pem: Option<Vec<u8>>,
        password: &Sensitive<String>,
    ) -> AppResult<ServerSettingsDto> {
        let admin = self.check_amministratore("impostare il server documentale")?;
        // Outside the demo each user works on the server with their own account.
        if !self.is_demo_comune()? && user.trim() != admin.username {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!(
                    "il server documentale si usa con l'account di chi ha effettuato l'accesso ({}), non con quello di «{}»",
                    admin.username,
                    user.trim()
                ),
            ));
        }
        let config = ServerConfig {
            base_url: url.trim().to_string(),
            user: user.trim().to_string(),
            ca_pem: ca_pem.clone(),
        };
        config.validate()?;
        if let Some(pem) = &ca_pem {
            check_ca_pem(pem)?;
        }
        let account = keyring_account(&config);
        if password.expose().is_empty() {
            // Whoever changes the certificate the server is trusted by must know its password:
            // otherwise anyone at this PC could point the archive at a server of their own.
            let configured = self.store.setting(SERVER_CA)?.map(String::into_bytes);
            if configured != ca_pem {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    "per cambiare il certificato della CA del server documentale va inserita di nuovo la password del server",
                ));
            }
            // An empty password keeps the one in the keyring (the settings form never shows it).
            if self.secret_store().get(&account)?.is_none() {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    "inserire la password del server documentale: il portachiavi non ne ha una per questo utente e indirizzo",
                ));
            }
        } else {
            self.secret_store().set(&account, password)?;
        }
        self.store.set_setting(SERVER_URL, &config.base_url)?;
        self.store.set_setting(SERVER_USER, &config.user)?;
        match ca_pem {
            Some(pem) => self
                .store
                .set_setting(SERVER_CA, &String::from_utf8_lossy(&pem))?,
            None => self.store.remove_setting(SERVER_CA)?,
        }
        self.store
            .outbox_retry_attention(&self.clock.now().to_string())?;
        let ca_sha256 = config.ca_pem.as_deref().map(atti_docs::sha256_hex);
        self.audit_setting(
            &admin,
            "server documentale",
            serde_json::json!({ "url": config.base_url, "utente": config.user, "ca_sha256": ca_sha256 }),
        )?;
        self.server_settings()?
            .ok_or_else(|| AppError::new(ErrorCode::Internal, "impostazioni non salvate"))
    }

    /// [`Atti::server_set_ca_pem`] with the CA certificate read from a PEM file: none given
    /// keeps the configured one, an empty path removes it.
    pub fn server_set(
        &mut self,
        url: &str,
        user: &str,
        ca_path: Option<&std::path::Path>,
        password: &Sensitive<String>,
    ) -> AppResult<ServerSettingsDto> {
        let ca = match ca_path {
            // No file given: the CA certificate already configured stays.
            None => self.store.setting(SERVER_CA)?.map(String::into_bytes),
            Some(p) if p.as_os_str().is_empty() => None,
            Some(p) => Some(std::fs::read(p).map_err(|e| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!("impossibile leggere il certificato {}: {e}", p.display()),
                )
            })?),
        };
        self.server_set_ca_pem(url, user, ca, password)
    }

    /// The server settings (never the password: only whether the keyring has it).
    pub fn server_settings(&self) -> AppResult<Option<ServerSettingsDto>> {
        let Some(config) = self.server_config()? else {
            return Ok(None);
        };
        let password_set = self
            .secret_store()
            .get(&keyring_account(&config))
            .map(|p| p.is_some())
            .unwrap_or(false);
        Ok(Some(ServerSettingsDto {
            url: config.base_url,
            user: config.user,
            ca_set: config.ca_pem.is_some(),
            password_set,
        }))
    }

    /// Tests the server: reachability, TLS, credentials, write permission, each apart. The
    /// base URL is the archive area itself (packages go to `<base>/atti/`, the register to
    /// `<base>/registro/`): the write probe is `<base>/.atti-test/<user>.txt`.
    pub fn server_test(&self) -> AppResult<ServerTestDto> {
        let client = self.server_client()?.ok_or_else(no_server)?;
        let report = block_on(async move { client.test_in("").await })?;
        Ok(ServerTestDto {
            ok: report.ok(),
            steps: report
                .steps
                .into_iter()
                .map(|s| crate::dto::ServerTestStep {
                    name: s.name,
                    ok: s.ok,
                    message: s.message,
                })
                .collect(),
        })
    }

    /// Sends the outbox to the server until it is empty or only files needing the clerk
    /// remain. `progress` is called as files are verified.
    pub fn sync(
        &mut self,
        progress: &(dyn Fn(SyncProgressDto) + Send + Sync),
    ) -> AppResult<SyncSummaryDto> {
        self.sync_run()?.run(progress)
    }

    /// Prepares a run of the outbox: what it needs, taken from the session so that the run
    /// itself goes on without it (the desktop keeps answering while files are sent).
    pub fn sync_run(&self) -> AppResult<SyncJob> {
        Ok(SyncJob {
            client: self.server_client()?.ok_or_else(no_server)?,
            db: self.data_dir().join(atti_store::DB_FILE),
            clock: Arc::clone(&self.clock),
        })
    }

    /// Every file of the outbox with its state.
    pub fn outbox(&self) -> AppResult<Vec<OutboxEntryDto>> {
        Ok(self.store.outbox()?.into_iter().map(outbox_entry).collect())
    }

    /// This data dir's own identifier (16 hex digits, random, made once): the register's
    /// claims say which PC wrote them.
    pub(crate) fn workstation_id(&self) -> AppResult<String> {
        if let Some(id) = self.store.setting(WORKSTATION)? {
            return Ok(id);
        }
        let id = hex::encode(crate::session::random_bytes::<8>()?);
        self.store.set_setting(WORKSTATION, &id)?;
        Ok(id)
    }

    /// A final number for an act about to be adopted, from the server register when a
    /// server is configured (claimed there first; a claim kept from an earlier try is
    /// reused), or None for the local register.
    pub(crate) fn claim_number(
        &mut self,
        id: ActId,
        kind: ActKind,
        year: i16,
    ) -> AppResult<Option<u32>> {
        // A replayed step's number was claimed on the PC that took it: a step of the shared
        // iter carries it (the server's register gave it), otherwise the local register
        // gives it again (and a different one refuses the step).
        if self.replaying {
            return Ok(self.shared_apply.as_ref().and_then(|s| s.numero));
        }
        if self.server_config()?.is_none() {
            return Ok(None);
        }
        if let Some(n) = self.store.pending_claim(id, kind, year)? {
            return Ok(Some(n));
        }
        let first = self
            .store
            .next_number(kind, year, &atti_store::LocalRegister)?;
        self.claim_on_server(
            id,
            kind.slug(),
            year,
            first,
            "l'atto resta in attesa di numerazione",
        )
        .map(Some)
    }

    /// The number of the register of publications for an act about to go on the albo, from
    /// the server register when a server is configured (as [`Atti::claim_number`]), or None
    /// for the local register.
    pub(crate) fn claim_albo_number(&mut self, id: ActId, year: i16) -> AppResult<Option<u32>> {
        if self.replaying {
            return Ok(self.shared_apply.as_ref().and_then(|s| s.numero));
        }
        if self.server_config()?.is_none() {
            return Ok(None);
        }
        if let Some(n) = self.store.pending_albo_claim(id, year)? {
            return Ok(Some(n));
        }
        let first = self.store.next_albo_number(year)?;
        self.claim_on_server(
            id,
            atti_store::ALBO_REGISTER,
            year,
            first,
            "l'atto non è stato pubblicato",
        )
        .map(Some)
    }

    /// Claims the first free number `>= first` of `register` in `year` on the server, and
    /// keeps the claim until the step records it. `waits` says what stays undone offline.
    fn claim_on_server(
        &mut self,
        id: ActId,
        register: &str,
        year: i16,
        first: u32,
        waits: &str,
    ) -> AppResult<u32> {
        let client = self.server_client()?.ok_or_else(no_server)?;
        let user = self.current_user()?.username.clone();
        let now = self.clock.now().to_string();
        let claim = serde_json::json!({
            "act_id": id.0,
            "by": user,
            "at": now,
            "postazione": self.workstation_id()?,
        })
        .to_string();
        let folder = register.to_string();
        let number = block_on(async move {
            client
                .claim_number(REGISTRO_ROOT, i32::from(year), &folder, first, claim.as_bytes())
                .await
        })?
        .map_err(|e| {
            offline_with(e, |e| {
                format!(
                    "{waits}: il registro sul server documentale non è raggiungibile ({e}). Nulla è stato registrato: riprovare quando la rete torna"
                )
            })
        })?;
        self.store.record_claim(id, register, year, number, &now)?;
        Ok(number)
    }

    /// Queues the archival package of an act once all its signatures are recorded: the
    /// signed act, the signed attachments (.p7m), the other attachments, the publication
    /// version, and last the metadata sidecar (AgID Allegato 5), under
    /// `atti/<year>/<kind>/<number>/`.
    pub(crate) fn enqueue_if_complete(&mut self, id: ActId) -> AppResult<()> {
        let stored = self.store.facts(id)?;
        // A delibera of a session: the PC that runs the session sends it, with the session's
        // signed avviso and minutes, once the minutes are signed.
        let session = self.seduta_package(&stored)?;
        let session_files = match session {
            crate::sedute_condivise::SedutaPackage::Nessuna => {
                // A step of the shared iter taken on another PC: that PC sends the package
                // (with the anchor of its own audit chain).
                if self.shared_apply.as_ref().is_some_and(|s| !s.own) {
                    return Ok(());
                }
                Vec::new()
            }
            crate::sedute_condivise::SedutaPackage::Altrove
            | crate::sedute_condivise::SedutaPackage::Verbale => return Ok(()),
            crate::sedute_condivise::SedutaPackage::Files(files) => files,
        };
        let act = self.store.load_act(id)?;
        let required = atti_core::iter::signers(act.kind, act.tipo_ordinanza);
        if !required.iter().all(|r| stored.signed_by.contains(r)) {
            return Ok(());
        }
        // A determinazione with spending is complete with the signed visto contabile.
        let needs_visto = act.kind == ActKind::Determinazione && !act.impegni.is_empty();
        let has_visto = stored.pareri.iter().any(|p| {
            p.tipo == atti_core::parere::ParereTipo::VistoContabile
                && p.esito == atti_core::parere::Esito::Favorevole
        });
        if needs_visto && !has_visto {
            return Ok(());
        }
        let (Some(numero), Some(adoption)) = (stored.numero.clone(), stored.adoption) else {
            return Ok(());
        };
        let number = numero.split('/').next().unwrap_or(&numero).to_string();
        let remote_dir = format!("atti/{}/{}/{number}", adoption.year(), act.kind.slug());
        // All signatures are in: the first file is the signed act.
        let mut files = self.package_files(id, &act)?;
        files.extend(session_files);
        let sidecar = crate::metadata::sidecar(self, &act, &stored, &files)?;
        files.push(NewOutboxFile {
            name: crate::metadata::SIDECAR_NAME.into(),
            bytes: sidecar.into_bytes(),
            signed: false,
            last: true,
        });
        let actor = self.current_user()?.username.clone();
        self.store.enqueue_package(
            id,
            &remote_dir,
            &files,
            &actor,
            &self.clock.now().to_string(),
        )?;
        Ok(())
    }

    /// The sync state of each act with a package: "in-coda", "verificato", "conflitto" or
    /// "attenzione" (the worst of its files).
    pub fn sync_states(&self) -> AppResult<Vec<crate::dto::ActSyncState>> {
        let mut out: Vec<(ActId, String)> = Vec::new();
        for row in self.store.outbox()? {
            let rank = |s: &str| match s {
                "verificato" => 0,
                "in-coda" => 1,
                "conflitto" => 2,
                _ => 3,
            };
            match out.iter_mut().find(|(id, _)| *id == row.act_id) {
                Some((_, state)) if rank(&row.state) > rank(state) => *state = row.state.clone(),
                Some(_) => {}
                None => out.push((row.act_id, row.state.clone())),
            }
        }
        Ok(out
            .into_iter()
            .map(|(act_id, state)| crate::dto::ActSyncState {
                act_id,
                state_label: state_label(&state).into(),
                state,
            })
            .collect())
    }
}

fn outbox_entry(r: OutboxRow) -> OutboxEntryDto {
    OutboxEntryDto {
        act_id: r.act_id,
        remote_path: r.remote_path,
        size: r.size,
        state_label: state_label(&r.state).into(),
        state: r.state,
        detail: r.detail,
        updated_at: r.updated_at,
    }
}

pub(crate) fn no_server() -> AppError {
    AppError::new(
        ErrorCode::InvalidInput,
        "nessun server documentale configurato: impostarlo con «atti server set --url URL --user NOME» o da Impostazioni › Server",
    )
}

/// A sync ready to run: the server client and the store file.
pub struct SyncJob {
    client: Client,
    db: std::path::PathBuf,
    clock: Arc<dyn crate::Clock>,
}

impl SyncJob {
    /// Sends the outbox (see [`Atti::sync`]).
    pub fn run(
        self,
        progress: &(dyn Fn(SyncProgressDto) + Send + Sync),
    ) -> AppResult<SyncSummaryDto> {
        let outbox = Arc::new(SqliteOutbox {
            store: Mutex::new(Store::open(&self.db)?),
            clock: self.clock,
        });
        let client = self.client;
        let on_progress = |p: atti_sync::Progress| {
            progress(SyncProgressDto {
                done: p.done,
                total: p.total,
                current: p.current,
            })
        };
        let summary =
            block_on(async move { atti_sync::run(&client, outbox, &on_progress).await })??;
        Ok(SyncSummaryDto {
            verified: summary.verified,
            already_present: summary.already_present,
            conflicts: summary.conflicts,
            attention: summary.attention,
            remaining: summary.remaining,
            stopped: summary.stopped,
            last_error: summary.last_error,
        })
    }
}

/// A server error: unreachable (transient) → `Offline` with the message `say` gives, in
/// Italian; otherwise as it is.
pub(crate) fn offline_with(
    e: atti_sync::SyncError,
    say: impl FnOnce(&atti_sync::SyncError) -> String,
) -> AppError {
    if e.is_transient() {
        AppError::new(ErrorCode::Offline, say(&e))
    } else {
        AppError::from(e)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Atti, ErrorCode, FixedClock};
    use atti_core::Sensitive;

    /// Whoever changes the certificate the document server is trusted by must type its
    /// password: with an empty one (which otherwise keeps the stored password) it is refused
    /// before the keyring is even asked.
    #[test]
    fn changing_the_server_ca_asks_for_the_password_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let at = "2026-11-30T08:00:00Z".parse().expect("time");
        let mut atti = Atti::open_with_clock(dir.path(), Box::new(FixedClock(at))).expect("open");
        atti.init_demo().expect("demo");
        let ca = std::fs::read(dir.path().join(crate::DEMO_CA_FILE)).expect("ca");
        let server = |atti: &mut Atti| {
            atti.server_set_ca_pem(
                "https://documenti.comune-di-esempio.example/archivio",
                "protocollo",
                Some(ca.clone()),
                &Sensitive::new(String::new()),
            )
        };
        // Not the istruttore's to change: only the amministratore sets the server.
        atti.switch_user("istruttore").expect("istruttore");
        let forbidden = server(&mut atti).expect_err("forbidden");
        assert_eq!(forbidden.code, ErrorCode::Forbidden);
        assert!(
            forbidden.message.contains("amministratore"),
            "{}",
            forbidden.message
        );
        atti.switch_user("amministratore").expect("amministratore");
        let refused = atti
            .server_set_ca_pem(
                "https://documenti.comune-di-esempio.example/archivio",
                "protocollo",
                Some(ca),
                &Sensitive::new(String::new()),
            )
            .expect_err("refused");
        assert_eq!(refused.code, ErrorCode::InvalidInput);
        assert!(
            refused.message.contains("va inserita di nuovo la password"),
            "{}",
            refused.message
        );
        assert!(atti.server_settings().expect("settings").is_none());
    }

    /// A setting changed by the amministratore is a step of the audit chain: who, when, what
    /// it is now; the chain still verifies.
    #[test]
    fn a_settings_change_is_an_audited_step() {
        let dir = tempfile::tempdir().expect("tempdir");
        let at = "2026-11-30T08:00:00Z".parse().expect("time");
        let mut atti = Atti::open_with_clock(dir.path(), Box::new(FixedClock(at))).expect("open");
        atti.init_demo().expect("demo");
        atti.switch_user("amministratore").expect("amministratore");
        atti.verification_url_set("https://www.comune.example.it/verifica")
            .expect("url");
        atti.set_signature_format("cades").expect("format");
        let entries = atti.store.audit_of_settings().expect("audit");
        let seen: Vec<(String, serde_json::Value)> = entries
            .iter()
            .map(|e| (e.actor.clone(), e.detail.clone()))
            .collect();
        assert_eq!(
            seen,
            vec![
                (
                    "amministratore".to_string(),
                    serde_json::json!({ "impostazione": "indirizzo di verifica", "valore": { "url": "https://www.comune.example.it/verifica" } })
                ),
                (
                    "amministratore".to_string(),
                    serde_json::json!({ "impostazione": "formato di firma", "valore": { "formato": "cades" } })
                ),
            ]
        );
        assert_eq!(entries[0].at, "2026-11-30T08:00:00Z");
        assert!(atti.audit_verify().expect("verify").broken.is_none());
    }
}
