use crate::AppState;
use atti_app::AppError;
use atti_app::dto::{AlboConfigDto, AlboReportDto, AlboVoceDto};
use tauri::State;

/// The register of publications on the albo, newest first.
#[tauri::command(async)]
pub fn albo_elenco(state: State<'_, AppState>) -> Result<Vec<AlboVoceDto>, AppError> {
    state.with(|atti| atti.albo_elenco())
}

/// The albo brought up to date: defissione of what ended, the site written again.
#[tauri::command(async)]
pub fn albo_aggiorna(state: State<'_, AppState>) -> Result<AlboReportDto, AppError> {
    state.with(|atti| atti.albo_aggiorna())
}

/// Where the albo is published, if the Comune has it online.
#[tauri::command(async)]
pub fn albo_config(state: State<'_, AppState>) -> Result<Option<AlboConfigDto>, AppError> {
    state.with(|atti| atti.albo_config())
}

/// Sets where the albo is published (the amministratore's).
#[tauri::command(async)]
pub fn albo_config_set(
    state: State<'_, AppState>,
    url: String,
    indirizzo: Option<String>,
) -> Result<AlboConfigDto, AppError> {
    state.with(|atti| atti.albo_config_set(&url, indirizzo.as_deref()))
}

/// Saves the register of publications to the path the user picked (.ods or .csv, by its name).
#[tauri::command(async)]
pub fn albo_save(
    state: State<'_, AppState>,
    picked: State<'_, crate::Picked>,
    path: std::path::PathBuf,
) -> Result<(), AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.albo_save(&path))
}
