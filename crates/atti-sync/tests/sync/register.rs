//! The cross-PC register: two processes claim numbers on one server.

use std::collections::BTreeSet;

use atti_core::Sensitive;
use atti_sync::testkit::{Fixture, fast_tuning};
use atti_sync::{Client, ServerConfig};

use crate::child;
use crate::runtime;

const PER_PROCESS: u32 = 300;

/// Child side: claims `ATTI_SYNC_COUNT` numbers and prints `claimed N` for each.
pub(crate) fn claim_child() {
    let env = |k: &str| std::env::var(k).unwrap_or_else(|_| panic!("{k} missing"));
    let config = ServerConfig {
        base_url: env("ATTI_SYNC_URL"),
        user: env("ATTI_SYNC_USER"),
        ca_pem: Some(std::fs::read(env("ATTI_SYNC_CA")).expect("ca")),
    };
    let who = env("ATTI_SYNC_WHO");
    let count: u32 = env("ATTI_SYNC_COUNT").parse().expect("count");
    let client = Client::with_tuning(
        &config,
        Sensitive::new(env("ATTI_SYNC_PASSWORD")),
        fast_tuning(),
    )
    .expect("client");
    runtime().block_on(async {
        let mut next = 1;
        for i in 0..count {
            let claim = format!("{{\"pc\":\"{who}\",\"atto\":{i}}}\n");
            let n = client
                .claim_number("registro", 2026, "determinazione", next, claim.as_bytes())
                .await
                .expect("claim");
            println!("claimed {n} {i}");
            next = n + 1;
        }
    });
}

#[test]
fn two_processes_claim_distinct_numbers_without_gaps() {
    let fx = Fixture::start();
    let spawn = |who: &str| {
        child::command("claim")
            .env("ATTI_SYNC_URL", fx.server.url())
            .env("ATTI_SYNC_USER", &fx.user)
            .env("ATTI_SYNC_PASSWORD", &fx.password)
            .env("ATTI_SYNC_CA", &fx.pki.ca_pem)
            .env("ATTI_SYNC_WHO", who)
            .env("ATTI_SYNC_COUNT", PER_PROCESS.to_string())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn child")
    };
    let a = spawn("pc-a");
    let b = spawn("pc-b");
    let out_a = a.wait_with_output().expect("child a");
    let out_b = b.wait_with_output().expect("child b");
    let parse = |lines: Vec<String>| -> Vec<(u32, u32)> {
        lines
            .iter()
            .map(|l| {
                let mut parts = l.split(' ');
                let n = parts.next().and_then(|p| p.parse().ok()).expect("number");
                let i = parts.next().and_then(|p| p.parse().ok()).expect("act");
                (n, i)
            })
            .collect()
    };
    let claims_a = parse(child::lines(&out_a, "claimed "));
    let claims_b = parse(child::lines(&out_b, "claimed "));
    assert_eq!(claims_a.len(), PER_PROCESS as usize);
    assert_eq!(claims_b.len(), PER_PROCESS as usize);
    let all: BTreeSet<u32> = claims_a.iter().chain(&claims_b).map(|c| c.0).collect();
    assert_eq!(
        all.len(),
        2 * PER_PROCESS as usize,
        "a number was given twice"
    );
    assert_eq!(
        all,
        (1..=2 * PER_PROCESS).collect::<BTreeSet<_>>(),
        "gaps in the register"
    );
    // The server holds one folder per number, with the claim of its owner.
    runtime().block_on(async {
        let inspector = fx.inspector();
        let files = inspector.walk("registro/2026/determinazione").await;
        assert_eq!(files.len(), 2 * PER_PROCESS as usize);
        for (who, claims) in [("pc-a", &claims_a), ("pc-b", &claims_b)] {
            for (n, i) in claims.iter().step_by(37) {
                let path = format!("registro/2026/determinazione/{n}/claim");
                let body = inspector.get(&path).await;
                assert_eq!(
                    String::from_utf8_lossy(&body),
                    format!("{{\"pc\":\"{who}\",\"atto\":{i}}}\n")
                );
            }
        }
    });
}
