/**
 * Does the desk's report agree with the counters' own records? For the hall soak
 * (`npm run -s day -- --counters N --hall`, issue 16) and the real-day test: given the report of
 * a business day (`report -- daily --json`) and each counter's own SQLite database, it counts on
 * the counter what the report counts — journeys and businesses processed by business (journeys
 * opened that day, closed), cash over/short from the settlements of that business day, and the
 * early-settlement attempts, approvals and refusals — and names every difference. An empty list:
 * they agree. The counter's number on the hall is given with its database.
 */
import type { ReportJson } from '../../hall/desk/reportJson';
import type { Db } from '../../electron/core/storage/db';

export interface CounterOnHall {
  counter: number;
  db: Db;
}

export interface CounterFigures {
  journeys: number;
  byBusiness: Record<string, number>;
  settlements: number;
  varianceFen: number;
  early: { attempts: number; approvals: number; refusals: number };
}

export function countOnCounter(db: Db, fromMs: number, toMs: number, businessDay: string): CounterFigures {
  const journeys = (db.prepare("SELECT count(*) AS n FROM journeys WHERE status IN ('closed', 'cancelled') AND opened_at >= ? AND opened_at < ?").get(fromMs, toMs) as { n: number }).n;
  const biz = db
    .prepare(`SELECT b.business_code AS code, count(*) AS n FROM journey_businesses b JOIN journeys j ON j.journey_id = b.journey_id
              WHERE j.status = 'closed' AND b.status = 'processed' AND j.opened_at >= ? AND j.opened_at < ? GROUP BY b.business_code`)
    .all(fromMs, toMs) as { code: string; n: number }[];
  const cash = db
    .prepare('SELECT count(*) AS n, COALESCE(sum(st.variance_fen), 0) AS v FROM till_settlement st JOIN till_session s ON s.id = st.session_id WHERE s.business_day = ?')
    .get(businessDay) as { n: number; v: number };
  const early = db
    .prepare(`SELECT COALESCE(sum(outcome = 'refused'), 0) AS a, COALESCE(sum(outcome = 'approved'), 0) AS p, COALESCE(sum(outcome = 'override_refused'), 0) AS r
              FROM till_early_event WHERE at >= ? AND at < ?`)
    .get(fromMs, toMs) as { a: number; p: number; r: number };
  return {
    journeys,
    byBusiness: Object.fromEntries(biz.map((x) => [x.code, x.n])),
    settlements: cash.n,
    varianceFen: cash.v,
    early: { attempts: early.a, approvals: early.p, refusals: early.r },
  };
}

/** Every difference between the report and the counters' own records (empty: they agree). */
export function reportAgreement(report: ReportJson, counters: CounterOnHall[], fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  const total: CounterFigures = { journeys: 0, byBusiness: {}, settlements: 0, varianceFen: 0, early: { attempts: 0, approvals: 0, refusals: 0 } };
  for (const { counter, db } of counters) {
    const own = countOnCounter(db, fromMs, toMs, report.period.from);
    const row = report.byCounter.find((c) => c.counter === counter);
    const said = (k: string, mine: number, theirs: number) => mine !== theirs && out.push(`counter ${counter}: ${k} — counter ${mine}, report ${theirs}`);
    said('journeys', own.journeys, row?.journeys ?? 0);
    said('settlements', own.settlements, row?.cash.settlements ?? 0);
    said('variance (fen)', own.varianceFen, row?.cash.varianceFen ?? 0);
    said('early attempts', own.early.attempts, row?.early.attempts ?? 0);
    said('early approvals', own.early.approvals, row?.early.approvals ?? 0);
    said('early refusals', own.early.refusals, row?.early.refusals ?? 0);
    total.journeys += own.journeys;
    for (const [code, n] of Object.entries(own.byBusiness)) total.byBusiness[code] = (total.byBusiness[code] ?? 0) + n;
  }
  if (total.journeys !== report.hall.journeys) out.push(`hall: journeys — counters ${total.journeys}, report ${report.hall.journeys}`);
  const reported = Object.fromEntries(report.byBusiness.map((b) => [b.code, b.count]));
  for (const code of new Set([...Object.keys(total.byBusiness), ...Object.keys(reported)])) {
    if ((total.byBusiness[code] ?? 0) !== (reported[code] ?? 0)) out.push(`business ${code}: counters ${total.byBusiness[code] ?? 0}, report ${reported[code] ?? 0}`);
  }
  return out;
}
