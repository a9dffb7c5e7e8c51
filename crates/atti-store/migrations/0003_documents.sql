-- Documents of adopted acts (the original PDF, rendered at adoption, and its publication
-- version with omissis), and the register of certified paper copies issued (CAD art. 23).

CREATE TABLE document (
    act_id      INTEGER NOT NULL REFERENCES act(id),
    variant     TEXT NOT NULL CHECK (variant IN ('originale', 'pubblicazione')),
    sha256      TEXT NOT NULL REFERENCES blob(sha256),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (act_id, variant)
) STRICT;

CREATE TRIGGER document_no_update BEFORE UPDATE ON document
BEGIN
    SELECT RAISE(ABORT, 'document: the document of an adopted act never changes');
END;
CREATE TRIGGER document_no_delete BEFORE DELETE ON document
BEGIN
    SELECT RAISE(ABORT, 'document: the document of an adopted act is never removed');
END;

CREATE TABLE copia (
    id               INTEGER PRIMARY KEY,
    act_id           INTEGER NOT NULL REFERENCES act(id),
    issued_at        TEXT NOT NULL,
    issued_by        TEXT NOT NULL REFERENCES user(username),
    per              TEXT,
    token            TEXT NOT NULL,
    original_sha256  TEXT NOT NULL
) STRICT;

CREATE TRIGGER copia_no_update BEFORE UPDATE ON copia
BEGIN
    SELECT RAISE(ABORT, 'copia: the register of copies is append-only');
END;
CREATE TRIGGER copia_no_delete BEFORE DELETE ON copia
BEGIN
    SELECT RAISE(ABORT, 'copia: the register of copies is append-only');
END;
