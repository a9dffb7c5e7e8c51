//! Certificate and credential failures stop the run with the right message after a bounded
//! number of tries; the password never shows up.

use std::sync::Arc;

use atti_core::Sensitive;
use atti_sync::testkit::{FaultProxy, Fixture, MemoryOutbox, ServerCert, fast_tuning};
use atti_sync::{Client, ServerConfig, SyncError, run};

use crate::runtime;

fn outbox(packages: usize) -> Arc<MemoryOutbox> {
    let outbox = Arc::new(MemoryOutbox::default());
    for p in 0..packages {
        let dir = format!("archive/atti/2026/delibera/{p}");
        outbox.push(
            p as i64,
            &format!("{dir}/atto.pdf"),
            vec![b'a'; 300],
            true,
            false,
        );
        outbox.push(
            p as i64,
            &format!("{dir}/metadati.json"),
            b"{}".to_vec(),
            false,
            true,
        );
    }
    outbox
}

/// Runs a sync that must stop at once, and returns its reason.
async fn stopped(client: &Client) -> String {
    let outbox = outbox(20);
    let summary: atti_sync::Summary = run(client, outbox.clone(), &|_| {}).await.expect("run");
    assert_eq!(summary.remaining, 40, "{summary:?}");
    assert_eq!(summary.verified + summary.conflicts + summary.attention, 0);
    summary
        .stopped
        .clone()
        .unwrap_or_else(|| panic!("the run stops to ask the clerk: {summary:?}"))
}

#[test]
fn unknown_ca_stops_without_retrying() {
    let fx = Fixture::start();
    runtime().block_on(async {
        let proxy = FaultProxy::start(&fx.pki, fx.server.port).await;
        let config = ServerConfig {
            base_url: proxy.url(),
            user: fx.user.clone(),
            ca_pem: Some(std::fs::read(&fx.pki.other_ca_pem).expect("other ca")),
        };
        let client = Client::with_tuning(&config, Sensitive::new(fx.password.clone()), fast_tuning())
            .expect("client");
        let reason = stopped(&client).await;
        assert!(
            reason.starts_with("Il certificato del server non è valido per 127.0.0.1: il certificato è emesso da un'autorità non riconosciuta"),
            "{reason}"
        );
        // One handshake per upload in flight at most, never a retry loop.
        assert!(proxy.connections() <= 4, "{} connections", proxy.connections());
        assert_eq!(proxy.requests(), 0);
        // The same through the single upload call: the error variant.
        let err = client
            .upload("archive/x.txt", b"x".to_vec(), atti_sync::Check::Length)
            .await
            .expect_err("tls");
        assert!(matches!(err, SyncError::Tls(_)) && err.needs_attention(), "{err:?}");
    });
}

#[test]
fn expired_certificate_stops_without_retrying() {
    let fx = Fixture::start();
    runtime().block_on(async {
        let proxy =
            FaultProxy::start_presenting(&fx.pki, ServerCert::Expired, fx.server.port).await;
        let client = fx.client_for(&proxy.url());
        let reason = stopped(&client).await;
        assert!(
            reason.starts_with(
                "Il certificato del server non è valido per 127.0.0.1: il certificato è scaduto"
            ),
            "{reason}"
        );
        assert!(
            proxy.connections() <= 4,
            "{} connections",
            proxy.connections()
        );
        let report = client.test().await;
        let ok: Vec<_> = report.steps.iter().map(|s| s.ok).collect();
        assert_eq!(
            ok,
            [true, false, false, false, false, false, false],
            "{report:#?}"
        );
    });
}

#[test]
fn wrong_password_stops_and_never_leaks() {
    let fx = Fixture::start();
    let secret = "Segreto-Che-Non-Deve-Apparire-42";
    runtime().block_on(async {
        let config = fx.config_for(&fx.server.url());
        let client = Client::with_tuning(&config, Sensitive::new(secret.into()), fast_tuning())
            .expect("client");
        let reason = stopped(&client).await;
        assert_eq!(
            reason,
            "Password errata o utente non autorizzato sul server documentale: controllare le impostazioni del server."
        );
        // Apache writes a request's line after its answer: wait for the refusals' lines.
        let log = fx.server.access_log_with("\" 401 ");
        let unauthorized = log.lines().filter(|l| l.contains("\" 401 ")).count();
        assert!((1..=4).contains(&unauthorized), "{unauthorized} x 401:\n{log}");
        assert_eq!(log.lines().count(), unauthorized, "only refused requests:\n{log}");

        // The password is nowhere: not in Debug, errors, the server's logs.
        let err = client
            .upload("archive/x.txt", b"x".to_vec(), atti_sync::Check::Length)
            .await
            .expect_err("401");
        assert!(matches!(err, SyncError::Credentials) && err.needs_attention());
        let shown = format!(
            "{client:?} {err:?} {err} {:?} {}",
            config,
            fx.server.error_log()
        );
        assert!(shown.contains("<redacted>"), "{shown}");
        for text in [shown, fx.server.access_log()] {
            assert!(!text.contains(secret), "password leaked: {text}");
        }
    });
}

#[test]
fn http_is_refused_in_italian() {
    let config = ServerConfig {
        base_url: "http://documenti.comune.example.it/dav/".into(),
        user: "protocollo".into(),
        ca_pem: None,
    };
    let err = config.validate().expect_err("http");
    assert!(matches!(err, SyncError::InvalidUrl(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("l'indirizzo deve iniziare con https://"),
        "{err}"
    );
    assert!(Client::new(&config, Sensitive::new("x".into())).is_err());
}
