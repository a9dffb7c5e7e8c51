//! The avviso di pagamento pagoPA of a verbale: for each payment option (the reduced amount
//! within 5 days, the ordinary one within 60) its codice avviso, the Comune's codice fiscale,
//! the amount, and the QR code in pagoPA's format (atti-core `pagopa`), which any payment app,
//! bank or tabaccheria reads. A PDF/A printed and sent with the verbale.

use atti_core::pagopa::{Opzione, qr_text};
use jiff::civil::Date;
use serde::Serialize;

use crate::Error;
use crate::render::{PageModel, date_model, typeset_with};
use crate::text::{check_printable, model_json, to_value};
use atti_core::money::format_euro;

/// What an avviso di pagamento says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvvisoInput {
    /// Name of the Comune ("Comune di Esempio").
    pub comune: String,
    /// The Comune's codice fiscale (ente creditore).
    pub ente_codice_fiscale: String,
    /// What is paid: «Verbale n. 3/2026 del 05/01/2026, targa AB123CD».
    pub oggetto: String,
    /// Who pays.
    pub destinatario: String,
    /// The payment options.
    pub opzioni: Vec<Opzione>,
    /// The verbale's identifier in the document's ident.
    pub act_ref: String,
    /// The day it is made.
    pub date: Date,
    /// The Comune's stemma as SVG; `None` prints the neutral demo stemma.
    pub stemma_svg: Option<String>,
}

#[derive(Serialize)]
struct Model {
    #[serde(flatten)]
    page: PageModel,
    ente_codice_fiscale: String,
    oggetto: String,
    destinatario: String,
    opzioni: Vec<OpzioneModel>,
}

#[derive(Serialize)]
struct OpzioneModel {
    descrizione: String,
    entro: String,
    importo: String,
    codice_avviso: String,
    qr: String,
}

/// The codice avviso as the avviso prints it: groups of four digits («3012 0261 0000 0017 43»).
fn grouped(codice: &str) -> String {
    codice
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The file name of the avviso of act `act_id` ("5-avviso-pagopa.pdf").
pub fn avviso_file_name(act_id: i64) -> String {
    format!("{act_id}-avviso-pagopa.pdf")
}

/// Renders the avviso's PDF/A-2a. The same input gives the same bytes.
pub fn render_avviso_pagopa(input: &AvvisoInput) -> Result<Vec<u8>, Error> {
    const QR: [&str; 2] = ["/qr-1.svg", "/qr-2.svg"];
    if input.opzioni.is_empty() || input.opzioni.len() > QR.len() {
        return Err(Error::Template(format!(
            "un avviso ha una o due opzioni di pagamento, non {}",
            input.opzioni.len()
        )));
    }
    let mut extra = Vec::new();
    let mut opzioni = Vec::new();
    for (o, path) in input.opzioni.iter().zip(QR) {
        let text = qr_text(
            &o.codice_avviso,
            &input.ente_codice_fiscale,
            o.importo_centesimi,
        );
        extra.push((path, crate::copy::qr_svg(&text)?.into_bytes()));
        opzioni.push(OpzioneModel {
            descrizione: o.descrizione.clone(),
            entro: format!(
                "entro {} giorni dalla contestazione o dalla notificazione",
                o.entro_giorni
            ),
            importo: format_euro(o.importo_centesimi),
            codice_avviso: grouped(&o.codice_avviso),
            qr: path.to_string(),
        });
    }
    let title = format!("Avviso di pagamento pagoPA – {}", input.oggetto);
    let model = Model {
        page: PageModel {
            ident: format!(
                "atti/{}/verbale-pl/{}/avviso-pagopa",
                input.comune, input.act_ref
            ),
            title,
            comune: input.comune.clone(),
            office: None,
            kind_label: "Avviso di pagamento".into(),
            numero_label: input.oggetto.clone(),
            date: date_model(input.date),
            version_label: None,
        },
        ente_codice_fiscale: input.ente_codice_fiscale.clone(),
        oggetto: input.oggetto.clone(),
        destinatario: input.destinatario.clone(),
        opzioni,
    };
    check_printable(&to_value(&model)?, &[])?;
    typeset_with(
        "/avviso-pagopa.typ",
        model_json(&model)?,
        input.stemma_svg.as_deref(),
        extra,
        &model.page.ident,
        input.date,
    )
}
