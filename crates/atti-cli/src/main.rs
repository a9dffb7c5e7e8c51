//! `atti`: the headless front door to Atti, on the same atti-app API as the desktop app.
//! Exit codes: 0 success, 1 a user error (Italian message on stderr), 2 wrong usage.

#[macro_use]
mod output;
mod italian;
mod print;

use atti_app::dto::{ActFilter, ActionRequest, IterStatus, SectionComment};
use atti_app::{AppError, AppResult, Atti, ErrorCode};
use atti_core::controllo::EsitoControllo;
use atti_core::iter::{Action, Seduta};
use atti_core::parere::{Esito, ParereTipo};
use atti_core::{ActId, ActKind, ActState};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "atti",
    version,
    about = "Atti: atti amministrativi digitali del Comune"
)]
struct Cli {
    /// Cartella dei dati (predefinita: la cartella dati della piattaforma).
    #[arg(long, global = true, env = "ATTI_DATA_DIR", value_name = "CARTELLA")]
    data_dir: Option<PathBuf>,
    /// Utente per conto del quale agire (predefinito: quello dell'archivio, «istruttore» nel demo).
    #[arg(long = "as", global = true, env = "ATTI_USER", value_name = "UTENTE")]
    as_user: Option<String>,
    /// Stampa in JSON (per script).
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Crea l'archivio; con --demo anche il Comune di Esempio con un utente per ruolo.
    Init {
        /// Crea il Comune di Esempio.
        #[arg(long, conflicts_with = "comune")]
        demo: bool,
        /// Crea il Comune descritto nel file JSON (nome, uffici, utenti: vedi docs/comune.md).
        #[arg(long, value_name = "FILE.json")]
        comune: Option<PathBuf>,
    },
    /// Atti: creazione, modifica, consultazione.
    #[command(subcommand)]
    Act(ActCommand),
    /// L'iter di un atto: senza AZIONE elenca le azioni possibili per l'utente; con AZIONE la esegue.
    Iter {
        /// Identificativo dell'atto.
        id: i64,
        /// Azione: invia, restituisci, proponi, iscrivi, approva, respingi, adotta, firma,
        /// rendi-esecutiva, pubblica, dichiara-esecutiva, comunica-prefetto, notifica,
        /// comunica, redigi, contesta, ritira, annulla.
        action: Option<String>,
        /// Motivazione (obbligatoria per restituisci, ritira, annulla).
        #[arg(long)]
        note: Option<String>,
        /// Osservazione su una parte dell'atto, nella forma CAMPO=TESTO (es. "dispositivo[1].text=Manca il CIG"); ripetibile.
        #[arg(long = "commento", value_name = "CAMPO=TESTO")]
        comments: Vec<String>,
        /// Seduta: data (AAAA-MM-GG), per approva e respingi.
        #[arg(long)]
        seduta: Option<String>,
        /// Seduta: presenti.
        #[arg(long, default_value_t = 0)]
        presenti: u16,
        /// Seduta: voti favorevoli.
        #[arg(long, default_value_t = 0)]
        favorevoli: u16,
        /// Seduta: voti contrari.
        #[arg(long, default_value_t = 0)]
        contrari: u16,
        /// Seduta: astenuti.
        #[arg(long, default_value_t = 0)]
        astenuti: u16,
        /// Seduta: dichiarata immediatamente eseguibile (art. 134 c.4 TUEL).
        #[arg(long)]
        immediatamente_eseguibile: bool,
        /// Per adotta e firma: legge il PIN del dispositivo di firma dallo standard input.
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Firma l'atto come utente corrente (adozione o firma della delibera), con il suo dispositivo.
    Sign {
        /// Identificativo dell'atto.
        id: i64,
        /// Legge il PIN dallo standard input invece di chiederlo.
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Il dispositivo di firma degli utenti.
    #[command(subcommand)]
    Identity(IdentityCommand),
    /// Il server documentale del Comune (WebDAV su HTTPS).
    #[command(subcommand)]
    Server(ServerCommand),
    /// Invia al server documentale gli atti firmati in coda; esce con 0 solo se tutto è inviato e verificato.
    Sync,
    /// I file in coda per il server documentale e il loro stato.
    Outbox,
    /// Scrive in una cartella i file dell'atto adottato: firmati, versione per la pubblicazione, allegati.
    Export {
        /// Identificativo dell'atto.
        id: i64,
        /// Cartella in cui scrivere.
        #[arg(long, value_name = "CARTELLA")]
        out: PathBuf,
    },
    /// Esprime un parere o un visto sull'atto.
    Parere {
        /// Identificativo dell'atto.
        id: i64,
        /// tecnico, contabile o visto-contabile.
        #[arg(long)]
        tipo: String,
        /// favorevole, non-favorevole o non-dovuto.
        #[arg(long)]
        esito: String,
        /// Motivazione (obbligatoria se non favorevole).
        #[arg(long, default_value = "")]
        motivazione: String,
        /// Per il visto contabile, che si appone firmando: legge il PIN dallo standard input.
        #[arg(long)]
        pin_stdin: bool,
    },
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
    /// Verifica le firme di uno o più file (PDF o .p7m), oppure il contrassegno di una copia (--qr).
    Verify {
        /// I file firmati da verificare.
        #[arg(
            required_unless_present = "qr",
            conflicts_with = "qr",
            value_name = "FILE"
        )]
        files: Vec<PathBuf>,
        /// Certificati di autorità aggiuntivi di cui fidarsi (PEM); ripetibile.
        #[arg(long, value_name = "CA.pem")]
        trust: Vec<PathBuf>,
        /// Il testo letto dal QR di una copia analogica.
        #[arg(long)]
        qr: Option<String>,
    },
    /// Il registro dei numeri definitivi di un tipo di atto.
    Registro {
        /// Tipo di atto.
        #[arg(value_name = "TIPO")]
        kind: String,
        /// Anno (predefinito: l'anno corrente).
        #[arg(long, value_name = "ANNO")]
        year: Option<i16>,
    },
    /// Il Comune: impostazioni dei documenti.
    #[command(subcommand)]
    Comune(ComuneCommand),
    /// Il registro delle operazioni (audit).
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Il controllo successivo di regolarità amministrativa (TUEL art. 147-bis): sorteggi ed esiti.
    #[command(subcommand)]
    Controllo(ControlloCommand),
    /// Il giro completo del Comune di Esempio: ogni tipo di atto lungo il suo iter.
    Demo {
        /// Cartella in cui scrivere i documenti prodotti.
        #[arg(long, value_name = "CARTELLA")]
        out: PathBuf,
    },
    /// Ricerca a testo libero su oggetto e testo (senza distinzione di accenti).
    Search {
        /// Parole da cercare.
        #[arg(value_name = "TESTO")]
        text: String,
        /// Solo questo tipo di atto.
        #[arg(long, value_name = "TIPO")]
        kind: Option<String>,
    },
}

#[derive(Subcommand)]
enum ComuneCommand {
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
        /// pades o cades.
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
    /// Il sigillo dei contrassegni delle copie conformi: senza opzioni mostra la chiave pubblica.
    Sigillo {
        /// Genera una nuova chiave: la privata va nel portachiavi del sistema.
        #[arg(long, conflicts_with = "importa")]
        genera: bool,
        /// Importa una chiave privata P-256 (PEM, PKCS#8 o SEC1, non cifrato) nel portachiavi.
        #[arg(long, value_name = "FILE.pem")]
        importa: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ServerCommand {
    /// Imposta il server: URL (https), utente, certificato della CA del Comune; la password si legge dallo standard input e va nel portachiavi del sistema.
    Set {
        /// URL di base, es. https://documenti.comune.esempio.it/archivio
        #[arg(long)]
        url: String,
        /// Utente.
        #[arg(long, value_name = "UTENTE")]
        user: String,
        /// Certificato (PEM) della CA che ha emesso il certificato del server, se non pubblica.
        #[arg(long, value_name = "FILE.pem")]
        ca: Option<PathBuf>,
    },
    /// Prova il server: raggiungibilità, TLS, credenziali, permesso di scrittura.
    Test,
}

#[derive(Subcommand)]
enum IdentityCommand {
    /// Configura il dispositivo di firma di un utente: smart card (PKCS#11) o file PKCS#12.
    Add {
        /// L'utente.
        #[arg(long, value_name = "UTENTE")]
        user: String,
        /// Modulo PKCS#11 della smart card (es. /usr/lib/libbit4xpki.so).
        #[arg(long, conflicts_with = "p12", requires_all = ["token", "key_id"], value_name = "MODULO.so")]
        pkcs11: Option<PathBuf>,
        /// Etichetta del token.
        #[arg(long, value_name = "ETICHETTA")]
        token: Option<String>,
        /// Id della chiave (esadecimale).
        #[arg(long, value_name = "ESADECIMALE")]
        key_id: Option<String>,
        /// File PKCS#12 (.p12, .pfx); la password è chiesta o letta con --pin-stdin.
        #[arg(long, required_unless_present = "pkcs11", value_name = "FILE.p12")]
        p12: Option<PathBuf>,
        /// Legge la password del file PKCS#12 dallo standard input.
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Mostra il dispositivo di firma di un utente e lo stato del certificato.
    Show {
        /// L'utente (predefinito: l'utente corrente).
        #[arg(long, value_name = "UTENTE")]
        user: Option<String>,
    },
}

#[derive(Subcommand)]
enum ControlloCommand {
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
        #[arg(long, value_name = "TIPO", default_value = "determinazione")]
        tipo: String,
    },
    /// Registra l'esito del controllo di un atto estratto (solo il segretario; una volta sola).
    Esito {
        /// Numero del sorteggio.
        sorteggio: i64,
        /// Identificativo dell'atto.
        id: i64,
        /// regolare, con-osservazioni o irregolare.
        #[arg(long)]
        esito: String,
        /// Che cosa è stato rilevato (obbligatoria se non regolare).
        #[arg(long, value_name = "TESTO", default_value = "")]
        nota: String,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Verifica la catena del registro delle operazioni e indica la prima voce alterata.
    Verify,
}

#[derive(Subcommand)]
enum ActCommand {
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
        /// rettifica o annullamento (in autotutela).
        #[arg(long, default_value = "rettifica")]
        tipo: String,
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
    },
    /// Crea una bozza e ne stampa l'identificativo.
    New {
        /// Tipo: delibera-giunta, delibera-consiglio, determinazione, ordinanza, decreto, verbale-pl.
        #[arg(long, value_name = "TIPO")]
        kind: String,
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
        #[arg(long, value_name = "TIPO")]
        kind: Option<String>,
        /// Solo questo stato.
        #[arg(long)]
        state: Option<String>,
    },
    /// Le versioni salvate di un atto, dalla più recente.
    Versions {
        /// Identificativo dell'atto.
        id: i64,
    },
    /// Allega un file a un atto.
    Attach {
        /// Identificativo dell'atto.
        id: i64,
        /// File da allegare.
        file: PathBuf,
    },
    /// Toglie un allegato da un atto (indicato con la sua impronta SHA-256).
    Detach {
        /// Identificativo dell'atto.
        id: i64,
        /// Impronta SHA-256 dell'allegato.
        sha256: String,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help, usage errors and the version, rendered by clap and put into Italian.
            let text = italian::translate(&e.render().to_string());
            if e.use_stderr() {
                eprint!("{text}");
                return ExitCode::from(2);
            }
            out!("{text}");
            return ExitCode::SUCCESS;
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("errore: {}", e.message);
            for f in &e.fields {
                eprintln!("  - {}: {}", f.field, f.message);
            }
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> AppResult<()> {
    let data_dir = match cli.data_dir {
        Some(dir) => dir,
        None => atti_app::default_data_dir().ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                "cartella dei dati non determinabile: indicarla con --data-dir o ATTI_DATA_DIR",
            )
        })?,
    };
    if let Command::Demo { out } = &cli.command {
        return atti_app::demo_tour(&data_dir, out, &mut |line| outln!("{line}"));
    }
    let mut atti = Atti::open(&data_dir)?;
    if let Command::Init { demo, comune } = cli.command {
        if demo {
            atti.init_demo()?;
            outln!("Creato il Comune di Esempio in {}", data_dir.display());
        } else if let Some(file) = comune {
            let warnings = atti.init_comune_file(&file)?;
            let info = atti.session_info()?;
            outln!(
                "Creato il {} in {}: {} uffici, {} utenti",
                info.comune,
                data_dir.display(),
                info.offices.len(),
                info.users.len()
            );
            for w in warnings {
                eprintln!("attenzione: {w}");
            }
            outln!(
                "Prossimi passi: «atti comune sigillo --genera», «atti identity add», «atti server set»"
            );
        } else {
            outln!("Archivio pronto in {}", data_dir.display());
        }
        return Ok(());
    }
    atti.check_initialised()?;
    if let Some(user) = &cli.as_user {
        atti.switch_user(user)?;
    }
    let json = cli.json;
    match cli.command {
        Command::Init { .. } | Command::Demo { .. } => Ok(()),
        Command::Iter {
            id,
            action,
            note,
            comments,
            seduta,
            presenti,
            favorevoli,
            contrari,
            astenuti,
            immediatamente_eseguibile,
            pin_stdin,
        } => {
            let status = match action {
                None => atti.iter_status(ActId(id))?,
                Some(action) => {
                    let action = Action::from_slug(&action).ok_or_else(|| {
                        let all: Vec<&str> = Action::ALL.iter().map(|a| a.slug()).collect();
                        AppError::new(
                            ErrorCode::InvalidInput,
                            format!("azione sconosciuta «{action}»: ammesse {}", all.join(", ")),
                        )
                    })?;
                    if action.is_signature() {
                        atti.sign_check(ActId(id), action)?;
                        let status = sign_with_pin(&mut atti, ActId(id), action, pin_stdin)?.status;
                        return print_status(&status, json);
                    }
                    let seduta = match seduta {
                        Some(d) => Some(Seduta {
                            data: d.parse().map_err(|_| {
                                AppError::new(
                                    ErrorCode::InvalidInput,
                                    format!("data della seduta non valida «{d}»: usare AAAA-MM-GG"),
                                )
                            })?,
                            presenti,
                            favorevoli,
                            contrari,
                            astenuti,
                            immediatamente_eseguibile,
                        }),
                        None => None,
                    };
                    let comments = parse_comments(&comments)?;
                    let request = ActionRequest {
                        note,
                        seduta,
                        comments,
                    };
                    atti.iter_take(ActId(id), action, &request)?
                }
            };
            print_status(&status, json)
        }
        Command::Parere {
            id,
            tipo,
            esito,
            motivazione,
            pin_stdin,
        } => {
            let tipo = ParereTipo::from_slug(&tipo).ok_or_else(|| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!("tipo di parere sconosciuto «{tipo}»: ammessi tecnico, contabile, visto-contabile"),
                )
            })?;
            let esito = Esito::from_slug(&esito).ok_or_else(|| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!("esito sconosciuto «{esito}»: ammessi favorevole, non-favorevole, non-dovuto"),
                )
            })?;
            let status = if tipo == ParereTipo::VistoContabile {
                atti.visto_check(ActId(id), esito, &motivazione)?;
                let pin = read_pin(pin_stdin, "PIN del dispositivo di firma: ")?;
                let outcome = atti.visto_sign(ActId(id), esito, &motivazione, &pin)?;
                print_warnings(&outcome.warnings);
                outcome.status
            } else {
                atti.parere_give(ActId(id), tipo, esito, &motivazione)?
            };
            if json {
                print::json(&status)
            } else {
                print::iter_status(&status)
            }
            Ok(())
        }
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
            Ok(())
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
            Ok(())
        }
        Command::Sign { id, pin_stdin } => {
            let action = atti.signing_action(ActId(id))?;
            let outcome = sign_with_pin(&mut atti, ActId(id), action, pin_stdin)?;
            if json {
                print::json(&outcome)
            } else {
                outln!("Firmato: {}", outcome.files.join(", "));
                print::iter_status(&outcome.status)
            }
            Ok(())
        }
        Command::Identity(IdentityCommand::Add {
            user,
            pkcs11,
            token,
            key_id,
            p12,
            pin_stdin,
        }) => {
            let (input, pin) = match (pkcs11, p12) {
                (Some(module), _) => (
                    atti_app::IdentityInput::Pkcs11 {
                        module,
                        token_label: token.unwrap_or_default(),
                        key_id: key_id.unwrap_or_default(),
                    },
                    None,
                ),
                (None, Some(path)) => (
                    atti_app::IdentityInput::Pkcs12 { path },
                    Some(read_pin(pin_stdin, "Password del file PKCS#12: ")?),
                ),
                (None, None) => {
                    return Err(AppError::new(
                        ErrorCode::InvalidInput,
                        "indicare --pkcs11 MODULO --token ETICHETTA --key-id HEX oppure --p12 FILE",
                    ));
                }
            };
            let identity = atti.identity_add(&user, &input, pin.as_ref())?;
            print_warnings(&identity.warnings);
            if json {
                print::json(&identity)
            } else {
                print::identity(&identity)
            }
            Ok(())
        }
        Command::Identity(IdentityCommand::Show { user }) => {
            let user = match user {
                Some(u) => u,
                None => atti.session_info()?.user.username,
            };
            match atti.identity(&user)? {
                Some(identity) if json => print::json(&identity),
                Some(identity) => print::identity(&identity),
                None => {
                    return Err(AppError::new(
                        ErrorCode::NotFound,
                        format!("l'utente {user} non ha un dispositivo di firma configurato"),
                    ));
                }
            }
            Ok(())
        }
        Command::Server(ServerCommand::Set { url, user, ca }) => {
            let password = read_pin(true, "")?;
            let settings = atti.server_set(&url, &user, ca.as_deref(), &password)?;
            if json {
                print::json(&settings)
            } else {
                outln!(
                    "Server documentale impostato: {} (utente {}); password nel portachiavi del sistema",
                    settings.url,
                    settings.user
                );
            }
            Ok(())
        }
        Command::Server(ServerCommand::Test) => {
            let report = atti.server_test()?;
            if json {
                print::json(&report)
            } else {
                for s in &report.steps {
                    outln!(
                        "{} {}: {}",
                        if s.ok { "OK " } else { "NO " },
                        s.name,
                        s.message
                    );
                }
            }
            if !report.ok {
                return Err(AppError::new(
                    ErrorCode::Server,
                    "la prova del server documentale non è riuscita",
                ));
            }
            Ok(())
        }
        Command::Sync => {
            let quiet = json;
            let summary = atti.sync(&move |p| {
                if !quiet && (p.done == p.total || p.done % 50 == 0) {
                    eprintln!("inviati e verificati {}/{}", p.done, p.total);
                }
            })?;
            if json {
                print::json(&summary)
            } else {
                print::sync_summary(&summary)
            }
            if summary.remaining > 0 || summary.conflicts > 0 || summary.attention > 0 {
                return Err(AppError::new(
                    ErrorCode::Server,
                    summary
                        .stopped
                        .clone()
                        .or(summary.last_error.clone())
                        .unwrap_or_else(|| {
                            "non tutti i file sono stati inviati e verificati".into()
                        }),
                ));
            }
            Ok(())
        }
        Command::Outbox => {
            let rows = atti.outbox()?;
            if json {
                print::json(&rows)
            } else {
                print::outbox(&rows)
            }
            Ok(())
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
            Ok(())
        }
        Command::Verify { files, trust, .. } if !files.is_empty() => {
            let mut extra = Vec::new();
            for t in &trust {
                extra.push(read_input_file(t)?);
            }
            verify_files(&atti, &files, &extra, json)
        }
        Command::Verify { qr, .. } => {
            let qr = qr.unwrap_or_default();
            let v = atti.verify_qr(&qr)?;
            if json {
                print::json(&v);
            } else {
                let c = &v.claims;
                outln!(
                    "Contrassegno autentico: {} n. {} del {}",
                    c.registro,
                    c.numero,
                    c.data
                );
                outln!("Impronta SHA-256 dell'originale: {}", c.sha256);
                match v.original_matches {
                    Some(true) => outln!(
                        "Corrisponde all'originale conservato in questo archivio (atto {})",
                        c.act_id
                    ),
                    Some(false) => outln!(
                        "ATTENZIONE: non corrisponde all'originale conservato (atto {})",
                        c.act_id
                    ),
                    None => outln!(
                        "L'originale non è in questo archivio: verificare presso {}",
                        c.url
                    ),
                }
            }
            if v.original_matches == Some(false) {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    "il contrassegno non corrisponde all'originale conservato",
                ));
            }
            Ok(())
        }
        Command::Registro { kind, year } => {
            let rows = atti.registro(parse_kind(&kind)?, year)?;
            if json {
                print::json(&rows)
            } else {
                print::registro(&rows)
            }
            Ok(())
        }
        Command::Comune(ComuneCommand::Fiducia { file }) => {
            let n = atti.trust_add(&read_input_file(&file)?)?;
            outln!("Aggiunti {n} certificati alle autorità di fiducia del Comune");
            Ok(())
        }
        Command::Comune(ComuneCommand::FormatoFirma { formato }) => {
            atti.set_signature_format(&formato)?;
            outln!("Formato di firma degli atti: {formato}");
            Ok(())
        }
        Command::Comune(ComuneCommand::Sigillo { genera, importa }) => {
            let info = if genera {
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
            Ok(())
        }
        Command::Comune(ComuneCommand::PaginaVerifica { out }) => {
            atti.verification_page_save(&out)?;
            outln!(
                "Pagina di verifica scritta in {}: pubblicarla all'indirizzo stampato sulle copie («atti comune url-verifica»)",
                out.display()
            );
            Ok(())
        }
        Command::Comune(ComuneCommand::UrlVerifica { url }) => {
            atti.verification_url_set(&url)?;
            outln!("Le prossime copie conformi rimanderanno a {}", url.trim());
            Ok(())
        }
        Command::Comune(ComuneCommand::Stemma { file }) => {
            atti.set_stemma(&file)?;
            outln!("Stemma impostato: apparirà nei documenti dei prossimi atti");
            Ok(())
        }
        Command::Controllo(command) => {
            let shown = match command {
                ControlloCommand::Elenco => atti.controlli()?,
                ControlloCommand::Sorteggia {
                    dal,
                    al,
                    percentuale,
                    seme,
                    tipo,
                } => {
                    vec![atti.controllo_draw(parse_kind(&tipo)?, &dal, &al, percentuale, &seme)?]
                }
                ControlloCommand::Esito {
                    sorteggio,
                    id,
                    esito,
                    nota,
                } => {
                    let esito = EsitoControllo::from_slug(&esito).ok_or_else(|| {
                        AppError::new(
                            ErrorCode::InvalidInput,
                            format!("esito sconosciuto «{esito}»: ammessi regolare, con-osservazioni, irregolare"),
                        )
                    })?;
                    vec![atti.controllo_esito(sorteggio, ActId(id), esito, &nota)?]
                }
            };
            if json {
                print::json(&shown);
            } else {
                print::controlli(&shown);
            }
            Ok(())
        }
        Command::Audit(AuditCommand::Verify) => {
            let report = atti.audit_verify()?;
            if json {
                print::json(&report);
            }
            match report.broken {
                None => {
                    if !json {
                        outln!(
                            "Registro delle operazioni integro: {} voci verificate.",
                            report.entries
                        );
                    }
                    Ok(())
                }
                Some(b) => Err(AppError::new(
                    ErrorCode::Storage,
                    format!("registro delle operazioni alterato: {}", b.reason),
                )),
            }
        }
        Command::Search { text, kind } => {
            let filter = ActFilter {
                kind: parse_kind_opt(kind)?,
                state: None,
                text: Some(text),
            };
            let hits = atti.act_list(&filter)?;
            if json {
                print::json(&hits)
            } else {
                print::summaries(&hits, true)
            }
            Ok(())
        }
        Command::Act(cmd) => run_act(&mut atti, cmd, json),
    }
}

fn run_act(atti: &mut Atti, cmd: ActCommand, json: bool) -> AppResult<()> {
    match cmd {
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
            let tipo = atti_core::drafting::Correzione::from_slug(&tipo).ok_or_else(|| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "tipo di correzione sconosciuto «{tipo}»: ammessi rettifica, annullamento"
                    ),
                )
            })?;
            let act = atti.act_correct(ActId(id), tipo)?;
            if json {
                print::json(&act)
            } else {
                outln!("{}", act.id.map(|i| i.0).unwrap_or_default())
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
        ActCommand::Copie { id } => {
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
        ActCommand::Inbox => {
            let groups = atti.inbox()?;
            if json {
                print::json(&groups)
            } else {
                print::inbox(&groups)
            }
        }
        ActCommand::New {
            kind,
            subject,
            office,
        } => {
            let act = atti.act_create(parse_kind(&kind)?, &subject, office.as_deref())?;
            let id = act.id.map(|i| i.0).unwrap_or_default();
            if json {
                print::json(&act)
            } else {
                outln!("{id}")
            }
        }
        ActCommand::Edit { id, file } => {
            let bytes = read_input_file(&file)?;
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
        ActCommand::List { kind, state } => {
            let state = match state {
                Some(s) => Some(ActState::from_slug(&s).ok_or_else(|| {
                    AppError::new(ErrorCode::InvalidInput, format!("stato sconosciuto «{s}»"))
                })?),
                None => None,
            };
            let filter = ActFilter {
                kind: parse_kind_opt(kind)?,
                state,
                text: None,
            };
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
        ActCommand::Attach { id, file } => {
            let act = atti.attachment_add(ActId(id), &file)?;
            if json {
                print::json(&act)
            } else if let Some(a) = act.attachments.last() {
                outln!(
                    "Allegato «{}» ({} byte, SHA-256 {})",
                    a.name,
                    a.size,
                    a.sha256
                );
            }
        }
        ActCommand::Detach { id, sha256 } => {
            let act = atti.attachment_remove(ActId(id), &sha256)?;
            if json {
                print::json(&act)
            } else {
                outln!("Allegato rimosso")
            }
        }
    }
    Ok(())
}

fn parse_kind(s: &str) -> AppResult<ActKind> {
    ActKind::from_slug(s).ok_or_else(|| {
        let all: Vec<&str> = ActKind::ALL.iter().map(|k| k.slug()).collect();
        AppError::new(
            ErrorCode::InvalidInput,
            format!("tipo di atto sconosciuto «{s}»: ammessi {}", all.join(", ")),
        )
    })
}

/// Verifies each file in turn (one that cannot be read or verified does not stop the others);
/// fails at the end naming those that did not pass.
fn verify_files(atti: &Atti, files: &[PathBuf], trust: &[Vec<u8>], json: bool) -> AppResult<()> {
    let several = files.len() > 1;
    let mut failed = Vec::new();
    let mut reports = Vec::new();
    for file in files {
        let report = read_input_file(file).and_then(|bytes| atti.verify_signed(&bytes, trust));
        match report {
            Ok(report) => {
                if !report.valid {
                    failed.push(file.display().to_string());
                }
                if json {
                    reports.push(serde_json::json!({ "file": file, "report": report }));
                } else {
                    if several {
                        outln!("{}:", file.display());
                    }
                    print::verify_report(&report);
                }
            }
            Err(e) if several => {
                eprintln!("errore: {}: {}", file.display(), e.message);
                failed.push(file.display().to_string());
            }
            Err(e) => return Err(e),
        }
    }
    match (json, several) {
        (true, true) => print::json(&reports),
        (true, false) => {
            if let Some(one) = reports.first() {
                print::json(&one["report"])
            }
        }
        _ => {}
    }
    match failed.as_slice() {
        [] => Ok(()),
        [one] => Err(AppError::new(
            ErrorCode::InvalidInput,
            format!("{one}: la verifica delle firme non è riuscita"),
        )),
        many => Err(AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "la verifica delle firme non è riuscita per {} file su {}: {}",
                many.len(),
                files.len(),
                many.join(", ")
            ),
        )),
    }
}

fn print_status(status: &IterStatus, json: bool) -> AppResult<()> {
    if json {
        print::json(status)
    } else {
        print::iter_status(status)
    }
    Ok(())
}

fn parse_comments(raw: &[String]) -> AppResult<Vec<SectionComment>> {
    raw.iter()
        .map(|c| match c.split_once('=') {
            Some((field, text)) if !field.trim().is_empty() && !text.trim().is_empty() => {
                Ok(SectionComment {
                    field: field.trim().to_string(),
                    text: text.trim().to_string(),
                })
            }
            _ => Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("commento «{c}» non valido: usare CAMPO=TESTO, es. dispositivo[0].text=Manca il CIG"),
            )),
        })
        .collect()
}

fn parse_kind_opt(s: Option<String>) -> AppResult<Option<ActKind>> {
    s.as_deref().map(parse_kind).transpose()
}

/// A PIN or password: from one line of stdin with `--pin-stdin`, otherwise asked on the
/// terminal without echo. Never printed.
fn read_pin(from_stdin: bool, prompt: &str) -> AppResult<atti_core::Sensitive<String>> {
    let line = if from_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("PIN non leggibile dallo standard input: {e}"),
            )
        })?;
        line
    } else {
        rpassword::prompt_password(prompt).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("PIN non leggibile dal terminale ({e}): usare --pin-stdin"),
            )
        })?
    };
    let pin = line.trim_end_matches(['\r', '\n']).to_string();
    if pin.is_empty() {
        return Err(AppError::new(ErrorCode::InvalidInput, "PIN vuoto"));
    }
    Ok(atti_core::Sensitive::new(pin))
}

/// Signs (`action`: adotta or firma) after reading the PIN; the certificate's warnings go to
/// stderr. The caller has already checked that the user may sign, before the PIN is asked.
fn sign_with_pin(
    atti: &mut Atti,
    id: ActId,
    action: Action,
    pin_stdin: bool,
) -> AppResult<atti_app::dto::SignOutcome> {
    let pin = read_pin(pin_stdin, "PIN del dispositivo di firma: ")?;
    let outcome = atti.sign_as(id, action, &pin)?;
    print_warnings(&outcome.warnings);
    Ok(outcome)
}

fn print_warnings(warnings: &[String]) {
    for w in warnings {
        eprintln!("attenzione: {w}");
    }
}

/// Reads a file given on the command line, with an Italian message when it cannot.
fn read_input_file(path: &std::path::Path) -> AppResult<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("impossibile leggere {}: {e}", path.display()),
        )
    })
}
