/**
 * The queue's time and context in one round trip: the hall's clock (PostgreSQL's, hall/time.ts),
 * the business day in the hall's time zone (tickets are numbered per day from 1), the catalog and
 * calendar versions (their parsed documents are cached per version), the queue's settings and,
 * for a counter, the groups it calls. A call at a counter is on the display within 300 ms: the
 * fewer round trips inside its transaction, the shorter other counters wait on a busy hall.
 */
import { businessDayOf, DEFAULT_CALENDAR } from '../../base/calendar';
import { DEFAULT_QUEUE_SETTINGS, queueSettings, type QueueSettings } from '../../base/contract/queue';
import { currentCalendar } from '../config/documents';
import type { Queryable } from '../storage/port';
import { hallClockOffset } from '../time';
import { queueCatalogAt, type QueueCatalog } from './groups';

let zone: { version: number; timeZone: string } | null = null;

async function zoneAt(q: Queryable, version: number): Promise<string> {
  if (zone && zone.version === version) return zone.timeZone;
  const timeZone = (await currentCalendar(q))?.calendar.timeZone ?? DEFAULT_CALENDAR.timeZone;
  zone = { version, timeZone };
  return timeZone;
}

export interface QueueContext {
  now: number;
  day: string;
  timeZone: string;
  catalog: QueueCatalog;
  settings: QueueSettings;
  /** The counter's groups as set by the duty manager ([] = every group); [] without a counter. */
  counterGroups: string[];
}

export async function queueContext(q: Queryable, counter: number | null = null): Promise<QueueContext> {
  const r = (await q.query<{ t: number; cal: number | null; cat: number | null; settings: unknown; groups: string[] | null }>(
    `SELECT (extract(epoch FROM clock_timestamp()) * 1000)::int8 AS t,
            (SELECT version FROM config_head WHERE kind = 'calendar') AS cal,
            (SELECT version FROM config_head WHERE kind = 'catalog') AS cat,
            (SELECT settings FROM queue_setting WHERE id = 1) AS settings,
            (SELECT groups FROM queue_counter WHERE counter = $1) AS groups`,
    [counter],
  )).rows[0]!;
  const now = r.t + hallClockOffset();
  const [timeZone, catalog] = await Promise.all([zoneAt(q, r.cal ?? 0), queueCatalogAt(q, r.cat ?? 0)]);
  const s = queueSettings.safeParse(r.settings);
  return { now, day: businessDayOf(now, timeZone), timeZone, catalog, settings: s.success ? s.data : DEFAULT_QUEUE_SETTINGS, counterGroups: r.groups ?? [] };
}

export async function hallTimeZone(q: Queryable): Promise<string> {
  return (await queueContext(q)).timeZone;
}

export async function queueNow(q: Queryable): Promise<{ now: number; day: string; timeZone: string }> {
  const c = await queueContext(q);
  return { now: c.now, day: c.day, timeZone: c.timeZone };
}
