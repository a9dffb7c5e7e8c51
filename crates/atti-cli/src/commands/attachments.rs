//! An act's attachments: `atti act attach` and `atti act detach`.

use crate::print;
use atti_app::{AppResult, Atti};
use atti_core::ActId;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// Allega un file a un atto.
    Attach {
        /// Identificativo dell'atto.
        id: i64,
        /// File da allegare.
        file: PathBuf,
    },
    /// Toglie un allegato da un atto (indicato con la sua impronta SHA-256).
    Detach {
        /// Identificativo dell'atto.
        id: i64,
        /// Impronta SHA-256 dell'allegato.
        sha256: String,
    },
}

pub fn run(atti: &mut Atti, command: Command, json: bool) -> AppResult<()> {
    match command {
        Command::Attach { id, file } => {
            let act = atti.attachment_add(ActId(id), &file)?;
            if json {
                print::json(&act)
            } else if let Some(a) = act.attachments.last() {
                outln!(
                    "Allegato «{}» ({} byte, SHA-256 {})",
                    a.name,
                    a.size,
                    a.sha256
                );
            }
        }
        Command::Detach { id, sha256 } => {
            let act = atti.attachment_remove(ActId(id), &sha256)?;
            if json {
                print::json(&act)
            } else {
                outln!("Allegato rimosso")
            }
        }
    }
    Ok(())
}
