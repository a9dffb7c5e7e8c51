//! Files the user names: written whole or not at all, read with a size cap.

use crate::{AppError, AppResult, ErrorCode};
use std::path::{Path, PathBuf};

/// `path` made absolute (a relative one is taken from the current folder), without touching
/// the file system.
pub(crate) fn absolute(path: &Path) -> AppResult<PathBuf> {
    std::path::absolute(path).map_err(|e| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("percorso non valido {}: {e}", path.display()),
        )
    })
}

/// Writes a file whole or not at all: a temporary file next to it, then a rename. A relative
/// path is taken from the current folder.
pub fn write_file(path: &Path, bytes: &[u8]) -> AppResult<()> {
    let path = &absolute(path)?;
    if path.file_name().is_none() {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!("percorso non valido per il salvataggio: {}", path.display()),
        ));
    }
    let fail = |e: std::io::Error| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("impossibile scrivere {}: {e}", path.display()),
        )
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}

/// Reads a small file the user names (a key, a set-up), refusing one over `max` bytes before
/// reading it.
pub(crate) fn read_capped(path: &Path, max: u64) -> AppResult<Vec<u8>> {
    let fail = |e: String| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("impossibile leggere {}: {e}", path.display()),
        )
    };
    let size = std::fs::metadata(path)
        .map_err(|e| fail(e.to_string()))?
        .len();
    if size > max {
        return Err(AppError::new(
            ErrorCode::TooLarge,
            format!(
                "{} supera {} KB: non è il file atteso",
                path.display(),
                max / 1024
            ),
        ));
    }
    std::fs::read(path).map_err(|e| fail(e.to_string()))
}
