//! The albo pretorio online (`atti albo ...`): publish an act, the register of publications,
//! the defissione of what ended, where the albo is published.

use crate::print;
use atti_app::dto::{ActionRequest, AlboReportDto, AlboVoceDto};
use atti_app::{AppResult, Atti};
use atti_core::ActId;
use atti_core::iter::Action;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// L'albo pretorio online: pubblicare un atto, il repertorio delle pubblicazioni, la defissione.
    #[command(subcommand)]
    Albo(AlboCommand),
}

#[derive(Subcommand)]
pub enum AlboCommand {
    /// Pubblica un atto all'albo (il responsabile della pubblicazione): numero di repertorio, 15 giorni, la versione con omissis online.
    Pubblica {
        /// L'atto.
        id: i64,
        /// Un dato personale trovato nel testo e non oscurato che si conferma di pubblicare così com'è (lo si ripete per ciascuno; li elenca «atti act omissis ID»).
        #[arg(long = "conferma-dato", value_name = "TESTO")]
        conferma_dati: Vec<String>,
    },
    /// Il repertorio dell'albo: ogni pubblicazione, con il suo periodo e il suo stato.
    Elenco {
        /// Salva il repertorio in un foglio di calcolo (.ods) o in un file .csv.
        #[arg(long = "esporta", value_name = "FILE")]
        esporta: Option<PathBuf>,
    },
    /// Toglie dall'albo gli atti il cui periodo è finito (defissione) e aggiorna l'albo online, ritentando ciò che non era riuscito.
    Defiggi,
    /// Dove si pubblica l'albo online (l'amministratore): una raccolta WebDAV del server documentale, leggibile da tutti.
    Configura {
        /// L'indirizzo della raccolta dell'albo sul server documentale (per esempio https://server/albo/).
        #[arg(long)]
        url: String,
        /// L'indirizzo https da cui i cittadini leggono l'albo, se il sito del Comune lo mostra altrove.
        #[arg(long)]
        indirizzo: Option<String>,
    },
}

pub fn run(atti: &mut Atti, Command::Albo(command): Command, json: bool) -> AppResult<()> {
    match command {
        AlboCommand::Pubblica { id, conferma_dati } => {
            let id = ActId(id);
            let mut request = ActionRequest::default();
            request.conferma_dati = conferma_dati;
            atti.iter_take(id, Action::Pubblica, &request)?;
            let voce = atti.albo_elenco()?.into_iter().find(|v| v.act_id == id);
            if json {
                print::json(&voce)
            } else if let Some(v) = voce {
                voce_line(&v);
                if let Some(e) = &v.errore {
                    outln!(
                        "Non ancora online: {e}. Si riprova con «atti albo defiggi» o alla prossima sincronizzazione."
                    );
                }
            }
        }
        AlboCommand::Elenco {
            esporta: Some(path),
        } => {
            atti.albo_save(&path)?;
            outln!("Repertorio dell'albo salvato in {}", path.display());
        }
        AlboCommand::Elenco { esporta: None } => {
            let voci = atti.albo_elenco()?;
            if json {
                print::json(&voci)
            } else if voci.is_empty() {
                outln!("Nessuna pubblicazione.");
            } else {
                voci.iter().for_each(voce_line);
            }
        }
        AlboCommand::Defiggi => {
            let report = atti.albo_aggiorna()?;
            if json {
                print::json(&report)
            } else {
                report_lines(&report)
            }
        }
        AlboCommand::Configura { url, indirizzo } => {
            let config = atti.albo_config_set(&url, indirizzo.as_deref())?;
            if json {
                print::json(&config)
            } else {
                outln!(
                    "L'albo si pubblica in {}; i cittadini lo leggono da {}",
                    config.url,
                    config.indirizzo
                )
            }
        }
    }
    Ok(())
}

fn voce_line(v: &AlboVoceDto) {
    let online = match (&v.errore, v.online) {
        (Some(_), _) => " (non online: errore)",
        (None, true) => " (online)",
        (None, false) => "",
    };
    outln!(
        "{:>8}  {:<10} {} {} — {}{}  [{} {} → {}]",
        v.repertorio,
        v.stato_label,
        v.kind.label(),
        v.numero_atto.as_deref().unwrap_or("(senza numero)"),
        v.oggetto,
        online,
        v.act_id,
        day(&v.inizio),
        day(&v.fine)
    );
}

fn report_lines(r: &AlboReportDto) {
    for d in &r.defissi {
        outln!("Defissa la pubblicazione {d}.");
    }
    for p in &r.pubblicati {
        outln!("Online la pubblicazione {p}.");
    }
    for e in &r.errori {
        outln!("Non riuscito: {e}");
    }
    if !r.online {
        outln!("L'albo online non è configurato: il repertorio è aggiornato su questo PC.");
    } else if r.defissi.is_empty() && r.pubblicati.is_empty() && r.errori.is_empty() {
        outln!("L'albo è aggiornato.");
    }
}

/// "15/12/2026" from "2026-12-15".
fn day(iso: &str) -> String {
    match iso.split('-').collect::<Vec<_>>()[..] {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}
