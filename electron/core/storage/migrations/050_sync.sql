-- 050: the hall link (electron/core/sync). Numbered apart from the counter's own capabilities so
-- the till and journey migrations can go on at 007, 008 … before it.

-- This counter's enrolment with its hall server: the hall's address, its certificate pinned
-- by fingerprint, and the counter's own Ed25519 key pair (made here, the public half
-- registered on the hall). One row: a counter belongs to one hall.
CREATE TABLE sync_hall (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  hall_url         TEXT    NOT NULL,
  hall_id          TEXT    NOT NULL,
  counter_number   INTEGER NOT NULL CHECK (counter_number BETWEEN 1 AND 999),
  cert_pem         TEXT    NOT NULL,
  fingerprint      TEXT    NOT NULL,
  public_key       TEXT    NOT NULL,
  private_key_pem  TEXT    NOT NULL,
  enrolled_at      INTEGER NOT NULL
) STRICT;

-- This database's own random id, made once: the hall keeps each counter database's rows apart
-- (a replaced PC numbers its rows from 1 again), and this database enrolling again continues.
INSERT OR IGNORE INTO meta (key, value) VALUES ('sync.database_id', lower(hex(randomblob(16))));

-- The outbox of the streams that are not chained: a record is captured here, numbered per
-- stream without gaps, when it becomes final (a journey closed or cancelled, a job printed …);
-- the row is the replication shape (base/contract/replication.ts) as JSON. Append-only.
CREATE TABLE sync_outbox (
  stream       TEXT    NOT NULL,
  seq          INTEGER NOT NULL CHECK (seq >= 1),
  source_key   TEXT    NOT NULL,              -- what was captured (journey id + status …)
  at           INTEGER NOT NULL,              -- the time the record stands for
  data         TEXT    NOT NULL,
  captured_at  INTEGER NOT NULL,
  PRIMARY KEY (stream, seq),
  UNIQUE (stream, source_key)
) STRICT;
CREATE TRIGGER sync_outbox_no_update BEFORE UPDATE ON sync_outbox
BEGIN SELECT RAISE(ABORT, 'sync_outbox is append-only'); END;
CREATE TRIGGER sync_outbox_no_delete BEFORE DELETE ON sync_outbox
BEGIN SELECT RAISE(ABORT, 'sync_outbox is append-only'); END;

-- The last seq the hall acknowledged, per stream (and the heartbeat's own counter).
CREATE TABLE sync_cursor (
  stream     TEXT    PRIMARY KEY,
  acked_seq  INTEGER NOT NULL CHECK (acked_seq >= 0),
  acked_at   INTEGER
) STRICT;

-- What became final since the last capture, written by triggers in the same transaction as the
-- record itself: capturing then costs what is new, never a scan of the counter's history, and
-- cannot miss a record whatever the clock did. Consumed (deleted) by each capture.
CREATE TABLE sync_pending (
  id         INTEGER PRIMARY KEY,
  stream     TEXT NOT NULL,
  source_id  TEXT NOT NULL,
  UNIQUE (stream, source_id)
) STRICT;

CREATE TRIGGER sync_journey_final_ins AFTER INSERT ON journeys
WHEN NEW.status IN ('closed', 'cancelled') AND (NEW.refund_status IS NULL OR NEW.refund_status <> 'pending')
BEGIN INSERT OR IGNORE INTO sync_pending (stream, source_id) VALUES ('journey', NEW.journey_id); END;
CREATE TRIGGER sync_journey_final_upd AFTER UPDATE ON journeys
WHEN NEW.status IN ('closed', 'cancelled') AND (NEW.refund_status IS NULL OR NEW.refund_status <> 'pending')
BEGIN INSERT OR IGNORE INTO sync_pending (stream, source_id) VALUES ('journey', NEW.journey_id); END;
CREATE TRIGGER sync_settlement_ins AFTER INSERT ON till_settlement
BEGIN INSERT OR IGNORE INTO sync_pending (stream, source_id) VALUES ('settlement', CAST(NEW.session_id AS TEXT)); END;
CREATE TRIGGER sync_handover_ins AFTER INSERT ON till_handover
BEGIN INSERT OR IGNORE INTO sync_pending (stream, source_id) VALUES ('handover', CAST(NEW.session_id AS TEXT)); END;
CREATE TRIGGER sync_early_event_ins AFTER INSERT ON till_early_event
BEGIN INSERT OR IGNORE INTO sync_pending (stream, source_id) VALUES ('early_event', CAST(NEW.id AS TEXT)); END;
CREATE TRIGGER sync_print_final_ins AFTER INSERT ON print_jobs
WHEN NEW.state IN ('printed', 'failed')
BEGIN INSERT OR IGNORE INTO sync_pending (stream, source_id) VALUES ('print_outcome', CAST(NEW.id AS TEXT)); END;
CREATE TRIGGER sync_print_final_upd AFTER UPDATE ON print_jobs
WHEN NEW.state IN ('printed', 'failed')
BEGIN INSERT OR IGNORE INTO sync_pending (stream, source_id) VALUES ('print_outcome', CAST(NEW.id AS TEXT)); END;

-- A counter upgraded with history sends it all at its first sync.
INSERT INTO sync_pending (stream, source_id)
  SELECT 'journey', journey_id FROM journeys
  WHERE status IN ('closed', 'cancelled') AND (refund_status IS NULL OR refund_status <> 'pending');
INSERT INTO sync_pending (stream, source_id) SELECT 'settlement', CAST(session_id AS TEXT) FROM till_settlement;
INSERT INTO sync_pending (stream, source_id) SELECT 'handover', CAST(session_id AS TEXT) FROM till_handover;
INSERT INTO sync_pending (stream, source_id) SELECT 'early_event', CAST(id AS TEXT) FROM till_early_event;
INSERT INTO sync_pending (stream, source_id) SELECT 'print_outcome', CAST(id AS TEXT) FROM print_jobs WHERE state IN ('printed', 'failed');
