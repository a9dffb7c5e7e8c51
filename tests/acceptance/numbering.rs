//! Final numbers are unique and without gaps, also with two processes adopting at once on
//! the same data dir.

use crate::support::DataDir;
use std::collections::BTreeSet;
use std::process::{Command, Stdio};

#[test]
fn two_processes_adopting_200_each_get_400_distinct_numbers_without_gaps() {
    let d = DataDir::demo();
    let bin = atti_tests::workspace_bin("adopt-loop");
    let spawn = || {
        Command::new(&bin)
            .arg(d.path())
            .arg("200")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn adopt-loop")
    };
    let (a, b) = (spawn(), spawn());
    let mut numbers = BTreeSet::new();
    let mut total = 0;
    for child in [a, b] {
        let out = child.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "adopt-loop failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let (n, _year) = line.split_once('/').expect("N/YYYY");
            numbers.insert(n.parse::<u32>().expect("number"));
            total += 1;
        }
    }
    assert_eq!(total, 400);
    assert_eq!(numbers.len(), 400, "a number was given twice");
    assert_eq!(
        numbers.iter().copied().collect::<Vec<_>>(),
        (1..=400).collect::<Vec<_>>(),
        "gaps"
    );
    // The register agrees, and the audit log describes every number.
    let registro = d.json(&["registro", "decreto"]);
    assert_eq!(registro.as_array().map(Vec::len), Some(400));
    d.ok(&["audit", "verify"]);
}

/// The register goes out as CSV for the clerk's spreadsheet, and an independent reader (Python's
/// csv module, as LibreOffice reads it: `;`, UTF-8 with BOM) finds every number with its act.
#[test]
fn the_register_exported_as_csv_reads_back() {
    let d = crate::support::DataDir::demo_at("2026-03-12 10:00:00");
    // With spending, so that it waits for the visto and may still be annulled.
    let adopt = |oggetto: &str| {
        let id = d.new_act("determinazione", oggetto, "istruttore");
        d.fill(
            id,
            "istruttore",
            serde_json::json!({"dispositivo": [{"text": "di procedere;"}],
                "impegni": [{"esercizio": 2026, "capitolo": "1010", "importo_centesimi": 10000,
                             "beneficiario": "Ditta", "cig": null, "cup": null}]}),
        );
        d.ok(&["iter", &id.to_string(), "invia", "--as", "istruttore"]);
        d.sign(id, "adotta", "dirigente");
        id
    };
    adopt("Acquisto di libri per la biblioteca – più qualità");
    let second = adopt("Noleggio delle fotocopiatrici");
    d.ok(&[
        "iter",
        &second.to_string(),
        "annulla",
        "--note",
        "Importo errato",
        "--as",
        "dirigente",
    ]);
    let out = d.path().join("registro.csv");
    d.ok(&[
        "registro",
        "determinazione",
        "--csv",
        out.to_str().expect("utf-8"),
    ]);
    let script = "import csv, json, sys\n\
                  with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n    \
                  print(json.dumps(list(csv.reader(f, delimiter=';'))))";
    let rows: Vec<Vec<String>> = serde_json::from_str(&crate::support::run_tool(
        "python3",
        &["-c", script, out.to_str().expect("utf-8")],
    ))
    .expect("rows");
    assert_eq!(rows[0][0], "Numero");
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(
        rows[1][..4],
        [
            "1",
            "2026",
            "12/03/2026",
            "Acquisto di libri per la biblioteca – più qualità"
        ]
    );
    assert_eq!(rows[2][0], "2");
    assert_eq!(rows[2][7], "Importo errato");
    assert!(rows[1][5].starts_with("12/03/2026 "), "{rows:?}");
    assert_eq!(rows[1][6], "Marco Rossi");

    // The same register as an OpenDocument spreadsheet, read by LibreOffice Calc: the same
    // rows as the CSV (Calc shows the dates with the file's own dd/mm/yyyy format); in the file
    // the numbers are numbers and the dates dates.
    let ods = d.path().join("registro.ods");
    d.ok(&[
        "registro",
        "determinazione",
        "--esporta",
        ods.to_str().expect("utf-8"),
    ]);
    let calc = crate::support::calc_rows(&ods);
    assert_eq!(calc[0], rows[0], "{calc:?}");
    assert_eq!(calc[1][..5], rows[1][..5], "{calc:?}");
    assert_eq!(calc[2][7], "Importo errato");
    let cells = crate::support::ods_cells(&ods);
    assert_eq!(cells[1][0], "float 1", "{cells:?}");
    assert_eq!(cells[1][2], "date 2026-03-12T00:00:00", "{cells:?}");
    // Printed: a PDF/A with every number, the annulled one with its reason (pdftotext).
    let pdf = d.path().join("registro.pdf");
    d.ok(&[
        "registro",
        "determinazione",
        "--pdf",
        pdf.to_str().expect("utf-8"),
    ]);
    let text =
        crate::support::run_tool("pdftotext", &["-layout", pdf.to_str().expect("utf-8"), "-"]);
    let flat: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert!(
        flat.iter()
            .any(|l| l.starts_with("1/2026 12/03/2026 Acquisto di libri")),
        "{text}"
    );
    assert!(
        flat.iter().any(|l| l.contains("Annullato: Importo errato")),
        "{text}"
    );
    assert!(
        text.contains("2 numeri assegnati, di cui 1 annullato"),
        "{text}"
    );
    let info = crate::support::run_tool("pdfinfo", &["-meta", pdf.to_str().expect("utf-8")]);
    assert!(
        info.contains("pdfaid:part") || info.contains("<pdfaid:part>2"),
        "not PDF/A: {info}"
    );
    // A name that is neither: refused before anything is written.
    let msg = d.fails(&["registro", "determinazione", "--esporta", "registro.xlsx"]);
    assert!(msg.contains("«.ods»"), "{msg}");
}
