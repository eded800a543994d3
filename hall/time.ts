/** The hall's time is PostgreSQL's clock (clock_timestamp(), not the transaction's start). */
import type { Queryable } from './storage/port';

export async function hallNow(q: Queryable): Promise<number> {
  const r = await q.query<{ t: number }>('SELECT (extract(epoch FROM clock_timestamp()) * 1000)::int8 AS t');
  return r.rows[0]!.t;
}
