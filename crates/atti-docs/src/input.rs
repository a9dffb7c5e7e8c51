//! What a caller hands in to render an act: plain data, serde, no behaviour. atti-app fills it
//! from the store (the act, its numbers and dates, pareri, seduta, signers).

use atti_core::Act;
use atti_core::iter::Seduta;
use atti_core::parere::{Esito, ParereTipo};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::omissis::Riservato;

/// Everything the document of one act shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenderInput {
    /// Name of the Comune, as the header prints it ("Comune di Esempio").
    pub comune: String,
    /// The office that proposed the act ("Settore Tecnico"), if it should be printed.
    #[serde(default)]
    pub office: Option<String>,
    /// The act as stored (content and identity).
    pub act: Act,
    /// Final number in the register ("12/2026"); when `None`, `act.numero` is used; when both
    /// are `None` the document shows "proposta n. <proposal>", or "bozza" without one.
    #[serde(default)]
    pub numero: Option<String>,
    /// The date the document carries: in the header, and as the PDF's creation date (so the
    /// same input always gives the same bytes). Usually the adoption date, or today's date
    /// for a draft, chosen by the caller.
    pub document_date: Date,
    /// The dates of the iter, printed in the "Pubblicazione ed esecutività" block when present.
    #[serde(default)]
    pub dates: ActDates,
    /// Pareri and visti, in the order they were given.
    #[serde(default)]
    pub pareri: Vec<Parere>,
    /// Session data (delibere only).
    #[serde(default)]
    pub seduta: Option<Seduta>,
    /// Who signs (or signed) the act, in the order the signature block prints them.
    #[serde(default)]
    pub signers: Vec<Signer>,
    /// A short line for the header's right side, e.g. "Bozza – versione 3" (none: nothing).
    #[serde(default)]
    pub version_label: Option<String>,
    /// Spans of personal data that the publication version replaces with "omissis".
    #[serde(default)]
    pub riservati: Vec<Riservato>,
    /// The Comune's stemma as SVG; `None` prints the neutral demo stemma.
    #[serde(default)]
    pub stemma_svg: Option<String>,
    /// The act's global identifier when it is shared through the document server: the
    /// document's ident names it instead of the archive's id, so that every PC renders the
    /// same bytes.
    #[serde(default)]
    pub uid: Option<String>,
}

impl RenderInput {
    /// An input with only what every document needs; fill the other fields as known.
    pub fn new(comune: &str, act: Act, document_date: Date) -> RenderInput {
        RenderInput {
            comune: comune.to_string(),
            office: None,
            act,
            numero: None,
            document_date,
            dates: ActDates::default(),
            pareri: Vec::new(),
            seduta: None,
            signers: Vec::new(),
            version_label: None,
            riservati: Vec::new(),
            stemma_svg: None,
            uid: None,
        }
    }
}

/// The dates of the iter (civil dates).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActDates {
    /// Adoption (for delibere: the session).
    #[serde(default)]
    pub adoption: Option<Date>,
    /// First day on the albo.
    #[serde(default)]
    pub publication_start: Option<Date>,
    /// Last day on the albo.
    #[serde(default)]
    pub publication_end: Option<Date>,
    /// When the act is (or becomes) executive.
    #[serde(default)]
    pub esecutivita: Option<Date>,
}

/// A parere or visto as the document prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parere {
    /// Which one.
    pub tipo: ParereTipo,
    /// Outcome.
    pub esito: Esito,
    /// Reasons (may be empty for a favourable one).
    #[serde(default)]
    pub motivazione: String,
    /// Name of who gave it, as printed ("Dott.ssa Anna Bianchi").
    pub author: String,
    /// Role of who gave it, as printed ("Responsabile del servizio finanziario").
    #[serde(default)]
    pub author_role: Option<String>,
    /// When it was given.
    pub date: Date,
    /// The text changed afterwards: the document marks it "da rinnovare".
    #[serde(default)]
    pub da_rinnovare: bool,
    /// The signed document of the parere, kept with the act; `None` for a parere recorded
    /// before pareri were signed (the act says so).
    #[serde(default)]
    pub signed: Option<SignedDocument>,
}

/// A signed document the act refers to, by name and SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedDocument {
    /// The file's name ("parere-tecnico-v3.pdf").
    pub name: String,
    /// SHA-256 of the signed file, hex.
    pub sha256: String,
}

/// One signer of the act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    /// The role as printed above the name ("Il Sindaco", "Il Segretario generale").
    pub role: String,
    /// Name and surname.
    pub name: String,
}

/// Which version of the act to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// The full act, as adopted and archived.
    #[default]
    Full,
    /// The version for the albo and the trasparenza section: every span in
    /// [`RenderInput::riservati`] reads "omissis" (D.Lgs. 33/2013 art. 7-bis c.4).
    Publication,
}
