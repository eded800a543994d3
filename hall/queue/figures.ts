/**
 * The queue's figures for one business day, for the duty manager's desk (issue 17) and the hall
 * page: tickets, served, no-shows, transfers, still waiting, waiting time (issue → first call),
 * service time (served → finished), turned-away visits and self-service referrals — in all, by
 * group and by hour of issue (the hall's time zone). One SQL statement (GROUPING SETS), so the
 * three views always agree.
 *
 * For the desk: `queueFigures(store, day?)` returns base/contract/queue.ts `QueueFigures`;
 * `QUEUE_FIGURES_SQL` is the statement itself ($1 the day 'YYYY-MM-DD', $2 the IANA time zone)
 * for reports that join it with other tables.
 */
import type { QueueFigures } from '../../base/contract/queue';
import type { Queryable } from '../storage/port';
import { hallTimeZone, queueNow } from './clock';

export const QUEUE_FIGURES_SQL = `
WITH t AS (
  SELECT t.grp,
         extract(hour FROM to_timestamp(t.issued_at / 1000.0) AT TIME ZONE $2)::int AS hour,
         t.state, t.transferred_to,
         (SELECT min(c.at) FROM queue_call c WHERE c.ticket_id = t.id) - t.issued_at AS wait_ms,
         CASE WHEN t.state = 'done' AND t.served_at IS NOT NULL THEN t.finished_at - t.served_at END AS service_ms
    FROM queue_ticket t WHERE t.day = $1
), x AS (
  SELECT grp, hour, 1 AS ticket, (state = 'done')::int AS served, (state = 'no_show')::int AS no_show,
         (transferred_to IS NOT NULL)::int AS transferred, (state = 'waiting')::int AS waiting,
         wait_ms::int8 AS wait_ms, service_ms::int8 AS service_ms, 0 AS turned_away, 0 AS self_service
    FROM t
  UNION ALL
  SELECT grp, extract(hour FROM to_timestamp(at / 1000.0) AT TIME ZONE $2)::int, 0, 0, 0, 0, 0, NULL::int8, NULL::int8,
         (kind = 'turned_away')::int, (kind = 'self_service')::int
    FROM queue_visit WHERE day = $1
)
SELECT grp, hour, GROUPING(grp) AS by_all_groups, GROUPING(hour) AS by_all_hours,
       sum(ticket)::int AS tickets, sum(served)::int AS served, sum(no_show)::int AS no_shows,
       sum(transferred)::int AS transferred, sum(waiting)::int AS waiting,
       round(avg(wait_ms))::int8 AS avg_wait_ms, max(wait_ms)::int8 AS max_wait_ms,
       round(avg(service_ms))::int8 AS avg_service_ms,
       sum(turned_away)::int AS turned_away, sum(self_service)::int AS self_service
  FROM x
 GROUP BY GROUPING SETS ((), (grp), (hour))
 ORDER BY grp NULLS FIRST, hour NULLS FIRST`;

interface Row {
  grp: string | null; hour: number | null; by_all_groups: number; by_all_hours: number;
  tickets: number; served: number; no_shows: number; transferred: number; waiting: number;
  avg_wait_ms: number | null; max_wait_ms: number | null; avg_service_ms: number | null; turned_away: number; self_service: number;
}

const EMPTY = { tickets: 0, served: 0, noShows: 0, transferred: 0, waiting: 0, avgWaitMs: null, maxWaitMs: null, avgServiceMs: null, turnedAway: 0, selfService: 0 };

function figuresOf(r: Row) {
  return {
    tickets: r.tickets, served: r.served, noShows: r.no_shows, transferred: r.transferred, waiting: r.waiting,
    avgWaitMs: r.avg_wait_ms, maxWaitMs: r.max_wait_ms, avgServiceMs: r.avg_service_ms, turnedAway: r.turned_away, selfService: r.self_service,
  };
}

export async function queueFigures(q: Queryable, day?: string): Promise<QueueFigures> {
  const d = day ?? (await queueNow(q)).day;
  const rows = (await q.query<Row>(QUEUE_FIGURES_SQL, [d, await hallTimeZone(q)])).rows;
  const total = rows.find((r) => Number(r.by_all_groups) === 1 && Number(r.by_all_hours) === 1);
  return {
    day: d,
    total: total ? figuresOf(total) : EMPTY,
    byGroup: rows.filter((r) => Number(r.by_all_groups) === 0).map((r) => ({ group: r.grp!, ...figuresOf(r) })),
    byHour: rows.filter((r) => Number(r.by_all_hours) === 0).map((r) => ({ hour: r.hour!, ...figuresOf(r) })),
  };
}
