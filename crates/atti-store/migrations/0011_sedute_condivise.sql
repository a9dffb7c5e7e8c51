-- The sessions through the Comune's document server (docs/sedute.md, «Many PCs»): a session is
-- run on the PC that convened it and seen on every other. Here: how many of its facts the
-- server has (sent by the PC that runs it, or applied here from it), the place in the
-- server's history and the SHA-256 of the last one's file, and whether it is run elsewhere
-- (then this PC only reads it).

CREATE TABLE seduta_condivisa (
    seduta_id   INTEGER PRIMARY KEY REFERENCES seduta(id),
    sul_server  INTEGER NOT NULL CHECK (sul_server >= 0),
    slot        INTEGER NOT NULL CHECK (slot >= 0),
    head        TEXT NOT NULL,
    altrove     INTEGER NOT NULL CHECK (altrove IN (0, 1))
) STRICT;

CREATE TRIGGER seduta_condivisa_forward BEFORE UPDATE OF sul_server, slot ON seduta_condivisa
WHEN NEW.sul_server < OLD.sul_server OR NEW.slot < OLD.slot
BEGIN
    SELECT RAISE(ABORT, 'seduta_condivisa: the facts on the server are never fewer');
END;

CREATE TRIGGER seduta_condivisa_fixed BEFORE UPDATE OF seduta_id, altrove ON seduta_condivisa
BEGIN
    SELECT RAISE(ABORT, 'seduta_condivisa: where a session is run never changes');
END;

CREATE TRIGGER seduta_condivisa_no_delete BEFORE DELETE ON seduta_condivisa
BEGIN
    SELECT RAISE(ABORT, 'seduta_condivisa: a shared session stays shared');
END;
