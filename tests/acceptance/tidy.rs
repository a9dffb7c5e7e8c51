//! The dependency rules of ARCHITECTURE.md, checked on every Cargo.toml: nothing under
//! crates/ depends on tauri; atti-core depends on no IO crate; each crate says what it is.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn crates() -> Vec<(String, toml::Table)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join("crates")).expect("crates/") {
        let dir = entry.expect("entry").path();
        let manifest = dir.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).expect("Cargo.toml");
        let table: toml::Table = text.parse().expect("valid TOML");
        out.push((
            dir.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            table,
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn dependency_names(t: &toml::Table) -> Vec<String> {
    let mut names = Vec::new();
    for section in ["dependencies", "build-dependencies"] {
        if let Some(deps) = t.get(section).and_then(|d| d.as_table()) {
            names.extend(deps.keys().cloned());
        }
    }
    names
}

#[test]
fn crates_do_not_depend_on_tauri() {
    let all = crates();
    assert!(all.len() >= 4, "expected the crates under crates/");
    for (name, t) in &all {
        for dep in dependency_names(t) {
            assert!(
                !dep.starts_with("tauri"),
                "{name} depends on {dep}: only src-tauri may"
            );
        }
    }
}

#[test]
fn core_does_no_io() {
    const IO_CRATES: [&str; 14] = [
        "rusqlite",
        "tokio",
        "reqwest",
        "hyper",
        "keyring",
        "cryptoki",
        "directories",
        "dirs",
        "tempfile",
        "walkdir",
        "notify",
        "async-std",
        "mio",
        "ureq",
    ];
    let core = crates()
        .into_iter()
        .find(|(n, _)| n == "atti-core")
        .expect("atti-core");
    for dep in dependency_names(&core.1) {
        assert!(
            !IO_CRATES.contains(&dep.as_str()),
            "atti-core depends on the IO crate {dep}"
        );
    }
    // Nor does its source reach for the file system, the network or the clock.
    for entry in std::fs::read_dir(root().join("crates/atti-core/src")).expect("src") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for banned in [
            "std::fs",
            "std::net",
            "std::process",
            "Timestamp::now",
            "SystemTime::now",
        ] {
            assert!(!text.contains(banned), "{} uses {banned}", path.display());
        }
    }
}

#[test]
fn every_crate_opens_with_what_it_is() {
    for (name, _) in crates() {
        let dir = root().join("crates").join(&name).join("src");
        let lib = if dir.join("lib.rs").exists() {
            dir.join("lib.rs")
        } else {
            dir.join("main.rs")
        };
        let text = std::fs::read_to_string(&lib).unwrap_or_default();
        assert!(
            text.starts_with("//!"),
            "{} must open with a //! paragraph",
            lib.display()
        );
    }
}

#[test]
fn tauri_commands_are_thin() {
    let dir = root().join("src-tauri/src/commands");
    for entry in std::fs::read_dir(&dir).expect("commands/") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for banned in ["rusqlite", "SELECT ", "ActState::", "match "] {
            assert!(
                !text.contains(banned),
                "{} contains {banned:?}: move it into atti-app",
                path.display()
            );
        }
    }
}

/// `assume_user` works as anyone without a proof (the replay, tests): no front door calls
/// it. The CLI and the desktop log users in (`session_login`) or, in the demo Comune only,
/// switch (`switch_user`).
#[test]
fn no_front_door_assumes_a_user() {
    let mut files = Vec::new();
    for dir in [
        "src-tauri/src/commands",
        "crates/atti-cli/src",
        "crates/atti-cli/src/commands",
    ] {
        for entry in std::fs::read_dir(root().join(dir)).expect(dir) {
            files.push(entry.expect("entry").path());
        }
    }
    files.push(root().join("src-tauri/src/lib.rs"));
    for path in files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
    {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            !text.contains("assume_user"),
            "{} calls assume_user: a front door must log the user in",
            path.display()
        );
    }
}
