//! The audit log (`atti audit verify`): its hash chain, checked end to end, then against the
//! anchors that the archival packages carry on the document server.

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
    // The anchors on the server only mean something for a chain that holds together here.
    let anchors = match report.broken {
        None => atti.audit_anchors()?,
        Some(_) => atti_app::AuditAnchors::default(),
    };
    if json {
        print::json(&serde_json::json!({
            "entries": report.entries,
            "broken": report.broken,
            "anchors": anchors,
        }));
    }
    if let Some(b) = report.broken {
        return Err(AppError::new(
            ErrorCode::Storage,
            format!("registro delle operazioni alterato: {}", b.reason),
        ));
    }
    if let Some(broken) = anchors.broken {
        return Err(AppError::new(
            ErrorCode::Storage,
            format!("registro delle operazioni non conforme alle ancore sul server: {broken}"),
        ));
    }
    if !json {
        outln!(
            "Registro delle operazioni integro: {} voci verificate.",
            report.entries
        );
        match (&anchors.server, &anchors.unreachable, anchors.latest) {
            (None, _, _) => outln!(
                "Nessun server documentale configurato: la catena è verificata solo su questo PC."
            ),
            (Some(server), Some(why), _) => outln!(
                "Ancore sul server {server} non verificate, la catena è verificata solo su questo PC: {why}"
            ),
            (Some(server), None, None) => {
                outln!("Sul server {server} non ci sono ancore ancora: nessun pacchetto inviato.")
            }
            (Some(server), None, Some(latest)) => outln!(
                "Conforme alle {} ancore sul server {server} (fino alla voce {latest}).",
                anchors.checked
            ),
        }
    }
    Ok(())
}
