//! Tampering with the SQLite file directly (triggers dropped first, as an attacker with
//! the sqlite3 shell would) is caught by `atti audit verify`, which names the first broken
//! entry.

use crate::support::DataDir;

fn tampered(sql: &str) -> String {
    let d = DataDir::toured();
    d.ok(&["audit", "verify"]);
    let conn = rusqlite::Connection::open(d.db()).expect("open");
    conn.execute_batch(
        "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;
         DROP TRIGGER act_version_no_update; DROP TRIGGER act_frozen_identity;
         DROP TRIGGER registro_only_annul;",
    )
    .expect("drop triggers");
    conn.execute_batch(sql).expect("tamper");
    drop(conn);
    d.fails(&["audit", "verify"])
}

#[test]
fn an_edited_entry_is_named() {
    let msg = tampered("UPDATE audit SET actor = 'mallory' WHERE seq = 5");
    assert!(
        msg.contains("voce 5: il contenuto è stato alterato"),
        "{msg}"
    );
}

#[test]
fn a_deleted_entry_is_named() {
    let msg = tampered("DELETE FROM audit WHERE seq = 7");
    assert!(msg.contains("voce 8: attesa la voce 7"), "{msg}");
}

#[test]
fn reordered_entries_are_caught() {
    let msg = tampered(
        "UPDATE audit SET seq = -1 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4;
         UPDATE audit SET seq = 4 WHERE seq = -1;",
    );
    assert!(msg.contains("voce 3"), "{msg}");
}

#[test]
fn removing_the_last_entries_is_caught() {
    let msg = tampered("DELETE FROM audit WHERE seq >= (SELECT max(seq) - 1 FROM audit)");
    assert!(
        msg.contains("non risulta dal registro delle operazioni"),
        "{msg}"
    );
}

#[test]
fn a_forged_outcome_of_the_control_is_caught() {
    let msg = tampered(
        "DROP TRIGGER controllo_atto_once;
         UPDATE controllo_atto SET esito = 'irregolare', note = 'falso'",
    );
    assert!(
        msg.contains("l'esito del controllo dell'atto 1 nel sorteggio n. 1 non risulta"),
        "{msg}"
    );
}

#[test]
fn an_edited_version_is_caught() {
    let msg = tampered(
        "UPDATE act_version SET content = replace(content, 'Verde Srl', 'Rossi Srl') WHERE act_id = 1",
    );
    assert!(msg.contains("è stato alterato"), "{msg}");
}

#[test]
fn a_forged_state_is_caught() {
    let msg = tampered("UPDATE act SET state = 'annullata' WHERE id = 4");
    assert!(
        msg.contains("lo stato «annullata» dell'atto 4 non risulta"),
        "{msg}"
    );
}

#[test]
fn a_renumbered_act_is_caught() {
    let msg = tampered("UPDATE registro SET number = 99 WHERE act_id = 1");
    assert!(msg.contains("il numero 99/"), "{msg}");
}

#[test]
fn a_swapped_signed_document_is_caught() {
    // The signed delibera replaced by its unsigned original, behind the triggers' back.
    let msg = tampered(
        "DROP TRIGGER signed_file_no_update;
         UPDATE signed_file SET sha256 = (SELECT sha256 FROM document
             WHERE act_id = 2 AND variant = 'originale')
         WHERE act_id = 2 AND part = 'atto' AND seq = 2",
    );
    assert!(
        msg.contains("la firma digitale n. 2 (atto) dell'atto 2 non risulta"),
        "{msg}"
    );
}

#[test]
fn the_triggers_refuse_changes_to_adopted_acts() {
    let d = DataDir::toured();
    let conn = rusqlite::Connection::open(d.db()).expect("open");
    for sql in [
        "INSERT INTO act_version (act_id, version, content, content_sha256, saved_at, saved_by)
         SELECT act_id, version + 1, content, content_sha256, saved_at, saved_by FROM act_version
         WHERE act_id = 1 ORDER BY version DESC LIMIT 1",
        "UPDATE act SET current_version = 1 WHERE id = 1",
        "UPDATE act SET frozen = 0 WHERE id = 1",
        "DELETE FROM act WHERE id = 1",
        "DELETE FROM registro WHERE act_id = 1",
        "UPDATE registro SET number = 2 WHERE act_id = 1",
        "DELETE FROM audit",
        "UPDATE parere SET esito = 'non-favorevole'",
        "DELETE FROM signature",
        // Signed documents, their bytes, and what is queued for the archive.
        "UPDATE signed_file SET sha256 = (SELECT sha256 FROM blob LIMIT 1)",
        "DELETE FROM signed_file",
        "UPDATE blob SET data = x'00' WHERE sha256 IN (SELECT sha256 FROM signed_file)",
        "DELETE FROM blob WHERE sha256 IN (SELECT sha256 FROM signed_file)",
        "UPDATE outbox_item SET remote_path = 'altro.pdf'",
        "DELETE FROM outbox_item",
    ] {
        assert!(conn.execute(sql, []).is_err(), "SQLite accepted: {sql}");
    }
    drop(conn);
    d.ok(&["audit", "verify"]);
}
