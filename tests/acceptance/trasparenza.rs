//! Amministrazione trasparente from the acts (D.Lgs. 33/2013 artt. 23 and 37): after the demo
//! tour, `atti trasparenza esporta` writes the provvedimenti by semester and the contracts
//! with CIG as CSV and JSON; an independent validator (Python's jsonschema) checks every JSON
//! file and every CSV row against the schema published beside them, and the rows are the
//! acts' (publication version: the marked personal data are not there).

use crate::support::DataDir;
use std::path::Path;

/// Validates `data` (a .json array, or a .csv read as an array of objects by its header)
/// against the JSON Schema `schema`; returns the number of rows, or panics with the errors.
pub(crate) fn validate(data: &Path, schema: &Path) -> usize {
    const SCRIPT: &str = r#"
import csv, json, sys
import jsonschema
data, schema = sys.argv[1], sys.argv[2]
with open(schema, encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
if data.endswith(".csv"):
    with open(data, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
else:
    with open(data, encoding="utf-8") as f:
        rows = json.load(f)
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(rows))
for e in errors:
    print(f"{list(e.absolute_path)}: {e.message}")
print(len(rows) if not errors else -1)
"#;
    let python = atti_sign::testkit::tools_dir().join("venv/bin/python");
    let out = std::process::Command::new(&python)
        .args(["-c", SCRIPT])
        .arg(data)
        .arg(schema)
        .output()
        .unwrap_or_else(|e| panic!("{} (scripts/deps.sh installs it): {e}", python.display()));
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let count: i64 = text
        .lines()
        .last()
        .and_then(|l| l.parse().ok())
        .unwrap_or(-1);
    assert!(
        count >= 0,
        "{} does not follow its schema:\n{text}",
        data.display()
    );
    usize::try_from(count).unwrap_or_default()
}

#[test]
fn trasparenza_is_filled_from_the_acts_and_follows_its_schemas() {
    let d = DataDir::toured();
    // The year of the tour's determinazione (its number says it: no calendar read here).
    let acts = d.json(&["act", "list"]);
    let det = acts
        .as_array()
        .expect("acts")
        .iter()
        .find(|a| a["kind"] == "determinazione" && a["numero"].is_string())
        .expect("the tour's determinazione")
        .clone();
    let numero = det["numero"].as_str().expect("numero").to_string();
    let anno = numero.split('/').nth(1).expect("year").to_string();
    let out = d.path().join("trasparenza");
    let names = d.json(&[
        "trasparenza",
        "esporta",
        "--cartella",
        out.to_str().expect("utf-8"),
        "--anno",
        &anno,
    ]);
    let names: Vec<&str> = names
        .as_array()
        .expect("names")
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    for name in [
        "index.html",
        "provvedimenti.schema.json",
        "contratti.schema.json",
    ] {
        assert!(names.contains(&name), "{names:?}");
    }
    let schema = |name: &str| out.join(format!("{name}.schema.json"));
    let mut provvedimenti = 0;
    for semestre in [1, 2] {
        let stem = format!("provvedimenti-{anno}-{semestre}");
        let json = validate(&out.join(format!("{stem}.json")), &schema("provvedimenti"));
        let csv = validate(&out.join(format!("{stem}.csv")), &schema("provvedimenti"));
        assert_eq!(json, csv, "{stem}: the same rows in both formats");
        provvedimenti += json;
    }
    // Every act of the tour but the verbale is a provvedimento (the tour's delibera, its
    // determinazione, its ordinanza and its decreto).
    assert!(provvedimenti >= 4, "{provvedimenti}");
    let contratti = validate(
        &out.join(format!("contratti-{anno}.json")),
        &schema("contratti"),
    );
    assert_eq!(
        contratti,
        validate(
            &out.join(format!("contratti-{anno}.csv")),
            &schema("contratti")
        )
    );
    let all: Vec<serde_json::Value> = [1, 2]
        .iter()
        .flat_map(|s| {
            let text = std::fs::read_to_string(out.join(format!("provvedimenti-{anno}-{s}.json")))
                .expect("read");
            serde_json::from_str::<Vec<serde_json::Value>>(&text).expect("json")
        })
        .collect();
    let row = all
        .iter()
        .find(|r| r["numero"] == numero.as_str() && r["tipo"] == "Determinazione dirigenziale")
        .expect("the determinazione in art. 23's list");
    assert_eq!(row["elenco"], "dirigenti");
    assert_eq!(row["oggetto"], det["oggetto"]);
    assert!(
        all.iter().any(|r| r["elenco"] == "organi-politici"),
        "the delibera and the decreto under the political organs: {all:?}"
    );
    assert!(
        !all.iter()
            .any(|r| r["tipo"] == "Verbale della Polizia locale")
    );
    // The tour wrote the same in its output folder.
    let toured = d.path().join("out/trasparenza");
    assert_eq!(
        std::fs::read(toured.join("contratti.schema.json")).expect("the tour's schema"),
        std::fs::read(out.join("contratti.schema.json")).expect("schema")
    );
    // The page says the same, and links the open data.
    let page = std::fs::read_to_string(out.join("index.html")).expect("page");
    assert!(page.contains("<html lang=\"it\">"));
    assert!(page.contains(&format!("href=\"contratti-{anno}.csv\"")));
    assert!(page.contains(det["oggetto"].as_str().expect("oggetto")));
    assert!(!page.contains("<script"));
}
