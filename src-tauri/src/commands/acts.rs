use crate::AppState;
use atti_app::AppError;
use atti_app::dto::{ActFilter, ActSummary, SavedVersion, VersionSummary};
use atti_core::{Act, ActId, ActKind};
use tauri::State;

#[tauri::command(async)]
pub fn act_list(
    state: State<'_, AppState>,
    filter: ActFilter,
) -> Result<Vec<ActSummary>, AppError> {
    state.with(|atti| atti.act_list(&filter))
}

#[tauri::command(async)]
pub fn act_create(
    state: State<'_, AppState>,
    kind: ActKind,
    oggetto: String,
    office: Option<String>,
) -> Result<Act, AppError> {
    state.with(|atti| atti.act_create(kind, &oggetto, office.as_deref()))
}

#[tauri::command(async)]
pub fn act_get(state: State<'_, AppState>, id: ActId) -> Result<Act, AppError> {
    state.with(|atti| atti.act_get(id))
}

#[tauri::command(async)]
pub fn act_save(state: State<'_, AppState>, act: Act) -> Result<SavedVersion, AppError> {
    state.with(|atti| atti.act_save(&act))
}

#[tauri::command(async)]
pub fn act_versions(
    state: State<'_, AppState>,
    id: ActId,
) -> Result<Vec<VersionSummary>, AppError> {
    state.with(|atti| atti.act_versions(id))
}

#[tauri::command(async)]
pub fn act_version(state: State<'_, AppState>, id: ActId, version: u32) -> Result<Act, AppError> {
    state.with(|atti| atti.act_version(id, version))
}

/// Saves the list (as filtered or searched) to the path the user picked (.ods or .csv).
#[tauri::command(async)]
pub fn act_list_save(
    state: State<'_, AppState>,
    picked: State<'_, crate::Picked>,
    filter: ActFilter,
    path: std::path::PathBuf,
) -> Result<(), AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.act_list_save(&filter, &path))
}
