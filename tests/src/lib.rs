//! Support for the acceptance tests: where the built binaries are.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Path of a binary built by this workspace (`target/<profile>/<name>`), next to the test
/// executable's `deps/` folder. `cargo test --workspace` builds every binary first.
pub fn workspace_bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    let dir = exe
        .parent()
        .and_then(|d| d.parent())
        .expect("target/<profile>");
    let path = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} is missing: run `cargo build --workspace` (make test does)",
        path.display()
    );
    path
}

/// Ends the keyring daemons started with HOME `home`: one may outlive its D-Bus session.
pub fn stop_keyring_daemons(home: &Path) {
    let wanted = format!("HOME={}\0", home.display());
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in procs.flatten() {
        let dir = entry.path();
        let comm = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
        if !comm.starts_with("gnome-keyring") {
            continue;
        }
        let environ = std::fs::read(dir.join("environ")).unwrap_or_default();
        if environ
            .windows(wanted.len())
            .any(|w| w == wanted.as_bytes())
        {
            let pid = entry.file_name().to_string_lossy().into_owned();
            let _ = Command::new("kill").arg(&pid).status();
        }
    }
}

/// Starts and unlocks the keyring inside a D-Bus session; it does not keep fd 3 (a test's
/// stderr, in the real Comune's wrapper) open once it outlives the session.
pub const UNLOCK_KEYRING: &str =
    "printf unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null 3>&-";
