//! `atti`: the headless front door to Atti, on the same atti-app API as the desktop app.
//! Exit codes: 0 success, 1 a user error (Italian message on stderr), 2 wrong usage.
//!
//! This file holds the global options, opens the archive and hands each command to its area
//! in `commands/`, which owns the command's arguments, help and output.

#[macro_use]
mod output;
mod commands;
mod input;
mod italian;
mod print;
mod slug;

use atti_app::{AppError, AppResult, Atti, ErrorCode};
use clap::{Parser, Subcommand};
use commands::{
    acts, albo, audit, comune, controllo, documents, iter, login, modelli, notifica, pagopa,
    seduta, session, signatures, sync, trasparenza, verify,
};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "atti",
    version,
    about = "Atti: atti amministrativi digitali del Comune"
)]
struct Cli {
    /// Cartella dei dati (predefinita: la cartella dati della piattaforma).
    #[arg(long, global = true, env = "ATTI_DATA_DIR", value_name = "CARTELLA")]
    data_dir: Option<PathBuf>,
    /// Solo nel Comune di Esempio: l'utente per conto del quale agire (predefinito «istruttore»); negli altri Comuni agisce chi ha effettuato l'accesso («atti login»).
    #[arg(long = "as", global = true, env = "ATTI_USER", value_name = "UTENTE")]
    as_user: Option<String>,
    /// Stampa in JSON (per script).
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

/// Every command, area by area (the help lists them in this order).
#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Session(session::Command),
    #[command(flatten)]
    Login(login::Command),
    #[command(flatten)]
    Acts(acts::Command),
    #[command(flatten)]
    Iter(iter::Command),
    #[command(flatten)]
    Modelli(modelli::Command),
    #[command(flatten)]
    Seduta(seduta::Command),
    #[command(flatten)]
    Albo(albo::Command),
    #[command(flatten)]
    Notifica(notifica::Command),
    #[command(flatten)]
    Pagopa(pagopa::Command),
    #[command(flatten)]
    Trasparenza(trasparenza::Command),
    #[command(flatten)]
    Signatures(signatures::Command),
    #[command(flatten)]
    Verify(verify::Command),
    #[command(flatten)]
    Documents(documents::Command),
    #[command(flatten)]
    Sync(sync::Command),
    #[command(flatten)]
    Comune(comune::Command),
    #[command(flatten)]
    Controllo(controllo::Command),
    #[command(flatten)]
    Audit(audit::Command),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help, usage errors and the version, rendered by clap and put into Italian.
            let text = italian::translate(&e.render().to_string());
            if e.use_stderr() {
                eprint!("{text}");
                return ExitCode::from(2);
            }
            out!("{text}");
            return ExitCode::SUCCESS;
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("errore: {}", e.message);
            for f in &e.fields {
                eprintln!("  - {}: {}", f.field, f.message);
            }
            if let Some(advice) = advice(e.code) {
                eprintln!("  {advice}");
            }
            ExitCode::from(1)
        }
    }
}

/// What to do at this front door, for the errors whose remedy is one of its options.
fn advice(code: ErrorCode) -> Option<&'static str> {
    match code {
        ErrorCode::NoUser => Some(
            "accedere con «atti login --user UTENTE» (nel Comune di Esempio: --as UTENTE o la variabile ATTI_USER)",
        ),
        ErrorCode::NotInitialised => Some(
            "creare l'archivio con «atti init --demo» (Comune di Esempio) o «atti init --comune FILE.json»",
        ),
        _ => None,
    }
}

fn run(cli: Cli) -> AppResult<()> {
    let data_dir = match cli.data_dir {
        Some(dir) => dir,
        None => atti_app::default_data_dir().ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                "cartella dei dati non determinabile: indicarla con --data-dir o ATTI_DATA_DIR",
            )
        })?,
    };
    let user = cli.as_user.as_deref();
    let json = cli.json;
    match cli.command {
        Command::Session(command) => session::run(&data_dir, command),
        Command::Login(command) => {
            // A login may also create a new PC's Comune from the server.
            let mut atti = if login::starts_session(&command) {
                Atti::open(&data_dir)?
            } else {
                open(&data_dir, user)?
            };
            login::run(&mut atti, command, json)
        }
        Command::Acts(command) => acts::run(&mut open(&data_dir, user)?, command, json),
        Command::Iter(command) => iter::run(&mut open(&data_dir, user)?, command, json),
        Command::Modelli(command) => modelli::run(&mut open(&data_dir, user)?, command, json),
        Command::Seduta(command) => seduta::run(&mut open(&data_dir, user)?, command, json),
        Command::Albo(command) => albo::run(&mut open(&data_dir, user)?, command, json),
        Command::Notifica(command) => notifica::run(&mut open(&data_dir, user)?, command, json),
        Command::Pagopa(command) => pagopa::run(&mut open(&data_dir, user)?, command, json),
        Command::Trasparenza(command) => {
            trasparenza::run(&mut open(&data_dir, user)?, command, json)
        }
        Command::Signatures(command) => signatures::run(&mut open(&data_dir, user)?, command, json),
        Command::Verify(command) => verify::run(&mut open(&data_dir, user)?, command, json),
        Command::Documents(command) => documents::run(&mut open(&data_dir, user)?, command, json),
        Command::Sync(command) => sync::run(&mut open(&data_dir, user)?, command, json),
        Command::Comune(command) => comune::run(&mut open(&data_dir, user)?, command, json),
        Command::Controllo(command) => controllo::run(&mut open(&data_dir, user)?, command, json),
        Command::Audit(command) => audit::run(&mut open(&data_dir, user)?, command, json),
    }
}

/// The archive, for every command but those of `session`: it must hold a Comune; the user
/// is the one who logged in on this PC, or in the demo Comune the one `--as` chooses (refused
/// elsewhere).
fn open(data_dir: &Path, user: Option<&str>) -> AppResult<Atti> {
    let mut atti = Atti::open(data_dir)?;
    atti.check_initialised()?;
    atti.resume_session()?;
    if let Some(user) = user {
        atti.switch_user(user)?;
    }
    atti.check_session()?;
    Ok(atti)
}
