/**
 * What a desk query covers: a period of business days turned into instants in the hall's time
 * zone (by PostgreSQL, so PGlite and a server agree), and the filters (counters, a clerk, a
 * business). Every figure, drill-down and report goes through here.
 */
import { DEFAULT_CALENDAR } from '../../base/calendar';
import { periodOf, type PeriodDays, type PeriodKind } from '../../base/deskPeriod';
import { currentCalendar } from '../config/documents';
import type { Queryable } from '../storage/port';

export interface DeskFilters {
  counters?: number[] | undefined;
  clerk?: string | undefined;
  business?: string | undefined;
}

export interface Scope extends PeriodDays {
  tz: string;
  fromMs: number;
  toMs: number;
  prevFromMs: number;
  prevToMs: number;
  filters: DeskFilters;
}

export async function hallTimeZone(q: Queryable): Promise<string> {
  return (await currentCalendar(q))?.calendar.timeZone ?? DEFAULT_CALENDAR.timeZone;
}

/** Midnight at the start of each date, in the time zone, as epoch ms. */
export async function midnights(q: Queryable, tz: string, days: string[]): Promise<number[]> {
  const r = await q.query<{ t: number }>(
    `SELECT (extract(epoch FROM (d::date)::timestamp AT TIME ZONE $2) * 1000)::int8 AS t FROM unnest($1::text[]) WITH ORDINALITY AS x(d, i) ORDER BY i`,
    [days, tz],
  );
  return r.rows.map((x) => x.t);
}

function nextDay(s: string): string {
  const d = new Date(`${s}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export async function scopeOf(q: Queryable, p: { kind: PeriodKind; date: string; to?: string | undefined }, filters: DeskFilters = {}): Promise<Scope> {
  const days = periodOf(p.kind, p.date, p.to);
  const tz = await hallTimeZone(q);
  const [fromMs, toMs, prevFromMs, prevToMs] = await midnights(q, tz, [days.from, nextDay(days.to), days.prevFrom, nextDay(days.prevTo)]);
  const clean: DeskFilters = {};
  if (filters.counters && filters.counters.length > 0) clean.counters = [...new Set(filters.counters)].sort((a, b) => a - b);
  if (filters.clerk) clean.clerk = filters.clerk;
  if (filters.business) clean.business = filters.business;
  return { ...days, tz, fromMs: fromMs!, toMs: toMs!, prevFromMs: prevFromMs!, prevToMs: prevToMs!, filters: clean };
}

/**
 * The filter as SQL over a table aliased `j` (desk_journey), with its parameters appended to
 * `params`: counters, clerk, and a business asked for.
 */
export function journeyFilter(f: DeskFilters, params: unknown[], alias = 'j'): string {
  const parts: string[] = [];
  if (f.counters) {
    params.push(f.counters);
    parts.push(`${alias}.counter = ANY($${params.length}::int[])`);
  }
  if (f.clerk) {
    params.push(f.clerk);
    parts.push(`${alias}.clerk = $${params.length}`);
  }
  if (f.business) {
    params.push(f.business);
    parts.push(`$${params.length} = ANY(${alias}.requested)`);
  }
  return parts.length ? ` AND ${parts.join(' AND ')}` : '';
}
