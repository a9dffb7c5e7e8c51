//! `atti`: the headless front door to Atti, on the same atti-app API as the desktop app.
//! Exit codes: 0 success, 1 a user error (Italian message on stderr), 2 wrong usage.

mod print;

use atti_app::dto::ActFilter;
use atti_app::{AppError, AppResult, Atti, ErrorCode};
use atti_core::{ActId, ActKind, ActState};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "atti",
    version,
    about = "Atti: atti amministrativi digitali del Comune"
)]
struct Cli {
    /// Cartella dei dati (predefinita: la cartella dati della piattaforma).
    #[arg(long, global = true, env = "ATTI_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Utente per conto del quale agire (predefinito: quello dell'archivio, «istruttore» nel demo).
    #[arg(long = "as", global = true, env = "ATTI_USER", value_name = "USER")]
    as_user: Option<String>,
    /// Stampa in JSON (per script).
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Crea l'archivio; con --demo anche il Comune di Esempio con un utente per ruolo.
    Init {
        /// Crea il Comune di Esempio.
        #[arg(long)]
        demo: bool,
    },
    /// Atti: creazione, modifica, consultazione.
    #[command(subcommand)]
    Act(ActCommand),
    /// Ricerca a testo libero su oggetto e testo (senza distinzione di accenti).
    Search {
        /// Parole da cercare.
        text: String,
        /// Solo questo tipo di atto.
        #[arg(long)]
        kind: Option<String>,
    },
}

#[derive(Subcommand)]
enum ActCommand {
    /// Crea una bozza e ne stampa l'identificativo.
    New {
        /// Tipo: delibera-giunta, delibera-consiglio, determinazione, ordinanza, decreto, verbale-pl.
        #[arg(long)]
        kind: String,
        /// Oggetto dell'atto.
        #[arg(long)]
        subject: String,
        /// Codice dell'ufficio proponente (predefinito: quello dell'utente).
        #[arg(long)]
        office: Option<String>,
    },
    /// Salva il contenuto di un file JSON (il formato di «act show --json») come nuova versione.
    Edit {
        /// Identificativo dell'atto.
        id: i64,
        /// File JSON dell'atto.
        #[arg(long)]
        file: PathBuf,
    },
    /// Mostra un atto.
    Show {
        /// Identificativo dell'atto.
        id: i64,
        /// Una versione precedente.
        #[arg(long)]
        version: Option<u32>,
    },
    /// Elenca gli atti, dal più recente.
    List {
        /// Solo questo tipo.
        #[arg(long)]
        kind: Option<String>,
        /// Solo questo stato.
        #[arg(long)]
        state: Option<String>,
    },
    /// Le versioni salvate di un atto, dalla più recente.
    Versions {
        /// Identificativo dell'atto.
        id: i64,
    },
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

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("errore: {}", e.message);
            for f in &e.fields {
                eprintln!("  - {}: {}", f.field, f.message);
            }
            ExitCode::from(1)
        }
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
    let mut atti = Atti::open(&data_dir)?;
    if let Command::Init { demo } = cli.command {
        if demo {
            atti.init_demo()?;
            println!("Creato il Comune di Esempio in {}", data_dir.display());
        } else {
            println!("Archivio pronto in {}", data_dir.display());
        }
        return Ok(());
    }
    atti.check_initialised()?;
    if let Some(user) = &cli.as_user {
        atti.switch_user(user)?;
    }
    let json = cli.json;
    match cli.command {
        Command::Init { .. } => Ok(()),
        Command::Search { text, kind } => {
            let filter = ActFilter {
                kind: parse_kind_opt(kind)?,
                state: None,
                text: Some(text),
            };
            let hits = atti.act_list(&filter)?;
            if json {
                print::json(&hits)
            } else {
                print::summaries(&hits, true)
            }
            Ok(())
        }
        Command::Act(cmd) => run_act(&mut atti, cmd, json),
    }
}

fn run_act(atti: &mut Atti, cmd: ActCommand, json: bool) -> AppResult<()> {
    match cmd {
        ActCommand::New {
            kind,
            subject,
            office,
        } => {
            let act = atti.act_create(parse_kind(&kind)?, &subject, office.as_deref())?;
            let id = act.id.map(|i| i.0).unwrap_or_default();
            if json {
                print::json(&act)
            } else {
                println!("{id}")
            }
        }
        ActCommand::Edit { id, file } => {
            let bytes = std::fs::read(&file).map_err(|e| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!("impossibile leggere {}: {e}", file.display()),
                )
            })?;
            let saved = atti.act_edit_json(ActId(id), &bytes)?;
            if json {
                print::json(&saved)
            } else {
                println!("Atto {id} salvato: versione {}", saved.version)
            }
        }
        ActCommand::Show { id, version } => {
            let act = match version {
                Some(v) => atti.act_version(ActId(id), v)?,
                None => atti.act_get(ActId(id))?,
            };
            if json {
                print::json(&act)
            } else {
                print::act(&act)
            }
        }
        ActCommand::List { kind, state } => {
            let state = match state {
                Some(s) => Some(ActState::from_slug(&s).ok_or_else(|| {
                    AppError::new(ErrorCode::InvalidInput, format!("stato sconosciuto «{s}»"))
                })?),
                None => None,
            };
            let filter = ActFilter {
                kind: parse_kind_opt(kind)?,
                state,
                text: None,
            };
            let list = atti.act_list(&filter)?;
            if json {
                print::json(&list)
            } else {
                print::summaries(&list, false)
            }
        }
        ActCommand::Versions { id } => {
            let versions = atti.act_versions(ActId(id))?;
            if json {
                print::json(&versions)
            } else {
                print::versions(&versions)
            }
        }
        ActCommand::Attach { id, file } => {
            let act = atti.attachment_add(ActId(id), &file)?;
            if json {
                print::json(&act)
            } else if let Some(a) = act.attachments.last() {
                println!(
                    "Allegato «{}» ({} byte, SHA-256 {})",
                    a.name, a.size, a.sha256
                );
            }
        }
        ActCommand::Detach { id, sha256 } => {
            let act = atti.attachment_remove(ActId(id), &sha256)?;
            if json {
                print::json(&act)
            } else {
                println!("Allegato rimosso")
            }
        }
    }
    Ok(())
}

fn parse_kind(s: &str) -> AppResult<ActKind> {
    ActKind::from_slug(s).ok_or_else(|| {
        let all: Vec<&str> = ActKind::ALL.iter().map(|k| k.slug()).collect();
        AppError::new(
            ErrorCode::InvalidInput,
            format!("tipo di atto sconosciuto «{s}»: ammessi {}", all.join(", ")),
        )
    })
}

fn parse_kind_opt(s: Option<String>) -> AppResult<Option<ActKind>> {
    s.as_deref().map(parse_kind).transpose()
}
