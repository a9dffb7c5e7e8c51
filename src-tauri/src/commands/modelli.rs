use crate::AppState;
use atti_app::AppError;
use atti_core::modello::Modello;
use atti_core::{Act, ActId, ActKind};
use tauri::State;

#[tauri::command(async)]
pub fn modelli(
    state: State<'_, AppState>,
    office: Option<String>,
    kind: Option<ActKind>,
) -> Result<Vec<Modello>, AppError> {
    state.with(|atti| atti.modelli(office.as_deref(), kind))
}

#[tauri::command(async)]
pub fn modello_from_act(
    state: State<'_, AppState>,
    id: ActId,
    nome: String,
) -> Result<Modello, AppError> {
    state.with(|atti| atti.modello_from_act(id, &nome))
}

#[tauri::command(async)]
pub fn modello_delete(
    state: State<'_, AppState>,
    office: String,
    kind: ActKind,
    nome: String,
) -> Result<(), AppError> {
    state.with(|atti| atti.modello_delete(&office, kind, &nome))
}

#[tauri::command(async)]
pub fn act_from_modello(
    state: State<'_, AppState>,
    office: Option<String>,
    kind: ActKind,
    nome: String,
    oggetto: Option<String>,
) -> Result<Act, AppError> {
    state.with(|atti| atti.act_from_modello(office.as_deref(), kind, &nome, oggetto.as_deref()))
}
