-- Every table that holds rows of an act finds them by an index on act_id: reading an act
-- (its pareri, its copies, its queued steps, ...) costs the same in the first week and after
-- ten years of a Comune. Without them each read of an act's pareri scanned every parere of
-- the archive (found by the bench's large Comune: the inbox of the segretario read the facts
-- of each act it decided on). The store's test `every_row_of_an_act_is_found_by_index`
-- checks that no table is left out.
CREATE INDEX parere_by_act ON parere(act_id);
CREATE INDEX copia_by_act ON copia(act_id);
CREATE INDEX registro_claim_by_act ON registro_claim(act_id);
CREATE INDEX controllo_atto_by_act ON controllo_atto(act_id);
CREATE INDEX passo_in_coda_by_act ON passo_in_coda(act_id);
CREATE INDEX bozza_superata_by_act ON bozza_superata(act_id);

-- The inbox's index also holds whether the act has been published: an ordinanza or a decreto
-- stays in its last state for ever, and whether it still waits for its publication is read
-- from the index, not from each of ten years of them.
DROP INDEX act_inbox;
CREATE INDEX act_inbox ON act(state, kind, office, updated_at, publication_start);

-- The albo's upkeep (at every pull) reads the publications not taken down yet, and those
-- taken down whose page is still online: a handful among ten years of the register.
CREATE INDEX albo_in_corso ON albo(anno, numero) WHERE defissa_il IS NULL;
CREATE INDEX albo_sito_online ON albo_sito(act_id) WHERE online = 1;
