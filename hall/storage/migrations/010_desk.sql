-- The duty manager's desk (docs/desk.md): what the figures read, kept beside the replicated rows,
-- and what the duty manager writes (reports, spot checks, the morning's record and checklist,
-- the day closed, the lunch rotation).
--
-- Figures over a year of a 20-counter hall must come back in under a second, and jsonb read row
-- by row cannot do that: journeys and steps are derived into narrow tables as they arrive, by a
-- statement trigger on replica_row (one INSERT … SELECT per ingested batch, not one per row).
-- A journey is resent when its refund's status changes: the newest seq wins. Everything else the
-- figures need (settlements, handovers, early events, print outcomes) is a few rows per counter
-- and day and is read from replica_row through its (stream, at) index.

CREATE TABLE desk_journey (
  counter          int     NOT NULL,
  source           int     NOT NULL,
  journey_id       text    NOT NULL,
  seq              bigint  NOT NULL,
  clerk            text    NOT NULL,
  status           text    NOT NULL,
  opened_at        bigint  NOT NULL,
  closed_at        bigint,
  id_masked        text,
  id_method        text,
  manual_entry     boolean NOT NULL,
  ticket           text,
  requested        text[]  NOT NULL,   -- every business asked for
  processed        text[]  NOT NULL,   -- the businesses done (status processed)
  due_fen          bigint  NOT NULL,
  refund_fen       bigint,
  refund_status    text,
  cancel_reason    text,
  rec_offered      int     NOT NULL,   -- recommendations other than not_applicable
  rec_accepted     int     NOT NULL,
  consents_refused int     NOT NULL,
  PRIMARY KEY (counter, source, journey_id)
);
CREATE INDEX desk_journey_opened ON desk_journey (opened_at);
CREATE INDEX desk_journey_clerk ON desk_journey (clerk, opened_at);

CREATE TABLE desk_step (
  counter      int    NOT NULL,
  source       int    NOT NULL,
  journey_id   text   NOT NULL,
  step_no      int    NOT NULL,
  step         text   NOT NULL,
  entered_at   bigint NOT NULL,
  duration_ms  bigint,
  PRIMARY KEY (counter, source, journey_id, step_no)
);
CREATE INDEX desk_step_entered ON desk_step (entered_at);

CREATE FUNCTION desk_derive_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO desk_journey
  SELECT DISTINCT ON (r.counter, r.source, r.data->>'journey_id')
    r.counter, r.source, r.data->>'journey_id', r.seq, r.data->>'clerk_id', r.data->>'status',
    (r.data->>'opened_at')::bigint, (r.data->>'closed_at')::bigint, r.data->>'id_masked', r.data->>'id_method',
    (r.data->>'manual_entry')::boolean, r.data->>'ticket',
    ARRAY(SELECT jsonb_array_elements_text(r.data->'business_codes')),
    ARRAY(SELECT b->>'code' FROM jsonb_array_elements(r.data->'businesses') b WHERE b->>'status' = 'processed'),
    (r.data->>'due_fen')::bigint, (r.data->>'refund_fen')::bigint, r.data->>'refund_status', r.data->>'cancel_reason',
    (SELECT count(*) FROM jsonb_array_elements(r.data->'recommendations') x WHERE x->>'outcome' <> 'not_applicable'),
    (SELECT count(*) FROM jsonb_array_elements(r.data->'recommendations') x WHERE x->>'outcome' = 'accepted'),
    (SELECT count(*) FROM jsonb_array_elements(r.data->'consents') x WHERE x->>'answer' = 'refused')
  FROM new_rows r WHERE r.stream = 'journey'
  ORDER BY r.counter, r.source, r.data->>'journey_id', r.seq DESC
  ON CONFLICT (counter, source, journey_id) DO UPDATE SET
    seq = EXCLUDED.seq, clerk = EXCLUDED.clerk, status = EXCLUDED.status, opened_at = EXCLUDED.opened_at,
    closed_at = EXCLUDED.closed_at, id_masked = EXCLUDED.id_masked, id_method = EXCLUDED.id_method,
    manual_entry = EXCLUDED.manual_entry, ticket = EXCLUDED.ticket, requested = EXCLUDED.requested,
    processed = EXCLUDED.processed, due_fen = EXCLUDED.due_fen, refund_fen = EXCLUDED.refund_fen,
    refund_status = EXCLUDED.refund_status, cancel_reason = EXCLUDED.cancel_reason, rec_offered = EXCLUDED.rec_offered,
    rec_accepted = EXCLUDED.rec_accepted, consents_refused = EXCLUDED.consents_refused
  WHERE desk_journey.seq < EXCLUDED.seq;

  INSERT INTO desk_step
  SELECT DISTINCT ON (r.counter, r.source, r.data->>'journey_id', (r.data->>'step_no')::int)
    r.counter, r.source, r.data->>'journey_id', (r.data->>'step_no')::int, r.data->>'step',
    (r.data->>'entered_at')::bigint, (r.data->>'duration_ms')::bigint
  FROM new_rows r WHERE r.stream = 'step'
  ORDER BY r.counter, r.source, r.data->>'journey_id', (r.data->>'step_no')::int, r.seq DESC
  ON CONFLICT (counter, source, journey_id, step_no) DO UPDATE SET
    step = EXCLUDED.step, entered_at = EXCLUDED.entered_at, duration_ms = EXCLUDED.duration_ms;

  -- An early-settlement attempt, approval or refusal is pushed to every hall page as it arrives
  -- (hall/signals.ts, type 'early'): heard once this batch commits, by every hall process.
  PERFORM pg_notify('counterdesk_hall', json_build_object(
      'type', 'early', 'counter', r.counter, 'at', (r.data->>'at')::bigint, 'staffNo', r.data->>'staff_no',
      'outcome', r.data->>'outcome', 'block', r.data->>'block', 'minutesEarly', (r.data->>'minutes_early')::int,
      'approver', r.data->>'approver_staff_no')::text)
  FROM new_rows r WHERE r.stream = 'early_event' AND r.data->>'outcome' IN ('refused', 'approved', 'override_refused');
  RETURN NULL;
END
$$;
CREATE TRIGGER replica_row_desk AFTER INSERT ON replica_row
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION desk_derive_rows();

-- A hall that already holds rows: derive them now (the same statements over the whole table).
INSERT INTO desk_journey
SELECT DISTINCT ON (r.counter, r.source, r.data->>'journey_id')
  r.counter, r.source, r.data->>'journey_id', r.seq, r.data->>'clerk_id', r.data->>'status',
  (r.data->>'opened_at')::bigint, (r.data->>'closed_at')::bigint, r.data->>'id_masked', r.data->>'id_method',
  (r.data->>'manual_entry')::boolean, r.data->>'ticket',
  ARRAY(SELECT jsonb_array_elements_text(r.data->'business_codes')),
  ARRAY(SELECT b->>'code' FROM jsonb_array_elements(r.data->'businesses') b WHERE b->>'status' = 'processed'),
  (r.data->>'due_fen')::bigint, (r.data->>'refund_fen')::bigint, r.data->>'refund_status', r.data->>'cancel_reason',
  (SELECT count(*) FROM jsonb_array_elements(r.data->'recommendations') x WHERE x->>'outcome' <> 'not_applicable'),
  (SELECT count(*) FROM jsonb_array_elements(r.data->'recommendations') x WHERE x->>'outcome' = 'accepted'),
  (SELECT count(*) FROM jsonb_array_elements(r.data->'consents') x WHERE x->>'answer' = 'refused')
FROM replica_row r WHERE r.stream = 'journey'
ORDER BY r.counter, r.source, r.data->>'journey_id', r.seq DESC
ON CONFLICT (counter, source, journey_id) DO UPDATE SET
  seq = EXCLUDED.seq, clerk = EXCLUDED.clerk, status = EXCLUDED.status, opened_at = EXCLUDED.opened_at,
  closed_at = EXCLUDED.closed_at, id_masked = EXCLUDED.id_masked, id_method = EXCLUDED.id_method,
  manual_entry = EXCLUDED.manual_entry, ticket = EXCLUDED.ticket, requested = EXCLUDED.requested,
  processed = EXCLUDED.processed, due_fen = EXCLUDED.due_fen, refund_fen = EXCLUDED.refund_fen,
  refund_status = EXCLUDED.refund_status, cancel_reason = EXCLUDED.cancel_reason, rec_offered = EXCLUDED.rec_offered,
  rec_accepted = EXCLUDED.rec_accepted, consents_refused = EXCLUDED.consents_refused
WHERE desk_journey.seq < EXCLUDED.seq;

INSERT INTO desk_step
SELECT DISTINCT ON (r.counter, r.source, r.data->>'journey_id', (r.data->>'step_no')::int)
  r.counter, r.source, r.data->>'journey_id', (r.data->>'step_no')::int, r.data->>'step',
  (r.data->>'entered_at')::bigint, (r.data->>'duration_ms')::bigint
FROM replica_row r WHERE r.stream = 'step'
ORDER BY r.counter, r.source, r.data->>'journey_id', (r.data->>'step_no')::int, r.seq DESC
ON CONFLICT (counter, source, journey_id, step_no) DO UPDATE SET
  step = EXCLUDED.step, entered_at = EXCLUDED.entered_at, duration_ms = EXCLUDED.duration_ms;

-- The duty manager's settings: how many counters must stay open at lunch, the queue length that
-- warns against a lunch break (read only where the queue keeps its tickets).
CREATE TABLE desk_setting (
  key    text PRIMARY KEY,
  value  jsonb NOT NULL
);
INSERT INTO desk_setting (key, value) VALUES ('lunch', '{"minOpen": 2, "queueWarn": 10}'::jsonb);

-- Reports the duty manager owes (日报/周报/月报): the figures as generated, the comments, and once
-- submitted, locked (a trigger refuses any change to a submitted report).
CREATE TABLE desk_report (
  id            bigserial PRIMARY KEY,
  kind          text   NOT NULL CHECK (kind IN ('daily', 'weekly', 'monthly')),
  period_from   text   NOT NULL,   -- YYYY-MM-DD, inclusive
  period_to     text   NOT NULL,   -- YYYY-MM-DD, inclusive
  figures       jsonb  NOT NULL,
  comments      jsonb  NOT NULL DEFAULT '{}'::jsonb,
  generated_at  bigint NOT NULL,
  generated_by  text   NOT NULL,
  updated_at    bigint NOT NULL,
  submitted_at  bigint,
  submitted_by  text,
  UNIQUE (kind, period_from)
);
CREATE FUNCTION desk_report_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.submitted_at IS NOT NULL THEN
    RAISE EXCEPTION 'desk_report % is submitted: it can no longer change', OLD.id;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER desk_report_lock BEFORE UPDATE OR DELETE ON desk_report
  FOR EACH ROW EXECUTE FUNCTION desk_report_locked();

-- The work log (工作日志): spot checks of service, scored; append-only.
CREATE TABLE desk_spot_check (
  id              bigserial PRIMARY KEY,
  business_day    text   NOT NULL,
  at              bigint NOT NULL,
  checker         text   NOT NULL,
  staff_no        text   NOT NULL,
  counter         int,
  smile           int    NOT NULL CHECK (smile BETWEEN 1 AND 5),
  initiative      int    NOT NULL CHECK (initiative BETWEEN 1 AND 5),
  standard        int    NOT NULL CHECK (standard BETWEEN 1 AND 5),
  proficiency     int    NOT NULL CHECK (proficiency BETWEEN 1 AND 5),
  speed           int    NOT NULL CHECK (speed BETWEEN 1 AND 5),
  correctness     int    NOT NULL CHECK (correctness BETWEEN 1 AND 5),
  notes           text   NOT NULL DEFAULT '',
  draw_id         bigint
);
CREATE INDEX desk_spot_check_staff ON desk_spot_check (staff_no, business_day);
CREATE INDEX desk_spot_check_day ON desk_spot_check (business_day);
CREATE TRIGGER desk_spot_check_append_only BEFORE UPDATE OR DELETE ON desk_spot_check
  FOR EACH ROW EXECUTE FUNCTION hall_refuse_change();

-- Each random pick (who was on duty, how many the rule asked for, who was drawn), append-only.
CREATE TABLE desk_spot_draw (
  id            bigserial PRIMARY KEY,
  business_day  text   NOT NULL,
  at            bigint NOT NULL,
  checker       text   NOT NULL,
  on_duty       jsonb  NOT NULL,
  required      int    NOT NULL,
  picked        jsonb  NOT NULL
);
CREATE TRIGGER desk_spot_draw_append_only BEFORE UPDATE OR DELETE ON desk_spot_draw
  FOR EACH ROW EXECUTE FUNCTION hall_refuse_change();

-- The morning meeting (班前会) of a day: who attended, the topics, the praise (first).
CREATE TABLE desk_morning (
  business_day  text   PRIMARY KEY,
  attendees     jsonb  NOT NULL,
  topics        jsonb  NOT NULL,
  praise        text   NOT NULL,
  notes         text   NOT NULL DEFAULT '',
  recorded_by   text   NOT NULL,
  recorded_at   bigint NOT NULL
);

-- The pre-opening checklist (班前检查) of a day, one row per item: ticked or noted.
CREATE TABLE desk_checklist (
  business_day  text    NOT NULL,
  item          text    NOT NULL,
  ok            boolean NOT NULL,
  note          text    NOT NULL DEFAULT '',
  checked_by    text    NOT NULL,
  checked_at    bigint  NOT NULL,
  PRIMARY KEY (business_day, item)
);

-- The hall's day closed by the duty manager (refused while a counter is unsettled or a bag is missing).
CREATE TABLE desk_day_close (
  business_day  text   PRIMARY KEY,
  closed_at     bigint NOT NULL,
  closed_by     text   NOT NULL,
  summary       jsonb  NOT NULL
);
CREATE TRIGGER desk_day_close_append_only BEFORE UPDATE OR DELETE ON desk_day_close
  FOR EACH ROW EXECUTE FUNCTION hall_refuse_change();

-- The lunch rotation of a day: slots, who goes when.
CREATE TABLE desk_lunch (
  business_day  text   PRIMARY KEY,
  plan          jsonb  NOT NULL,
  saved_by      text   NOT NULL,
  saved_at      bigint NOT NULL
);
