/**
 * The desk's figures over a year of a 20-counter hall: `npm run bench -- reports`
 *
 *   npm run bench -- reports [--backend server|pglite|both] [--journeys 1000000] [--counters 20] [--days 365] [--runs 5]
 *
 * Generates the year in the hall's database by SQL (generate_series, a month per statement):
 * ≈ 1,000,000 journeys and their nine steps each in the desk's derived tables (desk_journey,
 * desk_step — what migration 010's trigger makes of replicated journey and step rows), and in
 * replica_row a settlement per counter and day, a handover, early-settlement events and a print
 * outcome per journey (reprints among them). The rows skip the ingest path (its speed is the hall
 * bench's); what is measured is the desk: the whole figures of a day, a week, a month (and a
 * year's range, for the record) with the filters off and with a counter and a clerk on, and the
 * first page of a drill-down — the time a duty manager waits for the desk to show them. Target:
 * under 1 s on a PostgreSQL server and on PGlite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { journeysBehind } from '../../hall/desk/drill';
import { deskFigures } from '../../hall/desk/figures';
import { scopeOf } from '../../hall/desk/scope';
import { openHallStore, type StoreChoice } from '../../hall/storage/open';
import type { HallStore } from '../../hall/storage/port';
import { startPgServer, type PgServer } from '../helpers/pgServer';
import { enrolledCounter } from '../helpers/replicaRows';
import { recordFigure } from './figures';
import { fmtMs, summarize } from './stats';

function arg(args: string[], name: string, dflt: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
}

const DAY = 86_400_000;
/** 2025-01-01 00:00 in Asia/Shanghai. */
const YEAR_START = Date.parse('2025-01-01T00:00:00Z') - 8 * 3_600_000;

/** Fills `days` days from YEAR_START, a month of days per statement, ~perDay journeys per counter and day. */
async function generateYear(store: HallStore, counters: number, days: number, perDay: number): Promise<{ journeys: number; steps: number }> {
  for (let c = 1; c <= counters; c++) await enrolledCounter(store, c);
  const slot = Math.floor((8 * 3_600_000) / perDay); // journeys spread over 09:00–17:00
  for (let d0 = 0; d0 < days; d0 += 31) {
    const d1 = Math.min(days, d0 + 31) - 1;
    const params = [YEAR_START, d0, d1, counters, perDay, slot];
    // One row per (day, counter, k): opened at 09:00 + k slots + jitter; 8% cancelled; 10% manual ID.
    await store.query(
      `INSERT INTO desk_journey (counter, source, journey_id, seq, clerk, status, opened_at, closed_at, id_masked, id_method, manual_entry, ticket,
         requested, processed, due_fen, refund_fen, refund_status, cancel_reason, rec_offered, rec_accepted, consents_refused)
       SELECT c, 1, 'J' || d || '-' || c || '-' || k, d * $5 + k + 1,
         'C' || lpad((((c + d) % 30) + 1)::text, 3, '0'),
         CASE WHEN h % 100 < 8 THEN 'cancelled' ELSE 'closed' END,
         t, t + 120000 + (h % 780000), '1101**********1234', CASE WHEN h % 10 = 0 THEN 'manual' ELSE 'card' END, h % 10 = 0, 'A' || k,
         ARRAY[(ARRAY['new_line','sim_replace','plan_change','transfer','close_account','broadband','topup','invoice'])[1 + h % 8]],
         CASE WHEN h % 100 < 8 THEN ARRAY[]::text[] ELSE ARRAY[(ARRAY['new_line','sim_replace','plan_change','transfer','close_account','broadband','topup','invoice'])[1 + h % 8]] END,
         5000, CASE WHEN h % 100 < 4 THEN 1000 + h % 4000 END, CASE WHEN h % 100 < 4 THEN 'done' END, CASE WHEN h % 100 < 8 THEN 'customer_left' END,
         CASE WHEN h % 4 = 0 THEN 0 ELSE 1 END, CASE WHEN h % 3 = 0 THEN 1 ELSE 0 END, CASE WHEN h % 50 = 0 THEN 1 ELSE 0 END
       FROM generate_series($2::int, $3::int) AS d, generate_series(1, $4::int) AS c, generate_series(0, $5::int - 1) AS k,
         LATERAL (SELECT abs(hashtext(d || ':' || c || ':' || k)) AS h) x,
         LATERAL (SELECT $1::int8 + d::int8 * ${DAY} + 9 * 3600000 + k::int8 * $6::int8 + (x.h % 60000) AS t) y`,
      params,
    );
    await store.query(
      `INSERT INTO desk_step (counter, source, journey_id, step_no, step, entered_at, duration_ms)
       SELECT j.counter, 1, j.journey_id, s, (ARRAY['greet','need','verify','consent','process','payment','recommend','handover','farewell'])[s],
         j.opened_at + (s - 1) * ((j.closed_at - j.opened_at) / 9), (j.closed_at - j.opened_at) / 9 + (abs(hashtext(j.journey_id || s)) % 20000) - 10000
       FROM desk_journey j, generate_series(1, 9) AS s
       WHERE j.opened_at >= $1::int8 + $2::int8 * ${DAY} AND j.opened_at < $1::int8 + ($3::int8 + 1) * ${DAY}`,
      [YEAR_START, d0, d1],
    );
    // A settlement and a handover per counter and day; early events at one in five; a receipt per journey, 5% reprinted.
    await store.query(
      `INSERT INTO replica_row (counter, source, stream, seq, at, key, hash, data, received_at)
       SELECT c, 1, 'settlement', d + 1, t1, (d * 100 + c)::text, md5(d || 's' || c),
         jsonb_build_object('session_id', d * 100 + c, 'clerk_staff_no', 'C' || lpad((((c + d) % 30) + 1)::text, 3, '0'),
           'business_day', to_char(to_timestamp(t0 / 1000.0) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), 'opened_at', t0, 'float_fen', 50000,
           'settled_at', t1, 'z_no', d * 100 + c, 'z_created_at', t1, 'expected_fen', 300000, 'counted_fen', 300000 + v, 'variance_fen', v, 'totals', '{}'::jsonb),
         t1
       FROM generate_series($2::int, $3::int) AS d, generate_series(1, $4::int) AS c,
         LATERAL (SELECT $1::int8 + d::int8 * ${DAY} + 8 * 3600000 + 30 * 60000 AS t0, $1::int8 + d::int8 * ${DAY} + 17 * 3600000 + 35 * 60000 AS t1,
                         CASE WHEN abs(hashtext(d || 'v' || c)) % 10 = 0 THEN abs(hashtext(d || 'w' || c)) % 2000 - 1000 ELSE 0 END AS v) x`,
      [YEAR_START, d0, d1, counters],
    );
    await store.query(
      `INSERT INTO replica_row (counter, source, stream, seq, at, key, hash, data, received_at)
       SELECT c, 1, 'early_event', d + 1, t, NULL, md5(d || 'e' || c),
         jsonb_build_object('id', d + 1, 'at', t, 'session_id', d * 100 + c, 'staff_no', 'C' || lpad((((c + d) % 30) + 1)::text, 3, '0'),
           'outcome', (ARRAY['refused','approved','override_refused'])[1 + abs(hashtext(d || 'o' || c)) % 3], 'block', 'before_close',
           'minutes_early', 5 + abs(hashtext(d || 'm' || c)) % 50, 'approver_staff_no', 'M001'),
         t
       FROM generate_series($2::int, $3::int) AS d, generate_series(1, $4::int) AS c,
         LATERAL (SELECT $1::int8 + d::int8 * ${DAY} + 17 * 3600000 AS t) x
       WHERE abs(hashtext(d || 'early' || c)) % 5 = 0`,
      [YEAR_START, d0, d1, counters],
    );
    await store.query(
      `INSERT INTO replica_row (counter, source, stream, seq, at, key, hash, data, received_at)
       SELECT j.counter, 1, 'print_outcome', j.seq, j.closed_at, j.seq::text, md5(j.journey_id),
         jsonb_build_object('job_id', j.seq, 'kind', 'receipt', 'ref', j.journey_id, 'state', 'printed', 'reprint_of', CASE WHEN r THEN j.seq - 1 END,
           'reprint_no', CASE WHEN r THEN 1 ELSE 0 END, 'possible_duplicate', false, 'attempts', 1, 'requested_by', j.clerk,
           'created_at', j.closed_at, 'printed_at', j.closed_at, 'at', j.closed_at, 'reason_code', NULL),
         j.closed_at
       FROM desk_journey j, LATERAL (SELECT abs(hashtext(j.journey_id || 'r')) % 20 = 0 AS r) x
       WHERE j.opened_at >= $1::int8 + $2::int8 * ${DAY} AND j.opened_at < $1::int8 + ($3::int8 + 1) * ${DAY}`,
      [YEAR_START, d0, d1],
    );
    process.stdout.write(`  generated days ${d0 + 1}–${d1 + 1}\n`);
  }
  await store.exec('ANALYZE');
  const n = (await store.query<{ j: number; s: number }>('SELECT (SELECT count(*) FROM desk_journey)::int8 AS j, (SELECT count(*) FROM desk_step)::int8 AS s')).rows[0]!;
  return { journeys: n.j, steps: n.s };
}

async function timed(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm: the first read brings the pages in
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function measure(kind: 'server' | 'pglite', choice: StoreChoice, args: string[]): Promise<void> {
  const counters = Number(arg(args, 'counters', '20'));
  const days = Number(arg(args, 'days', '365'));
  const journeys = Number(arg(args, 'journeys', '1000000'));
  const runs = Number(arg(args, 'runs', '5'));
  const perDay = Math.max(1, Math.round(journeys / days / counters));
  const store = await openHallStore(choice);
  try {
    const t0 = performance.now();
    const made = await generateYear(store, counters, days, perDay);
    process.stdout.write(`${kind}: ${made.journeys.toLocaleString('en-US')} journeys, ${made.steps.toLocaleString('en-US')} steps, ${counters} counters × ${days} days generated in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    // A day in the middle of the generated days (mid-June for a year).
    const busy = new Date(YEAR_START + 8 * 3_600_000 + Math.floor(days / 2) * DAY).toISOString().slice(0, 10);
    const cases: { key: string; label: string; period: Parameters<typeof scopeOf>[1]; filters?: Parameters<typeof scopeOf>[2] }[] = [
      { key: 'day', label: 'a day', period: { kind: 'day', date: busy } },
      { key: 'week', label: 'a week', period: { kind: 'week', date: busy } },
      { key: 'month', label: 'a month', period: { kind: 'month', date: busy } },
      { key: 'month_counter', label: 'a month, one counter', period: { kind: 'month', date: busy }, filters: { counters: [7] } },
      { key: 'month_clerk', label: 'a month, one clerk', period: { kind: 'month', date: busy }, filters: { clerk: 'C007' } },
      { key: 'year', label: 'the whole year (range)', period: { kind: 'range', date: '2025-01-01', to: '2025-12-31' } },
    ];
    for (const c of cases) {
      const s = summarize(await timed(runs, async () => deskFigures(store, await scopeOf(store, c.period, c.filters ?? {}))));
      recordFigure(`${kind}_figures_${c.key}_ms`, s, 'ms', `desk figures, ${c.label} (${kind})`);
      process.stdout.write(`  figures, ${c.label.padEnd(24)} median ${fmtMs(s.median)} ms   p95 ${fmtMs(s.p95)} ms   max ${fmtMs(s.max)} ms\n`);
    }
    const d = summarize(await timed(runs, async () => journeysBehind(store, await scopeOf(store, { kind: 'month', date: busy }), { kind: 'business', value: 'broadband' }, 0, 20)));
    recordFigure(`${kind}_drill_month_ms`, d, 'ms', `drill-down, a month's journeys of one business, first page (${kind})`);
    process.stdout.write(`  drill-down, a month, first page    median ${fmtMs(d.median)} ms   p95 ${fmtMs(d.p95)} ms\n`);
  } finally {
    await store.close();
  }
}

export { generateYear };

export async function bench(args: string[]): Promise<void> {
  const backend = arg(args, 'backend', 'both');
  let pg: PgServer | null = null;
  const dirs: string[] = [];
  try {
    if (backend === 'server' || backend === 'both') {
      pg = await startPgServer({ durable: false });
      await measure('server', { databaseUrl: await pg.createDatabase(`bench_reports_${process.pid}`) }, args);
    }
    if (backend === 'pglite' || backend === 'both') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-desk-bench-'));
      dirs.push(dir);
      await measure('pglite', { dataDir: dir }, args);
    }
  } finally {
    await pg?.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}
