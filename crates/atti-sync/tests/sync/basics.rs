//! Create-only upload, verification, conflicts, listing, the connection test.

use atti_sync::testkit::Fixture;
use atti_sync::{Check, SyncError, Uploaded};
use sha2::{Digest, Sha256};

use crate::runtime;

#[test]
fn upload_creates_verifies_and_never_overwrites() {
    let fx = Fixture::start();
    runtime().block_on(async {
        let client = fx.client();
        let path = "archive/atti/2026/determinazione/12/atto.pdf";
        let body = b"%PDF-1.7 atto firmato".to_vec();
        let first = client
            .upload(path, body.clone(), Check::Sha256)
            .await
            .expect("upload");
        assert_eq!(first, Uploaded::Created);
        // Same bytes again (a retry whose first answer was lost): already there, fine.
        let again = client
            .upload(path, body.clone(), Check::Length)
            .await
            .expect("re-upload");
        assert_eq!(again, Uploaded::AlreadyPresent);
        // Different bytes at the same path: conflict, server copy untouched.
        let err = client
            .upload(path, b"altro contenuto".to_vec(), Check::Sha256)
            .await
            .expect_err("conflict");
        assert!(matches!(err, SyncError::Conflict { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "Conflitto: sul server esiste già {path} con contenuto diverso; non è stato sovrascritto. L'atto resta firmato e conservato qui: segnalare il percorso al responsabile della conservazione, che stabilisce quale dei due file è quello giusto."
            )
        );
        let inspector = fx.inspector();
        assert_eq!(inspector.get(path).await, body);

        // Listing and download.
        let list = client
            .list("archive/atti/2026/determinazione/12")
            .await
            .expect("list");
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].path, path);
        assert_eq!(list[0].size, body.len() as u64);
        assert!(!list[0].is_dir);
        let dirs = client.list("archive/atti/2026/").await.expect("list dirs");
        assert_eq!(dirs.len(), 1);
        assert!(dirs[0].is_dir);
        assert_eq!(dirs[0].path, "archive/atti/2026/determinazione");
        let got = client.get(path).await.expect("get");
        assert_eq!(Sha256::digest(&got), Sha256::digest(&body));
        let missing = client.get("archive/nessuno.pdf").await.expect_err("404");
        assert!(matches!(missing, SyncError::NotFound { .. }), "{missing:?}");

        // Paths are checked before anything is sent.
        for bad in ["archive/../x", "archive//x", "archive\\x", "/archive/x"] {
            let err = client
                .upload(bad, b"x".to_vec(), Check::Length)
                .await
                .expect_err("bad path");
            assert!(matches!(err, SyncError::InvalidPath(_)), "{bad}: {err:?}");
        }
    });
}

#[test]
fn connection_test_reports_each_step() {
    let fx = Fixture::start();
    runtime().block_on(async {
        let report = fx.client().test().await;
        assert!(report.ok(), "{report:#?}");
        let names: Vec<_> = report.steps.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Raggiungibilità",
                "TLS",
                "Credenziali",
                "Permesso di scrittura",
                "Cartelle create una volta sola",
                "File mai sostituiti",
                "Aree degli utenti",
            ]
        );
        // Apache mod_dav gives both guarantees, and its rules the users' own areas.
        assert!(report.steps[4].message.contains("(405)"), "{report:#?}");
        assert!(report.steps[5].message.contains(", 412)"), "{report:#?}");
        assert!(
            report.steps[6]
                .message
                .starts_with("Ognuno scrive solo nella propria area"),
            "{report:#?}"
        );
        // A second test finds its probe already there: still fine, nothing overwritten.
        let again = fx.client().test().await;
        assert!(again.ok(), "{again:#?}");

        // Wrong password: reachability and TLS pass, credentials fail, writing not checked.
        let config = fx.config_for(&fx.server.url());
        let wrong = atti_sync::Client::new(&config, atti_core::Sensitive::new("sbagliata".into()))
            .expect("client");
        let report = wrong.test().await;
        let ok: Vec<_> = report.steps.iter().map(|s| s.ok).collect();
        assert_eq!(
            ok,
            [true, true, false, false, false, false, false],
            "{report:#?}"
        );
        assert!(
            report.steps[2].message.starts_with("Password errata"),
            "{report:#?}"
        );

        // The archive's folder is missing: credentials are not blamed, the folder is named.
        let report = fx.client().test_in("dav/manca").await;
        let ok: Vec<_> = report.steps.iter().map(|s| s.ok).collect();
        assert_eq!(
            ok,
            [true, true, true, false, false, false, false],
            "{report:#?}"
        );
        assert!(
            report.steps[3]
                .message
                .contains("non esiste la cartella dell'archivio https://"),
            "{report:#?}"
        );

        // Nothing listens: the first step fails.
        let port = atti_sync::testkit::free_port();
        let gone = fx.client_for(&format!("https://127.0.0.1:{port}/"));
        let report = gone.test().await;
        assert!(!report.steps[0].ok, "{report:#?}");
        assert!(
            report.steps[0]
                .message
                .starts_with("Server non raggiungibile"),
            "{report:#?}"
        );
    });
}

/// A server that ignores `If-None-Match` and creates a collection twice (the fault proxy in
/// front of Apache plays it, on the scratch area `dav/`, which Apache does not keep write-once
/// as it keeps `archive/`): `server test` refuses it, naming each missing guarantee.
#[test]
fn a_server_without_the_guarantees_is_refused_by_name() {
    use atti_sync::testkit::{FaultProxy, ProxyMode};
    let fx = Fixture::start();
    runtime().block_on(async {
        let proxy = FaultProxy::start(&fx.pki, fx.server.port).await;
        let client = fx.client_for(&proxy.url());
        let honest = client.test_in("dav").await;
        assert!(honest.ok(), "{honest:#?}");
        proxy.set_mode(ProxyMode::Forgetful);
        let report = client.test_in("dav").await;
        assert!(!report.ok(), "{report:#?}");
        let ok: Vec<_> = report.steps.iter().map(|s| s.ok).collect();
        // (The users' own areas are Apache's rules, behind the proxy: still kept.)
        assert_eq!(
            ok,
            [true, true, true, true, false, false, true],
            "{report:#?}"
        );
        assert!(
            report.steps[4]
                .message
                .contains("ha accettato di creare due volte la stessa cartella"),
            "{report:#?}"
        );
        assert!(
            report.steps[5]
                .message
                .contains("ha sostituito un file già presente"),
            "{report:#?}"
        );
    });
}

/// A package whose act was found in conflict in an earlier run: its sidecar, queued again (as
/// new settings do), is not sent beside the missing file: the package stays open, the sidecar
/// recorded as needing attention.
#[test]
fn a_sidecar_never_goes_beside_a_file_of_its_package_in_conflict() {
    use atti_sync::testkit::MemoryOutbox;
    use atti_sync::{ItemState, Outbox, run};
    use std::sync::Arc;
    let fx = Fixture::start();
    runtime().block_on(async {
        let client = fx.client();
        let dir = "archive/atti/2026/decreto/1";
        let outbox = Arc::new(MemoryOutbox::default());
        let act = outbox.push(1, &format!("{dir}/1-decreto.pdf"), b"%PDF- atto".to_vec(), true, false);
        outbox.push(1, &format!("{dir}/metadati.xml"), b"<metadati/>".to_vec(), false, true);
        outbox
            .record(act.id, ItemState::Conflict, Some("un altro file"))
            .expect("record");
        let summary = run(&client, outbox.clone(), &|_| {}).await.expect("run");
        assert_eq!(summary.attention, 1, "{summary:?}");
        let sidecar = client.get(&format!("{dir}/metadati.xml")).await;
        assert!(
            matches!(sidecar, Err(SyncError::NotFound { .. })),
            "the sidecar went: {sidecar:?}"
        );
        let rows = outbox.rows();
        let (_, _, state) = &rows[1];
        assert!(
            matches!(state, Some((ItemState::NeedsAttention, Some(d))) if d.starts_with("Pacchetto incompleto")),
            "{state:?}"
        );
        assert!(outbox.incomplete(1).expect("incomplete"));
    });
}

/// A server that writes a PUT in place (WsgiDAV) leaves the beginning of our bytes at the
/// final name when the upload is cut (the PC or the server killed): the next upload finishes
/// it. A complete foreign file is never replaced, nor anything in the write-once archive.
#[test]
fn an_upload_cut_short_on_the_server_is_finished_and_a_foreign_file_never_replaced() {
    let fx = Fixture::start();
    let body: Vec<u8> = (0..100_000u32).flat_map(|i| i.to_le_bytes()).collect();
    // What a cut PUT leaves on such a server: the first 40,000 bytes at the final name.
    let plant = |dir: &str, name: &str, bytes: &[u8]| {
        let folder = fx.server.data_dir().join(dir);
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::write(folder.join(name), bytes).expect("plant");
        atti_sync::testkit::run_tool(
            "chown",
            &[
                "-R",
                "nobody:nogroup",
                &fx.server.data_dir().to_string_lossy(),
            ],
        );
    };
    plant("dav/tagliato", "atto.pdf", &body[..40_000]);
    plant("dav/tagliato", "altro.pdf", b"un altro documento, completo");
    plant("archive/tagliato", "atto.pdf", &body[..40_000]);
    runtime().block_on(async {
        let client = fx.client();
        let done = client
            .upload("dav/tagliato/atto.pdf", body.clone(), Check::Sha256)
            .await
            .expect("finished");
        assert_eq!(done, Uploaded::Finished);
        let inspector = fx.inspector();
        assert_eq!(inspector.get("dav/tagliato/atto.pdf").await, body);
        // Not a beginning of ours: a conflict, the file untouched.
        let err = client
            .upload("dav/tagliato/altro.pdf", body.clone(), Check::Sha256)
            .await
            .expect_err("foreign");
        assert!(matches!(err, SyncError::Conflict { .. }), "{err:?}");
        assert_eq!(
            inspector.get("dav/tagliato/altro.pdf").await,
            b"un altro documento, completo"
        );
        // Longer than ours, though it starts the same: not ours either.
        let err = client
            .upload(
                "dav/tagliato/atto.pdf",
                body[..50_000].to_vec(),
                Check::Sha256,
            )
            .await
            .expect_err("longer");
        assert!(matches!(err, SyncError::Conflict { .. }), "{err:?}");
        // The write-once archive replaces nothing, not even a beginning of ours.
        let err = client
            .upload("archive/tagliato/atto.pdf", body.clone(), Check::Sha256)
            .await
            .expect_err("write-once");
        assert!(matches!(err, SyncError::Conflict { .. }), "{err:?}");
        assert_eq!(
            inspector.get("archive/tagliato/atto.pdf").await,
            &body[..40_000]
        );
    });
}
