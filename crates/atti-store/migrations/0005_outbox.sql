-- Sync to the municipal document server: the outbox of archival packages (one per signed
-- act), each file of a package with its state, and the numbers claimed on the server
-- register before an adoption.

CREATE TABLE outbox_package (
    id          INTEGER PRIMARY KEY,
    act_id      INTEGER NOT NULL UNIQUE REFERENCES act(id),
    remote_dir  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
) STRICT;

-- state: 'in-coda' (to send), 'verificato' (on the server, checked), 'conflitto' (the
-- server has a different file at that path: never overwritten), 'attenzione' (the clerk
-- must act: credentials, certificate).
CREATE TABLE outbox_item (
    id           INTEGER PRIMARY KEY,
    package_id   INTEGER NOT NULL REFERENCES outbox_package(id),
    remote_path  TEXT NOT NULL UNIQUE,
    sha256       TEXT NOT NULL REFERENCES blob(sha256),
    size         INTEGER NOT NULL,
    signed       INTEGER NOT NULL CHECK (signed IN (0, 1)),
    last         INTEGER NOT NULL CHECK (last IN (0, 1)),
    state        TEXT NOT NULL DEFAULT 'in-coda'
                 CHECK (state IN ('in-coda', 'verificato', 'conflitto', 'attenzione')),
    detail       TEXT,
    updated_at   TEXT NOT NULL
) STRICT;

CREATE INDEX outbox_item_state ON outbox_item (state);

-- What is sent never changes; only its state moves, and a verified file stays verified.
CREATE TRIGGER outbox_item_fixed BEFORE UPDATE OF package_id, remote_path, sha256, size, signed, last
ON outbox_item
BEGIN
    SELECT RAISE(ABORT, 'outbox: a queued file never changes');
END;
CREATE TRIGGER outbox_item_verified_stays BEFORE UPDATE OF state ON outbox_item
WHEN OLD.state = 'verificato' AND NEW.state != 'verificato'
BEGIN
    SELECT RAISE(ABORT, 'outbox: a verified file stays verified');
END;
CREATE TRIGGER outbox_item_no_delete BEFORE DELETE ON outbox_item
BEGIN
    SELECT RAISE(ABORT, 'outbox: a queued file is never removed');
END;

-- A number claimed on the server register for an act, kept until the adoption records it
-- (so a retry after a failure reuses it: no gaps).
CREATE TABLE registro_claim (
    kind        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    act_id      INTEGER NOT NULL REFERENCES act(id),
    claimed_at  TEXT NOT NULL,
    PRIMARY KEY (kind, year, number)
) STRICT;
