/**
 * "A whole business day in a minute": `npm run -s day -- [--customers N] [--seed S] [--faults]
 * [--json] [--data-dir D] [--lead-seconds L]`; with `--hall [--counters N] [--queue]`, N counters
 * play the day against one hall server (hallDay.ts), with the guide's customers and the counters'
 * calling of tickets alongside when `--queue` is given (queueDay.ts, checked by queueCheck.ts).
 *
 * Plays one counter's business day through the real app process (browser mode,
 * bundled from electron/host) with the real serial drivers on pseudo-terminals against the reader and
 * printer simulator processes, talking to the app only over HTTP like the UI. Then checks the
 * data independently (check.ts) and prints one summary. Exit 0 only when nothing is violated.
 *
 * Reaching closing time: the app's clock starts `--lead-seconds` (default 20) before closing on
 * Thursday 2026-11-26 (18:00 Asia/Shanghai by the default calendar; read from the same till
 * settings the app's early-closing lock uses). Right after the till opens, settlement is attempted and
 * must be refused as early (TILL_EARLY_SETTLEMENT); the customers then run through closing time
 * (a long day simply carries on past 18:00, a short one waits for it by polling app.ping), and
 * the count and settlement happen after 18:00. Restarts carry the clock on, never back.
 *
 * DAY_TRACE=1 prints one line per customer and keeps reader.out / printer.out in the data dir.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { closingInstant } from '../../base/calendar';
import type { AccountableItem } from '../../base/contract/items';
import type { HallStatus } from '../../base/contract/hall';
import { confSettingsPort } from '../../electron/core/settings/confPort';
import { SettingsService } from '../../electron/core/settings/service';
import { STAFF } from '../helpers/counterDay';
import { AppProcess, CallFailed, ROOT } from './app';
import { checkDay, dbBytes, type CheckResult } from './check';
import { Counter } from './counter';
import { newRecord, planCustomer, serveCustomer, titleCount, type CustomerRecord, type ServeContext } from './customer';
import { CounterDevices, pause } from './devices';
import { dayMemory, type DayMemory } from './memory';
import { Drawer, piecesTotal, type Pieces } from './drawer';
import { randomSeed, Rng } from './rng';

export interface DayOptions {
  customers: number;
  seed: number;
  faults: boolean;
  dataDir?: string;
  leadSeconds: number;
  log?: (line: string) => void;
  /** Played as one counter of a hall (hallDay.ts): enrolled at the start, its clock on the hall's. */
  hall?: DayHall;
  /** After each customer (the hall soak schedules its faults by the hall's progress). */
  onCustomer?: (no: number) => void;
}

/** What a counter of the hall soak needs: the hall's address (or a proxy before it), its number and code, the hall's clock. */
export interface DayHall {
  url: string;
  counter: number;
  code: string;
  /** The hall's clock now: the counter's clock starts on it, so their skew is the app's own. */
  clockAt(): number;
  /** The counter's hall status after each customer (the soak keeps the largest skew seen). */
  observe?(s: HallStatus): void;
  /** Told once the duty manager enrolled the counter (its signed link is in its database from then on). */
  onEnrolled?(): void;
  /**
   * The hall has staff accounts (hall page): the counter takes them at enrolment, and the clerk
   * signs in only after that (a secret arriving from the hall ends the sessions signed in before).
   */
  staffOnHall?: boolean;
}

const BUSINESS_DAY = '2026-11-26'; // a Thursday: open 09:00–18:00
const FLOAT: Pieces = { note_100: 2, note_50: 4, note_20: 5, note_10: 10, note_5: 10, note_1: 20, coin_1: 30, coin_0_5: 40, coin_0_1: 100 };
const OPENING_ITEMS = { sim_card: 200, value_card: 50, invoice_paper: 300 };

interface Faults {
  readerGarbage: number;
  readerUnplug: { customer: number; came_back: string }[];
  paperOut: number;
  coverOpen: number;
  kills: number;
}

export interface DaySummary {
  ok: boolean;
  seed: number;
  customers: number;
  faultsEnabled: boolean;
  clock: { start: string; closing: string; earlyAttemptAt: string | null; settledAt: string | null; waitedForClosingMs: number };
  journeys: { started: number; closed: number; cancelled: number; open: number; cancelledAfterPayment: number; consentRefused: number; byCard: Record<string, number>; byPassword: number };
  cash: { floatFen: number; takenFen: number; changeFen: number; salesFen: number; refundsFen: number; dropsFen: number; expectedFen: number; countedFen: number | null; varianceFen: number | null };
  nonCash: Record<string, { salesFen: number; refundsFen: number }>;
  receipts: { printed: number; markedCopies: number; onlyMarkedDuplicate: number; cutOff: number; paperOutMidReceipt: number; zReports: number; reachedHandover: number };
  faultsInjected: Faults;
  restarts: Counter['restarts'];
  lost: number;
  figures: { wallMs: number; customersMs: number; journeysPerMinute: number; peakRssMb: number; memory: DayMemory; dbBytes: number; timeGoesTo: ReturnType<AppProcess['topTimes']> };
  checks: { ledgerVerifyExit: number | null; auditVerifyExit: number | null; earlyRefusals: number };
  zNo: number | null;
  dataDir: string;
  violations: string[];
}

/** Accountable items each business uses (the hall's catalog file, as the clerk knows it). */
function itemUse(): Map<string, Partial<Record<AccountableItem, number>>> {
  const doc = parseYaml(fs.readFileSync(path.join(ROOT, 'resources/catalog.yaml'), 'utf8')) as { businesses: { code: string; items?: Partial<Record<AccountableItem, number>> }[] };
  return new Map(doc.businesses.map((b) => [b.code, b.items ?? {}]));
}

export async function runDay(o: DayOptions): Promise<DaySummary> {
  const log = o.log ?? (() => {});
  const t0 = Date.now();
  const rng = new Rng(o.seed);
  const violations: string[] = [];
  const dataDir = path.resolve(o.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cd-day-')));
  fs.mkdirSync(dataDir, { recursive: true });
  if (fs.existsSync(path.join(dataDir, 'counterdesk.sqlite'))) throw new Error(`${dataDir} already holds a database: a day starts on a fresh data dir`);

  const devices = await CounterDevices.start({ printerSlowMs: o.faults ? 4 : 0 });
  const settings = new SettingsService(confSettingsPort(dataDir));
  settings.update({
    hall: { hallName: '人民路营业厅', counterId: '03' },
    devices: { idcard: { mode: 'serial', port: devices.ports.idcard }, printer: { mode: 'serial', port: devices.ports.printer } },
  });
  // Closing time from the calendar the app's early-closing lock reads (the till settings).
  const closing = closingInstant(settings.get().till.calendar, BUSINESS_DAY);
  if (closing === null) {
    await devices.stop();
    throw new Error(`the hall's calendar has ${BUSINESS_DAY} closed`);
  }
  const clockStart = o.hall ? o.hall.clockAt() : closing - o.leadSeconds * 1000;
  const app = new AppProcess(dataDir, clockStart);
  // Interrupted from outside (Ctrl-C, a test timeout): leave no app, simulator or socat behind.
  const onSignal = () => {
    void (async () => {
      await app.kill().catch(() => undefined);
      await devices.stop().catch(() => undefined);
      process.exit(130);
    })();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const counter = new Counter(app);
  const drawer = new Drawer(FLOAT);
  const records: CustomerRecord[] = [];
  const faults: Faults = { readerGarbage: 0, readerUnplug: [], paperOut: 0, coverOpen: 0, kills: 0 };
  const uses = itemUse();
  const stock = { ...OPENING_ITEMS };
  let dropsFen = 0;
  let earlyAttemptAt: number | null = null;
  let settledAt: number | null = null;
  let zNo: number | null = null;
  let countedFen: number | null = null;
  let varianceFen: number | null = null;
  let waitedForClosingMs = 0;
  let customersMs = 0;
  let check: CheckResult | null = null;
  let paperInTimer: NodeJS.Timeout | null = null;
  let coverOpen = false;
  let coverTimer: NodeJS.Timeout | null = null;
  let faultPlan: Record<string, number> | null = null;

  try {
    log(`app: starting on ${dataDir}`);
    await app.start();
    // ---- sign-in: the guided first start, then the administrator's staff page ---------------
    await app.call('staff.createFirstAdmin', { staffNo: STAFF.admin.staffNo, name: STAFF.admin.name, password: STAFF.admin.secret });
    const admin = (await app.call('staff.signIn', { staffNo: STAFF.admin.staffNo, secret: STAFF.admin.secret })).session;
    await app.call('staff.create', { staffNo: STAFF.clerk.staffNo, name: STAFF.clerk.name, role: 'clerk', secret: STAFF.clerk.secret }, admin);
    await app.call('staff.create', { staffNo: STAFF.manager.staffNo, name: STAFF.manager.name, role: 'duty_manager', secret: STAFF.manager.secret }, admin);
    await app.call('staff.signOut', {}, admin);
    if (o.hall) {
      // The duty manager enrols the counter with the hall on the device page (hall.enrol).
      const manager = (await app.call('staff.signIn', { staffNo: STAFF.manager.staffNo, secret: STAFF.manager.secret })).session;
      const st = await app.call('hall.enrol', { hallUrl: o.hall.url, counter: o.hall.counter, code: o.hall.code }, manager);
      log(`enrolled with the hall as counter ${st.hall?.counterNumber} (${st.hall?.fingerprint.slice(0, 16)}…)`);
      o.hall.onEnrolled?.();
      if (o.hall.staffOnHall) {
        // The hall's accounts end the manager's own session here too: signing out may find it gone.
        await app.call('hall.syncNow', {}, manager).catch(() => undefined);
        await staffFromHall(app);
        await app.call('staff.signOut', {}, manager).catch(() => undefined);
      } else await app.call('staff.signOut', {}, manager);
    }
    await counter.signIn();

    // ---- shift start and the till ---------------------------------------------------------
    const first = await counter.call('shift.run', {});
    log(`shift check before the till is open: ${first.result}`);
    await counter.call('till.open', { float: FLOAT, items: OPENING_ITEMS });
    await counter.shiftCheck();
    const catalog = (await counter.call('catalog.get', {})).businesses;

    // ---- an early settlement attempt: refused and recorded ---------------------------------
    const ping = await counter.call('app.ping', { echo: 'early' });
    earlyAttemptAt = ping.at;
    if (ping.at >= closing) violations.push(`early settlement: the attempt came after closing time (setup took longer than --lead-seconds ${o.leadSeconds})`);
    for (const [m, input] of [['till.count', { cash: drawer.count() }], ['till.settle', { idempotencyKey: `early-${o.seed}-${Date.now()}` }]] as const) {
      try {
        await counter.call(m, input as never);
        violations.push(`early settlement: ${m} before closing was accepted`);
      } catch (e) {
        if (!(e instanceof CallFailed) || e.shape.code !== 'TILL_EARLY_SETTLEMENT') violations.push(`early settlement: ${m} failed with ${e instanceof Error ? e.message : String(e)}, not TILL_EARLY_SETTLEMENT`);
      }
    }

    // ---- the fault plan ----------------------------------------------------------------------
    const N = o.customers;
    const used = new Set<number>();
    const at = (lo: number, hi: number) => {
      let k = Math.max(1, Math.min(N, Math.round(N * (lo + rng.next() * (hi - lo)))));
      while (used.has(k) && k < N) k++;
      used.add(k);
      return k;
    };
    const plan = o.faults
      ? { garbage: at(0.05, 0.12), kill1: at(0.18, 0.28), paperOut: at(0.32, 0.4), cover: at(0.44, 0.48), unplug: at(0.55, 0.65), kill2: at(0.72, 0.85) }
      : null;
    faultPlan = plan;
    const dropAfter = Math.max(1, Math.round(N * 0.5));
    let garbageArmed = false;
    let paperOutArmed = false;

    const ctx: ServeContext = {
      counter,
      devices,
      drawer,
      onClosed(codes) {
        for (const c of codes) for (const [item, n] of Object.entries(uses.get(c) ?? {})) stock[item as keyof typeof stock] -= n ?? 0;
      },
      garbageBeforeCard() {
        if (!garbageArmed) return false;
        garbageArmed = false;
        faults.readerGarbage++;
        return true;
      },
      async onReceiptRequested(titlesBefore) {
        if (!paperOutArmed) return;
        paperOutArmed = false;
        // The receipt has started printing (its title is on paper): the roll runs out now.
        const until = Date.now() + 5000;
        while (titleCount(devices.paper()) <= titlesBefore && Date.now() < until) await pause(1);
        devices.printer.send('paper-out');
        faults.paperOut++;
        log(`fault: paper out while a receipt prints (${new Date().toISOString()})`);
        // The clerk notices and loads a new roll a moment later, whatever she is doing.
        paperInTimer = setTimeout(() => {
          paperInTimer = null;
          devices.printer.send('paper-in');
        }, 1000);
      },
    };

    // ---- the customers -------------------------------------------------------------------------
    const tc = Date.now();
    for (let no = 1; no <= N; no++) {
      if (plan) {
        if (no === plan.garbage) garbageArmed = true;
        if (no === plan.paperOut) paperOutArmed = true;
        if (no === plan.kill1 || no === plan.kill2) {
          // The kill lands in (or just after) the call made at a random step of this customer.
          counter.armKill(rng.pick(['greet', 'verify', 'consent', 'process', 'payment', 'recommend', 'handover', 'farewell']), rng.int(0, 15));
          faults.kills++;
        }
        if (no === plan.cover) {
          devices.printer.send('cover-open');
          log(`fault: printer cover opened before customer ${no} (${new Date().toISOString()})`);
          coverOpen = true;
          faults.coverOpen++;
          // The clerk shuts it a moment later, whatever she is doing (see the report: a cash
          // payment waits for the printer meanwhile, so this must not wait for the customer).
          coverTimer = setTimeout(() => {
            coverTimer = null;
            coverOpen = false;
            devices.printer.send('cover-close');
          }, 1000);
        }
        if (no === plan.unplug) {
          await counter.quiesce();
          const how = await devices.unplugReader();
          await waitReaderReady(counter);
          faults.readerUnplug.push({ customer: no, came_back: how });
        }
      }
      const p = planCustomer(o.seed, no, catalog);
      const rec = newRecord(p);
      records.push(rec);
      const tcu = Date.now();
      try {
        await serveCustomer(ctx, p, rec);
        if (process.env.DAY_TRACE) log(`customer ${no}: ${p.codes.join('+')} ${p.idBy} ${p.tender} cancel=${p.cancelAt} → ${rec.outcome} in ${Date.now() - tcu} ms, card retries ${rec.cardRetries}, interruptions ${rec.interruptions} (t=${Date.now() - tc})`);
      } catch (e) {
        violations.push(`customer ${no}: ${e instanceof Error ? e.message : String(e)}`);
        await abandon(counter, rec);
      }
      if (no === dropAfter) dropsFen += await midDayDrop(counter, drawer, o.seed);
      app.sampleMemory(no);
      if (o.hall?.observe) o.hall.observe(await counter.call('hall.status', {}));
      o.onCustomer?.(no);
      if (no % 25 === 0) log(`customer ${no}/${N}`);
    }
    await counter.quiesce();
    customersMs = Date.now() - tc;
    violations.push(...counter.resumeProblems());
    if (paperInTimer) {
      clearTimeout(paperInTimer);
      paperInTimer = null;
      devices.printer.send('paper-in');
    }
    if (coverTimer) clearTimeout(coverTimer);
    if (coverOpen) devices.printer.send('cover-close');
    await waitPrintQueue(counter, violations);

    // ---- closing time --------------------------------------------------------------------------
    const tw = Date.now();
    const deadline = Date.now() + (o.leadSeconds + 120) * 1000;
    for (;;) {
      const now = (await counter.call('app.ping', { echo: 'closing?' })).at;
      if (now >= closing) break;
      if (Date.now() > deadline) throw new Error('the app clock never reached closing time');
      await pause(Math.min(1000, closing - now + 20));
    }
    waitedForClosingMs = Date.now() - tw;
    // A hall that is away at the count would need the duty manager's approval (tested elsewhere):
    // the soak's faults end before closing, so the count waits for the hall to answer again.
    if (o.hall) await hallReachable(counter, violations);

    // ---- count, settle, hand over, Z report ----------------------------------------------------
    const count = await countAtClosing(counter, drawer.count(), stock, !!o.hall);
    countedFen = count.countedFen;
    varianceFen = count.varianceFen;
    if (count.varianceFen !== 0) violations.push(`count: the till is ${count.varianceKind} by ${count.varianceFen} fen (counted ${count.countedFen}, expected ${count.expectedFen})`);
    for (const line of count.items) if (line.difference !== 0) violations.push(`count: ${line.item} counted ${line.counted}, expected ${line.expected}`);
    const key = `day-${o.seed}-${Date.now()}`;
    let settled;
    try {
      settled = await counter.call('till.settle', { idempotencyKey: key });
    } catch (e) {
      if (!(e instanceof CallFailed && e.shape.code === 'TILL_VARIANCE_NEEDS_APPROVAL')) throw e;
      settled = await counter.call('till.settle', { idempotencyKey: key, varianceApproval: { staffNo: STAFF.manager.staffNo, secret: STAFF.manager.secret } });
    }
    settledAt = settled.settledAt;
    const again = await counter.call('till.settle', { idempotencyKey: key });
    if (again.zNo !== settled.zNo) violations.push(`settlement: the same idempotency key settled twice (Z${settled.zNo}, Z${again.zNo})`);
    const takings = settled.countedFen - piecesTotal(FLOAT);
    const handover = await counter.call('till.handover', {
      amountFen: takings > 0 ? takings : settled.countedFen,
      bagNo: `BAG${o.seed % 100000}`,
      sealNo: `SEAL${o.seed % 100000}`,
      clerkSecret: STAFF.clerk.secret,
      receiver: { staffNo: STAFF.manager.staffNo, secret: STAFF.manager.secret },
    });
    zNo = handover.zNo;
    const zTag = `Z${String(zNo).padStart(6, '0')}`;
    const zUntil = Date.now() + 20_000;
    while (!new RegExp(`${zTag}[\\s\\S]*└──✂──`).test(devices.paper()) && Date.now() < zUntil) await pause(50);
    const preview = await counter.call('till.zReport', { zNo });
    if (!preview.preview.some((l) => l.includes(zTag))) violations.push(`Z report: the preview of ${zTag} does not name it`);
    log(`settled ${zTag}: counted ${settled.countedFen} fen, variance ${settled.varianceFen}`);
  } catch (e) {
    violations.push(`day: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  } finally {
    if (paperInTimer) clearTimeout(paperInTimer);
    if (coverTimer) clearTimeout(coverTimer);
    app.readPeak();
    await app.stop();
  }

  if (process.env.DAY_TRACE) {
    fs.writeFileSync(path.join(dataDir, 'reader.out'), devices.readerOutput());
    fs.writeFileSync(path.join(dataDir, 'printer.out'), devices.paper());
    log(`fault plan: ${JSON.stringify(faultPlan)}`);
  }
  try {
    if (fs.existsSync(path.join(dataDir, 'counterdesk.sqlite'))) {
      check = checkDay({ dataDir, records, floatFen: piecesTotal(FLOAT), dropsFen, drawerFen: drawer.totalFen, paper: devices.paper(), zNo, faults: o.faults });
      violations.push(...check.violations);
    } else violations.push('no database was written');
  } finally {
    await devices.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const recs = records.filter((r) => r.journeyId);
  const closedJ = records.filter((r) => r.outcome === 'closed').length;
  const cancelledJ = records.filter((r) => r.outcome === 'cancelled').length;
  const byCard: Record<string, number> = {};
  for (const r of records) if (r.card && r.idBy === 'card') byCard[r.card] = (byCard[r.card] ?? 0) + 1;
  const nonCash: DaySummary['nonCash'] = {};
  for (const t of ['wechat', 'alipay', 'unionpay']) {
    nonCash[t] = {
      salesFen: records.reduce((s, r) => s + (r.nonCash?.tender === t ? r.nonCash.fen : 0), 0),
      refundsFen: records.reduce((s, r) => s + (r.nonCash?.tender === t ? r.nonCash.refundFen : 0), 0),
    };
  }
  const sum = (f: (r: CustomerRecord) => number) => records.reduce((s, r) => s + f(r), 0);
  const lost = check ? check.journeys.lost + records.filter((r) => r.journeyId === null).length : records.length;
  return {
    ok: violations.length === 0,
    seed: o.seed,
    customers: o.customers,
    faultsEnabled: o.faults,
    clock: {
      start: new Date(clockStart).toISOString(),
      closing: new Date(closing).toISOString(),
      earlyAttemptAt: earlyAttemptAt === null ? null : new Date(earlyAttemptAt).toISOString(),
      settledAt: settledAt === null ? null : new Date(settledAt).toISOString(),
      waitedForClosingMs,
    },
    journeys: {
      started: recs.length,
      closed: closedJ,
      cancelled: cancelledJ,
      open: check?.journeys.open ?? -1,
      cancelledAfterPayment: records.filter((r) => r.outcome === 'cancelled' && (r.cash.refundFen > 0 || (r.nonCash?.refundFen ?? 0) > 0)).length,
      consentRefused: records.filter((r) => r.consentRefused.length > 0).length,
      byCard,
      byPassword: records.filter((r) => r.idBy === 'password').length,
    },
    cash: {
      floatFen: piecesTotal(FLOAT),
      takenFen: sum((r) => r.cash.tenderedFen),
      changeFen: sum((r) => r.cash.changeFen),
      salesFen: sum((r) => r.cash.saleFen),
      refundsFen: sum((r) => r.cash.refundFen + r.cash.payOutFen),
      dropsFen,
      expectedFen: check?.mine.expectedFen ?? -1,
      countedFen,
      varianceFen,
    },
    nonCash,
    receipts: check?.paper ?? { printed: 0, markedCopies: 0, onlyMarkedDuplicate: 0, cutOff: 0, paperOutMidReceipt: 0, zReports: 0, reachedHandover: 0 },
    faultsInjected: faults,
    restarts: counter.restarts,
    lost,
    figures: {
      wallMs: Date.now() - t0,
      customersMs,
      journeysPerMinute: customersMs > 0 ? Math.round(((closedJ + cancelledJ) / (customersMs / 60_000)) * 10) / 10 : 0,
      peakRssMb: Math.round((app.peakRssKb / 1024) * 10) / 10,
      memory: dayMemory(app.memory, o.customers),
      dbBytes: check?.dbBytes ?? dbBytes(dataDir),
      timeGoesTo: app.topTimes(8),
    },
    checks: { ledgerVerifyExit: check?.cli.ledger ?? null, auditVerifyExit: check?.cli.audit ?? null, earlyRefusals: check?.earlyRefusals ?? 0 },
    zNo,
    dataDir,
    violations,
  };
}

/** After a customer failed: cancel whatever is still open so the day can go on (the failure is already a violation). */
async function abandon(counter: Counter, rec: CustomerRecord): Promise<void> {
  try {
    await counter.quiesce();
    const cur = (await counter.call('journey.current', {})).journey;
    if (cur && cur.journeyId === rec.journeyId) {
      const v = await counter.call('journey.act', { journeyId: cur.journeyId, command: { type: 'cancel', reason: '模拟失败，取消该业务' } });
      rec.outcome = v.step === 'cancelled' ? 'cancelled' : null;
    }
  } catch {
    // Nothing more to do: the checks will name what is left.
  }
}

/** The mid-day drop: big notes beyond a working stock go to the safe in a numbered bag. */
async function midDayDrop(counter: Counter, drawer: Drawer, seed: number): Promise<number> {
  await counter.quiesce();
  let pieces = drawer.dropPlan({ note_100: 1, note_50: 2 });
  if (piecesTotal(pieces) === 0) pieces = { note_10: 1 };
  const amountFen = piecesTotal(pieces);
  await counter.call('till.movement', { kind: 'drop', amountFen, bagNo: `D${seed % 100000}-1` });
  drawer.takePieces(pieces);
  return amountFen;
}

/**
 * The blind count after closing. With a hall the early-closing lock judges by the hall's time,
 * which may be a few seconds behind this PC's: the clerk is told how long to go, and waits.
 */
async function countAtClosing(counter: Counter, cash: Pieces, items: Record<string, number>, hall: boolean) {
  const until = Date.now() + 120_000;
  for (;;) {
    try {
      return await counter.call('till.count', { cash, items });
    } catch (e) {
      if (!(hall && e instanceof CallFailed && e.shape.code === 'TILL_EARLY_SETTLEMENT' && Date.now() < until)) throw e;
      await pause(1000);
    }
  }
}

/** Waits until the counter applied the hall's staff accounts (its first configuration round after enrolment). */
async function staffFromHall(app: AppProcess): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    const s = await app.call('hall.status', {});
    if (s.config.versions.staff > 0) return;
    if (s.config.error) throw new Error(`the hall's staff accounts were refused at the counter: ${s.config.error.code} ${s.config.error.message_en}`);
    if (Date.now() > until) throw new Error(`the counter had not taken the hall's staff accounts 60 s after enrolment (${s.state})`);
    await pause(200);
  }
}

async function hallReachable(counter: Counter, violations: string[]): Promise<void> {
  const until = Date.now() + 90_000;
  for (;;) {
    const s = await counter.call('hall.status', {});
    if (s.offlineSince === null && s.hallTime !== null) return;
    if (Date.now() > until) {
      violations.push(`hall: still unreachable 90 s after closing (${s.lastError?.code ?? s.state})`);
      return;
    }
    await counter.call('hall.syncNow', {}).catch(() => undefined);
    await pause(250);
  }
}

async function waitReaderReady(counter: Counter): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    const s = await counter.call('devices.status', {});
    if (s.idcard.state === 'ready') return;
    if (Date.now() > until) throw new Error(`the reader did not come back after the unplug: ${s.idcard.state} ${s.idcard.message_en}`);
    await pause(50);
  }
}

async function waitPrintQueue(counter: Counter, violations: string[]): Promise<void> {
  const until = Date.now() + 30_000;
  for (;;) {
    const q = await counter.call('print.queue', {});
    const waiting = q.jobs.filter((j) => j.state === 'queued' || j.state === 'printing');
    if (waiting.length === 0) {
      for (const j of q.jobs) if (j.state === 'failed') violations.push(`print job ${j.id} (${j.title}) failed: ${j.reason?.code}`);
      return;
    }
    if (Date.now() > until) {
      violations.push(`print queue: ${waiting.length} jobs still waiting 30 s after the last customer (${q.blocked?.code ?? 'not blocked'})`);
      return;
    }
    await pause(100);
  }
}

function memoryLine(m: DayMemory): string {
  if (!m.firstHour || !m.lastHour) return 'no samples (not Linux?)';
  const h = (x: NonNullable<DayMemory['firstHour']>) => `${x.medianMb} MB (max ${x.maxMb}, customers ${x.from}–${x.to})`;
  return `first hour ${h(m.firstHour)}, last hour ${h(m.lastHour)}: ${m.growthMb! > 0 ? '+' : ''}${m.growthMb} MB`;
}

function human(s: DaySummary): string {
  const yuan = (f: number | null) => (f === null ? '—' : `￥${(f / 100).toFixed(2)}`);
  return [
    `柜台通 日终模拟 / CounterDesk day soak — seed ${s.seed}, ${s.customers} customers${s.faultsEnabled ? ', faults' : ''}`,
    `journeys: ${s.journeys.started} started, ${s.journeys.closed} closed, ${s.journeys.cancelled} cancelled (${s.journeys.cancelledAfterPayment} after payment), ${s.journeys.open} open; lost: ${s.lost}`,
    `cash: float ${yuan(s.cash.floatFen)}, taken ${yuan(s.cash.takenFen)}, change ${yuan(s.cash.changeFen)}, refunds ${yuan(s.cash.refundsFen)}, drops ${yuan(s.cash.dropsFen)} → expected ${yuan(s.cash.expectedFen)}, counted ${yuan(s.cash.countedFen)}, variance ${yuan(s.cash.varianceFen)}`,
    `non-cash: ${Object.entries(s.nonCash).map(([t, v]) => `${t} ${yuan(v.salesFen)}${v.refundsFen ? ` (−${yuan(v.refundsFen)})` : ''}`).join(', ')}`,
    `paper: ${s.receipts.printed} receipts for ${s.receipts.reachedHandover} hand-overs, ${s.receipts.markedCopies} marked copies (${s.receipts.onlyMarkedDuplicate} hand-overs got only the 可能重复 copy), ${s.receipts.cutOff} cut off, ${s.receipts.paperOutMidReceipt} with a paper-out inside, Z report ${s.zNo ?? '—'}`,
    `faults: garbage ${s.faultsInjected.readerGarbage}, reader unplugged ${s.faultsInjected.readerUnplug.length}, paper-out ${s.faultsInjected.paperOut}, cover open ${s.faultsInjected.coverOpen}, app killed ${s.faultsInjected.kills}; restarts: ${s.restarts.map((r) => `#${r.customer} ${r.stepBefore ?? '-'}→${r.stepAfter ?? '-'}${r.inFlight ? ` (in flight: ${r.inFlight})` : ''}`).join(', ') || 'none'}`,
    `figures: wall ${(s.figures.wallMs / 1000).toFixed(1)} s, customers ${(s.figures.customersMs / 1000).toFixed(1)} s, ${s.figures.journeysPerMinute} journeys/min, peak RSS ${s.figures.peakRssMb} MB, database ${(s.figures.dbBytes / 1024).toFixed(0)} KiB`,
    `memory of the app: peak ${s.figures.peakRssMb} MB; ${memoryLine(s.figures.memory)}`,
    `time goes to: ${s.figures.timeGoesTo.map((t) => `${t.what} ${t.totalMs} ms/${t.calls} (≈${t.meanMs}, max ${t.maxMs})`).join(', ')}; waited ${(s.clock.waitedForClosingMs / 1000).toFixed(1)} s for closing time`,
    `checks: ledger verify exit ${s.checks.ledgerVerifyExit}, audit verify exit ${s.checks.auditVerifyExit}, early refusals ${s.checks.earlyRefusals}`,
    `data: ${s.dataDir}`,
    s.ok ? 'OK' : `VIOLATIONS (${s.violations.length}):\n${s.violations.map((v) => `  - ${v}`).join('\n')}`,
  ].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string' },
      seed: { type: 'string' },
      faults: { type: 'boolean' },
      json: { type: 'boolean' },
      'data-dir': { type: 'string' },
      'lead-seconds': { type: 'string' },
      counters: { type: 'string' },
      hall: { type: 'boolean' },
      queue: { type: 'boolean' },
    },
  });
  const customers = Number(values.customers ?? 150);
  const seed = values.seed !== undefined ? Number(values.seed) : randomSeed();
  const leadSeconds = Number(values['lead-seconds'] ?? 20);
  if (!Number.isInteger(customers) || customers < 1 || !Number.isInteger(seed) || !(leadSeconds > 0)) {
    process.stderr.write('usage: day [--customers N] [--seed S] [--faults] [--json] [--data-dir D] [--lead-seconds L]\n       day --hall [--counters N] [--customers N] [--queue] [--faults] [--json] …\n');
    return 2;
  }
  if (Number(process.versions.node.split('.')[0]) < 22) {
    process.stderr.write(`day needs Node 22 (better-sqlite3): run it through npm run day or npx tsx, not node ${process.version}\n`);
    return 2;
  }
  const log = values.json ? () => {} : (l: string) => process.stderr.write(`${l}\n`);
  const hallArgs = values.hall ? `--hall --counters ${values.counters ?? 5} ` : '';
  log(`seed ${seed} (replay: npm run -s day -- ${hallArgs}--customers ${customers} --seed ${seed}${values.queue ? ' --queue' : ''}${values.faults ? ' --faults' : ''})`);
  if (values.hall) {
    // N counters against one hall server (hallDay.ts); a day of several counters needs a longer lead on a shared machine.
    const counters = Number(values.counters ?? 5);
    if (!Number.isInteger(counters) || counters < 1 || counters > 20) {
      process.stderr.write('usage: day --hall [--counters N (1–20)] [--customers N] [--queue] [--seed S] [--faults] [--json] [--lead-seconds L]\n');
      return 2;
    }
    const { runHallDay, hallHuman } = await import('./hallDay');
    const lead = values['lead-seconds'] !== undefined ? leadSeconds : 40 + 15 * counters;
    const hs = await runHallDay({ counters, customers, seed, faults: values.faults ?? false, leadSeconds: lead, flags: { faults: values.faults ?? false, queue: values.queue ?? false }, log, ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}) });
    process.stdout.write(values.json ? `${JSON.stringify(hs)}\n` : `${hallHuman(hs)}\n`);
    return hs.ok ? 0 : 1;
  }
  if (values.counters !== undefined) {
    process.stderr.write('--counters plays several counters against a hall: add --hall\n');
    return 2;
  }
  if (values.queue) {
    process.stderr.write('--queue plays the hall\'s queue: add --hall\n');
    return 2;
  }
  const summary = await runDay({ customers, seed, faults: values.faults ?? false, leadSeconds, log, ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}) });
  process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : `${human(summary)}\n`);
  return summary.ok ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`day failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
