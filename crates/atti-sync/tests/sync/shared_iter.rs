//! The shared iter's protocol on a real Apache mod_dav over TLS, one account per user, the
//! per-user areas enforced by the server (testkit/httpd-webdav.conf, as docs/apache-atti.conf):
//! events appended and read back in order; two PCs racing for one slot, 50 times: one wins
//! each time, nothing lost or duplicated; a PC that dies after claiming a slot blocks nobody
//! longer than the slot's timeout; an event forged, edited or removed on the server is refused
//! and named.

use std::time::Duration;

use atti_sync::history::{Appended, Envelope, History, NO_PREV};
use atti_sync::index::{Change, IndexMark};
use atti_sync::testkit::{Fixture, Inspector};
use atti_sync::{Client, SyncError};

use crate::runtime;

fn envelope(uid: &str, seq: u64, prev: &str, user: &str, what: &str) -> Envelope {
    Envelope {
        atto: uid.into(),
        seq,
        prev: prev.into(),
        autore: user.into(),
        evento: serde_json::json!({ "passo": what }),
    }
}

/// Appends `what` as `user` at the end of the act's history, re-reading after each slot lost.
async fn append_at_end(client: &Client, uid: &str, user: &str, what: &str) -> (u64, u32) {
    let mut lost = 0;
    loop {
        let h = settled(client, uid).await;
        let e = envelope(uid, h.next_seq, &h.head, user, what);
        match client.append(&e).await.expect("append") {
            Appended::Ours { seq } => return (seq, lost),
            Appended::Taken => lost += 1,
        }
    }
}

/// The history once no slot is pending (a pending slot is decided or void within the
/// slot's timeout, by the server's clock: this waits for that, never for a fixed time).
async fn settled(client: &Client, uid: &str) -> History {
    let limit = client.tuning().slot_timeout * 10 + Duration::from_secs(10);
    let started = std::time::Instant::now();
    loop {
        let h = client.history(uid, 1, NO_PREV).await.expect("history");
        if !h.pending {
            return h;
        }
        assert!(
            started.elapsed() < limit,
            "slot still pending after {limit:?}: {h:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn steps(h: &History) -> Vec<String> {
    h.events
        .iter()
        .map(|e| {
            format!(
                "{}:{}",
                e.envelope.autore,
                e.envelope.evento["passo"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn events_are_appended_in_order_and_read_back_checked() {
    let fx = Fixture::start();
    let a = fx.user_client("g.bianchi");
    let b = fx.user_client("m.rossi");
    runtime().block_on(async {
        let uid = "g.bianchi-0001";
        let empty = a.history(uid, 1, NO_PREV).await.expect("history");
        assert_eq!(
            (empty.events.len(), empty.next_seq, empty.pending),
            (0, 1, false)
        );
        append_at_end(&a, uid, "g.bianchi", "crea").await;
        append_at_end(&a, uid, "g.bianchi", "invia").await;
        append_at_end(&b, uid, "m.rossi", "restituisci").await;
        let h = b.history(uid, 1, NO_PREV).await.expect("history");
        assert_eq!(
            steps(&h),
            ["g.bianchi:crea", "g.bianchi:invia", "m.rossi:restituisci"]
        );
        assert!(h.problems.is_empty(), "{:?}", h.problems);
        assert_eq!(h.next_seq, 4);
        // Read from where a PC left off: only what is new.
        let later = a
            .history(uid, 3, &h.events[1].sha256)
            .await
            .expect("history");
        assert_eq!(steps(&later), ["m.rossi:restituisci"]);
        // Appending again the same event (a PC that died before recording it) finds it done.
        let again = b.append(&h.events[2].envelope).await.expect("append");
        assert_eq!(again, Appended::Ours { seq: 3 });
        assert_eq!(
            b.history(uid, 1, NO_PREV)
                .await
                .expect("history")
                .events
                .len(),
            3
        );
    });
}

#[test]
fn of_two_pcs_taking_one_slot_at_once_one_wins_every_time() {
    let fx = Fixture::start();
    let a = fx.user_client("m.rossi");
    let b = fx.user_client("a.bruno");
    runtime().block_on(race(&a, &b));
}

/// 50 rounds of `a` (m.rossi) and `b` (a.bruno) appending to one act at the same moment: two
/// events never share a slot, each is in the history exactly once, and slots were lost.
pub(crate) async fn race(a: &Client, b: &Client) {
    let uid = "g.bianchi-0002";
    let mut lost = 0;
    for round in 0..50 {
        let (adotta, restituisci) = (format!("adotta {round}"), format!("restituisci {round}"));
        let (ra, rb) = tokio::join!(
            append_at_end(a, uid, "m.rossi", &adotta),
            append_at_end(b, uid, "a.bruno", &restituisci),
        );
        assert_ne!(ra.0, rb.0, "two events in one slot");
        lost += ra.1 + rb.1;
    }
    let h = a.history(uid, 1, NO_PREV).await.expect("history");
    assert!(h.problems.is_empty(), "{:?}", h.problems);
    assert_eq!(h.events.len(), 100, "each event exactly once");
    for round in 0..50 {
        for step in [
            format!("m.rossi:adotta {round}"),
            format!("a.bruno:restituisci {round}"),
        ] {
            assert_eq!(
                steps(&h).iter().filter(|s| **s == step).count(),
                1,
                "{step}"
            );
        }
    }
    // The races happened: slots were lost and taken again.
    assert!(lost > 0, "no race in 50 rounds");
}

#[test]
fn a_slot_claimed_by_a_pc_that_died_is_void_after_its_timeout() {
    let fx = Fixture::start();
    let a = fx.user_client("g.bianchi");
    let b = fx.user_client("m.rossi");
    let inspector = fx.inspector();
    runtime().block_on(dead_pc(&a, &b, &inspector, "archive/"));
}

/// PC B claims a slot and dies before its decision (`inspector` makes the folder, under
/// `base`): the slot is pending, then void within its timeout by the server's clock, and A's
/// step goes on at the next slot.
pub(crate) async fn dead_pc(a: &Client, b: &Client, inspector: &Inspector, base: &str) {
    let uid = "g.bianchi-0003";
    append_at_end(a, uid, "g.bianchi", "crea").await;
    inspector.mkcol(&format!("{base}iter/{uid}/2/")).await;
    let h = a.history(uid, 1, NO_PREV).await.expect("history");
    assert!(h.pending, "{h:?}");
    assert_eq!(h.next_seq, 2);
    let taken = a
        .append(&envelope(uid, 2, &h.head, "g.bianchi", "invia"))
        .await
        .expect("append");
    assert_eq!(taken, Appended::Taken);
    let (seq, _) = append_at_end(a, uid, "g.bianchi", "invia").await;
    assert_eq!(seq, 3);
    let h = b.history(uid, 1, NO_PREV).await.expect("history");
    assert_eq!(steps(&h), ["g.bianchi:crea", "g.bianchi:invia"]);
    assert!(h.problems.is_empty(), "{:?}", h.problems);
}

#[test]
fn an_event_forged_edited_or_removed_on_the_server_is_refused_and_named() {
    let fx = Fixture::start();
    let a = fx.user_client("g.bianchi");
    let b = fx.user_client("m.rossi");
    runtime().block_on(async {
        // Nobody writes into another's area: the server refuses it.
        let forged = envelope("g.bianchi-0004", 1, NO_PREV, "g.bianchi", "crea");
        let err = b
            .upload(
                "utenti/g.bianchi/eventi/falso.json",
                forged.file().expect("file").0,
                atti_sync::Check::Sha256,
            )
            .await
            .expect_err("forbidden");
        assert!(matches!(err, SyncError::Forbidden), "{err:?}");
        // Nor appends an event in someone else's name.
        assert!(b.append(&forged).await.is_err());

        // An event in its author's area that claims to be by another: refused.
        let uid = "g.bianchi-0005";
        append_at_end(&a, uid, "g.bianchi", "crea").await;
        let h = a.history(uid, 1, NO_PREV).await.expect("history");
        let claim = envelope(uid, 2, &h.head, "g.bianchi", "ritira");
        let (bytes, sha) = claim.file().expect("file");
        b.upload(
            &format!("utenti/m.rossi/eventi/{sha}.json"),
            bytes,
            atti_sync::Check::Sha256,
        )
        .await
        .expect("own area");
        let inspector = fx.inspector();
        inspector.mkcol(&format!("archive/iter/{uid}/2/")).await;
        inspector
            .mkcol(&format!("archive/iter/{uid}/2.m.rossi.{sha}/"))
            .await;
        let h = a.history(uid, 1, NO_PREV).await.expect("history");
        assert_eq!(steps(&h), ["g.bianchi:crea"]);
        assert!(
            h.problems[0].contains("dice di essere di g.bianchi, ma sta nell'area di m.rossi"),
            "{:?}",
            h.problems
        );

        // An event edited on the server, then removed: refused, named.
        let uid = "g.bianchi-0006";
        append_at_end(&a, uid, "g.bianchi", "crea").await;
        append_at_end(&b, uid, "m.rossi", "adotta").await;
        let h = a.history(uid, 1, NO_PREV).await.expect("history");
        assert_eq!(steps(&h), ["g.bianchi:crea", "m.rossi:adotta"]);
        let file = fx.server.data_dir().join(format!(
            "archive/utenti/m.rossi/eventi/{}.json",
            h.events[1].sha256
        ));
        let text = std::fs::read_to_string(&file).expect("event file");
        std::fs::write(&file, text.replace("adotta", "respingi")).expect("edit");
        let edited = a.history(uid, 1, NO_PREV).await.expect("history");
        assert_eq!(steps(&edited), ["g.bianchi:crea"]);
        assert!(
            edited.problems[0].contains("è stato modificato"),
            "{:?}",
            edited.problems
        );
        std::fs::remove_file(&file).expect("remove");
        let removed = a.history(uid, 1, NO_PREV).await.expect("history");
        assert_eq!(steps(&removed), ["g.bianchi:crea"]);
        assert!(
            removed.problems[0].contains("non c'è più"),
            "{:?}",
            removed.problems
        );

        // An event out of its chain (prev of another act):
        let uid = "g.bianchi-0007";
        let wrong = envelope(uid, 1, &h.events[0].sha256, "g.bianchi", "crea");
        a.append(&wrong).await.expect("append");
        let h4 = b.history(uid, 1, NO_PREV).await.expect("history");
        assert!(h4.events.is_empty());
        assert!(
            h4.problems[0].contains("catena interrotta"),
            "{:?}",
            h4.problems
        );
    });
}

#[test]
fn the_index_says_what_changed_since_a_pc_last_looked() {
    let fx = Fixture::start();
    let a = fx.user_client("g.bianchi");
    let b = fx.user_client("m.rossi");
    let c = fx.user_client("a.verdi");
    runtime().block_on(async {
        let record = |client: &'static str, who: &Client| {
            let who = who.clone();
            async move {
                for seq in 1..=50 {
                    who.index_append(&format!("{client}-atto"), seq)
                        .await
                        .expect("index");
                }
            }
        };
        // Three PCs record 150 changes at once, past the first hundred of the day.
        tokio::join!(record("pca", &a), record("pcb", &b), record("pcc", &c));
        let all = c.index_since(&IndexMark::default()).await.expect("index");
        assert_eq!(all.changes.len(), 150, "{:?}", all.changes);
        for pc in ["pca", "pcb", "pcc"] {
            let seqs: Vec<u64> = all
                .changes
                .iter()
                .filter(|ch| ch.uid == format!("{pc}-atto"))
                .map(|ch| ch.seq)
                .collect();
            assert_eq!(seqs, (1..=50).collect::<Vec<_>>(), "{pc}");
        }
        // A PC that has looked learns only what is new, in a few requests.
        b.index_append("pcb-altro", 1).await.expect("index");
        let new = c.index_since(&all.mark).await.expect("index");
        assert_eq!(
            new.changes,
            [Change {
                uid: "pcb-altro".into(),
                seq: 1
            }]
        );
        assert!(new.requests <= 4, "{} requests", new.requests);
        assert!(
            new.requests < all.requests,
            "{} vs {}",
            new.requests,
            all.requests
        );
        let none = c.index_since(&new.mark).await.expect("index");
        assert!(none.changes.is_empty(), "{:?}", none.changes);
    });
}
