-- The clock guard reads the wall clock beside the machine's monotonic clock (boot identity and
-- uptime): within one boot any disagreement is a change of the clock; across a reboot the gap
-- is unexplained. Forward changes add up (forward_ms) until the next settlement or clock
-- approval, so a ratchet of small steps is caught like one big one. Every change is kept.
ALTER TABLE till_clock_watch ADD COLUMN boot_id TEXT;
ALTER TABLE till_clock_watch ADD COLUMN uptime_ms INTEGER;
ALTER TABLE till_clock_watch ADD COLUMN forward_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE till_clock_watch ADD COLUMN approved_skew_ms INTEGER;
ALTER TABLE till_clock_watch ADD COLUMN cause TEXT;            -- forward | skew, while suspect

CREATE TABLE till_clock_event (
  id             INTEGER PRIMARY KEY,
  at             INTEGER NOT NULL,                   -- the till's time when it was seen
  counter_id     TEXT    NOT NULL,
  kind           TEXT    NOT NULL CHECK (kind IN ('changed', 'reboot', 'skew', 'flagged', 'approved')),
  delta_ms       INTEGER,                            -- the change (+ forward), the reboot's unexplained gap, the skew
  forward_ms     INTEGER NOT NULL,                   -- forward changes counted since the last settlement or approval
  boot_id        TEXT,
  prev_boot_id   TEXT,
  actor_staff_no TEXT                                -- approved: the duty manager
) STRICT;
CREATE INDEX till_clock_event_by_counter ON till_clock_event(counter_id, id);
CREATE TRIGGER till_clock_event_no_update BEFORE UPDATE ON till_clock_event
BEGIN SELECT RAISE(ABORT, 'till_clock_event is append-only'); END;
CREATE TRIGGER till_clock_event_no_delete BEFORE DELETE ON till_clock_event
BEGIN SELECT RAISE(ABORT, 'till_clock_event is append-only'); END;
