/**
 * The hall's time is PostgreSQL's clock (clock_timestamp(), not the transaction's start): the
 * counters read it at sign-in, till open, every sync and settlement (docs/hall.md, "Time from
 * the hall").
 *
 * A drill or a soak can start the hall's clock at a chosen moment (`start --clock-start`, the
 * same as the counter's browser-mode option): the hall then keeps PostgreSQL's clock shifted by a
 * fixed offset, so its time still runs at PostgreSQL's pace. Never set in production.
 */
import type { Queryable } from './storage/port';

let offsetMs = 0;

/** Shifts the hall's clock by a fixed offset from PostgreSQL's (set once, at start). */
export function setHallClockOffset(ms: number): void {
  offsetMs = ms;
}

/** The offset in use (0 in production): the signature window is judged on the same clock. */
export function hallClockOffset(): number {
  return offsetMs;
}

export async function hallNow(q: Queryable): Promise<number> {
  const r = await q.query<{ t: number }>('SELECT (extract(epoch FROM clock_timestamp()) * 1000)::int8 AS t');
  return r.rows[0]!.t + offsetMs;
}
