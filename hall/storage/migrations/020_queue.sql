-- The queue (docs/queue.md): tickets issued by the floating guide, called by the counters, shown
-- on the hall display. A 'guide' account signs in on the hall page only.
ALTER TABLE hall_staff DROP CONSTRAINT IF EXISTS hall_staff_role_check;
ALTER TABLE hall_staff ADD CONSTRAINT hall_staff_role_check CHECK (role IN ('clerk', 'duty_manager', 'admin', 'guide'));

-- The last number given per business day and prefix (A001, A002 … each day from 1).
CREATE TABLE queue_number (
  day     text NOT NULL,
  prefix  text NOT NULL,
  last    int  NOT NULL,
  PRIMARY KEY (day, prefix)
);

-- One row per ticket. `queued_at` orders the waiting line of its group: the issue time, kept
-- when a transfer moves the ticket to another group (it has waited already).
CREATE TABLE queue_ticket (
  id             bigserial PRIMARY KEY,
  day            text    NOT NULL,
  prefix         text    NOT NULL,
  number         int     NOT NULL,
  label          text    NOT NULL,
  grp            text    NOT NULL,
  business_code  text    NOT NULL,
  business_zh    text    NOT NULL,
  business_en    text    NOT NULL,
  priority       boolean NOT NULL DEFAULT false,
  state          text    NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'done', 'no_show', 'transferred')),
  issued_at      bigint  NOT NULL,
  queued_at      bigint  NOT NULL,
  called_at      bigint,
  served_at      bigint,
  finished_at    bigint,
  call_count     int     NOT NULL DEFAULT 0,
  counter        int,
  transferred_to text,
  journey_id     text,
  issued_by      text    NOT NULL,
  UNIQUE (day, prefix, number)
);
-- Calling next reads the waiting line of a day's groups in this order.
CREATE INDEX queue_ticket_waiting ON queue_ticket (day, grp, priority DESC, queued_at, id) WHERE state = 'waiting';
CREATE INDEX queue_ticket_counter ON queue_ticket (counter, state) WHERE state IN ('called', 'serving');

-- Every call and recall, append-only: the display's list and the figures' first call.
CREATE TABLE queue_call (
  id         bigserial PRIMARY KEY,
  ticket_id  bigint  NOT NULL REFERENCES queue_ticket (id),
  counter    int     NOT NULL,
  at         bigint  NOT NULL,
  recall     boolean NOT NULL
);
CREATE INDEX queue_call_at ON queue_call (at DESC);

-- Visits that got no ticket: turned away at the door (documents missing), or sent to self-service.
CREATE TABLE queue_visit (
  id             bigserial PRIMARY KEY,
  day            text   NOT NULL,
  kind           text   NOT NULL CHECK (kind IN ('turned_away', 'self_service')),
  business_code  text   NOT NULL,
  grp            text   NOT NULL,
  reason         text,
  note           text,
  at             bigint NOT NULL,
  by_staff       text   NOT NULL
);
CREATE INDEX queue_visit_day ON queue_visit (day);

-- The groups each counter calls ({} = every group), set by the duty manager.
CREATE TABLE queue_counter (
  counter  int    PRIMARY KEY,
  groups   text[] NOT NULL DEFAULT '{}',
  at       bigint NOT NULL,
  by_staff text   NOT NULL
);

CREATE TABLE queue_setting (
  id        int    PRIMARY KEY CHECK (id = 1),
  settings  jsonb  NOT NULL,
  at        bigint NOT NULL,
  by_staff  text   NOT NULL
);
