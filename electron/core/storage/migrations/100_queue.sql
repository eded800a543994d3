-- 100: the queue at this counter (electron/core/queue/counterQueue.ts, docs/queue.md).
--
-- Each ticket this counter called from the hall, with the hall's times: issued, called, served
-- (the greet step took it), finished (its journey ended). The journey the ticket started is
-- named here, so the journey's row replicated to the hall carries its ticket's times. Written
-- at the counter first: a hall that cannot be reached when the journey ends learns of it at the
-- counter's next call (the hall finishes a counter's served ticket then).
CREATE TABLE queue_ticket (
  ticket_id      INTEGER PRIMARY KEY,               -- the hall's ticket id
  day            TEXT    NOT NULL,
  label          TEXT    NOT NULL,                  -- A023
  grp            TEXT    NOT NULL,
  business_code  TEXT    NOT NULL,
  priority       INTEGER NOT NULL CHECK (priority IN (0, 1)),
  state          TEXT    NOT NULL,                  -- the hall's state as last heard, or 'done' once finished here
  issued_at      INTEGER NOT NULL,
  called_at      INTEGER,
  served_at      INTEGER,
  finished_at    INTEGER,
  call_count     INTEGER NOT NULL,
  journey_id     TEXT,
  updated_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX queue_ticket_by_journey ON queue_ticket(journey_id);
