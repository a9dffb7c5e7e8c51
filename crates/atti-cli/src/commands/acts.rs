//! Acts: drafting, editing and reading them (`atti act ...`), and finding them (`atti search`).

use super::attachments;
use crate::input::read_file;
use crate::print;
use crate::slug::slug;
use atti_app::dto::ActFilter;
use atti_app::{AppResult, Atti};
use atti_core::drafting::Correzione;
use atti_core::{ActId, ActKind, ActState};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// Atti: creazione, modifica, consultazione.
    #[command(subcommand)]
    Act(ActCommand),
    /// Ricerca a testo libero su oggetto e testo (senza distinzione di accenti).
    Search {
        /// Parole da cercare.
        #[arg(value_name = "TESTO")]
        text: String,
        /// Solo questo tipo di atto.
        #[arg(long, value_name = "TIPO", value_parser = slug::<ActKind>())]
        kind: Option<ActKind>,
        #[command(flatten)]
        filtri: Filtri,
    },
}

/// The filters of the list and of the search, as a clerk narrows them; and where to save what
/// they find (a spreadsheet, .ods or .csv).
#[derive(clap::Args)]
pub struct Filtri {
    /// Solo gli atti di questo ufficio (codice).
    #[arg(long)]
    ufficio: Option<String>,
    /// Solo gli atti di quest'anno (di adozione; di redazione prima).
    #[arg(long, value_name = "ANNO")]
    anno: Option<i16>,
    /// Solo dal giorno (AAAA-MM-GG).
    #[arg(long, value_name = "DATA")]
    dal: Option<String>,
    /// Solo fino al giorno (AAAA-MM-GG).
    #[arg(long, value_name = "DATA")]
    al: Option<String>,
    /// Solo l'atto con questo numero definitivo («12/2026», o «12»).
    #[arg(long)]
    numero: Option<String>,
    /// Salva l'elenco trovato in un foglio di calcolo (FILE.ods, OpenDocument, o FILE.csv) invece di stamparlo.
    #[arg(long = "esporta", alias = "csv", value_name = "FILE")]
    esporta: Option<PathBuf>,
}

impl Filtri {
    fn filter(&self) -> ActFilter {
        ActFilter {
            office: self.ufficio.clone(),
            year: self.anno,
            from: self.dal.clone(),
            to: self.al.clone(),
            numero: self.numero.clone(),
            ..ActFilter::default()
        }
    }
}

#[derive(Subcommand)]
pub enum ActCommand {
    /// La storia dell'atto: creazione, salvataggi, passaggi dell'iter, pareri, numeri, firme.
    History {
        /// Identificativo dell'atto.
        id: i64,
    },
    /// Le differenze tra due versioni.
    Diff {
        /// Identificativo dell'atto.
        id: i64,
        /// Versione di partenza.
        from: u32,
        /// Versione di arrivo.
        to: u32,
    },
    /// Avvia la correzione di un atto adottato: un nuovo atto collegato (rettifica o annullamento).
    Correct {
        /// Identificativo dell'atto da correggere.
        id: i64,
        /// Tipo di correzione (l'annullamento è in autotutela).
        #[arg(long, default_value = "rettifica", value_parser = slug::<Correzione>())]
        tipo: Correzione,
    },
    /// Duplica da un atto precedente: una nuova bozza con il suo testo e i suoi impegni
    /// nell'esercizio in corso; stampa l'identificativo e ciò che va verificato.
    Duplica {
        /// Identificativo dell'atto di partenza.
        id: i64,
    },
    /// Da quale atto è stata duplicata una bozza e cosa resta da verificare.
    Duplicato {
        /// Identificativo della bozza.
        id: i64,
    },
    /// Le attività dell'utente: da istruire, da esprimere parere, da firmare, in pubblicazione.
    Inbox,
    /// I dati personali trovati nel testo, proposti per l'omissis nella versione pubblicata.
    Omissis {
        /// Identificativo dell'atto.
        id: i64,
    },
    /// Il registro delle copie conformi rilasciate di un atto.
    Copie {
        /// Identificativo dell'atto.
        id: i64,
        /// Salva il registro in un foglio di calcolo (FILE.ods, OpenDocument, o FILE.csv) invece di stamparlo.
        #[arg(long = "esporta", value_name = "FILE")]
        esporta: Option<PathBuf>,
    },
    /// Crea una bozza e ne stampa l'identificativo.
    New {
        /// Tipo di atto.
        #[arg(long, value_name = "TIPO", value_parser = slug::<ActKind>())]
        kind: ActKind,
        /// Oggetto dell'atto.
        #[arg(long)]
        subject: String,
        /// Codice dell'ufficio proponente (predefinito: quello dell'utente).
        #[arg(long)]
        office: Option<String>,
    },
    /// Salva il contenuto di un file JSON (il formato di «act show --json») come nuova versione.
    Edit {
        /// Identificativo dell'atto.
        id: i64,
        /// File JSON dell'atto.
        #[arg(long)]
        file: PathBuf,
    },
    /// Mostra un atto.
    Show {
        /// Identificativo dell'atto.
        id: i64,
        /// Una versione precedente.
        #[arg(long, value_name = "VERSIONE")]
        version: Option<u32>,
    },
    /// Elenca gli atti, dal più recente.
    List {
        /// Solo questo tipo.
        #[arg(long, value_name = "TIPO", value_parser = slug::<ActKind>())]
        kind: Option<ActKind>,
        /// Solo questo stato.
        #[arg(long, value_name = "STATO", value_parser = slug::<ActState>())]
        state: Option<ActState>,
        #[command(flatten)]
        filtri: Filtri,
    },
    /// Le versioni salvate di un atto, dalla più recente.
    Versions {
        /// Identificativo dell'atto.
        id: i64,
    },
    #[command(flatten)]
    Attachments(attachments::Command),
}

pub fn run(atti: &mut Atti, command: Command, json: bool) -> AppResult<()> {
    match command {
        Command::Act(command) => act(atti, command, json),
        Command::Search { text, kind, filtri } => {
            let filter = ActFilter {
                kind,
                text: Some(text),
                ..filtri.filter()
            };
            if let Some(path) = &filtri.esporta {
                atti.act_list_save(&filter, path)?;
                outln!("Elenco salvato in {}", path.display());
                return Ok(());
            }
            let hits = atti.act_list(&filter)?;
            if json {
                print::json(&hits)
            } else {
                print::summaries(&hits, true)
            }
            Ok(())
        }
    }
}

fn act(atti: &mut Atti, command: ActCommand, json: bool) -> AppResult<()> {
    match command {
        ActCommand::History { id } => {
            let history = atti.act_history(ActId(id))?;
            if json {
                print::json(&history)
            } else {
                print::history(&history)
            }
        }
        ActCommand::Diff { id, from, to } => {
            let diff = atti.act_diff(ActId(id), from, to)?;
            if json {
                print::json(&diff)
            } else {
                print::diff(&diff)
            }
        }
        ActCommand::Correct { id, tipo } => {
            let act = atti.act_correct(ActId(id), tipo)?;
            if json {
                print::json(&act)
            } else {
                outln!("{}", act.id.map(|i| i.0).unwrap_or_default())
            }
        }
        ActCommand::Duplica { id } => {
            let act = atti.act_duplicate(ActId(id))?;
            let new_id = act.id.unwrap_or(ActId(0));
            let duplicato = atti.act_duplicato(new_id)?;
            if json {
                print::json(&serde_json::json!({ "id": new_id, "duplicato": duplicato }))
            } else {
                outln!("{}", new_id.0);
                for d in duplicato.iter().flat_map(|d| &d.da_verificare) {
                    outln!("Da verificare: {}: {}", d.field, d.message);
                }
            }
        }
        ActCommand::Duplicato { id } => {
            let duplicato = atti.act_duplicato(ActId(id))?;
            if json {
                print::json(&duplicato)
            } else {
                match &duplicato {
                    None => outln!("L'atto {id} non è stato duplicato da un altro."),
                    Some(d) => {
                        outln!("Duplicato dall'atto {}: {}", d.source.0, d.oggetto);
                        for v in &d.da_verificare {
                            outln!("Da verificare: {}: {}", v.field, v.message);
                        }
                    }
                }
            }
        }
        ActCommand::Inbox => {
            let groups = atti.inbox()?;
            if json {
                print::json(&groups)
            } else {
                print::inbox(&groups)
            }
        }
        ActCommand::Omissis { id } => {
            let proposals = atti.omissis_proposals(ActId(id))?;
            if json {
                print::json(&proposals)
            } else if proposals.is_empty() {
                outln!("Nessun dato personale da proporre per l'omissis.");
            } else {
                for p in &proposals {
                    outln!("{:<28} {:<24} {}", p.kind.label(), p.field, p.text);
                }
            }
        }
        ActCommand::Copie {
            id,
            esporta: Some(path),
        } => {
            atti.copie_save(ActId(id), &path)?;
            outln!("Registro delle copie salvato in {}", path.display());
        }
        ActCommand::Copie { id, .. } => {
            let copie = atti.copie(ActId(id))?;
            if json {
                print::json(&copie)
            } else {
                for c in &copie {
                    outln!(
                        "{:>4}  {}  {:<12} {}",
                        c.id,
                        c.issued_at,
                        c.issued_by,
                        c.per.as_deref().unwrap_or("-")
                    );
                }
            }
        }
        ActCommand::New {
            kind,
            subject,
            office,
        } => {
            let act = atti.act_create(kind, &subject, office.as_deref())?;
            if json {
                print::json(&act)
            } else {
                outln!("{}", act.id.map(|i| i.0).unwrap_or_default())
            }
        }
        ActCommand::Edit { id, file } => {
            let bytes = read_file(&file)?;
            let saved = atti.act_edit_json(ActId(id), &bytes)?;
            if json {
                print::json(&saved)
            } else {
                outln!("Atto {id} salvato: versione {}", saved.version)
            }
        }
        ActCommand::Show { id, version } => {
            let act = match version {
                Some(v) => atti.act_version(ActId(id), v)?,
                None => atti.act_get(ActId(id))?,
            };
            if json {
                print::json(&act)
            } else {
                print::act(&act)
            }
        }
        ActCommand::List {
            kind,
            state,
            filtri,
        } => {
            let filter = ActFilter {
                kind,
                state,
                ..filtri.filter()
            };
            if let Some(path) = &filtri.esporta {
                atti.act_list_save(&filter, path)?;
                outln!("Elenco salvato in {}", path.display());
                return Ok(());
            }
            let list = atti.act_list(&filter)?;
            if json {
                print::json(&list)
            } else {
                print::summaries(&list, false)
            }
        }
        ActCommand::Versions { id } => {
            let versions = atti.act_versions(ActId(id))?;
            if json {
                print::json(&versions)
            } else {
                print::versions(&versions)
            }
        }
        ActCommand::Attachments(command) => return attachments::run(atti, command, json),
    }
    Ok(())
}
