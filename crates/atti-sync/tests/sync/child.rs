//! Child processes: some tests re-run this very test binary with `--exact child::entry_point`
//! and `ATTI_SYNC_CHILD=<role>` (two PCs claiming numbers; a process inside a private D-Bus
//! session for the keyring). Without that variable the test does nothing.

use std::process::{Command, Output};

/// Runs this test binary as a child with `role`, the given environment, under `wrapper` (a
/// command prefix such as `dbus-run-session -- sh -c ...`), and returns its output.
pub(crate) fn command(role: &str) -> Command {
    let exe = std::env::current_exe().expect("test binary path");
    let mut cmd = Command::new(exe);
    cmd.args([
        "--exact",
        "child::entry_point",
        "--nocapture",
        "--test-threads=1",
    ])
    .env("ATTI_SYNC_CHILD", role);
    cmd
}

/// The lines a child printed after `prefix`, failing with its output if it failed.
pub(crate) fn lines(out: &Output, prefix: &str) -> Vec<String> {
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        // libtest prints "test child::entry_point ... " on the line of the first output.
        .filter_map(|l| l.find(prefix).map(|at| l[at + prefix.len()..].to_string()))
        .collect()
}

#[test]
fn entry_point() {
    match std::env::var("ATTI_SYNC_CHILD").as_deref() {
        Ok("claim") => crate::register::claim_child(),
        Ok("keyring") => crate::secrets::keyring_child(),
        Ok(other) => panic!("unknown child role {other}"),
        Err(_) => {}
    }
}
