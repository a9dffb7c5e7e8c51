//! Support for the acceptance tests: where the built binaries are.

use std::path::PathBuf;

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
