//! The document of a parere or visto: the statement its author signs with the PIN (art. 49
//! TUEL for the pareri on a proposal of deliberazione, art. 183 c.7 for the visto di regolarità
//! contabile on an adopted determinazione). A PDF/A of its own, bound to what it is given on:
//! the SHA-256 of the version of the text (a parere), and of the signed act (the visto), with
//! the impegni it attests the coverage of.
//!
//! It is rendered only to be signed at once: its sentence «Documento firmato digitalmente» is
//! true of every copy that is kept.

use atti_core::parere::{Esito, ParereTipo};
use atti_core::{ActKind, Impegno};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::render::{
    ImpegnoModel, PageModel, date_model, date_short, impegni_model, paragraphs, typeset,
};
use crate::text::{check_printable, model_json, to_value};

/// What a parere or visto states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParereInput {
    /// Name of the Comune ("Comune di Esempio").
    pub comune: String,
    /// The office that proposes the act.
    #[serde(default)]
    pub office: Option<String>,
    /// The act's kind.
    pub kind: ActKind,
    /// The act's identifier in the document's ident: its global identifier when shared
    /// through the document server (the same on every PC), else its id in the archive.
    pub act_ref: String,
    /// The number of the proposal ("12/2026"), if it has one.
    #[serde(default)]
    pub proposta: Option<String>,
    /// The final number and date of the adopted act (the visto is given on it).
    #[serde(default)]
    pub numero: Option<(String, Date)>,
    /// The act's oggetto.
    pub oggetto: String,
    /// The version of the text the parere is given on.
    pub version: u32,
    /// The SHA-256 of that version's content, as the archive keeps it.
    pub version_sha256: String,
    /// The SHA-256 of the signed act the visto is affixed to.
    #[serde(default)]
    pub atto_sha256: Option<String>,
    /// The impegni di spesa it attests (the visto and the parere contabile).
    #[serde(default)]
    pub impegni: Vec<Impegno>,
    /// Which parere.
    pub tipo: ParereTipo,
    /// Its outcome.
    pub esito: Esito,
    /// Its reasons.
    #[serde(default)]
    pub motivazione: String,
    /// Who gives and signs it ("Anna Bianchi").
    pub author: String,
    /// Their role as printed ("Responsabile del servizio finanziario").
    pub author_role: String,
    /// Place ("Esempio").
    pub place: String,
    /// The day it is given.
    pub date: Date,
    /// The Comune's stemma as SVG; `None` prints the neutral demo stemma.
    #[serde(default)]
    pub stemma_svg: Option<String>,
}

#[derive(Serialize)]
struct ParereModel {
    /// The running header and footer, the metadata.
    #[serde(flatten)]
    page: PageModel,
    publication: bool,
    heading: String,
    norma: &'static str,
    subject: String,
    oggetto: String,
    version: u32,
    version_sha256: String,
    atto_sha256: Option<String>,
    impegni: Vec<ImpegnoModel>,
    totale_impegni: Option<String>,
    esito: &'static str,
    favorevole: bool,
    motivazione: Vec<String>,
    author: String,
    author_role: String,
    place: String,
}

/// The article of the TUEL a tipo is given under.
pub fn norma(tipo: ParereTipo) -> &'static str {
    match tipo {
        ParereTipo::VistoContabile => {
            "attestante la copertura finanziaria, ai sensi dell'art. 183, comma 7, del D.Lgs. 267/2000"
        }
        ParereTipo::Tecnico | ParereTipo::Contabile => {
            "ai sensi dell'art. 49, comma 1, del D.Lgs. 267/2000"
        }
    }
}

/// The tipo's label with a capital letter ("Parere di regolarità tecnica").
pub fn parere_title(tipo: ParereTipo) -> String {
    let label = tipo.label();
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The file name of the document of a parere on act `act_id` ("7-parere-tecnico-v3.pdf").
pub fn parere_file_name(act_id: i64, tipo: ParereTipo, version: u32) -> String {
    format!(
        "{act_id}-{}-v{version}.pdf",
        match tipo {
            ParereTipo::Tecnico => "parere-tecnico",
            ParereTipo::Contabile => "parere-contabile",
            ParereTipo::VistoContabile => "visto-contabile",
        }
    )
}

/// Renders the parere's PDF/A-2a, to be signed. The same input gives the same bytes.
pub fn render_parere(input: &ParereInput) -> Result<Vec<u8>, Error> {
    check_printable(&to_value(input)?, &["stemma_svg"])?;
    let heading = parere_title(input.tipo);
    let subject = match (&input.numero, &input.proposta) {
        (Some((n, d)), _) => format!("{} n. {n} del {}", input.kind.label(), date_short(*d)),
        (None, Some(p)) => format!("proposta di {} n. {p}", input.kind.label().to_lowercase()),
        (None, None) => format!("proposta di {}", input.kind.label().to_lowercase()),
    };
    let (impegni, totale_impegni) = impegni_model(&input.impegni);
    let model = ParereModel {
        page: PageModel {
            ident: format!(
                "atti/{}/{}/{}/{}/{}",
                input.comune,
                input.kind.slug(),
                input.act_ref,
                input.version,
                input.tipo.slug()
            ),
            title: format!("{heading} – {subject}"),
            comune: input.comune.clone(),
            office: input.office.clone(),
            kind_label: heading.clone(),
            numero_label: subject.clone(),
            date: date_model(input.date),
            version_label: None,
        },
        publication: false,
        heading,
        norma: norma(input.tipo),
        subject,
        oggetto: input.oggetto.clone(),
        version: input.version,
        version_sha256: input.version_sha256.clone(),
        atto_sha256: input.atto_sha256.clone(),
        impegni,
        totale_impegni,
        esito: input.esito.label(),
        favorevole: input.esito == Esito::Favorevole,
        motivazione: paragraphs(&input.motivazione),
        author: input.author.clone(),
        author_role: input.author_role.clone(),
        place: input.place.clone(),
    };
    typeset(
        "/parere.typ",
        model_json(&model)?,
        input.stemma_svg.as_deref(),
        &model.page.ident,
        input.date,
    )
}
