/**
 * The figures a report covers as JSON for the market department's own tools
 * (`npm run -s report -- daily|weekly|monthly --date D --json`): the same figures as the desk
 * (hall totals, per counter, per clerk, per business, steps, utilisation, daily volumes) and the
 * anomalies flagged. A period with nothing in it is refused, not answered with zeros.
 */
import { BilingualError } from '../../base/contract/errors';
import type { DeskFigures, DeskReport } from '../../base/contract/desk';
import { checkDate, REPORT_KINDS, REPORT_PERIOD, type ReportKind } from '../../base/deskPeriod';
import type { Queryable } from '../storage/port';
import { hallNow } from '../time';
import { deskFigures, isEmptyFigures } from './figures';
import { anomaliesOf, dueBy } from './reports';
import { scopeOf } from './scope';

export interface ReportJson extends DeskFigures {
  report: ReportKind;
  dueBy: string;
  anomalies: DeskReport['anomalies'];
  generatedAt: number;
}

export function checkReportKind(kind: string | undefined): ReportKind {
  if (!kind || !(REPORT_KINDS as readonly string[]).includes(kind)) {
    throw new BilingualError('DESK_PERIOD_INVALID', `报表种类须为 daily、weekly 或 monthly，收到「${(kind ?? '').slice(0, 20)}」`, `The report must be daily, weekly or monthly, got "${(kind ?? '').slice(0, 20)}"`);
  }
  return kind as ReportKind;
}

export async function reportJson(q: Queryable, kindText: string | undefined, date: string | undefined): Promise<ReportJson> {
  const kind = checkReportKind(kindText);
  if (!date) throw new BilingualError('DESK_DATE_INVALID', '请用 --date YYYY-MM-DD 指定日期', 'give the date with --date YYYY-MM-DD');
  checkDate(date);
  const scope = await scopeOf(q, { kind: REPORT_PERIOD[kind], date });
  const figures = await deskFigures(q, scope);
  if (isEmptyFigures(figures)) {
    throw new BilingualError(
      'DESK_PERIOD_EMPTY',
      `${scope.from}${scope.to !== scope.from ? ` 至 ${scope.to}` : ''} 大厅没有任何记录（没有业务、结账或提前结账事件）— 请检查日期，或台席是否已同步`,
      `The hall holds no records for ${scope.from}${scope.to !== scope.from ? ` to ${scope.to}` : ''} (no journeys, settlements or early-settlement events) — check the date, or whether the counters have synced`,
      { from: scope.from, to: scope.to },
    );
  }
  return { report: kind, dueBy: dueBy(kind, scope.to), ...figures, anomalies: anomaliesOf(figures), generatedAt: await hallNow(q) };
}
