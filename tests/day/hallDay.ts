/**
 * The hall soak: `npm run -s day -- --counters 5 --customers 60 --hall [--faults] [--json]`.
 *
 * One hall server process (PGlite in a temporary folder, its clock started where the counters'
 * day starts) and N counters, each the whole day of day.ts (the real app process, the reader and
 * printer simulators on ptys), played at once, each enrolled with the hall by its duty manager
 * on the device page's method. With `--faults`, besides each counter's own faults (the app
 * SIGKILLed twice, paper out, the reader unplugged…): the hall server is SIGKILLed at a third of
 * the hall's customers and started again a few seconds later (its clock carrying on), and the
 * network of counter 2 (reached through a TCP proxy) is cut from half-way for a while.
 *
 * After the day every counter is stopped; the next morning's start is played by one sync round
 * of each counter's database (what it did not send before closing goes then), the hall is
 * stopped and its database opened, and the checks of hallChecks.ts run: every row on every
 * counter is on the hall exactly once (`hall: {rows, counters, lost, duplicates, chainBreaks,
 * maxSkewMs}`), and whatever the queue and the desk add there. With `--queue` the guide's customers
 * arrive and the counters call them alongside the days (hallQueue.ts), checked on the hall's
 * database by queueCheck.ts (`queue: {tickets, served, noShows, …}`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closingInstant, DEFAULT_CALENDAR } from '../../base/calendar';
import type { Clock } from '../../base/clock';
import { openDatabase } from '../../electron/core/storage/db';
import { Syncer } from '../../electron/core/sync/syncer';
import type { AddedCounter } from '../../hall/admin/counters';
import { adminRequest } from '../../hall/admin/client';
import { openHallStore } from '../../hall/storage/open';
import { adminAccess, startHallProcess, type HallProcess } from '../helpers/hallProcess';
import { runDay, type DaySummary } from './day';
import { HALL_DAY_CHECKS, type ReplicationFigures } from './hallChecks';
import { pause } from './devices';
import { startHallQueue, type HallQueue } from './hallQueue';
import type { QueueSummary } from './queueDay';
import { TcpProxy } from './tcpProxy';

export interface HallDayOptions {
  counters: number;
  customers: number;
  seed: number;
  faults: boolean;
  leadSeconds: number;
  /** Flags for the per-day checks that apply only with them (`queue`, …). */
  flags: Record<string, boolean>;
  /** An empty folder for the hall and the counters (default: a new temporary one). */
  dataDir?: string;
  log?: (line: string) => void;
}

export interface HallDaySummary {
  ok: boolean;
  seed: number;
  counters: number;
  customers: number;
  faultsEnabled: boolean;
  hall: ReplicationFigures & { restarts: number; networkCuts: number; caughtUpNextMorning: number; dataDir: string };
  days: (Pick<DaySummary, 'ok' | 'seed' | 'lost' | 'zNo' | 'dataDir' | 'faultsInjected' | 'journeys'> & { counter: number; restarts: number; wallMs: number })[];
  checks: Record<string, Record<string, unknown>>;
  /** With `--queue`: the hall's own account of the queue (checks.queue), and what the soak's counters heard. */
  queue?: QueueSummary & { driver: QueueSummary | null };
  figures: { wallMs: number };
  dataDir: string;
  violations: string[];
}

const BUSINESS_DAY = '2026-11-26';
/** How long after the counters' days the queue's calling may take to empty the line. */
const QUEUE_GRACE_MS = 120_000;

export async function runHallDay(o: HallDayOptions): Promise<HallDaySummary> {
  const log = o.log ?? (() => {});
  const t0 = Date.now();
  const violations: string[] = [];
  const root = path.resolve(o.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cd-hallday-')));
  fs.mkdirSync(root, { recursive: true });
  if (fs.readdirSync(root).length > 0) throw new Error(`${root} is not empty: a hall day starts on a fresh folder`);
  const hallDir = path.join(root, 'hall');
  fs.mkdirSync(hallDir);
  const closing = closingInstant(DEFAULT_CALENDAR, BUSINESS_DAY)!;
  // The hall's clock starts where the counters' day starts; each counter's clock starts on the hall's.
  const hallClockStart = closing - o.leadSeconds * 1000;
  const clockAt = () => hallClockStart + (Date.now() - t0);
  let hall: HallProcess = await startHallProcess({ dataDir: hallDir }, { clockStart: clockAt() });
  log(`hall: ${hall.url} on ${hallDir}`);
  // Interrupted from outside: the hall (its own process group) goes too; each day stops its own app (day.ts).
  const onSignal = () => {
    try {
      process.kill(-hall.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let hallRestarts = 0;
  const proxy = o.faults && o.counters >= 2 ? new TcpProxy(() => ({ host: '127.0.0.1', port: hall.port })) : null;
  await proxy?.start();
  const timers: NodeJS.Timeout[] = [];
  const days: HallDaySummary['days'] = [];
  const numbers = Array.from({ length: o.counters }, (_, i) => i + 1);
  let observedMaxSkewMs = 0;
  let caughtUp = 0;
  const checks: HallDaySummary['checks'] = {};
  let queue: HallQueue | null = null;
  let queueDriver: QueueSummary | null = null;
  let replication: ReplicationFigures = { rows: 0, counters: 0, lost: -1, duplicates: -1, chainBreaks: -1, maxSkewMs: 0, differing: -1, verified: 0 };

  try {
    const lock = await adminAccess(hall);
    const codes = new Map<number, string>();
    for (const n of numbers) codes.set(n, (await adminRequest<AddedCounter>(lock, 'POST', '/v1/admin/counters', { number: n })).code);
    // --queue: the guide at the door and the counters calling tickets, alongside the days (hallQueue.ts).
    if (o.flags.queue) {
      queue = await startHallQueue({ hallUrl: hall.url, certPem: lock.certPem!, counters: numbers, arrivals: o.counters * o.customers, seed: o.seed, clockAt, log: (l) => log(`[queue] ${l}`) });
    }

    // The hall's faults follow the hall's progress (customers served by all counters together).
    const total = o.counters * o.customers;
    let served = 0;
    let killAt = o.faults ? Math.ceil(total * 0.3) : Infinity;
    let cutAt = proxy ? Math.ceil(total * 0.5) : Infinity;
    let hallBack: Promise<void> = Promise.resolve();
    const progressed = () => {
      served++;
      queue?.progressed(served);
      if (served >= killAt) {
        killAt = Infinity;
        hallBack = (async () => {
          log(`fault: the hall server killed after ${served}/${total} customers`);
          await hall.kill();
          await pause(3000);
          hall = await startHallProcess({ dataDir: hallDir }, { port: hall.port, clockStart: clockAt() });
          hallRestarts++;
          log('hall: started again');
        })();
      }
      if (served >= cutAt && proxy) {
        cutAt = Infinity;
        log(`fault: counter 2's network cut after ${served}/${total} customers`);
        void proxy.cut();
        timers.push(setTimeout(() => void proxy.restore().then(() => log("counter 2's network back")), 8000));
      }
    };

    const results = await Promise.all(
      numbers.map(async (n) => {
        const dataDir = path.join(root, `counter-${n}`);
        const s = await runDay({
          customers: o.customers,
          seed: o.seed + n - 1,
          faults: o.faults,
          leadSeconds: o.leadSeconds,
          dataDir,
          log: (l) => log(`[${n}] ${l}`),
          onCustomer: progressed,
          hall: {
            url: n === 2 && proxy ? proxy.url : hall.url,
            counter: n,
            code: codes.get(n)!,
            clockAt,
            onEnrolled: () => queue?.enrolled(n, dataDir),
            staffOnHall: queue !== null,
            observe: (st) => {
              if (st.skewMs !== null) observedMaxSkewMs = Math.max(observedMaxSkewMs, Math.abs(st.skewMs));
            },
          },
        });
        return { n, s };
      }),
    );
    await hallBack;
    if (queue && queue.notEnrolled().length > 0) violations.push(`queue: counter(s) ${queue.notEnrolled().join(', ')} never enrolled, so the queue was not played out`);
    else if (queue) {
      // The counters' days are over; the guide's last customers come now and the counters call on until nobody waits.
      queue.daysOver();
      let late: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        queue.done,
        new Promise<null>((r) => (late = setTimeout(() => r(null), QUEUE_GRACE_MS))),
      ]);
      clearTimeout(late);
      if (outcome === null) violations.push(`queue: the counters were still calling ${QUEUE_GRACE_MS / 1000} s after their days ended`);
      else {
        queueDriver = outcome;
        // What the counters heard: a ticket handed to them that the hall had first called to another.
        if (outcome.duplicateCalls !== 0) violations.push(`queue: the counters heard ${outcome.duplicateCalls} ticket(s) called at two counters`);
      }
    }
    for (const { n, s } of results) {
      days.push({ counter: n, ok: s.ok, seed: s.seed, lost: s.lost, zNo: s.zNo, dataDir: s.dataDir, faultsInjected: s.faultsInjected, journeys: s.journeys, restarts: s.restarts.length, wallMs: s.figures.wallMs });
      violations.push(...s.violations.map((v) => `counter ${n}: ${v}`));
    }

    // The next morning: each counter's first sync round sends what it did not send before closing.
    for (const n of numbers) {
      const { db } = openDatabase({ dataDir: path.join(root, `counter-${n}`) });
      try {
        const clock: Clock = { now: clockAt };
        const before = (db.prepare('SELECT count(*) AS n FROM sync_pending').get() as { n: number }).n;
        const syncer = new Syncer({ db, clock });
        const st = await syncer.runOnce();
        await syncer.stop();
        caughtUp += st.sentRows;
        if (st.state !== 'idle' || st.unsentTotal !== 0) violations.push(`counter ${n}: the next morning's sync ended ${st.state} with ${st.unsentTotal} unsent (${st.lastError?.code ?? ''}; ${before} pending before)`);
      } finally {
        db.close();
      }
    }
  } catch (e) {
    violations.push(`hall day: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  } finally {
    for (const t of timers) clearTimeout(t);
    queue?.close();
    await proxy?.stop();
    await hall.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  // The checks, on the hall's database with no hall process holding it.
  const store = await openHallStore({ dataDir: hallDir });
  try {
    const ctx = { store, counters: numbers.map((n) => ({ number: n, dataDir: path.join(root, `counter-${n}`) })), observedMaxSkewMs, flags: o.flags };
    for (const check of HALL_DAY_CHECKS) {
      if (!check.applies(o.flags)) continue;
      try {
        const r = await check.run(ctx);
        checks[check.name] = r.figures;
        violations.push(...r.violations);
        if (check.name === 'replication') replication = r.figures as unknown as ReplicationFigures;
      } catch (e) {
        violations.push(`check ${check.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } finally {
    await store.close();
  }

  return {
    ok: violations.length === 0,
    seed: o.seed,
    counters: o.counters,
    customers: o.customers,
    faultsEnabled: o.faults,
    hall: { ...replication, restarts: hallRestarts, networkCuts: proxy?.cuts ?? 0, caughtUpNextMorning: caughtUp, dataDir: hallDir },
    days,
    checks,
    ...(checks.queue ? { queue: { ...(checks.queue as unknown as QueueSummary), driver: queueDriver } } : {}),
    figures: { wallMs: Date.now() - t0 },
    dataDir: root,
    violations,
  };
}

export function hallHuman(s: HallDaySummary): string {
  const h = s.hall;
  return [
    `柜台通 营业厅日终模拟 / CounterDesk hall soak — seed ${s.seed}, ${s.counters} counters × ${s.customers} customers${s.faultsEnabled ? ', faults' : ''}`,
    ...s.days.map((d) => `counter ${d.counter}: ${d.journeys.closed} closed, ${d.journeys.cancelled} cancelled, lost ${d.lost}, restarts ${d.restarts}, Z ${d.zNo ?? '—'}, ${(d.wallMs / 1000).toFixed(1)} s${d.ok ? '' : ' — VIOLATIONS'}`),
    `hall: ${h.rows} rows from ${h.counters} counters; lost ${h.lost}, duplicates ${h.duplicates}, chain breaks ${h.chainBreaks}, differing ${h.differing}, verified ${h.verified}/${s.counters}, max skew ${h.maxSkewMs} ms`,
    `hall faults: restarted ${h.restarts}, network cuts ${h.networkCuts}; sent the next morning: ${h.caughtUpNextMorning} rows`,
    ...(s.queue ? [`queue: ${s.queue.tickets} tickets, ${s.queue.served} served, ${s.queue.noShows} no-shows, ${s.queue.stillWaiting} still waiting; turned away ${s.queue.turnedAway}, self-service ${s.queue.selfService}; called at two counters ${s.queue.duplicateCalls}; longest wait ${(s.queue.maxWaitMs / 1000).toFixed(1)} s`] : []),
    `checks: ${Object.keys(s.checks).join(', ')}; wall ${(s.figures.wallMs / 1000).toFixed(1)} s; hall data ${h.dataDir}`,
    s.ok ? 'OK' : `VIOLATIONS (${s.violations.length}):\n${s.violations.map((v) => `  - ${v}`).join('\n')}`,
  ].join('\n');
}
