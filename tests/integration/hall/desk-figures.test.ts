// The desk's figures (hall/desk/figures.ts) on a generated hall, on PGlite and a PostgreSQL
// server, each checked against a straightforward computation over the generated rows in this
// file: totals, per counter, per clerk, by business with the previous period, handling time
// and step quantiles, utilisation per counter and hour, cash, early settlement, reprints,
// daily volumes, drill-downs; and a journey resent (refund changed) counted once. Everything is
// exact except the whole hall's step median and p90, read from histograms: within one bucket.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeskActivity, DeskFigures } from '../../../base/contract/desk';
import { periodOf, type PeriodKind } from '../../../base/deskPeriod';
import { journeysBehind } from '../../../hall/desk/drill';
import { deskFigures } from '../../../hall/desk/figures';
import { scopeOf, type DeskFilters } from '../../../hall/desk/scope';
import { ingestBatch } from '../../../hall/replication/ingest';
import type { HallStore } from '../../../hall/storage/port';
import { generateHall, loadHall, localMidnight, type GeneratedHall } from '../../helpers/deskData';
import { BACKENDS, setupHallBackends } from '../../helpers/hallStores';

const backends = setupHallBackends();
const DAYS = Array.from({ length: 14 }, (_, i) => new Date(Date.UTC(2026, 1, 23 + i)).toISOString().slice(0, 10));
const gen = generateHall({ counters: 3, days: DAYS, journeysPerDay: 10, seed: 5 });
const HOUR = 3_600_000;
/** One histogram bucket below an hour (migration 011's desk_duration_bucket). */
const STEP_BUCKET_MS = 1000;

/** percentile_cont: linear interpolation between the two nearest ranks. */
function quantile(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return Math.round(s[lo]! + (s[hi]! - s[lo]!) * (pos - lo));
}

interface Expect {
  hall: Partial<DeskActivity>;
  counters: Map<number, Partial<DeskActivity>>;
  clerks: Map<string, Partial<DeskActivity>>;
  business: Map<string, { count: number; prev: number }>;
  steps: Map<string, { n: number; medianMs: number; p90Ms: number }>;
  hours: Map<string, { servingMs: number; openMs: number }>;
  daily: Map<string, number>;
}

function straightforward(g: GeneratedHall, from: string, to: string, prevFrom: string, f: DeskFilters): Expect {
  const a = localMidnight(from);
  const b = localMidnight(to) + 24 * HOUR;
  const pa = localMidnight(prevFrom);
  const inC = (c: number) => !f.counters || f.counters.includes(c);
  const inK = (k: string) => !f.clerk || f.clerk === k;
  const js = g.journeys.filter((j) => inC(j.counter) && inK(j.data.clerk_id) && (!f.business || j.data.business_codes.includes(f.business)));
  const cur = js.filter((j) => j.data.opened_at >= a && j.data.opened_at < b);
  const act = (list: typeof cur): Partial<DeskActivity> => {
    const closed = list.filter((j) => j.data.status === 'closed');
    const processed = (j: (typeof list)[number]) => j.data.businesses.filter((x) => x.status === 'processed' && (!f.business || x.code === f.business)).length;
    const durations = closed.map((j) => j.data.closed_at! - j.data.opened_at);
    return {
      journeys: list.length,
      closed: closed.length,
      cancelled: list.filter((j) => j.data.status === 'cancelled').length,
      refunds: list.filter((j) => (j.data.refund_fen ?? 0) > 0).length,
      refundFen: list.reduce((s, j) => s + (j.data.refund_fen ?? 0), 0),
      businesses: closed.reduce((s, j) => s + processed(j), 0),
      manualEntries: list.filter((j) => j.data.manual_entry).length,
      consentsRefused: list.reduce((s, j) => s + j.data.consents.filter((x) => x.answer === 'refused').length, 0),
      recOffered: list.reduce((s, j) => s + j.data.recommendations.filter((x) => x.outcome !== 'not_applicable').length, 0),
      recAccepted: list.reduce((s, j) => s + j.data.recommendations.filter((x) => x.outcome === 'accepted').length, 0),
      handling: { n: durations.length, medianMs: quantile(durations, 0.5), p90Ms: quantile(durations, 0.9) },
    };
  };
  const e: Expect = { hall: act(cur), counters: new Map(), clerks: new Map(), business: new Map(), steps: new Map(), hours: new Map(), daily: new Map() };
  for (const c of new Set(cur.map((j) => j.counter))) e.counters.set(c, act(cur.filter((j) => j.counter === c)));
  for (const k of new Set(cur.map((j) => j.data.clerk_id))) e.clerks.set(k, act(cur.filter((j) => j.data.clerk_id === k)));
  for (const j of js.filter((x) => x.data.status === 'closed' && x.data.opened_at >= pa && x.data.opened_at < b)) {
    for (const x of j.data.businesses) {
      if (x.status !== 'processed' || (f.business && x.code !== f.business)) continue;
      const v = e.business.get(x.code) ?? { count: 0, prev: 0 };
      if (j.data.opened_at >= a) v.count++;
      else v.prev++;
      e.business.set(x.code, v);
    }
  }
  const ids = new Set(js.map((j) => `${j.counter}/${j.data.journey_id}`));
  const byStep = new Map<string, number[]>();
  for (const s of g.steps) {
    if (!ids.has(`${s.counter}/${s.data.journey_id}`) || s.data.entered_at < a || s.data.entered_at >= b || s.data.duration_ms === null) continue;
    byStep.set(s.data.step, [...(byStep.get(s.data.step) ?? []), s.data.duration_ms]);
  }
  for (const [step, xs] of byStep) e.steps.set(step, { n: xs.length, medianMs: quantile(xs, 0.5)!, p90Ms: quantile(xs, 0.9)! });
  // Utilisation: walk every hour of every journey and every till session.
  const addHour = (c: number, s0: number, s1: number, what: 'servingMs' | 'openMs') => {
    for (let h = Math.floor(s0 / HOUR) * HOUR; h < s1; h += HOUR) {
      const ms = Math.min(s1, h + HOUR) - Math.max(s0, h);
      const key = `${c}:${new Date(h + 8 * HOUR).getUTCHours()}`;
      const v = e.hours.get(key) ?? { servingMs: 0, openMs: 0 };
      v[what] += ms;
      e.hours.set(key, v);
    }
  };
  for (const j of cur) if (j.data.closed_at! > j.data.opened_at) addHour(j.counter, j.data.opened_at, Math.min(j.data.closed_at!, b), 'servingMs');
  for (const s of g.settlements) {
    if (!inC(s.counter) || !inK(s.data.clerk_staff_no) || s.data.settled_at < a || s.data.opened_at >= b) continue;
    addHour(s.counter, Math.max(s.data.opened_at, a), Math.min(s.data.settled_at, b), 'openMs');
  }
  for (const j of cur) {
    const day = new Date(j.data.opened_at + 8 * HOUR).toISOString().slice(0, 10);
    e.daily.set(day, (e.daily.get(day) ?? 0) + 1);
  }
  return e;
}

function cashOf(g: GeneratedHall, from: string, to: string, f: DeskFilters, c?: number) {
  const rows = g.settlements.filter((s) => s.data.business_day >= from && s.data.business_day <= to && (!f.counters || f.counters.includes(s.counter)) && (!f.clerk || f.clerk === s.data.clerk_staff_no) && (c === undefined || s.counter === c));
  const v = rows.map((s) => s.data.variance_fen);
  return { settlements: rows.length, overCount: v.filter((x) => x > 0).length, shortCount: v.filter((x) => x < 0).length, overFen: v.filter((x) => x > 0).reduce((s, x) => s + x, 0), shortFen: 0 - v.filter((x) => x < 0).reduce((s, x) => s + x, 0), varianceFen: v.reduce((s, x) => s + x, 0) };
}

function earlyOf(g: GeneratedHall, a: number, b: number, pred: (x: GeneratedHall['early'][number]) => boolean) {
  const rows = g.early.filter((x) => x.data.at >= a && x.data.at < b && pred(x));
  const mins = rows.map((x) => x.data.minutes_early ?? 0);
  return { attempts: rows.filter((x) => x.data.outcome === 'refused').length, approvals: rows.filter((x) => x.data.outcome === 'approved').length, refusals: rows.filter((x) => x.data.outcome === 'override_refused').length, minutesEarlyMax: rows.length ? Math.max(...mins) : null, minutesEarlyTotal: mins.reduce((s, x) => s + x, 0) };
}

function reprintsOf(g: GeneratedHall, a: number, b: number, pred: (x: GeneratedHall['prints'][number]) => boolean): number {
  return new Set(g.prints.filter((x) => x.data.at >= a && x.data.at < b && x.data.reprint_no > 0 && pred(x)).map((x) => `${x.counter}:${x.data.job_id}`)).size;
}

function pick(a: DeskActivity): Partial<DeskActivity> {
  const { journeys, closed, cancelled, refunds, refundFen, businesses, manualEntries, consentsRefused, recOffered, recAccepted, handling } = a;
  return { journeys, closed, cancelled, refunds, refundFen, businesses, manualEntries, consentsRefused, recOffered, recAccepted, handling };
}

function check(f: DeskFigures, e: Expect, g: GeneratedHall, filters: DeskFilters): void {
  expect(pick(f.hall)).toEqual(e.hall);
  expect(new Map(f.byCounter.filter((x) => x.journeys > 0).map((x) => [x.counter, pick(x)]))).toEqual(e.counters);
  expect(new Map(f.byClerk.filter((x) => x.journeys > 0).map((x) => [x.staffNo, pick(x)]))).toEqual(e.clerks);
  expect(new Map(f.byBusiness.map((x) => [x.code, { count: x.count, prev: x.prev }]))).toEqual(new Map([...e.business].filter(([, v]) => v.count + v.prev > 0)));
  for (const x of f.byBusiness) expect(x.changePct).toBe(x.prev > 0 ? Math.round(((x.count - x.prev) / x.prev) * 1000) / 10 : null);
  if (filters.counters || filters.clerk || filters.business) {
    expect(new Map(f.steps.map((x) => [x.step, { n: x.n, medianMs: x.medianMs, p90Ms: x.p90Ms }]))).toEqual(e.steps);
  } else {
    // The whole hall's steps are read from histograms of whole seconds (migration 011): the count
    // is exact, the median and p90 within one bucket (1 s, every step here is under an hour).
    expect(new Map(f.steps.map((x) => [x.step, x.n]))).toEqual(new Map([...e.steps].map(([k, v]) => [k, v.n])));
    for (const x of f.steps) {
      expect(Math.abs(x.medianMs - e.steps.get(x.step)!.medianMs), `${x.step} median`).toBeLessThanOrEqual(STEP_BUCKET_MS);
      expect(Math.abs(x.p90Ms - e.steps.get(x.step)!.p90Ms), `${x.step} p90`).toBeLessThanOrEqual(STEP_BUCKET_MS);
    }
  }
  expect(new Map(f.utilisationByHour.map((x) => [`${x.counter}:${x.hour}`, { servingMs: x.servingMs, openMs: x.openMs }]))).toEqual(e.hours);
  for (const x of f.utilisationByHour) expect(x.ratio).toBe(x.openMs > 0 ? Math.round((x.servingMs / x.openMs) * 10_000) / 10_000 : null);
  const serving = [...e.hours.values()].reduce((s, v) => s + v.servingMs, 0);
  const open = [...e.hours.values()].reduce((s, v) => s + v.openMs, 0);
  expect(f.hall.utilisation).toEqual({ servingMs: serving, openMs: open, ratio: open ? Math.round((serving / open) * 10_000) / 10_000 : null });
  expect(new Map(f.daily.map((x) => [x.day, x.journeys]))).toEqual(e.daily);
  if (!filters.business) {
    const a = localMidnight(f.period.from);
    const b = localMidnight(f.period.to) + 24 * HOUR;
    const inF = (c: number, k: string | null) => (!filters.counters || filters.counters.includes(c)) && (!filters.clerk || filters.clerk === k);
    expect(f.hall.cash).toEqual(cashOf(g, f.period.from, f.period.to, filters));
    for (const row of f.byCounter) expect(row.cash).toEqual(cashOf(g, f.period.from, f.period.to, filters, row.counter));
    expect(f.hall.early).toEqual(earlyOf(g, a, b, (x) => inF(x.counter, x.data.staff_no)));
    for (const row of f.byCounter) expect(row.early).toEqual(earlyOf(g, a, b, (x) => x.counter === row.counter && inF(x.counter, x.data.staff_no)));
    for (const row of f.byClerk) expect(row.early).toEqual(earlyOf(g, a, b, (x) => x.data.staff_no === row.staffNo && inF(x.counter, x.data.staff_no)));
    expect(f.hall.reprints).toBe(reprintsOf(g, a, b, (x) => inF(x.counter, x.data.requested_by)));
    for (const row of f.byCounter) expect(row.reprints).toBe(reprintsOf(g, a, b, (x) => x.counter === row.counter && inF(x.counter, x.data.requested_by)));
  }
}

const CASES: { kind: PeriodKind; date: string; to?: string; filters: DeskFilters }[] = [
  { kind: 'week', date: '2026-03-04', filters: {} },
  { kind: 'day', date: '2026-03-03', filters: { counters: [2] } },
  { kind: 'range', date: '2026-02-25', to: '2026-03-05', filters: { clerk: 'C002' } },
  { kind: 'week', date: '2026-03-08', filters: { business: 'sim_replace' } },
  { kind: 'month', date: '2026-03-15', filters: { counters: [1, 3] } },
];

describe.each(BACKENDS)('desk figures on %s', (kind) => {
  let store: HallStore;
  beforeAll(async () => {
    store = await backends.open(await backends.fresh(kind));
    await loadHall(store, gen, 3);
  }, 180_000);

  it.each(CASES)('$kind $date $filters agrees with a straightforward computation', async (c) => {
    const p = periodOf(c.kind, c.date, c.to);
    const f = await deskFigures(store, await scopeOf(store, c, c.filters));
    expect(f.period).toMatchObject({ from: p.from, to: p.to, prevFrom: p.prevFrom, tz: 'Asia/Shanghai' });
    check(f, straightforward(gen, p.from, p.to, p.prevFrom, c.filters), gen, c.filters);
    expect(f.hall.journeys).toBeGreaterThan(0);
  });

  it('drills down to the journeys behind a figure, masked, a page at a time', async () => {
    const s = await scopeOf(store, { kind: 'week', date: '2026-03-04' });
    const f = await deskFigures(store, s);
    const top = f.byBusiness[0]!;
    const all = await journeysBehind(store, s, { kind: 'business', value: top.code }, 0, 500);
    const distinct = all.rows.length;
    expect(all.total).toBe(distinct);
    // A journey doing the business twice counts twice in the volume, once in the list.
    expect(all.rows.reduce((n, j) => n + j.businesses.filter((b) => b === top.code).length, 0)).toBe(top.count);
    for (const j of all.rows) expect(j.idMasked).toMatch(/\*/);
    const page = await journeysBehind(store, s, { kind: 'business', value: top.code }, 2, 3);
    expect(page.rows.map((r) => r.journeyId)).toEqual(all.rows.slice(2, 5).map((r) => r.journeyId));
    expect((await journeysBehind(store, s, { kind: 'manual' }, 0, 500)).total).toBe(f.hall.manualEntries);
    expect((await journeysBehind(store, s, { kind: 'cancelled' }, 0, 500)).total).toBe(f.hall.cancelled);
    expect((await journeysBehind(store, s, { kind: 'refund' }, 0, 500)).total).toBe(f.hall.refunds);
    expect((await journeysBehind(store, s, { kind: 'counter', value: 2 }, 0, 500)).total).toBe(f.byCounter.find((x) => x.counter === 2)!.journeys);
    expect((await journeysBehind(store, s, { kind: 'clerk', value: 'C003' }, 0, 500)).total).toBe(f.byClerk.find((x) => x.staffNo === 'C003')?.journeys ?? 0);
    const slow = (await journeysBehind(store, s, { kind: 'slowerThan', value: f.hall.handling.p90Ms! }, 0, 500)).total;
    expect(slow).toBe(gen.journeys.filter((j) => j.data.status === 'closed' && j.data.opened_at >= s.fromMs && j.data.opened_at < s.toMs && j.data.closed_at! - j.data.opened_at >= f.hall.handling.p90Ms!).length);
  });

  it('counts a journey resent with a changed refund once, as last sent', async () => {
    const j = gen.journeys.find((x) => x.counter === 1 && x.data.status === 'cancelled' && x.data.refund_fen === null)!;
    const held = gen.journeys.filter((x) => x.counter === 1).length;
    const again = { ...j.data, refund_fen: 777, refund_status: 'done' };
    await ingestBatch(store, { counter: 1, source: 1 }, { protocol: 1, counter: 1, stream: 'journey', rows: [{ seq: held + 1, data: again }] } as never);
    const s = await scopeOf(store, { kind: 'day', date: new Date(j.data.opened_at + 8 * HOUR).toISOString().slice(0, 10) }, { counters: [1] });
    const f = await deskFigures(store, s);
    const before = straightforward(gen, s.from, s.to, s.prevFrom, { counters: [1] }).hall;
    expect(f.hall.journeys).toBe(before.journeys);
    expect(f.hall.refunds).toBe(before.refunds! + 1);
    expect(f.hall.refundFen).toBe(before.refundFen! + 777);
  });
});
