-- Digital signatures (CAD art. 20-21): the signing identity of each user, the signed files of
-- each act (every signature adds a row; rows are never changed nor removed), and the
-- certificates the Comune trusts when verifying.

-- Where a user's signing key is: a PKCS#11 token (smart card, HSM) or a PKCS#12 file.
-- The PIN is never here: it is asked at each signature.
CREATE TABLE identity (
    username     TEXT PRIMARY KEY REFERENCES user(username),
    source       TEXT NOT NULL CHECK (source IN ('pkcs11', 'pkcs12')),
    module       TEXT,
    token_label  TEXT,
    key_id       TEXT,
    p12_path     TEXT,
    certificate  BLOB NOT NULL,
    added_at     TEXT NOT NULL,
    CHECK ((source = 'pkcs11' AND module IS NOT NULL AND token_label IS NOT NULL AND key_id IS NOT NULL)
        OR (source = 'pkcs12' AND p12_path IS NOT NULL))
) STRICT;

-- The signed files of an act. `part` is 'atto' (the act's PDF, PAdES, or its .p7m when the
-- Comune signs in CAdES) or 'allegato:<sha256>' (a .p7m of a non-PDF attachment). Each new
-- signature is a new row whose bytes contain all the earlier signatures (PAdES incremental
-- update, CAdES parallel signature): the latest row of a part is the file to send and keep.
CREATE TABLE signed_file (
    act_id     INTEGER NOT NULL REFERENCES act(id),
    part       TEXT NOT NULL,
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    format     TEXT NOT NULL CHECK (format IN ('pades', 'cades')),
    name       TEXT NOT NULL,
    sha256     TEXT NOT NULL REFERENCES blob(sha256),
    username   TEXT NOT NULL REFERENCES user(username),
    role       TEXT NOT NULL,
    signed_at  TEXT NOT NULL,
    PRIMARY KEY (act_id, part, seq)
) STRICT;

CREATE TRIGGER signed_file_no_update BEFORE UPDATE ON signed_file
BEGIN
    SELECT RAISE(ABORT, 'signed_file: a signed document is never modified');
END;
CREATE TRIGGER signed_file_no_delete BEFORE DELETE ON signed_file
BEGIN
    SELECT RAISE(ABORT, 'signed_file: a signed document is never removed');
END;
-- Blobs of signed files are never removed either.
CREATE TRIGGER blob_of_signed_file_no_delete BEFORE DELETE ON blob
WHEN EXISTS (SELECT 1 FROM signed_file WHERE sha256 = OLD.sha256)
BEGIN
    SELECT RAISE(ABORT, 'blob: the bytes of a signed document are never removed');
END;

-- Certificates (DER) of the certification authorities the Comune trusts.
CREATE TABLE trust_anchor (
    sha256       TEXT PRIMARY KEY,
    subject      TEXT NOT NULL,
    certificate  BLOB NOT NULL,
    added_at     TEXT NOT NULL
) STRICT;

-- A blob is addressed by the SHA-256 of its bytes: its bytes never change.
CREATE TRIGGER blob_no_update BEFORE UPDATE ON blob
BEGIN
    SELECT RAISE(ABORT, 'blob: content addressed by its hash never changes');
END;
