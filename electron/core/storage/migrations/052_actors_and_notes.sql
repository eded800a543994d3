-- Every till record names the person who did it beside the person whose till it is (a duty
-- manager who took the counter over acts on the clerk's till), and typed text (a reason, a bag
-- number) lives in free_text (migration 010), cited by id, so a purge never breaks a chain.
ALTER TABLE till_ledger ADD COLUMN actor_staff_no TEXT;                        -- who acted; staff_no stays the session's owner
ALTER TABLE till_ledger ADD COLUMN note_id INTEGER REFERENCES free_text(id);   -- the typed reason or bag number
ALTER TABLE till_early_event ADD COLUMN actor_staff_no TEXT;                   -- who tried or asked; staff_no stays the owner
ALTER TABLE till_early_event ADD COLUMN note_id INTEGER REFERENCES free_text(id);
ALTER TABLE till_count ADD COLUMN actor_staff_no TEXT;                         -- who counted
