//! The albo pretorio online (`atti albo ...`): publish an act, the register of publications,
//! the defissione of what ended, the referto and the certificato di esecutività, where the
//! albo is published.

use crate::input::read_pin;
use crate::print;
use atti_app::dto::{ActionRequest, AlboReportDto, AlboVoceDto};
use atti_app::{AppResult, Atti};
use atti_core::ActId;
use atti_core::attestazione::Attestazione;
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
    /// Firma il referto di pubblicazione di un atto defisso (il responsabile della pubblicazione): attesta che è stato all'albo dal … al ….
    Referto {
        /// L'atto.
        id: i64,
        /// Legge il PIN dallo standard input.
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Firma il certificato di esecutività di una deliberazione esecutiva (il segretario): il giorno e la norma (art. 134 c.3 o c.4 TUEL).
    Esecutivita {
        /// La deliberazione.
        id: i64,
        /// Legge il PIN dallo standard input.
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Il referto e il certificato di esecutività di un atto: firmati, o che cosa attesterebbero.
    Attestazioni {
        /// L'atto.
        id: i64,
        /// Salva i documenti firmati in questa cartella.
        #[arg(long = "salva", value_name = "CARTELLA")]
        salva: Option<PathBuf>,
    },
    /// Il repertorio dell'albo: ogni pubblicazione, con il suo periodo e il suo stato.
    Elenco {
        /// Solo le pubblicazioni di questo anno del repertorio.
        #[arg(long)]
        anno: Option<i16>,
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
            let voce = atti.albo_voce(id)?;
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
        AlboCommand::Referto { id, pin_stdin } => {
            attesta(atti, ActId(id), Attestazione::Referto, pin_stdin, json)?
        }
        AlboCommand::Esecutivita { id, pin_stdin } => {
            attesta(atti, ActId(id), Attestazione::Esecutivita, pin_stdin, json)?
        }
        AlboCommand::Attestazioni { id, salva } => {
            let id = ActId(id);
            let attestazioni = atti.attestazioni(id)?;
            if let Some(dir) = &salva {
                for a in attestazioni.iter().filter(|a| a.sha256.is_some()) {
                    let name = a.file_name.clone().unwrap_or_default();
                    atti.attestazione_save(id, a.tipo, &dir.join(&name))?;
                    outln!("Salvato {}", dir.join(name).display());
                }
            } else if json {
                print::json(&attestazioni)
            } else if attestazioni.is_empty() {
                outln!("L'atto non è stato pubblicato: nessuna attestazione.");
            } else {
                for a in &attestazioni {
                    match (&a.firmata_da, &a.testo, &a.blocked_by) {
                        (Some(by), _, _) => outln!(
                            "{}: firmato da {by} il {}",
                            a.label,
                            a.firmata_at.as_deref().unwrap_or_default()
                        ),
                        (None, Some(testo), _) => outln!("{}: da firmare. {testo}", a.label),
                        (None, None, why) => {
                            outln!("{}: {}", a.label, why.as_deref().unwrap_or_default())
                        }
                    }
                }
            }
        }
        AlboCommand::Elenco {
            esporta: Some(path),
            ..
        } => {
            atti.albo_save(&path)?;
            outln!("Repertorio dell'albo salvato in {}", path.display());
        }
        AlboCommand::Elenco {
            esporta: None,
            anno,
        } => {
            let voci = atti.albo_elenco(anno)?;
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

/// An attestation signed as the current user: the PIN is asked once it is known to be theirs
/// to sign now.
fn attesta(
    atti: &mut Atti,
    id: ActId,
    tipo: Attestazione,
    pin_stdin: bool,
    json: bool,
) -> AppResult<()> {
    atti.attestazione_check(id, tipo)?;
    let pin = read_pin(pin_stdin, "PIN del dispositivo di firma: ")?;
    let outcome = atti.attestazione_firma(id, tipo, &pin)?;
    if json {
        print::json(&outcome)
    } else {
        for w in &outcome.warnings {
            outln!("Attenzione: {w}");
        }
        outln!("{} firmato: {}", tipo.label(), outcome.files.join(", "));
    }
    Ok(())
}

fn voce_line(v: &AlboVoceDto) {
    let online = match (&v.errore, v.online) {
        (Some(_), _) => " (non online: errore)",
        (None, true) => " (online)",
        (None, false) if v.referto => " (referto firmato)",
        (None, false) if v.stato == "defissa" => " (referto da firmare)",
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
