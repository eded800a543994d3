-- 081: time from the hall (electron/core/time/hallTime.ts) and the till records the hall now sees.
--
-- Settling while the hall server cannot be reached needs the duty manager: when this counter is
-- enrolled with a hall, the till reads the hall's time before a count or a settlement; if the
-- hall does not answer, the local clock is all there is, so the duty manager approves (own
-- credentials, how the time was checked) and the Z report says so. One row per approval.
CREATE TABLE till_offline_approval (
  id                INTEGER PRIMARY KEY,
  session_id        INTEGER NOT NULL REFERENCES till_session(id),
  at                INTEGER NOT NULL,                 -- the till's time when approved
  counter_id        TEXT    NOT NULL,
  staff_no          TEXT    NOT NULL,                 -- whose till it is
  actor_staff_no    TEXT    NOT NULL,                 -- who asked
  approver_staff_no TEXT    NOT NULL,
  wall_ms           INTEGER NOT NULL,                 -- this PC's wall clock at the approval
  hall_ms           INTEGER,                          -- the hall's last answer carried forward, when one still counted
  note_id           INTEGER REFERENCES free_text(id), -- how the time was checked, as typed
  CHECK (actor_staff_no <> approver_staff_no)         -- nobody approves their own request
) STRICT;
CREATE INDEX till_offline_approval_by_session ON till_offline_approval(session_id);
CREATE TRIGGER till_offline_approval_no_update BEFORE UPDATE ON till_offline_approval
BEGIN SELECT RAISE(ABORT, 'till_offline_approval is append-only'); END;
CREATE TRIGGER till_offline_approval_no_delete BEFORE DELETE ON till_offline_approval
BEGIN SELECT RAISE(ABORT, 'till_offline_approval is append-only'); END;

-- The hall's streams for the duty manager's desk (base/contract/replication.ts): every count,
-- every takeover, the recount / reopen / offline approvals and the clock guard's events, named in
-- sync_pending in the same transaction as the record (migration 050 explains why).
CREATE TRIGGER sync_count_ins AFTER INSERT ON till_count
BEGIN INSERT OR IGNORE INTO sync_pending (stream, source_id) VALUES ('count', CAST(NEW.id AS TEXT)); END;
CREATE TRIGGER sync_takeover_ins AFTER INSERT ON till_takeover
BEGIN INSERT OR IGNORE INTO sync_pending (stream, source_id) VALUES ('takeover', CAST(NEW.id AS TEXT)); END;
CREATE TRIGGER sync_recount_ins AFTER INSERT ON till_recount_approval
BEGIN INSERT OR IGNORE INTO sync_pending (stream, source_id) VALUES ('approval', 'recount:' || NEW.id); END;
CREATE TRIGGER sync_reopen_ins AFTER INSERT ON till_reopen
BEGIN INSERT OR IGNORE INTO sync_pending (stream, source_id) VALUES ('approval', 'reopen:' || NEW.session_id); END;
CREATE TRIGGER sync_offline_ins AFTER INSERT ON till_offline_approval
BEGIN INSERT OR IGNORE INTO sync_pending (stream, source_id) VALUES ('approval', 'offline:' || NEW.id); END;
CREATE TRIGGER sync_clock_event_ins AFTER INSERT ON till_clock_event
BEGIN INSERT OR IGNORE INTO sync_pending (stream, source_id) VALUES ('clock_event', CAST(NEW.id AS TEXT)); END;

-- A counter upgraded with history sends these too at its first sync.
INSERT OR IGNORE INTO sync_pending (stream, source_id) SELECT 'count', CAST(id AS TEXT) FROM till_count;
INSERT OR IGNORE INTO sync_pending (stream, source_id) SELECT 'takeover', CAST(id AS TEXT) FROM till_takeover;
INSERT OR IGNORE INTO sync_pending (stream, source_id) SELECT 'approval', 'recount:' || id FROM till_recount_approval;
INSERT OR IGNORE INTO sync_pending (stream, source_id) SELECT 'approval', 'reopen:' || session_id FROM till_reopen;
INSERT OR IGNORE INTO sync_pending (stream, source_id) SELECT 'clock_event', CAST(id AS TEXT) FROM till_clock_event;
