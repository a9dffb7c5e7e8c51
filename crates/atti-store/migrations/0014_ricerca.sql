-- The words of the archive, as the full-text index holds them (lowercase, without accents): the
-- search looks here for the words one typo away from what the clerk typed («manutenzone»).
CREATE VIRTUAL TABLE act_fts_vocab USING fts5vocab(act_fts, 'row');
