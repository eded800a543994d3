/**
 * Who is on duty right now: the clerks signed in at a counter, from the counters' latest
 * heartbeats (a counter beats every few seconds; one silent for longer than ON_DUTY_FRESH_MS is
 * not counted — its PC is off or cut off, and nobody can be checked there).
 */
import type { Queryable } from '../storage/port';
import { hallNow } from '../time';

export const ON_DUTY_FRESH_MS = 5 * 60_000;

export interface OnDuty {
  staffNo: string;
  name: string | null;
  counter: number;
}

export async function clerksOnDuty(q: Queryable): Promise<OnDuty[]> {
  const now = await hallNow(q);
  const r = await q.query<OnDuty>(
    `SELECT cs.state->'signedIn'->>'staffNo' AS "staffNo", s.name, cs.counter
     FROM counter_state cs JOIN counter c ON c.number = cs.counter AND c.status = 'active'
     LEFT JOIN hall_staff s ON s.staff_no = cs.state->'signedIn'->>'staffNo'
     WHERE cs.state->'signedIn' IS NOT NULL AND jsonb_typeof(cs.state->'signedIn') = 'object'
       AND cs.state->'signedIn'->>'role' = 'clerk' AND cs.received_at >= $1
     ORDER BY cs.counter`,
    [now - ON_DUTY_FRESH_MS],
  );
  // One person signed in at two counters (a stale heartbeat) is on duty once, at the newest.
  const seen = new Map<string, OnDuty>();
  for (const x of r.rows) seen.set(x.staffNo, x);
  return [...seen.values()].sort((a, b) => a.counter - b.counter);
}

/** The hall's business day now, in its time zone. */
export async function todayIn(q: Queryable, tz: string): Promise<string> {
  const now = await hallNow(q);
  const r = await q.query<{ d: string }>(`SELECT to_char(to_timestamp($1 / 1000.0) AT TIME ZONE $2, 'YYYY-MM-DD') AS d`, [now, tz]);
  return r.rows[0]!.d;
}
