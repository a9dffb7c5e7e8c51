-- What the verbali collect (atti-core pagamento.rs): the flussi di rendicontazione of pagoPA
-- read by Atti, each kept whole as the proof, and the payments in them matched to a verbale
-- by its IUV. A flusso is read once; a payment (IUV and IUR) is recorded once; neither ever
-- changes or goes away.

CREATE TABLE pagopa_flusso (
    identificativo   TEXT PRIMARY KEY,
    data_regolamento TEXT NOT NULL,
    mittente         TEXT NOT NULL,
    -- Where it was read from: its path in the intermediary's folder on the document server,
    -- or NULL for a file the clerk picked.
    origine          TEXT UNIQUE,
    sha256           TEXT NOT NULL REFERENCES blob(sha256),
    letto_at         TEXT NOT NULL,
    letto_by         TEXT NOT NULL
) STRICT;

CREATE TABLE pagamento (
    iuv               TEXT NOT NULL,
    iur               TEXT NOT NULL,
    act_id            INTEGER NOT NULL REFERENCES act(id),
    importo_centesimi INTEGER NOT NULL CHECK (importo_centesimi >= 0),
    pagato_il         TEXT NOT NULL,
    revocato          INTEGER NOT NULL CHECK (revocato IN (0, 1)),
    flusso            TEXT NOT NULL REFERENCES pagopa_flusso(identificativo),
    PRIMARY KEY (iuv, iur)
) STRICT;

CREATE INDEX pagamento_act ON pagamento(act_id);

CREATE TRIGGER pagamento_of_a_verbale BEFORE INSERT ON pagamento
WHEN NOT EXISTS (SELECT 1 FROM act a WHERE a.id = NEW.act_id AND a.kind = 'verbale-pl')
BEGIN
    SELECT RAISE(ABORT, 'pagamento: only a verbale is paid through its avviso');
END;

CREATE TRIGGER pagopa_flusso_no_update BEFORE UPDATE ON pagopa_flusso
BEGIN
    SELECT RAISE(ABORT, 'pagopa_flusso: a flusso read is never modified');
END;

CREATE TRIGGER pagopa_flusso_no_delete BEFORE DELETE ON pagopa_flusso
BEGIN
    SELECT RAISE(ABORT, 'pagopa_flusso: a flusso read is never removed');
END;

CREATE TRIGGER pagamento_no_update BEFORE UPDATE ON pagamento
BEGIN
    SELECT RAISE(ABORT, 'pagamento: a payment is never modified');
END;

CREATE TRIGGER pagamento_no_delete BEFORE DELETE ON pagamento
BEGIN
    SELECT RAISE(ABORT, 'pagamento: a payment is never removed');
END;
