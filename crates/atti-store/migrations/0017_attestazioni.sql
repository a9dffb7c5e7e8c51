-- The attestations signed after an act's publication (atti-core attestazione.rs): the referto
-- di pubblicazione and the certificato di esecutività. Each is a signed file of the act, of
-- part 'attestazione:<tipo>', signed once, and only for what this archive records: the
-- referto after the act left the albo (its defissione recorded), the certificato of an
-- executive delibera. Its «firma digitale» entry in the audit chain comes with the file.

CREATE TRIGGER attestazione_known BEFORE INSERT ON signed_file
WHEN NEW.part GLOB 'attestazione:*'
 AND NEW.part NOT IN ('attestazione:referto', 'attestazione:esecutivita')
BEGIN
    SELECT RAISE(ABORT, 'signed_file: unknown attestation');
END;

CREATE TRIGGER attestazione_once BEFORE INSERT ON signed_file
WHEN NEW.part GLOB 'attestazione:*' AND EXISTS (
    SELECT 1 FROM signed_file f WHERE f.act_id = NEW.act_id AND f.part = NEW.part)
BEGIN
    SELECT RAISE(ABORT, 'signed_file: an attestation is signed once');
END;

CREATE TRIGGER referto_after_defissione BEFORE INSERT ON signed_file
WHEN NEW.part = 'attestazione:referto' AND NOT EXISTS (
    SELECT 1 FROM albo p WHERE p.act_id = NEW.act_id AND p.defissa_il IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'signed_file: the referto follows the defissione from the albo');
END;

CREATE TRIGGER esecutivita_of_an_executive_delibera BEFORE INSERT ON signed_file
WHEN NEW.part = 'attestazione:esecutivita' AND NOT EXISTS (
    SELECT 1 FROM act a WHERE a.id = NEW.act_id AND a.state = 'esecutiva'
      AND a.kind IN ('delibera-giunta', 'delibera-consiglio'))
BEGIN
    SELECT RAISE(ABORT, 'signed_file: the certificato di esecutività is of an executive delibera');
END;
