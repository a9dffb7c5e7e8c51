//! What the verbali collect through pagoPA (`atti pagopa ...`): the flussi di rendicontazione
//! read from a file or from the intermediary's folder on the document server, the payments of
//! a verbale, and the intermediary (the amministratore).

use crate::print;
use atti_app::dto::RendicontazioneDto;
use atti_app::{AppResult, Atti};
use atti_core::ActId;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// pagoPA: i flussi di rendicontazione e i pagamenti dei verbali.
    #[command(subcommand)]
    Pagopa(PagopaCommand),
}

#[derive(Subcommand)]
pub enum PagopaCommand {
    /// Legge un flusso di rendicontazione (XML) e registra i pagamenti dei verbali.
    Rendicontazione {
        /// Il file del flusso.
        file: PathBuf,
    },
    /// Legge i nuovi flussi che l'intermediario ha messo nella sua cartella sul server documentale.
    Leggi,
    /// I pagamenti di un verbale, e se estinguono l'obbligazione.
    Pagamenti {
        /// Il verbale.
        id: i64,
    },
    /// Indica l'intermediario pagoPA del Comune e la cartella dei suoi flussi sul server documentale (l'amministratore).
    Intermediario {
        /// Il nome dell'intermediario.
        #[arg(long)]
        nome: String,
        /// La cartella dei flussi sul server documentale (per esempio pagopa/rendicontazione).
        #[arg(long)]
        cartella: String,
    },
}

fn show(r: &RendicontazioneDto) {
    if r.gia_letto {
        outln!("Flusso {}: già letto, nulla di nuovo.", r.flusso);
        return;
    }
    outln!(
        "Flusso {} di {} (regolato il {}): {} pagamenti, {} registrati su {} verbali.",
        r.flusso,
        r.mittente,
        r.data_regolamento,
        r.pagamenti,
        r.registrati,
        r.verbali.len()
    );
    if !r.non_nostri.is_empty() {
        outln!(
            "  Non di verbali di Atti (IUV): {}",
            r.non_nostri.join(", ")
        );
    }
}

pub fn run(atti: &mut Atti, command: Command, json: bool) -> AppResult<()> {
    let Command::Pagopa(command) = command;
    match command {
        PagopaCommand::Rendicontazione { file } => {
            let r = atti.pagopa_rendicontazione_file(&file)?;
            if json { print::json(&r) } else { show(&r) }
        }
        PagopaCommand::Leggi => {
            let list = atti.pagopa_leggi()?;
            if json {
                print::json(&list)
            } else if list.is_empty() {
                outln!("Nessun flusso nella cartella dell'intermediario.");
            } else {
                list.iter().for_each(show);
            }
        }
        PagopaCommand::Pagamenti { id } => {
            let p = atti.pagamenti(ActId(id))?;
            if json {
                print::json(&p)
            } else {
                for x in &p.pagamenti {
                    outln!(
                        "{} il {} (IUV {}, flusso {}){}",
                        x.importo,
                        x.pagato_il,
                        x.iuv,
                        x.flusso,
                        if x.revocato { ": revocato" } else { "" }
                    );
                }
                outln!("Verbale {id}: {}", p.esito_label);
            }
        }
        PagopaCommand::Intermediario { nome, cartella } => {
            let i = atti.pagopa_intermediario_set(&nome, &cartella)?;
            if json {
                print::json(&i)
            } else {
                outln!(
                    "Intermediario pagoPA: {}; flussi in {} sul server documentale.",
                    i.nome,
                    i.cartella
                );
            }
        }
    }
    Ok(())
}
