/**
 * The hall's business calendar: opening and closing time per weekday, dated exceptions for
 * holidays and special hours, in the hall's time zone. The early-closing lock reads the
 * closing time from here, so it is a validated setting object, not code.
 *
 * Time zone arithmetic uses Intl only (no plugin), so it behaves the same in Electron, the
 * browser-mode host, the CLI and tests, whatever the machine's own zone is.
 */
import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');

export const DayHoursSchema = z
  .object({ open: hhmm, close: hhmm })
  .refine((h) => h.open < h.close, { message: 'open must be before close' });
export type DayHours = z.infer<typeof DayHoursSchema>;

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** null hours = closed that day. */
export const CalendarExceptionSchema = z.object({
  date: ymd,
  hours: DayHoursSchema.nullable(),
  note: z.string().max(100).optional(),
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const BusinessCalendarSchema = z.object({
  timeZone: z.string().refine(isTimeZone, 'unknown IANA time zone').default('Asia/Shanghai'),
  weekly: z.object({
    mon: DayHoursSchema.nullable(),
    tue: DayHoursSchema.nullable(),
    wed: DayHoursSchema.nullable(),
    thu: DayHoursSchema.nullable(),
    fri: DayHoursSchema.nullable(),
    sat: DayHoursSchema.nullable(),
    sun: DayHoursSchema.nullable(),
  }),
  exceptions: z.array(CalendarExceptionSchema).default([]),
});
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;

const std: DayHours = { open: '09:00', close: '18:00' };
export const DEFAULT_CALENDAR: BusinessCalendar = BusinessCalendarSchema.parse({
  timeZone: 'Asia/Shanghai',
  weekly: { mon: std, tue: std, wed: std, thu: std, fri: std, sat: { open: '09:00', close: '17:00' }, sun: { open: '09:00', close: '17:00' } },
  exceptions: [],
});

interface WallTime { y: number; mo: number; d: number; h: number; mi: number; s: number }

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function wallTime(ms: number, tz: string): WallTime {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    fmtCache.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year ?? 0, mo: p.month ?? 1, d: p.day ?? 1, h: p.hour ?? 0, mi: p.minute ?? 0, s: p.second ?? 0 };
}

/** The hall's calendar date (YYYY-MM-DD) at an instant. */
export function businessDayOf(ms: number, tz: string): string {
  const w = wallTime(ms, tz);
  return `${w.y}-${String(w.mo).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
}

/** The instant at which the hall's wall clock shows `day` `hh:mm`. */
export function instantOf(day: string, hhmmText: string, tz: string): number {
  const [y, mo, d] = day.split('-').map(Number);
  const [h, mi] = hhmmText.split(':').map(Number);
  const asUtc = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
  // Offset at a guess, then once more at the corrected instant (enough for DST edges).
  let t = asUtc - offsetAt(asUtc, tz);
  t = asUtc - offsetAt(t, tz);
  return t;
}

function offsetAt(ms: number, tz: string): number {
  const w = wallTime(ms, tz);
  const wallAsUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return wallAsUtc - Math.floor(ms / 1000) * 1000;
}

/** The zone's offset from UTC at an instant, in minutes (Asia/Shanghai: +480). */
export function utcOffsetMinutes(ms: number, tz: string): number {
  return Math.round(offsetAt(ms, tz) / 60_000);
}

export function weekdayOf(day: string): Weekday {
  const [y, mo, d] = day.split('-').map(Number);
  return WEEKDAYS[new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1)).getUTCDay()]!;
}

/** The hours that apply on a date: a dated exception wins over the weekday; null = closed. */
export function hoursOn(cal: BusinessCalendar, day: string): DayHours | null {
  const ex = cal.exceptions.find((e) => e.date === day);
  if (ex) return ex.hours;
  return cal.weekly[weekdayOf(day)];
}

/** When the hall closes on a business day; null when it does not open that day. */
export function closingInstant(cal: BusinessCalendar, day: string): number | null {
  const h = hoursOn(cal, day);
  return h ? instantOf(day, h.close, cal.timeZone) : null;
}

/** HH:mm in the hall's zone, for messages. */
export function wallClockText(ms: number, tz: string): string {
  const w = wallTime(ms, tz);
  return `${String(w.h).padStart(2, '0')}:${String(w.mi).padStart(2, '0')}`;
}
