//! Migrations: append-only SQL files in `migrations/`, one transaction each. Never edit a
//! file that has shipped; add the next one.

use crate::StoreError;
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_initial.sql")),
    M::up(include_str!("../migrations/0002_iter.sql")),
    M::up(include_str!("../migrations/0003_documents.sql")),
    M::up(include_str!("../migrations/0004_signatures.sql")),
    M::up(include_str!("../migrations/0005_outbox.sql")),
    M::up(include_str!("../migrations/0006_controllo.sql")),
    M::up(include_str!("../migrations/0007_controllo_impegno.sql")),
    M::up(include_str!("../migrations/0008_parere_firmato.sql")),
    M::up(include_str!("../migrations/0009_iter_condiviso.sql")),
    M::up(include_str!("../migrations/0010_sedute.sql")),
    M::up(include_str!("../migrations/0011_sedute_condivise.sql")),
    M::up(include_str!("../migrations/0012_duplicato.sql")),
    M::up(include_str!("../migrations/0013_modelli.sql")),
    M::up(include_str!("../migrations/0014_ricerca.sql")),
    M::up(include_str!("../migrations/0015_copia_pdf.sql")),
    M::up(include_str!("../migrations/0016_albo.sql")),
    M::up(include_str!("../migrations/0017_attestazioni.sql")),
    M::up(include_str!("../migrations/0018_notifiche.sql")),
    M::up(include_str!("../migrations/0019_archiviazione.sql")),
    M::up(include_str!("../migrations/0020_pagamenti.sql")),
    M::up(include_str!("../migrations/0021_inbox.sql")),
    M::up(include_str!("../migrations/0022_ricerca_prefissi.sql")),
    M::up(include_str!("../migrations/0023_righe_per_atto.sql")),
];

pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let current = usize::try_from(current).unwrap_or(usize::MAX);
    if current > MIGRATIONS.len() {
        return Err(StoreError::SchemaTooNew {
            found: current,
            known: MIGRATIONS.len(),
        });
    }
    Migrations::from_slice(MIGRATIONS).to_latest(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(Migrations::from_slice(MIGRATIONS).validate().is_ok());
    }

    #[test]
    fn the_search_index_made_again_with_prefixes_keeps_every_row_and_word() {
        let mut conn = Connection::open_in_memory().expect("open");
        Migrations::from_slice(&MIGRATIONS[..21])
            .to_latest(&mut conn)
            .expect("up to 0021");
        conn.execute(
            "INSERT INTO act_fts (rowid, oggetto, body) VALUES (7, 'Contributo alla Pro Loco', 'per la sagra')",
            [],
        )
        .expect("row");
        migrate(&mut conn).expect("0022");
        let found: i64 = conn
            .query_row(
                "SELECT rowid FROM act_fts WHERE act_fts MATCH '\"pro\"* AND \"sagr\"*'",
                [],
                |r| r.get(0),
            )
            .expect("found");
        assert_eq!(found, 7);
        let words: Vec<String> = conn
            .prepare("SELECT term FROM act_word ORDER BY term")
            .expect("words")
            .query_map([], |r| r.get(0))
            .expect("words")
            .collect::<Result<_, _>>()
            .expect("words");
        assert_eq!(
            words,
            ["alla", "contributo", "la", "loco", "per", "pro", "sagra"]
        );
    }

    #[test]
    fn every_row_of_an_act_is_found_by_index() {
        // Each table with an `act_id` column finds an act's rows by index: act_id is its
        // rowid, or the first column of an index. A table that scans would make every read of
        // an act slower with each year of the archive.
        let mut conn = Connection::open_in_memory().expect("open");
        migrate(&mut conn).expect("schema");
        let tables: Vec<String> = conn
            .prepare(
                "SELECT m.name FROM sqlite_master m
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
                   AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'act_id')
                 ORDER BY m.name",
            )
            .expect("tables")
            .query_map([], |r| r.get(0))
            .expect("tables")
            .collect::<Result<_, _>>()
            .expect("tables");
        assert!(tables.len() >= 20, "{tables:?}");
        for table in tables {
            let plan: String = conn
                .query_row(
                    &format!("EXPLAIN QUERY PLAN SELECT * FROM \"{table}\" WHERE act_id = 1"),
                    [],
                    |r| r.get(3),
                )
                .expect("plan");
            assert!(
                plan.starts_with("SEARCH"),
                "{table}: «{plan}» (manca un indice su act_id)"
            );
        }
    }
}
