//! What the user hands over besides the arguments: files named on the command line, and PINs
//! or passwords (one line of standard input, or asked on the terminal).

use atti_app::{AppError, AppResult, ErrorCode};
use atti_core::Sensitive;
use std::path::Path;

/// Reads a file given on the command line, with an Italian message when it cannot.
pub fn read_file(path: &Path) -> AppResult<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("impossibile leggere {}: {e}", path.display()),
        )
    })
}

/// A PIN or password: from one line of stdin with `--pin-stdin`, otherwise asked on the
/// terminal without echo. Never printed.
pub fn read_pin(from_stdin: bool, prompt: &str) -> AppResult<Sensitive<String>> {
    let line = if from_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("PIN non leggibile dallo standard input: {e}"),
            )
        })?;
        line
    } else {
        rpassword::prompt_password(prompt).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("PIN non leggibile dal terminale ({e}): usare --pin-stdin"),
            )
        })?
    };
    let pin = line.trim_end_matches(['\r', '\n']).to_string();
    if pin.is_empty() {
        return Err(AppError::new(ErrorCode::InvalidInput, "PIN vuoto"));
    }
    Ok(Sensitive::new(pin))
}
