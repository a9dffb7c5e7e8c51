-- «Duplica da un atto precedente»: a draft started from the text of another act remembers it,
-- so that what usually changes (amounts, CIG, dates) is pointed out until the clerk changes it.
-- Written once, when the draft is created; never changed.

CREATE TABLE act_duplicato (
    act_id  INTEGER PRIMARY KEY REFERENCES act(id),
    source  INTEGER NOT NULL REFERENCES act(id),
    CHECK (act_id <> source)
) STRICT;

CREATE TRIGGER act_duplicato_no_update BEFORE UPDATE ON act_duplicato
BEGIN
    SELECT RAISE(ABORT, 'act_duplicato: the act a draft started from never changes');
END;
