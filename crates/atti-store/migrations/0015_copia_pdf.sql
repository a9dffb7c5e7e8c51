-- The certified copy as issued (its PDF, kept by SHA-256 in the blobs): a copy in the register
-- can be reopened and printed again exactly as it was attested, contrassegno and all. Copies
-- issued before this migration have none. Written with the copy; never changed.
CREATE TABLE copia_pdf (
    copia_id  INTEGER PRIMARY KEY REFERENCES copia(id),
    sha256    TEXT NOT NULL REFERENCES blob(sha256)
) STRICT;

CREATE TRIGGER copia_pdf_no_update BEFORE UPDATE ON copia_pdf
BEGIN
    SELECT RAISE(ABORT, 'copia_pdf: a copy as issued never changes');
END;
CREATE TRIGGER copia_pdf_no_delete BEFORE DELETE ON copia_pdf
BEGIN
    SELECT RAISE(ABORT, 'copia_pdf: a copy as issued is never removed');
END;
