-- The till: cash sessions, the hash-chained cash ledger, counts, settlements, Z reports,
-- handovers and the early-settlement evidence the duty manager queries.
-- Money is integer fen; times are UTC epoch ms.

-- One cash session per clerk, counter and business day.
CREATE TABLE till_session (
  id            INTEGER PRIMARY KEY,
  counter_id    TEXT    NOT NULL,
  clerk_staff_no TEXT   NOT NULL,
  business_day  TEXT    NOT NULL,             -- YYYY-MM-DD in the hall's time zone
  opened_at     INTEGER NOT NULL,
  float_fen     INTEGER NOT NULL CHECK (float_fen >= 0),
  float_json    TEXT    NOT NULL,             -- pieces per denomination, counted at open
  items_json    TEXT    NOT NULL,             -- accountable items counted at open
  status        TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'settled')),
  settled_at    INTEGER
) STRICT;

-- The database, not only the code, refuses a second open drawer at a counter or for a clerk.
CREATE UNIQUE INDEX till_session_one_open_per_counter ON till_session(counter_id) WHERE status = 'open';
CREATE UNIQUE INDEX till_session_one_open_per_clerk ON till_session(clerk_staff_no) WHERE status = 'open';
CREATE INDEX till_session_by_day ON till_session(business_day, counter_id);

-- A session changes only once: open -> settled. Nothing else about it may be rewritten.
CREATE TRIGGER till_session_no_rewrite BEFORE UPDATE ON till_session
WHEN NOT (OLD.status = 'open' AND NEW.status = 'settled'
          AND NEW.id = OLD.id AND NEW.counter_id = OLD.counter_id
          AND NEW.clerk_staff_no = OLD.clerk_staff_no AND NEW.business_day = OLD.business_day
          AND NEW.opened_at = OLD.opened_at AND NEW.float_fen = OLD.float_fen
          AND NEW.float_json = OLD.float_json AND NEW.items_json = OLD.items_json)
BEGIN SELECT RAISE(ABORT, 'till_session: only open -> settled is allowed'); END;
CREATE TRIGGER till_session_no_delete BEFORE DELETE ON till_session
BEGIN SELECT RAISE(ABORT, 'till_session rows are never deleted'); END;

-- The cash ledger: append-only, hash-chained across the whole ledger (not per session).
-- amount_fen is the signed effect on the drawer for tender 'cash', the signed amount taken
-- through that tender otherwise. A correction is a new row with the corrected row's kind,
-- corrects_seq set and every amount negated, so sums per kind net out by themselves.
CREATE TABLE till_ledger (
  seq          INTEGER PRIMARY KEY,           -- 1, 2, 3 ... no gaps
  session_id   INTEGER NOT NULL REFERENCES till_session(id),
  at           INTEGER NOT NULL,
  kind         TEXT    NOT NULL CHECK (kind IN ('float', 'sale', 'change', 'refund', 'drop', 'cash_in', 'cash_out', 'item_use')),
  tender       TEXT    CHECK (tender IN ('cash', 'wechat', 'alipay', 'unionpay')),
  amount_fen   INTEGER NOT NULL,
  due_fen      INTEGER,
  tendered_fen INTEGER,
  change_fen   INTEGER,
  item         TEXT,
  qty          INTEGER,
  ref          TEXT,                          -- journey ref, bag number
  reason       TEXT,
  corrects_seq INTEGER REFERENCES till_ledger(seq),
  staff_no     TEXT    NOT NULL,
  prev_hash    TEXT    NOT NULL,
  hash         TEXT    NOT NULL UNIQUE
) STRICT;

-- Settlement sums one session's rows through this covering index: cost follows the
-- session's size, never the ledger's history.
CREATE INDEX till_ledger_by_session ON till_ledger(session_id, kind, tender, amount_fen, due_fen, tendered_fen, change_fen, corrects_seq);
CREATE INDEX till_ledger_items ON till_ledger(session_id, item, qty) WHERE item IS NOT NULL;
-- A row is corrected at most once.
CREATE UNIQUE INDEX till_ledger_one_correction ON till_ledger(corrects_seq) WHERE corrects_seq IS NOT NULL;

CREATE TRIGGER till_ledger_no_update BEFORE UPDATE ON till_ledger
BEGIN SELECT RAISE(ABORT, 'till_ledger is append-only: post a correction row instead'); END;
CREATE TRIGGER till_ledger_no_delete BEFORE DELETE ON till_ledger
BEGIN SELECT RAISE(ABORT, 'till_ledger is append-only: rows are never deleted'); END;

-- The chain head, written in the same transaction as each row: a deleted tail is then
-- visible to the verifier even between settlements.
CREATE TABLE till_ledger_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL,
  hash TEXT    NOT NULL
) STRICT;

-- Every blind count attempt (recounts included), kept.
CREATE TABLE till_count (
  id             INTEGER PRIMARY KEY,
  session_id     INTEGER NOT NULL REFERENCES till_session(id),
  attempt_no     INTEGER NOT NULL,
  counted_at     INTEGER NOT NULL,
  staff_no       TEXT    NOT NULL,
  cash_json      TEXT    NOT NULL,
  counted_fen    INTEGER NOT NULL,
  expected_fen   INTEGER NOT NULL,
  variance_fen   INTEGER NOT NULL,           -- counted - expected: > 0 over (长款), < 0 short (短款)
  items_json     TEXT    NOT NULL,           -- closing item counts
  head_seq       INTEGER NOT NULL,           -- the session's last ledger row when counted
  UNIQUE (session_id, attempt_no)
) STRICT;
CREATE TRIGGER till_count_no_update BEFORE UPDATE ON till_count
BEGIN SELECT RAISE(ABORT, 'till_count is append-only'); END;
CREATE TRIGGER till_count_no_delete BEFORE DELETE ON till_count
BEGIN SELECT RAISE(ABORT, 'till_count is append-only'); END;

-- Z report numbers: AUTOINCREMENT never hands a number out twice, so the sequence never resets.
CREATE TABLE till_z_report (
  z_no       INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL UNIQUE REFERENCES till_session(id),
  created_at INTEGER NOT NULL
) STRICT;
CREATE TRIGGER till_z_no_update BEFORE UPDATE ON till_z_report
BEGIN SELECT RAISE(ABORT, 'till_z_report is append-only'); END;
CREATE TRIGGER till_z_no_delete BEFORE DELETE ON till_z_report
BEGIN SELECT RAISE(ABORT, 'till_z_report is append-only'); END;

-- The settlement, written once per session. totals_json holds the session sums the verifier
-- recomputes from the rows; head_seq/head_hash anchor the whole ledger's chain head.
CREATE TABLE till_settlement (
  session_id        INTEGER PRIMARY KEY REFERENCES till_session(id),
  idempotency_key   TEXT    NOT NULL UNIQUE,
  settled_at        INTEGER NOT NULL,
  count_id          INTEGER NOT NULL REFERENCES till_count(id),
  z_no              INTEGER NOT NULL UNIQUE REFERENCES till_z_report(z_no),
  expected_fen      INTEGER NOT NULL,
  counted_fen       INTEGER NOT NULL,
  variance_fen      INTEGER NOT NULL,
  totals_json       TEXT    NOT NULL,
  variance_approver TEXT,
  early_approval_id INTEGER REFERENCES till_early_event(id),
  head_seq          INTEGER NOT NULL,
  head_hash         TEXT    NOT NULL,
  result_json       TEXT    NOT NULL
) STRICT;
CREATE TRIGGER till_settlement_no_update BEFORE UPDATE ON till_settlement
BEGIN SELECT RAISE(ABORT, 'till_settlement is written once'); END;
CREATE TRIGGER till_settlement_no_delete BEFORE DELETE ON till_settlement
BEGIN SELECT RAISE(ABORT, 'till_settlement is written once'); END;

-- Early-settlement evidence (督促结账勿提前): every refused attempt, every refused override,
-- every approval. The duty manager queries this; staff evaluation relies on it.
CREATE TABLE till_early_event (
  id              INTEGER PRIMARY KEY,
  at              INTEGER NOT NULL,
  session_id      INTEGER REFERENCES till_session(id),
  counter_id      TEXT    NOT NULL,
  staff_no        TEXT    NOT NULL,           -- the clerk whose till it is
  outcome         TEXT    NOT NULL CHECK (outcome IN ('refused', 'override_refused', 'approved', 'clock_approved')),
  block           TEXT,                       -- before_close | open_journey | clock_rollback | clock_jump
  minutes_early   INTEGER,
  allowed_at      INTEGER,                    -- when settlement becomes allowed, if known
  open_journeys   INTEGER,
  approver_staff_no TEXT,                     -- who approved, or who tried to
  reason_code     TEXT,
  reason_text     TEXT
) STRICT;
CREATE INDEX till_early_event_by_day ON till_early_event(at);
CREATE INDEX till_early_event_by_session ON till_early_event(session_id, outcome);
CREATE TRIGGER till_early_event_no_update BEFORE UPDATE ON till_early_event
BEGIN SELECT RAISE(ABORT, 'till_early_event is append-only'); END;
CREATE TRIGGER till_early_event_no_delete BEFORE DELETE ON till_early_event
BEGIN SELECT RAISE(ABORT, 'till_early_event is append-only'); END;

-- The clock guard's last observation per counter; suspect_at is set when the clock jumped and
-- cleared only by a duty manager's clock approval.
CREATE TABLE till_clock_watch (
  counter_id   TEXT PRIMARY KEY,
  last_seen_ms INTEGER NOT NULL,
  suspect_at   INTEGER,
  jump_ms      INTEGER
) STRICT;

-- Handing the takings over (营业款上缴): once per session, confirmed by both people.
CREATE TABLE till_handover (
  session_id        INTEGER PRIMARY KEY REFERENCES till_session(id),
  at                INTEGER NOT NULL,
  amount_fen        INTEGER NOT NULL CHECK (amount_fen > 0),
  bag_no            TEXT    NOT NULL,
  seal_no           TEXT    NOT NULL,
  handed_by         TEXT    NOT NULL,
  received_by       TEXT    NOT NULL,
  CHECK (handed_by <> received_by)
) STRICT;
CREATE TRIGGER till_handover_no_update BEFORE UPDATE ON till_handover
BEGIN SELECT RAISE(ABORT, 'till_handover is written once'); END;
CREATE TRIGGER till_handover_no_delete BEFORE DELETE ON till_handover
BEGIN SELECT RAISE(ABORT, 'till_handover is written once'); END;

-- Every print of a Z report: copy 0 is the original, 1.. are reprints (marked on paper).
CREATE TABLE till_report_print (
  id          INTEGER PRIMARY KEY,
  z_no        INTEGER NOT NULL REFERENCES till_z_report(z_no),
  copy_no     INTEGER NOT NULL,
  printed_at  INTEGER NOT NULL,
  staff_no    TEXT    NOT NULL,
  approver_staff_no TEXT,
  UNIQUE (z_no, copy_no)
) STRICT;
CREATE TRIGGER till_report_print_no_update BEFORE UPDATE ON till_report_print
BEGIN SELECT RAISE(ABORT, 'till_report_print is append-only'); END;
CREATE TRIGGER till_report_print_no_delete BEFORE DELETE ON till_report_print
BEGIN SELECT RAISE(ABORT, 'till_report_print is append-only'); END;
