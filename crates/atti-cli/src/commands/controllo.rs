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
    /// Elenca gli impegni sul seme (periodo e impronta), dal più recente.
    Impegni,
    /// Prende l'impegno sul seme del sorteggio di un periodo non ancora concluso (solo il
    /// segretario): si registra solo l'impronta SHA-256; il seme si rivela al sorteggio.
    Impegno {
        /// Primo giorno del periodo (AAAA-MM-GG).
        #[arg(long, value_name = "DATA")]
        dal: String,
        /// Ultimo giorno del periodo (AAAA-MM-GG), oggi o dopo.
        #[arg(long, value_name = "DATA")]
        al: String,
        /// Il seme, da tenere riservato fino al sorteggio (almeno 16 caratteri); se manca ne
        /// viene generato uno casuale, stampato una volta sola.
        #[arg(long, value_name = "TESTO")]
        seme: Option<String>,
        /// Tipo di atto.
        #[arg(long, value_name = "TIPO", default_value = "determinazione", value_parser = slug::<ActKind>())]
        tipo: ActKind,
    },
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
        /// Il seme impegnato per questo periodo prima che finisse.
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
        ControlloCommand::Impegni => {
            let impegni = atti.controllo_impegni()?;
            if json {
                print::json(&impegni);
            } else {
                print::impegni_seme(&impegni);
            }
            return Ok(());
        }
        ControlloCommand::Impegno {
            dal,
            al,
            seme,
            tipo,
        } => {
            let generated = seme.is_none();
            let seme = match seme {
                Some(s) => s,
                None => atti.controllo_seed_new()?,
            };
            let impegno = atti.controllo_commit(tipo, &dal, &al, &seme)?;
            if json {
                print::json(&serde_json::json!({
                    "impegno": impegno,
                    "seme": generated.then_some(&seme),
                }));
            } else {
                print::impegni_seme(std::slice::from_ref(&impegno));
                if generated {
                    print::seme_generato(&seme);
                }
            }
            return Ok(());
        }
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
