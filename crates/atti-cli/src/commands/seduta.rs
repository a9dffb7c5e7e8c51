//! The sessions of the Giunta and of the Consiglio (`atti seduta ...`): convene, build the
//! ordine del giorno, open with the roll call, record arrivals, departures and votes by name,
//! close. Each command records one fact; atti-core checks it and atti-app carries its outcome
//! to the acts.

use crate::input::read_pin;
use crate::print;
use crate::slug::slug;
use atti_app::dto::SedutaDto;
use atti_app::{AppError, AppResult, Atti, ErrorCode, SedutaDocumento};
use atti_core::ActId;
use atti_core::organo::{Convocazione, Organo};
use atti_core::seduta::{Maggioranza, SedutaFatto, TipoSeduta};
use clap::{Subcommand, ValueEnum};

#[derive(Subcommand)]
pub enum Command {
    /// Le sedute della Giunta e del Consiglio: convocazione, ordine del giorno, appello, voti per appello nominale, chiusura (solo il segretario registra).
    #[command(subcommand)]
    Seduta(SedutaCommand),
}

#[derive(Subcommand)]
pub enum SedutaCommand {
    /// Convoca una seduta.
    New {
        /// L'organo.
        #[arg(long, value_parser = slug::<Organo>())]
        organo: Organo,
        /// Il giorno (AAAA-MM-GG).
        #[arg(long, value_name = "DATA")]
        data: String,
        /// L'ora (HH:MM).
        #[arg(long, value_name = "ORA")]
        ora: String,
        /// Il luogo (o la piattaforma della videoconferenza).
        #[arg(long)]
        luogo: String,
        /// Tipo di seduta.
        #[arg(long, default_value = "ordinaria", value_parser = slug::<TipoSeduta>())]
        tipo: TipoSeduta,
        /// Seconda convocazione (dopo una prima senza numero legale; solo il Consiglio).
        #[arg(long)]
        seconda: bool,
        /// In videoconferenza.
        #[arg(long)]
        videoconferenza: bool,
    },
    /// Elenca le sedute, dalla più recente.
    List,
    /// Mostra una seduta: ordine del giorno, presenze, voti.
    Show {
        /// Identificativo della seduta.
        id: i64,
    },
    /// Iscrive una proposta di deliberazione all'ordine del giorno (in fondo).
    Iscrivi {
        /// Identificativo della seduta.
        id: i64,
        /// Identificativo dell'atto (la proposta).
        atto: i64,
        /// La maggioranza richiesta: votanti (semplice), presenti, componenti (assoluta) o
        /// una quota qualificata dei componenti come 2/3.
        #[arg(long, default_value = "votanti")]
        maggioranza: String,
    },
    /// Sposta un punto dell'ordine del giorno a un altro posto (1 è il primo).
    Sposta {
        /// Identificativo della seduta.
        id: i64,
        /// Il punto.
        punto: u16,
        /// Il nuovo posto.
        posizione: u16,
    },
    /// Apre la seduta con l'appello.
    Apri {
        /// Identificativo della seduta.
        id: i64,
        /// I componenti presenti (identificativi, separati da virgole).
        #[arg(long, value_delimiter = ',', required = true)]
        presenti: Vec<String>,
        /// Gli assenti giustificati.
        #[arg(long, value_delimiter = ',')]
        giustificati: Vec<String>,
        /// Chi presiede (predefinito: il primo presente per carica).
        #[arg(long)]
        presiede: Option<String>,
        /// Il segretario che redige il verbale (predefinito: l'utente).
        #[arg(long)]
        segretario: Option<String>,
    },
    /// Registra un ingresso o un'uscita durante la seduta.
    Presenze {
        /// Identificativo della seduta.
        id: i64,
        /// Il componente che entra.
        #[arg(long, conflicts_with = "esce", required_unless_present = "esce")]
        entra: Option<String>,
        /// Il componente che esce.
        #[arg(long)]
        esce: Option<String>,
    },
    /// Vota un punto per appello nominale: chi non è nominato contrario, astenuto o fuori
    /// aula vota a favore.
    Voto {
        /// Identificativo della seduta.
        id: i64,
        /// Il punto.
        punto: u16,
        /// I contrari.
        #[arg(long, value_delimiter = ',')]
        contrari: Vec<String>,
        /// Gli astenuti.
        #[arg(long, value_delimiter = ',')]
        astenuti: Vec<String>,
        /// Chi esce per questo punto (art. 78 TUEL, interesse proprio): non è contato.
        #[arg(long, value_delimiter = ',')]
        fuori: Vec<String>,
        /// Con la votazione separata sull'immediata eseguibilità (art. 134 c.4 TUEL).
        #[arg(long)]
        immediata: bool,
        /// Votazione separata: i contrari.
        #[arg(long, value_delimiter = ',', requires = "immediata")]
        immediata_contrari: Vec<String>,
        /// Votazione separata: gli astenuti.
        #[arg(long, value_delimiter = ',', requires = "immediata")]
        immediata_astenuti: Vec<String>,
    },
    /// Rinvia un punto a un'altra seduta.
    Rinvia {
        /// Identificativo della seduta.
        id: i64,
        /// Il punto.
        punto: u16,
        /// Il motivo.
        #[arg(long)]
        motivo: String,
    },
    /// Ritira un punto (su richiesta del proponente): la proposta torna indietro.
    Ritira {
        /// Identificativo della seduta.
        id: i64,
        /// Il punto.
        punto: u16,
        /// Il motivo.
        #[arg(long)]
        motivo: String,
    },
    /// Mette a verbale una dichiarazione.
    Dichiarazione {
        /// Identificativo della seduta.
        id: i64,
        /// Il componente che la rende.
        #[arg(long)]
        membro: String,
        /// Sul punto (se manca: sulla seduta).
        #[arg(long)]
        punto: Option<u16>,
        /// Il testo.
        #[arg(long)]
        testo: String,
    },
    /// Chiude la seduta (tutti i punti trattati).
    Chiudi {
        /// Identificativo della seduta.
        id: i64,
    },
    /// Registra la comunicazione ai capigruppo delle delibere approvate dalla Giunta nella
    /// seduta chiusa (art. 125 TUEL), con la data di oggi.
    Capigruppo {
        /// Identificativo della seduta.
        id: i64,
    },
    /// Firma l'avviso di convocazione (chi convoca: il sindaco, il presidente del consiglio o
    /// chi li sostituisce); elenca l'ordine del giorno com'è ora.
    Avviso {
        /// Identificativo della seduta.
        id: i64,
        /// Legge il PIN dallo standard input.
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Firma il verbale della seduta chiusa: prima chi ha presieduto, poi il segretario.
    Verbale {
        /// Identificativo della seduta.
        id: i64,
        /// Legge il PIN dallo standard input.
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Salva l'avviso o il verbale firmato.
    Documento {
        /// Identificativo della seduta.
        id: i64,
        /// Quale documento.
        #[arg(value_enum)]
        documento: DocumentoArg,
        /// Il file da scrivere.
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
    },
}

/// `avviso` or `verbale`.
#[derive(Clone, Copy, ValueEnum)]
pub enum DocumentoArg {
    /// L'avviso di convocazione.
    Avviso,
    /// Il verbale della seduta.
    Verbale,
}

impl DocumentoArg {
    fn documento(self) -> SedutaDocumento {
        match self {
            DocumentoArg::Avviso => SedutaDocumento::Avviso,
            DocumentoArg::Verbale => SedutaDocumento::Verbale,
        }
    }
}

pub fn run(atti: &mut Atti, command: Command, json: bool) -> AppResult<()> {
    let Command::Seduta(command) = command;
    let seduta = match command {
        SedutaCommand::List => {
            let list = atti.sedute()?;
            if json {
                print::json(&list);
            } else {
                print::sedute(&list);
            }
            return Ok(());
        }
        SedutaCommand::Show { id } => atti.seduta_show(id)?,
        SedutaCommand::New {
            organo,
            data,
            ora,
            luogo,
            tipo,
            seconda,
            videoconferenza,
        } => atti.seduta_new(SedutaFatto::Convocata {
            organo,
            tipo,
            convocazione: if seconda {
                Convocazione::Seconda
            } else {
                Convocazione::Prima
            },
            data: parse(&data, "data", "AAAA-MM-GG")?,
            ora: parse(&ora, "ora", "HH:MM")?,
            luogo,
            videoconferenza,
        })?,
        SedutaCommand::Iscrivi {
            id,
            atto,
            maggioranza,
        } => atti.seduta_record(
            id,
            SedutaFatto::Iscritto {
                atto: ActId(atto),
                oggetto: String::new(),
                maggioranza: parse_maggioranza(&maggioranza)?,
            },
        )?,
        SedutaCommand::Sposta {
            id,
            punto,
            posizione,
        } => atti.seduta_record(id, SedutaFatto::Spostato { punto, posizione })?,
        SedutaCommand::Apri {
            id,
            presenti,
            giustificati,
            presiede,
            segretario,
        } => atti.seduta_record(
            id,
            SedutaFatto::Aperta {
                presenti,
                giustificati,
                presiede: presiede.unwrap_or_default(),
                segretario: segretario.unwrap_or_default(),
            },
        )?,
        SedutaCommand::Presenze { id, entra, esce } => {
            let fatto = match (entra, esce) {
                (Some(membro), _) => SedutaFatto::Entra { membro },
                (None, Some(membro)) => SedutaFatto::Esce { membro },
                (None, None) => {
                    return Err(AppError::new(
                        ErrorCode::InvalidInput,
                        "indicare --entra o --esce",
                    ));
                }
            };
            atti.seduta_record(id, fatto)?
        }
        SedutaCommand::Voto {
            id,
            punto,
            contrari,
            astenuti,
            fuori,
            immediata,
            immediata_contrari,
            immediata_astenuti,
        } => {
            let separata = immediata.then_some((&immediata_contrari[..], &immediata_astenuti[..]));
            let fatto = atti.seduta_votazione(id, punto, &contrari, &astenuti, &fuori, separata)?;
            atti.seduta_record(id, fatto)?
        }
        SedutaCommand::Rinvia { id, punto, motivo } => {
            atti.seduta_record(id, SedutaFatto::Rinviato { punto, motivo })?
        }
        SedutaCommand::Ritira { id, punto, motivo } => {
            atti.seduta_record(id, SedutaFatto::Ritirato { punto, motivo })?
        }
        SedutaCommand::Dichiarazione {
            id,
            membro,
            punto,
            testo,
        } => atti.seduta_record(
            id,
            SedutaFatto::Dichiarazione {
                punto,
                membro,
                testo,
            },
        )?,
        SedutaCommand::Chiudi { id } => atti.seduta_record(id, SedutaFatto::Chiusa)?,
        SedutaCommand::Capigruppo { id } => atti.seduta_record(
            id,
            SedutaFatto::ComunicazioneCapigruppo {
                delibere: Vec::new(),
                il: atti.today(),
            },
        )?,
        SedutaCommand::Avviso { id, pin_stdin } => {
            firma(atti, id, SedutaDocumento::Avviso, pin_stdin)?
        }
        SedutaCommand::Verbale { id, pin_stdin } => {
            firma(atti, id, SedutaDocumento::Verbale, pin_stdin)?
        }
        SedutaCommand::Documento { id, documento, out } => {
            atti.seduta_document_save(id, documento.documento(), &out)?;
            outln!("Salvato {}", out.display());
            return Ok(());
        }
    };
    print_seduta(&seduta, json);
    Ok(())
}

/// A document of the session signed as the current user: the PIN is asked once the signature
/// is known to be theirs to give.
fn firma(
    atti: &mut Atti,
    id: i64,
    documento: SedutaDocumento,
    pin_stdin: bool,
) -> AppResult<SedutaDto> {
    atti.seduta_firma_check(id, documento)?;
    let pin = read_pin(pin_stdin, "PIN del dispositivo di firma: ")?;
    atti.seduta_firma(id, documento, &pin)
}

fn print_seduta(seduta: &SedutaDto, json: bool) {
    if json {
        print::json(seduta)
    } else {
        print::seduta(seduta)
    }
}

fn parse<T: std::str::FromStr>(text: &str, what: &str, form: &str) -> AppResult<T> {
    text.parse().map_err(|_| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("{what} non valida «{text}»: usare {form}"),
        )
    })
}

/// `votanti`, `presenti`, `componenti`, or a share like `2/3`.
fn parse_maggioranza(text: &str) -> AppResult<Maggioranza> {
    let wrong = || {
        AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "maggioranza non valida «{text}»: usare votanti, presenti, componenti o una quota come 2/3"
            ),
        )
    };
    Ok(match text {
        "votanti" => Maggioranza::Votanti,
        "presenti" => Maggioranza::Presenti,
        "componenti" => Maggioranza::Componenti,
        share => {
            let (num, den) = share.split_once('/').ok_or_else(wrong)?;
            Maggioranza::Qualificata {
                num: num.trim().parse().map_err(|_| wrong())?,
                den: den.trim().parse().map_err(|_| wrong())?,
            }
        }
    })
}
