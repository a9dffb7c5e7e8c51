use crate::{AppState, Picked};
use atti_app::dto::{IdentityDto, SignOutcome, TrustAnchorDto, VerifyReportDto};
use atti_app::{AppError, IdentityInput};
use atti_core::parere::{Esito, ParereTipo};
use atti_core::{ActId, Sensitive};
use std::path::PathBuf;
use tauri::State;

#[tauri::command(async)]
pub fn sign(
    state: State<'_, AppState>,
    id: ActId,
    pin: Sensitive<String>,
) -> Result<SignOutcome, AppError> {
    state.with(|atti| atti.sign(id, &pin))
}

#[tauri::command(async)]
pub fn my_identity(state: State<'_, AppState>) -> Result<Option<IdentityDto>, AppError> {
    state.with(|atti| atti.my_identity())
}

#[tauri::command(async)]
pub fn verify_signed_path(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    path: PathBuf,
) -> Result<VerifyReportDto, AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.verify_signed_path(&path))
}

/// A parere or the visto contabile, given by signing its own document with the PIN.
#[tauri::command(async)]
pub fn parere_sign(
    state: State<'_, AppState>,
    id: ActId,
    tipo: ParereTipo,
    esito: Esito,
    motivazione: String,
    pin: Sensitive<String>,
) -> Result<SignOutcome, AppError> {
    state.with(|atti| atti.parere_sign(id, tipo, esito, &motivazione, &pin))
}

/// Adds the certificates of a PEM file to the authorities the Comune trusts (the
/// amministratore's); how many.
#[tauri::command(async)]
pub fn trust_add_file(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    path: PathBuf,
) -> Result<usize, AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.trust_add_file(&path))
}

/// The PKCS#11 modules (smart-card drivers) the Comune allows.
/// The certification authorities the Comune trusts.
#[tauri::command(async)]
pub fn trust_list(state: State<'_, AppState>) -> Result<Vec<TrustAnchorDto>, AppError> {
    state.with(|atti| atti.trust_list())
}

#[tauri::command(async)]
pub fn pkcs11_modules(state: State<'_, AppState>) -> Result<Vec<String>, AppError> {
    state.with(|atti| atti.pkcs11_modules())
}

/// Sets the PKCS#11 modules the Comune allows (the amministratore's).
#[tauri::command(async)]
pub fn pkcs11_modules_set(
    state: State<'_, AppState>,
    modules: Vec<String>,
) -> Result<Vec<String>, AppError> {
    state.with(|atti| atti.pkcs11_modules_set(&modules))
}

/// Sets the current user's signing device (a PKCS#12 file needs its password to read the
/// certificate; a token does not).
#[tauri::command(async)]
pub fn my_identity_add(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    input: IdentityInput,
    pin: Option<Sensitive<String>>,
) -> Result<IdentityDto, AppError> {
    picked.check_identity(&input)?;
    state.with(|atti| atti.my_identity_add(&input, pin.as_ref()))
}
