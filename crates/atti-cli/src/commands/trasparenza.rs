//! Amministrazione trasparente (`atti trasparenza ...`): the lists of art. 23 and the
//! contracts of art. 37, from the acts, as open data and an HTML page.

use crate::print;
use atti_app::{AppResult, Atti};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// Amministrazione trasparente: i provvedimenti (art. 23) e i contratti (art. 37) tratti dagli atti.
    #[command(subcommand)]
    Trasparenza(TrasparenzaCommand),
}

#[derive(Subcommand)]
pub enum TrasparenzaCommand {
    /// Scrive in una cartella i provvedimenti per semestre e i contratti dell'anno, in CSV e JSON con i loro schemi, e la pagina HTML.
    Esporta {
        /// La cartella in cui scrivere (creata se manca).
        #[arg(long, value_name = "CARTELLA")]
        cartella: PathBuf,
        /// L'anno (di norma quello in corso).
        #[arg(long)]
        anno: Option<i16>,
    },
    /// Pubblica gli stessi file accanto all'albo online, nella sua cartella «trasparenza/».
    Pubblica {
        /// L'anno (di norma quello in corso).
        #[arg(long)]
        anno: Option<i16>,
    },
}

pub fn run(atti: &mut Atti, Command::Trasparenza(command): Command, json: bool) -> AppResult<()> {
    match command {
        TrasparenzaCommand::Esporta { cartella, anno } => {
            let names = atti.trasparenza_esporta(&cartella, anno)?;
            if json {
                print::json(&names)
            } else {
                outln!(
                    "Amministrazione trasparente scritta in {}: {}",
                    cartella.display(),
                    names.join(", ")
                );
            }
        }
        TrasparenzaCommand::Pubblica { anno } => {
            let url = atti.trasparenza_pubblica(anno)?;
            if json {
                print::json(&url)
            } else {
                outln!("Amministrazione trasparente pubblicata: {url}");
            }
        }
    }
    Ok(())
}
