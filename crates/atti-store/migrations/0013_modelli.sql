-- Modelli: the standard acts of each office (atti-core modello.rs), from which «Nuovo atto»
-- starts. One row per office, kind and name; saving one replaces it, deleting removes it, each
-- with its audit entry. On a real Comune they come from the history of the office's modelli on
-- the document server: `modello_letto` is how far this PC has applied each office's history
-- (never backwards).

CREATE TABLE modello (
    office    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    nome      TEXT NOT NULL CHECK (length(trim(nome)) > 0),
    content   TEXT NOT NULL CHECK (json_valid(content)),
    saved_by  TEXT NOT NULL,
    saved_at  TEXT NOT NULL,
    PRIMARY KEY (office, kind, nome)
) STRICT;

CREATE TABLE modello_letto (
    office  TEXT PRIMARY KEY,
    seq     INTEGER NOT NULL CHECK (seq >= 0),
    head    TEXT NOT NULL
) STRICT;

CREATE TRIGGER modello_letto_forward BEFORE UPDATE OF seq ON modello_letto
WHEN NEW.seq < OLD.seq
BEGIN
    SELECT RAISE(ABORT, 'modello_letto: the history of the modelli is never read backwards');
END;
