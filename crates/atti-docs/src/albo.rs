//! The albo pretorio online as a static website: an index of the acts in publication, one
//! page per publication with its data and the link to the publication version of its PDF,
//! an Atom feed and a JSON Feed. Plain HTML and CSS (no script, nothing loaded from
//! elsewhere), escaped by the template engine (minijinja): an oggetto is text, never markup.
//!
//! Layout, under the albo's address:
//! `index.html`, `stile.css`, `feed.xml`, `feed.json`, `atti/<anno>-<numero>.html` and
//! `atti/<anno>-<numero>.pdf` (the PDF's bytes are the caller's).

use crate::Error;
use atti_core::albo::Periodo;
use jiff::civil::Date;
use minijinja::{Environment, context};
use serde::Serialize;
use std::fmt::Write as _;

/// What the albo holds today.
#[derive(Debug, Clone)]
pub struct AlboSito {
    /// "Comune di Esempio".
    pub comune: String,
    /// The public address of the albo, ending with "/" (ids and links of the feeds).
    pub indirizzo: String,
    /// When this version of the site is made (the caller's clock).
    pub aggiornato: jiff::Timestamp,
    /// The publications on the albo now, in the order to show them.
    pub pubblicazioni: Vec<AlboVoce>,
}

/// One publication on the albo.
#[derive(Debug, Clone)]
pub struct AlboVoce {
    /// Year of the register of publications.
    pub anno: i16,
    /// Number in it.
    pub numero: u32,
    /// "Determinazione dirigenziale".
    pub tipo: String,
    /// The act's number, "12/2026".
    pub numero_atto: Option<String>,
    /// The act's date (adoption, or the session of a delibera).
    pub adozione: Option<Date>,
    /// The act's oggetto.
    pub oggetto: String,
    /// The office's name.
    pub ufficio: String,
    /// On the albo from, to.
    pub periodo: Periodo,
    /// Consecutive days, and the law that says so.
    pub giorni: i64,
    /// "art. 124 c.1 TUEL".
    pub norma: String,
    /// When it was published.
    pub pubblicata: jiff::Timestamp,
    /// The publication version's SHA-256 (hex) and size in bytes.
    pub pdf_sha256: String,
    /// Size in bytes.
    pub pdf_byte: u64,
    /// Who signed the PDF (PAdES), in order: «Marco Rossi (Dirigente)». Empty: not signed.
    pub firmatari: Vec<String>,
}

/// A file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitoFile {
    /// Path under the albo's address, "atti/2026-3.html".
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its media type.
    pub media_type: &'static str,
}

/// The path of a publication's page.
pub fn albo_pagina(anno: i16, numero: u32) -> String {
    format!("atti/{anno}-{numero}.html")
}

/// The path of a publication's PDF.
pub fn albo_pdf(anno: i16, numero: u32) -> String {
    format!("atti/{anno}-{numero}.pdf")
}

/// The pages, the style and the feeds of the albo (the PDFs are the caller's, at
/// [`albo_pdf`]). Deterministic: the same albo gives the same bytes.
pub fn albo_sito(sito: &AlboSito) -> Result<Vec<SitoFile>, Error> {
    let env = environment()?;
    let oggi = crate::render::date_short(atti_core::dates::day_in_italy(sito.aggiornato));
    let aggiornato = format_moment(sito.aggiornato);
    let voci: Vec<Voce> = sito.pubblicazioni.iter().map(Voce::of).collect();
    let render = |name: &str, ctx: minijinja::Value| -> Result<Vec<u8>, Error> {
        env.get_template(name)
            .and_then(|t| t.render(ctx))
            .map(String::into_bytes)
            .map_err(|e| Error::Template(format!("albo, {name}: {e:#}")))
    };
    let common = |root: &str| {
        context! {
            comune => &sito.comune,
            indirizzo => &sito.indirizzo,
            aggiornato => &aggiornato,
            aggiornato_rfc3339 => sito.aggiornato.to_string(),
            oggi => &oggi,
            root => root,
        }
    };
    let mut files = vec![
        SitoFile {
            path: "index.html".into(),
            bytes: render(
                "index.html",
                context! { pubblicazioni => &voci, ..common("") },
            )?,
            media_type: "text/html; charset=utf-8",
        },
        SitoFile {
            path: "stile.css".into(),
            bytes: SITO_STILE.as_bytes().to_vec(),
            media_type: "text/css; charset=utf-8",
        },
        SitoFile {
            path: "feed.xml".into(),
            bytes: render(
                "feed.xml",
                context! { pubblicazioni => &voci, ..common("") },
            )?,
            media_type: "application/atom+xml",
        },
        SitoFile {
            path: "feed.json".into(),
            bytes: json_feed(sito, &voci)?,
            media_type: "application/feed+json",
        },
    ];
    for v in &voci {
        files.push(SitoFile {
            path: v.pagina.clone(),
            bytes: render("atto.html", context! { p => v, ..common("../") })?,
            media_type: "text/html; charset=utf-8",
        });
    }
    Ok(files)
}

/// The style of the albo's and of Amministrazione trasparente's pages (`stile.css`).
pub const SITO_STILE: &str = include_str!("../templates/albo/stile.css");

/// What the page of Amministrazione trasparente of a year shows (its tables as text, ready).
#[derive(Debug, Clone)]
pub struct TrasparenzaPagina {
    /// "Comune di Esempio".
    pub comune: String,
    /// The year.
    pub anno: i16,
    /// When it is made (the caller's clock).
    pub aggiornato: jiff::Timestamp,
    /// The provvedimenti of art. 23, a table per semester.
    pub semestri: Vec<TrasparenzaSemestre>,
    /// The stem of the contracts' open data files.
    pub contratti_file: String,
    /// The contracts of art. 37: CIG, oggetto, aggiudicatario, importo, atto, struttura.
    pub contratti: Vec<Vec<String>>,
    /// The stem of the grants' open data files.
    pub sovvenzioni_file: String,
    /// The vantaggi economici of artt. 26-27: beneficiario, importo, norma, modalità, ufficio e
    /// responsabile, atto.
    pub sovvenzioni: Vec<Vec<String>>,
}

/// A semester's provvedimenti: elenco, atto, data, oggetto, ufficio.
#[derive(Debug, Clone, Serialize)]
pub struct TrasparenzaSemestre {
    /// «1° semestre 2026».
    pub titolo: String,
    /// The stem of its open data files.
    pub file: String,
    /// Its rows.
    pub righe: Vec<Vec<String>>,
}

/// The HTML page of Amministrazione trasparente of a year (beside it: `stile.css`, the open
/// data files and their schemas).
pub fn trasparenza_html(p: &TrasparenzaPagina) -> Result<Vec<u8>, Error> {
    let env = environment()?;
    env.get_template("trasparenza.html")
        .and_then(|t| {
            t.render(context! {
                comune => &p.comune,
                anno => p.anno,
                aggiornato => format_moment(p.aggiornato),
                semestri => &p.semestri,
                contratti_file => &p.contratti_file,
                contratti => &p.contratti,
                trasparenza => true,
                root => "",
            })
        })
        .map(String::into_bytes)
        .map_err(|e| Error::Template(format!("trasparenza: {e:#}")))
}

fn environment() -> Result<Environment<'static>, Error> {
    let mut env = Environment::new();
    // Every template is HTML or XML: each value is escaped (the five characters that matter
    // there; "/" stays "/"), unless a template marks it safe. JSON is made by serde.
    env.set_formatter(|out, _state, value| {
        let text = value.to_string();
        if value.is_safe() {
            return out.write_str(&text).map_err(minijinja::Error::from);
        }
        for c in text.chars() {
            match c {
                '&' => out.write_str("&amp;"),
                '<' => out.write_str("&lt;"),
                '>' => out.write_str("&gt;"),
                '"' => out.write_str("&quot;"),
                '\'' => out.write_str("&#39;"),
                c => out.write_char(c),
            }
            .map_err(minijinja::Error::from)?;
        }
        Ok(())
    });
    for (name, source) in [
        ("base.html", include_str!("../templates/albo/base.html")),
        ("index.html", include_str!("../templates/albo/index.html")),
        ("atto.html", include_str!("../templates/albo/atto.html")),
        ("feed.xml", include_str!("../templates/albo/feed.xml")),
        (
            "trasparenza.html",
            include_str!("../templates/albo/trasparenza.html"),
        ),
    ] {
        env.add_template(name, source)
            .map_err(|e| Error::Template(format!("albo, {name}: {e:#}")))?;
    }
    Ok(env)
}

/// A publication as the templates read it: every text ready to print.
#[derive(Debug, Serialize)]
struct Voce {
    repertorio: String,
    tipo: String,
    numero_atto: Option<String>,
    adozione: Option<String>,
    oggetto: String,
    ufficio: String,
    periodo: String,
    giorni: i64,
    norma: String,
    pubblicata: String,
    pubblicata_rfc3339: String,
    inizio: String,
    fine: String,
    pagina: String,
    /// From the act's page.
    pdf: String,
    /// From the site's root.
    pdf_dal_sito: String,
    pdf_sha256: String,
    pdf_byte: u64,
    pdf_dimensione: String,
    firmatari: Vec<String>,
}

impl Voce {
    fn of(p: &AlboVoce) -> Voce {
        Voce {
            repertorio: format!("{}/{}", p.numero, p.anno),
            tipo: p.tipo.clone(),
            numero_atto: p.numero_atto.clone(),
            adozione: p.adozione.map(crate::render::date_short),
            oggetto: p.oggetto.clone(),
            ufficio: p.ufficio.clone(),
            periodo: p.periodo.label(),
            giorni: p.giorni,
            norma: p.norma.clone(),
            pubblicata: format_moment(p.pubblicata),
            pubblicata_rfc3339: p.pubblicata.to_string(),
            inizio: p.periodo.inizio.to_string(),
            fine: p.periodo.fine.to_string(),
            pagina: albo_pagina(p.anno, p.numero),
            pdf: format!("{}-{}.pdf", p.anno, p.numero),
            pdf_dal_sito: albo_pdf(p.anno, p.numero),
            pdf_sha256: p.pdf_sha256.clone(),
            pdf_byte: p.pdf_byte,
            pdf_dimensione: size_label(p.pdf_byte),
            firmatari: p.firmatari.clone(),
        }
    }
}

/// "07/12/2026 alle 10:15" (Europe/Rome).
fn format_moment(t: jiff::Timestamp) -> String {
    atti_core::dates::in_italy(t)
        .strftime("%d/%m/%Y alle %H:%M")
        .to_string()
}

/// "84 kB", "1,2 MB".
fn size_label(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{} kB", bytes.div_ceil(1000))
    } else {
        let tenths = bytes.div_ceil(100_000);
        format!("{},{} MB", tenths / 10, tenths % 10)
    }
}

/// The JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), with the register's data of
/// each item under `_albo` (documented in docs/albo.md).
fn json_feed(sito: &AlboSito, voci: &[Voce]) -> Result<Vec<u8>, Error> {
    let items: Vec<serde_json::Value> = voci
        .iter()
        .map(|v| {
            let mut title = v.tipo.clone();
            if let Some(n) = &v.numero_atto {
                title.push_str(&format!(" n. {n}"));
            }
            serde_json::json!({
                "id": format!("{}{}", sito.indirizzo, v.pagina),
                "url": format!("{}{}", sito.indirizzo, v.pagina),
                "title": format!("{title}: {}", v.oggetto),
                "content_text": format!("Pubblicazione n. {}, {}. {}.", v.repertorio, v.periodo, v.ufficio),
                "date_published": v.pubblicata_rfc3339,
                "attachments": [{
                    "url": format!("{}{}", sito.indirizzo, v.pdf_dal_sito),
                    "mime_type": "application/pdf",
                    "size_in_bytes": v.pdf_byte,
                }],
                "_albo": {
                    "repertorio": v.repertorio,
                    "tipo": v.tipo,
                    "numero_atto": v.numero_atto,
                    "oggetto": v.oggetto,
                    "ufficio": v.ufficio,
                    "inizio": v.inizio,
                    "fine": v.fine,
                    "sha256": v.pdf_sha256,
                },
            })
        })
        .collect();
    let feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": format!("Albo pretorio online – {}", sito.comune),
        "home_page_url": format!("{}index.html", sito.indirizzo),
        "feed_url": format!("{}feed.json", sito.indirizzo),
        "language": "it",
        "items": items,
    });
    serde_json::to_vec_pretty(&feed).map_err(|e| Error::Template(format!("albo, feed.json: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn voce(numero: u32, oggetto: &str) -> AlboVoce {
        AlboVoce {
            anno: 2026,
            numero,
            tipo: "Determinazione dirigenziale".into(),
            numero_atto: Some("12/2026".into()),
            adozione: Some(date(2026, 12, 1)),
            oggetto: oggetto.into(),
            ufficio: "Area tecnica".into(),
            periodo: Periodo::of(
                &atti_core::Act::new(atti_core::ActKind::Determinazione, "Oggetto"),
                date(2026, 12, 2),
            )
            .expect("published"),
            giorni: 15,
            norma: "art. 124 TUEL".into(),
            pubblicata: "2026-12-02T08:30:00Z".parse().expect("timestamp"),
            pdf_sha256: "ab".repeat(32),
            pdf_byte: 84_321,
            firmatari: vec!["Marco Rossi (Dirigente)".into()],
        }
    }

    fn sito(voci: Vec<AlboVoce>) -> AlboSito {
        AlboSito {
            comune: "Comune di Esempio".into(),
            indirizzo: "https://albo.example.it/albo/".into(),
            aggiornato: "2026-12-02T09:00:00Z".parse().expect("timestamp"),
            pubblicazioni: voci,
        }
    }

    fn file(files: &[SitoFile], path: &str) -> String {
        let f = files.iter().find(|f| f.path == path).expect(path);
        String::from_utf8(f.bytes.clone()).expect("utf-8")
    }

    #[test]
    fn an_oggetto_is_text_never_markup() {
        let files = albo_sito(&sito(vec![voce(
            3,
            "Lavori <script>alert(1)</script> & \"via\"",
        )]))
        .expect("site");
        for path in ["index.html", "atti/2026-3.html", "feed.xml"] {
            let text = file(&files, path);
            assert!(!text.contains("<script>"), "{path}");
            assert!(text.contains("&lt;script&gt;"), "{path}");
        }
        let json: serde_json::Value =
            serde_json::from_str(&file(&files, "feed.json")).expect("json");
        assert_eq!(
            json["items"][0]["_albo"]["oggetto"],
            "Lavori <script>alert(1)</script> & \"via\""
        );
    }

    #[test]
    fn index_page_and_feeds_name_each_publication() {
        let files = albo_sito(&sito(vec![voce(4, "Secondo"), voce(3, "Primo")])).expect("site");
        let index = file(&files, "index.html");
        assert!(index.contains("<html lang=\"it\">"));
        assert!(index.contains("Atti in pubblicazione (2)"));
        assert!(index.contains("href=\"atti/2026-4.html\""));
        assert!(index.contains("dal 02/12/2026 al 16/12/2026"));
        assert!(index.find("Secondo") < index.find("Primo"));
        let page = file(&files, "atti/2026-3.html");
        assert!(page.contains("href=\"2026-3.pdf\""));
        assert!(page.contains("href=\"../stile.css\""));
        assert!(page.contains("85 kB"));
        assert!(!page.contains("<script"));
        let atom = file(&files, "feed.xml");
        assert!(atom.contains("<id>https://albo.example.it/albo/atti/2026-3.html</id>"));
        assert!(atom.contains("href=\"https://albo.example.it/albo/atti/2026-3.pdf\""));
        let json: serde_json::Value =
            serde_json::from_str(&file(&files, "feed.json")).expect("json");
        assert_eq!(json["items"][1]["_albo"]["fine"], "2026-12-16");
        assert_eq!(json["items"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn an_empty_albo_says_so() {
        let files = albo_sito(&sito(Vec::new())).expect("site");
        assert!(file(&files, "index.html").contains("Oggi non ci sono atti in pubblicazione"));
        assert_eq!(files.len(), 4);
    }

    #[test]
    fn sizes_in_italian() {
        assert_eq!(size_label(999), "1 kB");
        assert_eq!(size_label(1_234_567), "1,3 MB");
    }
}
