//! Act documents: the PDF/A of an act, its publication version with omissis, and the certified
//! paper copy with its QR contrassegno.
//!
//! This crate turns data into bytes and nothing else: no store, no file system, no clock, no
//! network. Fonts, templates and the demo stemma are compiled in. Typesetting is typst, used as a
//! library with one template per act kind (`templates/*.typ`); the act reaches the template
//! only as JSON. It is synchronous and CPU-bound: callers in async code use `spawn_blocking`.
//!
//! It is not a signer (PAdES belongs to the signature crate) and not a register of copies (the
//! app records each copy it issues).
//!
//! ```no_run
//! # fn demo(input: atti_docs::RenderInput, copy: atti_docs::CopyInput) -> Result<(), atti_docs::Error> {
//! use atti_docs::{render_pdf, render_copy, verify_token, SealKey, Variant};
//! let full = render_pdf(&input, Variant::Full)?;              // archive this one
//! let albo = render_pdf(&input, Variant::Publication)?;       // riservati read "omissis"
//! let key = SealKey::demo();
//! let certified = render_copy(&full, &copy, &key)?;           // print certified.pdf
//! let claims = verify_token(&certified.token, &key.public_key())?;
//! assert!(atti_docs::matches_original(&claims, &full));
//! # Ok(()) }
//! ```

#![deny(missing_docs)]

mod albo;
mod archiviazione;
mod attestazione;
mod avviso;
mod contrassegno;
mod copy;
mod input;
mod omissis;
mod parere;
mod persone;
mod qr_image;
mod registro;
mod render;
mod seduta;
mod text;
mod world;

pub use albo::{
    AlboSito, AlboVoce, SITO_STILE, SitoFile, TrasparenzaPagina, TrasparenzaSemestre, albo_pagina,
    albo_pdf, albo_sito, trasparenza_html,
};
pub use archiviazione::{ArchiviazioneInput, archiviazione_file_name, render_archiviazione};
pub use attestazione::{
    AttestazioneInput, attestazione_file_name, attestazione_testo, render_attestazione,
};
pub use avviso::{AvvisoInput, avviso_file_name, render_avviso_pagopa};
pub use contrassegno::{
    CopiaClaims, SealKey, SealPublicKey, TOKEN_PREFIX, TOKEN_PREFIX_V1, TokenClaims,
    check_not_retired, issue_token, matches_original, parse_short_code, qr_payload, sha256_hex,
    short_code, token_from_qr, verify_token,
};
pub use copy::{
    CertifiedCopy, CopyInput, Official, VerifiedSignature, pdf_page_count, qr_svg, render_copy,
};
pub use input::{ActDates, Parere, RenderInput, SignedDocument, Signer, Variant};
pub use omissis::{
    OMISSIS, Proposal, ProposalKind, Riservato, apply_omissis, iban_is_valid, propose_omissis,
    stale_riservati, text_fields,
};
pub use parere::{ParereInput, norma, parere_file_name, parere_title, render_parere};
pub use qr_image::qr_texts;
pub use registro::{RegistroInput, RegistroRiga, registro_file_name, render_registro};
pub use render::{PDF_STANDARD, render_pdf};
pub use seduta::{SedutaDocInput, render_avviso, render_verbale, seduta_file_name};

/// Why a document could not be made or a contrassegno not be trusted.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A template failed to compile or lay out (a bug in a template, or text the fonts cannot
    /// show).
    #[error("il modello di stampa non è utilizzabile: {0}")]
    Template(String),
    /// The PDF export refused the document (e.g. a PDF/A rule it would break).
    #[error("la generazione del PDF non è riuscita: {0}")]
    Pdf(String),
    /// The original PDF of a copy cannot be read.
    #[error("il PDF originale non è leggibile: {0}")]
    UnreadableOriginal(String),
    /// A seal key is not a valid P-256 key.
    #[error("chiave di sigillo non valida: {0}")]
    BadKey(String),
    /// The data for a contrassegno cannot be encoded.
    #[error("dati del contrassegno non validi: {0}")]
    BadClaims(String),
    /// The text holds a character that no bundled font can print (e.g. CJK ideographs).
    #[error("il carattere «{character}» (U+{:04X}) in {field} non è stampabile con i caratteri tipografici del documento", *character as u32)]
    Unprintable {
        /// Where it is, e.g. "act.dispositivo[1].text".
        field: String,
        /// The character.
        character: char,
    },
    /// A contrassegno is not in the expected form.
    #[error("contrassegno non riconosciuto: {0}")]
    TokenMalformed(String),
    /// A contrassegno's signature does not match its text or the key: it was altered, or it
    /// was not issued by this Comune.
    #[error("il contrassegno non è autentico: la firma non corrisponde")]
    TokenSignature,
    /// A contrassegno sealed with a key the Comune retired, for a copy it says was issued on or
    /// after the day of the retirement (or that does not say when).
    #[error("il contrassegno non è autentico: {0}")]
    RetiredKey(String),
    /// A picture of a copy that cannot be read.
    #[error("immagine della copia non utilizzabile: {0}")]
    Picture(String),
}
