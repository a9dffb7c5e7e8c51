//! The offices' modelli (`atti modello ...`): the standard acts from which a new draft starts,
//! managed by the office's dirigente.

use crate::input::read_file;
use crate::print;
use crate::slug::slug;
use atti_app::{AppError, AppResult, Atti, ErrorCode};
use atti_core::{ActId, ActKind};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// I modelli degli uffici: gli atti tipo da cui parte una nuova bozza (li cura il dirigente dell'ufficio).
    #[command(subcommand)]
    Modello(ModelloCommand),
}

#[derive(Subcommand)]
pub enum ModelloCommand {
    /// Elenca i modelli dell'ufficio dell'utente (o di quello indicato).
    List {
        /// Solo questo tipo di atto.
        #[arg(long, value_name = "TIPO", value_parser = slug::<ActKind>())]
        kind: Option<ActKind>,
        /// L'ufficio (codice).
        #[arg(long)]
        ufficio: Option<String>,
    },
    /// Salva un modello: dal testo di un atto (--da-atto e --nome) o da un file JSON (--file).
    Salva {
        /// L'atto da cui prendere il testo.
        #[arg(long, value_name = "ID", requires = "nome", conflicts_with = "file")]
        da_atto: Option<i64>,
        /// Il nome del modello.
        #[arg(long)]
        nome: Option<String>,
        /// Il modello in JSON (nome, kind, office, oggetto, sections, dispositivo, impegni).
        #[arg(long, value_name = "FILE", required_unless_present = "da_atto")]
        file: Option<PathBuf>,
    },
    /// Elimina un modello.
    Elimina {
        /// L'ufficio (codice).
        #[arg(long)]
        ufficio: String,
        /// Il tipo di atto.
        #[arg(long, value_name = "TIPO", value_parser = slug::<ActKind>())]
        kind: ActKind,
        /// Il nome del modello.
        #[arg(long)]
        nome: String,
    },
    /// Crea una bozza da un modello e ne stampa l'identificativo.
    Usa {
        /// Il tipo di atto.
        #[arg(long, value_name = "TIPO", value_parser = slug::<ActKind>())]
        kind: ActKind,
        /// Il nome del modello.
        #[arg(long)]
        nome: String,
        /// L'ufficio del modello (di norma quello dell'utente).
        #[arg(long)]
        ufficio: Option<String>,
        /// L'oggetto della nuova bozza (di norma quello del modello).
        #[arg(long)]
        subject: Option<String>,
    },
}

pub fn run(atti: &mut Atti, Command::Modello(command): Command, json: bool) -> AppResult<()> {
    match command {
        ModelloCommand::List { kind, ufficio } => {
            let modelli = atti.modelli(ufficio.as_deref(), kind)?;
            if json {
                print::json(&modelli)
            } else if modelli.is_empty() {
                outln!("Nessun modello.");
            } else {
                for m in &modelli {
                    outln!("{:<6} {:<28} {}", m.office, m.kind.label(), m.nome);
                }
            }
        }
        ModelloCommand::Salva {
            da_atto,
            nome,
            file,
        } => {
            let modello = match (da_atto, file) {
                (Some(id), _) => {
                    atti.modello_from_act(ActId(id), nome.as_deref().unwrap_or_default())?
                }
                (None, Some(file)) => atti.modello_save_json(&read_file(&file)?)?,
                (None, None) => {
                    return Err(AppError::new(
                        ErrorCode::InvalidInput,
                        "indicare --da-atto con --nome, oppure --file",
                    ));
                }
            };
            if json {
                print::json(&modello)
            } else {
                outln!(
                    "Modello «{}» salvato per l'ufficio {}.",
                    modello.nome,
                    modello.office
                )
            }
        }
        ModelloCommand::Elimina {
            ufficio,
            kind,
            nome,
        } => {
            atti.modello_delete(&ufficio, kind, &nome)?;
            outln!("Modello «{nome}» eliminato.")
        }
        ModelloCommand::Usa {
            kind,
            nome,
            ufficio,
            subject,
        } => {
            let act = atti.act_from_modello(ufficio.as_deref(), kind, &nome, subject.as_deref())?;
            if json {
                print::json(&act)
            } else {
                outln!("{}", act.id.map(|i| i.0).unwrap_or_default())
            }
        }
    }
    Ok(())
}
