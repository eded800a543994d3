/**
 * The duty manager's desk in the hall soak: the hall's daily report (`report -- daily --json`,
 * the same function the command runs) for each business day the counters worked must agree with
 * the counters' own records — journeys by business, cash over/short, early-settlement attempts,
 * approvals and refusals (tests/helpers/deskAgreement.ts). Every difference is a violation.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { reportJson } from '../../hall/desk/reportJson';
import { scopeOf } from '../../hall/desk/scope';
import { COUNTER_DB_FILE } from '../../hall/verify/compare';
import { reportAgreement, type CounterOnHall } from '../helpers/deskAgreement';
import type { HallDayCheck } from './hallChecks';

export const deskCheck: HallDayCheck = {
  name: 'desk',
  applies: () => true,
  async run(ctx) {
    const counters: CounterOnHall[] = ctx.counters.map((c) => ({ counter: c.number, db: new Database(path.join(c.dataDir, COUNTER_DB_FILE), { readonly: true, fileMustExist: true }) }));
    try {
      const days = [...new Set(counters.flatMap(({ db }) => (db.prepare('SELECT DISTINCT business_day AS d FROM till_session').all() as { d: string }[]).map((r) => r.d)))].sort();
      const violations: string[] = [];
      let journeys = 0;
      let businesses = 0;
      for (const day of days) {
        const report = await reportJson(ctx.store, 'daily', day);
        const scope = await scopeOf(ctx.store, { kind: 'day', date: day });
        violations.push(...reportAgreement(report, counters, scope.fromMs, scope.toMs).map((d) => `desk: daily report of ${day} disagrees with the counters: ${d}`));
        journeys += report.hall.journeys;
        businesses += report.byBusiness.reduce((s, b) => s + b.count, 0);
      }
      if (days.length === 0) violations.push('desk: no counter opened a till, nothing to compare');
      return { violations, figures: { days, journeys, businesses, disagreements: violations.length, agree: violations.length === 0 } };
    } finally {
      for (const c of counters) c.db.close();
    }
  },
};
