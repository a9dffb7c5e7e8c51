//! The Atti desktop app: a Tauri 2 window hosting the web UI (ui/), whose commands are thin
//! adapters over atti-app. No SQL, no domain rules here: if the UI needs something, it goes
//! into atti-app first.

mod commands;

use atti_app::{AppError, Atti, ErrorCode};
use std::sync::Mutex;

/// The one open data dir, shared by the commands.
pub struct AppState(Mutex<Atti>);

impl AppState {
    /// Runs `f` on the open data dir.
    pub fn with<T>(&self, f: impl FnOnce(&mut Atti) -> Result<T, AppError>) -> Result<T, AppError> {
        let mut atti = self.0.lock().map_err(|_| {
            AppError::new(
                ErrorCode::Internal,
                "stato dell'applicazione non valido: riavviare Atti",
            )
        })?;
        f(&mut atti)
    }
}

/// Opens the data dir (`ATTI_DATA_DIR`, else the platform's), creating the demo Comune on
/// first start.
fn open_data_dir() -> Result<Atti, AppError> {
    let dir = match std::env::var_os("ATTI_DATA_DIR") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => atti_app::default_data_dir().ok_or_else(|| {
            AppError::new(
                ErrorCode::Storage,
                "cartella dei dati non determinabile (ATTI_DATA_DIR)",
            )
        })?,
    };
    let mut atti = Atti::open(&dir)?;
    atti.ensure_initialised()?;
    Ok(atti)
}

/// Starts the app.
pub fn run() {
    let atti = match open_data_dir() {
        Ok(atti) => atti,
        Err(e) => {
            eprintln!("Atti non può partire: {}", e.message);
            std::process::exit(1);
        }
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState(Mutex::new(atti)))
        .invoke_handler(tauri::generate_handler![
            commands::session::session_info,
            commands::session::session_switch_user,
            commands::acts::act_list,
            commands::acts::act_create,
            commands::acts::act_get,
            commands::acts::act_save,
            commands::acts::act_versions,
            commands::acts::act_version,
            commands::attachments::attachment_add,
            commands::attachments::attachment_remove,
            commands::iter::iter_status,
            commands::iter::iter_take,
            commands::iter::parere_give,
            commands::iter::act_history,
            commands::iter::act_diff,
            commands::iter::registro,
            commands::iter::inbox,
            commands::iter::act_correct,
            commands::documents::document_pdf,
            commands::documents::document_save,
            commands::documents::copia_issue,
            commands::documents::copie,
            commands::documents::verify_qr,
            commands::documents::omissis_proposals,
            commands::signatures::act_sign,
            commands::signatures::identity_mine,
            commands::signatures::identity_add,
            commands::signatures::signature_verify,
            commands::signatures::visto_sign,
            commands::documents::seal_info,
            commands::documents::seal_generate,
            commands::documents::seal_import,
            commands::sync::server_settings,
            commands::sync::server_set,
            commands::sync::server_test,
            commands::sync::sync_run,
            commands::sync::outbox,
            commands::sync::sync_states,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Atti si è chiuso per un errore: {e}");
        std::process::exit(1);
    }
}
