-- The notifications of verbali (atti-core notifica.rs): each attempt, by PEC or by post, and
-- the PEC provider's receipts that prove it. An attempt moves forward only: 'in-invio' (the
-- message recorded before it leaves, so that its receipts always find it), then 'inviata'
-- (the provider took it, or the letter was posted) or 'non-inviata' (it never left), then
-- 'consegnata' (recorded with the iter's step «notifica», once per act) or
-- 'non-consegnata'. A delivered notification never changes; nothing is deleted.

CREATE TABLE notifica (
    id                 INTEGER PRIMARY KEY,
    act_id             INTEGER NOT NULL REFERENCES act(id),
    mezzo              TEXT NOT NULL CHECK (mezzo IN ('pec', 'posta')),
    destinatario       TEXT NOT NULL,
    riferimento        TEXT NOT NULL,
    esito              TEXT NOT NULL CHECK (esito IN
                         ('in-invio', 'non-inviata', 'inviata', 'non-consegnata', 'consegnata')),
    errore             TEXT,
    spedita_il         TEXT,
    consegnata_il      TEXT,
    compiuta_giacenza  INTEGER NOT NULL DEFAULT 0 CHECK (compiuta_giacenza IN (0, 1)),
    creata_at          TEXT NOT NULL,
    creata_by          TEXT NOT NULL,
    UNIQUE (act_id, mezzo, riferimento),
    CHECK (esito <> 'consegnata' OR (spedita_il IS NOT NULL AND consegnata_il IS NOT NULL))
) STRICT;
CREATE INDEX notifica_act ON notifica(act_id);

CREATE TRIGGER notifica_no_delete BEFORE DELETE ON notifica
BEGIN
    SELECT RAISE(ABORT, 'notifica: a notification is never removed');
END;

CREATE TRIGGER notifica_delivered_is_final BEFORE UPDATE ON notifica
WHEN OLD.esito = 'consegnata'
BEGIN
    SELECT RAISE(ABORT, 'notifica: a delivered notification never changes');
END;

CREATE TRIGGER notifica_forward_only BEFORE UPDATE ON notifica
WHEN NEW.act_id <> OLD.act_id OR NEW.mezzo <> OLD.mezzo OR NEW.riferimento <> OLD.riferimento
  OR NEW.destinatario <> OLD.destinatario
  OR (OLD.esito IN ('non-inviata', 'non-consegnata') AND NEW.esito <> OLD.esito)
BEGIN
    SELECT RAISE(ABORT, 'notifica: an attempt keeps its recipient and only moves forward');
END;

CREATE TRIGGER notifica_delivered_once BEFORE UPDATE OF esito ON notifica
WHEN NEW.esito = 'consegnata' AND EXISTS (
    SELECT 1 FROM notifica n WHERE n.act_id = NEW.act_id AND n.esito = 'consegnata' AND n.id <> NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'notifica: a verbale is notified once');
END;

CREATE TRIGGER notifica_delivered_once_insert BEFORE INSERT ON notifica
WHEN NEW.esito = 'consegnata' AND EXISTS (
    SELECT 1 FROM notifica n WHERE n.act_id = NEW.act_id AND n.esito = 'consegnata')
BEGIN
    SELECT RAISE(ABORT, 'notifica: a verbale is notified once');
END;

CREATE TABLE notifica_ricevuta (
    notifica_id  INTEGER NOT NULL REFERENCES notifica(id),
    tipo         TEXT NOT NULL,
    sha256       TEXT NOT NULL REFERENCES blob(sha256),
    PRIMARY KEY (notifica_id, sha256)
) STRICT;

CREATE TRIGGER notifica_ricevuta_no_update BEFORE UPDATE ON notifica_ricevuta
BEGIN
    SELECT RAISE(ABORT, 'notifica_ricevuta: a receipt never changes');
END;
CREATE TRIGGER notifica_ricevuta_no_delete BEFORE DELETE ON notifica_ricevuta
BEGIN
    SELECT RAISE(ABORT, 'notifica_ricevuta: a receipt is never removed');
END;
