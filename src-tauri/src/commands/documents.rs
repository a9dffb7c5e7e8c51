use crate::{AppState, Picked};
use atti_app::AppError;
use atti_app::dto::{CopiaIssued, PdfDocument, QrVerification, SealInfo};
use atti_core::ActId;
use std::path::PathBuf;
use tauri::State;

#[tauri::command(async)]
pub fn document_pdf(
    state: State<'_, AppState>,
    id: ActId,
    pubblicazione: bool,
) -> Result<PdfDocument, AppError> {
    state.with(|atti| atti.document_pdf(id, pubblicazione))
}

#[tauri::command(async)]
pub fn document_save(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    id: ActId,
    pubblicazione: bool,
    path: PathBuf,
) -> Result<(), AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.document_save(id, pubblicazione, &path))
}

/// Saves the avviso di pagamento pagoPA of a signed verbale to the path the user picked.
#[tauri::command(async)]
pub fn avviso_pagopa_save(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    id: ActId,
    path: PathBuf,
) -> Result<(), AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.avviso_pagopa_save(id, &path))
}

/// Saves the signed document of a parere to the path the user picked.
#[tauri::command(async)]
pub fn parere_document_save(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    id: ActId,
    sha256: String,
    path: PathBuf,
) -> Result<(), AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.parere_document_save(id, &sha256, &path))
}

#[tauri::command(async)]
pub fn copia_issue(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    id: ActId,
    per: Option<String>,
    path: Option<PathBuf>,
) -> Result<CopiaIssued, AppError> {
    picked.check_some(path.as_deref())?;
    state.with(|atti| atti.copia_issue(id, per.as_deref(), path.as_deref()))
}

#[tauri::command(async)]
pub fn copie(state: State<'_, AppState>, id: ActId) -> Result<Vec<atti_app::CopiaRow>, AppError> {
    state.with(|atti| atti.copie(id))
}

/// Saves the register of an act's copies to the path the user picked (.ods or .csv).
#[tauri::command(async)]
pub fn copie_save(
    state: State<'_, AppState>,
    picked: State<'_, crate::Picked>,
    id: ActId,
    path: std::path::PathBuf,
) -> Result<(), AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.copie_save(id, &path))
}

/// The officials authorised to attest certified copies.
#[tauri::command(async)]
pub fn funzionari_copie(state: State<'_, AppState>) -> Result<Vec<String>, AppError> {
    state.with(|atti| atti.funzionari_copie())
}

/// Sets the officials authorised to attest certified copies: the amministratore's.
#[tauri::command(async)]
pub fn funzionari_copie_set(
    state: State<'_, AppState>,
    usernames: Vec<String>,
) -> Result<Vec<String>, AppError> {
    state.with(|atti| atti.funzionari_copie_set(&usernames))
}

#[tauri::command(async)]
pub fn verify_qr(state: State<'_, AppState>, token: String) -> Result<QrVerification, AppError> {
    state.with(|atti| atti.verify_qr(&token))
}

/// The contrassegno read from a picture of the copy the user picked (PNG or JPEG).
#[tauri::command(async)]
pub fn verify_qr_image(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    path: PathBuf,
) -> Result<QrVerification, AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.verify_qr_image(&path))
}

/// A frame of the camera held in front of a copy (base64): the contrassegno in it verified,
/// or none yet.
#[tauri::command(async)]
pub fn verify_qr_frame(
    state: State<'_, AppState>,
    picture: String,
) -> Result<Option<QrVerification>, AppError> {
    state.with(|atti| atti.verify_qr_frame(&picture))
}

#[tauri::command(async)]
pub fn seal_info(state: State<'_, AppState>) -> Result<SealInfo, AppError> {
    state.with(|atti| atti.seal_info())
}

#[tauri::command(async)]
pub fn seal_generate(state: State<'_, AppState>) -> Result<SealInfo, AppError> {
    state.with(|atti| atti.seal_generate())
}

/// Retires an earlier seal key from a day (yyyy-mm-dd): the amministratore's.
#[tauri::command(async)]
pub fn seal_retire(
    state: State<'_, AppState>,
    fingerprint: String,
    from: String,
) -> Result<SealInfo, AppError> {
    state.with(|atti| atti.seal_retire(&fingerprint, &from))
}

#[tauri::command(async)]
pub fn seal_import(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    path: PathBuf,
) -> Result<SealInfo, AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.seal_import(&path))
}

#[tauri::command(async)]
pub fn verification_page_save(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    path: PathBuf,
) -> Result<(), AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.verification_page_save(&path))
}

#[tauri::command(async)]
pub fn verification_url_set(state: State<'_, AppState>, url: String) -> Result<SealInfo, AppError> {
    state.with(|atti| atti.verification_url_set(&url))
}

#[tauri::command(async)]
pub fn omissis_proposals(
    state: State<'_, AppState>,
    id: ActId,
) -> Result<Vec<atti_app::Proposal>, AppError> {
    state.with(|atti| atti.omissis_proposals(id))
}

#[tauri::command(async)]
pub fn copia_pdf(state: State<'_, AppState>, serial: i64) -> Result<PdfDocument, AppError> {
    state.with(|atti| atti.copia_pdf(serial))
}
