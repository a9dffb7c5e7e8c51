//! atti-docs checked with independent tools (poppler, qpdf, zbar): what a citizen's viewer,
//! a conservator's validator and a phone's camera see, not what our own code believes.
//!
//! Set `ATTI_DOCS_SAMPLES=/some/dir` to keep the rendered PDFs for a look.

mod fixtures;

use std::path::{Path, PathBuf};
use std::process::Command;

use atti_core::ActKind;
use atti_core::parere::{Esito, ParereTipo};
use atti_docs::{
    CopyInput, Official, ParereInput, Riservato, SealKey, Variant, matches_original, qr_payload,
    render_copy, render_parere, render_pdf, token_from_qr, verify_token,
};
use expect_test::expect_file;
use fixtures::{OGGETTO, POINT_1, POINT_2, POINT_3, input, long_input};

/// Runs a tool; fails the test with a clear message when it is missing.
fn run(tool: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool} ({e}): install it with scripts/deps.sh"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

struct Pdf {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Pdf {
    fn new(name: &str, bytes: &[u8]) -> Pdf {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&path, bytes).expect("write pdf");
        if let Some(keep) = std::env::var_os("ATTI_DOCS_SAMPLES") {
            let keep = Path::new(&keep);
            std::fs::create_dir_all(keep).expect("samples dir");
            std::fs::write(keep.join(format!("{name}.pdf")), bytes).expect("write sample");
        }
        Pdf { _dir: dir, path }
    }

    fn p(&self) -> &str {
        self.path.to_str().expect("utf-8 path")
    }

    fn text(&self) -> String {
        let (ok, out, err) = run("pdftotext", &["-enc", "UTF-8", self.p(), "-"]);
        assert!(ok, "pdftotext: {err}");
        out
    }

    fn info(&self) -> String {
        let (ok, out, err) = run("pdfinfo", &["-meta", self.p()]);
        assert!(ok, "pdfinfo: {err}");
        let (_, plain, _) = run("pdfinfo", &[self.p()]);
        plain + &out
    }

    fn pages(&self) -> usize {
        let (_, plain, _) = run("pdfinfo", &[self.p()]);
        plain
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("page count")
    }
}

/// Whitespace runs become one space: line breaks are layout, not text.
/// Typst marks the hyphen it adds at a line break as a soft hyphen (U+00AD), so joining those
/// gives back the words exactly as written.
fn flat(s: &str) -> String {
    s.replace("\u{ad}\n", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// qpdf, pdffonts, pdfinfo and the PDF/A structural checks of TESTING.md.
fn assert_pdfa(pdf: &Pdf, bytes: &[u8]) {
    let (ok, out, err) = run("qpdf", &["--check", pdf.p()]);
    assert!(
        ok && out.contains("No syntax or stream encoding errors"),
        "qpdf --check: {out}{err}"
    );
    assert!(!err.contains("WARNING"), "qpdf warnings: {err}");

    let (ok, fonts, err) = run("pdffonts", &[pdf.p()]);
    assert!(ok, "pdffonts: {err}");
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts: {fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type [encoding...] emb sub uni object ID
        let n = cols.len();
        assert!(n >= 7, "pdffonts row: {row}");
        assert_eq!(
            (cols[n - 5], cols[n - 3]),
            ("yes", "yes"),
            "font not embedded with Unicode map: {row}"
        );
    }

    let info = pdf.info();
    assert!(
        info.contains("<pdfaid:part>2</pdfaid:part>") || info.contains("pdfaid:part=\"2\""),
        "{info}"
    );
    assert!(
        info.contains("<pdfaid:conformance>A</pdfaid:conformance>")
            || info.contains("pdfaid:conformance=\"A\""),
        "{info}"
    );
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("Encrypted:       no"), "{info}");

    assert!(bytes.starts_with(b"%PDF-1."), "header");
    let raw = String::from_utf8_lossy(bytes);
    // XMP is stored uncompressed, so a plain byte search finds it.
    assert!(raw.contains("pdfaid:part"), "XMP not readable uncompressed");
    // Look inside the object streams: qpdf rewrites the file with every object uncompressed.
    let dir = tempfile::tempdir().expect("temp");
    let qdf = dir.path().join("qdf.pdf");
    let (ok, _, err) = run(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            pdf.p(),
            qdf.to_str().expect("path"),
        ],
    );
    assert!(ok, "qpdf --qdf: {err}");
    let expanded = String::from_utf8_lossy(&std::fs::read(&qdf).expect("qdf")).into_owned();
    assert!(expanded.contains("/GTS_PDFA1"), "no PDF/A OutputIntent");
    assert!(
        expanded.contains("/DestOutputProfile"),
        "OutputIntent without ICC profile"
    );
    assert!(expanded.contains("/ID ["), "trailer without /ID");
    assert!(expanded.contains("/MarkInfo"), "not marked as tagged");
    assert!(expanded.contains("/StructTreeRoot"), "no structure tree");
    assert!(expanded.contains("/Lang (it"), "no document language");
    for forbidden in [
        "/Encrypt",
        "/JavaScript",
        "/JS ",
        "/Launch",
        "/EmbeddedFiles",
    ] {
        assert!(!expanded.contains(forbidden), "{forbidden} in a PDF/A");
    }
}

#[test]
fn every_kind_renders_a_pdfa_that_independent_tools_accept() {
    for kind in ActKind::ALL {
        let input = input(kind);
        let bytes = render_pdf(&input, Variant::Full).unwrap_or_else(|e| panic!("{kind}: {e}"));
        let pdf = Pdf::new(kind.slug(), &bytes);
        assert_pdfa(&pdf, &bytes);

        let info = pdf.info();
        assert!(
            info.contains(&format!(
                "Title:           {} n. 12/2026 – {}",
                kind.label(),
                input.act.oggetto
            )),
            "{info}"
        );
        assert!(
            info.contains("Author:          Comune di Esempio"),
            "{info}"
        );
        assert!(
            info.contains("CreationDate:    Thu Nov 26 00:00:00 2026"),
            "{info}"
        );

        let text = flat(&pdf.text());
        assert!(
            text.contains(&flat(&input.act.oggetto)),
            "{kind}: oggetto not extracted exactly:\n{text}"
        );
        assert!(text.contains("Comune di Esempio"), "{kind}: header");
        assert!(text.contains("Pagina 1 di "), "{kind}: page numbers");
        assert!(
            text.contains("Documento firmato digitalmente ai sensi del D.Lgs. 82/2005"),
            "{kind}"
        );
        if let Some(verb) = kind.dispositivo_verb() {
            assert!(text.contains(verb), "{kind}: verb");
            for point in [POINT_1, POINT_2, POINT_3] {
                assert!(
                    text.contains(&flat(point)),
                    "{kind}: dispositivo point not extracted exactly:\n{point}\n---\n{text}"
                );
            }
        }
        expect_file![format!("../snapshots/{}.txt", kind.slug())].assert_eq(&pdf.text());
    }
}

#[test]
fn kind_specific_parts() {
    let text = |kind| {
        flat(
            &Pdf::new(
                &format!("parts-{kind}"),
                &render_pdf(&input(kind), Variant::Full).expect("render"),
            )
            .text(),
        )
    };
    let det = text(ActKind::Determinazione);
    for part in [
        "DETERMINAZIONE DIRIGENZIALE",
        "IL DIRIGENTE",
        "Premesso che",
        "Visti e richiamati",
        "Considerato che",
        "12.345,67 €",
        "2.500,00 €",
        "14.845,67 €",
        "B1A2C3D4E5",
        "J41B22000010004",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "Offerta economica.pdf",
        "Visto di regolarità contabile",
        "Si esprime parere favorevole attestante la copertura finanziaria",
        "Pubblicazione all'albo pretorio: dal 30/11/2026 al 14/12/2026",
    ] {
        assert!(det.contains(part), "determinazione lacks {part:?}:\n{det}");
    }
    let gc = text(ActKind::DeliberaGiunta);
    for part in [
        "DELIBERAZIONE DELLA GIUNTA COMUNALE",
        // The session data by name, from its record.
        "alle ore 09:30 si è riunita la Giunta comunale (luogo della seduta: Sala della Giunta, Palazzo comunale).",
        "Presiede Laura Ferrari; partecipa il Segretario Paolo Esposito",
        "Presenti n. 6: Laura Ferrari, Giorgio Marino",
        "ai sensi dell'art. 78, comma 2, del D.Lgs. 267/2000: Francesca Gallo.",
        "Con voti favorevoli n. 5, contrari n. 0, astenuti n. 1 (Piero Sala), espressi per appello nominale",
        "DELIBERA",
        "immediatamente eseguibile ai sensi dell'art. 134, comma 4",
        "Parere di regolarità tecnica",
        "Parere di regolarità contabile",
        "Il Segretario generale",
        "Esecutività: 26/11/2026",
        // The parere signed in its own document names it; the one recorded before pareri were
        // signed says it is not.
        "Firmato digitalmente nel documento «parere-tecnico-v3.pdf»",
        "SHA-256 5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
        "non firmato digitalmente a sé",
    ] {
        assert!(gc.contains(part), "delibera lacks {part:?}:\n{gc}");
    }
    let ord = text(ActKind::Ordinanza);
    assert!(
        ord.contains("ORDINA") && ord.contains("IL SINDACO") && ord.contains("art. 54 c.4 TUEL"),
        "{ord}"
    );
    let dec = text(ActKind::Decreto);
    assert!(
        dec.contains("DECRETA") && dec.contains("DECRETO SINDACALE"),
        "{dec}"
    );
    let vpl = text(ActKind::VerbalePl);
    for part in [
        "VERBALE DI ACCERTAMENTO",
        "20/11/2026 alle 09:45",
        "AB123CD",
        "Mario Rossi, C.F. RSSMRA75D03G482S, Via Roma 1, Pescara",
        "Obbligato in solido",
        "art. 7, commi 9 e 14, D.Lgs. 285/1992 (CdS)",
        "103,00 €",
        "72,10 €",
        "matricola PL-0427",
    ] {
        assert!(vpl.contains(part), "verbale lacks {part:?}:\n{vpl}");
    }
}

fn parere_input(tipo: ParereTipo) -> ParereInput {
    let det = tipo == ParereTipo::VistoContabile;
    let act = fixtures::act(if det {
        ActKind::Determinazione
    } else {
        ActKind::DeliberaGiunta
    });
    ParereInput {
        comune: "Comune di Esempio".into(),
        office: Some("Settore Tecnico".into()),
        kind: act.kind,
        act_ref: "7".into(),
        proposta: (!det).then(|| "4/2026".into()),
        numero: det.then(|| ("12/2026".into(), jiff::civil::date(2026, 11, 26))),
        oggetto: act.oggetto.clone(),
        version: 3,
        version_sha256: "a".repeat(64),
        atto_sha256: det.then(|| "b".repeat(64)),
        impegni: act.impegni.clone(),
        tipo,
        esito: if det {
            Esito::Favorevole
        } else {
            Esito::NonFavorevole
        },
        motivazione: "Il capitolo 1043.02 non ha disponibilità sufficiente.".into(),
        author: "Dott.ssa Anna Neri".into(),
        author_role: "Responsabile del Servizio finanziario".into(),
        place: "Esempio".into(),
        date: jiff::civil::date(2026, 11, 27),
        stemma_svg: None,
    }
}

#[test]
fn a_parere_is_a_pdfa_of_its_own_bound_to_the_text_it_is_given_on() {
    for tipo in ParereTipo::ALL {
        let input = parere_input(tipo);
        let bytes = render_parere(&input).expect("render");
        assert!(
            bytes == render_parere(&input).expect("again"),
            "{tipo:?}: not deterministic"
        );
        let pdf = Pdf::new(&format!("parere-{}", tipo.slug()), &bytes);
        assert_pdfa(&pdf, &bytes);
        let text = flat(&pdf.text());
        let mut expected = vec![
            "Dott.ssa Anna Neri",
            "Responsabile del Servizio finanziario",
            "Esempio, 27 novembre 2026",
            "Documento firmato digitalmente ai sensi del D.Lgs. 82/2005",
            "Il capitolo 1043.02 non ha disponibilità sufficiente.",
        ];
        let version = format!(
            "Versione del testo: n. 3, impronta SHA-256 {}",
            "a".repeat(64)
        );
        expected.push(&version);
        let atto = format!("Atto firmato: impronta SHA-256 {}", "b".repeat(64));
        match tipo {
            ParereTipo::VistoContabile => {
                expected.extend([
                    "VISTO DI REGOLARITÀ CONTABILE",
                    "attestante la copertura finanziaria, ai sensi dell'art. 183, comma 7",
                    "sulla Determinazione dirigenziale n. 12/2026 del 26/11/2026",
                    "appone il visto FAVOREVOLE",
                    "12.345,67 €",
                    "14.845,67 €",
                    "B1A2C3D4E5",
                    &atto,
                ]);
            }
            _ => {
                expected.extend([
                    "ai sensi dell'art. 49, comma 1, del D.Lgs. 267/2000",
                    "sulla proposta di deliberazione di giunta n. 4/2026",
                    "esaminato il testo della proposta nella versione n. 3",
                    "esprime parere NON FAVOREVOLE",
                ]);
                assert!(!text.contains("Atto firmato"), "{text}");
            }
        }
        for part in expected {
            assert!(text.contains(part), "{tipo:?} lacks {part:?}:\n{text}");
        }
    }
    assert!(
        flat(
            &Pdf::new(
                "parere-t",
                &render_parere(&parere_input(ParereTipo::Tecnico)).expect("render")
            )
            .text()
        )
        .contains("PARERE DI REGOLARITÀ TECNICA")
    );
}

#[test]
fn a_provvedimento_of_archiviazione_is_a_pdfa_of_its_own_bound_to_the_signed_verbale() {
    use atti_core::archiviazione::{Archiviazione, MotivoArchiviazione};
    let input = atti_docs::ArchiviazioneInput {
        comune: "Comune di Esempio".into(),
        office: Some("Comando di Polizia locale".into()),
        act_ref: "9".into(),
        numero: ("4/2026".into(), jiff::civil::date(2026, 1, 21)),
        oggetto: "Transito non autorizzato nella zona a traffico limitato".into(),
        accertamento:
            "violazione dell'art. 7 c.9 e 14 CdS accertata il 05/01/2026 in Via Garibaldi".into(),
        atto_sha256: "c".repeat(64),
        archiviazione: Archiviazione {
            motivo: MotivoArchiviazione::Altro,
            motivazione: "Il varco 2 era guasto quel giorno (verbale di verifica del 6/1/2026)."
                .into(),
        },
        author: "Stefano Moretti".into(),
        author_role: "Comandante della Polizia locale".into(),
        place: "Esempio".into(),
        date: jiff::civil::date(2026, 2, 3),
        stemma_svg: None,
    };
    let bytes = atti_docs::render_archiviazione(&input).expect("render");
    assert!(bytes == atti_docs::render_archiviazione(&input).expect("again"));
    let pdf = Pdf::new("archiviazione", &bytes);
    assert_pdfa(&pdf, &bytes);
    let text = flat(&pdf.text());
    let atto = format!("Verbale firmato: impronta SHA-256 {}", "c".repeat(64));
    for part in [
        "PROVVEDIMENTO DI ARCHIVIAZIONE",
        "Verbale di accertamento n. 4/2026 del 21/01/2026",
        "Stefano Moretti, Comandante della Polizia locale, visto il verbale di accertamento n. 4/2026 del 21/01/2026: violazione dell'art. 7 c.9 e 14 CdS",
        "per i motivi che seguono",
        "Il varco 2 era guasto quel giorno",
        "DISPONE",
        "Esempio, 3 febbraio 2026",
        "Documento firmato digitalmente ai sensi del D.Lgs. 82/2005",
        &atto,
    ] {
        assert!(text.contains(part), "lacks {part:?}:\n{text}");
    }
}

#[test]
fn same_input_gives_the_same_bytes() {
    for variant in [Variant::Full, Variant::Publication] {
        let a = render_pdf(&input(ActKind::DeliberaGiunta), variant).expect("render");
        let b = render_pdf(&input(ActKind::DeliberaGiunta), variant).expect("render");
        assert!(a == b, "{variant:?}: two renders differ");
    }
    // Across processes and machines too: the digest of a known render is pinned (it changes
    // only with the templates, the fonts or typst; then rerun with UPDATE_EXPECT=1).
    let bytes = render_pdf(&input(ActKind::Determinazione), Variant::Full).expect("render");
    expect_test::expect!["1121e5ee34ae5d657116c83ed86272ece26dd0ea063ba237597e43458edd4be0"]
        .assert_eq(&atti_docs::sha256_hex(&bytes));
    let mut other = input(ActKind::DeliberaGiunta);
    other.document_date = jiff::civil::date(2026, 11, 27);
    assert_ne!(
        render_pdf(&other, Variant::Full).expect("render"),
        render_pdf(&input(ActKind::DeliberaGiunta), Variant::Full).expect("render")
    );
}

#[test]
fn publication_version_hides_the_riservati() {
    let input = input(ActKind::Determinazione);
    let full = Pdf::new(
        "omissis-full",
        &render_pdf(&input, Variant::Full).expect("full"),
    );
    let publ_bytes = render_pdf(&input, Variant::Publication).expect("publication");
    let publ = Pdf::new("omissis-publication", &publ_bytes);
    assert_pdfa(&publ, &publ_bytes);
    let full_text = flat(&full.text());
    let publ_text = flat(&publ.text());
    for r in &input.riservati {
        assert!(
            full_text.contains(&r.text),
            "full version lacks {:?}",
            r.text
        );
        assert!(
            !publ_text.contains(&r.text),
            "publication version shows {:?}",
            r.text
        );
        assert!(!String::from_utf8_lossy(&publ_bytes).contains(&r.text));
    }
    assert!(publ_text.contains("di liquidare il contributo al sig. omissis, nato a Pescara il omissis, C.F. omissis, mediante accredito su IBAN omissis;"), "{publ_text}");
    assert!(publ_text.contains("Versione per la pubblicazione"));
    // Unmarked personal data stays: the detector proposes it, the clerk decides.
    assert!(publ_text.contains("anna.bianchi@comune.esempio.it"));
    let proposals = atti_docs::propose_omissis(&input.act);
    assert!(
        proposals
            .iter()
            .any(|p| p.text == "anna.bianchi@comune.esempio.it")
    );
    assert!(proposals.iter().any(|p| p.text == "333 1234567"));
}

#[test]
fn markup_in_the_data_is_just_text() {
    let mut input = input(ActKind::Decreto);
    let nasty = "Nomina #set page(width: 1cm) *non grassetto* _né corsivo_ $x^2$ @ref <etichetta> \\ \"virgolette\" // non un commento ]";
    input.act.oggetto = nasty.into();
    input.act.dispositivo[0].text = "#panic(\"no\") e `codice` e = titolo".into();
    let pdf = Pdf::new(
        "markup",
        &render_pdf(&input, Variant::Full).expect("render"),
    );
    let text = flat(&pdf.text());
    assert!(text.contains(&flat(nasty)), "{text}");
    assert!(
        text.contains("#panic(\"no\") e `codice` e = titolo"),
        "{text}"
    );
}

/// A section written with the editor's formatting prints with its structure: a heading, the
/// numbers of a list and the bullets of the list inside it, a table's rows with their cells
/// side by side; typst markup in it stays text; the PDF stays a PDF/A.
#[test]
fn a_formatted_section_prints_its_structure() {
    let mut input = input(ActKind::Determinazione);
    input.act.sections[0].text = "## Interventi\n\nSi rende **necessario** intervenire su:\n\n\
        1. sfalcio dei prati\n2. potatura delle siepi\n   - lato nord\n   - lato sud\n\n\
        | Voce | Importo |\n| --- | --- |\n| Sfalcio | 1.200,00 |\n| Potatura #panic() | 800,00 |\n\n\
        Riga uno\\\nriga due"
        .into();
    let bytes = render_pdf(&input, Variant::Full).expect("render");
    let pdf = Pdf::new("sezione-formattata", &bytes);
    let (ok, layout, err) = run("pdftotext", &["-layout", "-enc", "UTF-8", pdf.p(), "-"]);
    assert!(ok, "pdftotext: {err}");
    let lines: Vec<String> = layout.lines().map(flat).filter(|l| !l.is_empty()).collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l == needle)
            .unwrap_or_else(|| panic!("no line «{needle}»:\n{layout}"))
    };
    let heading = at("Interventi");
    assert_eq!(at("Si rende necessario intervenire su:"), heading + 1);
    assert_eq!(at("1. sfalcio dei prati"), heading + 2);
    assert_eq!(at("2. potatura delle siepi"), heading + 3);
    assert_eq!(at("• lato nord"), heading + 4);
    assert_eq!(at("• lato sud"), heading + 5);
    assert_eq!(at("Voce Importo"), heading + 6);
    assert_eq!(at("Sfalcio 1.200,00"), heading + 7);
    assert_eq!(at("Potatura #panic() 800,00"), heading + 8);
    assert_eq!(at("riga due"), at("Riga uno") + 1);
    assert!(
        !layout.contains("**") && !layout.contains("| ---"),
        "{layout}"
    );
    assert_pdfa(&pdf, &bytes);
}

#[test]
fn a_long_act_paginates_without_overflow() {
    let input = long_input();
    let started = std::time::Instant::now();
    let bytes = render_pdf(&input, Variant::Full).expect("render");
    let elapsed = started.elapsed();
    let pdf = Pdf::new("long", &bytes);
    let pages = pdf.pages();
    assert!((24..=40).contains(&pages), "{pages} pages");
    let text = flat(&pdf.text());
    // Every page has its running header and footer (base.typ reads their texts from a
    // metadata element, found by the second layout pass).
    for page in 1..=pages {
        assert!(
            text.contains(&format!("Pagina {page} di {pages}")),
            "page {page}"
        );
    }
    assert!(
        text.matches("Comune di Esempio").count() >= 2 * pages,
        "headers and footers"
    );
    assert!(text.contains("di approvare la voce n. 200 del quadro economico"));
    assert!(text.contains("Fornitore numero 100 S.r.l."));
    let total: i64 = input.act.impegni.iter().map(|i| i.importo_centesimi).sum();
    assert!(text.contains(&atti_core::money::format_euro(total)));
    // The impegni table's header repeats on each page it spans.
    assert!(
        text.matches("Esercizio").count() >= 3,
        "table header not repeated"
    );
    assert_pdfa(&pdf, &bytes);
    eprintln!(
        "long act: {pages} pages, {} bytes, rendered in {elapsed:?}",
        bytes.len()
    );
}

fn copy_input() -> CopyInput {
    CopyInput {
        comune: "Comune di Esempio".into(),
        act_id: 42,
        kind: ActKind::Determinazione,
        numero: "12/2026".into(),
        data: jiff::civil::date(2026, 11, 26),
        oggetto: OGGETTO.into(),
        verification_url: "https://atti.comune.esempio.it/verifica".into(),
        official: Official {
            name: "Dott.ssa Laura Conti".into(),
            role: "Segretario generale".into(),
        },
        place: "Esempio".into(),
        issued_on: jiff::civil::date(2026, 12, 3),
        serial: 7,
        recipient: Some("Mario Rossi, su istanza prot. n. 1234 del 01/12/2026".into()),
        senza_domicilio_digitale: true,
        stemma_svg: None,
        firme: vec![atti_docs::VerifiedSignature {
            signer: "Ing. Marco Galli".into(),
            codice_fiscale: Some("GLLMRC70A01H501X".into()),
            issuer: "Comune di Esempio CA".into(),
            revocation_checked: false,
        }],
    }
}

#[test]
fn certified_copy_carries_a_qr_that_verifies() {
    let original = render_pdf(&input(ActKind::Determinazione), Variant::Full).expect("original");
    let original_pdf = Pdf::new("copy-original", &original);
    let key = SealKey::demo();
    let copy = render_copy(&original, &copy_input(), &key).expect("copy");
    let again = render_copy(&original, &copy_input(), &key).expect("copy");
    assert!(copy.pdf == again.pdf, "two copies differ");
    let pdf = Pdf::new("copy", &copy.pdf);

    let (ok, out, err) = run("qpdf", &["--check", pdf.p()]);
    assert!(ok, "qpdf --check: {out}{err}");
    assert_eq!(pdf.pages(), original_pdf.pages() + 1);
    assert_eq!(copy.original_pages, original_pdf.pages());
    let text = flat(&pdf.text());
    assert!(text.contains("Copia analogica di documento informatico"));
    assert!(text.contains("ATTESTAZIONE DI CONFORMITÀ"));
    // Who signed the original and how the signatures were verified, as said by the caller.
    assert!(
        text.contains("reca le firme digitali di Ing. Marco Galli (C.F. GLLMRC70A01H501X), con certificato rilasciato da Comune di Esempio CA"),
        "{text}"
    );
    assert!(
        text.contains("lo stato di revoca dei certificati non è stato possibile verificarlo"),
        "{text}"
    );
    assert!(text.contains("Firma autografa sostituita a mezzo stampa ai sensi dell'art. 3, comma 2, del D.Lgs. 12 febbraio 1993, n. 39"));
    assert!(text.contains(&atti_docs::sha256_hex(&original)));
    // The original's own text shows through: its pages are embedded, not re-rendered.
    assert!(text.contains(&flat(OGGETTO)), "{text}");
    assert!(text.contains(&flat(POINT_1)));

    // Every page's QR, rasterised and read back by zbar, is the token; the token verifies,
    // names the original's bytes, and one changed character is refused.
    let dir = tempfile::tempdir().expect("temp");
    let prefix = dir.path().join("page");
    let (ok, _, err) = run(
        "pdftoppm",
        &["-r", "300", "-png", pdf.p(), prefix.to_str().expect("path")],
    );
    assert!(ok, "pdftoppm: {err}");
    let mut pngs: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pngs.sort();
    assert_eq!(pngs.len(), pdf.pages());
    for png in &pngs {
        let (ok, decoded, err) = run("zbarimg", &["--raw", "-q", png.to_str().expect("path")]);
        assert!(ok, "zbarimg found no QR on {png:?}: {err}");
        // A link to the verification page carrying the token.
        let decoded = decoded.trim_end_matches('\n');
        assert_eq!(
            decoded,
            qr_payload(&copy.token, &copy.claims.url),
            "{png:?}"
        );
        assert_eq!(token_from_qr(decoded), copy.token, "{png:?}");
    }
    let claims = verify_token(&copy.token, &key.public_key()).expect("token verifies");
    assert_eq!(claims, copy.claims);
    // The token binds this paper: what it states of the copy is what the copy prints.
    let copia = claims.copia.clone().expect("the copy named in the token");
    assert_eq!(copia.numero, 7);
    assert_eq!(copia.rilasciata, jiff::civil::date(2026, 12, 3));
    assert_eq!(copia.funzionario, "Dott.ssa Laura Conti");
    assert_eq!(copia.pagine as usize, pdf.pages());
    assert_eq!(
        copia.per_sha256.as_deref(),
        Some(
            atti_docs::sha256_hex(b"Mario Rossi, su istanza prot. n. 1234 del 01/12/2026").as_str()
        )
    );
    assert!(
        text.contains(&format!("Copia n. 7 – pagina 1 di {}", pdf.pages())),
        "{text}"
    );
    assert!(
        text.contains("copia analogica n. 7 del registro delle copie"),
        "{text}"
    );
    assert!(
        text.contains("Copia rilasciata a: Mario Rossi, su istanza prot. n. 1234 del 01/12/2026.")
    );
    assert!(matches_original(&claims, &original));
    assert!(!matches_original(&claims, &copy.pdf));
    let mut tampered = copy.token.clone();
    let at = tampered.find("12/2026").expect("numero in token");
    tampered.replace_range(at..at + 2, "13");
    assert!(verify_token(&tampered, &key.public_key()).is_err());
    let other = SealKey::from_secret_bytes(&[9u8; 32]).expect("key");
    assert!(verify_token(&copy.token, &other.public_key()).is_err());
}

#[test]
fn copy_refuses_what_is_not_a_pdf() {
    let err = render_copy(b"not a pdf", &copy_input(), &SealKey::demo()).expect_err("refused");
    assert!(
        matches!(err, atti_docs::Error::UnreadableOriginal(_)),
        "{err}"
    );
}

#[test]
fn riservati_stale_after_an_edit_are_reported() {
    let mut input = input(ActKind::Determinazione);
    input.act.dispositivo[1].text = input.act.dispositivo[1]
        .text
        .replace("Mario Rossi", "M. Rossi");
    input
        .riservati
        .push(Riservato::everywhere("Giuseppe Verdi"));
    let stale = atti_docs::stale_riservati(&input.act, &input.riservati);
    let stale: Vec<&str> = stale.iter().map(|r| r.text.as_str()).collect();
    // "Mario Rossi" is still in impegni[1].beneficiario; "Giuseppe Verdi" is nowhere.
    assert_eq!(stale, ["Giuseppe Verdi"]);
}

#[test]
fn symbols_fall_back_and_what_no_font_has_is_refused() {
    let mut input = input(ActKind::Decreto);
    input.act.dispositivo[0].text =
        "importo ≥ 40.000 € → procedura aperta; coefficiente α ≈ 0,5\tfine\u{200B}".into();
    let bytes = render_pdf(&input, Variant::Full).expect("render");
    let pdf = Pdf::new("symbols", &bytes);
    assert_pdfa(&pdf, &bytes);
    let (_, fonts, _) = run("pdffonts", &[pdf.p()]);
    assert!(fonts.contains("DejaVuSans"), "{fonts}");
    assert!(
        flat(&pdf.text())
            .contains("importo ≥ 40.000 € → procedura aperta; coefficiente α ≈ 0,5 fine")
    );

    input.act.dispositivo[1].text = "grazie 漢字".into();
    match render_pdf(&input, Variant::Full) {
        Err(atti_docs::Error::Unprintable { field, character }) => {
            assert_eq!(field, "act.dispositivo[1].text");
            assert_eq!(character, '漢');
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bare_drafts_of_every_kind_render() {
    for kind in ActKind::ALL {
        let act = atti_core::Act::new(kind, "Bozza senza contenuto");
        let input =
            atti_docs::RenderInput::new("Comune di Esempio", act, jiff::civil::date(2026, 1, 1));
        let bytes = render_pdf(&input, Variant::Full).unwrap_or_else(|e| panic!("{kind}: {e}"));
        let pdf = Pdf::new(&format!("bare-{kind}"), &bytes);
        assert_pdfa(&pdf, &bytes);
        let text = flat(&pdf.text());
        assert!(text.contains("bozza del 01/01/2026"), "{kind}: {text}");
        assert!(
            text.contains("OGGETTO: Bozza senza contenuto"),
            "{kind}: {text}"
        );
        // Nobody signs a draft: it says so, and nowhere that it is signed.
        assert!(
            text.contains("Bozza: documento non firmato, senza valore di atto adottato"),
            "{kind}: {text}"
        );
        assert!(!text.contains("firmato digitalmente"), "{kind}: {text}");
        assert_eq!(pdf.pages(), 1, "{kind}");
    }
}

/// Fuzz target of the contrassegno's parser (what a phone's camera or `atti verify --qr` reads
/// from a paper copy): a real QR text changed character by character, cut, with separators and
/// escapes inserted. Parsing never panics, and a text that still verifies states exactly what
/// was sealed. `ATTI_FUZZ_CASES` sets the inputs (256 by default).
#[test]
fn fuzz_the_contrassegno_parser() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let key = SealKey::demo();
    let public = key.public_key();
    let original = render_pdf(&input(ActKind::Determinazione), Variant::Full).expect("original");
    let copy = render_copy(&original, &copy_input(), &key).expect("copy");
    let qr = qr_payload(&copy.token, &copy.claims.url);
    let pieces = [
        "|",
        "%7C",
        "#",
        "%",
        "%%",
        "\u{0}",
        "é",
        "ATTI1|",
        "ATTI2|",
        "=",
        "-",
        "\n",
        "99999999999999999999",
    ];
    let edit = prop_oneof![
        (any::<prop::sample::Index>(), any::<char>()).prop_map(|(i, c)| (i, 0u8, c.to_string())),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>()).prop_map(move |(i, p)| (
            i,
            1u8,
            pieces[p.index(pieces.len())].to_string()
        )),
        any::<prop::sample::Index>().prop_map(|i| (i, 2u8, String::new())),
        any::<prop::sample::Index>().prop_map(|i| (i, 3u8, String::new())),
    ];
    let cases = std::env::var("ATTI_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(edit, 1..6), |edits| {
            let mut chars: Vec<char> = qr.chars().collect();
            for (at, op, text) in edits {
                if chars.is_empty() {
                    break;
                }
                let i = at.index(chars.len());
                match op {
                    0 => chars[i] = text.chars().next().unwrap_or('x'),
                    1 => {
                        chars.splice(i..i, text.chars());
                    }
                    2 => {
                        chars.remove(i);
                    }
                    _ => chars.truncate(i),
                }
            }
            let text: String = chars.into_iter().collect();
            if let Ok(claims) = verify_token(&token_from_qr(&text), &public) {
                prop_assert_eq!(
                    &claims,
                    &copy.claims,
                    "a changed contrassegno verified with other claims"
                );
            }
            Ok(())
        })
        .expect("the contrassegno's parser never panics");
}
