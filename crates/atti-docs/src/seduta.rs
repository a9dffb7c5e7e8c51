//! The documents of a session of the Giunta or of the Consiglio (docs/sedute.md): the avviso di
//! convocazione (the ordine del giorno as it is when signed) and the verbale della seduta (art.
//! 97 TUEL: attendance, items, votes by name, declarations), each a PDF/A of its own, written
//! from the record of the session as atti-core folded it. Every sentence comes from a fact of
//! the record; nothing is typed here.

use atti_core::organo::MembroSetup;
use atti_core::seduta::{EsitoPunto, Punto, SedutaStato, VotoNominale};
use jiff::civil::Date;
use serde::Serialize;

use crate::Error;
use crate::input::Signer;
use crate::render::{
    PageModel, SignerModel, date_long, date_model, date_short, signers_model, typeset,
};
use crate::text::{check_printable, model_json, to_value};

/// What a document of a session is made from.
#[derive(Debug, Clone)]
pub struct SedutaDocInput {
    /// Name of the Comune.
    pub comune: String,
    /// The session's identifier (in the document's ident).
    pub uid: String,
    /// «Seduta n. 1/2026 della Giunta comunale».
    pub titolo: String,
    /// The record, folded.
    pub stato: SedutaStato,
    /// The members in office on the session's day, in the organ's order.
    pub componenti: Vec<MembroSetup>,
    /// What became of each item's act, by item: «deliberazione n. 2/2026».
    pub delibere: Vec<(u16, String)>,
    /// Who signs: the avviso, who convenes; the minutes, who presided then the segretario.
    pub signers: Vec<Signer>,
    /// The document's day.
    pub date: Date,
    /// The Comune's stemma as SVG; `None` prints the neutral demo stemma.
    pub stemma_svg: Option<String>,
}

#[derive(Serialize)]
struct Model {
    /// The running header and footer, the metadata.
    #[serde(flatten)]
    page: PageModel,
    signature_note: &'static str,
    signers: Vec<SignerModel>,
    avviso: bool,
    heading: &'static str,
    apertura: String,
    presiede: String,
    presenze: Vec<PresenzaModel>,
    numero_legale: String,
    punti: Vec<PuntoModel>,
    movimenti: Vec<String>,
    dichiarazioni: Vec<String>,
    chiusura: String,
}

#[derive(Serialize)]
struct PresenzaModel {
    nome: String,
    carica: &'static str,
    presenza: &'static str,
}

#[derive(Serialize)]
struct PuntoModel {
    numero: u16,
    oggetto: String,
    righe: Vec<String>,
}

/// Renders the avviso di convocazione, to be signed by who convenes.
pub fn render_avviso(input: &SedutaDocInput) -> Result<Vec<u8>, Error> {
    render(input, true)
}

/// Renders the verbale della seduta, to be signed by who presided and by the segretario.
pub fn render_verbale(input: &SedutaDocInput) -> Result<Vec<u8>, Error> {
    render(input, false)
}

/// The file name of a document of session `id` ("seduta-3-avviso.pdf").
pub fn seduta_file_name(id: i64, avviso: bool) -> String {
    format!(
        "seduta-{id}-{}.pdf",
        if avviso { "avviso" } else { "verbale" }
    )
}

fn render(input: &SedutaDocInput, avviso: bool) -> Result<Vec<u8>, Error> {
    let s = &input.stato;
    let nome = |id: &str| {
        input
            .componenti
            .iter()
            .find(|m| m.id == id)
            .map_or_else(|| id.to_string(), |m| m.nome.clone())
    };
    let names = |ids: &[String]| {
        let list: Vec<String> = input
            .componenti
            .iter()
            .filter(|m| ids.contains(&m.id))
            .map(|m| m.nome.clone())
            .collect();
        list.join(", ")
    };
    let convocazione = s.convocazione.label();
    let (organo_la, ending) = (s.organo.la(), s.organo.ending());
    let dove = if s.videoconferenza {
        format!("in videoconferenza ({})", s.luogo)
    } else {
        format!("presso {}", s.luogo)
    };
    let ora = s.ora.strftime("%H:%M").to_string();
    let apertura = if avviso {
        format!(
            "Si comunica che {organo_la} è convocat{ending} in seduta {}, in {convocazione}, il giorno {} alle ore {ora}, {dove}, per trattare il seguente ordine del giorno.",
            s.tipo.label(),
            date_long(s.data)
        )
    } else {
        let avvisata = s
            .avvisi
            .last()
            .map(|a| {
                format!(
                    ", convocat{ending} con avviso del {}",
                    date_short(a.emesso_il)
                )
            })
            .unwrap_or_default();
        format!(
            "Il giorno {} alle ore {ora}, {dove}, si è riunit{ending} {organo_la} in seduta {}, in {convocazione}{avvisata}.",
            date_long(s.data),
            s.tipo.label()
        )
    };
    let presiede = match (&s.presiede, &s.segretario) {
        (Some(p), Some(seg)) if !avviso => format!(
            "Presiede {}. Partecipa e redige il verbale il Segretario {seg}.",
            nome(p)
        ),
        _ => String::new(),
    };
    // The roll call: who was present when the session opened (arrivals and departures below).
    let presenze = if avviso {
        Vec::new()
    } else {
        input
            .componenti
            .iter()
            .map(|m| {
                let at_roll_call = present_at_roll_call(s, &m.id);
                PresenzaModel {
                    nome: m.nome.clone(),
                    carica: m.carica.label(),
                    presenza: if at_roll_call {
                        "presente"
                    } else if s.giustificati.contains(&m.id) {
                        "assente giustificato"
                    } else {
                        "assente"
                    },
                }
            })
            .collect()
    };
    let in_appello = presenze.iter().filter(|p| p.presenza == "presente").count();
    let numero_legale = if avviso {
        String::new()
    } else {
        format!(
            "Presenti all'appello n. {in_appello} su {} componenti: la seduta è valida.",
            input.componenti.len()
        )
    };
    let punti = s
        .punti
        .iter()
        .map(|p| PuntoModel {
            numero: p.numero,
            oggetto: p.oggetto.clone(),
            righe: if avviso {
                Vec::new()
            } else {
                esito_righe(p, input, &names, &nome)
            },
        })
        .collect();
    let movimenti = if avviso {
        Vec::new()
    } else {
        s.movimenti
            .iter()
            .map(|m| {
                format!(
                    "{} {} dopo la trattazione di {} punt{}.",
                    nome(&m.membro),
                    if m.entra {
                        "entra in aula"
                    } else {
                        "esce dall'aula"
                    },
                    m.dopo_punti,
                    if m.dopo_punti == 1 { "o" } else { "i" }
                )
            })
            .collect()
    };
    let dichiarazioni = if avviso {
        Vec::new()
    } else {
        s.dichiarazioni
            .iter()
            .filter(|d| d.punto.is_none())
            .map(|d| format!("{} dichiara: «{}»", nome(&d.membro), d.testo))
            .collect()
    };
    let chiusura = if avviso {
        String::new()
    } else {
        "Esaurita la trattazione dell'ordine del giorno, la seduta è chiusa. Letto, approvato e sottoscritto.".to_string()
    };
    let kind_label = if avviso {
        "Avviso di convocazione"
    } else {
        "Verbale di seduta"
    };
    let model = Model {
        page: PageModel {
            ident: format!(
                "atti/{}/seduta/{}/{}",
                input.comune,
                input.uid,
                if avviso { "avviso" } else { "verbale" }
            ),
            title: format!("{kind_label} – {}", input.titolo),
            comune: input.comune.clone(),
            office: None,
            kind_label: kind_label.to_string(),
            numero_label: input.titolo.clone(),
            date: date_model(input.date),
            version_label: None,
        },
        signature_note: "Documento firmato digitalmente ai sensi del D.Lgs. 82/2005",
        signers: signers_model(&input.signers),
        avviso,
        heading: if avviso {
            "AVVISO DI CONVOCAZIONE"
        } else {
            "VERBALE DELLA SEDUTA"
        },
        apertura,
        presiede,
        presenze,
        numero_legale,
        punti,
        movimenti,
        dichiarazioni,
        chiusura,
    };
    check_printable(&to_value(&model)?, &[])?;
    typeset(
        "/seduta.typ",
        model_json(&model)?,
        input.stemma_svg.as_deref(),
        &model.page.ident,
        input.date,
    )
}

/// Whether a member was present at the roll call: their first movement was a departure, or
/// they never moved and are present.
fn present_at_roll_call(s: &SedutaStato, id: &str) -> bool {
    match s.movimenti.iter().find(|m| m.membro == id) {
        Some(m) => !m.entra,
        None => s.presenti.contains(id),
    }
}

fn esito_righe(
    p: &Punto,
    input: &SedutaDocInput,
    names: &dyn Fn(&[String]) -> String,
    nome: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let s = &input.stato;
    let mut righe = Vec::new();
    for d in s.dichiarazioni.iter().filter(|d| d.punto == Some(p.numero)) {
        righe.push(format!("{} dichiara: «{}»", nome(&d.membro), d.testo));
    }
    let delibera = input
        .delibere
        .iter()
        .find(|(n, _)| *n == p.numero)
        .map(|(_, d)| d.clone());
    let conta = |label: &str, ids: &[String]| {
        if ids.is_empty() {
            format!("{label} n. 0")
        } else {
            format!("{label} n. {} ({})", ids.len(), names(ids))
        }
    };
    let voto = |v: &VotoNominale| {
        format!(
            "{}; {}; {}",
            conta("favorevoli", &v.favorevoli),
            conta("contrari", &v.contrari),
            conta("astenuti", &v.astenuti)
        )
    };
    match &p.esito {
        EsitoPunto::DaTrattare => righe.push("Non trattato.".into()),
        EsitoPunto::Votato { approvato, voto: v } => {
            if !v.non_partecipano.is_empty() {
                righe.push(format!(
                    "Escono dall'aula e non partecipano alla trattazione né al voto, ai sensi dell'art. 78, comma 2, del D.Lgs. 267/2000: {}.",
                    names(&v.non_partecipano)
                ));
            }
            righe.push(format!(
                "Votazione per appello nominale: presenti n. {}; {}.",
                v.presenti.len(),
                voto(&v.voto)
            ));
            righe.push(match (approvato, &delibera) {
                (true, Some(d)) => format!("La proposta è APPROVATA: {d}."),
                (true, None) => "La proposta è APPROVATA.".into(),
                (false, Some(d)) => format!("La proposta è RESPINTA ({d})."),
                (false, None) => "La proposta è RESPINTA.".into(),
            });
            if let Some((imm, won)) = &v.immediata {
                righe.push(format!(
                    "Con separata votazione per appello nominale ({}), su n. {} componenti, la deliberazione {} immediatamente eseguibile ai sensi dell'art. 134, comma 4, del D.Lgs. 267/2000.",
                    voto(imm),
                    v.componenti,
                    if *won { "è dichiarata" } else { "non raggiunge la maggioranza per essere dichiarata" }
                ));
            }
        }
        EsitoPunto::Rinviato { motivo } => righe.push(format!(
            "Il punto è RINVIATO a una prossima seduta: {motivo}."
        )),
        EsitoPunto::Ritirato { motivo } => {
            righe.push(format!("Il punto è RITIRATO dal proponente: {motivo}."))
        }
    }
    righe
}
