-- The later control of administrative regularity (TUEL art. 147-bis c.2): draws of a random
-- sample of adopted acts, with what the draw was made from (so anyone can redo it), and the
-- outcome of each check. Draws are never changed or removed; an outcome is given once.

CREATE TABLE controllo (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL CHECK (period_to >= period_from),
    percent     INTEGER NOT NULL CHECK (percent BETWEEN 1 AND 100),
    seed        TEXT NOT NULL,
    -- The numbers of every eligible act, as a JSON array, in register order.
    candidates  TEXT NOT NULL,
    drawn_at    TEXT NOT NULL,
    drawn_by    TEXT NOT NULL REFERENCES user(username)
) STRICT;

CREATE TRIGGER controllo_no_update BEFORE UPDATE ON controllo
BEGIN
    SELECT RAISE(ABORT, 'controllo: a draw never changes');
END;
CREATE TRIGGER controllo_no_delete BEFORE DELETE ON controllo
BEGIN
    SELECT RAISE(ABORT, 'controllo: a draw is never removed');
END;
-- Two draws of the same kind never cover the same day: a draw cannot be repeated.
CREATE TRIGGER controllo_no_overlap BEFORE INSERT ON controllo
WHEN EXISTS (SELECT 1 FROM controllo c WHERE c.kind = NEW.kind
             AND c.period_from <= NEW.period_to AND NEW.period_from <= c.period_to)
BEGIN
    SELECT RAISE(ABORT, 'controllo: the period overlaps an earlier draw');
END;

CREATE TABLE controllo_atto (
    controllo_id INTEGER NOT NULL REFERENCES controllo(id),
    act_id       INTEGER NOT NULL REFERENCES act(id),
    numero       TEXT NOT NULL,
    esito        TEXT CHECK (esito IN ('regolare', 'con-osservazioni', 'irregolare')),
    note         TEXT,
    checked_at   TEXT,
    checked_by   TEXT REFERENCES user(username),
    PRIMARY KEY (controllo_id, act_id)
) STRICT;

CREATE TRIGGER controllo_atto_no_delete BEFORE DELETE ON controllo_atto
BEGIN
    SELECT RAISE(ABORT, 'controllo: a drawn act is never removed');
END;
CREATE TRIGGER controllo_atto_once BEFORE UPDATE ON controllo_atto
WHEN OLD.esito IS NOT NULL OR NEW.esito IS NULL
  OR NEW.controllo_id IS NOT OLD.controllo_id OR NEW.act_id IS NOT OLD.act_id
  OR NEW.numero IS NOT OLD.numero
BEGIN
    SELECT RAISE(ABORT, 'controllo: the outcome of a check is given once');
END;
