-- A parere (art. 49 TUEL) or the visto contabile (art. 183 c.7) is given by signing its own
-- document: the parere row names the signed file's bytes, and the signed_file row of part
-- 'parere:<id>' is that very file, signed by the parere's author. Pareri recorded before this
-- migration keep a NULL document (the act's PDF says they were only recorded); no new one can.

ALTER TABLE parere ADD COLUMN document_sha256 TEXT REFERENCES blob(sha256);

CREATE TRIGGER parere_needs_its_document BEFORE INSERT ON parere
WHEN NEW.document_sha256 IS NULL
BEGIN
    SELECT RAISE(ABORT, 'parere: a parere is given by signing its own document');
END;

CREATE TRIGGER parere_document_is_the_parere BEFORE INSERT ON signed_file
WHEN NEW.part GLOB 'parere:*' AND NOT EXISTS (
    SELECT 1 FROM parere p
    WHERE p.id = CAST(substr(NEW.part, 8) AS INTEGER) AND p.act_id = NEW.act_id
      AND p.document_sha256 = NEW.sha256 AND p.author = NEW.username)
BEGIN
    SELECT RAISE(ABORT, 'signed_file: the document of a parere is signed by its author, for that parere');
END;

CREATE TRIGGER parere_document_once BEFORE INSERT ON signed_file
WHEN NEW.part GLOB 'parere:*' AND EXISTS (
    SELECT 1 FROM signed_file f WHERE f.act_id = NEW.act_id AND f.part = NEW.part)
BEGIN
    SELECT RAISE(ABORT, 'signed_file: a parere has one signed document');
END;
