//! The protocol on WsgiDAV (pip, filesystem provider, TLS, basic auth), the other WebDAV
//! server Comuni run: `server test` passes what it guarantees and refuses it by name for what it
//! lacks (nobody's area is their own there); an act's events go and come back in order, two
//! PCs racing for one slot 50 times lose nothing, and a PC that died holding a slot blocks
//! nobody past its timeout.

use atti_core::Sensitive;
use atti_sync::history::{Appended, Envelope, NO_PREV};
use atti_sync::testkit::{Inspector, Pki, WsgiDav, fast_tuning};
use atti_sync::{Client, ServerConfig};

use crate::runtime;

fn client(pki: &Pki, server: &WsgiDav, base: &str, user: &str) -> Client {
    let config = ServerConfig {
        base_url: format!("{}{base}", server.url()),
        user: user.into(),
        ca_pem: Some(pki.ca_bytes()),
    };
    Client::with_tuning(&config, Sensitive::new(format!("pw-{user}")), fast_tuning())
        .expect("client")
}

#[test]
fn wsgidav_is_tested_step_by_step_and_refused_for_the_users_areas_it_lacks() {
    let tmp = tempfile::tempdir().expect("tmp");
    let pki = Pki::create(tmp.path());
    let server = WsgiDav::start(
        &pki,
        &[("g.bianchi", "pw-g.bianchi"), ("m.rossi", "pw-m.rossi")],
    );
    runtime().block_on(async {
        let report = client(&pki, &server, "", "g.bianchi").test().await;
        let ok: Vec<_> = report.steps.iter().map(|s| s.ok).collect();
        // Reachable (one TCP connection, closed at once), TLS, credentials, writing, MKCOL
        // once, create-only PUT: all there; the users' own areas are not.
        assert_eq!(
            ok,
            [true, true, true, true, true, true, false],
            "{report:#?}"
        );
        assert!(
            report.steps[6]
                .message
                .starts_with("Il server lascia scrivere nell'area di un altro utente"),
            "{report:#?}"
        );

        // The history itself works there: two users' events, in order, checked.
        let a = client(&pki, &server, "archive/", "g.bianchi");
        let b = client(&pki, &server, "archive/", "m.rossi");
        let uid = "g.bianchi-0001";
        let mut head = NO_PREV.to_string();
        for (seq, (who, by)) in [(&a, "g.bianchi"), (&b, "m.rossi"), (&a, "g.bianchi")]
            .into_iter()
            .enumerate()
        {
            let seq = seq as u64 + 1;
            let envelope = Envelope {
                atto: uid.into(),
                seq,
                prev: head.clone(),
                autore: by.into(),
                evento: serde_json::json!({ "passo": seq }),
            };
            assert_eq!(
                who.append(&envelope).await.expect("append"),
                Appended::Ours { seq }
            );
            head = envelope.file().expect("file").1;
        }
        let h = b.history(uid, 1, NO_PREV).await.expect("history");
        assert_eq!(h.events.len(), 3, "{h:?}");
        assert!(h.problems.is_empty(), "{:?}", h.problems);
        assert_eq!(h.head, head);
        assert_eq!(h.events[1].envelope.autore, "m.rossi");
    });
}

#[test]
fn on_wsgidav_races_and_a_dead_pc_lose_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let pki = Pki::create(tmp.path());
    let users = [
        ("m.rossi", "pw-m.rossi"),
        ("a.bruno", "pw-a.bruno"),
        ("g.bianchi", "pw-g.bianchi"),
    ];
    let server = WsgiDav::start(&pki, &users);
    let rossi = client(&pki, &server, "archive/", "m.rossi");
    let bruno = client(&pki, &server, "archive/", "a.bruno");
    let bianchi = client(&pki, &server, "archive/", "g.bianchi");
    let inspector = Inspector::new(&server.url(), &pki, "m.rossi", "pw-m.rossi");
    runtime().block_on(async {
        crate::shared_iter::race(&rossi, &bruno).await;
        crate::shared_iter::dead_pc(&bianchi, &rossi, &inspector, "archive/").await;
    });
}
