import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { BilingualError } from '../../../base/contract/errors';
import { ManualClock } from '../../../base/clock';
import { JourneyService, type JourneyServiceDeps } from '../../../electron/core/journey/service';
import type { ClerkCommand } from '../../../electron/core/journey/types';
import { ShiftStart, type ShiftStartInput } from '../../../electron/core/journey/shiftStart';
import type { JourneyCommand } from '../../../electron/core/journey/types';
import { loadMigrations, openDatabase, type Db } from '../../../electron/core/storage/db';
import { card, defaultCatalog, FakeReceipts, FakeTill, hashIdNumber, ID_WANG, T0 } from './fixtures';

const catalog = defaultCatalog();
// Only the base schema and ours: other capabilities' migrations are not this test's concern.
const migrations = loadMigrations().filter((m) => [1, 5, 10, 61, 62, 71].includes(m.version));

/** Each counter's open till session, as the till would name it. */
const TILL_SESSIONS: Record<string, number> = { C3: 1, C4: 2 };

const readyShift = (over: Partial<ShiftStartInput> = {}): ShiftStartInput => {
  const counterId = over.counterId ?? 'C3';
  return {
    sessionId: 'S1',
    counterId,
    clerkId: '1024',
    reader: { connected: true, samOk: true },
    photoDecoder: { configured: false, path: null, installFile: '/etc/counterdesk/install.json', error: null },
    printer: { online: true, paperOut: false, paperLow: false },
    till: { state: 'open', sessionId: TILL_SESSIONS[counterId] ?? 0, items: { sim_card: 20, value_card: 10, invoice_paper: 100 } },
    ...over,
  };
};

/** One "process lifetime": a database connection and a service over a shared data folder. */
class Counter {
  db: Db;
  service: JourneyService;
  shift: ShiftStart;
  tillSessions: Record<string, number | null> = { ...TILL_SESSIONS };
  constructor(
    readonly dir: string,
    readonly till: FakeTill,
    readonly receipts: FakeReceipts,
    readonly clock: ManualClock,
    readonly events: { kind: string; detail: Record<string, unknown> }[],
    seams: Pick<JourneyServiceDeps, 'afterPersist' | 'afterEffect'> = {},
  ) {
    this.db = openDatabase({ dataDir: dir, migrations }).db;
    this.shift = new ShiftStart(this.db, clock, (counterId) => this.tillSessions[counterId] ?? null);
    let n = 0;
    this.service = new JourneyService({
      db: this.db,
      clock,
      catalog: () => catalog,
      hashIdNumber,
      till,
      receipts,
      onEvent: (kind, detail) => events.push({ kind, detail }),
      shiftGate: this.shift,
      newId: () => `J${++n}-${clock.now()}`,
      ...seams,
    });
  }
  close(): void {
    this.db.close();
  }
}

const open: Counter[] = [];
afterEach(() => {
  for (const c of open.splice(0)) if (c.db.open) c.close();
});

function setup(seams: Pick<JourneyServiceDeps, 'afterPersist' | 'afterEffect'> = {}) {
  const dir = tempDir('journey-');
  const env = { dir, till: new FakeTill(), receipts: new FakeReceipts(), clock: new ManualClock(T0), events: [] as { kind: string; detail: Record<string, unknown> }[] };
  const counter = new Counter(env.dir, env.till, env.receipts, env.clock, env.events, seams);
  open.push(counter);
  /** Simulates a restart: drop the connection and the service, open both again. */
  const restart = (next: Pick<JourneyServiceDeps, 'afterPersist' | 'afterEffect'> = {}) => {
    counter.close();
    const c = new Counter(env.dir, env.till, env.receipts, env.clock, env.events, next);
    open.push(c);
    return c;
  };
  return { ...env, counter, restart };
}

const NEW_LINE_FIELDS = { phone_number: '13800138000', plan: 'plan_58', sim_serial: '8986011234567890123' };

async function run(c: Counter, id: string, cmds: ClerkCommand[]) {
  let v = c.service.get(id)!;
  for (const cmd of cmds) {
    c.clock.advance(3000);
    v = await c.service.dispatch(id, cmd);
  }
  return v;
}

const toPayment: ClerkCommand[] = [
  { type: 'greet', ticket: 'A023' },
  { type: 'chooseBusinesses', codes: ['new_line'] },
  { type: 'verifyCard', card: card(), faceConfirmed: true },
  { type: 'answerConsent', code: 'new_line', answer: 'agreed' },
  { type: 'submitBusiness', code: 'new_line', fields: NEW_LINE_FIELDS, feeFen: 5800 },
];
const afterPayment: ClerkCommand[] = [
  { type: 'recommend', offers: [{ productCode: 'broadband_bundle', outcome: 'accepted' }] },
  { type: 'handOver', idCardReturned: true, documentsReturned: true, receiptInFolder: true },
  { type: 'farewell' },
];

function allText(db: Db): string {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
  return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all())).join('\n');
}

describe('journey service: opening a journey', () => {
  it('refuses the first customer until the shift-start check is done; warnings pass, failures do not', () => {
    const { counter } = setup();
    const begin = () => counter.service.begin({ counterId: 'C3', clerkId: '1024', sessionId: 'S1' });
    expect(begin).toThrow(expect.objectContaining({ code: 'JOURNEY_SHIFT_CHECK_REQUIRED' }));
    expect(counter.shift.run(readyShift({ printer: { online: true, paperOut: true, paperLow: true } })).result).toBe('fail');
    expect(begin).toThrow(expect.objectContaining({ code: 'JOURNEY_SHIFT_CHECK_REQUIRED' }));
    expect(counter.shift.run(readyShift({ printer: { online: true, paperOut: false, paperLow: true } })).result).toBe('warn');
    expect(begin().step).toBe('greet');
    // Once per till session: each item's result stays; a new till session (the next day) checks again.
    expect(counter.shift.latest('C3')?.items.map((i) => i.level)).toEqual(['ok', 'ok', 'warn', 'ok']);
    expect(counter.shift.isReady('C3')).toBe(true);
    counter.tillSessions.C3 = 7;
    expect(counter.shift.isReady('C3')).toBe(false);
    expect(counter.shift.latest('C3')).toBeNull();
    counter.tillSessions.C3 = null;
    expect(counter.shift.isReady('C3')).toBe(false);
  });

  it('keeps one open journey per counter', async () => {
    const { counter } = setup();
    counter.shift.run(readyShift());
    counter.shift.run(readyShift({ counterId: 'C4' }));
    const j = counter.service.begin({ counterId: 'C3', clerkId: '1024', sessionId: 'S1' });
    expect(() => counter.service.begin({ counterId: 'C3', clerkId: '1024', sessionId: 'S1' })).toThrow(expect.objectContaining({ code: 'JOURNEY_COUNTER_BUSY' }));
    expect(counter.service.begin({ counterId: 'C4', clerkId: '2048', sessionId: 'S1' }).counterId).toBe('C4');
    expect(counter.service.openJourneys('C3').map((v) => v.journeyId)).toEqual([j.journeyId]);
    await counter.service.dispatch(j.journeyId, { type: 'cancel', reason: '客户离开' });
    expect(counter.service.openJourneys('C3')).toEqual([]);
    expect(counter.service.begin({ counterId: 'C3', clerkId: '1024', sessionId: 'S1' }).step).toBe('greet');
  });

  it('does not accept effect outcomes from the outside', async () => {
    const { counter } = setup();
    counter.shift.run(readyShift());
    const j = counter.service.begin({ counterId: 'C3', clerkId: '1024', sessionId: 'S1' });
    const forged = { type: 'effectDone', key: `${j.journeyId}:pay` } as JourneyCommand as ClerkCommand;
    await expect(counter.service.dispatch(j.journeyId, forged)).rejects.toMatchObject({ code: 'JOURNEY_INTERNAL_COMMAND' });
  });
});

describe('journey service: a full journey on disk', () => {
  it('records what the reports need and nothing personal beyond the masked number, hash and title', async () => {
    const { counter, till, receipts, events } = setup();
    counter.shift.run(readyShift());
    const j = counter.service.begin({ counterId: 'C3', clerkId: '1024', sessionId: 'S1' });
    await run(counter, j.journeyId, [...toPayment, { type: 'payCash', tenderedFen: 10000 }, ...afterPayment]);
    const v = counter.service.get(j.journeyId)!;
    expect(v.step).toBe('closed');
    expect(till.calls.map((c) => [c.op, c.key])).toEqual([
      ['cash', `${j.journeyId}:pay`],
      ['drawer', `${j.journeyId}:drawer`],
    ]);
    expect(receipts.jobs.size).toBe(1);
    // The SIM card the new line used goes to the till as the journey closes: an effect, once.
    expect([...till.itemsUsed]).toEqual([[`${j.journeyId}:items`, [{ code: 'new_line', items: { sim_card: 1, value_card: 0, invoice_paper: 0 } }]]]);

    const row = counter.db.prepare('SELECT * FROM journeys WHERE journey_id = ?').get(j.journeyId) as Record<string, unknown>;
    expect(row).toMatchObject({
      status: 'closed',
      ticket: 'A023',
      business_codes: '["new_line"]',
      id_method: 'card',
      id_card_type: 'resident',
      id_masked: `**************${ID_WANG.slice(-4)}`,
      id_hash: hashIdNumber(ID_WANG),
      manual_entry: 0,
      farewell_title: '王女士',
      due_fen: 5800,
      tender: 'cash',
      tendered_fen: 10000,
      change_fen: 4200,
      receipt_job_id: `job-${j.journeyId}:receipt`,
      cancel_reason_id: null,
      manual_reason_id: null,
    });
    const steps = counter.db.prepare('SELECT step, entered_at FROM journey_steps WHERE journey_id = ? ORDER BY seq').all(j.journeyId) as { step: string; entered_at: number }[];
    expect(steps.map((s) => s.step)).toEqual(['greet', 'need', 'verify', 'consent', 'process', 'payment', 'recommend', 'handover', 'farewell', 'closed']);
    expect(steps.every((s, i) => i === 0 || s.entered_at >= steps[i - 1]!.entered_at)).toBe(true);
    expect(counter.db.prepare('SELECT business_code, answer FROM journey_consents').all()).toEqual([{ business_code: 'new_line', answer: 'agreed' }]);
    expect(counter.db.prepare('SELECT product_code, outcome FROM journey_recommendations').all()).toEqual([{ product_code: 'broadband_bundle', outcome: 'accepted' }]);
    expect(counter.db.prepare('SELECT business_code, status, fee_fen FROM journey_businesses').all()).toEqual([{ business_code: 'new_line', status: 'processed', fee_fen: 5800 }]);
    expect(counter.db.prepare(`SELECT count(*) AS n FROM journey_effects WHERE status <> 'done'`).get()).toEqual({ n: 0 });

    const everything = allText(counter.db);
    expect(everything).not.toContain(ID_WANG);
    expect(everything).not.toContain('王秀英');
    expect(everything).not.toContain('建国路');
    expect(everything).not.toContain('13800138000');
    expect(JSON.stringify(events)).not.toContain(ID_WANG);
    expect(events.map((e) => e.kind)).toEqual(['journey.paid', 'journey.closed']);
  });

  it('records manual entry with its reason, refused consent and cancellation for the reports', async () => {
    const { counter } = setup();
    counter.shift.run(readyShift());
    const j = counter.service.begin({ counterId: 'C3', clerkId: '1024', sessionId: 'S1' });
    await run(counter, j.journeyId, [
      { type: 'greet' },
      { type: 'chooseBusinesses', codes: ['owner_transfer'] },
      { type: 'verifyManual', entry: { cardType: 'resident', name: '司马光', sex: 'male', idNumber: ID_WANG, validTo: 'long-term' }, reason: '读卡器故障', faceConfirmed: true },
      { type: 'answerConsent', code: 'owner_transfer', answer: 'refused' },
      { type: 'cancel', reason: '客户不同意复印' },
    ]);
    const row = counter.db.prepare('SELECT status, manual_entry, manual_reason_id, farewell_title, cancel_reason_id, cancel_step FROM journeys').get() as Record<string, unknown>;
    expect(row).toMatchObject({ status: 'cancelled', manual_entry: 1, farewell_title: '司马先生', cancel_step: 'consent' });
    // The typed reasons live in free_text, cited by id: the journey row, its state and its actions hold no text.
    const text = (id: unknown) => (counter.db.prepare('SELECT purpose, text FROM free_text WHERE id = ?').get(id) as { purpose: string; text: string });
    expect(text(row.manual_reason_id)).toEqual({ purpose: 'journey.manual_reason', text: '读卡器故障' });
    expect(text(row.cancel_reason_id)).toEqual({ purpose: 'journey.cancel_reason', text: '客户不同意复印' });
    const journeyRows = JSON.stringify(counter.db.prepare('SELECT * FROM journeys').all()) + JSON.stringify(counter.db.prepare('SELECT * FROM journey_actions').all());
    expect(journeyRows).not.toContain('读卡器故障');
    expect(journeyRows).not.toContain('客户不同意复印');
    expect(counter.db.prepare('SELECT answer FROM journey_consents').all()).toEqual([{ answer: 'refused' }]);
    const verifyAction = counter.db.prepare(`SELECT payload FROM journey_actions WHERE type = 'verifyManual'`).get() as { payload: string };
    expect(JSON.parse(verifyAction.payload)).toEqual({ type: 'verifyManual', cardType: 'resident', faceConfirmed: true, reasonId: row.manual_reason_id, idMasked: expect.stringContaining('********') });
    const cancelAction = counter.db.prepare(`SELECT payload FROM journey_actions WHERE type = 'cancel'`).get() as { payload: string };
    expect(JSON.parse(cancelAction.payload)).toEqual({ type: 'cancel', reasonId: row.cancel_reason_id });
    // What the screen shows reads the text back.
    const v = counter.service.get(j.journeyId)!;
    expect(v.customer?.manualReason).toBe('读卡器故障');
    expect(v.cancel?.reason).toBe('客户不同意复印');
    expect(allText(counter.db)).not.toContain('司马光');
  });

  it("a recommendation's reason is cited from free_text too, and a restart reads every reason back once", async () => {
    const { counter, restart } = setup();
    counter.shift.run(readyShift());
    const j = counter.service.begin({ counterId: 'C3', clerkId: '1024', sessionId: 'S1' });
    await run(counter, j.journeyId, [
      ...toPayment,
      { type: 'payCash', tenderedFen: 10000 },
      { type: 'recommend', offers: [{ productCode: 'broadband_bundle', outcome: 'not_applicable', reason: '王阿姨家里已有宽带' }] },
    ]);
    const rec = counter.db.prepare('SELECT reason_id FROM journey_recommendations').get() as { reason_id: number };
    expect(counter.db.prepare('SELECT purpose, text FROM free_text WHERE id = ?').get(rec.reason_id)).toEqual({ purpose: 'journey.recommend_reason', text: '王阿姨家里已有宽带' });
    const action = counter.db.prepare(`SELECT payload FROM journey_actions WHERE type = 'recommend'`).get() as { payload: string };
    expect(JSON.parse(action.payload)).toEqual({ type: 'recommend', offers: [{ productCode: 'broadband_bundle', outcome: 'not_applicable', reasonId: rec.reason_id }] });
    const again = restart();
    expect(again.service.get(j.journeyId)!.recommendations[0]!.reason).toBe('王阿姨家里已有宽带');
    await run(again, j.journeyId, [{ type: 'handOver', idCardReturned: true, documentsReturned: true, receiptInFolder: true }]);
    // Later commands carry the id along: the text is stored once.
    expect(again.db.prepare(`SELECT count(*) AS n FROM free_text`).get()).toEqual({ n: 1 });
    const stored = JSON.stringify(again.db.prepare('SELECT state_json FROM journeys').all()) + JSON.stringify(again.db.prepare('SELECT payload FROM journey_actions').all());
    expect(stored).not.toContain('王阿姨');
  });

  it('refunds a paid journey through the till when it is cancelled', async () => {
    const { counter, till } = setup();
    counter.shift.run(readyShift());
    const j = counter.service.begin({ counterId: 'C3', clerkId: '1024', sessionId: 'S1' });
    await run(counter, j.journeyId, [...toPayment, { type: 'payNonCash', tender: 'wechat', reference: 'WX42000012345' }, { type: 'cancel', reason: '客户不想办了' }]);
    expect(till.calls.map((c) => [c.op, c.amountFen])).toEqual([['noncash', 5800], ['refund', 5800]]);
    expect(counter.db.prepare('SELECT refund_fen, refund_status FROM journeys').get()).toEqual({ refund_fen: 5800, refund_status: 'done' });
  });

  it('a till failure leaves the journey at payment, and the retry goes under a new key', async () => {
    const { counter, till } = setup();
    counter.shift.run(readyShift());
    const j = counter.service.begin({ counterId: 'C3', clerkId: '1024', sessionId: 'S1' });
    await run(counter, j.journeyId, toPayment);
    till.failNext = new BilingualError('TILL_NOT_OPEN', '钱箱未开启', 'The till is not open');
    const failed = await counter.service.dispatch(j.journeyId, { type: 'payCash', tenderedFen: 5800 });
    expect(failed.step).toBe('payment');
    expect(failed.payment).toMatchObject({ status: 'failed', error: { code: 'TILL_NOT_OPEN' } });
    const paid = await counter.service.dispatch(j.journeyId, { type: 'payCash', tenderedFen: 6000 });
    expect(paid.step).toBe('recommend');
    expect([...till.posted]).toEqual([`${j.journeyId}:pay#2`, `${j.journeyId}:drawer`]);
  });
});

describe('journey service: crash safety', () => {
  class Crash extends Error {}

  it('resumes at its step after a restart', async () => {
    const { counter, restart } = setup();
    counter.shift.run(readyShift());
    const j = counter.service.begin({ counterId: 'C3', clerkId: '1024', sessionId: 'S1' });
    await run(counter, j.journeyId, toPayment.slice(0, 3));
    const again = restart();
    expect(await again.service.resume()).toBe(0);
    const v = again.service.get(j.journeyId)!;
    expect(v.step).toBe('consent');
    expect(v.customer?.title.zh).toBe('王女士');
    expect(again.service.openJourneys('C3').map((x) => x.journeyId)).toEqual([j.journeyId]);
    const done = await run(again, j.journeyId, [...toPayment.slice(3), { type: 'payCash', tenderedFen: 5800 }, ...afterPayment]);
    expect(done.step).toBe('closed');
  });

  it('a kill between persisting the payment and posting it: posted exactly once after restart', async () => {
    const { counter, till, restart } = setup({
      afterPersist: (cmd) => {
        if (cmd.type === 'payCash') throw new Crash('killed');
      },
    });
    counter.shift.run(readyShift());
    const j = counter.service.begin({ counterId: 'C3', clerkId: '1024', sessionId: 'S1' });
    await run(counter, j.journeyId, toPayment);
    await expect(counter.service.dispatch(j.journeyId, { type: 'payCash', tenderedFen: 10000 })).rejects.toBeInstanceOf(Crash);
    expect(till.calls).toHaveLength(0);

    const again = restart();
    expect(again.service.get(j.journeyId)).toMatchObject({ step: 'payment', payment: { status: 'posting' } });
    expect(await again.service.resume()).toBe(3); // the sale, then the drawer and the audit it unlocks
    expect(till.calls.map((c) => c.op)).toEqual(['cash', 'drawer']);
    expect(again.service.get(j.journeyId)).toMatchObject({ step: 'recommend', payment: { status: 'paid', changeFen: 4200 } });

    const third = restart();
    expect(await third.service.resume()).toBe(0);
    await run(third, j.journeyId, afterPayment);
    expect(till.calls.filter((c) => c.op === 'cash')).toHaveLength(1);
  });

  it('a kill after posting but before recording it: the repeat carries the same key, so the till posts once', async () => {
    const crashAfter = (kind: string) => ({
      afterEffect: (e: { kind: string }) => {
        if (e.kind === kind) throw new Crash('killed');
      },
    });
    const { counter, till, receipts, restart } = setup(crashAfter('postCash'));
    counter.shift.run(readyShift());
    const j = counter.service.begin({ counterId: 'C3', clerkId: '1024', sessionId: 'S1' });
    await run(counter, j.journeyId, toPayment);
    await expect(counter.service.dispatch(j.journeyId, { type: 'payCash', tenderedFen: 10000 })).rejects.toBeInstanceOf(Crash);
    expect(till.posted.size).toBe(1);

    const again = restart(crashAfter('printReceipt'));
    await again.service.resume();
    const cashCalls = till.calls.filter((c) => c.op === 'cash');
    expect(cashCalls).toHaveLength(2);
    expect(new Set(cashCalls.map((c) => c.key))).toEqual(new Set([`${j.journeyId}:pay`]));
    expect([...till.posted].filter((k) => k.endsWith(':pay'))).toHaveLength(1);
    expect(again.service.get(j.journeyId)?.step).toBe('recommend');

    // Same story for the receipt: re-sent under the same key, one job in the queue.
    const crashRecommend = again.service.dispatch(j.journeyId, afterPayment[0]!);
    await expect(crashRecommend).rejects.toBeInstanceOf(Crash);
    const third = restart();
    await third.service.resume();
    expect(receipts.calls).toBe(2);
    expect(receipts.jobs.size).toBe(1);
    const v = third.service.get(j.journeyId)!;
    expect(v.step).toBe('handover');
    expect(v.receipt).toMatchObject({ status: 'queued', jobId: `job-${j.journeyId}:receipt` });
    await run(third, j.journeyId, afterPayment.slice(1));
    expect(third.service.get(j.journeyId)?.step).toBe('closed');
  });

  it('a refund left pending by a kill is carried out once at restart', async () => {
    const { counter, till, restart } = setup({
      afterPersist: (cmd) => {
        if (cmd.type === 'cancel') throw new Crash('killed');
      },
    });
    counter.shift.run(readyShift());
    const j = counter.service.begin({ counterId: 'C3', clerkId: '1024', sessionId: 'S1' });
    await run(counter, j.journeyId, [...toPayment, { type: 'payCash', tenderedFen: 5800 }]);
    await expect(counter.service.dispatch(j.journeyId, { type: 'cancel', reason: '客户改主意' })).rejects.toBeInstanceOf(Crash);
    expect(till.calls.filter((c) => c.op === 'refund')).toHaveLength(0);
    const again = restart();
    await again.service.resume();
    await again.service.resume();
    expect(till.calls.filter((c) => c.op === 'refund').map((c) => c.amountFen)).toEqual([5800]);
    expect(again.service.get(j.journeyId)?.cancel?.refund?.status).toBe('done');
  });
});

describe('journey service: what the screen gets', () => {
  it('shows the masked number and title but not the keyed hash', async () => {
    const { counter } = setup();
    counter.shift.run(readyShift());
    const j = counter.service.begin({ counterId: 'C3', clerkId: '1024', sessionId: 'S1' });
    const v = await run(counter, j.journeyId, toPayment.slice(0, 3));
    expect(v.customer).toMatchObject({ idMasked: expect.stringContaining('********'), title: { zh: '王女士' } });
    expect(JSON.stringify(v)).not.toContain(hashIdNumber(ID_WANG));
    expect(v.rail.find((r) => r.step === 'verify')).toMatchObject({ status: 'done' });
    expect(v.rail.find((r) => r.step === 'consent')).toMatchObject({ status: 'current' });
  });
});
