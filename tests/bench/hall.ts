/**
 * Hall benchmark: replicated rows per second into PostgreSQL (a server, and embedded PGlite),
 * with the chain witness on, and the catch-up of 20 counters back after a day offline.
 *
 *   npm run bench -- hall [--backend server|pglite|both|none] [--counters 20] [--journeys 300] [--batch 500] [--days 30]
 *                         [--only ingest|catchup|capture|page|sync] [--beats 60] [--others 19] [--sync-rounds 60]
 *   (--backend none: only the capture figure)
 *
 * 1. ingest: the hall's ingest path alone (one transaction per 500-row ledger batch, every link
 *    checked, one multi-row INSERT), 20 counters × 5,000 chained rows, 4 batches in flight.
 * 2. catch-up: 20 real counter databases with a business day each (~5,100 rows: ledger, audit,
 *    journeys, steps, receipts, settlement …), enrolled on a hall server process started as
 *    `npm run start:hall`, then all 20 sync clients at once over HTTPS with signed requests —
 *    wall time until every counter's backlog is empty. Target: ≈ 100,000 rows in < 30 s.
 * 4. page: heartbeat → hall page (tests/bench/hallPage.ts): to the page's event stream and to the
 *    row on screen in Chromium, while the other counters of a 20-counter hall beat. Target ≤ 1 s.
 * 5. sync: what the sync loop adds to a journey step (tests/bench/hallSync.ts): a counter enrolled
 *    with a hall process, its loop running, against one not enrolled, in alternating rounds.
 *    Target ≤ 5 ms at p99.
 * 3. capture: what the outbox costs the counter's own thread (better-sqlite3 is synchronous, so
 *    this is time the clerk's next action could wait): one journey's records captured, and an
 *    idle capture, on a counter holding `--days` (30) days of history.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ManualClock } from '../../base/clock';
import { enrolWithHall } from '../../electron/core/sync/enrol';
import { Outbox } from '../../electron/core/sync/outbox';
import { Syncer } from '../../electron/core/sync/syncer';
import { adminRequest } from '../../hall/admin/client';
import { ingestBatch } from '../../hall/replication/ingest';
import { openHallStore, type StoreChoice } from '../../hall/storage/open';
import { fillDay, openCounterDb, type CounterDb } from '../helpers/counterFixture';
import { adminAccess, startHallProcess } from '../helpers/hallProcess';
import { startPgServer, type PgServer } from '../helpers/pgServer';
import { enrolledCounter, ledgerBatch, ledgerRows } from '../helpers/replicaRows';
import { describeLatency, pageLatency } from './hallPage';
import { describeSyncSteps, syncStepBench } from './hallSync';
import { recordFigure } from './figures';
import { quantile } from './stats';

function arg(args: string[], name: string, dflt: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function freshStore(kind: 'server' | 'pglite', pg: PgServer | null, tag: string): Promise<StoreChoice> {
  if (kind === 'server') return { databaseUrl: await pg!.createDatabase(`bench_${tag}_${process.pid}`) };
  return { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cd-hall-bench-')) };
}

async function ingestBench(choice: StoreChoice, counters: number, rowsEach: number, batch: number): Promise<number> {
  const store = await openHallStore(choice);
  try {
    for (let c = 1; c <= counters; c++) {
      await enrolledCounter(store, c);
    }
    const chains = Array.from({ length: counters }, () => ledgerRows(rowsEach));
    const jobs: (() => Promise<unknown>)[] = [];
    for (let c = 1; c <= counters; c++) {
      const rows = chains[c - 1]!;
      // One counter's batches go in order; counters run side by side.
      jobs.push(async () => {
        for (let i = 0; i < rows.length; i += batch) await ingestBatch(store, { counter: c, source: 1 }, ledgerBatch(c, rows.slice(i, i + batch)));
      });
    }
    const t0 = performance.now();
    const inFlight = 4;
    let next = 0;
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }));
    const secs = (performance.now() - t0) / 1000;
    const n = (await store.query<{ n: number }>('SELECT count(*)::int AS n FROM replica_row')).rows[0]!.n;
    if (n !== counters * rowsEach) throw new Error(`ingest bench: ${n} rows on the hall, expected ${counters * rowsEach}`);
    return n / secs;
  } finally {
    await store.close();
  }
}

async function catchUpBench(choice: StoreChoice, counters: number, journeys: number, batch: number): Promise<{ rows: number; secs: number; gen: number }> {
  const g0 = performance.now();
  const dbs: CounterDb[] = [];
  let expected = 0;
  for (let c = 1; c <= counters; c++) {
    const db = openCounterDb();
    expected += fillDay(db.db, { journeys, counterId: `C${String(c).padStart(2, '0')}`, clerk: `S${String(c).padStart(3, '0')}` });
    dbs.push(db);
  }
  const gen = (performance.now() - g0) / 1000;
  const hall = await startHallProcess(choice);
  const clock = new ManualClock(Date.now());
  const syncers: Syncer[] = [];
  try {
    const admin = await adminAccess(hall);
    for (let c = 1; c <= counters; c++) {
      const { code } = await adminRequest<{ code: string }>(admin, 'POST', '/v1/admin/counters', { number: c });
      await enrolWithHall(dbs[c - 1]!.db, { hallUrl: hall.url, counter: c, code, expectFingerprint: hall.fingerprint }, () => clock.now());
      syncers.push(new Syncer({ db: dbs[c - 1]!.db, clock, batchRows: batch }));
    }
    const t0 = performance.now();
    const results = await Promise.all(syncers.map((s) => s.runOnce()));
    const secs = (performance.now() - t0) / 1000;
    const stuck = results.filter((r) => r.state !== 'idle' || r.unsentTotal !== 0);
    if (stuck.length) throw new Error(`catch-up: ${stuck.length} counters not caught up: ${JSON.stringify(stuck[0]!.lastError)}`);
    const sent = results.reduce((a, r) => a + r.sentRows, 0);
    if (sent !== expected) throw new Error(`catch-up: the hall stored ${sent} rows, the counters hold ${expected}`);
    return { rows: sent, secs, gen };
  } finally {
    for (const s of syncers) await s.stop();
    await hall.stop();
    for (const d of dbs) d.close();
  }
}

function captureBench(days: number): { idle: number[]; journey: number[] } {
  const c = openCounterDb();
  try {
    for (let d = 0; d < days; d++) fillDay(c.db, { journeys: 300, start: Date.UTC(2026, 0, 5, 1, 0) + d * 86_400_000 });
    const o = new Outbox(c.db, () => Date.now());
    while (o.capture().more);
    const idle: number[] = [];
    const journey: number[] = [];
    const close = c.db.prepare(`UPDATE journeys SET status = 'closed', step = 'closed', closed_at = ?, updated_at = ? WHERE journey_id = ?`);
    const open = c.db.prepare(`INSERT INTO journeys (journey_id, counter_id, clerk_id, session_id, status, step, version, opened_at, business_codes, state_json, updated_at) VALUES (?, 'C01', 'S001', '1', 'open', 'greet', 1, ?, '["new_line"]', '{}', ?)`);
    const step = c.db.prepare('INSERT INTO journey_steps (journey_id, seq, step, entered_at) VALUES (?, ?, ?, ?)');
    for (let i = 0; i < 200; i++) {
      let t = performance.now();
      o.capture();
      idle.push(performance.now() - t);
      const id = `bench-${i}`;
      open.run(id, i, i);
      for (let k = 1; k <= 9; k++) step.run(id, k, `s${k}`, i + k);
      close.run(i + 10, i + 10, id);
      t = performance.now();
      o.capture();
      journey.push(performance.now() - t);
    }
    return { idle, journey };
  } finally {
    c.close();
  }
}

export async function bench(args: string[]): Promise<void> {
  const which = arg(args, 'backend', 'both');
  const only = arg(args, 'only', 'all');
  const runs = (part: string) => only === 'all' || only === part;
  const counters = Number(arg(args, 'counters', '20'));
  const journeys = Number(arg(args, 'journeys', '300'));
  const batch = Number(arg(args, 'batch', '500'));
  const kinds = (which === 'both' ? ['server', 'pglite'] : which === 'none' ? [] : [which]) as ('server' | 'pglite')[];
  const pg = kinds.includes('server') ? await startPgServer({ durable: true }) : null;
  try {
    for (const kind of kinds) {
      const label = kind === 'server' ? 'PostgreSQL 15 server' : 'PGlite (embedded)';
      if (runs('ingest')) {
        const rate = await ingestBench(await freshStore(kind, pg, 'ingest'), counters, 5000, batch);
        process.stdout.write(`ingest, ${label}: ${fmt(rate)} rows/s (${counters} counters × 5,000 chained ledger rows, ${batch}-row batches, chain check on; target ≥ 5,000)\n`);
      }
      if (runs('catchup')) {
        const c = await catchUpBench(await freshStore(kind, pg, 'catchup'), counters, journeys, batch);
        process.stdout.write(`catch-up, ${label}: ${fmt(c.rows)} rows from ${counters} counters in ${c.secs.toFixed(1)} s = ${fmt(c.rows / c.secs)} rows/s over HTTPS, signed (target < 30 s); generating the counters took ${c.gen.toFixed(1)} s\n`);
      }
      if (runs('page')) {
        const others = Number(arg(args, 'others', String(counters - 1)));
        const l = await pageLatency(await freshStore(kind, pg, 'page'), { beats: Number(arg(args, 'beats', '60')), others });
        process.stdout.write(describeLatency(label, l, others));
      }
    }
  } finally {
    await pg?.stop();
  }
  if (runs('sync')) {
    for (const thinkMs of [0, 150]) {
      const sf = await syncStepBench({ rounds: Number(arg(args, 'sync-rounds', '60')), perRound: 1, thinkMs });
      process.stdout.write(describeSyncSteps(sf));
      recordFigure(`hall.syncAddedP99Ms.think${thinkMs}`, quantile(sf.steps.on, 0.99) - quantile(sf.steps.off, 0.99), 'ms', `what the sync loop adds to a journey step at p99 (${thinkMs} ms before each step)`);
    }
  }
  if (!runs('capture')) return;
  const days = Number(arg(args, 'days', '30'));
  const cap = captureBench(days);
  const f = (xs: number[]) => `median ${quantile(xs, 0.5).toFixed(2)} ms, p99 ${quantile(xs, 0.99).toFixed(2)} ms`;
  process.stdout.write(`capture on a counter holding ${days} days (${fmt(days * 300)} journeys): one finished journey ${f(cap.journey)}; idle ${f(cap.idle)} (target: ≤ 5 ms p99 added to a step)\n`);
}
