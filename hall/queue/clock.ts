/**
 * The queue's time: the hall's clock (PostgreSQL's, hall/time.ts) and the business day in the
 * hall's time zone (the calendar managed on the hall page, else the standard one): tickets are
 * numbered per day from 1.
 */
import { businessDayOf, DEFAULT_CALENDAR } from '../../base/calendar';
import { currentCalendar } from '../config/documents';
import type { Queryable } from '../storage/port';
import { hallNow } from '../time';

export async function hallTimeZone(q: Queryable): Promise<string> {
  return (await currentCalendar(q))?.calendar.timeZone ?? DEFAULT_CALENDAR.timeZone;
}

export async function queueNow(q: Queryable): Promise<{ now: number; day: string; timeZone: string }> {
  const [now, timeZone] = await Promise.all([hallNow(q), hallTimeZone(q)]);
  return { now, day: businessDayOf(now, timeZone), timeZone };
}
