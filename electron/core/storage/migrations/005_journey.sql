-- 005: the one-stop service journey, its effects (idempotent, crash safe) and the shift-start check.
-- Personal data: ID numbers only masked (first 4 + last 4) plus a keyed hash; the name only as
-- the farewell title (王先生); never the address or the photo.

CREATE TABLE journeys (
  journey_id      TEXT PRIMARY KEY,
  counter_id      TEXT NOT NULL,
  clerk_id        TEXT NOT NULL,
  session_id      TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('open', 'closed', 'cancelled')),
  step            TEXT NOT NULL,
  version         INTEGER NOT NULL,
  opened_at       INTEGER NOT NULL,
  closed_at       INTEGER,
  ticket          TEXT,
  business_codes  TEXT NOT NULL DEFAULT '[]',
  id_method       TEXT CHECK (id_method IN ('card', 'manual', 'service_password')),
  id_card_type    TEXT,
  id_masked       TEXT,
  id_hash         TEXT,
  manual_entry    INTEGER NOT NULL DEFAULT 0 CHECK (manual_entry IN (0, 1)),
  manual_reason   TEXT,
  farewell_title  TEXT,
  due_fen         INTEGER NOT NULL DEFAULT 0,
  tender          TEXT,
  tendered_fen    INTEGER,
  change_fen      INTEGER,
  pay_reference   TEXT,
  paid_at         INTEGER,
  receipt_job_id  TEXT,
  cancel_reason   TEXT,
  cancel_step     TEXT,
  refund_fen      INTEGER,
  refund_status   TEXT,
  -- The machine's full state (already free of personal data): what a restart resumes from.
  state_json      TEXT NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;
-- One open journey per counter, enforced by the database too.
CREATE UNIQUE INDEX journeys_one_open_per_counter ON journeys (counter_id) WHERE status = 'open';
CREATE INDEX journeys_opened_at ON journeys (opened_at);

CREATE TABLE journey_businesses (
  journey_id          TEXT NOT NULL REFERENCES journeys (journey_id),
  business_code       TEXT NOT NULL,
  status              TEXT NOT NULL,
  fee_fen             INTEGER NOT NULL,
  balance_refund_fen  INTEGER NOT NULL,
  charged             INTEGER NOT NULL CHECK (charged IN (0, 1)),
  processed_at        INTEGER,
  PRIMARY KEY (journey_id, business_code)
) STRICT;

-- Every clerk action, sanitised (no full ID number, name or address), in order.
CREATE TABLE journey_actions (
  journey_id   TEXT NOT NULL REFERENCES journeys (journey_id),
  seq          INTEGER NOT NULL,
  at           INTEGER NOT NULL,
  type         TEXT NOT NULL,
  step_before  TEXT NOT NULL,
  step_after   TEXT NOT NULL,
  payload      TEXT NOT NULL,
  PRIMARY KEY (journey_id, seq)
) STRICT;

CREATE TABLE journey_steps (
  journey_id  TEXT NOT NULL REFERENCES journeys (journey_id),
  seq         INTEGER NOT NULL,
  step        TEXT NOT NULL,
  entered_at  INTEGER NOT NULL,
  PRIMARY KEY (journey_id, seq)
) STRICT;

CREATE TABLE journey_consents (
  journey_id     TEXT NOT NULL REFERENCES journeys (journey_id),
  seq            INTEGER NOT NULL,
  business_code  TEXT NOT NULL,
  answer         TEXT NOT NULL CHECK (answer IN ('agreed', 'refused')),
  at             INTEGER NOT NULL,
  PRIMARY KEY (journey_id, seq)
) STRICT;

CREATE TABLE journey_recommendations (
  journey_id    TEXT NOT NULL REFERENCES journeys (journey_id),
  product_code  TEXT NOT NULL,
  outcome       TEXT NOT NULL CHECK (outcome IN ('accepted', 'declined', 'not_applicable')),
  reason        TEXT,
  at            INTEGER NOT NULL,
  PRIMARY KEY (journey_id, product_code)
) STRICT;

-- Effects the machine asked for. Inserted in the same transaction as the action that caused
-- them; marked done in the same transaction as the state change that records their result.
-- A key is carried out at most once by us; the till and print queue also dedupe by it.
CREATE TABLE journey_effects (
  effect_key  TEXT PRIMARY KEY,
  journey_id  TEXT NOT NULL REFERENCES journeys (journey_id),
  seq         INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  payload     TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
  created_at  INTEGER NOT NULL,
  done_at     INTEGER,
  result      TEXT
) STRICT;
CREATE INDEX journey_effects_pending ON journey_effects (status, seq) WHERE status = 'pending';

-- 班前准备: the checklist a clerk runs after sign-in, before the first customer.
CREATE TABLE shift_checks (
  check_id    INTEGER PRIMARY KEY,
  session_id  TEXT NOT NULL,
  counter_id  TEXT NOT NULL,
  clerk_id    TEXT NOT NULL,
  at          INTEGER NOT NULL,
  result      TEXT NOT NULL CHECK (result IN ('pass', 'warn', 'fail')),
  items       TEXT NOT NULL
) STRICT;
CREATE INDEX shift_checks_session ON shift_checks (session_id, counter_id);
