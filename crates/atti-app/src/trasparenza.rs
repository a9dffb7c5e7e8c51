//! Amministrazione trasparente (D.Lgs. 33/2013), filled from the acts without retyping: the
//! provvedimenti of art. 23 (of the dirigenti and of the organi di indirizzo politico, by
//! semester) and the contracts of art. 37 (the impegni with a CIG of the acts adopted), as
//! open data (CSV and JSON, each with its JSON Schema: docs/trasparenza/) and an HTML page.
//! Only the publication version of each act is read: the personal data marked are «omissis».

use crate::error::{AppError, ErrorCode};
use crate::{AppResult, Atti};
use atti_core::ActKind;
use atti_core::trasparenza::{Efficacia, Semestre, organo};
use serde::Serialize;
use std::path::Path;

/// A provvedimento of the lists of art. 23, as published.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provvedimento {
    /// The list: «dirigenti» or «organi-politici».
    #[schemars(regex(pattern = r"^(dirigenti|organi-politici)$"))]
    pub elenco: String,
    /// The kind of act, «Determinazione dirigenziale».
    #[schemars(length(min = 1))]
    pub tipo: String,
    /// Its number in the register, «12/2026».
    #[schemars(regex(pattern = r"^[0-9]+/[0-9]{4}$"))]
    pub numero: String,
    /// The day it was adopted (ISO 8601).
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub data: String,
    /// Its oggetto (publication version).
    #[schemars(length(min = 1))]
    pub oggetto: String,
    /// The proposing office.
    pub ufficio: String,
}

/// A contract of art. 37 (and art. 1 c.32 L. 190/2012): an impegno with a CIG.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contratto {
    /// Codice Identificativo di Gara.
    #[schemars(regex(pattern = r"^[A-Z0-9]{10}$"))]
    pub cig: String,
    /// The proposing office (struttura proponente).
    pub struttura_proponente: String,
    /// The act's oggetto (publication version).
    #[schemars(length(min = 1))]
    pub oggetto: String,
    /// Who the contract went to (aggiudicatario).
    pub aggiudicatario: String,
    /// The amount committed, in euro with two decimals and a point («1234.50»).
    #[schemars(regex(pattern = r"^[0-9]+\.[0-9]{2}$"))]
    pub importo: String,
    /// The same in cents, for the page (not in the open data).
    #[serde(skip)]
    pub centesimi: i64,
    /// The act that commits it, «Determinazione dirigenziale n. 12/2026».
    pub atto: String,
    /// The day of the act (ISO 8601).
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub data_atto: String,
}

/// A vantaggio economico of artt. 26-27 (sovvenzione, contributo, sussidio, ausilio
/// finanziario): an impegno with its sovvenzione, of a beneficiary granted more than 1,000
/// euro in the year.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sovvenzione {
    /// Who receives it; «omissis» for a natural person whose health or economic and social
    /// hardship it would reveal (art. 26 c.4).
    #[schemars(length(min = 1))]
    pub beneficiario: String,
    /// The amount, in euro with two decimals and a point («1234.50»).
    #[schemars(regex(pattern = r"^[0-9]+\.[0-9]{2}$"))]
    pub importo: String,
    /// The same in cents, for the page (not in the open data).
    #[serde(skip)]
    pub centesimi: i64,
    /// The norm or title it is granted under.
    #[schemars(length(min = 1))]
    pub norma: String,
    /// How the beneficiary was chosen.
    #[schemars(length(min = 1))]
    pub modalita: String,
    /// The office responsible for the procedure.
    pub ufficio: String,
    /// The official responsible for the procedure (who gave the parere tecnico, or who
    /// adopted the act).
    pub responsabile: String,
    /// The act that grants it, «Determinazione dirigenziale n. 12/2026».
    pub atto: String,
    /// The day of the act (ISO 8601).
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub data_atto: String,
    /// Its first day on the albo, from which it is effective (ISO 8601); null while not
    /// published.
    pub efficace_dal: Option<String>,
}

/// What the list of art. 26 says instead of the name of a beneficiary in hardship.
const OMISSIS_DISAGIO: &str = "omissis (art. 26 c.4 D.Lgs. 33/2013)";

/// The JSON Schema of a file of rows (an array of `T`), pretty.
pub fn schema_of<T: schemars::JsonSchema>() -> String {
    let schema = schemars::schema_for!(Vec<T>);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

impl Atti {
    /// Whether `act` takes effect only once published, for its vantaggi economici (art. 26
    /// c.3 D.Lgs. 33/2013): the grants of its year to the same beneficiaries by the acts
    /// adopted before it added up, as atti-core says.
    pub(crate) fn efficacia(
        &self,
        id: atti_core::ActId,
        act: &atti_core::Act,
        stored: &atti_store::StoredFacts,
    ) -> AppResult<Efficacia> {
        if !act.impegni.iter().any(|i| i.sovvenzione.is_some()) {
            return Ok(Efficacia::Ordinaria);
        }
        let anno = stored.adoption.unwrap_or_else(|| self.today()).year();
        let concessi = self.store.sovvenzioni_precedenti(id, anno)?;
        Ok(atti_core::trasparenza::efficacia(
            act,
            &concessi,
            stored.publication_start,
        ))
    }

    /// Writes Amministrazione trasparente of `anno` (this year when None) into `dir`
    /// (created): see [`Atti::trasparenza_files`]. Returns the names written.
    pub fn trasparenza_esporta(&self, dir: &Path, anno: Option<i16>) -> AppResult<Vec<String>> {
        let files = self.trasparenza_files(anno.unwrap_or_else(|| self.today().year()))?;
        std::fs::create_dir_all(dir).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("impossibile creare la cartella {}: {e}", dir.display()),
            )
        })?;
        let mut names = Vec::new();
        for (name, bytes) in files {
            crate::write_file(&dir.join(&name), &bytes)?;
            names.push(name);
        }
        Ok(names)
    }

    /// Publishes Amministrazione trasparente of `anno` (this year when None) beside the albo
    /// online, in its folder `trasparenza/`: the same files as [`Atti::trasparenza_esporta`].
    /// Returns the address of its page.
    pub fn trasparenza_pubblica(&self, anno: Option<i16>) -> AppResult<String> {
        let files = self.trasparenza_files(anno.unwrap_or_else(|| self.today().year()))?;
        let (config, client) = self.albo_target()?;
        let written = crate::sync::block_on(async move {
            for (name, bytes) in files {
                let media_type = media_type(&name);
                client
                    .site_put(&format!("trasparenza/{name}"), bytes, media_type)
                    .await?;
            }
            Ok::<(), atti_sync::SyncError>(())
        })?;
        written.map_err(|e| {
            crate::sync::offline_with(e, |e| {
                format!("Amministrazione trasparente non è stata pubblicata: {e}")
            })
        })?;
        Ok(format!("{}trasparenza/index.html", config.indirizzo))
    }

    /// The files of Amministrazione trasparente of `anno`: for each semester the
    /// provvedimenti as .csv and .json, the year's contracts, the schemas, index.html and
    /// its style.
    fn trasparenza_files(&self, anno: i16) -> AppResult<Vec<(String, Vec<u8>)>> {
        let adopted = self.adopted(anno)?;
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut semestri = Vec::new();
        for numero in [1, 2] {
            let semestre = Semestre { anno, numero };
            let rows = provvedimenti(&adopted, semestre);
            let stem = format!("provvedimenti-{anno}-{numero}");
            files.push((format!("{stem}.csv"), csv_of(&rows)?));
            files.push((format!("{stem}.json"), json_of(&rows)?));
            semestri.push((semestre, stem, rows));
        }
        let contratti = contratti(&adopted);
        let stem = format!("contratti-{anno}");
        files.push((format!("{stem}.csv"), csv_of(&contratti)?));
        files.push((format!("{stem}.json"), json_of(&contratti)?));
        files.push((
            "provvedimenti.schema.json".into(),
            schema_of::<Provvedimento>().into_bytes(),
        ));
        files.push((
            "contratti.schema.json".into(),
            schema_of::<Contratto>().into_bytes(),
        ));
        let sovvenzioni = sovvenzioni(&adopted);
        let sovvenzioni_file = format!("sovvenzioni-{anno}");
        files.push((format!("{sovvenzioni_file}.csv"), csv_of(&sovvenzioni)?));
        files.push((format!("{sovvenzioni_file}.json"), json_of(&sovvenzioni)?));
        files.push((
            "sovvenzioni.schema.json".into(),
            schema_of::<Sovvenzione>().into_bytes(),
        ));
        let page = atti_docs::trasparenza_html(&atti_docs::TrasparenzaPagina {
            comune: self.store.comune_name()?,
            anno,
            aggiornato: self.clock.now(),
            semestri: semestri
                .iter()
                .map(|(s, stem, rows)| atti_docs::TrasparenzaSemestre {
                    titolo: s.label(),
                    file: stem.clone(),
                    righe: rows
                        .iter()
                        .map(|r| {
                            vec![
                                atti_core::trasparenza::Organo::from_slug(&r.elenco)
                                    .map_or("", atti_core::trasparenza::Organo::label)
                                    .into(),
                                format!("{} n. {}", r.tipo, r.numero),
                                crate::iter::italian_day(&r.data),
                                r.oggetto.clone(),
                                r.ufficio.clone(),
                            ]
                        })
                        .collect(),
                })
                .collect(),
            contratti_file: stem,
            contratti: contratti
                .iter()
                .map(|c| {
                    vec![
                        c.cig.clone(),
                        c.oggetto.clone(),
                        c.aggiudicatario.clone(),
                        atti_core::money::format_euro(c.centesimi),
                        format!("{} del {}", c.atto, crate::iter::italian_day(&c.data_atto)),
                        c.struttura_proponente.clone(),
                    ]
                })
                .collect(),
            sovvenzioni_file,
            sovvenzioni: sovvenzioni
                .iter()
                .map(|s| {
                    vec![
                        s.beneficiario.clone(),
                        atti_core::money::format_euro(s.centesimi),
                        s.norma.clone(),
                        s.modalita.clone(),
                        format!("{} – {}", s.ufficio, s.responsabile),
                        format!("{} del {}", s.atto, crate::iter::italian_day(&s.data_atto)),
                    ]
                })
                .collect(),
        })?;
        files.push(("index.html".into(), page));
        files.push((
            "stile.css".into(),
            atti_docs::SITO_STILE.as_bytes().to_vec(),
        ));
        Ok(files)
    }

    /// The acts adopted in `anno` (numbered, not annulled: an annulled act produces no
    /// effect), each in its publication version, with the day of adoption: the registers of
    /// every kind but the verbale, in order. Read once for all the files of a year.
    fn adopted(&self, anno: i16) -> AppResult<Vec<(Adopted, jiff::civil::Date)>> {
        let offices = self.store.offices()?;
        let full_name = self.full_names()?;
        let mut out = Vec::new();
        for kind in ActKind::ALL {
            if kind == ActKind::VerbalePl {
                continue;
            }
            for row in self.store.registro(kind, anno)? {
                let Some(day) = row
                    .adoption_date
                    .as_deref()
                    .and_then(|d| d.parse::<jiff::civil::Date>().ok())
                else {
                    continue;
                };
                if row.annulled_reason.is_some() {
                    continue;
                }
                let id = atti_core::ActId(row.act_id);
                let act = self.store.load_act(id)?;
                let published = atti_docs::apply_omissis(&act, &act.riservati);
                let stored = self.store.facts(id)?;
                let responsabile = match stored
                    .pareri
                    .iter()
                    .find(|p| p.tipo == atti_core::parere::ParereTipo::Tecnico)
                {
                    Some(p) => Some(p.author.clone()),
                    None => self
                        .store
                        .signed_file_history(id)?
                        .into_iter()
                        .find(|f| f.part == crate::signed_step::PART_ATTO)
                        .map(|f| f.username),
                };
                let responsabile = responsabile.map(|u| full_name(&u)).unwrap_or_default();
                out.push((
                    Adopted {
                        kind,
                        tipo_ordinanza: act.tipo_ordinanza,
                        numero: format!("{}/{}", row.number, row.year),
                        oggetto: published.oggetto,
                        ufficio: offices
                            .iter()
                            .find(|o| o.code == act.office)
                            .map_or_else(|| act.office.clone(), |o| o.name.clone()),
                        impegni: published.impegni,
                        responsabile,
                        pubblicazione: stored.publication_start,
                    },
                    day,
                ));
            }
        }
        Ok(out)
    }
}

/// The acts of `adopted` that go in the lists of art. 23 for `semestre`, in the order of their
/// registers.
fn provvedimenti(
    adopted: &[(Adopted, jiff::civil::Date)],
    semestre: Semestre,
) -> Vec<Provvedimento> {
    adopted
        .iter()
        .filter(|(_, day)| semestre.contains(*day))
        .filter_map(|(act, day)| {
            let elenco = organo(act.kind, act.tipo_ordinanza)?;
            Some(Provvedimento {
                elenco: elenco.slug().into(),
                tipo: act.kind.label().into(),
                numero: act.numero.clone(),
                data: day.to_string(),
                oggetto: act.oggetto.clone(),
                ufficio: act.ufficio.clone(),
            })
        })
        .collect()
}

/// The contracts of `adopted`: each impegno with a CIG.
fn contratti(adopted: &[(Adopted, jiff::civil::Date)]) -> Vec<Contratto> {
    let mut out = Vec::new();
    for (act, day) in adopted {
        for i in act.impegni.iter().filter(|i| i.cig.is_some()) {
            out.push(Contratto {
                cig: i.cig.clone().unwrap_or_default(),
                struttura_proponente: act.ufficio.clone(),
                oggetto: act.oggetto.clone(),
                aggiudicatario: i.beneficiario.clone(),
                importo: decimal(i.importo_centesimi),
                centesimi: i.importo_centesimi,
                atto: format!("{} n. {}", act.kind.label(), act.numero),
                data_atto: day.to_string(),
            });
        }
    }
    out
}

/// The vantaggi economici of `adopted` whose beneficiary was granted more than 1,000 euro in
/// the year (art. 26 c.2), in the order of the registers.
fn sovvenzioni(adopted: &[(Adopted, jiff::civil::Date)]) -> Vec<Sovvenzione> {
    let concessi: Vec<(String, i64)> = adopted
        .iter()
        .flat_map(|(act, _)| &act.impegni)
        .filter(|i| i.sovvenzione.is_some())
        .map(|i| (i.beneficiario.clone(), i.importo_centesimi))
        .collect();
    let mut out = Vec::new();
    for (act, day) in adopted {
        for i in &act.impegni {
            let Some(s) = &i.sovvenzione else { continue };
            if !atti_core::trasparenza::sopra_soglia(&concessi, &i.beneficiario) {
                continue;
            }
            out.push(Sovvenzione {
                beneficiario: if s.disagio {
                    OMISSIS_DISAGIO.into()
                } else {
                    i.beneficiario.clone()
                },
                importo: decimal(i.importo_centesimi),
                centesimi: i.importo_centesimi,
                norma: s.norma.clone(),
                modalita: s.modalita.clone(),
                ufficio: act.ufficio.clone(),
                responsabile: act.responsabile.clone(),
                atto: format!("{} n. {}", act.kind.label(), act.numero),
                data_atto: day.to_string(),
                efficace_dal: act.pubblicazione.map(|d| d.to_string()),
            });
        }
    }
    out
}

/// Cents as open data write them: «1234.50».
fn decimal(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// An adopted act as Amministrazione trasparente reads it.
struct Adopted {
    kind: ActKind,
    tipo_ordinanza: Option<atti_core::TipoOrdinanza>,
    numero: String,
    oggetto: String,
    ufficio: String,
    impegni: Vec<atti_core::Impegno>,
    responsabile: String,
    pubblicazione: Option<jiff::civil::Date>,
}

/// The media type of a file of Amministrazione trasparente, by its name.
fn media_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        _ => "application/json",
    }
}

/// Rows as CSV (RFC 4180, UTF-8, comma, a header of the field names): open data.
fn csv_of<T: Serialize>(rows: &[T]) -> AppResult<Vec<u8>> {
    let failed = |e: csv::Error| AppError::new(ErrorCode::Internal, format!("CSV: {e}"));
    let mut out = csv::Writer::from_writer(Vec::new());
    for row in rows {
        out.serialize(row).map_err(failed)?;
    }
    out.into_inner()
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("CSV: {e}")))
}

/// Rows as a JSON array, pretty.
fn json_of<T: Serialize>(rows: &[T]) -> AppResult<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(rows)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("JSON: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect_file;

    /// The schemas published with the data are kept in docs/trasparenza/ (a reviewed
    /// snapshot: `UPDATE_EXPECT=1 cargo test -p atti-app` rewrites).
    #[test]
    fn the_schemas_are_documented() {
        expect_file!["../../../docs/trasparenza/provvedimenti.schema.json"]
            .assert_eq(&schema_of::<Provvedimento>());
        expect_file!["../../../docs/trasparenza/contratti.schema.json"]
            .assert_eq(&schema_of::<Contratto>());
        expect_file!["../../../docs/trasparenza/sovvenzioni.schema.json"]
            .assert_eq(&schema_of::<Sovvenzione>());
    }
}
