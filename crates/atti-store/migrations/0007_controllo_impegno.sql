-- The commitment to the seed of a draw of the later control (TUEL art. 147-bis): recorded
-- before the period ends, it holds only the seed's SHA-256 (also in the audit chain); the draw
-- reveals the seed, and atti-core refuses any other. A commitment is never changed or removed,
-- two of a kind never cover the same day, and a draw needs the commitment of its very period.

CREATE TABLE controllo_impegno (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    period_from  TEXT NOT NULL,
    period_to    TEXT NOT NULL CHECK (period_to >= period_from),
    seed_sha256  TEXT NOT NULL CHECK (length(seed_sha256) = 64 AND seed_sha256 NOT GLOB '*[^0-9a-f]*'),
    committed_at TEXT NOT NULL,
    committed_by TEXT NOT NULL REFERENCES user(username),
    UNIQUE (kind, period_from, period_to)
) STRICT;

CREATE TRIGGER controllo_impegno_no_update BEFORE UPDATE ON controllo_impegno
BEGIN
    SELECT RAISE(ABORT, 'controllo_impegno: a commitment never changes');
END;
CREATE TRIGGER controllo_impegno_no_delete BEFORE DELETE ON controllo_impegno
BEGIN
    SELECT RAISE(ABORT, 'controllo_impegno: a commitment is never removed');
END;
CREATE TRIGGER controllo_impegno_no_overlap BEFORE INSERT ON controllo_impegno
WHEN EXISTS (SELECT 1 FROM controllo_impegno i WHERE i.kind = NEW.kind
             AND i.period_from <= NEW.period_to AND NEW.period_from <= i.period_to)
BEGIN
    SELECT RAISE(ABORT, 'controllo_impegno: the period overlaps an earlier commitment');
END;
CREATE TRIGGER controllo_needs_impegno BEFORE INSERT ON controllo
WHEN NOT EXISTS (SELECT 1 FROM controllo_impegno i WHERE i.kind = NEW.kind
                 AND i.period_from = NEW.period_from AND i.period_to = NEW.period_to)
BEGIN
    SELECT RAISE(ABORT, 'controllo: a draw needs the commitment to its seed');
END;
