-- The sessions of the Giunta and of the Consiglio (docs/sedute.md): a session and its facts
-- in order (convened, items, roll call, arrivals, votes by name, closed), as atti-core's
-- `seduta` module checked them. The facts are append-only: the counts, the quorum and the
-- outcomes are computed from them, never stored apart, and a fact once recorded never changes.

CREATE TABLE seduta (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    organo      TEXT NOT NULL CHECK (organo IN ('giunta', 'consiglio')),
    anno        INTEGER NOT NULL,
    numero      INTEGER NOT NULL CHECK (numero > 0),
    data        TEXT NOT NULL,
    UNIQUE (organo, anno, numero)
) STRICT;

CREATE TRIGGER seduta_fixed BEFORE UPDATE ON seduta
BEGIN
    SELECT RAISE(ABORT, 'seduta: a session once convened keeps its identity');
END;

CREATE TRIGGER seduta_no_delete BEFORE DELETE ON seduta
BEGIN
    SELECT RAISE(ABORT, 'seduta: a session is never deleted');
END;

CREATE TABLE seduta_evento (
    seduta_id   INTEGER NOT NULL REFERENCES seduta(id),
    seq         INTEGER NOT NULL CHECK (seq > 0),
    at          TEXT NOT NULL,
    by          TEXT NOT NULL REFERENCES user(username),
    fatto       TEXT NOT NULL CHECK (json_valid(fatto)),
    PRIMARY KEY (seduta_id, seq)
) STRICT;

-- Facts come in order, without gaps.
CREATE TRIGGER seduta_evento_in_order BEFORE INSERT ON seduta_evento
WHEN NEW.seq <> (SELECT COUNT(*) + 1 FROM seduta_evento WHERE seduta_id = NEW.seduta_id)
BEGIN
    SELECT RAISE(ABORT, 'seduta_evento: facts are recorded in order, one after the other');
END;

CREATE TRIGGER seduta_evento_no_update BEFORE UPDATE ON seduta_evento
BEGIN
    SELECT RAISE(ABORT, 'seduta_evento: a fact of a session never changes');
END;

CREATE TRIGGER seduta_evento_no_delete BEFORE DELETE ON seduta_evento
BEGIN
    SELECT RAISE(ABORT, 'seduta_evento: a fact of a session is never removed');
END;
