// The desk's work on both backends (PGlite and a PostgreSQL server): reports generated,
// commented, submitted and then locked (also against SQL); exports read back (CSV parsed with its
// BOM, XLSX opened with exceljs) and audited; spot checks drawn by the standard's rule among the
// clerks the heartbeats show signed in, filed to the work log and visible in the clerk's figures;
// the day closed refused while a counter is unsettled or a bag is missing; the morning; lunch.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeskFigures } from '../../../base/contract/desk';
import { BilingualError } from '../../../base/contract/errors';
import { hallMethods } from '../../../base/contract/hallPage';
import { deskHandlers } from '../../../hall/desk/handlers';
import { deskFigures } from '../../../hall/desk/figures';
import { XLSX_HEADER_ROWS } from '../../../hall/desk/export';
import { scopeOf } from '../../../hall/desk/scope';
import type { HallCallContext } from '../../../hall/page/dispatcher';
import { ingestBatch } from '../../../hall/replication/ingest';
import { HALL_SIGNAL_CHANNEL, parseSignal } from '../../../hall/signals';
import { recordHeartbeat } from '../../../hall/replication/heartbeat';
import type { HallStore } from '../../../hall/storage/port';
import { generateHall, loadHall } from '../../helpers/deskData';
import { BACKENDS, setupHallBackends } from '../../helpers/hallStores';

const backends = setupHallBackends();
const DAYS = ['2026-03-02', '2026-03-03', '2026-03-04'];
const gen = generateHall({ counters: 4, days: DAYS, journeysPerDay: 8, seed: 9, unsettledCounter: 2, noBagCounter: 3 });

const ctx = (staffNo = 'M001'): HallCallContext => ({ session: { staffNo, role: 'duty_manager' } as never, remote: '127.0.0.1', setSessionToken: () => undefined });

/** RFC 4180 CSV with quotes, as a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

async function beat(store: HallStore, counter: number, staffNo: string | null, till: 'open' | 'settled' | 'none' | 'handed_over' = 'open', day = DAYS[2]!) {
  const seq = Date.now() + counter;
  await recordHeartbeat(store, counter, {
    protocol: 1, counter, seq, counterTime: Date.now(),
    state: {
      signedIn: staffNo ? { staffNo, role: 'clerk' } : null,
      till: { status: till, sessionId: till === 'none' ? null : 1, clerk: staffNo, businessDay: day },
      devices: {}, unsent: {}, oldestUnsentAt: null, appVersion: 'test',
    },
  });
}

describe.each(BACKENDS)('desk work on %s', (kind) => {
  let store: HallStore;
  let h: ReturnType<typeof deskHandlers>;
  beforeAll(async () => {
    store = await backends.open(await backends.fresh(kind));
    await loadHall(store, gen, 4);
    h = deskHandlers(store);
  }, 180_000);

  it('generates a daily report with anomalies, keeps comments, submits it and then refuses every change', async () => {
    const r = await h['desk.report.generate']({ kind: 'daily', date: DAYS[1]! }, ctx());
    expect(r).toMatchObject({ kind: 'daily', from: DAYS[1], to: DAYS[1], submittedAt: null, dueBy: DAYS[2] });
    expect(hallMethods['desk.report.generate'].output.safeParse(r).success).toBe(true);
    expect(r.figures.hall.journeys).toBe((await deskFigures(store, await scopeOf(store, { kind: 'day', date: DAYS[1]! }))).hall.journeys);
    const commented = await h['desk.report.comment']({ id: r.id, comments: { summary: '全天秩序良好', anomalies: '3号台席长款已核实' } }, ctx());
    expect(commented.comments).toEqual({ summary: '全天秩序良好', anomalies: '3号台席长款已核实' });
    const again = await h['desk.report.generate']({ kind: 'daily', date: DAYS[1]! }, ctx());
    expect(again.id).toBe(r.id);
    expect(again.comments.summary).toBe('全天秩序良好');
    const sub = await h['desk.report.submit']({ id: r.id }, ctx());
    expect(sub.submittedAt).toBeGreaterThan(0);
    expect(sub.submittedBy).toBe('M001');
    await expect(h['desk.report.comment']({ id: r.id, comments: { plan: 'x' } }, ctx())).rejects.toMatchObject({ code: 'DESK_REPORT_SUBMITTED' });
    await expect(h['desk.report.submit']({ id: r.id }, ctx())).rejects.toMatchObject({ code: 'DESK_REPORT_SUBMITTED' });
    await expect(store.query("UPDATE desk_report SET comments = '{}'::jsonb WHERE id = $1", [r.id])).rejects.toThrow(/submitted/);
    const regenerated = await h['desk.report.generate']({ kind: 'daily', date: DAYS[1]! }, ctx());
    expect(regenerated.updatedAt).toBe(sub.updatedAt);
    const monthly = await h['desk.report.generate']({ kind: 'monthly', date: DAYS[0]! }, ctx());
    expect(monthly).toMatchObject({ from: '2026-03-01', to: '2026-03-31', dueBy: '2026-04-03' });
    expect(monthly.anomalies.some((a) => a.code === 'cash_variance') || gen.settlements.every((s) => s.data.variance_fen === 0)).toBe(true);
    const list = await h['desk.report.list']({}, ctx());
    expect(list.map((x) => x.kind).sort()).toEqual(['daily', 'monthly']);
  });

  it('exports every table as CSV with a BOM and as XLSX that read back to the same rows, each export audited', async () => {
    const period = { kind: 'range' as const, date: DAYS[0]!, to: DAYS[2]! };
    const f: DeskFigures = await h['desk.figures']({ period }, ctx());
    const before = (await store.query<{ n: number }>("SELECT count(*)::int AS n FROM hall_audit WHERE action = 'desk.export'")).rows[0]!.n;
    const csv = await h['desk.export']({ table: 'business', format: 'csv', period }, ctx());
    const buf = Buffer.from(csv.base64, 'base64');
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(buf.toString('utf8').slice(1));
    expect(rows[0]).toEqual(['业务 Business', '本期 This period', '上期 Previous period', '环比(%) Change (%)']);
    expect(rows.slice(1).map((r) => [r[0], Number(r[1]), Number(r[2])])).toEqual(f.byBusiness.map((b) => [b.code, b.count, b.prev]));
    const x = await h['desk.export']({ table: 'counters', format: 'xlsx', period }, ctx());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('各台席');
    const sheetRows: unknown[][] = [];
    ws.eachRow((row, i) => {
      if (i > XLSX_HEADER_ROWS) sheetRows.push((row.values as unknown[]).slice(1));
    });
    expect(sheetRows.map((r) => [r[0], r[1], r[2]])).toEqual(f.byCounter.map((c) => [c.counter, c.journeys, c.businesses]));
    const j = await h['desk.export']({ table: 'journeys', format: 'csv', period, drill: { kind: 'manual' } }, ctx());
    const jr = parseCsv(Buffer.from(j.base64, 'base64').toString('utf8').slice(1));
    expect(jr.length - 1).toBe(f.hall.manualEntries);
    for (const r of jr.slice(1)) expect(r[7]).toMatch(/^\d{4}\*+\d{4}$/);
    const audit = await store.query<{ subject: string; actor: string; detail: { rows: number; format: string } }>("SELECT subject, actor, detail FROM hall_audit WHERE action = 'desk.export' ORDER BY id");
    expect(audit.rows.length - before).toBe(3);
    expect(audit.rows.at(-1)).toMatchObject({ actor: 'M001', subject: `counterdesk-journeys-${DAYS[0]}_${DAYS[2]}.csv`, detail: { rows: f.hall.manualEntries, format: 'csv' } });
  });

  it('draws spot checks among the clerks signed in, files the scores and shows them in the clerk’s figures', async () => {
    for (let c = 1; c <= 4; c++) await beat(store, c, `C00${c}`);
    const plan = await h['desk.spot.plan']({}, ctx());
    expect(plan.onDuty.map((x) => x.staffNo)).toEqual(['C001', 'C002', 'C003', 'C004']);
    expect(plan.required).toBe(4); // fewer than 5: all
    const drawn = await h['desk.spot.draw']({}, ctx());
    expect([...drawn.lastDraw!.picked].sort()).toEqual(['C001', 'C002', 'C003', 'C004']);
    const filed = await h['desk.spot.file']({ staffNo: 'c002', drawId: drawn.lastDraw!.id, smile: 5, initiative: 4, standard: 4, proficiency: 5, speed: 3, correctness: 5, notes: '主动推荐宽带' }, ctx());
    expect(filed).toMatchObject({ staffNo: 'C002', counter: 2, checker: 'M001' });
    await expect(h['desk.spot.file']({ staffNo: 'C009', smile: 5, initiative: 5, standard: 5, proficiency: 5, speed: 5, correctness: 5 }, ctx())).rejects.toMatchObject({ code: 'DESK_SPOT_NOT_ON_DUTY' });
    const f = await h['desk.figures']({ period: { kind: 'day', date: filed.businessDay } }, ctx());
    expect(f.byClerk.find((k) => k.staffNo === 'C002')!.spotChecks).toEqual({ n: 1, average: Math.round(((5 + 4 + 4 + 5 + 3 + 5) / 6) * 100) / 100 });
    expect(await h['desk.spot.list']({ staffNo: 'C002' }, ctx())).toHaveLength(1);
    await expect(store.query('DELETE FROM desk_spot_check')).rejects.toThrow(/append-only/);
  });

  it('refuses to close the day while a counter is unsettled or a bag is missing, then closes it', async () => {
    const day = DAYS[2]!;
    await beat(store, 2, 'C002', 'open', day); // counter 2 never settled on the last day
    await beat(store, 1, 'C001', 'settled', day);
    await beat(store, 3, 'C003', 'settled', day);
    await beat(store, 4, 'C004', 'settled', day);
    const v = await h['desk.supervision']({ date: day }, ctx());
    expect(v.counters.map((c) => [c.counter, c.status, c.missing])).toEqual([[1, 'handed_over', []], [2, 'open', ['unsettled']], [3, 'settled', ['bag']], [4, 'handed_over', []]]);
    expect(v.ready).toBe(false);
    expect(v.takings.bags).toBe(2);
    const err = await Promise.resolve(h['desk.closeDay']({ date: day }, ctx())).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(BilingualError);
    expect(err).toMatchObject({ code: 'DESK_DAY_NOT_READY', detail: { blockers: [{ counter: 2, missing: ['unsettled'] }, { counter: 3, missing: ['bag'] }] } });
    expect((err as BilingualError).message_zh).toContain('2号台席未结账');
    expect((err as BilingualError).message_en).toContain('counter 3: bag not handed over');
    expect((await store.query<{ n: number }>("SELECT count(*)::int AS n FROM hall_audit WHERE action = 'desk.day.close_refused'")).rows[0]!.n).toBe(1);
    // Counter 2 settles and hands over; counter 3's bag arrives.
    const s2 = gen.settlements.find((s) => s.counter === 2 && s.data.business_day === DAYS[1])!.data;
    const held = (c: number, stream: string) => store.query<{ n: number }>('SELECT count(*)::int AS n FROM replica_row WHERE counter = $1 AND stream = $2', [c, stream]).then((r) => r.rows[0]!.n);
    const settle = { ...s2, session_id: 999, business_day: day, opened_at: s2.opened_at + 86_400_000 * 1, settled_at: s2.settled_at + 86_400_000 };
    await ingestBatch(store, { counter: 2, source: 1 }, { protocol: 1, counter: 2, stream: 'settlement', rows: [{ seq: (await held(2, 'settlement')) + 1, data: settle }] } as never);
    await ingestBatch(store, { counter: 2, source: 1 }, { protocol: 1, counter: 2, stream: 'handover', rows: [{ seq: (await held(2, 'handover')) + 1, data: { session_id: 999, at: settle.settled_at + 1000, amount_fen: 1, bag_no: 'B999', seal_no: 'S999', handed_by: 'C002', received_by: 'M001' } }] } as never);
    const s3 = gen.settlements.find((s) => s.counter === 3 && s.data.business_day === day)!.data;
    await ingestBatch(store, { counter: 3, source: 1 }, { protocol: 1, counter: 3, stream: 'handover', rows: [{ seq: (await held(3, 'handover')) + 1, data: { session_id: s3.session_id, at: s3.settled_at + 1000, amount_fen: s3.counted_fen, bag_no: 'B3', seal_no: 'S3', handed_by: 'C003', received_by: 'M001' } }] } as never);
    await beat(store, 2, 'C002', 'handed_over', day);
    const closed = await h['desk.closeDay']({ date: day }, ctx());
    expect(closed.ready).toBe(true);
    expect(closed.closed).toMatchObject({ businessDay: day, closedBy: 'M001' });
    await expect(h['desk.closeDay']({ date: day }, ctx())).rejects.toMatchObject({ code: 'DESK_DAY_CLOSED' });
  });

  it('keeps the morning meeting (praise first) and the checklist, with fire equipment on Mondays only', async () => {
    const monday = DAYS[0]!;
    const m = await h['desk.morning.get']({ date: monday }, ctx());
    expect(m.monday).toBe(true);
    expect(m.checklist.map((i) => i.item)).toContain('extinguishers');
    expect((await h['desk.morning.get']({ date: DAYS[1]! }, ctx())).checklist.map((i) => i.item)).not.toContain('hydrants');
    await expect(h['desk.morning.meeting']({ date: monday, attendees: ['C001'], topics: ['新套餐'], praise: '  ' }, ctx())).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const saved = await h['desk.morning.meeting']({ date: monday, attendees: ['c001', 'C002', 'C001'], topics: ['新套餐政策', '昨日业务量'], praise: '表扬C002昨日零差错' }, ctx());
    expect(saved.meeting).toMatchObject({ attendees: ['C001', 'C002'], praise: '表扬C002昨日零差错', recordedBy: 'M001' });
    const ticked = await h['desk.morning.check']({ date: monday, item: 'hydrants', ok: false, note: '2号消防栓门锁损坏，已报修' }, ctx());
    expect(ticked.checklist.find((i) => i.item === 'hydrants')).toMatchObject({ ok: false, note: '2号消防栓门锁损坏，已报修', checkedBy: 'M001' });
    await expect(h['desk.morning.check']({ date: DAYS[1]!, item: 'hydrants', ok: true }, ctx())).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('tells every hall page of an early-settlement event as it is ingested (NOTIFY from the desk’s trigger)', async () => {
    const heard: unknown[] = [];
    let done: () => void = () => undefined;
    const arrived = new Promise<void>((r) => (done = r));
    const stop = await store.listen(HALL_SIGNAL_CHANNEL, (p) => {
      const sig = parseSignal(p);
      if (sig?.type === 'early') {
        heard.push(sig);
        done();
      }
    });
    const seq = (await store.query<{ n: number }>("SELECT count(*)::int AS n FROM replica_row WHERE counter = 4 AND stream = 'early_event'")).rows[0]!.n + 1;
    const at = Date.parse(`${DAYS[2]}T08:40:00Z`);
    await ingestBatch(store, { counter: 4, source: 1 }, {
      protocol: 1, counter: 4, stream: 'early_event',
      rows: [{ seq, data: { id: 9000, at, session_id: 1, staff_no: 'C004', actor_staff_no: 'C004', outcome: 'refused', block: 'before_close', minutes_early: 50, allowed_at: at + 3_000_000, open_journeys: 0, approver_staff_no: null, reason_code: null, reason_text: null, note_id: null } }],
    } as never);
    await arrived;
    await stop();
    expect(heard).toEqual([{ type: 'early', counter: 4, at, staffNo: 'C004', outcome: 'refused', block: 'before_close', minutesEarly: 50, approver: null }]);
    expect(hallMethods['desk.supervision'].output.safeParse(await h['desk.supervision']({ date: DAYS[2]! }, ctx())).success).toBe(true);
  });

  it('refuses a lunch rotation that leaves fewer counters open than the minimum, and counts today’s queue', async () => {
    for (let c = 1; c <= 4; c++) await beat(store, c, `C00${c}`);
    const day = (await h['desk.spot.plan']({}, ctx())).businessDay;
    const err = await Promise.resolve(h['desk.lunch.save']({ date: day, minOpen: 3, slots: [{ start: '11:30', end: '12:00', staff: ['C001', 'C002'] }] }, ctx())).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'DESK_LUNCH_TOO_FEW', detail: { open: 2, minOpen: 3 } });
    const ok = await h['desk.lunch.save']({ date: day, minOpen: 3, slots: [{ start: '11:30', end: '12:00', staff: ['C001'] }, { start: '12:00', end: '12:30', staff: ['c002'] }] }, ctx());
    expect(ok.slots).toEqual([{ start: '11:30', end: '12:00', staff: ['C001'] }, { start: '12:00', end: '12:30', staff: ['C002'] }]);
    expect(ok.minOpen).toBe(3); // the refused save changed nothing, this one set it
    // Nobody in the queue today: no warning about it.
    expect(ok.queueWaiting).toBe(0);
    expect(ok.warnings.map((w) => w.code)).toEqual([]);
  });
});
