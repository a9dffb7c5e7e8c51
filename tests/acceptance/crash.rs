//! Crash safety: kill -9 a process that saves in a loop, 50 times; the file stays sound and
//! the last acknowledged save is there.

use crate::support::DataDir;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn kill_during_saves_loses_nothing_acknowledged() {
    let d = DataDir::demo();
    let id = d.new_act(
        "determinazione",
        "Prova di resistenza – più qualità",
        "istruttore",
    );
    let bin = atti_tests::workspace_bin("save-loop");
    let mut seed: u64 = 0x5eed;
    for round in 0..50 {
        let mut child = Command::new(&bin)
            .arg(d.path())
            .arg(id.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn save-loop");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        // Wait for a pseudo-random number of acknowledged saves (1..=8), then kill at once:
        // the next save is in flight.
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let wanted = 1 + (seed >> 33) % 8;
        let mut last_ack = 0u32;
        for _ in 0..wanted {
            let line = lines.next().expect("a line").expect("utf-8");
            last_ack = line.trim_start_matches("saved ").parse().expect("version");
        }
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        let conn = rusqlite::Connection::open(d.db()).expect("open");
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("check");
        assert_eq!(check, "ok", "round {round}");
        let current: u32 = conn
            .query_row("SELECT current_version FROM act WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .expect("act");
        assert!(
            current >= last_ack,
            "round {round}: acknowledged {last_ack}, stored {current}"
        );
        let text: String = conn
            .query_row(
                "SELECT json_extract(content, '$.dispositivo[0].text') FROM act_version
                 WHERE act_id = ?1 AND version = ?2",
                rusqlite::params![id, last_ack],
                |r| r.get(0),
            )
            .expect("acknowledged version is readable");
        assert_eq!(text, format!("salvataggio {last_ack} – più qualità"));
    }
}
