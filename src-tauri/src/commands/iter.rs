use crate::AppState;
use atti_app::dto::{ActDiff, ActionRequest, DuplicatoDto, InboxGroup, IterStatus, TimelineEntry};
use atti_app::{AppError, RegistroRow};
use atti_core::drafting::Correzione;
use atti_core::iter::Action;
use atti_core::parere::{Esito, ParereTipo};
use atti_core::{Act, ActId, ActKind};
use tauri::State;

#[tauri::command(async)]
pub fn iter_status(state: State<'_, AppState>, id: ActId) -> Result<IterStatus, AppError> {
    state.with(|atti| atti.iter_status(id))
}

#[tauri::command(async)]
pub fn iter_take(
    state: State<'_, AppState>,
    id: ActId,
    action: Action,
    request: ActionRequest,
) -> Result<IterStatus, AppError> {
    state.with(|atti| atti.iter_take(id, action, &request))
}

/// Whether the user may give the parere now, before the PIN is asked.
#[tauri::command(async)]
pub fn parere_check(
    state: State<'_, AppState>,
    id: ActId,
    tipo: ParereTipo,
    esito: Esito,
    motivazione: String,
) -> Result<(), AppError> {
    state.with(|atti| atti.parere_check(id, tipo, esito, &motivazione))
}

#[tauri::command(async)]
pub fn act_history(state: State<'_, AppState>, id: ActId) -> Result<Vec<TimelineEntry>, AppError> {
    state.with(|atti| atti.act_history(id))
}

#[tauri::command(async)]
pub fn act_diff(
    state: State<'_, AppState>,
    id: ActId,
    from: u32,
    to: u32,
) -> Result<ActDiff, AppError> {
    state.with(|atti| atti.act_diff(id, from, to))
}

#[tauri::command(async)]
pub fn registro(
    state: State<'_, AppState>,
    kind: ActKind,
    year: Option<i16>,
) -> Result<Vec<RegistroRow>, AppError> {
    state.with(|atti| atti.registro(kind, year))
}

#[tauri::command(async)]
pub fn inbox(state: State<'_, AppState>) -> Result<Vec<InboxGroup>, AppError> {
    state.with(|atti| atti.inbox())
}

#[tauri::command(async)]
pub fn act_correct(
    state: State<'_, AppState>,
    id: ActId,
    tipo: Correzione,
) -> Result<Act, AppError> {
    state.with(|atti| atti.act_correct(id, tipo))
}

#[tauri::command(async)]
pub fn act_duplicate(state: State<'_, AppState>, id: ActId) -> Result<Act, AppError> {
    state.with(|atti| atti.act_duplicate(id))
}

#[tauri::command(async)]
pub fn act_duplicato(
    state: State<'_, AppState>,
    id: ActId,
) -> Result<Option<DuplicatoDto>, AppError> {
    state.with(|atti| atti.act_duplicato(id))
}

/// The register printed: a PDF/A to show, print or save.
#[tauri::command(async)]
pub fn registro_pdf(
    state: State<'_, AppState>,
    kind: ActKind,
    year: Option<i16>,
) -> Result<atti_app::dto::PdfDocument, AppError> {
    state.with(|atti| atti.registro_pdf(kind, year))
}

/// Saves the register to the path the user picked (.ods or .csv, by its name).
#[tauri::command(async)]
pub fn registro_save(
    state: State<'_, AppState>,
    picked: State<'_, crate::Picked>,
    kind: ActKind,
    year: Option<i16>,
    path: std::path::PathBuf,
) -> Result<(), AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.registro_save(kind, year, &path))
}
