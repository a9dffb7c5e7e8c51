//! The iter of an act: its next steps and taking them (`atti iter`), pareri and the visto
//! (`atti parere`), and the register of final numbers (`atti registro`).

use super::signatures::sign_with_pin;
use crate::input::read_pin;
use crate::print;
use crate::slug::slug;
use atti_app::dto::{ActionRequest, IterStatus, SectionComment};
use atti_app::{AppError, AppResult, Atti, ErrorCode};
use atti_core::iter::Action;
use atti_core::parere::{Esito, ParereTipo};
use atti_core::{ActId, ActKind};
use clap::{Args, Subcommand};

#[derive(Subcommand)]
pub enum Command {
    /// L'iter di un atto: senza AZIONE elenca le azioni possibili per l'utente; con AZIONE la esegue.
    Iter(IterArgs),
    /// Esprime un parere o un visto sull'atto.
    Parere {
        /// Identificativo dell'atto.
        id: i64,
        /// Tipo di parere o visto.
        #[arg(long, value_parser = slug::<ParereTipo>())]
        tipo: ParereTipo,
        /// Esito del parere o del visto.
        #[arg(long, value_parser = slug::<Esito>())]
        esito: Esito,
        /// Motivazione (obbligatoria se non favorevole).
        #[arg(long, default_value = "")]
        motivazione: String,
        /// Il parere si dà firmandolo: legge il PIN dallo standard input.
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Il registro dei numeri definitivi di un tipo di atto.
    Registro {
        /// Tipo di atto.
        #[arg(value_name = "TIPO", value_parser = slug::<ActKind>())]
        kind: ActKind,
        /// Anno (predefinito: l'anno corrente).
        #[arg(long, value_name = "ANNO")]
        year: Option<i16>,
        /// Salva il registro in un foglio di calcolo: FILE.ods (OpenDocument) o FILE.csv.
        #[arg(long = "esporta", alias = "csv", value_name = "FILE")]
        esporta: Option<std::path::PathBuf>,
        /// Scrive il registro stampabile (PDF/A) in FILE.
        #[arg(long, value_name = "FILE", conflicts_with = "esporta")]
        pdf: Option<std::path::PathBuf>,
    },
}

/// `atti iter ID [AZIONE]`.
#[derive(Args)]
pub struct IterArgs {
    /// Identificativo dell'atto.
    id: i64,
    /// Azione da eseguire.
    #[arg(value_name = "AZIONE", value_parser = slug::<Action>())]
    action: Option<Action>,
    /// Motivazione (obbligatoria per restituisci, ritira, annulla).
    #[arg(long)]
    note: Option<String>,
    /// Osservazione su una parte dell'atto, nella forma CAMPO=TESTO (es. "dispositivo[1].text=Manca il CIG"); ripetibile.
    #[arg(long = "commento", value_name = "CAMPO=TESTO")]
    comments: Vec<String>,
    /// Per adotta e firma: legge il PIN del dispositivo di firma dallo standard input.
    #[arg(long)]
    pin_stdin: bool,
}

pub fn run(atti: &mut Atti, command: Command, json: bool) -> AppResult<()> {
    match command {
        Command::Iter(args) => {
            let status = iter(atti, args)?;
            print_status(&status, json);
        }
        Command::Parere {
            id,
            tipo,
            esito,
            motivazione,
            pin_stdin,
        } => {
            let status = parere(atti, ActId(id), tipo, esito, &motivazione, pin_stdin)?;
            print_status(&status, json);
        }
        Command::Registro {
            kind,
            year,
            esporta: Some(path),
            ..
        } => {
            atti.registro_save(kind, year, &path)?;
            outln!("Registro salvato in {}", path.display());
        }
        Command::Registro {
            kind,
            year,
            pdf: Some(path),
            ..
        } => {
            atti_app::write_file(&path, &atti.registro_print(kind, year)?)?;
            outln!("Registro stampabile salvato in {}", path.display());
        }
        Command::Registro { kind, year, .. } => {
            let rows = atti.registro(kind, year)?;
            if json {
                print::json(&rows)
            } else {
                print::registro(&rows)
            }
        }
    }
    Ok(())
}

/// Without an action, the act's status and next steps; with one, takes it (a signature asks
/// for the PIN, once the user is known to be allowed to sign).
fn iter(atti: &mut Atti, args: IterArgs) -> AppResult<IterStatus> {
    let id = ActId(args.id);
    let Some(action) = args.action else {
        return atti.iter_status(id);
    };
    if action.is_signature() {
        atti.sign_check(id, action)?;
        return Ok(sign_with_pin(atti, id, action, args.pin_stdin)?.status);
    }
    let request = ActionRequest::new(args.note, parse_comments(&args.comments)?);
    atti.iter_take(id, action, &request)
}

/// A parere or the visto contabile, signed: the PIN is asked once it may be given.
fn parere(
    atti: &mut Atti,
    id: ActId,
    tipo: ParereTipo,
    esito: Esito,
    motivazione: &str,
    pin_stdin: bool,
) -> AppResult<IterStatus> {
    atti.parere_check(id, tipo, esito, motivazione)?;
    let pin = read_pin(pin_stdin, "PIN del dispositivo di firma: ")?;
    let outcome = atti.parere_sign(id, tipo, esito, motivazione, &pin)?;
    print::warnings(&outcome.warnings);
    Ok(outcome.status)
}

fn print_status(status: &IterStatus, json: bool) {
    if json {
        print::json(status)
    } else {
        print::iter_status(status)
    }
}

/// `--commento CAMPO=TESTO`, each one.
fn parse_comments(raw: &[String]) -> AppResult<Vec<SectionComment>> {
    raw.iter()
        .map(|c| match c.split_once('=') {
            Some((field, text)) if !field.trim().is_empty() && !text.trim().is_empty() => {
                Ok(SectionComment {
                    field: field.trim().to_string(),
                    text: text.trim().to_string(),
                })
            }
            _ => Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("commento «{c}» non valido: usare CAMPO=TESTO, es. dispositivo[0].text=Manca il CIG"),
            )),
        })
        .collect()
}
