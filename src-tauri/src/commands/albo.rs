use crate::AppState;
use atti_app::AppError;
use atti_app::dto::{
    AlboConfigDto, AlboRepertorioDto, AlboReportDto, AttestazioneDto, SignOutcome,
};
use atti_core::attestazione::Attestazione;
use atti_core::{ActId, Sensitive};
use tauri::State;

/// The albo's screen: the register of a year (this year by default), newest first, and what
/// is not taken down yet.
#[tauri::command(async)]
pub fn albo_repertorio(
    state: State<'_, AppState>,
    anno: Option<i16>,
) -> Result<AlboRepertorioDto, AppError> {
    state.with(|atti| atti.albo_repertorio(anno))
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

/// The referto and the certificato di esecutività of an act: signed, or what they would attest.
#[tauri::command(async)]
pub fn attestazioni(
    state: State<'_, AppState>,
    id: ActId,
) -> Result<Vec<AttestazioneDto>, AppError> {
    state.with(|atti| atti.attestazioni(id))
}

/// Signs the referto or the certificato di esecutività of an act with the PIN.
#[tauri::command(async)]
pub fn attestazione_firma(
    state: State<'_, AppState>,
    id: ActId,
    tipo: Attestazione,
    pin: Sensitive<String>,
) -> Result<SignOutcome, AppError> {
    state.with(|atti| atti.attestazione_firma(id, tipo, &pin))
}

/// Saves a signed attestation of an act to the path the user picked.
#[tauri::command(async)]
pub fn attestazione_save(
    state: State<'_, AppState>,
    picked: State<'_, crate::Picked>,
    id: ActId,
    tipo: Attestazione,
    path: std::path::PathBuf,
) -> Result<(), AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.attestazione_save(id, tipo, &path))
}
