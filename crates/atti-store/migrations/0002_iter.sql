-- The iter: states beyond the draft, final numbers in registers, pareri, signatures,
-- session data, links between acts, the hash-chained audit log, and the triggers that
-- keep adopted acts frozen.

ALTER TABLE act ADD COLUMN frozen INTEGER NOT NULL DEFAULT 0 CHECK (frozen IN (0, 1));
ALTER TABLE act ADD COLUMN adoption_date TEXT;
ALTER TABLE act ADD COLUMN publication_start TEXT;
ALTER TABLE act ADD COLUMN seduta TEXT;

-- Final numbers: per kind and year, unique, without gaps. An annulled number stays, with
-- its reason.
CREATE TABLE registro (
    kind             TEXT NOT NULL,
    year             INTEGER NOT NULL,
    number           INTEGER NOT NULL CHECK (number > 0),
    act_id           INTEGER NOT NULL UNIQUE REFERENCES act(id),
    assigned_at      TEXT NOT NULL,
    assigned_by      TEXT NOT NULL REFERENCES user(username),
    annulled_reason  TEXT,
    annulled_at      TEXT,
    PRIMARY KEY (kind, year, number)
) STRICT;

CREATE TRIGGER registro_no_delete BEFORE DELETE ON registro
BEGIN
    SELECT RAISE(ABORT, 'registro: a number is never removed (annul it, with its reason)');
END;

CREATE TRIGGER registro_only_annul BEFORE UPDATE ON registro
WHEN OLD.kind IS NOT NEW.kind OR OLD.year IS NOT NEW.year OR OLD.number IS NOT NEW.number
  OR OLD.act_id IS NOT NEW.act_id OR OLD.assigned_at IS NOT NEW.assigned_at
  OR OLD.assigned_by IS NOT NEW.assigned_by OR OLD.annulled_reason IS NOT NULL
  OR NEW.annulled_reason IS NULL
BEGIN
    SELECT RAISE(ABORT, 'registro: a number can only be annulled, once, with a reason');
END;

CREATE TABLE parere (
    id           INTEGER PRIMARY KEY,
    act_id       INTEGER NOT NULL REFERENCES act(id),
    tipo         TEXT NOT NULL,
    esito        TEXT NOT NULL,
    motivazione  TEXT NOT NULL,
    author       TEXT NOT NULL REFERENCES user(username),
    given_at     TEXT NOT NULL,
    version      INTEGER NOT NULL
) STRICT;

CREATE TRIGGER parere_no_update BEFORE UPDATE ON parere
BEGIN
    SELECT RAISE(ABORT, 'parere: a parere given is never changed (give a new one)');
END;
CREATE TRIGGER parere_no_delete BEFORE DELETE ON parere
BEGIN
    SELECT RAISE(ABORT, 'parere: a parere given is never removed');
END;

-- Who signed which version (the cryptographic signature comes with atti-sign).
CREATE TABLE signature (
    act_id     INTEGER NOT NULL REFERENCES act(id),
    role       TEXT NOT NULL,
    username   TEXT NOT NULL REFERENCES user(username),
    version    INTEGER NOT NULL,
    signed_at  TEXT NOT NULL,
    PRIMARY KEY (act_id, role)
) STRICT;

CREATE TRIGGER signature_no_change BEFORE UPDATE ON signature
BEGIN
    SELECT RAISE(ABORT, 'signature: a signature is never changed');
END;
CREATE TRIGGER signature_no_delete BEFORE DELETE ON signature
BEGIN
    SELECT RAISE(ABORT, 'signature: a signature is never removed');
END;

-- A correction is a new act linked to the original (rettifica, annullamento in autotutela).
CREATE TABLE act_link (
    act_id    INTEGER NOT NULL REFERENCES act(id),
    original  INTEGER NOT NULL REFERENCES act(id),
    tipo      TEXT NOT NULL CHECK (tipo IN ('rettifica', 'annullamento')),
    PRIMARY KEY (act_id)
) STRICT;

-- The audit log: append-only, each entry's hash chains to the previous one.
CREATE TABLE audit (
    seq           INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    act_id        INTEGER,
    action        TEXT NOT NULL,
    detail        TEXT NOT NULL,
    version_hash  TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
) STRICT;

CREATE INDEX audit_by_act ON audit(act_id, seq);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit: the log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit: the log is append-only');
END;

-- A frozen (adopted) act: no new version, no change of its identity, never removed.
CREATE TRIGGER act_version_frozen BEFORE INSERT ON act_version
WHEN (SELECT frozen FROM act WHERE id = NEW.act_id) = 1
BEGIN
    SELECT RAISE(ABORT, 'act is adopted and frozen: its content cannot change');
END;

CREATE TRIGGER act_frozen_identity BEFORE UPDATE ON act
WHEN OLD.frozen = 1 AND (
    NEW.frozen IS NOT 1 OR NEW.kind IS NOT OLD.kind OR NEW.office IS NOT OLD.office
    OR NEW.current_version IS NOT OLD.current_version OR NEW.adoption_date IS NOT OLD.adoption_date
    OR NEW.proposal_year IS NOT OLD.proposal_year OR NEW.proposal_seq IS NOT OLD.proposal_seq
    OR NEW.seduta IS NOT OLD.seduta)
BEGIN
    SELECT RAISE(ABORT, 'act is adopted and frozen: its content cannot change');
END;

CREATE TRIGGER act_no_delete BEFORE DELETE ON act
BEGIN
    SELECT RAISE(ABORT, 'an act is never removed (withdraw or annul it)');
END;
