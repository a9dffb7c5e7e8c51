-- The inbox reads the acts by what may ask something of a user (atti-core iter::inbox_scope):
-- their state and kind, and for an istruttore or a dirigente their office; the time of the
-- last change orders them. This index alone answers it, without reading the rest of the
-- archive (ten years of acts, most of them done) nor the rows of the acts not shown.
CREATE INDEX act_inbox ON act(state, kind, office, updated_at);

-- «In pubblicazione» is what is on the albo today: the publications whose last day has not
-- passed, found by that day among ten years of the register.
CREATE INDEX albo_by_fine ON albo(fine);
