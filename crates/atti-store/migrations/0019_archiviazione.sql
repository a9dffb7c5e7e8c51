-- The archiviazione of a verbale (atti-core archiviazione.rs, art. 386 Reg. CdS): the
-- comandante's provvedimento, its reason and reasons, and its signed document (the signed_file
-- of part 'archiviazione', signed by its author). A verbale is archived only with it, once,
-- and it never changes.

CREATE TABLE archiviazione (
    act_id          INTEGER PRIMARY KEY REFERENCES act(id),
    motivo          TEXT NOT NULL,
    motivazione     TEXT NOT NULL CHECK (length(trim(motivazione)) >= 20),
    document_sha256 TEXT NOT NULL REFERENCES blob(sha256),
    author          TEXT NOT NULL REFERENCES user(username),
    at              TEXT NOT NULL
) STRICT;

CREATE TRIGGER archiviazione_of_a_verbale BEFORE INSERT ON archiviazione
WHEN NOT EXISTS (SELECT 1 FROM act a WHERE a.id = NEW.act_id AND a.kind = 'verbale-pl')
BEGIN
    SELECT RAISE(ABORT, 'archiviazione: only a verbale is archived');
END;

CREATE TRIGGER archiviazione_no_update BEFORE UPDATE ON archiviazione
BEGIN
    SELECT RAISE(ABORT, 'archiviazione: a provvedimento is never modified');
END;

CREATE TRIGGER archiviazione_no_delete BEFORE DELETE ON archiviazione
BEGIN
    SELECT RAISE(ABORT, 'archiviazione: a provvedimento is never removed');
END;

CREATE TRIGGER archiviato_with_its_provvedimento BEFORE UPDATE OF state ON act
WHEN NEW.state = 'archiviato' AND NOT EXISTS (
    SELECT 1 FROM archiviazione z WHERE z.act_id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'act: a verbale is archived only with the provvedimento');
END;

CREATE TRIGGER archiviazione_document_is_the_provvedimento BEFORE INSERT ON signed_file
WHEN NEW.part = 'archiviazione' AND NOT EXISTS (
    SELECT 1 FROM archiviazione z
    WHERE z.act_id = NEW.act_id AND z.document_sha256 = NEW.sha256 AND z.author = NEW.username)
BEGIN
    SELECT RAISE(ABORT, 'signed_file: the provvedimento of archiviazione is signed by its author');
END;

CREATE TRIGGER archiviazione_document_once BEFORE INSERT ON signed_file
WHEN NEW.part = 'archiviazione' AND EXISTS (
    SELECT 1 FROM signed_file f WHERE f.act_id = NEW.act_id AND f.part = NEW.part)
BEGIN
    SELECT RAISE(ABORT, 'signed_file: a provvedimento of archiviazione is signed once');
END;
