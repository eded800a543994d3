/**
 * The hall's day in figures (issue 17 item 1), computed in SQL on the hall's database — the same
 * statements on PGlite and a PostgreSQL server — for a period and filters (scope.ts): for the
 * hall, per counter and per clerk (GROUPING SETS: one pass for all three), by business with the
 * change against the previous period, handling time per journey and per step (median and p90 by
 * percentile_cont: linear between the two nearest), counter utilisation (time serving over time
 * open, split at the hour), recommendations, consents refused, manual ID entries, cancellations
 * and refunds, cash over/short, early-settlement attempts, approvals and refusals with the
 * minutes early, reprints, and the spot checks' scores per clerk.
 *
 * Journeys and steps come from the derived tables (migration 010), everything else from
 * replica_row by (stream, at). Counts, sums, businesses and time serving are read from the hourly
 * rollups (migration 011) — exact — whenever the period is whole hours and no business is asked
 * for (a business filter reads the journeys themselves); the steps' median and p90 of the whole
 * hall come from the step histograms (within half a bucket: 500 ms under an hour; histogram.ts);
 * handling time per journey stays exact (percentile_cont over the period's closed journeys).
 * A journey belongs to the period it was opened in; a step to the period it was entered in; a
 * settlement to its business day; an event to the instant it happened.
 */
import { JOURNEY_STEPS } from '../../base/contract/journey';
import type { DeskActivity, DeskClerkRow, DeskCounterRow, DeskFigures } from '../../base/contract/desk';
import type { Queryable } from '../storage/port';
import { quantilesOf, type BucketAt } from './histogram';
import { journeyFilter, type Scope } from './scope';

const HOUR = 3_600_000;
const DAY = 86_400_000;

type Key = { gc: number; gk: number; counter: number | null; clerk: string | null };

function emptyActivity(): DeskActivity {
  return {
    journeys: 0, closed: 0, cancelled: 0, refunds: 0, refundFen: 0, businesses: 0, manualEntries: 0, consentsRefused: 0,
    recOffered: 0, recAccepted: 0, handling: { n: 0, medianMs: null, p90Ms: null }, reprints: 0,
    early: { attempts: 0, approvals: 0, refusals: 0, minutesEarlyMax: null, minutesEarlyTotal: 0 },
    cash: { settlements: 0, overCount: 0, shortCount: 0, overFen: 0, shortFen: 0, varianceFen: 0 },
    utilisation: { servingMs: 0, openMs: 0, ratio: null },
  };
}

const round = (v: number | null): number | null => (v === null || v === undefined ? null : Math.round(Number(v)));

/** Routes a GROUPING SETS row to the hall, a counter or a clerk. */
class Rollup {
  readonly hall = emptyActivity();
  readonly counters = new Map<number, DeskActivity>();
  readonly clerks = new Map<string, DeskActivity>();
  at(k: Key): DeskActivity {
    if (k.gc === 1 && k.gk === 1) return this.hall;
    if (k.gc === 0) {
      let a = this.counters.get(k.counter!);
      if (!a) this.counters.set(k.counter!, (a = emptyActivity()));
      return a;
    }
    const clerk = k.clerk ?? '';
    let a = this.clerks.get(clerk);
    if (!a) this.clerks.set(clerk, (a = emptyActivity()));
    return a;
  }
}

/** Counter and clerk filters over a replica_row stream (clerkField: the row's staff number). */
function rowFilter(s: Scope, params: unknown[], clerkField: string | null): string {
  const parts: string[] = [];
  if (s.filters.counters) {
    params.push(s.filters.counters);
    parts.push(`r.counter = ANY($${params.length}::int[])`);
  }
  if (s.filters.clerk && clerkField) {
    params.push(s.filters.clerk);
    parts.push(`r.data->>'${clerkField}' = $${params.length}`);
  }
  return parts.length ? ` AND ${parts.join(' AND ')}` : '';
}

/**
 * Whether the hourly rollups answer this scope: the period and the one before are whole hours
 * (every zone with a whole-hour offset) and no business filter (a journey's rollup row does not
 * say which businesses it asked for).
 */
function rolledUp(s: Scope): boolean {
  return !s.filters.business && [s.fromMs, s.toMs, s.prevFromMs, s.prevToMs].every((t) => t % HOUR === 0);
}

/** Counts and sums per hall, counter and clerk from desk_hour; handling time exactly from the journeys. */
async function journeyRollupFromHours(q: Queryable, s: Scope, into: Rollup): Promise<void> {
  const params: unknown[] = [s.fromMs, s.toMs];
  // The same filter over desk_hour (h) and desk_journey (j), numbered alike.
  const where = journeyFilter(s.filters, params, 'h');
  const counts = q.query<Key & Record<string, number | null>>(
    `SELECT GROUPING(h.counter) AS gc, GROUPING(h.clerk) AS gk, h.counter, h.clerk,
       COALESCE(sum(h.journeys), 0)::int AS journeys, COALESCE(sum(h.closed), 0)::int AS closed, COALESCE(sum(h.cancelled), 0)::int AS cancelled,
       COALESCE(sum(h.refunds), 0)::int AS refunds, COALESCE(sum(h.refund_fen), 0)::int8 AS refund_fen, COALESCE(sum(h.businesses), 0)::int AS businesses,
       COALESCE(sum(h.manual), 0)::int AS manual, COALESCE(sum(h.consents_refused), 0)::int AS consents_refused,
       COALESCE(sum(h.rec_offered), 0)::int AS rec_offered, COALESCE(sum(h.rec_accepted), 0)::int AS rec_accepted
     FROM desk_hour h
     WHERE h.hour >= $1 AND h.hour < $2${where}
     GROUP BY GROUPING SETS ((), (h.counter), (h.clerk))`,
    params,
  );
  const handling = q.query<Key & { handled: number; q: number[] | null }>(
    `SELECT GROUPING(j.counter) AS gc, GROUPING(j.clerk) AS gk, j.counter, j.clerk, count(*)::int AS handled,
       percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY j.closed_at - j.opened_at) AS q
     FROM desk_journey j
     WHERE j.opened_at >= $1 AND j.opened_at < $2 AND j.status = 'closed' AND j.closed_at IS NOT NULL${journeyFilter(s.filters, [s.fromMs, s.toMs])}
     GROUP BY GROUPING SETS ((), (j.counter), (j.clerk))`,
    params,
  );
  const [c, h] = await Promise.all([counts, handling]);
  for (const row of c.rows) {
    // A rollup row taken back to nothing (a journey replaced) is no journey: the hall's row always stands.
    if (row.journeys === 0 && !(row.gc === 1 && row.gk === 1)) continue;
    const a = into.at(row);
    a.journeys = row.journeys!;
    a.closed = row.closed!;
    a.cancelled = row.cancelled!;
    a.refunds = row.refunds!;
    a.refundFen = row.refund_fen!;
    a.businesses = row.businesses!;
    a.manualEntries = row.manual!;
    a.consentsRefused = row.consents_refused!;
    a.recOffered = row.rec_offered!;
    a.recAccepted = row.rec_accepted!;
  }
  for (const row of h.rows) into.at(row).handling = { n: row.handled, medianMs: round(row.q?.[0] ?? null), p90Ms: round(row.q?.[1] ?? null) };
}

async function journeyRollup(q: Queryable, s: Scope, into: Rollup): Promise<void> {
  if (rolledUp(s)) return journeyRollupFromHours(q, s, into);
  const params: unknown[] = [s.fromMs, s.toMs];
  const where = journeyFilter(s.filters, params);
  let biz = 'cardinality(j.processed)';
  if (s.filters.business) {
    params.push(s.filters.business);
    biz = `cardinality(array_positions(j.processed, $${params.length}::text))`;
  }
  const r = await q.query<Key & Record<string, number | null> & { q: number[] | null }>(
    `SELECT GROUPING(j.counter) AS gc, GROUPING(j.clerk) AS gk, j.counter, j.clerk,
       count(*)::int AS journeys,
       count(*) FILTER (WHERE j.status = 'closed')::int AS closed,
       count(*) FILTER (WHERE j.status = 'cancelled')::int AS cancelled,
       count(*) FILTER (WHERE j.refund_fen > 0)::int AS refunds,
       COALESCE(sum(j.refund_fen) FILTER (WHERE j.refund_fen > 0), 0)::int8 AS refund_fen,
       COALESCE(sum(${biz}) FILTER (WHERE j.status = 'closed'), 0)::int AS businesses,
       count(*) FILTER (WHERE j.manual_entry)::int AS manual,
       COALESCE(sum(j.consents_refused), 0)::int AS consents_refused,
       COALESCE(sum(j.rec_offered), 0)::int AS rec_offered,
       COALESCE(sum(j.rec_accepted), 0)::int AS rec_accepted,
       count(*) FILTER (WHERE j.status = 'closed' AND j.closed_at IS NOT NULL)::int AS handled,
       percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY j.closed_at - j.opened_at) FILTER (WHERE j.status = 'closed' AND j.closed_at IS NOT NULL) AS q
     FROM desk_journey j
     WHERE j.opened_at >= $1 AND j.opened_at < $2${where}
     GROUP BY GROUPING SETS ((), (j.counter), (j.clerk))`,
    params,
  );
  for (const row of r.rows) {
    const a = into.at(row);
    a.journeys = row.journeys!;
    a.closed = row.closed!;
    a.cancelled = row.cancelled!;
    a.refunds = row.refunds!;
    a.refundFen = row.refund_fen!;
    a.businesses = row.businesses!;
    a.manualEntries = row.manual!;
    a.consentsRefused = row.consents_refused!;
    a.recOffered = row.rec_offered!;
    a.recAccepted = row.rec_accepted!;
    a.handling = { n: row.handled!, medianMs: round(row.q?.[0] ?? null), p90Ms: round(row.q?.[1] ?? null) };
  }
}

async function cashRollup(q: Queryable, s: Scope, into: Rollup): Promise<void> {
  const params: unknown[] = [s.from, s.to, s.fromMs - 2 * DAY, s.toMs + 2 * DAY];
  const where = rowFilter(s, params, 'clerk_staff_no');
  const r = await q.query<Key & { settlements: number; over_count: number; short_count: number; over_fen: number; short_fen: number; variance_fen: number }>(
    `SELECT GROUPING(r.counter) AS gc, GROUPING(r.data->>'clerk_staff_no') AS gk, r.counter, r.data->>'clerk_staff_no' AS clerk,
       count(*)::int AS settlements,
       count(*) FILTER (WHERE (r.data->>'variance_fen')::int8 > 0)::int AS over_count,
       count(*) FILTER (WHERE (r.data->>'variance_fen')::int8 < 0)::int AS short_count,
       COALESCE(sum((r.data->>'variance_fen')::int8) FILTER (WHERE (r.data->>'variance_fen')::int8 > 0), 0)::int8 AS over_fen,
       COALESCE(-sum((r.data->>'variance_fen')::int8) FILTER (WHERE (r.data->>'variance_fen')::int8 < 0), 0)::int8 AS short_fen,
       COALESCE(sum((r.data->>'variance_fen')::int8), 0)::int8 AS variance_fen
     FROM replica_row r
     WHERE r.stream = 'settlement' AND r.at >= $3 AND r.at < $4 AND r.data->>'business_day' >= $1 AND r.data->>'business_day' <= $2${where}
     GROUP BY GROUPING SETS ((), (r.counter), (r.data->>'clerk_staff_no'))`,
    params,
  );
  for (const row of r.rows) {
    if (row.settlements === 0) continue;
    into.at(row).cash = {
      settlements: row.settlements, overCount: row.over_count, shortCount: row.short_count, overFen: row.over_fen, shortFen: row.short_fen, varianceFen: row.variance_fen,
    };
  }
}

/**
 * Early-settlement events: an attempt is a settlement the till refused (outcome `refused`); an
 * approval is the duty manager's (`approved`); a refusal is an approval asked for and refused
 * (`override_refused`). Clock approvals are not early settlements and are not counted here.
 */
async function earlyRollup(q: Queryable, s: Scope, into: Rollup): Promise<void> {
  const params: unknown[] = [s.fromMs, s.toMs];
  const where = rowFilter(s, params, 'staff_no');
  const r = await q.query<Key & Record<string, number | null>>(
    `SELECT GROUPING(r.counter) AS gc, GROUPING(r.data->>'staff_no') AS gk, r.counter, r.data->>'staff_no' AS clerk,
       count(*) FILTER (WHERE r.data->>'outcome' = 'refused')::int AS attempts,
       count(*) FILTER (WHERE r.data->>'outcome' = 'approved')::int AS approvals,
       count(*) FILTER (WHERE r.data->>'outcome' = 'override_refused')::int AS refusals,
       max((r.data->>'minutes_early')::int) AS minutes_max,
       COALESCE(sum((r.data->>'minutes_early')::int), 0)::int AS minutes_total
     FROM replica_row r
     WHERE r.stream = 'early_event' AND r.at >= $1 AND r.at < $2 AND r.data->>'outcome' IN ('refused', 'approved', 'override_refused')${where}
     GROUP BY GROUPING SETS ((), (r.counter), (r.data->>'staff_no'))`,
    params,
  );
  for (const row of r.rows) {
    if (row.attempts! + row.approvals! + row.refusals! === 0) continue;
    into.at(row).early = { attempts: row.attempts!, approvals: row.approvals!, refusals: row.refusals!, minutesEarlyMax: row.minutes_max ?? null, minutesEarlyTotal: row.minutes_total! };
  }
}

/** Reprints: print jobs that are reprints of an earlier one, each job once (a job may end twice: failed, then printed). */
async function reprintRollup(q: Queryable, s: Scope, into: Rollup): Promise<void> {
  const params: unknown[] = [s.fromMs, s.toMs];
  const where = rowFilter(s, params, 'requested_by');
  const r = await q.query<Key & { reprints: number }>(
    `SELECT GROUPING(r.counter) AS gc, GROUPING(r.data->>'requested_by') AS gk, r.counter, r.data->>'requested_by' AS clerk,
       count(DISTINCT r.source::text || ':' || (r.data->>'job_id'))::int AS reprints
     FROM replica_row r
     WHERE r.stream = 'print_outcome' AND r.at >= $1 AND r.at < $2 AND (r.data->>'reprint_no')::int > 0${where}
     GROUP BY GROUPING SETS ((), (r.counter), (r.data->>'requested_by'))`,
    params,
  );
  for (const row of r.rows) if (row.reprints > 0) into.at(row).reprints = row.reprints;
}

export interface UtilisationCell {
  counter: number;
  clerk: string | null;
  hour: number;
  servingMs: number;
  openMs: number;
}

/**
 * Time serving (journeys, opened to closed) and time open (till sessions, opened to settled),
 * both clipped to the period and split at each hour (whole-hour time zones: the hall's hours
 * are the UTC hours shifted), per counter, clerk and hour of the day.
 */
export async function utilisationCells(q: Queryable, s: Scope): Promise<UtilisationCell[]> {
  const params: unknown[] = [s.fromMs, s.toMs, s.tz];
  // With a business filter: the share of the open time spent serving journeys asking for it.
  const jf = journeyFilter(s.filters, params);
  const rf = rowFilter(s, params, 'clerk_staff_no');
  // Time serving from the rollup (migration 011: already split at the hour; the hours from the period's end on are left out, as clipping there does) …
  const fromRollup = `serving AS (
       SELECT j.counter, j.clerk, j.hour AS h, j.ms FROM desk_serving j
       WHERE j.opened_hour >= $1 AND j.opened_hour < $2 AND j.hour < $2${jf}
     )`;
  // … or from the journeys themselves (a business filter, a period not of whole hours).
  const fromJourneys = `served AS (
       SELECT j.counter, j.clerk, j.opened_at AS s0, least(j.closed_at, $2) AS s1, j.opened_at - j.opened_at % ${HOUR} AS h0
       FROM desk_journey j
       WHERE j.opened_at >= $1 AND j.opened_at < $2 AND j.closed_at > j.opened_at${jf}
     ), serving AS (
       -- A journey's time in its first hour and the next (no generate_series per row: most end within the hour) …
       SELECT x.counter, x.clerk, v.h, v.ms
       FROM served x, LATERAL (VALUES (x.h0, least(x.s1, x.h0 + ${HOUR}) - x.s0), (x.h0 + ${HOUR}, least(x.s1, x.h0 + ${2 * HOUR}) - (x.h0 + ${HOUR}))) AS v(h, ms)
       WHERE v.ms > 0
       UNION ALL
       -- … and the rare journey that lasts into a third hour.
       SELECT x.counter, x.clerk, h, least(x.s1, h + ${HOUR}) - h
       FROM served x, generate_series(x.h0 + ${2 * HOUR}, x.s1 - 1, ${HOUR}::int8) AS h
       WHERE x.s1 > x.h0 + ${2 * HOUR}
     )`;
  const r = await q.query<UtilisationCell>(
    `WITH ${rolledUp(s) ? fromRollup : fromJourneys}, sessions AS (
       SELECT r.counter, r.data->>'clerk_staff_no' AS clerk, greatest((r.data->>'opened_at')::int8, $1) AS s0, least((r.data->>'settled_at')::int8, $2) AS s1
       FROM replica_row r
       WHERE r.stream = 'settlement' AND r.at >= $1 AND (r.data->>'opened_at')::int8 < $2${rf}
     ), open AS (
       SELECT x.counter, x.clerk, h, least(x.s1, h + ${HOUR}) - greatest(x.s0, h) AS ms
       FROM sessions x, generate_series(x.s0 - (x.s0 % ${HOUR}), x.s1 - 1, ${HOUR}::int8) AS h
       WHERE x.s1 > x.s0
     ), cells AS (
       SELECT counter, clerk, h, sum(serving)::int8 AS serving, sum(open)::int8 AS open FROM (
         SELECT counter, clerk, h, ms AS serving, 0::int8 AS open FROM serving
         UNION ALL SELECT counter, clerk, h, 0::int8, ms FROM open
       ) x GROUP BY counter, clerk, h
     )
     -- Grouped by the hour's instant first (integers): only the few distinct hours meet the time zone.
     SELECT counter, clerk, extract(hour FROM to_timestamp(h / 1000.0) AT TIME ZONE $3)::int AS hour,
       sum(serving)::int8 AS "servingMs", sum(open)::int8 AS "openMs"
     FROM cells GROUP BY counter, clerk, 3 ORDER BY counter, 3, clerk`,
    params,
  );
  return r.rows;
}

function ratio(serving: number, open: number): number | null {
  return open > 0 ? Math.round((serving / open) * 10_000) / 10_000 : null;
}

async function byBusiness(q: Queryable, s: Scope): Promise<DeskFigures['byBusiness']> {
  const params: unknown[] = [s.prevFromMs, s.toMs, s.fromMs];
  const changed = (rows: { code: string; count: number; prev: number }[]) =>
    rows.map((x) => ({ ...x, changePct: x.prev > 0 ? Math.round(((x.count - x.prev) / x.prev) * 1000) / 10 : null }));
  if (rolledUp(s)) {
    const where = journeyFilter(s.filters, params, 'h');
    const r = await q.query<{ code: string; count: number; prev: number }>(
      `SELECT h.code, COALESCE(sum(h.n) FILTER (WHERE h.hour >= $3), 0)::int AS count, COALESCE(sum(h.n) FILTER (WHERE h.hour < $3), 0)::int AS prev
       FROM desk_hour_business h
       WHERE h.hour >= $1 AND h.hour < $2${where}
       GROUP BY h.code HAVING sum(h.n) > 0 ORDER BY 2 DESC, 1`,
      params,
    );
    return changed(r.rows);
  }
  const where = journeyFilter(s.filters, params);
  let only = '';
  if (s.filters.business) {
    params.push(s.filters.business);
    only = ` AND b = $${params.length}`;
  }
  const r = await q.query<{ code: string; count: number; prev: number }>(
    `SELECT b AS code, count(*) FILTER (WHERE j.opened_at >= $3)::int AS count, count(*) FILTER (WHERE j.opened_at < $3)::int AS prev
     FROM desk_journey j, unnest(j.processed) AS b
     WHERE j.status = 'closed' AND j.opened_at >= $1 AND j.opened_at < $2${where}${only}
     GROUP BY b ORDER BY 2 DESC, 1`,
    params,
  );
  return changed(r.rows);
}

async function previousTotals(q: Queryable, s: Scope): Promise<DeskFigures['previous']> {
  const params: unknown[] = [s.prevFromMs, s.prevToMs];
  const where = journeyFilter(s.filters, params);
  let biz = 'cardinality(j.processed)';
  if (s.filters.business) {
    params.push(s.filters.business);
    biz = `cardinality(array_positions(j.processed, $${params.length}::text))`;
  }
  const r = await q.query<{ journeys: number; businesses: number }>(
    rolledUp(s)
      ? `SELECT COALESCE(sum(j.journeys), 0)::int AS journeys, COALESCE(sum(j.businesses), 0)::int AS businesses
         FROM desk_hour j WHERE j.hour >= $1 AND j.hour < $2${where}`
      : `SELECT count(*)::int AS journeys, COALESCE(sum(${biz}) FILTER (WHERE j.status = 'closed'), 0)::int AS businesses
         FROM desk_journey j WHERE j.opened_at >= $1 AND j.opened_at < $2${where}`,
    params,
  );
  return { from: s.prevFrom, to: s.prevTo, ...r.rows[0]! };
}

/**
 * The whole hall's steps from the step histograms (migration 011): the whole UTC days inside the
 * period from the daily rows, the hours at its edges from the hourly ones; of each step's summed
 * histogram only the buckets holding the ranks the median and the p90 read come back.
 */
async function stepsFromHistograms(q: Queryable, s: Scope): Promise<{ step: string; n: number; q: number[] }[]> {
  const d0 = Math.ceil(s.fromMs / DAY) * DAY;
  const d1 = Math.floor(s.toMs / DAY) * DAY;
  const [dayFrom, dayTo] = d0 < d1 ? [d0, d1] : [s.toMs, s.toMs];
  const r = await q.query<{ step: string; bucket: number; before: number; n: number; total: number }>(
    `WITH h AS (
       SELECT step, bucket, sum(n)::int8 AS n FROM (
         SELECT step, bucket, n FROM desk_step_day WHERE day >= $3 AND day < $4
         UNION ALL
         SELECT step, bucket, n FROM desk_step_hour WHERE (hour >= $1 AND hour < $3) OR (hour >= $4 AND hour < $2)
       ) x GROUP BY step, bucket HAVING sum(n) > 0
     ), c AS (
       SELECT step, bucket, n, sum(n) OVER (PARTITION BY step ORDER BY bucket) AS cum, sum(n) OVER (PARTITION BY step) AS total FROM h
     )
     SELECT step, bucket, (cum - n)::int8 AS before, n::int8 AS n, total::int8 AS total FROM c
     WHERE EXISTS (SELECT 1 FROM unnest(ARRAY[floor(0.5 * (total - 1)), ceil(0.5 * (total - 1)), floor(0.9 * (total - 1)), ceil(0.9 * (total - 1))]) AS k
                   WHERE k >= cum - n AND k < cum)`,
    [s.fromMs, s.toMs, dayFrom, dayTo],
  );
  const by = new Map<string, { total: number; buckets: BucketAt[] }>();
  for (const x of r.rows) {
    const e = by.get(x.step) ?? { total: x.total, buckets: [] };
    e.buckets.push({ bucket: x.bucket, before: x.before, n: x.n });
    by.set(x.step, e);
  }
  return [...by.entries()].map(([step, e]) => ({ step, n: e.total, q: quantilesOf(e.buckets, e.total, [0.5, 0.9]) }));
}

async function steps(q: Queryable, s: Scope): Promise<DeskFigures['steps']> {
  const order = (x: string) => {
    const i = (JOURNEY_STEPS as readonly string[]).indexOf(x);
    return i < 0 ? 99 : i;
  };
  const sorted = (rows: { step: string; n: number; q: number[] }[]) =>
    rows.sort((a, b) => order(a.step) - order(b.step) || a.step.localeCompare(b.step)).map((x) => ({ step: x.step, n: x.n, medianMs: round(x.q[0]!)!, p90Ms: round(x.q[1]!)! }));
  // The whole hall: the histograms. A counter, a clerk or a business: their steps, exactly (far fewer rows).
  if (rolledUp(s) && !s.filters.counters && !s.filters.clerk) return sorted(await stepsFromHistograms(q, s));
  const params: unknown[] = [s.fromMs, s.toMs];
  let where = '';
  if (s.filters.counters) {
    params.push(s.filters.counters);
    where += ` AND st.counter = ANY($${params.length}::int[])`;
  }
  if (s.filters.clerk || s.filters.business) {
    const jf = journeyFilter({ ...s.filters, counters: undefined }, params);
    where += ` AND EXISTS (SELECT 1 FROM desk_journey j WHERE j.counter = st.counter AND j.source = st.source AND j.journey_id = st.journey_id${jf})`;
  }
  const r = await q.query<{ step: string; n: number; q: number[] }>(
    `SELECT st.step, count(*)::int AS n,
       percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY st.duration_ms) AS q
     FROM desk_step st WHERE st.entered_at >= $1 AND st.entered_at < $2 AND st.duration_ms IS NOT NULL${where}
     GROUP BY st.step`,
    params,
  );
  return sorted(r.rows);
}

async function daily(q: Queryable, s: Scope): Promise<DeskFigures['daily']> {
  const params: unknown[] = [s.fromMs, s.toMs, s.tz];
  const where = journeyFilter(s.filters, params);
  const r = await q.query<{ day: string; journeys: number; businesses: number }>(
    `SELECT to_char(to_timestamp(h / 1000.0) AT TIME ZONE $3, 'YYYY-MM-DD') AS day, sum(n)::int AS journeys, sum(b)::int AS businesses
     FROM ${
       rolledUp(s)
         ? `(SELECT j.hour AS h, sum(j.journeys) AS n, sum(j.businesses) AS b FROM desk_hour j WHERE j.hour >= $1 AND j.hour < $2${where} GROUP BY 1)`
         : `(SELECT j.opened_at - j.opened_at % ${HOUR} AS h, count(*) AS n, COALESCE(sum(cardinality(j.processed)) FILTER (WHERE j.status = 'closed'), 0) AS b
            FROM desk_journey j WHERE j.opened_at >= $1 AND j.opened_at < $2${where} GROUP BY 1)`
     } x
     GROUP BY 1 HAVING sum(n) > 0 ORDER BY 1`,
    params,
  );
  return r.rows;
}

async function spotScores(q: Queryable, s: Scope): Promise<Map<string, { n: number; average: number | null }>> {
  const params: unknown[] = [s.from, s.to];
  let where = '';
  if (s.filters.clerk) {
    params.push(s.filters.clerk);
    where = ` AND staff_no = $3`;
  }
  const r = await q.query<{ staff_no: string; n: number; average: number }>(
    `SELECT staff_no, count(*)::int AS n, round(avg((smile + initiative + standard + proficiency + speed + correctness) / 6.0), 2)::float8 AS average
     FROM desk_spot_check WHERE business_day >= $1 AND business_day <= $2${where} GROUP BY staff_no`,
    params,
  );
  return new Map(r.rows.map((x) => [x.staff_no, { n: x.n, average: x.average }]));
}

export async function deskFigures(q: Queryable, s: Scope): Promise<DeskFigures> {
  const roll = new Rollup();
  // Independent statements: on a server they run at once on the pool's connections (PGlite takes them in turn).
  const [cells, spots, previous, business, stepRows, days] = await Promise.all([
    utilisationCells(q, s),
    spotScores(q, s),
    previousTotals(q, s),
    byBusiness(q, s),
    steps(q, s),
    daily(q, s),
    journeyRollup(q, s, roll),
    // Cash, early settlement and reprints belong to a till and a clerk, not to a business.
    s.filters.business ? null : cashRollup(q, s, roll),
    s.filters.business ? null : earlyRollup(q, s, roll),
    s.filters.business ? null : reprintRollup(q, s, roll),
  ]);
  const hourMap = new Map<string, { counter: number; hour: number; servingMs: number; openMs: number }>();
  for (const c of cells) {
    const add = (a: DeskActivity) => {
      a.utilisation.servingMs += c.servingMs;
      a.utilisation.openMs += c.openMs;
    };
    add(roll.hall);
    add(roll.at({ gc: 0, gk: 1, counter: c.counter, clerk: null }));
    if (c.clerk) add(roll.at({ gc: 1, gk: 0, counter: null, clerk: c.clerk }));
    const k = `${c.counter}:${c.hour}`;
    const h = hourMap.get(k) ?? { counter: c.counter, hour: c.hour, servingMs: 0, openMs: 0 };
    h.servingMs += c.servingMs;
    h.openMs += c.openMs;
    hourMap.set(k, h);
  }
  const finish = (a: DeskActivity) => (a.utilisation.ratio = ratio(a.utilisation.servingMs, a.utilisation.openMs));
  finish(roll.hall);
  for (const staffNo of spots.keys()) roll.at({ gc: 1, gk: 0, counter: null, clerk: staffNo });
  const names = new Map(
    (await q.query<{ staff_no: string; name: string }>('SELECT staff_no, name FROM hall_staff WHERE staff_no = ANY($1::text[])', [[...roll.clerks.keys()]])).rows.map((x) => [x.staff_no, x.name]),
  );
  const byCounter: DeskCounterRow[] = [...roll.counters.entries()].sort((a, b) => a[0] - b[0]).map(([counter, a]) => (finish(a), { counter, ...a }));
  const byClerk: DeskClerkRow[] = [...roll.clerks.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([staffNo, a]) => (finish(a), { staffNo, name: names.get(staffNo) ?? null, ...a, spotChecks: spots.get(staffNo) ?? { n: 0, average: null } }));
  return {
    period: { kind: s.kind, from: s.from, to: s.to, prevFrom: s.prevFrom, prevTo: s.prevTo, days: s.days, tz: s.tz },
    filters: { counters: s.filters.counters ?? null, clerk: s.filters.clerk ?? null, business: s.filters.business ?? null },
    hall: roll.hall,
    previous,
    byBusiness: business,
    steps: stepRows,
    utilisationByHour: [...hourMap.values()].sort((a, b) => a.counter - b.counter || a.hour - b.hour).map((h) => ({ ...h, ratio: ratio(h.servingMs, h.openMs) })),
    byCounter,
    byClerk,
    daily: days,
  };
}

/** Nothing happened in the period: no journey, no settlement, no early event, no reprint. */
export function isEmptyFigures(f: DeskFigures): boolean {
  const h = f.hall;
  return h.journeys === 0 && h.cash.settlements === 0 && h.early.attempts + h.early.approvals + h.early.refusals === 0 && h.reprints === 0 && h.utilisation.openMs === 0;
}
