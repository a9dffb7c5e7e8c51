//! The Comune's document server: setting it up and testing it (`atti server`), sending the
//! signed files queued for it (`atti sync`), and the queue itself (`atti outbox`).

use crate::input::read_pin;
use crate::print;
use atti_app::{AppError, AppResult, Atti, ErrorCode};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// Il server documentale del Comune (WebDAV su HTTPS).
    #[command(subcommand)]
    Server(ServerCommand),
    /// Prende dal server l'anagrafica più recente del Comune, invia i passi dell'iter presi senza server, porta qui i passi delle altre postazioni, poi invia gli atti firmati in coda; esce con 0 solo se tutto è inviato e verificato.
    Sync,
    /// I file in coda per il server documentale e il loro stato.
    Outbox,
}

#[derive(Subcommand)]
pub enum ServerCommand {
    /// Imposta il server: URL (https), utente, certificato della CA del Comune; la password si legge dallo standard input e va nel portachiavi del sistema.
    Set {
        /// URL di base, es. https://documenti.comune.esempio.it/archivio
        #[arg(long)]
        url: String,
        /// Utente.
        #[arg(long, value_name = "UTENTE")]
        user: String,
        /// Certificato (PEM) della CA che ha emesso il certificato del server, se non pubblica.
        #[arg(long, value_name = "FILE.pem")]
        ca: Option<PathBuf>,
    },
    /// Prova il server: raggiungibilità, TLS, credenziali, permesso di scrittura.
    Test,
}

pub fn run(atti: &mut Atti, command: Command, json: bool) -> AppResult<()> {
    match command {
        Command::Server(ServerCommand::Set { url, user, ca }) => {
            let password = read_pin(true, "")?;
            let settings = atti.server_set(&url, &user, ca.as_deref(), &password)?;
            if json {
                print::json(&settings)
            } else {
                outln!(
                    "Server documentale impostato: {} (utente {}); password nel portachiavi del sistema",
                    settings.url,
                    settings.user
                );
            }
            Ok(())
        }
        Command::Server(ServerCommand::Test) => server_test(atti, json),
        Command::Sync => sync(atti, json),
        Command::Outbox => {
            let rows = atti.outbox()?;
            if json {
                print::json(&rows)
            } else {
                print::outbox(&rows)
            }
            Ok(())
        }
    }
}

/// Tries each step against the server and fails if any did not pass.
fn server_test(atti: &mut Atti, json: bool) -> AppResult<()> {
    let report = atti.server_test()?;
    if json {
        print::json(&report)
    } else {
        for s in &report.steps {
            outln!(
                "{} {}: {}",
                if s.ok { "OK " } else { "NO " },
                s.name,
                s.message
            );
        }
    }
    if !report.ok {
        return Err(AppError::new(
            ErrorCode::Server,
            "la prova del server documentale non è riuscita",
        ));
    }
    Ok(())
}

/// Sends the queue, with progress on stderr; succeeds only when every file is sent and
/// verified.
fn sync(atti: &mut Atti, json: bool) -> AppResult<()> {
    // Who is what first: the Comune's newer set-up, if any (a real Comune).
    for notice in atti.comune_pull()? {
        eprintln!("Attenzione: {notice}");
    }
    // Then the steps the other PCs took (the shared iter).
    let pulled = atti.shared_pull()?;
    if pulled.applied > 0 && !json {
        eprintln!("passi di altre postazioni applicati: {}", pulled.applied);
    }
    for problem in &pulled.problems {
        eprintln!("Attenzione: {problem}");
    }
    if pulled.sent > 0 && !json {
        eprintln!("passi presi senza server, ora inviati: {}", pulled.sent);
    }
    for refused in &pulled.refused {
        eprintln!("Attenzione: {refused}");
    }
    let quiet = json;
    let summary = atti.sync(&move |p| {
        if !quiet && (p.done == p.total || p.done % 50 == 0) {
            eprintln!("inviati e verificati {}/{}", p.done, p.total);
        }
    })?;
    if json {
        print::json(&summary)
    } else {
        print::sync_summary(&summary)
    }
    if summary.remaining > 0 || summary.conflicts > 0 || summary.attention > 0 {
        return Err(AppError::new(
            ErrorCode::Server,
            summary
                .stopped
                .clone()
                .or(summary.last_error.clone())
                .unwrap_or_else(|| "non tutti i file sono stati inviati e verificati".into()),
        ));
    }
    if let Some(problem) = pulled.problems.first() {
        return Err(AppError::new(ErrorCode::Conflict, problem.clone()));
    }
    if pulled.waiting > 0 {
        return Err(AppError::new(
            ErrorCode::Server,
            format!(
                "restano {} passi dell'iter in attesa del server documentale (quelli di altri utenti partono al loro accesso)",
                pulled.waiting
            ),
        ));
    }
    // Success means nothing at all is outstanding, not only the files of this run.
    let outstanding = atti
        .outbox()?
        .iter()
        .filter(|r| r.state != "verificato")
        .count();
    if outstanding > 0 {
        return Err(AppError::new(
            ErrorCode::Server,
            format!(
                "restano {outstanding} file non ancora inviati e verificati sul server («atti outbox» li elenca)"
            ),
        ));
    }
    Ok(())
}
