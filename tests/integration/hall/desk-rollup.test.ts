// The desk's rollups (migration 011) on PGlite and a PostgreSQL server: what the triggers keep
// added up as journeys and steps arrive — and as a resent journey replaces its older copy — is
// what adding up desk_journey and desk_step afresh in this file gives (hour by hour, counter by
// counter, bucket by bucket); and a hall that held journeys before 011 gets them added up by the
// migration itself. The step histograms' buckets and quantiles are checked in
// tests/unit/hall/deskHistogram.test.ts; the figures read from them in desk-figures.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../../hall/replication/ingest';
import { loadHallMigrations, migrate } from '../../../hall/storage/migrate';
import type { HallStore } from '../../../hall/storage/port';
import { generateHall, loadHall } from '../../helpers/deskData';
import { BACKENDS, setupHallBackends } from '../../helpers/hallStores';

const backends = setupHallBackends();
const DAYS = Array.from({ length: 4 }, (_, i) => new Date(Date.UTC(2026, 2, 2 + i)).toISOString().slice(0, 10));
const gen = generateHall({ counters: 2, days: DAYS, journeysPerDay: 12, seed: 11 });
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A whole second below an hour, a whole minute below a day, a whole hour above. */
function bucketOf(ms: number): number {
  if (ms < HOUR) return Math.floor(ms / 1000);
  if (ms < DAY) return 3600 + Math.floor((ms - HOUR) / 60_000);
  return 4980 + Math.floor((ms - DAY) / HOUR);
}

type Rows = Map<string, string>;

function add(m: Map<string, number[]>, key: string, v: number[]): void {
  const cur = m.get(key) ?? v.map(() => 0);
  m.set(key, cur.map((x, i) => x + v[i]!));
}

const asRows = (m: Map<string, number[]>): Rows => new Map([...m].filter(([, v]) => v.some((x) => x !== 0)).map(([k, v]) => [k, v.join(',')]));

/** The rollups added up afresh from desk_journey and desk_step, by loops. */
async function afresh(store: HallStore): Promise<{ hour: Rows; business: Rows; serving: Rows; stepHour: Rows; stepDay: Rows }> {
  const js = (await store.query<{ counter: number; clerk: string; status: string; opened_at: number; closed_at: number | null; processed: string[]; refund_fen: number | null; manual_entry: boolean; consents_refused: number; rec_offered: number; rec_accepted: number }>(
    'SELECT counter, clerk, status, opened_at, closed_at, processed, refund_fen, manual_entry, consents_refused, rec_offered, rec_accepted FROM desk_journey',
  )).rows;
  const hour = new Map<string, number[]>();
  const business = new Map<string, number[]>();
  const serving = new Map<string, number[]>();
  for (const j of js) {
    const h = j.opened_at - (j.opened_at % HOUR);
    const closed = j.status === 'closed';
    const refund = (j.refund_fen ?? 0) > 0;
    add(hour, `${h}/${j.counter}/${j.clerk}`, [1, closed ? 1 : 0, j.status === 'cancelled' ? 1 : 0, refund ? 1 : 0, refund ? j.refund_fen! : 0, closed ? j.processed.length : 0, j.manual_entry ? 1 : 0, j.consents_refused, j.rec_offered, j.rec_accepted]);
    if (closed) for (const b of j.processed) add(business, `${h}/${j.counter}/${j.clerk}/${b}`, [1]);
    if (j.closed_at !== null && j.closed_at > j.opened_at) {
      for (let t = h; t < j.closed_at; t += HOUR) add(serving, `${h}/${t}/${j.counter}/${j.clerk}`, [Math.min(j.closed_at, t + HOUR) - Math.max(j.opened_at, t)]);
    }
  }
  const ss = (await store.query<{ step: string; entered_at: number; duration_ms: number | null }>('SELECT step, entered_at, duration_ms FROM desk_step')).rows;
  const stepHour = new Map<string, number[]>();
  const stepDay = new Map<string, number[]>();
  for (const s of ss) {
    if (s.duration_ms === null) continue;
    add(stepHour, `${s.entered_at - (s.entered_at % HOUR)}/${s.step}/${bucketOf(s.duration_ms)}`, [1]);
    add(stepDay, `${s.entered_at - (s.entered_at % DAY)}/${s.step}/${bucketOf(s.duration_ms)}`, [1]);
  }
  return { hour: asRows(hour), business: asRows(business), serving: asRows(serving), stepHour: asRows(stepHour), stepDay: asRows(stepDay) };
}

/** The rollups as the hall keeps them (rows added up to nothing left out). */
async function kept(store: HallStore): Promise<{ hour: Rows; business: Rows; serving: Rows; stepHour: Rows; stepDay: Rows }> {
  const rows = async (sql: string): Promise<Rows> => {
    const m = new Map<string, number[]>();
    for (const r of (await store.query<{ k: string; v: number[] }>(sql)).rows) m.set(r.k, r.v.map(Number));
    return asRows(m);
  };
  return {
    hour: await rows(`SELECT hour || '/' || counter || '/' || clerk AS k, ARRAY[journeys, closed, cancelled, refunds, refund_fen, businesses, manual, consents_refused, rec_offered, rec_accepted]::int8[] AS v FROM desk_hour`),
    business: await rows(`SELECT hour || '/' || counter || '/' || clerk || '/' || code AS k, ARRAY[n]::int8[] AS v FROM desk_hour_business`),
    serving: await rows(`SELECT opened_hour || '/' || hour || '/' || counter || '/' || clerk AS k, ARRAY[ms]::int8[] AS v FROM desk_serving`),
    stepHour: await rows(`SELECT hour || '/' || step || '/' || bucket AS k, ARRAY[n]::int8[] AS v FROM desk_step_hour`),
    stepDay: await rows(`SELECT day || '/' || step || '/' || bucket AS k, ARRAY[n]::int8[] AS v FROM desk_step_day`),
  };
}

describe.each(BACKENDS)('the desk rollups on %s', (kind) => {
  let store: HallStore;
  beforeAll(async () => {
    store = await backends.open(await backends.fresh(kind));
    await loadHall(store, gen, 2);
  }, 180_000);

  it('keeps what the journeys and steps add up to, a replaced journey taken out as it was', async () => {
    expect(await kept(store)).toEqual(await afresh(store));
    // Resent with a refund and, once more, closed later and by another clerk (the newest seq wins).
    const j = gen.journeys.find((x) => x.counter === 1 && x.data.status === 'closed')!;
    const held = gen.journeys.filter((x) => x.counter === 1).length;
    await ingestBatch(store, { counter: 1, source: 1 }, { protocol: 1, counter: 1, stream: 'journey', rows: [{ seq: held + 1, data: { ...j.data, refund_fen: 500, refund_status: 'done' } }] } as never);
    await ingestBatch(store, { counter: 1, source: 1 }, { protocol: 1, counter: 1, stream: 'journey', rows: [{ seq: held + 2, data: { ...j.data, clerk_id: 'C099', closed_at: j.data.closed_at! + 2 * HOUR } }] } as never);
    const after = await afresh(store);
    expect(await kept(store)).toEqual(after);
    expect([...after.hour.keys()].some((k) => k.endsWith('/C099'))).toBe(true);
  });

  it('adds up what a hall held before the rollups existed when it is upgraded', async () => {
    const before = await afresh(store);
    const version = (await store.query<{ version: number }>('SELECT version FROM hall_schema')).rows[0]!.version;
    await store.exec(`DROP TABLE desk_hour, desk_hour_business, desk_serving, desk_step_hour, desk_step_day;
      DROP INDEX desk_step_counter; DROP FUNCTION desk_rollup_journeys() CASCADE; DROP FUNCTION desk_rollup_steps() CASCADE; DROP FUNCTION desk_duration_bucket(bigint);
      UPDATE hall_schema SET version = 10`);
    // Migration 011 alone, on the hall as it stood at 010 (later migrations are in force already).
    expect(await migrate(store, loadHallMigrations().filter((m) => m.version === 11))).toBe(11);
    await store.query('UPDATE hall_schema SET version = $1', [version]);
    expect(await kept(store)).toEqual(before);
  });
});
