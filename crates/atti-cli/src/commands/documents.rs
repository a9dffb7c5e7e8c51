//! An act's documents: its PDF/A (`atti render`), a certified paper copy (`atti copia`) and
//! the files of an adopted act (`atti export`).

use crate::print;
use atti_app::{AppResult, Atti};
use atti_core::ActId;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// Il PDF/A dell'atto (l'originale se adottato), o la versione per la pubblicazione con omissis.
    Render {
        /// Identificativo dell'atto.
        id: i64,
        /// File PDF da scrivere.
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// La versione per l'albo e la trasparenza, con i dati riservati sostituiti da «omissis».
        #[arg(long)]
        pubblicazione: bool,
    },
    /// Rilascia una copia analogica conforme (CAD art. 23) con il contrassegno QR.
    Copia {
        /// Identificativo dell'atto.
        id: i64,
        /// File PDF da scrivere.
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Per chi è rilasciata (es. «Mario Rossi, istanza prot. 1234/2026»).
        #[arg(long)]
        per: Option<String>,
    },
    /// Scrive in una cartella i file dell'atto adottato: firmati, versione per la pubblicazione, allegati.
    Export {
        /// Identificativo dell'atto.
        id: i64,
        /// Cartella in cui scrivere.
        #[arg(long, value_name = "CARTELLA")]
        out: PathBuf,
    },
    /// L'avviso di pagamento pagoPA di un verbale firmato (PDF/A): per la sanzione ridotta e per quella ordinaria, codice avviso e codice QR.
    AvvisoPagopa {
        /// Identificativo del verbale.
        id: i64,
        /// File PDF da scrivere.
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
}

pub fn run(atti: &mut Atti, command: Command, json: bool) -> AppResult<()> {
    match command {
        Command::Render {
            id,
            out,
            pubblicazione,
        } => {
            let pdf = atti.render(ActId(id), pubblicazione)?;
            atti_app::write_file(&out, &pdf)?;
            if !json {
                outln!("Scritto {} ({} byte)", out.display(), pdf.len());
            }
        }
        Command::Copia { id, out, per } => {
            let copy = atti.copia(ActId(id), per.as_deref())?;
            atti_app::write_file(&out, &copy.pdf)?;
            if json {
                print::json(
                    &serde_json::json!({ "file": out, "token": copy.token, "claims": copy.claims }),
                );
            } else {
                outln!("Copia conforme scritta in {}", out.display());
                outln!("Contrassegno: {}", copy.token);
            }
        }
        Command::AvvisoPagopa { id, out } => {
            let pdf = atti.avviso_pagopa(ActId(id))?;
            atti_app::write_file(&out, &pdf)?;
            if !json {
                outln!("Avviso di pagamento scritto in {}", out.display());
            }
        }
        Command::Export { id, out } => {
            let names = atti.export(ActId(id), &out)?;
            if json {
                print::json(&names)
            } else {
                for n in names {
                    outln!("{}", out.join(n).display());
                }
            }
        }
    }
    Ok(())
}
