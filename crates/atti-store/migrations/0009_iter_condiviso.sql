-- The shared iter (docs/iter-condiviso.md): an act shared through the Comune's document
-- server has a global identifier, and this archive records how far it applied the act's
-- history there (the last event's place and the SHA-256 of its file) and the last version
-- of the text the server has (later versions are this PC's, sent with its next step).

CREATE TABLE act_global (
    act_id          INTEGER PRIMARY KEY REFERENCES act(id),
    uid             TEXT NOT NULL UNIQUE,
    seq             INTEGER NOT NULL,
    head            TEXT NOT NULL,
    shared_version  INTEGER NOT NULL
) STRICT;

CREATE TRIGGER act_global_fixed BEFORE UPDATE OF act_id, uid ON act_global
BEGIN
    SELECT RAISE(ABORT, 'act_global: an act''s global identifier never changes');
END;

CREATE TRIGGER act_global_forward BEFORE UPDATE OF seq ON act_global
WHEN NEW.seq < OLD.seq
BEGIN
    SELECT RAISE(ABORT, 'act_global: a history applied is never applied backwards');
END;

CREATE TRIGGER act_global_no_delete BEFORE DELETE ON act_global
BEGIN
    SELECT RAISE(ABORT, 'act_global: a shared act stays shared');
END;

-- A step taken while the document server did not answer: decided on the state this PC knew,
-- sent by the next sync of its author, decided again there. Once sent it leaves the queue (the
-- history and the audit log have it); a step the rules refuse when sent stays, with the
-- reason, until its author takes their next step on the act: never dropped silently.
CREATE TABLE passo_in_coda (
    id         INTEGER PRIMARY KEY,
    act_id     INTEGER NOT NULL REFERENCES act(id),
    by         TEXT NOT NULL REFERENCES user(username),
    action     TEXT NOT NULL,
    request    TEXT NOT NULL,
    queued_at  TEXT NOT NULL,
    refused    TEXT
) STRICT;

-- A user's edits of an act already shared, kept on this PC until their next step sends them:
-- the others see the shared versions only, and a step of another PC arriving meanwhile is
-- applied on the shared versions. A bozza whose shared version moved on is set aside (never
-- lost, never silently merged) when its author starts a new one.
CREATE TABLE bozza_locale (
    act_id        INTEGER NOT NULL REFERENCES act(id),
    by            TEXT NOT NULL REFERENCES user(username),
    content       TEXT NOT NULL,
    base_version  INTEGER NOT NULL,
    saved_at      TEXT NOT NULL,
    PRIMARY KEY (act_id, by)
) STRICT;

CREATE TABLE bozza_superata (
    id            INTEGER PRIMARY KEY,
    act_id        INTEGER NOT NULL REFERENCES act(id),
    by            TEXT NOT NULL REFERENCES user(username),
    content       TEXT NOT NULL,
    base_version  INTEGER NOT NULL,
    saved_at      TEXT NOT NULL,
    set_aside_at  TEXT NOT NULL
) STRICT;

CREATE TRIGGER bozza_superata_no_update BEFORE UPDATE ON bozza_superata
BEGIN
    SELECT RAISE(ABORT, 'bozza_superata: a draft set aside is kept as it was');
END;

CREATE TRIGGER bozza_superata_no_delete BEFORE DELETE ON bozza_superata
BEGIN
    SELECT RAISE(ABORT, 'bozza_superata: a draft set aside is never lost');
END;
