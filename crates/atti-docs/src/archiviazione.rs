//! The provvedimento of archiviazione of a verbale (atti-core `archiviazione`, art. 386 Reg.
//! CdS): the comandante, having seen the verbale, gives the reason and the reasons written
//! out, and orders it archived. A PDF/A of its own, bound to the verbale by the SHA-256 of its
//! signed file; rendered only to be signed at once («Documento firmato digitalmente» is true
//! of every copy that is kept).

use atti_core::archiviazione::{Archiviazione, MotivoArchiviazione};
use jiff::civil::Date;
use serde::Serialize;

use crate::Error;
use crate::render::{PageModel, date_model, date_short, typeset};
use crate::text::{check_printable, model_json, to_value};

/// What a provvedimento of archiviazione states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiviazioneInput {
    /// Name of the Comune ("Comune di Esempio").
    pub comune: String,
    /// The office's name ("Comando di Polizia locale").
    pub office: Option<String>,
    /// The verbale's identifier in the document's ident (its global identifier when shared).
    pub act_ref: String,
    /// The verbale's final number ("12/2026") and the day it was signed.
    pub numero: (String, Date),
    /// The verbale's oggetto.
    pub oggetto: String,
    /// What the verbale records, in one sentence (violation, day, place, vehicle).
    pub accertamento: String,
    /// The SHA-256 of the verbale's signed file.
    pub atto_sha256: String,
    /// The reason and the reasons.
    pub archiviazione: Archiviazione,
    /// Who signs it ("Davide Moretti").
    pub author: String,
    /// Their role as printed ("Comandante della Polizia locale").
    pub author_role: String,
    /// Place ("Esempio").
    pub place: String,
    /// The day it is signed.
    pub date: Date,
    /// The Comune's stemma as SVG; `None` prints the neutral demo stemma.
    pub stemma_svg: Option<String>,
}

#[derive(Serialize)]
struct Model {
    #[serde(flatten)]
    page: PageModel,
    heading: &'static str,
    norma: &'static str,
    subject: String,
    oggetto: String,
    premessa: String,
    motivo: String,
    motivazione: String,
    dispone: String,
    atto_sha256: String,
    author: String,
    author_role: String,
    place: String,
}

const HEADING: &str = "Provvedimento di archiviazione";
const NORMA: &str =
    "art. 386 D.P.R. 16 dicembre 1992, n. 495 (Regolamento del Codice della Strada)";

/// The file name of the provvedimento of verbale `act_id` ("7-archiviazione.pdf").
pub fn archiviazione_file_name(act_id: i64) -> String {
    format!("{act_id}-archiviazione.pdf")
}

/// Renders the provvedimento's PDF/A-2a, to be signed. The same input gives the same bytes.
pub fn render_archiviazione(input: &ArchiviazioneInput) -> Result<Vec<u8>, Error> {
    let (numero, del) = (&input.numero.0, date_short(input.numero.1));
    let subject = format!("Verbale di accertamento n. {numero} del {del}");
    let motivo = input.archiviazione.motivo;
    let model = Model {
        page: PageModel {
            ident: format!(
                "atti/{}/verbale-pl/{}/archiviazione",
                input.comune, input.act_ref
            ),
            title: format!("{HEADING} – {subject}"),
            comune: input.comune.clone(),
            office: input.office.clone(),
            kind_label: HEADING.into(),
            numero_label: subject.clone(),
            date: date_model(input.date),
            version_label: None,
        },
        heading: HEADING,
        norma: NORMA,
        subject,
        oggetto: input.oggetto.clone(),
        premessa: format!(
            "visto il verbale di accertamento n. {numero} del {del}: {}",
            input.accertamento
        ),
        motivo: match motivo {
            MotivoArchiviazione::Altro => "per i motivi che seguono".into(),
            _ => motivo.label().to_string(),
        },
        motivazione: input.archiviazione.motivazione.trim().to_string(),
        dispone: format!(
            "l'archiviazione del verbale n. {numero} del {del}. Il verbale non prosegue e nessuna somma è dovuta in forza di esso; il suo numero resta nel registro dei verbali con l'annotazione dell'archiviazione."
        ),
        atto_sha256: input.atto_sha256.clone(),
        author: input.author.clone(),
        author_role: input.author_role.clone(),
        place: input.place.clone(),
    };
    check_printable(&to_value(&model)?, &[])?;
    typeset(
        "/archiviazione.typ",
        model_json(&model)?,
        input.stemma_svg.as_deref(),
        &model.page.ident,
        input.date,
    )
}
