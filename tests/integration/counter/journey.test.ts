// The standard new-line journey through the real core: the in-process reader and printer
// simulators, the till ledger, the print queue. What the clerk does, call by call.
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../base/clock';
import type { Core } from '../../../electron/core/app';
import { testCore } from '../../helpers/core';
import { nextEvent, staffUp, type Caller } from '../../helpers/counterDay';

// 10:00 in Shanghai on a Thursday: the hall is open, settlement would be early.
const T0 = Date.UTC(2026, 10, 26, 2, 0, 0);
let core: (Core & { dataDir: string }) | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

async function openCounter(c: Caller) {
  await c.call('till.open', { float: { note_100: 2, note_50: 4, note_10: 10, coin_1: 20 }, items: { sim_card: 20, value_card: 10, invoice_paper: 100 } });
  const shift = await c.call('shift.run', {});
  expect(shift.result, JSON.stringify(shift.items)).not.toBe('fail');
}

let fullId = '';

async function throughVerify(c: Caller, cc: Core, code = 'new_line') {
  let j = await c.call('journey.begin', {});
  j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'greet', ticket: 'A023' } });
  j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'chooseBusinesses', codes: [code] } });
  expect(j.step).toBe('verify');
  const read = nextEvent(cc, 'card.read');
  await c.call('training.placeCard', { sample: 'resident' });
  await read;
  const pending = await c.call('journey.pendingCard', {});
  expect(pending.card?.name).toBe('王秀英');
  expect(pending.card?.photo.available).toBe(false);
  fullId = pending.card!.idNumber;
  j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'verifyCard', faceConfirmed: true } });
  return j;
}

describe('the one-stop journey through the core', () => {
  it('opens a new line for 58.00 paid with 100.00 cash: change 42.00, receipt printed, till +58.00', async () => {
    const clock = new ManualClock(T0);
    core = await testCore({ clock });
    const c = await staffUp(core);
    await openCounter(c);
    let j = await throughVerify(c, core);
    expect(j.step).toBe('consent');
    expect(j.customer?.idMasked).toMatch(/^\*{14}[\dX]{4}$/);
    expect(j.customer?.title.zh).toBe('王女士');
    j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'answerConsent', code: 'new_line', answer: 'agreed' } });
    expect(j.step).toBe('process');
    j = await c.call('journey.act', {
      journeyId: j.journeyId,
      command: { type: 'submitBusiness', code: 'new_line', fields: { phone_number: '13800138000', plan: 'plan_58', sim_serial: '8986011234567890123' }, feeFen: 5800 },
    });
    expect(j.step).toBe('payment');
    expect(j.dueFen).toBe(5800);
    j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'payCash', tenderedFen: 10000 } });
    expect(j.payment).toMatchObject({ status: 'paid', tenderedFen: 10000, changeFen: 4200 });
    expect(j.step).toBe('recommend');
    j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'recommend', offers: [{ productCode: 'broadband_bundle', outcome: 'declined' }] } });
    expect(j.step).toBe('handover');
    expect(j.receipt?.status).toBe('queued');
    // The receipt goes into the folder once the printer has confirmed it.
    await core.services.domain!.printing.queue.whenSettled(Number(j.receipt?.jobId));
    expect((await c.call('journey.current', {})).journey?.receipt?.job?.state).toBe('printed');
    j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'handOver', idCardReturned: true, documentsReturned: true, receiptInFolder: true } });
    expect(j.step).toBe('farewell');
    expect(j.farewellLine?.zh).toBe('请慢走，王女士');
    j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'farewell' } });
    expect(j.step).toBe('closed');
    expect((await c.call('journey.current', {})).journey).toBeNull();

    // The printer simulator's paper: the business, the masked number, the amounts.
    const jobId = Number(j.receipt?.jobId);
    await core.services.domain!.printing.queue.whenSettled(jobId);
    const sim = core.services.domain!.printing.device.simulator!;
    const text = sim.receipts.map((r) => r.lines.join('\n')).join('\n---\n');
    expect(text).toContain('新装入网');
    expect(text).toMatch(/\*{14}[\dX]{4}/);
    expect(text).toContain(`**************${fullId.slice(-4)}`);
    expect(text).not.toContain(fullId);
    expect(text).toContain('58.00');
    expect(text).toContain('100.00');
    expect(text).toContain('42.00');

    // The till's expected cash rose by exactly 58.00 (the change never counts twice).
    const float = 2 * 10000 + 4 * 5000 + 10 * 1000 + 20 * 100;
    const tillNow = core.services.domain!.till();
    const open = tillNow.openSessionAt('03')!;
    expect(tillNow.sessionTotals(open.id).expectedCashFen).toBe(float + 5800);
    // The new line's SIM card reached the till as the journey closed, for the evening count.
    expect(tillNow.sessionTotals(open.id).itemsUsed).toEqual({ sim_card: 1, value_card: 0, invoice_paper: 0 });
    // The clerk's own view stays blind.
    const mine = await c.call('till.status', {});
    expect(mine.manager).toBeNull();
    expect(JSON.stringify(mine)).not.toContain(String(float + 5800));
    // The drawer was kicked once for the cash sale.
    expect(core.services.domain!.printing.device.simulator!.kicks.length).toBe(1);
  });

  it('a refused copy stops the new line and the screen says what can be done instead', async () => {
    core = await testCore({ clock: new ManualClock(T0) });
    const c = await staffUp(core);
    await openCounter(c);
    let j = await throughVerify(c, core);
    j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'answerConsent', code: 'new_line', answer: 'refused' } });
    expect(j.businesses[0]?.status).toBe('consent_refused');
    expect(j.blocked[0]?.instead_zh).toContain('无法办理');
    const err = await c.fails('journey.act', {
      journeyId: j.journeyId,
      command: { type: 'submitBusiness', code: 'new_line', fields: { phone_number: '13800138000', plan: 'plan_58', sim_serial: '8986011234567890123' }, feeFen: 5800 },
    });
    expect(err.message_zh.length).toBeGreaterThan(0);
    expect(j.step).not.toBe('closed');
  });
});
