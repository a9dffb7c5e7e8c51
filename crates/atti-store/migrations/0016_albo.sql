-- The register of publications on the albo pretorio online (repertorio dell'albo, art. 32
-- L. 69/2009): each publication has its own number in its year, its first and last day (the
-- act's rule, decided by atti-core), and the day it left the albo (defissione). Written with
-- the step «pubblica»; the register keeps a publication for ever: only the day of its
-- defissione is written, once, after its last day.
CREATE TABLE albo (
    act_id       INTEGER PRIMARY KEY REFERENCES act(id),
    anno         INTEGER NOT NULL,
    numero       INTEGER NOT NULL CHECK (numero > 0),
    inizio       TEXT NOT NULL,
    fine         TEXT NOT NULL CHECK (fine >= inizio),
    pubblicata_at TEXT NOT NULL,
    pubblicata_by TEXT NOT NULL,
    defissa_il   TEXT CHECK (defissa_il IS NULL OR defissa_il > fine),
    UNIQUE (anno, numero)
) STRICT;

CREATE TRIGGER albo_no_delete BEFORE DELETE ON albo
BEGIN
    SELECT RAISE(ABORT, 'albo: the register of publications keeps every publication');
END;
CREATE TRIGGER albo_only_defissione BEFORE UPDATE ON albo
WHEN OLD.act_id IS NOT NEW.act_id OR OLD.anno IS NOT NEW.anno OR OLD.numero IS NOT NEW.numero
  OR OLD.inizio IS NOT NEW.inizio OR OLD.fine IS NOT NEW.fine
  OR OLD.pubblicata_at IS NOT NEW.pubblicata_at OR OLD.pubblicata_by IS NOT NEW.pubblicata_by
  OR OLD.defissa_il IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'albo: a publication never changes; its defissione is written once');
END;

-- What the albo online holds of each publication, as this PC last wrote it there: its page
-- and the files it links are online (or removed after the defissione), or the last error.
-- Not a record of the iter: the site is made again from the register whenever it changes.
CREATE TABLE albo_sito (
    act_id       INTEGER PRIMARY KEY REFERENCES albo(act_id),
    online       INTEGER NOT NULL CHECK (online IN (0, 1)),
    aggiornato_at TEXT,
    errore       TEXT
) STRICT;
