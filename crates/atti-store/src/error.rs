use atti_core::ActId;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite said no (locked, full disk, a trigger refusing a change, ...).
    #[error("errore dell'archivio SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The data dir holds a file that is not an Atti archive (not SQLite, or encrypted).
    #[error(
        "il file {0} non è un archivio di Atti (non è un database SQLite): ripristinarlo dalla copia di sicurezza o indicare un'altra cartella dei dati"
    )]
    NotAnArchive(String),
    /// A migration failed.
    #[error("aggiornamento dello schema dell'archivio non riuscito: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// The file was written by a newer Atti.
    #[error(
        "l'archivio è stato creato da una versione più recente di Atti (schema {found}, questa versione conosce fino a {known})"
    )]
    SchemaTooNew {
        /// Version found in the file.
        found: usize,
        /// Latest version this build knows.
        known: usize,
    },
    /// No act with that id.
    #[error("l'atto {0} non esiste")]
    ActNotFound(ActId),
    /// No such version of an act.
    #[error("l'atto {0} non ha la versione {1}")]
    VersionNotFound(ActId, u32),
    /// Someone saved the act after the version this edit started from.
    #[error(
        "l'atto {id} è stato modificato da {by} (versione {current}) dopo la versione {base} da cui parte questa modifica: ricaricare l'atto"
    )]
    Conflict {
        /// The act.
        id: ActId,
        /// The version the edit started from.
        base: u32,
        /// The version now stored.
        current: u32,
        /// Who saved the current version.
        by: String,
    },
    /// The act is adopted: its content cannot change.
    #[error(
        "l'atto {0} è adottato e non può più essere modificato: per correggerlo si adotta un nuovo atto di rettifica"
    )]
    Frozen(ActId),
    /// The act changed state or version since the caller read it.
    #[error("l'atto {0} è cambiato nel frattempo (stato o versione): ricaricarlo e riprovare")]
    Moved(ActId),
    /// Another adoption took the number this one was prepared with.
    #[error(
        "il numero {expected}/{year} è stato appena assegnato a un altro atto: nulla è stato registrato, riprovare"
    )]
    NumberTaken {
        /// The number the document was prepared with.
        expected: u32,
        /// Its year.
        year: i16,
    },
    /// The number a certified copy was printed with was taken meanwhile by another copy.
    #[error(
        "il numero di copia {0} è stato appena usato da un'altra copia: nulla è stato registrato, rilasciarla di nuovo"
    )]
    CopiaNumberTaken(i64),
    /// A draw of the control would cover days an earlier draw covered.
    #[error(
        "il periodo si sovrappone al sorteggio n. {0}: ogni giorno è sorteggiato una volta sola"
    )]
    ControlloOverlap(i64),
    /// No draw with that number.
    #[error("il sorteggio n. {0} non esiste")]
    NoSuchControllo(i64),
    /// The act was not drawn in that draw.
    #[error("l'atto {act} non è tra quelli estratti nel sorteggio n. {controllo}")]
    NotDrawn {
        /// The draw.
        controllo: i64,
        /// The act.
        act: ActId,
    },
    /// The outcome of this check was already given.
    #[error(
        "l'esito del controllo dell'atto {act} (sorteggio n. {controllo}) è già registrato e non cambia"
    )]
    EsitoGiven {
        /// The draw.
        controllo: i64,
        /// The act.
        act: ActId,
    },
    /// No session with that id.
    #[error("la seduta {0} non esiste")]
    NoSuchSeduta(i64),
    /// Another fact of the session was recorded since the caller read it.
    #[error("la seduta {0} è cambiata nel frattempo: ricaricarla e riprovare")]
    SedutaMoved(i64),
    /// No user with that name.
    #[error("l'utente «{0}» non esiste")]
    UnknownUser(String),
    /// No office with that code.
    #[error("l'ufficio «{0}» non esiste")]
    UnknownOffice(String),
    /// No attachment content with that hash.
    #[error("il contenuto dell'allegato {0} non è nell'archivio")]
    BlobNotFound(String),
    /// The file holds something this build cannot read back.
    #[error("dato non leggibile nell'archivio: {0}")]
    Corrupt(String),
    /// The store has no Comune yet.
    #[error("l'archivio non è inizializzato: non contiene ancora un Comune")]
    NotInitialised,
    /// The store already has a Comune.
    #[error("l'archivio contiene già il {0}")]
    AlreadyInitialised(String),
}
