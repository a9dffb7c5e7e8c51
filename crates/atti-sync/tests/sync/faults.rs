//! 1,000 packages synced through every fault: proxy resets, lost answers, blackhole, 503/500
//! switches, Apache killed and restarted. The server must end with every file exactly once,
//! byte-identical, nothing overwritten, no leftovers; checked from the test's own reader.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use atti_sync::testkit::{
    DavServer, Fault, FaultProxy, Fixture, MemoryOutbox, ProxyMode, fast_tuning,
};
use atti_sync::{Check, ItemState, Summary, run};
use sha2::{Digest, Sha256};

use crate::runtime;

const PACKAGES: usize = 1000;

fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..len).map(|_| rng.u8(..)).collect()
}

/// One fault phase, started when the proxy has seen `at` requests.
#[derive(Debug, Clone, Copy)]
enum Phase {
    Proxy(ProxyMode, usize),
    Apache(Fault, usize),
    Restart,
}

/// Stops the orchestrator and waits for it, also when the test panics (so that the Apache
/// child it shares is stopped, not orphaned).
struct Stopper {
    finished: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Stopper {
    fn drop(&mut self) {
        self.finished.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Runs the fault schedule on its own thread, driven by the proxy's counters (not by time).
fn orchestrate(
    proxy: Arc<FaultProxy>,
    server: Arc<Mutex<DavServer>>,
    finished: Arc<AtomicBool>,
    applied: Arc<AtomicUsize>,
) -> std::thread::JoinHandle<()> {
    let schedule = [
        (200, Phase::Proxy(ProxyMode::ResetMidUpload, 12)),
        (700, Phase::Proxy(ProxyMode::LoseResponse, 12)),
        (1200, Phase::Apache(Fault::Unavailable503, 6)),
        (1700, Phase::Apache(Fault::Internal500, 10)),
        (2200, Phase::Proxy(ProxyMode::Blackhole, 4)),
        (2700, Phase::Restart),
        (3200, Phase::Proxy(ProxyMode::LoseResponse, 12)),
        (3700, Phase::Proxy(ProxyMode::ResetMidUpload, 12)),
    ];
    std::thread::spawn(move || {
        let wait_until = |cond: &dyn Fn() -> bool| {
            while !cond() {
                if finished.load(Ordering::SeqCst) {
                    return false;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            true
        };
        for (at, phase) in schedule {
            if !wait_until(&|| proxy.requests() >= at) {
                return;
            }
            match phase {
                Phase::Proxy(mode, hits) => {
                    let start = proxy.faults();
                    proxy.set_mode(mode);
                    wait_until(&|| proxy.faults() >= start + hits);
                    proxy.set_mode(ProxyMode::Pass);
                }
                Phase::Apache(fault, requests) => {
                    let start = proxy.requests();
                    server.lock().expect("server").fault(fault, true);
                    wait_until(&|| proxy.requests() >= start + requests);
                    server.lock().expect("server").fault(fault, false);
                }
                Phase::Restart => {
                    server.lock().expect("server").stop();
                    let start = proxy.connections();
                    wait_until(&|| proxy.connections() >= start + 6);
                    server.lock().expect("server").restart();
                }
            }
            applied.fetch_add(1, Ordering::SeqCst);
        }
    })
}

#[test]
fn thousand_packages_through_every_fault() {
    let fx = Fixture::start();
    let inspector = fx.inspector();
    let direct = fx.client();
    let rt = runtime();
    // What the outbox will send: per package an act (some signed), an attachment, a sidecar.
    let outbox = Arc::new(MemoryOutbox::default());
    for p in 0..PACKAGES {
        let dir = format!("archive/atti/2026/determinazione/{p}");
        let seed = p as u64 * 7;
        let signed = p % 3 == 0;
        outbox.push(
            p as i64,
            &format!("{dir}/atto.pdf"),
            bytes(seed, 1500 + (p * 37) % 4000),
            signed,
            false,
        );
        outbox.push(
            p as i64,
            &format!("{dir}/allegato.bin"),
            bytes(seed + 1, 500 + (p * 13) % 2000),
            false,
            false,
        );
        let sidecar = format!("{{\"pacchetto\":{p},\"firmato\":{signed}}}\n").into_bytes();
        outbox.push(
            p as i64,
            &format!("{dir}/metadati.json"),
            sidecar,
            false,
            true,
        );
    }
    // Already on the server before the sync: a different file (conflict) and an identical one.
    let conflict_path = "archive/atti/2026/determinazione/7/allegato.bin";
    let foreign = b"un altro allegato, caricato da altri".to_vec();
    let same_path = "archive/atti/2026/determinazione/8/atto.pdf";
    let same = outbox
        .rows()
        .into_iter()
        .find(|(item, _, _)| item.remote_path == same_path)
        .map(|(_, content, _)| content)
        .expect("row");
    rt.block_on(async {
        direct
            .upload(conflict_path, foreign.clone(), Check::Sha256)
            .await
            .expect("foreign");
        direct
            .upload(same_path, same, Check::Sha256)
            .await
            .expect("same");
    });

    let Fixture {
        server,
        pki,
        user,
        password,
        ..
    } = fx;
    let server_port = server.port;
    let server = Arc::new(Mutex::new(server));
    let finished = Arc::new(AtomicBool::new(false));
    let applied = Arc::new(AtomicUsize::new(0));
    let mut total = Summary::default();
    let progress_calls = AtomicUsize::new(0);
    let proxy_faults = rt.block_on(async {
        let proxy = Arc::new(FaultProxy::start(&pki, server_port).await);
        let config = atti_sync::ServerConfig {
            base_url: proxy.url(),
            user: user.clone(),
            ca_pem: Some(pki.ca_bytes()),
        };
        let client = atti_sync::Client::with_tuning(
            &config,
            atti_core::Sensitive::new(password.clone()),
            fast_tuning(),
        )
        .expect("client");
        let mut stopper = Stopper {
            finished: finished.clone(),
            thread: Some(orchestrate(
                proxy.clone(),
                server.clone(),
                finished.clone(),
                applied.clone(),
            )),
        };
        let progress = |p: atti_sync::Progress| {
            assert!(p.done <= p.total);
            progress_calls.fetch_add(1, Ordering::SeqCst);
        };
        for _ in 0..40 {
            let s = run(&client, outbox.clone(), &progress).await.expect("run");
            assert!(
                s.stopped.is_none(),
                "{s:?}\n{}",
                server
                    .lock()
                    .expect("server")
                    .access_log()
                    .lines()
                    .filter(|l| l.contains("\" 403 "))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            total.verified += s.verified;
            total.already_present += s.already_present;
            total.conflicts += s.conflicts;
            total.attention += s.attention;
            total.remaining = s.remaining;
            if s.remaining == 0 {
                break;
            }
        }
        finished.store(true, Ordering::SeqCst);
        if let Some(t) = stopper.thread.take() {
            t.join().expect("orchestrator");
        }
        proxy.faults()
    });
    assert_eq!(total.remaining, 0, "{total:?}");
    assert_eq!(
        applied.load(Ordering::SeqCst),
        8,
        "not every fault phase ran"
    );
    assert!(proxy_faults >= 40, "{proxy_faults} faulted requests");
    assert!(progress_calls.load(Ordering::SeqCst) >= 3 * PACKAGES);
    let _ = pki;

    // The outbox: everything verified, one conflict, its package's sidecar held back.
    let held_sidecar = "archive/atti/2026/determinazione/7/metadati.json";
    assert_eq!(outbox.count(ItemState::Conflict), 1);
    assert_eq!(outbox.count(ItemState::NeedsAttention), 1);
    assert_eq!(outbox.count(ItemState::Verified), 3 * PACKAGES - 2);
    assert_eq!(outbox.max_records(), 1, "a row was recorded twice");
    assert_eq!(total.conflicts, 1);
    assert_eq!(total.attention, 1);
    assert!(total.already_present >= 1, "{total:?}");
    assert_eq!(total.verified + total.already_present, 3 * PACKAGES - 2);

    // The server, read by the test: exactly the expected files, byte for byte.
    let server = Arc::try_unwrap(server)
        .expect("server")
        .into_inner()
        .expect("server");
    let mut expected: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (item, content, state) in outbox.rows() {
        match state.map(|s| s.0) {
            Some(ItemState::Verified) => {
                expected.insert(item.remote_path, content);
            }
            Some(ItemState::Conflict) => {
                expected.insert(item.remote_path, foreign.clone());
            }
            _ => assert_eq!(item.remote_path, held_sidecar),
        }
    }
    rt.block_on(async {
        let on_server = inspector.walk("archive").await;
        let names: BTreeSet<_> = on_server.keys().cloned().collect();
        let wanted: BTreeSet<_> = expected.keys().cloned().collect();
        assert_eq!(
            names.difference(&wanted).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "unexpected files on the server"
        );
        assert_eq!(names, wanted);
        for (path, content) in &expected {
            assert_eq!(on_server[path], content.len() as u64, "{path}");
            let got = inspector.get(path).await;
            assert_eq!(Sha256::digest(&got), Sha256::digest(content), "{path}");
        }
    });
    // No temporary leftovers on disk either (interrupted PUTs).
    let mut on_disk = 0;
    let mut stack = vec![server.data_dir().join("archive")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir") {
            let entry = entry.expect("entry");
            if entry.file_type().expect("type").is_dir() {
                stack.push(entry.path());
            } else {
                on_disk += 1;
            }
        }
    }
    assert_eq!(on_disk, expected.len(), "leftover files on disk");

    // Each package's sidecar was created after the package's other files.
    let log = server.access_log();
    let mut last_other: BTreeMap<String, usize> = BTreeMap::new();
    let mut sidecar_at: BTreeMap<String, usize> = BTreeMap::new();
    for (n, line) in log.lines().enumerate() {
        let Some(rest) = line.split("\"PUT /").nth(1) else {
            continue;
        };
        if !rest.contains("\" 201 ") {
            continue;
        }
        let path = rest.split(' ').next().unwrap_or_default();
        let (dir, file) = path.rsplit_once('/').expect("path");
        if file == "metadati.json" {
            sidecar_at.insert(dir.to_string(), n);
        } else {
            last_other.insert(dir.to_string(), n);
        }
    }
    assert_eq!(sidecar_at.len(), PACKAGES - 1);
    for (dir, at) in &sidecar_at {
        assert!(last_other.get(dir).is_none_or(|other| other < at), "{dir}");
    }
}
