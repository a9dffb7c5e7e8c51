//! The document of an attestation signed after an act's publication (atti-core
//! `attestazione`): the referto di pubblicazione (the act stood on the albo pretorio online
//! from… to…, with its number of the register of publications) and the certificato di
//! esecutività of a delibera (executive from its day, by art. 134 c.3 or c.4 TUEL). A PDF/A
//! of its own, bound to the act by the SHA-256 of its signed file.
//!
//! What it says comes from atti-core's [`Contenuto`]: every sentence is backed by a record of
//! the archive. It is rendered only to be signed at once: «Documento firmato digitalmente» is
//! true of every copy that is kept.

use atti_core::ActKind;
use atti_core::attestazione::{Attestazione, Contenuto};
use jiff::civil::Date;
use serde::Serialize;

use crate::Error;
use crate::render::{PageModel, date_model, date_short, typeset};
use crate::text::{check_printable, model_json, to_value};

/// What an attestation states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttestazioneInput {
    /// Name of the Comune ("Comune di Esempio").
    pub comune: String,
    /// Which attestation.
    pub tipo: Attestazione,
    /// What it attests, as atti-core decided.
    pub contenuto: Contenuto,
    /// The act's kind.
    pub kind: ActKind,
    /// The act's identifier in the document's ident (its global identifier when shared).
    pub act_ref: String,
    /// The act's final number ("12/2026") and day of adoption.
    pub numero: (String, Date),
    /// The act's oggetto (publication version).
    pub oggetto: String,
    /// Its number of the register of publications ("7/2026"), for the referto.
    pub repertorio: Option<String>,
    /// The SHA-256 of the act's signed file.
    pub atto_sha256: String,
    /// Who signs it ("Roberto Gallo").
    pub author: String,
    /// Their role as printed ("Messo comunale").
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
    norma: String,
    subject: String,
    oggetto: String,
    /// The sentence attested, whole.
    attesta: String,
    atto_sha256: String,
    author: String,
    author_role: String,
    place: String,
}

/// The file name of an attestation of act `act_id` ("7-referto.pdf").
pub fn attestazione_file_name(act_id: i64, tipo: Attestazione) -> String {
    format!("{act_id}-{}.pdf", tipo.slug())
}

/// The sentence an attestation states, with its dates.
pub fn attestazione_testo(input: &AttestazioneInput) -> String {
    let (numero, del) = (&input.numero.0, date_short(input.numero.1));
    match &input.contenuto {
        Contenuto::Pubblicazione { periodo, norma } => format!(
            "attesta che l'atto in oggetto ({} n. {numero} del {del}) è stato pubblicato all'albo pretorio online del {}{} per {} giorni consecutivi, {}, ai sensi dell'{norma}.",
            input.kind.label(),
            input.comune,
            input
                .repertorio
                .as_ref()
                .map(|r| format!(", al n. {r} del registro delle pubblicazioni,"))
                .unwrap_or_default(),
            periodo
                .fine
                .since(periodo.inizio)
                .map_or(0, |span| span.get_days() + 1),
            periodo.label()
        ),
        Contenuto::Esecutivita {
            giorno,
            immediata: true,
        } => format!(
            "certifica che la deliberazione n. {numero} del {del}, dichiarata immediatamente eseguibile con il voto separato dell'organo, è esecutiva dal {} ai sensi dell'art. 134, comma 4, del D.Lgs. 267/2000.",
            date_short(*giorno)
        ),
        Contenuto::Esecutivita { giorno, .. } => format!(
            "certifica che la deliberazione n. {numero} del {del}, pubblicata all'albo pretorio online, è divenuta esecutiva il {}, undicesimo giorno di pubblicazione, decorsi dieci giorni dalla pubblicazione ai sensi dell'art. 134, comma 3, del D.Lgs. 267/2000.",
            date_short(*giorno)
        ),
    }
}

/// Renders the attestation's PDF/A-2a, to be signed. The same input gives the same bytes.
pub fn render_attestazione(input: &AttestazioneInput) -> Result<Vec<u8>, Error> {
    let subject = format!(
        "{} n. {} del {}",
        input.kind.label(),
        input.numero.0,
        date_short(input.numero.1)
    );
    let heading = input.tipo.label();
    let model = Model {
        page: PageModel {
            ident: format!(
                "atti/{}/{}/{}/{}",
                input.comune,
                input.kind.slug(),
                input.act_ref,
                input.tipo.slug()
            ),
            title: format!("{heading} – {subject}"),
            comune: input.comune.clone(),
            office: None,
            kind_label: heading.into(),
            numero_label: subject.clone(),
            date: date_model(input.date),
            version_label: None,
        },
        heading,
        norma: input.contenuto.norma().to_string(),
        subject,
        oggetto: input.oggetto.clone(),
        attesta: attestazione_testo(input),
        atto_sha256: input.atto_sha256.clone(),
        author: input.author.clone(),
        author_role: input.author_role.clone(),
        place: input.place.clone(),
    };
    check_printable(&to_value(&model)?, &[])?;
    typeset(
        "/attestazione.typ",
        model_json(&model)?,
        input.stemma_svg.as_deref(),
        &model.page.ident,
        input.date,
    )
}
