//! Verification (`atti verify`): the signatures of one or more signed files, or the
//! contrassegno of a paper copy (`--qr`).

use crate::input::read_file;
use crate::print;
use atti_app::{AppError, AppResult, Atti, ErrorCode};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// Verifica le firme di uno o più file (PDF o .p7m), oppure il contrassegno di una copia (--qr).
    Verify {
        /// I file firmati da verificare.
        #[arg(
            required_unless_present_any = ["qr", "qr_image"],
            conflicts_with_all = ["qr", "qr_image"],
            value_name = "FILE"
        )]
        files: Vec<PathBuf>,
        /// Certificati di autorità aggiuntivi di cui fidarsi (PEM); ripetibile.
        #[arg(long, value_name = "CA.pem")]
        trust: Vec<PathBuf>,
        /// Il testo letto dal QR di una copia analogica, o il codice di verifica stampato sotto il QR.
        #[arg(long, conflicts_with = "qr_image")]
        qr: Option<String>,
        /// Un'immagine della copia (scansione o foto, PNG o JPEG) o il PDF dello scanner: il QR si legge da lì.
        #[arg(long, value_name = "IMMAGINE")]
        qr_image: Option<PathBuf>,
    },
}

pub fn run(atti: &mut Atti, command: Command, json: bool) -> AppResult<()> {
    let Command::Verify {
        files,
        trust,
        qr,
        qr_image,
    } = command;
    if let Some(picture) = qr_image {
        return print_qr(&atti.verify_qr_image(&picture)?, json);
    }
    if files.is_empty() {
        return verify_qr(atti, &qr.unwrap_or_default(), json);
    }
    let mut extra = Vec::new();
    for t in &trust {
        extra.push(read_file(t)?);
    }
    verify_files(atti, &files, &extra, json)
}

/// Verifies each file in turn (one that cannot be read or verified does not stop the others);
/// fails at the end naming those that did not pass.
fn verify_files(atti: &Atti, files: &[PathBuf], trust: &[Vec<u8>], json: bool) -> AppResult<()> {
    let several = files.len() > 1;
    let mut failed = Vec::new();
    let mut reports = Vec::new();
    for file in files {
        let report = read_file(file).and_then(|bytes| atti.verify_signed(&bytes, trust));
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

/// Checks a copy's contrassegno and, when the original is in this archive, that it matches.
fn verify_qr(atti: &Atti, qr: &str, json: bool) -> AppResult<()> {
    print_qr(&atti.verify_qr(qr)?, json)
}

/// What a contrassegno says, and whether it matches the original kept here.
fn print_qr(v: &atti_app::dto::QrVerification, json: bool) -> AppResult<()> {
    if json {
        print::json(v);
    } else {
        let c = &v.claims;
        outln!(
            "Contrassegno autentico: {} n. {} del {}",
            c.registro,
            c.numero,
            c.data
        );
        outln!("Impronta SHA-256 dell'originale: {}", c.sha256);
        match &c.copia {
            Some(copia) => {
                outln!(
                    "Copia n. {} rilasciata il {} da {}, di {} pagine: la copia su carta deve riportare gli stessi dati",
                    copia.numero,
                    copia.rilasciata,
                    copia.funzionario,
                    copia.pagine
                );
                match &v.registro {
                    Some(r) if r.registrata => {
                        if let Some(per) = &r.per {
                            outln!("Rilasciata a: {per}");
                        }
                    }
                    Some(_) => outln!(
                        "ATTENZIONE: nel registro delle copie di questo archivio la copia n. {} non ha questo contrassegno",
                        copia.numero
                    ),
                    None => {}
                }
            }
            None => outln!("Contrassegno del primo formato: non indica la copia su cui è stampato"),
        }
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
        for fact in &v.later {
            outln!("ATTENZIONE: {fact}");
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
