use crate::{AppState, Picked};
use atti_app::dto::{LoginDto, LoginInfo, SessionInfo};
use atti_app::{AppError, LoginRequest};
use atti_core::Sensitive;
use std::path::PathBuf;
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
    state.with_anyone(|atti| atti.session_switch_user(&username))
}

#[tauri::command(async)]
pub fn login_info(state: State<'_, AppState>) -> Result<LoginInfo, AppError> {
    state.with_anyone(|atti| atti.login_info())
}

#[tauri::command(async)]
pub fn session_login(
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
    server_url: Option<String>,
    ca_path: Option<PathBuf>,
    username: String,
    password: Sensitive<String>,
) -> Result<LoginDto, AppError> {
    picked.check_some(ca_path.as_deref())?;
    let (server_url, ca_path) = (server_url.as_deref(), ca_path.as_deref());
    state.with_anyone(|atti| {
        atti.session_login(LoginRequest {
            server_url,
            ca_path,
            username: &username,
            password: &password,
        })
    })
}

#[tauri::command(async)]
pub fn session_logout(state: State<'_, AppState>) -> Result<LoginInfo, AppError> {
    state.with(|atti| atti.session_logout().and_then(|()| atti.login_info()))
}
