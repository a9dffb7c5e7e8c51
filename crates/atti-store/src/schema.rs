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
}
