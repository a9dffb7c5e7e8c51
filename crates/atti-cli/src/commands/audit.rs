//! The audit log (`atti audit verify`): its hash chain, checked end to end.

use crate::print;
use atti_app::{AppError, AppResult, Atti, ErrorCode};
use clap::Subcommand;

#[derive(Subcommand)]
pub enum Command {
    /// Il registro delle operazioni (audit).
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Verifica la catena del registro delle operazioni e indica la prima voce alterata.
    Verify,
}

pub fn run(atti: &mut Atti, command: Command, json: bool) -> AppResult<()> {
    let Command::Audit(AuditCommand::Verify) = command;
    let report = atti.audit_verify()?;
    if json {
        print::json(&report);
    }
    match report.broken {
        None => {
            if !json {
                outln!(
                    "Registro delle operazioni integro: {} voci verificate.",
                    report.entries
                );
            }
            Ok(())
        }
        Some(b) => Err(AppError::new(
            ErrorCode::Storage,
            format!("registro delle operazioni alterato: {}", b.reason),
        )),
    }
}
