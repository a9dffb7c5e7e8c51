//! The later control of administrative regularity (TUEL art. 147-bis): the draws and their
//! outcomes (`atti controllo ...`).

use crate::print;
use crate::slug::slug;
use atti_app::{AppResult, Atti};
use atti_core::controllo::EsitoControllo;
use atti_core::{ActId, ActKind};
use clap::Subcommand;

#[derive(Subcommand)]
pub enum Command {
    /// Il controllo successivo di regolarità amministrativa (TUEL art. 147-bis): sorteggi ed esiti.
    #[command(subcommand)]
    Controllo(ControlloCommand),
}

#[derive(Subcommand)]
pub enum ControlloCommand {
    /// Elenca i sorteggi, dal più recente, con gli atti estratti e gli esiti.
    Elenco,
    /// Sorteggia gli atti da controllare tra quelli adottati nel periodo (solo il segretario).
    Sorteggia {
        /// Primo giorno del periodo (AAAA-MM-GG).
        #[arg(long, value_name = "DATA")]
        dal: String,
        /// Ultimo giorno del periodo (AAAA-MM-GG), già concluso.
        #[arg(long, value_name = "DATA")]
        al: String,
        /// Percentuale degli atti da estrarre (1-100; arrotondata per eccesso).
        #[arg(long, value_name = "N")]
        percentuale: u8,
        /// Seme pubblico del sorteggio, fissato prima (es. i numeri di un'estrazione del Lotto).
        #[arg(long, value_name = "TESTO")]
        seme: String,
        /// Tipo di atto.
        #[arg(long, value_name = "TIPO", default_value = "determinazione", value_parser = slug::<ActKind>())]
        tipo: ActKind,
    },
    /// Registra l'esito del controllo di un atto estratto (solo il segretario; una volta sola).
    Esito {
        /// Numero del sorteggio.
        sorteggio: i64,
        /// Identificativo dell'atto.
        id: i64,
        /// Esito del controllo.
        #[arg(long, value_parser = slug::<EsitoControllo>())]
        esito: EsitoControllo,
        /// Che cosa è stato rilevato (obbligatoria se non regolare).
        #[arg(long, value_name = "TESTO", default_value = "")]
        nota: String,
    },
}

pub fn run(atti: &mut Atti, command: Command, json: bool) -> AppResult<()> {
    let Command::Controllo(command) = command;
    let shown = match command {
        ControlloCommand::Elenco => atti.controlli()?,
        ControlloCommand::Sorteggia {
            dal,
            al,
            percentuale,
            seme,
            tipo,
        } => vec![atti.controllo_draw(tipo, &dal, &al, percentuale, &seme)?],
        ControlloCommand::Esito {
            sorteggio,
            id,
            esito,
            nota,
        } => vec![atti.controllo_esito(sorteggio, ActId(id), esito, &nota)?],
    };
    if json {
        print::json(&shown);
    } else {
        print::controlli(&shown);
    }
    Ok(())
}
