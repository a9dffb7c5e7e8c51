use crate::{AppState, Picked};
use atti_app::AppError;
use atti_core::{Act, ActId};
use std::path::PathBuf;
use tauri::State;

#[tauri::command(async)]
pub fn attachment_add(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    act_id: ActId,
    path: PathBuf,
) -> Result<Act, AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.attachment_add(act_id, &path))
}

#[tauri::command(async)]
pub fn attachment_remove(
    state: State<'_, AppState>,
    act_id: ActId,
    sha256: String,
) -> Result<Act, AppError> {
    state.with(|atti| atti.attachment_remove(act_id, &sha256))
}
