use crate::{AppState, Picked};
use atti_app::AppError;
use atti_app::dto::{
    ArchiviazioneDto, IterStatus, NotificaDto, PagamentiDto, RendicontazioneDto, RicevutePecDto,
    SignOutcome,
};
use atti_core::archiviazione::Archiviazione;
use atti_core::{ActId, Sensitive};
use std::path::PathBuf;
use tauri::State;

/// The attempts at notifying a verbale, oldest first, with their PEC receipts.
#[tauri::command(async)]
pub fn notifiche(state: State<'_, AppState>, id: ActId) -> Result<Vec<NotificaDto>, AppError> {
    state.with(|atti| atti.notifiche(id))
}

/// Sends a verbale by PEC to the party's domicilio digitale (the signed verbale and its avviso).
#[tauri::command(async)]
pub fn notifica_pec(
    state: State<'_, AppState>,
    id: ActId,
    destinatario: String,
) -> Result<NotificaDto, AppError> {
    state.with(|atti| atti.notifica_pec(id, &destinatario))
}

/// Reads the provider's receipts from the Comune's PEC mailbox; records the deliveries.
#[tauri::command(async)]
pub fn pec_ricevute(state: State<'_, AppState>) -> Result<RicevutePecDto, AppError> {
    state.with(|atti| atti.pec_ricevute())
}

/// Records the dispatch of a verbale by post (atti giudiziari); the day as "AAAA-MM-GG".
#[tauri::command(async)]
pub fn notifica_posta(
    state: State<'_, AppState>,
    id: ActId,
    destinatario: String,
    raccomandata: String,
    spedita_il: String,
) -> Result<NotificaDto, AppError> {
    let day = atti_app::giorno(&spedita_il, "della spedizione")?;
    state.with(|atti| atti.notifica_posta(id, &destinatario, &raccomandata, day))
}

/// Records the delivery of the postal notification (return receipt, or compiuta giacenza).
#[tauri::command(async)]
pub fn notifica_posta_consegna(
    state: State<'_, AppState>,
    id: ActId,
    consegnata_il: String,
    compiuta_giacenza: bool,
) -> Result<IterStatus, AppError> {
    let day = atti_app::giorno(&consegnata_il, "della consegna")?;
    state.with(|atti| atti.notifica_posta_consegna(id, day, compiuta_giacenza))
}

/// Saves a PEC receipt of a notification (.eml) to the path the user picked.
#[tauri::command(async)]
pub fn notifica_ricevuta_save(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    id: ActId,
    sha256: String,
    path: PathBuf,
) -> Result<(), AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.notifica_ricevuta_save(id, &sha256, &path))
}

/// The provvedimento that archived a verbale, if it was archived.
#[tauri::command(async)]
pub fn archiviazione(
    state: State<'_, AppState>,
    id: ActId,
) -> Result<Option<ArchiviazioneDto>, AppError> {
    state.with(|atti| atti.archiviazione(id))
}

/// Whether the current user may archive a verbale with these reasons, before the PIN.
#[tauri::command(async)]
pub fn archiviazione_check(
    state: State<'_, AppState>,
    id: ActId,
    archiviazione: Archiviazione,
) -> Result<(), AppError> {
    state.with(|atti| atti.archiviazione_check(id, &archiviazione))
}

/// Archives a verbale by signing the comandante's provvedimento with the PIN.
#[tauri::command(async)]
pub fn archivia(
    state: State<'_, AppState>,
    id: ActId,
    archiviazione: Archiviazione,
    pin: Sensitive<String>,
) -> Result<SignOutcome, AppError> {
    state.with(|atti| atti.archivia(id, &archiviazione, &pin))
}

/// Saves the signed provvedimento of archiviazione to the path the user picked.
#[tauri::command(async)]
pub fn archiviazione_save(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    id: ActId,
    path: PathBuf,
) -> Result<(), AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.archiviazione_save(id, &path))
}

/// The payments of a verbale, and where they leave it.
#[tauri::command(async)]
pub fn pagamenti(state: State<'_, AppState>, id: ActId) -> Result<PagamentiDto, AppError> {
    state.with(|atti| atti.pagamenti(id))
}

/// Reads the new flussi di rendicontazione from the intermediary's folder on the server.
#[tauri::command(async)]
pub fn pagopa_leggi(state: State<'_, AppState>) -> Result<Vec<RendicontazioneDto>, AppError> {
    state.with(|atti| atti.pagopa_leggi())
}

/// Reads a flusso di rendicontazione from the file the user picked.
#[tauri::command(async)]
pub fn pagopa_rendicontazione_file(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    path: PathBuf,
) -> Result<RendicontazioneDto, AppError> {
    picked.check(&path)?;
    state.with(|atti| atti.pagopa_rendicontazione_file(&path))
}
