use crate::{AppState, Picked};
use atti_app::AppError;
use atti_app::dto::{
    ActSyncState, ComunePublishedDto, OutboxEntryDto, PulledDto, ServerSettingsDto, ServerTestDto,
    SyncSummaryDto,
};
use atti_core::Sensitive;
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, Runtime, State};

#[tauri::command(async)]
pub fn server_settings(state: State<'_, AppState>) -> Result<Option<ServerSettingsDto>, AppError> {
    state.with(|atti| atti.server_settings())
}

#[tauri::command(async)]
pub fn server_set(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    url: String,
    user: String,
    ca_path: Option<PathBuf>,
    password: Sensitive<String>,
) -> Result<ServerSettingsDto, AppError> {
    picked.check_some(ca_path.as_deref())?;
    state.with(|atti| atti.server_set(&url, &user, ca_path.as_deref(), &password))
}

#[tauri::command(async)]
pub fn server_test(state: State<'_, AppState>) -> Result<ServerTestDto, AppError> {
    state.with(|atti| atti.server_test())
}

/// Sends the outbox; progress goes to the window as "sync-progress" events. The session is
/// not held while files are sent.
#[tauri::command(async)]
pub fn sync_run<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<SyncSummaryDto, AppError> {
    let run = state.with(|atti| atti.sync_run())?;
    run.run(&|p| {
        let _ = app.emit("sync-progress", p);
    })
}

#[tauri::command(async)]
pub fn outbox(state: State<'_, AppState>) -> Result<Vec<OutboxEntryDto>, AppError> {
    state.with(|atti| atti.outbox())
}

#[tauri::command(async)]
pub fn sync_states(state: State<'_, AppState>) -> Result<Vec<ActSyncState>, AppError> {
    state.with(|atti| atti.sync_states())
}

/// Publishes the Comune's set-up on the document server: the amministratore's.
#[tauri::command(async)]
pub fn comune_publish(state: State<'_, AppState>) -> Result<ComunePublishedDto, AppError> {
    state.with(|atti| atti.comune_publish(None))
}

/// Brings the steps the other PCs took on the Comune's acts (the shared iter), after sending
/// the steps this PC queued while the server did not answer.
#[tauri::command(async)]
pub fn shared_pull(state: State<'_, AppState>) -> Result<PulledDto, AppError> {
    state.with(|atti| atti.shared_pull())
}
