use crate::AppState;
use atti_app::AppError;
use atti_app::dto::SessionInfo;
use tauri::State;

#[tauri::command(async)]
pub fn session_info(state: State<'_, AppState>) -> Result<SessionInfo, AppError> {
    state.with(|atti| atti.session_info())
}

#[tauri::command(async)]
pub fn session_switch_user(
    state: State<'_, AppState>,
    username: String,
) -> Result<SessionInfo, AppError> {
    state.with(|atti| atti.session_switch_user(&username))
}
