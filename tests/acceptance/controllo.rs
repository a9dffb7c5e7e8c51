//! The later control of administrative regularity (TUEL art. 147-bis), through atti-app on a
//! real SQLite file with a clock that moves day by day: twelve determinazioni adopted on
//! twelve days, the segretario draws 20% of those of a period, the draw is redone here from
//! its public terms with an independent SHA-256, the outcomes are recorded once, and nothing
//! can be drawn twice or changed afterwards.

use atti_app::{Atti, ErrorCode, FixedClock};
use atti_core::ActKind;
use atti_core::controllo::EsitoControllo;
use atti_core::iter::Action;
use sha2::{Digest, Sha256};

/// 10:00 in Rome on `day` days after 2 March 2026.
fn at(day: i64) -> jiff::Timestamp {
    let start: jiff::Timestamp = "2026-03-02T09:00:00Z".parse().expect("timestamp");
    start + jiff::SignedDuration::from_hours(24 * day)
}

fn open(dir: &std::path::Path, day: i64, user: &str) -> Atti {
    let mut atti = Atti::open_with_clock(dir, Box::new(FixedClock(at(day)))).expect("open");
    atti.switch_user(user).expect("user");
    atti
}

#[test]
fn the_segretario_draws_a_reproducible_sample_and_records_each_outcome_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut atti = Atti::open_with_clock(dir.path(), Box::new(FixedClock(at(0)))).expect("open");
    atti.init_demo().expect("demo");
    drop(atti);

    // Before the periods end, the segretario commits to the seed: only its SHA-256 is kept
    // (so nobody can try seeds later until one gives a convenient sample).
    let seed = "Lotto 14/03/2026 ruota di Bari 12 45 67 3 89";
    {
        let mut atti = open(dir.path(), 0, "dirigente");
        let err = atti
            .controllo_commit(ActKind::Determinazione, "2026-03-02", "2026-03-11", seed)
            .expect_err("dirigente");
        assert_eq!(err.code, ErrorCode::Forbidden, "{err}");
        atti.switch_user("segretario").expect("segretario");
        let err = atti
            .controllo_commit(ActKind::Determinazione, "2026-03-02", "2026-03-11", "breve")
            .expect_err("short seed");
        assert_eq!(err.fields[0].field, "seed", "{err}");
        let impegno = atti
            .controllo_commit(ActKind::Determinazione, "2026-03-02", "2026-03-11", seed)
            .expect("commit");
        assert_eq!(impegno.seed_sha256, hex::encode(Sha256::digest(seed)));
        assert!(!impegno.drawn);
        atti.controllo_commit(ActKind::Determinazione, "2026-03-12", "2026-03-13", seed)
            .expect("the next period");
        let generated = atti.controllo_seed_new().expect("a new seed");
        assert_eq!(generated.len(), 24, "{generated}");
        assert_ne!(generated, atti.controllo_seed_new().expect("another"));
    }
    let file = std::fs::read(dir.path().join("atti.sqlite3")).expect("db");
    assert!(
        !file.windows(seed.len()).any(|w| w == seed.as_bytes()),
        "the seed is not in the file before the draw"
    );
    // One determinazione adopted on each of twelve days: numbers 1/2026 .. 12/2026.
    let mut ids = Vec::new();
    for day in 0..12 {
        let mut atti = open(dir.path(), day, "istruttore");
        let mut act = atti
            .act_create(
                ActKind::Determinazione,
                &format!("Acquisto n. {} di materiale di cancelleria", day + 1),
                None,
            )
            .expect("create");
        act.dispositivo = vec![atti_core::DispositivoPoint {
            text: "di acquistare il materiale".into(),
        }];
        atti.act_save(&act).expect("save");
        let id = act.id.expect("id");
        atti.iter_take(id, Action::Invia, &Default::default())
            .expect("invia");
        atti.switch_user("dirigente").expect("dirigente");
        let pin = atti_core::Sensitive::new(atti_app::DEMO_PIN.to_string());
        atti.sign(id, &pin).expect("adotta");
        ids.push(id);
    }

    // Only the segretario draws; only a period that has ended; the committed seed.
    let mut atti = open(dir.path(), 20, "dirigente");
    let err = atti
        .controllo_draw(
            ActKind::Determinazione,
            "2026-03-02",
            "2026-03-11",
            20,
            seed,
        )
        .expect_err("dirigente");
    assert_eq!(err.code, ErrorCode::Forbidden, "{err}");
    atti.switch_user("segretario").expect("segretario");
    let err = atti
        .controllo_draw(
            ActKind::Determinazione,
            "2026-03-02",
            "2026-03-30",
            20,
            seed,
        )
        .expect_err("not ended");
    assert_eq!(err.fields[0].field, "to", "{err}");
    let err = atti
        .controllo_draw(ActKind::Determinazione, "2026-03-02", "2026-03-11", 20, "7")
        .expect_err("no seed");
    assert_eq!(err.fields[0].field, "seed", "{err}");
    let err = atti
        .controllo_draw(
            ActKind::Determinazione,
            "2026-03-02",
            "2026-03-11",
            20,
            "Lotto 14/03/2026 ruota di Bari 12 45 67 3 88",
        )
        .expect_err("another seed");
    assert_eq!(err.fields[0].field, "seed", "{err}");
    assert!(
        err.message.contains("non è quello impegnato il 02/03/2026"),
        "{err}"
    );
    // A commitment once the period is over is too late.
    let err = atti
        .controllo_commit(ActKind::Determinazione, "2026-03-14", "2026-03-20", seed)
        .expect_err("late");
    assert_eq!(err.fields[0].field, "to", "{err}");

    // The draw: the ten determinazioni adopted from 2 to 11 March, 20% of them.
    let draw = atti
        .controllo_draw(
            ActKind::Determinazione,
            "2026-03-02",
            "2026-03-11",
            20,
            seed,
        )
        .expect("draw");
    let expected_candidates: Vec<String> = (1..=10).map(|n| format!("{n}/2026")).collect();
    assert_eq!(draw.candidates, expected_candidates);
    // Redone here from the public terms: SHA-256 of "seed|number", the two lowest.
    let mut scored: Vec<(String, String)> = draw
        .candidates
        .iter()
        .map(|n| {
            (
                hex::encode(Sha256::digest(format!("{seed}|{n}"))),
                n.clone(),
            )
        })
        .collect();
    scored.sort();
    let mut expected: Vec<String> = scored.into_iter().take(2).map(|(_, n)| n).collect();
    expected.sort_by_key(|n| n.split('/').next().and_then(|x| x.parse::<u32>().ok()));
    let drawn: Vec<String> = draw.acts.iter().map(|a| a.numero.clone()).collect();
    assert_eq!(drawn, expected);
    assert_eq!(draw.checked, 0);

    // No second draw over the same days, no day left out: the next starts on 12 March.
    for from in ["2026-03-08", "2026-03-13"] {
        let err = atti
            .controllo_draw(ActKind::Determinazione, from, "2026-03-13", 20, seed)
            .expect_err("not the day after");
        assert_eq!(err.fields[0].field, "from", "{err}");
        assert!(err.message.contains("deve iniziare il 12/03/2026"), "{err}");
    }
    let next = atti
        .controllo_draw(
            ActKind::Determinazione,
            "2026-03-12",
            "2026-03-13",
            50,
            seed,
        )
        .expect("the next period");
    assert_eq!(next.candidates, ["11/2026", "12/2026"]);
    assert_eq!(next.acts.len(), 1);

    // The drawn acts wait in the segretario's inbox.
    let inbox = atti.inbox().expect("inbox");
    let to_check = inbox
        .iter()
        .find(|g| g.name == "Da controllare (art. 147-bis)")
        .expect("the group of the checks");
    assert_eq!(
        to_check.acts.len(),
        3,
        "two of the first draw, one of the next"
    );
    // Outcomes: a note when not regular; once; only for drawn acts.
    let first = draw.acts[0].act_id;
    let err = atti
        .controllo_esito(draw.id, first, EsitoControllo::Irregolare, " ")
        .expect_err("no note");
    assert_eq!(err.fields[0].field, "note", "{err}");
    let updated = atti
        .controllo_esito(
            draw.id,
            first,
            EsitoControllo::Irregolare,
            "manca l'attestazione dell'assenza di conflitto di interessi",
        )
        .expect("esito");
    assert_eq!(updated.checked, 1);
    let inbox = atti.inbox().expect("inbox");
    assert_eq!(inbox.last().map(|g| g.acts.len()), Some(2));
    assert_eq!(updated.acts[0].esito, Some(EsitoControllo::Irregolare));
    let err = atti
        .controllo_esito(draw.id, first, EsitoControllo::Regolare, "")
        .expect_err("twice");
    assert_eq!(err.code, ErrorCode::NotAllowed, "{err}");
    let not_drawn = ids
        .iter()
        .copied()
        .find(|id| draw.acts.iter().all(|a| a.act_id != *id))
        .expect("an act not drawn");
    let err = atti
        .controllo_esito(draw.id, not_drawn, EsitoControllo::Regolare, "")
        .expect_err("not drawn");
    assert!(err.message.contains("non è tra quelli estratti"), "{err}");
    let err = atti
        .controllo_esito(99, first, EsitoControllo::Regolare, "")
        .expect_err("no such draw");
    assert_eq!(err.code, ErrorCode::NotFound, "{err}");

    // In each drawn act's history, and the audit chain holds.
    let history = atti.act_history(first).expect("history");
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"controllo-sorteggio"), "{actions:?}");
    assert!(actions.contains(&"controllo-esito"), "{actions:?}");
    // Every step has a label a person reads (no bare "copia → ").
    for e in &history {
        assert!(
            !e.label.trim().is_empty() && !e.label.trim_end().ends_with('→'),
            "{}: «{}»",
            e.action,
            e.label
        );
    }
    assert!(
        history
            .iter()
            .any(|e| e.label == "Controllo successivo di regolarità: Irregolare"),
        "{history:?}"
    );
    assert!(atti.audit_verify().expect("audit").broken.is_none());
    drop(atti);

    // SQLite itself refuses to change a draw or an outcome given.
    let conn = rusqlite::Connection::open(dir.path().join("atti.sqlite3")).expect("sqlite");
    for sql in [
        "UPDATE controllo SET seed = 'altro' WHERE id = 1",
        "DELETE FROM controllo_atto WHERE controllo_id = 1",
        "UPDATE controllo_atto SET esito = 'regolare' WHERE esito = 'irregolare'",
        "INSERT INTO controllo (kind, period_from, period_to, percent, seed, candidates, drawn_at, drawn_by)
         VALUES ('determinazione', '2026-03-01', '2026-03-03', 100, 'un altro seme', '[]', 'x', 'segretario')",
        // A draw of a period nobody committed a seed to; a commitment changed or removed.
        "INSERT INTO controllo (kind, period_from, period_to, percent, seed, candidates, drawn_at, drawn_by)
         VALUES ('determinazione', '2026-04-01', '2026-04-30', 100, 'un altro seme', '[]', 'x', 'segretario')",
        "UPDATE controllo_impegno SET seed_sha256 = replace(seed_sha256, 'a', 'b')",
        "DELETE FROM controllo_impegno",
    ] {
        let err = conn.execute(sql, []).expect_err(sql);
        assert!(err.to_string().contains("controllo"), "{sql}: {err}");
    }
}
