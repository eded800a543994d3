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
