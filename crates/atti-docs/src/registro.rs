//! A register of final numbers printed: every number of a kind and year, with its date,
//! oggetto and state (an annulled number keeps its row and its reason), as a PDF/A to print or
//! keep, the running header on every page. Not an act: nobody signs it; it says when it was
//! printed and that the register itself is the one in the archive.

use atti_core::ActKind;
use jiff::civil::Date;
use serde::Serialize;

use crate::Error;
use crate::render::{PageModel, date_model, date_short, typeset};
use crate::text::{check_printable, model_json, to_value};

/// One number of the register as printed.
#[derive(Debug, Clone, Serialize)]
pub struct RegistroRiga {
    /// «12/2026».
    pub numero: String,
    /// The adoption date (none for a number not yet adopted).
    pub data: Option<Date>,
    /// The act's oggetto.
    pub oggetto: String,
    /// Its state, in words.
    pub stato: String,
    /// Why it was annulled, for an annulled number.
    pub annullato: Option<String>,
}

/// What a printed register is made from.
#[derive(Debug, Clone)]
pub struct RegistroInput {
    /// Name of the Comune.
    pub comune: String,
    /// The kind whose register this is.
    pub kind: ActKind,
    /// Its year.
    pub year: i16,
    /// Its numbers, in order.
    pub righe: Vec<RegistroRiga>,
    /// The day it is printed.
    pub date: Date,
    /// The Comune's stemma as SVG; `None` prints the neutral demo stemma.
    pub stemma_svg: Option<String>,
}

#[derive(Serialize)]
struct Model {
    /// The running header and footer, the metadata.
    #[serde(flatten)]
    page: PageModel,
    heading: String,
    righe: Vec<RigaModel>,
    riepilogo: String,
}

#[derive(Serialize)]
struct RigaModel {
    numero: String,
    data: String,
    oggetto: String,
    stato: String,
    annullato: Option<String>,
}

/// The file name of a printed register ("registro-determinazione-2026.pdf").
pub fn registro_file_name(kind: ActKind, year: i16) -> String {
    format!("registro-{}-{year}.pdf", kind.slug())
}

/// Renders the register as PDF/A-2a. The same input always gives the same bytes.
pub fn render_registro(input: &RegistroInput) -> Result<Vec<u8>, Error> {
    let annullati = input.righe.iter().filter(|r| r.annullato.is_some()).count();
    let riepilogo = match (input.righe.len(), annullati) {
        (0, _) => format!("Nel {} non è stato assegnato alcun numero.", input.year),
        (1, 0) => "Un numero assegnato.".to_string(),
        (n, 0) => format!("{n} numeri assegnati."),
        (n, a) => format!(
            "{n} numeri assegnati, di cui {a} annullat{}: il numero resta nel registro con il motivo.",
            if a == 1 { "o" } else { "i" }
        ),
    };
    let model = Model {
        page: PageModel {
            ident: format!(
                "atti/{}/registro/{}/{}",
                input.comune,
                input.kind.slug(),
                input.year
            ),
            title: format!("Registro – {} – anno {}", input.kind.label(), input.year),
            comune: input.comune.clone(),
            office: None,
            kind_label: format!("Registro: {}", input.kind.label()),
            numero_label: format!("anno {}, stampa", input.year),
            date: date_model(input.date),
            version_label: None,
        },
        heading: format!(
            "Registro generale: {}, anno {}",
            input.kind.label(),
            input.year
        ),
        righe: input
            .righe
            .iter()
            .map(|r| RigaModel {
                numero: r.numero.clone(),
                data: r.data.map(date_short).unwrap_or_default(),
                oggetto: r.oggetto.clone(),
                stato: r.stato.clone(),
                annullato: r.annullato.clone(),
            })
            .collect(),
        riepilogo: format!(
            "{riepilogo} Stampa del {} dal registro conservato nell'archivio di Atti, che fa fede.",
            date_short(input.date)
        ),
    };
    check_printable(&to_value(&model)?, &[])?;
    typeset(
        "/registro.typ",
        model_json(&model)?,
        input.stemma_svg.as_deref(),
        &model.page.ident,
        input.date,
    )
}
