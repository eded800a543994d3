-- The till belongs to its clerk: a duty manager who takes an absent clerk's counter over acts on
-- her till from then on, both names kept. A blind count is final: a recount needs the duty
-- manager. Opening a second till on a business day already settled needs the duty manager too.
CREATE TABLE till_takeover (
  id             INTEGER PRIMARY KEY,
  session_id     INTEGER NOT NULL REFERENCES till_session(id),
  at             INTEGER NOT NULL,
  counter_id     TEXT    NOT NULL,
  owner_staff_no TEXT    NOT NULL,                 -- the absent clerk whose till it is
  taker_staff_no TEXT    NOT NULL,                 -- the duty manager acting on it
  note_id        INTEGER REFERENCES free_text(id), -- the reason as typed
  CHECK (owner_staff_no <> taker_staff_no)
) STRICT;
CREATE INDEX till_takeover_by_session ON till_takeover(session_id);
CREATE TRIGGER till_takeover_no_update BEFORE UPDATE ON till_takeover
BEGIN SELECT RAISE(ABORT, 'till_takeover is append-only'); END;
CREATE TRIGGER till_takeover_no_delete BEFORE DELETE ON till_takeover
BEGIN SELECT RAISE(ABORT, 'till_takeover is append-only'); END;

-- One row per recount the duty manager allowed: the count after `after_attempt` may be made.
CREATE TABLE till_recount_approval (
  id                INTEGER PRIMARY KEY,
  session_id        INTEGER NOT NULL REFERENCES till_session(id),
  at                INTEGER NOT NULL,
  after_attempt     INTEGER NOT NULL,
  actor_staff_no    TEXT    NOT NULL,              -- who asked
  approver_staff_no TEXT    NOT NULL,
  note_id           INTEGER REFERENCES free_text(id),
  UNIQUE (session_id, after_attempt)
) STRICT;
CREATE TRIGGER till_recount_approval_no_update BEFORE UPDATE ON till_recount_approval
BEGIN SELECT RAISE(ABORT, 'till_recount_approval is append-only'); END;
CREATE TRIGGER till_recount_approval_no_delete BEFORE DELETE ON till_recount_approval
BEGIN SELECT RAISE(ABORT, 'till_recount_approval is append-only'); END;

-- A till opened again on a business day this counter already settled: who allowed it, and why.
CREATE TABLE till_reopen (
  session_id        INTEGER PRIMARY KEY REFERENCES till_session(id),
  at                INTEGER NOT NULL,
  approver_staff_no TEXT    NOT NULL,
  note_id           INTEGER REFERENCES free_text(id)
) STRICT;
CREATE TRIGGER till_reopen_no_update BEFORE UPDATE ON till_reopen
BEGIN SELECT RAISE(ABORT, 'till_reopen is written once'); END;
CREATE TRIGGER till_reopen_no_delete BEFORE DELETE ON till_reopen
BEGIN SELECT RAISE(ABORT, 'till_reopen is written once'); END;
