-- The desk's figures over a week, a month or a year in under a second (docs/desk.md, Speed):
-- what the figures add up is kept added up, per hour, as journeys and steps arrive.
--
-- Every count and sum of the journeys (volume, cancellations, refunds, businesses by code,
-- manual ID, consents, recommendations) is kept per hour opened, counter and clerk: a period of
-- business days is whole hours in every zone whose offset is whole hours (all of China's), so a
-- month is a few thousand rows, not 80,000 journeys, and the sums are exact. Time serving is
-- kept per hour opened and hour served (a journey crossing the hour is split there, as the
-- utilisation figure splits it). Step durations are kept as histograms (the bucket: a whole
-- second below an hour, a whole minute below a day, a whole hour above; desk_duration_bucket)
-- per hour and per UTC day, hall-wide per step: a period reads the whole UTC days inside it
-- from the daily rows and the hours at its edges from the hourly ones, and its median and p90
-- are read from the sum (hall/desk/histogram.ts), within half a bucket of the exact value.
--
-- The rollups follow desk_journey and desk_step themselves (statement triggers with transition
-- tables: one grouped upsert per statement, a replaced journey taken out as it was and put back
-- as it is), so rows written by the ingest trigger (010) and rows written any other way agree.

CREATE FUNCTION desk_duration_bucket(ms bigint) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN ms < 3600000 THEN floor(ms / 1000.0)::int
    WHEN ms < 86400000 THEN 3600 + ((ms - 3600000) / 60000)::int
    ELSE 4980 + least((ms - 86400000) / 3600000, 2000000000)::int
  END
$$;

CREATE TABLE desk_hour (
  hour             bigint NOT NULL,   -- the journey's opened_at, down to the whole hour (epoch ms)
  counter          int    NOT NULL,
  clerk            text   NOT NULL,
  journeys         int    NOT NULL,
  closed           int    NOT NULL,
  cancelled        int    NOT NULL,
  refunds          int    NOT NULL,
  refund_fen       bigint NOT NULL,
  businesses       int    NOT NULL,   -- businesses processed in closed journeys
  manual           int    NOT NULL,
  consents_refused int    NOT NULL,
  rec_offered      int    NOT NULL,
  rec_accepted     int    NOT NULL,
  PRIMARY KEY (hour, counter, clerk)
);

CREATE TABLE desk_hour_business (
  hour    bigint NOT NULL,
  counter int    NOT NULL,
  clerk   text   NOT NULL,
  code    text   NOT NULL,
  n       int    NOT NULL,           -- times processed in closed journeys opened in the hour
  PRIMARY KEY (hour, counter, clerk, code)
);

CREATE TABLE desk_serving (
  opened_hour bigint NOT NULL,       -- the hour the journeys were opened in
  hour        bigint NOT NULL,       -- the hour the time was spent in
  counter     int    NOT NULL,
  clerk       text   NOT NULL,
  ms          bigint NOT NULL,
  PRIMARY KEY (opened_hour, hour, counter, clerk)
);

CREATE TABLE desk_step_hour (
  hour    bigint NOT NULL,           -- entered_at down to the whole hour
  step    text   NOT NULL,
  bucket  int    NOT NULL,           -- desk_duration_bucket(duration_ms)
  n       int    NOT NULL,
  PRIMARY KEY (hour, step, bucket)
);

CREATE TABLE desk_step_day (
  day     bigint NOT NULL,           -- entered_at down to the whole UTC day
  step    text   NOT NULL,
  bucket  int    NOT NULL,
  n       int    NOT NULL,
  PRIMARY KEY (day, step, bucket)
);

-- A counter's steps of a period (the steps figure with a counter filter reads them exactly).
CREATE INDEX desk_step_counter ON desk_step (counter, entered_at);

-- Journeys: rows in (+1) and rows out (-1) of one statement, grouped, added to the rollups.
CREATE FUNCTION desk_rollup_journeys() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  src text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT *, 1 AS sg FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT *, -1 AS sg FROM old_rows'
    ELSE 'SELECT *, 1 AS sg FROM new_rows UNION ALL SELECT *, -1 AS sg FROM old_rows' END;
BEGIN
  EXECUTE format($q$
    INSERT INTO desk_hour AS t
    SELECT j.opened_at - j.opened_at %% 3600000, j.counter, j.clerk, sum(j.sg),
      COALESCE(sum(j.sg) FILTER (WHERE j.status = 'closed'), 0), COALESCE(sum(j.sg) FILTER (WHERE j.status = 'cancelled'), 0),
      COALESCE(sum(j.sg) FILTER (WHERE j.refund_fen > 0), 0), COALESCE(sum(j.sg * j.refund_fen) FILTER (WHERE j.refund_fen > 0), 0),
      COALESCE(sum(j.sg * cardinality(j.processed)) FILTER (WHERE j.status = 'closed'), 0), COALESCE(sum(j.sg) FILTER (WHERE j.manual_entry), 0),
      sum(j.sg * j.consents_refused), sum(j.sg * j.rec_offered), sum(j.sg * j.rec_accepted)
    FROM (%s) j GROUP BY 1, 2, 3
    ON CONFLICT (hour, counter, clerk) DO UPDATE SET
      journeys = t.journeys + EXCLUDED.journeys, closed = t.closed + EXCLUDED.closed, cancelled = t.cancelled + EXCLUDED.cancelled,
      refunds = t.refunds + EXCLUDED.refunds, refund_fen = t.refund_fen + EXCLUDED.refund_fen,
      businesses = t.businesses + EXCLUDED.businesses, manual = t.manual + EXCLUDED.manual,
      consents_refused = t.consents_refused + EXCLUDED.consents_refused, rec_offered = t.rec_offered + EXCLUDED.rec_offered,
      rec_accepted = t.rec_accepted + EXCLUDED.rec_accepted
  $q$, src);
  EXECUTE format($q$
    INSERT INTO desk_hour_business AS t
    SELECT j.opened_at - j.opened_at %% 3600000, j.counter, j.clerk, b, sum(j.sg)
    FROM (%s) j, unnest(j.processed) AS b WHERE j.status = 'closed' GROUP BY 1, 2, 3, 4
    ON CONFLICT (hour, counter, clerk, code) DO UPDATE SET n = t.n + EXCLUDED.n
  $q$, src);
  -- Time serving, split at the hour: most journeys end within their hour or the next.
  EXECUTE format($q$
    INSERT INTO desk_serving AS t
    SELECT x.h0, h, x.counter, x.clerk, sum(x.sg * (least(x.closed_at, h + 3600000) - greatest(x.opened_at, h)))
    FROM (SELECT j.*, j.opened_at - j.opened_at %% 3600000 AS h0 FROM (%s) j WHERE j.closed_at > j.opened_at) x,
      generate_series(x.h0, x.closed_at - 1, 3600000::int8) AS h
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (opened_hour, hour, counter, clerk) DO UPDATE SET ms = t.ms + EXCLUDED.ms
  $q$, src);
  RETURN NULL;
END
$$;

CREATE FUNCTION desk_rollup_steps() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  src text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT *, 1 AS sg FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT *, -1 AS sg FROM old_rows'
    ELSE 'SELECT *, 1 AS sg FROM new_rows UNION ALL SELECT *, -1 AS sg FROM old_rows' END;
BEGIN
  -- One statement: the deltas grouped once, added to the hourly and the daily histograms.
  EXECUTE format($q$
    WITH d AS (
      SELECT s.entered_at - s.entered_at %% 3600000 AS hour, s.step, desk_duration_bucket(s.duration_ms) AS bucket, sum(s.sg)::int AS n
      FROM (%s) s WHERE s.duration_ms IS NOT NULL GROUP BY 1, 2, 3
    ), by_hour AS (
      INSERT INTO desk_step_hour AS t SELECT hour, step, bucket, n FROM d
      ON CONFLICT (hour, step, bucket) DO UPDATE SET n = t.n + EXCLUDED.n
    )
    INSERT INTO desk_step_day AS t SELECT hour - hour %% 86400000, step, bucket, sum(n) FROM d GROUP BY 1, 2, 3
    ON CONFLICT (day, step, bucket) DO UPDATE SET n = t.n + EXCLUDED.n
  $q$, src);
  RETURN NULL;
END
$$;

-- A hall that already holds journeys and steps: add them up now (the triggers come after).
INSERT INTO desk_hour
SELECT opened_at - opened_at % 3600000, counter, clerk, count(*),
  count(*) FILTER (WHERE status = 'closed'), count(*) FILTER (WHERE status = 'cancelled'),
  count(*) FILTER (WHERE refund_fen > 0), COALESCE(sum(refund_fen) FILTER (WHERE refund_fen > 0), 0),
  COALESCE(sum(cardinality(processed)) FILTER (WHERE status = 'closed'), 0), count(*) FILTER (WHERE manual_entry),
  sum(consents_refused), sum(rec_offered), sum(rec_accepted)
FROM desk_journey GROUP BY 1, 2, 3;

INSERT INTO desk_hour_business
SELECT opened_at - opened_at % 3600000, counter, clerk, b, count(*)
FROM desk_journey, unnest(processed) AS b WHERE status = 'closed' GROUP BY 1, 2, 3, 4;

INSERT INTO desk_serving
SELECT x.h0, h, x.counter, x.clerk, sum(least(x.closed_at, h + 3600000) - greatest(x.opened_at, h))
FROM (SELECT j.*, j.opened_at - j.opened_at % 3600000 AS h0 FROM desk_journey j WHERE j.closed_at > j.opened_at) x,
  generate_series(x.h0, x.closed_at - 1, 3600000::int8) AS h
GROUP BY 1, 2, 3, 4;

INSERT INTO desk_step_hour
SELECT entered_at - entered_at % 3600000, step, desk_duration_bucket(duration_ms), count(*)
FROM desk_step WHERE duration_ms IS NOT NULL GROUP BY 1, 2, 3;

INSERT INTO desk_step_day
SELECT entered_at - entered_at % 86400000, step, desk_duration_bucket(duration_ms), count(*)
FROM desk_step WHERE duration_ms IS NOT NULL GROUP BY 1, 2, 3;

CREATE TRIGGER desk_journey_rollup_ins AFTER INSERT ON desk_journey
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION desk_rollup_journeys();
CREATE TRIGGER desk_journey_rollup_upd AFTER UPDATE ON desk_journey
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION desk_rollup_journeys();
CREATE TRIGGER desk_journey_rollup_del AFTER DELETE ON desk_journey
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION desk_rollup_journeys();
CREATE TRIGGER desk_step_rollup_ins AFTER INSERT ON desk_step
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION desk_rollup_steps();
CREATE TRIGGER desk_step_rollup_upd AFTER UPDATE ON desk_step
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION desk_rollup_steps();
CREATE TRIGGER desk_step_rollup_del AFTER DELETE ON desk_step
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION desk_rollup_steps();
