//! Attachments: content read from a file the clerk chose, kept by SHA-256 in the store; the
//! name is cleaned (never trusted) and the size is capped.

use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::drafting::{check_editable, check_may_draft};
use atti_core::{Act, ActId, Attachment, name::clean_attachment_name};
use std::io::Read;
use std::path::Path;

/// The largest attachment accepted: 100 MB (PEC and albo platforms refuse far less).
pub const MAX_ATTACHMENT_BYTES: u64 = 100 * 1024 * 1024;

impl Atti {
    /// Adds the file at `path` to act `id` as an attachment; returns the act as saved.
    pub fn attachment_add(&mut self, id: ActId, path: &Path) -> AppResult<Act> {
        let raw_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = clean_attachment_name(&raw_name).ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("nome di file non utilizzabile per un allegato: «{raw_name}»"),
            )
        })?;
        let meta = std::fs::metadata(path).map_err(|e| {
            AppError::new(
                ErrorCode::NotFound,
                format!(
                    "impossibile leggere il file {}: {}",
                    path.display(),
                    io_reason(&e)
                ),
            )
        })?;
        if !meta.is_file() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("{} non è un file", path.display()),
            ));
        }
        check_size(&name, meta.len())?;
        let mut data = Vec::with_capacity(meta.len() as usize);
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_ATTACHMENT_BYTES + 1).read_to_end(&mut data))
            .map_err(|e| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "impossibile leggere il file {}: {}",
                        path.display(),
                        io_reason(&e)
                    ),
                )
            })?;
        // The file may have grown since the metadata was read.
        check_size(&name, data.len() as u64)?;
        self.attachment_add_bytes(id, &name, &data)
    }

    /// Adds content with a (cleaned) name to act `id`; returns the act as saved.
    pub fn attachment_add_bytes(&mut self, id: ActId, name: &str, data: &[u8]) -> AppResult<Act> {
        let name = clean_attachment_name(name).ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("nome non utilizzabile: «{name}»"),
            )
        })?;
        check_size(&name, data.len() as u64)?;
        let mut act = self.act_for_edit(id)?;
        let user = self.current_user()?.clone();
        check_may_draft(user.role, &user.username, act.kind)?;
        check_editable(&act)?;
        let sha256 = self.store.put_blob(data)?;
        if let Some(same) = act.attachments.iter().find(|a| a.sha256 == sha256) {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "questo contenuto è già allegato all'atto come «{}»",
                    same.name
                ),
            ));
        }
        act.attachments.push(Attachment {
            media_type: media_type(&name, data),
            name,
            size: data.len() as u64,
            sha256,
        });
        let base = act.version;
        self.save_new_version(id, base, &act, &user.username)?;
        self.act_for_edit(id)
    }

    /// Removes the attachment with this SHA-256 from act `id`; returns the act as saved.
    pub fn attachment_remove(&mut self, id: ActId, sha256: &str) -> AppResult<Act> {
        let mut act = self.act_for_edit(id)?;
        let user = self.current_user()?.clone();
        check_may_draft(user.role, &user.username, act.kind)?;
        check_editable(&act)?;
        let before = act.attachments.len();
        act.attachments.retain(|a| a.sha256 != sha256);
        if act.attachments.len() == before {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("l'atto {id} non ha un allegato con impronta {sha256}"),
            ));
        }
        let base = act.version;
        self.save_new_version(id, base, &act, &user.username)?;
        self.act_for_edit(id)
    }

    /// The content of an attachment.
    pub fn attachment_content(&self, sha256: &str) -> AppResult<Vec<u8>> {
        Ok(self.store.blob(sha256)?)
    }
}

fn check_size(name: &str, size: u64) -> AppResult<()> {
    if size > MAX_ATTACHMENT_BYTES {
        return Err(AppError::new(
            ErrorCode::TooLarge,
            format!(
                "l'allegato «{name}» pesa {:.1} MB: il limite è {} MB; ridurre il file \
                 (ad esempio PDF/A compresso) o dividerlo",
                size as f64 / (1024.0 * 1024.0),
                MAX_ATTACHMENT_BYTES / (1024 * 1024)
            ),
        ));
    }
    if size == 0 {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!("l'allegato «{name}» è vuoto"),
        ));
    }
    Ok(())
}

/// The media type, from the content where it is unambiguous, else from the extension.
fn media_type(name: &str, data: &[u8]) -> String {
    if data.starts_with(b"%PDF-") {
        return "application/pdf".into();
    }
    mime_guess::from_path(name)
        .first_or_octet_stream()
        .essence_str()
        .to_string()
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "il file non esiste".into(),
        std::io::ErrorKind::PermissionDenied => "permesso negato".into(),
        _ => e.to_string(),
    }
}
