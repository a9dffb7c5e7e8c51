use crate::AppState;
use atti_app::AppError;
use atti_app::dto::{ControlloDto, ImpegnoSemeDto};
use atti_core::controllo::EsitoControllo;
use atti_core::{ActId, ActKind};
use tauri::State;

#[tauri::command(async)]
pub fn controlli(state: State<'_, AppState>) -> Result<Vec<ControlloDto>, AppError> {
    state.with(|atti| atti.controlli())
}

#[tauri::command(async)]
pub fn controllo_impegni(state: State<'_, AppState>) -> Result<Vec<ImpegnoSemeDto>, AppError> {
    state.with(|atti| atti.controllo_impegni())
}

#[tauri::command(async)]
pub fn controllo_seed_new(state: State<'_, AppState>) -> Result<String, AppError> {
    state.with(|atti| atti.controllo_seed_new())
}

#[tauri::command(async)]
pub fn controllo_commit(
    state: State<'_, AppState>,
    kind: ActKind,
    period_from: String,
    period_to: String,
    seed: String,
) -> Result<ImpegnoSemeDto, AppError> {
    state.with(|atti| atti.controllo_commit(kind, &period_from, &period_to, &seed))
}

#[tauri::command(async)]
pub fn controllo_draw(
    state: State<'_, AppState>,
    kind: ActKind,
    period_from: String,
    period_to: String,
    percent: u8,
    seed: String,
) -> Result<ControlloDto, AppError> {
    state.with(|atti| atti.controllo_draw(kind, &period_from, &period_to, percent, &seed))
}

#[tauri::command(async)]
pub fn controllo_esito(
    state: State<'_, AppState>,
    controllo: i64,
    id: ActId,
    esito: EsitoControllo,
    note: String,
) -> Result<ControlloDto, AppError> {
    state.with(|atti| atti.controllo_esito(controllo, id, esito, &note))
}
