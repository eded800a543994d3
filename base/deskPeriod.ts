/**
 * The desk's periods (docs/desk.md): a day, a week (Monday to Sunday, as the weekly report
 * counts it), a month, or a chosen range of days — and the period before it of the same kind
 * (the day before, the week before, the month before, the same number of days before a range),
 * which the figures compare against. Dates are business days as the hall's calendar writes them
 * (YYYY-MM-DD in the hall's time zone); the hall turns them into instants.
 */
import { BilingualError } from './contract/errors';

export const PERIOD_KINDS = ['day', 'week', 'month', 'range'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface PeriodDays {
  kind: PeriodKind;
  /** First and last business day, inclusive. */
  from: string;
  to: string;
  prevFrom: string;
  prevTo: string;
  days: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in YYYY-MM-DD (2026-02-30 is not), or a bilingual refusal. */
export function checkDate(s: string): string {
  const m = DATE.exec(s);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3]) || Number(m[1]) < 2000) {
    throw new BilingualError('DESK_DATE_INVALID', `日期「${s.slice(0, 40)}」无效 — 请写成 YYYY-MM-DD，例如 2026-03-02`, `"${s.slice(0, 40)}" is not a valid date — write it as YYYY-MM-DD, e.g. 2026-03-02`);
  }
  return s;
}

function toUtc(s: string): Date {
  const [y, m, d] = s.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}
function fmt(d: Date): string {
  return d.toISOString().slice(0, 10);
}
export function addDays(s: string, n: number): string {
  const d = toUtc(s);
  d.setUTCDate(d.getUTCDate() + n);
  return fmt(d);
}
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000) + 1;
}
/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(s: string): number {
  return ((toUtc(s).getUTCDay() + 6) % 7) + 1;
}

/** Longest range the desk computes at once (two years of days). */
export const MAX_RANGE_DAYS = 731;

export function periodOf(kind: PeriodKind, date: string, to?: string): PeriodDays {
  checkDate(date);
  switch (kind) {
    case 'day':
      return { kind, from: date, to: date, prevFrom: addDays(date, -1), prevTo: addDays(date, -1), days: 1 };
    case 'week': {
      const from = addDays(date, 1 - isoWeekday(date));
      return { kind, from, to: addDays(from, 6), prevFrom: addDays(from, -7), prevTo: addDays(from, -1), days: 7 };
    }
    case 'month': {
      const from = `${date.slice(0, 7)}-01`;
      const d = toUtc(from);
      const next = fmt(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)));
      const prevFrom = fmt(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)));
      return { kind, from, to: addDays(next, -1), prevFrom, prevTo: addDays(from, -1), days: daysBetween(from, addDays(next, -1)) };
    }
    case 'range': {
      const end = checkDate(to ?? date);
      const days = daysBetween(date, end);
      if (days < 1 || days > MAX_RANGE_DAYS) {
        throw new BilingualError(
          'DESK_PERIOD_INVALID',
          `日期范围无效：${date} 至 ${end}（结束不能早于开始，最长 ${MAX_RANGE_DAYS} 天）`,
          `Invalid range ${date} to ${end} (the end cannot be before the start; at most ${MAX_RANGE_DAYS} days)`,
        );
      }
      return { kind, from: date, to: end, prevFrom: addDays(date, -days), prevTo: addDays(date, -1), days };
    }
  }
}

/** The report kinds the duty manager owes and the period each covers. */
export const REPORT_KINDS = ['daily', 'weekly', 'monthly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_PERIOD: Record<ReportKind, Exclude<PeriodKind, 'range'>> = { daily: 'day', weekly: 'week', monthly: 'month' };
