//! The commands that run before there is a Comune: creating the archive, and the demo tour.

use crate::print;
use atti_app::{AppResult, Atti};
use clap::Subcommand;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum Command {
    /// Crea l'archivio; con --demo anche il Comune di Esempio con un utente per ruolo.
    Init {
        /// Crea il Comune di Esempio.
        #[arg(long, conflicts_with = "comune")]
        demo: bool,
        /// Crea il Comune descritto nel file JSON (nome, uffici, utenti: vedi docs/comune.md).
        #[arg(long, value_name = "FILE.json")]
        comune: Option<PathBuf>,
    },
    /// Il giro completo del Comune di Esempio: ogni tipo di atto lungo il suo iter.
    Demo {
        /// Cartella in cui scrivere i documenti prodotti.
        #[arg(long, value_name = "CARTELLA")]
        out: PathBuf,
    },
}

/// Runs on the data directory itself: neither command needs a Comune or a user.
pub fn run(data_dir: &Path, command: Command) -> AppResult<()> {
    match command {
        Command::Init { demo, comune } => init(data_dir, demo, comune.as_deref()),
        Command::Demo { out } => atti_app::demo_tour(data_dir, &out, &mut |line| outln!("{line}")),
    }
}

/// Creates the archive, with the demo Comune or the one described in a file.
fn init(data_dir: &Path, demo: bool, comune: Option<&Path>) -> AppResult<()> {
    let mut atti = Atti::open(data_dir)?;
    if demo {
        atti.init_demo()?;
        outln!("Creato il Comune di Esempio in {}", data_dir.display());
    } else if let Some(file) = comune {
        let warnings = atti.init_comune_file(file)?;
        outln!(
            "Creato il {} in {}",
            atti.login_info()?.comune,
            data_dir.display()
        );
        print::warnings(&warnings);
        outln!(
            "Prossimi passi: l'amministratore accede con «atti login --server URL --ca FILE.pem --user UTENTE» (il suo account sul server documentale), poi «atti comune sigillo --genera», «atti identity add»"
        );
    } else {
        outln!("Archivio pronto in {}", data_dir.display());
    }
    Ok(())
}
