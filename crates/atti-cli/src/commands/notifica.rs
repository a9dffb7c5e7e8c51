//! The notification of verbali (`atti notifica ...`), their archiviazione (`atti archivia`,
//! `atti archiviazione`) and the Comune's PEC mailbox (`atti pec ...`).

use crate::input::read_pin;
use crate::print;
use crate::slug::slug;
use atti_app::dto::NotificaDto;
use atti_app::{AppError, AppResult, Atti, ErrorCode, PecSettings};
use atti_core::ActId;
use atti_core::archiviazione::{Archiviazione, MotivoArchiviazione};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// La notifica dei verbali: per PEC al domicilio digitale, o per posta (atti giudiziari).
    #[command(subcommand)]
    Notifica(NotificaCommand),
    /// La casella PEC del Comune da cui partono le notifiche.
    #[command(subcommand)]
    Pec(PecCommand),
    /// Archivia un verbale con il provvedimento motivato del comandante (art. 386 Reg. CdS), firmato con il suo PIN.
    Archivia {
        /// Il verbale.
        id: i64,
        /// Il motivo.
        #[arg(long, value_parser = slug::<MotivoArchiviazione>())]
        motivo: MotivoArchiviazione,
        /// La motivazione: i fatti e i documenti esaminati.
        #[arg(long)]
        motivazione: String,
        /// Legge il PIN dallo standard input.
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Il provvedimento che ha archiviato un verbale.
    Archiviazione {
        /// Il verbale.
        id: i64,
        /// Salva il provvedimento firmato in questo file.
        #[arg(long = "salva", value_name = "FILE.pdf")]
        salva: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum NotificaCommand {
    /// Invia per PEC il verbale firmato e il suo avviso di pagamento al domicilio digitale del destinatario.
    Pec {
        /// Il verbale.
        id: i64,
        /// L'indirizzo PEC del destinatario.
        #[arg(long = "a", value_name = "INDIRIZZO")]
        a: String,
    },
    /// Legge dalla casella PEC le ricevute del gestore e registra le notifiche consegnate.
    Ricevute,
    /// Registra la spedizione per posta (atti giudiziari) del verbale.
    Posta {
        /// Il verbale.
        id: i64,
        /// L'indirizzo postale del destinatario.
        #[arg(long = "a", value_name = "INDIRIZZO")]
        a: String,
        /// Il numero della raccomandata.
        #[arg(long)]
        raccomandata: String,
        /// Il giorno della spedizione (AAAA-MM-GG).
        #[arg(long, value_name = "AAAA-MM-GG")]
        spedita: String,
    },
    /// Registra la consegna della notifica per posta, dal giorno sull'avviso di ricevimento (o la compiuta giacenza).
    Consegna {
        /// Il verbale.
        id: i64,
        /// Il giorno della consegna (AAAA-MM-GG).
        #[arg(long = "il", value_name = "AAAA-MM-GG")]
        il: String,
        /// Non ritirato: notificato per compiuta giacenza (dieci giorni dall'avviso di deposito).
        #[arg(long)]
        compiuta_giacenza: bool,
    },
    /// Le notifiche di un verbale, con le ricevute PEC.
    Elenco {
        /// Il verbale.
        id: i64,
        /// Salva le ricevute PEC (.eml) in questa cartella.
        #[arg(long = "salva", value_name = "CARTELLA")]
        salva: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum PecCommand {
    /// Imposta la casella PEC (l'amministratore): la password si legge dallo standard input e va nel portachiavi del sistema.
    Imposta {
        /// L'indirizzo PEC del Comune.
        #[arg(long)]
        indirizzo: String,
        /// L'utente presso il gestore (spesso l'indirizzo stesso).
        #[arg(long)]
        utente: String,
        /// Il server SMTP del gestore, con la porta (TLS implicito): server:465.
        #[arg(long, value_name = "SERVER:PORTA")]
        smtp: String,
        /// Il server IMAP del gestore, con la porta (IMAPS): server:993.
        #[arg(long, value_name = "SERVER:PORTA")]
        imap: String,
        /// Certificato (PEM) della CA del gestore, se non pubblica.
        #[arg(long, value_name = "FILE.pem")]
        ca: Option<PathBuf>,
    },
}

fn host_port(what: &str, text: &str) -> AppResult<(String, u16)> {
    text.rsplit_once(':')
        .and_then(|(h, p)| Some((h.to_string(), p.parse().ok()?)))
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("{what}: atteso server:porta, non {text:?}"),
            )
        })
}

fn show(n: &NotificaDto) {
    outln!(
        "{} a {} ({}): {}{}{}",
        n.mezzo_label,
        n.destinatario,
        n.riferimento,
        n.esito_label,
        n.spedita_il
            .as_deref()
            .map(|d| format!(", spedita il {d}"))
            .unwrap_or_default(),
        n.consegnata_il
            .as_deref()
            .map(|d| format!(", consegnata il {d}"))
            .unwrap_or_default(),
    );
    if let Some(e) = &n.errore {
        outln!("  {e}");
    }
}

pub fn run(atti: &mut Atti, command: Command, json: bool) -> AppResult<()> {
    match command {
        Command::Archivia {
            id,
            motivo,
            motivazione,
            pin_stdin,
        } => {
            let a = Archiviazione {
                motivo,
                motivazione,
            };
            let id = ActId(id);
            atti.archiviazione_check(id, &a)?;
            let pin = read_pin(pin_stdin, "PIN del dispositivo di firma: ")?;
            let outcome = atti.archivia(id, &a, &pin)?;
            if json {
                print::json(&outcome)
            } else {
                for w in &outcome.warnings {
                    outln!("Attenzione: {w}");
                }
                outln!(
                    "Verbale {id}: {}; provvedimento firmato: {}",
                    outcome.status.state_label,
                    outcome.files.join(", ")
                );
            }
        }
        Command::Archiviazione { id, salva } => {
            let id = ActId(id);
            let row = atti.archiviazione(id)?;
            if let (Some(path), Some(_)) = (&salva, &row) {
                atti.archiviazione_save(id, path)?;
            }
            if json {
                print::json(&row)
            } else {
                match &row {
                    Some(a) => outln!(
                        "Archiviato da {} il {}: {}. {}",
                        a.firmata_da,
                        a.firmata_il,
                        a.motivo_label,
                        a.motivazione
                    ),
                    None => outln!("Il verbale {id} non è archiviato."),
                }
            }
        }
        Command::Notifica(NotificaCommand::Pec { id, a }) => {
            let n = atti.notifica_pec(ActId(id), &a)?;
            if json { print::json(&n) } else { show(&n) }
        }
        Command::Notifica(NotificaCommand::Ricevute) => {
            let r = atti.pec_ricevute()?;
            if json {
                print::json(&r)
            } else {
                outln!(
                    "Ricevute lette: {}; delle nostre notifiche: {}; verbali notificati: {}",
                    r.lette,
                    r.registrate,
                    r.notificati.len()
                );
                for p in &r.problemi {
                    outln!("  {p}");
                }
            }
        }
        Command::Notifica(NotificaCommand::Posta {
            id,
            a,
            raccomandata,
            spedita,
        }) => {
            let spedita = atti_app::giorno(&spedita, "della spedizione")?;
            let n = atti.notifica_posta(ActId(id), &a, &raccomandata, spedita)?;
            if json { print::json(&n) } else { show(&n) }
        }
        Command::Notifica(NotificaCommand::Consegna {
            id,
            il,
            compiuta_giacenza,
        }) => {
            let il = atti_app::giorno(&il, "della consegna")?;
            let status = atti.notifica_posta_consegna(ActId(id), il, compiuta_giacenza)?;
            if json {
                print::json(&status)
            } else {
                outln!("Verbale {id}: {}", status.state_label);
            }
        }
        Command::Notifica(NotificaCommand::Elenco { id, salva }) => {
            let list = atti.notifiche(ActId(id))?;
            if let Some(dir) = &salva {
                std::fs::create_dir_all(dir).map_err(|e| {
                    AppError::new(
                        ErrorCode::InvalidInput,
                        format!("impossibile creare la cartella {}: {e}", dir.display()),
                    )
                })?;
                for n in &list {
                    for (i, r) in n.ricevute.iter().enumerate() {
                        let bytes = atti.notifica_ricevuta(ActId(id), &r.sha256)?;
                        let name = format!("notifica-{}-{}-{}.eml", n.id, i + 1, r.tipo);
                        atti_app::write_file(&dir.join(name), &bytes)?;
                    }
                }
            }
            if json {
                print::json(&list)
            } else {
                for n in &list {
                    show(n);
                }
            }
        }
        Command::Pec(PecCommand::Imposta {
            indirizzo,
            utente,
            smtp,
            imap,
            ca,
        }) => {
            let (smtp_host, smtp_port) = host_port("--smtp", &smtp)?;
            let (imap_host, imap_port) = host_port("--imap", &imap)?;
            let ca_pem = ca
                .map(|p| {
                    std::fs::read_to_string(&p).map_err(|e| {
                        AppError::new(
                            ErrorCode::InvalidInput,
                            format!("impossibile leggere il certificato {}: {e}", p.display()),
                        )
                    })
                })
                .transpose()?;
            let password = read_pin(true, "")?;
            let settings = atti.pec_set(
                &PecSettings {
                    indirizzo,
                    utente,
                    smtp_host,
                    smtp_port,
                    imap_host,
                    imap_port,
                    ca_pem,
                },
                &password,
            )?;
            if json {
                print::json(&settings)
            } else {
                outln!(
                    "Casella PEC impostata: {}; password nel portachiavi del sistema",
                    settings.indirizzo
                );
            }
        }
    }
    Ok(())
}
