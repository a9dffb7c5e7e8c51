//! Act -> PDF/A-2a: builds the presentation model (plain JSON: every text already formatted the
//! Italian way), hands it to the template of the act's kind as the in-memory file `/data.json`,
//! lays it out with typst and exports it with typst-pdf.
//!
//! **Invariant:** act data reaches typst only as JSON values read by `json("/data.json")`;
//! nothing is ever spliced into markup, so a `#`, `*` or `$` in an oggetto is just a character.

use atti_core::money::format_euro;
use atti_core::{Act, ActKind};
use jiff::civil::{Date, Time};
use serde::Serialize;
use typst::foundations::{Datetime, Smart};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::Error;
use crate::input::{RenderInput, Variant};
use crate::omissis::{apply_omissis, redact};
use crate::text::{check_printable, model_json, to_value};
use crate::world::{DocWorld, describe};

const DEMO_STEMMA: &str = include_str!("../templates/stemma-demo.svg");

/// The PDF/A conformance level of every act document.
pub const PDF_STANDARD: &str = "PDF/A-2a";

/// Renders one act to PDF/A-2a bytes. The same input and variant always give the same bytes.
pub fn render_pdf(input: &RenderInput, variant: Variant) -> Result<Vec<u8>, Error> {
    check_printable(&to_value(input)?, &["stemma_svg"])?;
    let model = model(input, variant);
    typeset(
        &format!("/{}.typ", input.act.kind.slug()),
        model_json(&model)?,
        input.stemma_svg.as_deref(),
        &model.page.ident,
        input.document_date,
    )
}

/// Typesets `template` with its data (the model as JSON) and the stemma, into PDF/A-2a: every
/// document of this crate but the certified copy.
pub(crate) fn typeset(
    template: &str,
    json: Vec<u8>,
    stemma_svg: Option<&str>,
    ident: &str,
    date: Date,
) -> Result<Vec<u8>, Error> {
    typeset_with(template, json, stemma_svg, Vec::new(), ident, date)
}

/// [`typeset`] with more files the template reads (the QR codes of an avviso).
pub(crate) fn typeset_with(
    template: &str,
    json: Vec<u8>,
    stemma_svg: Option<&str>,
    extra: Vec<(&'static str, Vec<u8>)>,
    ident: &str,
    date: Date,
) -> Result<Vec<u8>, Error> {
    let mut files = vec![
        ("/data.json", json),
        ("/stemma.svg", stemma_bytes(stemma_svg)),
    ];
    files.extend(extra);
    let world = DocWorld::new(template, files)?;
    let document = world.compile()?;
    export(&world, &document, ident, date, true)
}

/// The stemma to print: the Comune's, or the neutral demo one.
pub(crate) fn stemma_bytes(svg: Option<&str>) -> Vec<u8> {
    svg.unwrap_or(DEMO_STEMMA).as_bytes().to_vec()
}

/// Exports a laid-out document, as PDF/A-2a when `archival`.
pub(crate) fn export(
    world: &DocWorld,
    document: &typst_layout::PagedDocument,
    ident: &str,
    date: Date,
    archival: bool,
) -> Result<Vec<u8>, Error> {
    let standards = if archival {
        PdfStandards::new(&[PdfStandard::A_2a]).map_err(|e| Error::Pdf(e.message().to_string()))?
    } else {
        PdfStandards::default()
    };
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some("Atti".to_string())),
        timestamp: Datetime::from_ymd(date.year().into(), date.month() as u8, date.day() as u8)
            .map(Timestamp::new_utc),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    typst_pdf::pdf(document, &options).map_err(|diags| Error::Pdf(describe(world, &diags)))
}

/// What every document's page shows in its running header and footer, and its metadata
/// (base.typ's `act-document`): a part of each document's model, flattened into it.
#[derive(Serialize)]
pub(crate) struct PageModel {
    pub(crate) ident: String,
    pub(crate) title: String,
    pub(crate) comune: String,
    pub(crate) office: Option<String>,
    pub(crate) kind_label: String,
    pub(crate) numero_label: String,
    pub(crate) date: DateModel,
    pub(crate) version_label: Option<String>,
}

#[derive(Serialize)]
struct Model {
    /// The running header and footer, the metadata.
    #[serde(flatten)]
    page: PageModel,
    kind: &'static str,
    verb: Option<&'static str>,
    tipo_ordinanza: Option<&'static str>,
    numero: Option<String>,
    publication: bool,
    oggetto: String,
    sections: Vec<SectionModel>,
    dispositivo: Vec<Vec<String>>,
    impegni: Vec<ImpegnoModel>,
    totale_impegni: Option<String>,
    attachments: Vec<AttachmentModel>,
    pareri: Vec<ParereModel>,
    seduta: Option<SedutaModel>,
    iter_dates: Vec<LabelValue>,
    signers: Vec<SignerModel>,
    /// What the document says of its signature: only what is true of these bytes.
    signature_note: &'static str,
    verbale: Option<VerbaleModel>,
}

/// The sentence under the signatures. Only the adopted original is signed (PAdES on these
/// very bytes); the version for the albo is a copy of it; a draft is signed by nobody.
pub(crate) fn signature_note(adopted: bool, publication: bool) -> &'static str {
    match (adopted, publication) {
        (false, _) => "Bozza: documento non firmato, senza valore di atto adottato",
        (true, true) => {
            "Versione per la pubblicazione dell'originale firmato digitalmente ai sensi del D.Lgs. 82/2005"
        }
        (true, false) => "Documento firmato digitalmente ai sensi del D.Lgs. 82/2005",
    }
}

#[derive(Serialize)]
pub(crate) struct DateModel {
    year: i16,
    month: i8,
    day: i8,
    short: String,
    long: String,
}

#[derive(Serialize)]
struct SectionModel {
    heading: &'static str,
    /// The section's formatted text, as atti-core reads it.
    blocks: Vec<atti_core::rich_text::Block>,
}

#[derive(Serialize)]
pub(crate) struct ImpegnoModel {
    esercizio: String,
    capitolo: String,
    importo: String,
    beneficiario: String,
    cig: String,
    cup: String,
}

#[derive(Serialize)]
struct AttachmentModel {
    name: String,
    /// The format as a clerk reads it («PDF», «Documento Word»).
    format: String,
    size: String,
    sha256: String,
}

#[derive(Serialize)]
struct ParereModel {
    title: String,
    norma: &'static str,
    esito: String,
    favorevole: bool,
    motivazione: Vec<String>,
    author: String,
    author_role: Option<String>,
    date: String,
    da_rinnovare: bool,
    signed: Option<SignedParereModel>,
}

#[derive(Serialize)]
struct SignedParereModel {
    name: String,
    sha256: String,
}

#[derive(Serialize)]
struct SedutaModel {
    organo: &'static str,
    /// «si è riunita la Giunta comunale».
    riunione: String,
    /// «della Giunta comunale».
    della: &'static str,
    data: String,
    presenti: u16,
    favorevoli: u16,
    contrari: u16,
    astenuti: u16,
    /// The separate vote, printed only when recorded and won (art. 134 c.4 TUEL).
    immediata: Option<ImmediataModel>,
    /// What the record of the session says by name, when the delibera has it.
    record: Option<RecordModel>,
}

#[derive(Serialize)]
struct RecordModel {
    ora: String,
    luogo: String,
    videoconferenza: bool,
    presiede: String,
    segretario: String,
    presenti: String,
    assenti: String,
    contrari: String,
    astenuti: String,
    non_partecipano: String,
}

#[derive(Serialize)]
struct ImmediataModel {
    componenti: u16,
    favorevoli: u16,
    contrari: u16,
    astenuti: u16,
}

#[derive(Serialize)]
struct LabelValue {
    label: &'static str,
    value: String,
}

#[derive(Serialize)]
pub(crate) struct SignerModel {
    role: String,
    name: String,
}

/// The signers as the templates print them.
pub(crate) fn signers_model(signers: &[crate::Signer]) -> Vec<SignerModel> {
    signers
        .iter()
        .map(|s| SignerModel {
            role: s.role.clone(),
            name: s.name.clone(),
        })
        .collect()
}

#[derive(Serialize)]
struct PersonModel {
    nome: String,
    codice_fiscale: String,
    indirizzo: String,
}

#[derive(Serialize)]
struct VerbaleModel {
    data: String,
    ora: String,
    luogo: String,
    veicolo: String,
    targa: String,
    trasgressore: PersonModel,
    obbligato_solidale: Option<PersonModel>,
    norma_violata: String,
    sanzione: String,
    sanzione_ridotta: String,
    punti: u8,
    agente_matricola: String,
    fatto: String,
    dichiarazioni: String,
    /// How the violation was contested, or why not (art. 200-201 CdS).
    contestazione: String,
    /// How to pay, one sentence a line (art. 202 CdS).
    pagamento: Vec<String>,
    /// Where and by when to appeal (artt. 203-204-bis CdS).
    ricorso: String,
    /// The points and the duty to name the driver (art. 126-bis CdS), if any.
    punti_testo: Option<String>,
}

/// What the verbale says of its contestation, its payment, its appeal and its points: the
/// law's terms from atti-core `verbale`.
fn verbale_testi(v: &atti_core::VerbalePl) -> (String, Vec<String>, String, Option<String>) {
    use atti_core::verbale as cds;
    let contestazione = match v.mancata_contestazione {
        None => "La violazione è stata contestata immediatamente al trasgressore (art. 200 CdS)."
            .to_string(),
        Some(caso) => {
            let motivo = v.motivo_mancata_contestazione.trim();
            format!(
                "La violazione non è stata contestata immediatamente: {}{}.",
                caso.label(),
                if motivo.is_empty() {
                    String::new()
                } else {
                    format!(". {motivo}")
                }
            )
        }
    };
    let spese = if v.spese_centesimi > 0 {
        format!(", oltre a {} di spese", format_euro(v.spese_centesimi))
    } else {
        String::new()
    };
    let mut pagamento = Vec::new();
    if v.sanzione_ridotta_centesimi > 0 {
        pagamento.push(format!(
            "Entro {} giorni dalla contestazione o dalla notificazione: {} (sanzione ridotta del 30%, art. 202 c.1 CdS){spese}.",
            cds::PAGAMENTO_RIDOTTO_GIORNI,
            format_euro(v.sanzione_ridotta_centesimi)
        ));
    }
    pagamento.push(format!(
        "Entro {} giorni dalla contestazione o dalla notificazione: {} (misura minima, art. 202 c.1 CdS){spese}. Oltre quel termine la somma dovuta è la metà del massimo edittale (art. 203 c.3 CdS).",
        cds::PAGAMENTO_GIORNI,
        format_euro(v.sanzione_centesimi)
    ));
    let ricorso = format!(
        "Chi non paga può proporre ricorso entro {} giorni dalla contestazione o dalla notificazione al Prefetto, presentandolo all'ufficio o al comando dell'organo accertatore o inviandolo con raccomandata con avviso di ricevimento (art. 203 CdS), oppure entro {} giorni al Giudice di pace del luogo della violazione (art. 204-bis CdS, art. 7 D.Lgs. 150/2011). Il pagamento in misura ridotta estingue il procedimento.",
        cds::RICORSO_PREFETTO_GIORNI,
        cds::RICORSO_GIUDICE_GIORNI
    );
    let punti = (v.punti > 0).then(|| {
        let mut t = format!(
            "La violazione comporta la decurtazione di {} punti dalla patente di guida (art. 126-bis CdS).",
            v.punti
        );
        if cds::obbligo_dati_conducente(v) {
            t.push_str(&format!(
                " Il proprietario del veicolo, o l'obbligato in solido, comunica entro {} giorni dalla notificazione i dati personali e della patente del conducente al momento della violazione (art. 126-bis c.2 CdS); chi omette senza giustificato motivo è soggetto alla sanzione dello stesso comma.",
                cds::DATI_CONDUCENTE_GIORNI
            ));
        }
        t
    });
    (contestazione, pagamento, ricorso, punti)
}

/// The months, for dates written out ("26 novembre 2026").
pub(crate) const MONTHS: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

/// "26/11/2026".
pub(crate) fn date_short(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// "26 novembre 2026" ("1° marzo 2026").
pub(crate) fn date_long(d: Date) -> String {
    let day = if d.day() == 1 {
        "1°".to_string()
    } else {
        d.day().to_string()
    };
    let month = MONTHS[usize::try_from(d.month() - 1).unwrap_or(0)];
    format!("{day} {month} {}", d.year())
}

fn time_short(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// Lines of a text area, each a paragraph; empty lines dropped.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

pub(crate) fn date_model(d: Date) -> DateModel {
    DateModel {
        year: d.year(),
        month: d.month(),
        day: d.day(),
        short: date_short(d),
        long: date_long(d),
    }
}

/// The impegni as printed, with their total (none when there are none).
pub(crate) fn impegni_model(impegni: &[atti_core::Impegno]) -> (Vec<ImpegnoModel>, Option<String>) {
    let rows: Vec<ImpegnoModel> = impegni
        .iter()
        .map(|i| ImpegnoModel {
            esercizio: i.esercizio.to_string(),
            capitolo: i.capitolo.clone(),
            importo: format_euro(i.importo_centesimi),
            beneficiario: i.beneficiario.clone(),
            cig: i.cig.clone().unwrap_or_default(),
            cup: i.cup.clone().unwrap_or_default(),
        })
        .collect();
    let total: i64 = impegni.iter().map(|i| i.importo_centesimi).sum();
    let total = (!rows.is_empty()).then(|| format_euro(total));
    (rows, total)
}

/// The final number to print, if any.
pub(crate) fn numero_of(input: &RenderInput) -> Option<String> {
    input.numero.clone().or_else(|| input.act.numero.clone())
}

fn model(input: &RenderInput, variant: Variant) -> Model {
    let publication = variant == Variant::Publication;
    let act: Act = if publication {
        apply_omissis(&input.act, &input.riservati)
    } else {
        input.act.clone()
    };
    let kind = act.kind;
    let numero = numero_of(input);
    let adopted = numero.is_some();
    let numero_label = match (&numero, &act.proposal) {
        (Some(n), _) => format!("n. {n}"),
        (None, Some(p)) => format!("proposta n. {p}"),
        (None, None) => "bozza".to_string(),
    };
    let title = match &numero {
        Some(n) => format!("{} n. {n} – {}", kind.label(), act.oggetto),
        None => format!("{} – {}", kind.label(), act.oggetto),
    };
    let ident = format!(
        "atti/{}/{}/{}/{}/{}",
        input.comune,
        kind.slug(),
        input
            .uid
            .clone()
            .unwrap_or_else(|| act.id.map(|i| i.0).unwrap_or(0).to_string()),
        act.version,
        if publication {
            "pubblicazione"
        } else {
            "integrale"
        }
    );
    let version_label = match (publication, &input.version_label) {
        (true, Some(v)) => Some(format!("{v} – versione per la pubblicazione")),
        (true, None) => Some("Versione per la pubblicazione".to_string()),
        (false, v) => v.clone(),
    };
    let (impegni, totale_impegni) = impegni_model(&act.impegni);
    let pareri = input
        .pareri
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let motivazione = if publication {
                redact(
                    &format!("pareri[{i}].motivazione"),
                    &p.motivazione,
                    &input.riservati,
                )
            } else {
                p.motivazione.clone()
            };
            ParereModel {
                title: crate::parere::parere_title(p.tipo),
                norma: crate::parere::norma(p.tipo),
                esito: p.esito.label().to_string(),
                favorevole: p.esito == atti_core::parere::Esito::Favorevole,
                motivazione: paragraphs(&motivazione),
                author: p.author.clone(),
                author_role: p.author_role.clone(),
                date: date_short(p.date),
                da_rinnovare: p.da_rinnovare,
                signed: p.signed.as_ref().map(|f| SignedParereModel {
                    name: f.name.clone(),
                    sha256: f.sha256.clone(),
                }),
            }
        })
        .collect();
    let seduta = input
        .seduta
        .as_ref()
        .zip(atti_core::organo::Organo::of(kind))
        .map(|(s, organo)| SedutaModel {
            organo: organo.label(),
            riunione: format!("si è riunit{} {}", organo.ending(), organo.la()),
            della: organo.della(),
            data: date_long(s.data),
            presenti: s.presenti,
            favorevoli: s.favorevoli,
            contrari: s.contrari,
            astenuti: s.astenuti,
            immediata: match (&s.voto_immediata, s.componenti) {
                (Some(v), Some(componenti)) if s.immediatamente_eseguibile => {
                    Some(ImmediataModel {
                        componenti,
                        favorevoli: v.favorevoli,
                        contrari: v.contrari,
                        astenuti: v.astenuti,
                    })
                }
                _ => None,
            },
            record: s.record.as_ref().map(|r| {
                let list = |names: &[String]| names.join(", ");
                RecordModel {
                    ora: r.ora.strftime("%H:%M").to_string(),
                    luogo: r.luogo.clone(),
                    videoconferenza: r.videoconferenza,
                    presiede: r.presiede.clone(),
                    segretario: r.segretario.clone(),
                    presenti: list(&r.presenti),
                    assenti: list(&r.assenti),
                    contrari: list(&r.contrari),
                    astenuti: list(&r.astenuti),
                    non_partecipano: list(&r.non_partecipano),
                }
            }),
        });
    let mut iter_dates = Vec::new();
    let d = &input.dates;
    if let Some(x) = d.adoption {
        iter_dates.push(LabelValue {
            label: if kind.is_delibera() {
                "Data della seduta"
            } else {
                "Data di adozione"
            },
            value: date_short(x),
        });
    }
    if let (Some(a), Some(b)) = (d.publication_start, d.publication_end) {
        iter_dates.push(LabelValue {
            label: "Pubblicazione all'albo pretorio",
            value: format!("dal {} al {}", date_short(a), date_short(b)),
        });
    } else if let Some(a) = d.publication_start {
        iter_dates.push(LabelValue {
            label: "Inizio della pubblicazione all'albo pretorio",
            value: date_short(a),
        });
    }
    if let Some(x) = d.esecutivita {
        iter_dates.push(LabelValue {
            label: "Esecutività",
            value: date_short(x),
        });
    }
    let person = |p: &atti_core::Person| PersonModel {
        nome: p.nome.clone(),
        codice_fiscale: p.codice_fiscale.clone().unwrap_or_default(),
        indirizzo: p.indirizzo.clone(),
    };
    let verbale = act.verbale.as_ref().filter(|_| kind.is_verbale()).map(|v| {
        let (contestazione, pagamento, ricorso, punti_testo) = verbale_testi(v);
        VerbaleModel {
            data: v.data.map(date_short).unwrap_or_default(),
            ora: v.ora.map(time_short).unwrap_or_default(),
            luogo: v.luogo.clone(),
            veicolo: v.veicolo.clone(),
            targa: v.targa.clone(),
            trasgressore: person(&v.trasgressore),
            obbligato_solidale: v.obbligato_solidale.as_ref().map(person),
            norma_violata: v.norma_violata.clone(),
            sanzione: format_euro(v.sanzione_centesimi),
            sanzione_ridotta: format_euro(v.sanzione_ridotta_centesimi),
            punti: v.punti,
            agente_matricola: v.agente_matricola.clone(),
            fatto: v.fatto.clone(),
            dichiarazioni: v.dichiarazioni.clone(),
            contestazione,
            pagamento,
            ricorso,
            punti_testo,
        }
    });
    Model {
        page: PageModel {
            ident,
            title,
            comune: input.comune.clone(),
            office: input.office.clone(),
            kind_label: kind.label().to_string(),
            numero_label,
            date: date_model(input.document_date),
            version_label,
        },
        kind: kind.slug(),
        verb: kind.dispositivo_verb(),
        tipo_ordinanza: act
            .tipo_ordinanza
            .filter(|_| kind == ActKind::Ordinanza)
            .map(|t| t.label()),
        numero,
        publication,
        signature_note: signature_note(adopted, publication),
        oggetto: act.oggetto.clone(),
        sections: act
            .sections
            .iter()
            .map(|s| SectionModel {
                heading: s.kind.heading(),
                blocks: atti_core::rich_text::parse(&s.text),
            })
            .filter(|s| !s.blocks.is_empty())
            .collect(),
        dispositivo: act
            .dispositivo
            .iter()
            .map(|p| paragraphs(&p.text))
            .filter(|p| !p.is_empty())
            .collect(),
        impegni,
        totale_impegni,
        attachments: act
            .attachments
            .iter()
            .map(|a| AttachmentModel {
                name: a.name.clone(),
                format: a.format_label().to_string(),
                size: atti_core::act::size_label(a.size),
                sha256: a.sha256.clone(),
            })
            .collect(),
        pareri,
        seduta,
        iter_dates,
        signers: signers_model(&input.signers),
        verbale,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_dates() {
        assert_eq!(date_short(jiff::civil::date(2026, 3, 1)), "01/03/2026");
        assert_eq!(date_long(jiff::civil::date(2026, 3, 1)), "1° marzo 2026");
        assert_eq!(
            date_long(jiff::civil::date(2026, 11, 26)),
            "26 novembre 2026"
        );
        assert_eq!(paragraphs("a\n\n  b  \n"), ["a", "b"]);
    }
}
