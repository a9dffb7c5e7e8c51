//! The Comune's document settings (`atti comune ...`): stemma, trusted authorities, signature
//! format, and the seal and verification page of certified copies.

use crate::input::read_file;
use crate::print;
use atti_app::{AppResult, Atti};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// Il Comune: impostazioni dei documenti.
    #[command(subcommand)]
    Comune(ComuneCommand),
}

#[derive(Subcommand)]
pub enum ComuneCommand {
    /// Lo stemma stampato nell'intestazione dei documenti (file SVG).
    Stemma {
        /// File SVG dello stemma.
        file: PathBuf,
    },
    /// Aggiunge i certificati di un'autorità di certificazione (PEM) a quelle di cui il Comune si fida.
    Fiducia {
        /// File PEM.
        file: PathBuf,
    },
    /// Il formato di firma degli atti: pades (PDF firmato, predefinito) o cades (.p7m).
    FormatoFirma {
        /// Formato di firma.
        #[arg(value_parser = ["pades", "cades"])]
        formato: String,
    },
    /// Scrive la pagina di verifica dei contrassegni (HTML autonomo, con le chiavi pubbliche del sigillo) da pubblicare all'indirizzo stampato sulle copie.
    PaginaVerifica {
        /// File HTML da scrivere.
        #[arg(long, value_name = "FILE.html")]
        out: PathBuf,
    },
    /// L'indirizzo (https) della pagina di verifica, stampato sulle copie conformi.
    UrlVerifica {
        /// URL https.
        url: String,
    },
    /// I moduli PKCS#11 (driver delle smart card) che il Comune ammette: senza opzioni li elenca.
    ModuliPkcs11 {
        /// Ammette anche questo modulo (percorso completo della libreria).
        #[arg(long, value_name = "MODULO")]
        aggiungi: Option<String>,
        /// Non ammette più questo modulo.
        #[arg(long, value_name = "MODULO", conflicts_with = "aggiungi")]
        togli: Option<String>,
    },
    /// I funzionari autorizzati ad attestare le copie conformi (art. 23 CAD): senza opzioni li elenca.
    FunzionariCopie {
        /// Autorizza anche questo utente.
        #[arg(long, value_name = "UTENTE")]
        aggiungi: Option<String>,
        /// Non autorizza più questo utente.
        #[arg(long, value_name = "UTENTE", conflicts_with = "aggiungi")]
        togli: Option<String>,
    },
    /// Pubblica l'anagrafica del Comune (uffici, utenti, ruoli) sul server documentale, perché ogni postazione sappia chi è chi; con --file quella del file, applicata anche qui.
    Pubblica {
        /// Il file JSON del Comune (vedi docs/comune.md) con la nuova anagrafica.
        #[arg(long, value_name = "FILE.json")]
        file: Option<PathBuf>,
    },
    /// Il sigillo dei contrassegni delle copie conformi: senza opzioni mostra la chiave pubblica.
    Sigillo {
        /// Genera una nuova chiave: la privata va nel portachiavi del sistema.
        #[arg(long, conflicts_with = "importa")]
        genera: bool,
        /// Importa una chiave privata P-256 (PEM, PKCS#8 o SEC1, non cifrato) nel portachiavi.
        #[arg(long, value_name = "FILE.pem")]
        importa: Option<PathBuf>,
        /// Ritira una chiave precedente (la sua impronta): le copie che risultano rilasciate dal giorno di --dal in poi con quella chiave non sono più riconosciute.
        #[arg(long, value_name = "IMPRONTA", requires = "dal", conflicts_with_all = ["genera", "importa"])]
        ritira: Option<String>,
        /// Il giorno del ritiro (AAAA-MM-GG).
        #[arg(long, value_name = "AAAA-MM-GG", requires = "ritira")]
        dal: Option<String>,
    },
}

pub fn run(atti: &mut Atti, command: Command, json: bool) -> AppResult<()> {
    let Command::Comune(command) = command;
    match command {
        ComuneCommand::Stemma { file } => {
            atti.set_stemma(&file)?;
            outln!("Stemma impostato: apparirà nei documenti dei prossimi atti");
        }
        ComuneCommand::Fiducia { file } => {
            let n = atti.trust_add(&read_file(&file)?)?;
            outln!("Aggiunti {n} certificati alle autorità di fiducia del Comune");
        }
        ComuneCommand::FormatoFirma { formato } => {
            atti.set_signature_format(&formato)?;
            outln!("Formato di firma degli atti: {formato}");
        }
        ComuneCommand::PaginaVerifica { out } => {
            atti.verification_page_save(&out)?;
            outln!(
                "Pagina di verifica scritta in {}: pubblicarla all'indirizzo stampato sulle copie («atti comune url-verifica»)",
                out.display()
            );
        }
        ComuneCommand::ModuliPkcs11 { aggiungi, togli } => {
            let modules = edit_list(atti.pkcs11_modules()?, aggiungi, togli, |list| {
                atti.pkcs11_modules_set(list)
            })?;
            print_list(&modules, json, "Nessun modulo PKCS#11 è ammesso.");
        }
        ComuneCommand::FunzionariCopie { aggiungi, togli } => {
            let list = edit_list(atti.funzionari_copie()?, aggiungi, togli, |list| {
                atti.funzionari_copie_set(list)
            })?;
            print_list(
                &list,
                json,
                "Nessun funzionario è autorizzato ad attestare le copie conformi.",
            );
        }
        ComuneCommand::Pubblica { file } => {
            let published = atti.comune_publish(file.as_deref())?;
            if json {
                print::json(&published);
            } else if published.new {
                outln!(
                    "Anagrafica del Comune pubblicata sul server: versione {}",
                    published.version
                );
            } else {
                outln!(
                    "Il server ha già questa anagrafica (versione {})",
                    published.version
                );
            }
        }
        ComuneCommand::UrlVerifica { url } => {
            atti.verification_url_set(&url)?;
            outln!("Le prossime copie conformi rimanderanno a {}", url.trim());
        }
        ComuneCommand::Sigillo {
            genera,
            importa,
            ritira,
            dal,
        } => {
            let info = if let Some(fingerprint) = ritira {
                atti.seal_retire(&fingerprint, &dal.unwrap_or_default())?
            } else if genera {
                atti.seal_generate()?
            } else if let Some(file) = importa {
                atti.seal_import(&file)?
            } else {
                atti.seal_info()?
            };
            if json {
                print::json(&info);
            } else {
                print::seal(&info);
            }
        }
    }
    Ok(())
}

/// A list of the Comune's settings with one item added or taken away (through `set`, which
/// checks and records it), or as it is.
fn edit_list(
    mut list: Vec<String>,
    add: Option<String>,
    remove: Option<String>,
    set: impl FnOnce(&[String]) -> AppResult<Vec<String>>,
) -> AppResult<Vec<String>> {
    if let Some(item) = add {
        list.push(item);
    } else if let Some(item) = remove {
        list.retain(|i| *i != item);
    } else {
        return Ok(list);
    }
    set(&list)
}

/// One item per line, or the JSON array, or `empty` when there is none.
fn print_list(list: &[String], json: bool, empty: &str) {
    if json {
        print::json(&list);
    } else if list.is_empty() {
        outln!("{empty}");
    } else {
        for item in list {
            outln!("{item}");
        }
    }
}
