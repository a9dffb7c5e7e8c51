-- The first schema: the Comune, its offices and users, acts with every saved version,
-- attachment content by SHA-256, and full-text search.

CREATE TABLE comune (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;

CREATE TABLE office (
    code  TEXT PRIMARY KEY,
    name  TEXT NOT NULL
) STRICT;

CREATE TABLE user (
    username        TEXT PRIMARY KEY,
    full_name       TEXT NOT NULL,
    role            TEXT NOT NULL,
    office          TEXT REFERENCES office(code),
    codice_fiscale  TEXT
) STRICT;

CREATE TABLE act (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    state            TEXT NOT NULL,
    office           TEXT NOT NULL REFERENCES office(code),
    proposal_year    INTEGER NOT NULL,
    proposal_seq     INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL REFERENCES user(username),
    current_version  INTEGER NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (office, proposal_year, proposal_seq)
) STRICT;

CREATE INDEX act_by_update ON act(updated_at DESC);

-- Every save of an act is a new row; rows are never changed or removed.
CREATE TABLE act_version (
    act_id          INTEGER NOT NULL REFERENCES act(id),
    version         INTEGER NOT NULL,
    content         TEXT NOT NULL,
    content_sha256  TEXT NOT NULL,
    saved_at        TEXT NOT NULL,
    saved_by        TEXT NOT NULL REFERENCES user(username),
    PRIMARY KEY (act_id, version)
) STRICT;

CREATE TRIGGER act_version_no_update BEFORE UPDATE ON act_version
BEGIN
    SELECT RAISE(ABORT, 'act_version is append-only: a saved version never changes');
END;

CREATE TRIGGER act_version_no_delete BEFORE DELETE ON act_version
BEGIN
    SELECT RAISE(ABORT, 'act_version is append-only: a saved version is never removed');
END;

-- Attachment content, by its SHA-256. Names live in the act's content, never here.
CREATE TABLE blob (
    sha256  TEXT PRIMARY KEY,
    size    INTEGER NOT NULL,
    data    BLOB NOT NULL
) STRICT;

-- rowid = act.id; the current version's oggetto and body text.
CREATE VIRTUAL TABLE act_fts USING fts5(
    oggetto,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
