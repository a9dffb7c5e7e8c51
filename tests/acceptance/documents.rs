//! The documents of the demo acts, checked with independent tools: qpdf, pdffonts, pdfinfo,
//! pdftotext (poppler), pdftoppm + zbarimg for the QR contrassegno.

use crate::support::DataDir;
use std::path::Path;
use std::process::Command;

fn tool(cmd: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn text_of(pdf: &Path) -> String {
    let (ok, text) = tool(
        "pdftotext",
        &["-enc", "UTF-8", pdf.to_str().unwrap_or_default(), "-"],
    );
    assert!(ok, "pdftotext {}", pdf.display());
    // Justified text: typst's hyphenation breaks are a soft hyphen and a newline.
    text.replace("\u{ad}\n", "")
}

fn demo() -> (DataDir, std::path::PathBuf) {
    let d = DataDir::new();
    let out = d.path().join("out");
    let r = d.run(&["demo", "--out", out.to_str().unwrap_or_default()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    (d, out)
}

#[test]
fn every_demo_document_is_a_sound_pdf_a_with_its_text() {
    let (_d, out) = demo();
    let mut pdfs: Vec<_> = std::fs::read_dir(&out)
        .expect("out")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    pdfs.sort();
    assert_eq!(
        pdfs.len(),
        21,
        "original, publication and copy of five acts, the signed documents of the delibera's two pareri and of the determinazione's visto, the avviso and the verbale of the Giunta's session, the delibera's certificato di esecutività: {pdfs:?}"
    );
    for pdf in &pdfs {
        let p = pdf.to_str().unwrap_or_default();
        let (ok, check) = tool("qpdf", &["--check", p]);
        assert!(ok, "qpdf --check {p}: {check}");
        let (_, fonts) = tool("pdffonts", &[p]);
        for line in fonts.lines().skip(2) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let n = cols.len();
            assert!(
                n >= 5 && cols[n - 5] == "yes" && cols[n - 3] == "yes",
                "{p}: font not embedded or without Unicode map: {line}"
            );
        }
        if !p.ends_with("-copia.pdf") {
            let (_, meta) = tool("pdfinfo", &["-meta", p]);
            assert!(
                meta.contains("<pdfaid:part>2</pdfaid:part>"),
                "{p}: not PDF/A-2"
            );
        }
    }
    // The text extracts exactly, accents and dashes included.
    let det = text_of(&out.join("1-determinazione.pdf"));
    assert!(
        det.contains("Affidamento del servizio di manutenzione del verde pubblico – più qualità"),
        "{det}"
    );
    assert!(
        det.contains("di affidare il servizio alla ditta Verde Srl per dodici mesi;"),
        "{det}"
    );
    assert!(det.contains("12.200,00 €"), "{det}");
    // The visto is its own signed PDF/A: the impegni it covers and the signed act it is on.
    let visto = pdfs
        .iter()
        .find(|p| p.to_string_lossy().contains("1-visto-contabile-v"))
        .expect("the visto's document");
    let visto = text_of(visto);
    for part in [
        "VISTO DI REGOLARITÀ CONTABILE",
        "sulla Determinazione dirigenziale n. 1/",
        "appone il visto FAVOREVOLE",
        "12.200,00 €",
        "Atto firmato: impronta SHA-256",
        "Documento firmato digitalmente ai sensi del D.Lgs. 82/2005",
    ] {
        assert!(visto.contains(part), "visto lacks {part:?}:\n{visto}");
    }
    // The copy's attestation names who signed the original, verified when it was issued (the
    // demo CA's certificates point at no responder: revocation unchecked, and it says so).
    let copia = text_of(&out.join("1-determinazione-copia.pdf")).replace('\n', " ");
    assert!(
        copia.contains("reca le firme digitali di Marco Rossi"),
        "{copia}"
    );
    assert!(
        copia.contains("non è stato possibile verificarlo"),
        "{copia}"
    );
    // One page is «1 pagina», in the singular.
    assert!(
        copia.contains("composta da 1 pagina oltre alla presente"),
        "{copia}"
    );
    // The delibera lists its pareri by their signed documents.
    let delibera = text_of(&out.join("2-delibera-giunta.pdf"));
    assert!(
        delibera.contains("Firmato digitalmente nel documento «2-parere-tecnico-v"),
        "{delibera}"
    );
    assert!(
        !delibera.contains("non firmato digitalmente a sé"),
        "{delibera}"
    );
    // The Giunta's session: the avviso lists the ordine del giorno; the minutes say the roll
    // call, the vote by name and the delibera it made.
    let avviso = text_of(&out.join("seduta-1-avviso.pdf")).replace('\n', " ");
    for part in [
        "AVVISO DI CONVOCAZIONE",
        "la Giunta comunale è convocata in seduta ordinaria, in prima convocazione",
        "Approvazione del progetto di riqualificazione della piazza del mercato",
        "Laura Ferrari",
    ] {
        assert!(avviso.contains(part), "avviso lacks {part:?}:\n{avviso}");
    }
    let verbale = text_of(&out.join("seduta-1-verbale.pdf")).replace('\n', " ");
    for part in [
        "VERBALE DELLA SEDUTA",
        "convocata con avviso del",
        "Presiede Laura Ferrari. Partecipa e redige il verbale il Segretario Paolo Esposito.",
        "assente giustificato",
        "Presenti all'appello n. 4 su 5 componenti",
        "contrari n. 1 (Davide Conti)",
        "La proposta è APPROVATA: deliberazione n. 1/",
        "Letto, approvato e sottoscritto.",
    ] {
        assert!(verbale.contains(part), "verbale lacks {part:?}:\n{verbale}");
    }
    // The publication version hides what was marked; the full one keeps it.
    let full = text_of(&out.join("5-verbale-pl.pdf"));
    let publ = text_of(&out.join("5-verbale-pl-pubblicazione.pdf"));
    assert!(full.contains("Mario Rossi"));
    assert!(
        !publ.contains("Mario Rossi") && !publ.contains("RSSMRA80A01H501"),
        "{publ}"
    );
    assert!(publ.contains("omissis"));
}

/// A file that is not a picture.
fn not_a_picture(d: &crate::support::DataDir) -> std::path::PathBuf {
    let path = d.path().join("non-immagine.png");
    std::fs::write(&path, b"non un'immagine").unwrap_or_default();
    path
}

#[test]
fn the_qr_of_a_certified_copy_is_the_token_that_verify_accepts() {
    let (d, out) = demo();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("demo.json")).unwrap_or_default())
            .expect("demo.json");
    let token = summary[0]["contrassegno"]
        .as_str()
        .expect("token")
        .to_string();
    // Rasterise the first page of the copy and read its QR with zbarimg.
    let png = d.path().join("copia");
    let (ok, _) = tool(
        "pdftoppm",
        &[
            "-r",
            "300",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            out.join("1-determinazione-copia.pdf")
                .to_str()
                .unwrap_or_default(),
            png.to_str().unwrap_or_default(),
        ],
    );
    assert!(ok, "pdftoppm");
    let (ok, decoded) = tool(
        "zbarimg",
        &[
            "--raw",
            "-q",
            d.path().join("copia-1.png").to_str().unwrap_or_default(),
        ],
    );
    assert!(ok, "zbarimg found no QR");
    // The QR is a link to the Comune's verification page with the token after "#", so that a
    // phone's camera opens the page (the fragment never leaves the phone).
    let url = token.split('|').nth(6).expect("url field");
    assert_eq!(
        decoded.trim(),
        format!("{url}#{}", token.replace('|', "%7C"))
    );
    // Our verifier accepts both what the QR says and the bare token, and finds the original.
    let from_qr = d.json(&["verify", "--qr", decoded.trim()]);
    assert_eq!(from_qr["original_matches"], true);
    // Without a QR reader: the page as a picture (a lossless scan, 300 dpi).
    let picture = d.path().join("copia-1.png");
    let from_picture = d.json(&["verify", "--qr-image", picture.to_str().unwrap_or_default()]);
    assert_eq!(from_picture["original_matches"], true, "{from_picture}");
    assert_eq!(from_picture["claims"]["numero"], summary[0]["numero"]);
    // As a JPEG, whose noise around the modules rqrr alone misses one time in five; and in
    // the PDF a scanner makes (img2pdf, as scanners do): the page as a JPEG (DCTDecode), as a
    // lossless image (Flate with PNG predictors), in black and white (one bit a pixel).
    let jpeg = d.path().join("copia-1.jpg");
    let (ok, _) = tool(
        "convert",
        &[
            picture.to_str().unwrap_or_default(),
            "-quality",
            "80",
            jpeg.to_str().unwrap_or_default(),
        ],
    );
    assert!(ok, "convert (ImageMagick)");
    let from_jpeg = d.json(&["verify", "--qr-image", jpeg.to_str().unwrap_or_default()]);
    assert_eq!(from_jpeg["original_matches"], true, "{from_jpeg}");
    // And black and white, one bit a pixel, as a document scanner's default.
    let bilevel = d.path().join("copia-1-bn.png");
    let (ok, _) = tool(
        "convert",
        &[
            picture.to_str().unwrap_or_default(),
            "-monochrome",
            bilevel.to_str().unwrap_or_default(),
        ],
    );
    assert!(ok, "convert -monochrome");
    let img2pdf = atti_sign::testkit::tools_dir().join("venv/bin/img2pdf");
    for (page, name) in [
        (&jpeg, "scansione-jpeg.pdf"),
        (&picture, "scansione-png.pdf"),
        (&bilevel, "scansione-bn.pdf"),
    ] {
        let scan = d.path().join(name);
        let (ok, _) = tool(
            img2pdf.to_str().unwrap_or_default(),
            &[
                page.to_str().unwrap_or_default(),
                "-o",
                scan.to_str().unwrap_or_default(),
            ],
        );
        assert!(
            ok,
            "img2pdf (scripts/deps.sh installs it in the tools' venv)"
        );
        let from_scan = d.json(&["verify", "--qr-image", scan.to_str().unwrap_or_default()]);
        assert_eq!(from_scan["original_matches"], true, "{name}: {from_scan}");
    }
    // The digital PDF of the act is no scan: said so.
    let msg = d.fails(&[
        "verify",
        "--qr-image",
        out.join("1-determinazione.pdf")
            .to_str()
            .unwrap_or_default(),
    ]);
    assert!(
        msg.contains("non contiene la scansione di una pagina")
            || msg.contains("non si trova un QR"),
        "{msg}"
    );
    // A page without the QR, and a file that is no picture: said in Italian.
    let (ok, _) = tool(
        "pdftoppm",
        &[
            "-r",
            "72",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            out.join("1-determinazione.pdf")
                .to_str()
                .unwrap_or_default(),
            d.path().join("senza").to_str().unwrap_or_default(),
        ],
    );
    assert!(ok, "pdftoppm");
    let msg = d.fails(&[
        "verify",
        "--qr-image",
        d.path().join("senza-1.png").to_str().unwrap_or_default(),
    ]);
    assert!(msg.contains("non si trova un QR"), "{msg}");
    let msg = d.fails(&[
        "verify",
        "--qr-image",
        not_a_picture(&d).to_str().unwrap_or_default(),
    ]);
    assert!(
        msg.contains("non è un'immagine PNG o JPEG né un PDF"),
        "{msg}"
    );
    let broken = d.path().join("rotto.pdf");
    std::fs::write(&broken, b"%PDF-1.7 troncato").unwrap_or_default();
    let msg = d.fails(&["verify", "--qr-image", broken.to_str().unwrap_or_default()]);
    assert!(msg.contains("PDF illeggibile"), "{msg}");
    // The code printed under the QR, typed by hand (any case, spaces): the same copy.
    let code = text_of(&out.join("1-determinazione-copia.pdf"))
        .split("codice di verifica")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .map(str::to_string)
        .expect("the copy prints its code");
    assert_eq!(code.len(), 14, "{code}");
    let typed = code.to_lowercase().replace('-', " ");
    let by_code = d.json(&["verify", "--qr", &typed]);
    assert_eq!(by_code["original_matches"], true, "{by_code}");
    assert_eq!(by_code["claims"]["numero"], summary[0]["numero"]);
    let other = if code.starts_with('Z') {
        "0000-0000-0000"
    } else {
        "ZZZZ-ZZZZ-ZZZZ"
    };
    let msg = d.fails(&["verify", "--qr", other]);
    assert!(
        msg.contains("nessuna copia con il codice di verifica"),
        "{msg}"
    );
    let v = d.json(&["verify", "--qr", &token]);
    assert_eq!(v["original_matches"], true);
    assert_eq!(v["claims"]["numero"], summary[0]["numero"]);
    // The hash in the token is the SHA-256 of the original the CLI renders.
    let orig = d.path().join("orig.pdf");
    d.ok(&["render", "1", "--out", orig.to_str().unwrap_or_default()]);
    let (_, sum) = tool("sha256sum", &[orig.to_str().unwrap_or_default()]);
    assert_eq!(
        v["claims"]["sha256"].as_str(),
        sum.split_whitespace().next()
    );
    // One changed character anywhere is refused.
    for i in [6, token.len() / 2, token.len() - 3] {
        let mut bytes = token.clone().into_bytes();
        bytes[i] = if bytes[i] == b'1' { b'2' } else { b'1' };
        let forged = String::from_utf8(bytes).unwrap_or_default();
        let msg = d.fails(&["verify", "--qr", &forged]);
        assert!(msg.contains("contrassegno"), "{msg}");
    }
    // Every copy issued is in the register of copies and in the audit log.
    let copie = d.json(&["act", "copie", "1"]);
    assert_eq!(copie[0]["token"], token);
    assert_eq!(copie[0]["issued_by"], "segretario");
    // The register of copies out as a spreadsheet, read by LibreOffice Calc.
    let ods = d.path().join("copie.ods");
    d.ok(&[
        "act",
        "copie",
        "1",
        "--esporta",
        ods.to_str().unwrap_or_default(),
    ]);
    let rows = crate::support::calc_rows(&ods);
    assert_eq!(rows[0][0], "Copia n.", "{rows:?}");
    assert_eq!(rows[1][0], copie[0]["id"].to_string(), "{rows:?}");
    assert_eq!(
        rows[1][4],
        copie[0]["original_sha256"].as_str().unwrap_or_default()
    );
    let history = d.json(&["act", "history", "1"]);
    assert!(
        history
            .as_array()
            .into_iter()
            .flatten()
            .any(|e| e["action"] == "copia")
    );
    d.ok(&["audit", "verify"]);
}

#[test]
fn drafts_render_but_have_no_certified_copy_and_originals_are_kept() {
    let d = DataDir::demo();
    let id = d.new_act(
        "decreto",
        "Nomina del responsabile – più trasparenza",
        "sindaco",
    );
    let pdf = d.path().join("bozza.pdf");
    d.ok(&[
        "render",
        &id.to_string(),
        "--out",
        pdf.to_str().unwrap_or_default(),
    ]);
    assert!(text_of(&pdf).contains("Nomina del responsabile – più trasparenza"));
    let msg = d.fails(&[
        "copia",
        &id.to_string(),
        "--out",
        d.path().join("c.pdf").to_str().unwrap_or_default(),
        "--as",
        "segretario",
    ]);
    assert!(msg.contains("non è ancora adottato"), "{msg}");
    assert!(!d.path().join("c.pdf").exists(), "no partial file");
    // Adopted: the original is rendered once and kept; rendering again gives the same bytes.
    d.fill(
        id,
        "sindaco",
        serde_json::json!({"dispositivo": [{"text": "di nominare"}]}),
    );
    d.sign(id, "adotta", "sindaco");
    let (a, b) = (d.path().join("a.pdf"), d.path().join("b.pdf"));
    d.ok(&[
        "render",
        &id.to_string(),
        "--out",
        a.to_str().unwrap_or_default(),
    ]);
    d.ok(&["iter", &id.to_string(), "comunica", "--as", "segretario"]);
    d.ok(&[
        "render",
        &id.to_string(),
        "--out",
        b.to_str().unwrap_or_default(),
    ]);
    assert_eq!(std::fs::read(&a).ok(), std::fs::read(&b).ok());
    assert!(text_of(&a).contains("n. 1/"));
}

#[test]
fn omissis_proposals_find_personal_data() {
    let d = DataDir::demo();
    let id = d.new_act("determinazione", "Contributo a un cittadino", "istruttore");
    let mut act = d.json(&["act", "show", &id.to_string()]);
    act["sections"] = serde_json::json!([{"kind": "premesso", "text":
        "il sig. Mario Rossi, C.F. RSSMRA85T10A562S, tel. 333 1234567, e-mail mario.rossi@example.it, IBAN IT60X0542811101000000123456, nato a Roma il 10/12/1985, ha chiesto un contributo;"}]);
    let file = d.path().join("a.json");
    std::fs::write(&file, act.to_string()).unwrap_or_default();
    d.ok(&[
        "act",
        "edit",
        &id.to_string(),
        "--file",
        file.to_str().unwrap_or_default(),
    ]);
    let proposals = d.json(&["act", "omissis", &id.to_string()]);
    let texts: Vec<&str> = proposals
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["text"].as_str())
        .collect();
    for want in [
        "RSSMRA85T10A562S",
        "mario.rossi@example.it",
        "IT60X0542811101000000123456",
    ] {
        assert!(texts.contains(&want), "{want} not proposed: {texts:?}");
    }
    assert!(texts.iter().any(|t| t.contains("333")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("10/12/1985")), "{texts:?}");
}

#[test]
fn the_comune_sets_its_stemma_and_bad_files_are_refused() {
    let d = DataDir::demo();
    let id = d.new_act("decreto", "Nomina del responsabile", "sindaco");
    let (before, after) = (d.path().join("before.pdf"), d.path().join("after.pdf"));
    d.ok(&[
        "render",
        &id.to_string(),
        "--out",
        before.to_str().unwrap_or_default(),
    ]);
    let not_svg = d.path().join("stemma.png");
    std::fs::write(&not_svg, b"\x89PNG\r\n\x1a\n").unwrap_or_default();
    let msg = d.fails(&[
        "comune",
        "stemma",
        not_svg.to_str().unwrap_or_default(),
        "--as",
        "amministratore",
    ]);
    assert!(msg.contains("deve essere un file SVG"), "{msg}");
    let broken = d.path().join("rotto.svg");
    std::fs::write(&broken, "<svg xmlns='http://www.w3.org/2000/svg'><rect").unwrap_or_default();
    let msg = d.fails(&[
        "comune",
        "stemma",
        broken.to_str().unwrap_or_default(),
        "--as",
        "amministratore",
    ]);
    assert!(msg.contains("non è utilizzabile"), "{msg}");
    let svg = d.path().join("stemma.svg");
    std::fs::write(
        &svg,
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 12'><path d='M0 0h10v7l-5 5-5-5z' fill='#b00'/></svg>",
    )
    .unwrap_or_default();
    // Not the sindaco's to change.
    let msg = d.fails(&[
        "comune",
        "stemma",
        svg.to_str().unwrap_or_default(),
        "--as",
        "sindaco",
    ]);
    assert!(msg.contains("solo l'amministratore di sistema"), "{msg}");
    d.ok(&[
        "comune",
        "stemma",
        svg.to_str().unwrap_or_default(),
        "--as",
        "amministratore",
    ]);
    d.ok(&[
        "render",
        &id.to_string(),
        "--out",
        after.to_str().unwrap_or_default(),
    ]);
    assert_ne!(
        std::fs::read(&before).ok(),
        std::fs::read(&after).ok(),
        "the stemma did not change the document"
    );
    let (ok, _) = tool("qpdf", &["--check", after.to_str().unwrap_or_default()]);
    assert!(ok);
}

/// A copy of an act corrected after its adoption: the contrassegno is authentic, and the check
/// says what happened to the act since.
#[test]
fn the_check_of_a_copy_says_when_the_act_was_corrected_since() {
    let d = crate::support::DataDir::toured();
    let (id, token) = (1..=8)
        .find_map(|id: i64| {
            let copie = d.json(&["act", "copie", &id.to_string()]);
            let token = copie.as_array()?.first()?["token"].as_str()?.to_string();
            Some((id, token))
        })
        .expect("the tour issues a copy");
    let before = d.ok(&["verify", "--qr", &token]);
    assert!(!before.contains("ATTENZIONE"), "{before}");
    let kind = d.json(&["act", "show", &id.to_string()])["kind"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let drafter = match kind.as_str() {
        "verbale-pl" => "agente",
        "decreto" => "sindaco",
        _ => "istruttore",
    };
    d.ok(&[
        "act",
        "correct",
        &id.to_string(),
        "--tipo",
        "annullamento",
        "--as",
        drafter,
    ]);
    let after = d.ok(&["verify", "--qr", &token]);
    assert!(
        after.contains("ATTENZIONE: Sull'atto è in corso un annullamento in autotutela"),
        "{after}"
    );
}
