use crate::AppState;
use atti_app::dto::{SedutaDto, SedutaSummary};
use atti_app::{AppError, SedutaDocumento};
use atti_core::Sensitive;
use atti_core::seduta::SedutaFatto;
use tauri::State;

#[tauri::command(async)]
pub fn sedute(state: State<'_, AppState>) -> Result<Vec<SedutaSummary>, AppError> {
    state.with(|atti| atti.sedute())
}

#[tauri::command(async)]
pub fn seduta_show(state: State<'_, AppState>, id: i64) -> Result<SedutaDto, AppError> {
    state.with(|atti| atti.seduta_show(id))
}

#[tauri::command(async)]
pub fn seduta_new(state: State<'_, AppState>, fatto: SedutaFatto) -> Result<SedutaDto, AppError> {
    state.with(|atti| atti.seduta_new(fatto))
}

#[tauri::command(async)]
pub fn seduta_record(
    state: State<'_, AppState>,
    id: i64,
    fatto: SedutaFatto,
) -> Result<SedutaDto, AppError> {
    state.with(|atti| atti.seduta_record(id, fatto))
}

#[tauri::command(async)]
pub fn seduta_firma_check(
    state: State<'_, AppState>,
    id: i64,
    documento: SedutaDocumento,
) -> Result<(), AppError> {
    state.with(|atti| atti.seduta_firma_check(id, documento))
}

#[tauri::command(async)]
pub fn seduta_firma(
    state: State<'_, AppState>,
    id: i64,
    documento: SedutaDocumento,
    pin: Sensitive<String>,
) -> Result<SedutaDto, AppError> {
    state.with(|atti| atti.seduta_firma(id, documento, &pin))
}
