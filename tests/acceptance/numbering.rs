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
