/** The desk's period as the page holds it, and today's business day by the hall's clock. */
import type { DeskPeriodInput } from '../../../../base/contract/desk';
import { dateTime } from '../format';

export function hallDay(now: number): string {
  return dateTime(now).slice(0, 10);
}

export function yesterday(now: number): string {
  return hallDay(now - 86_400_000);
}

export type PeriodState = DeskPeriodInput;
