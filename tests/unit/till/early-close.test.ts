/** The early-closing lock and the clock guard, driven by a ManualClock. */
import { afterEach, describe, expect, it } from 'vitest';
import { refusal } from '../../helpers/refusal';
import type { EarlyEvent } from '../../../base/contract/till';
import { creds, FLOAT_500, HOUR, makeTill, MINUTE, MON_10_00, piecesFor, type TillFixture } from './fixture';

let f: TillFixture;
afterEach(() => f.close());

function setup(settings: Record<string, unknown> = {}): number {
  f = makeTill(settings);
  const s = f.till.openSession({ counterId: 'T01', clerkStaffNo: 'C001', float: FLOAT_500 });
  f.clock.advance(MINUTE);
  f.till.recordSale({ actor: 'C001', sessionId: s.id, tender: 'cash', dueFen: 3000, tenderedFen: 5000, journeyRef: 'J1' });
  return s.id;
}

/** Moves the clock to hh:mm on Monday 2025-03-03 (Shanghai), observing each minute so it is not a jump. */
function walkTo(hh: number, mm: number): void {
  const target = MON_10_00 + (hh - 10) * HOUR + mm * MINUTE;
  while (f.clock.now() + 10 * MINUTE < target) {
    f.clock.advance(10 * MINUTE);
    f.till.observeClock('T01');
  }
  f.clock.set(target);
  f.till.observeClock('T01');
}

const count = (sid: number): unknown => f.till.submitCount({ actor: 'C001', sessionId: sid, cash: piecesFor(53_000) });
const events = (): EarlyEvent[] => f.till.earlyEvents(0, Number.MAX_SAFE_INTEGER);

describe('early-closing lock', () => {
  it('refuses before closing time, says when, and records who, when and minutes early', () => {
    const sid = setup();
    walkTo(17, 13);
    const e = refusal(() => count(sid));
    expect(e.code).toBe('TILL_EARLY_SETTLEMENT');
    expect(e.message_zh).toContain('18:00');
    expect(e.message_zh).toContain('还需 47 分钟');
    expect(e.message_zh).toContain('值班经理');
    expect(e.message_en).toContain('47 min to go');
    expect(e.detail?.minutesEarly).toBe(47);
    const ev = events();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ outcome: 'refused', block: 'before_close', staff_no: 'C001', minutes_early: 47, session_id: sid, at: f.clock.now() });
    expect(f.events.some((x) => x.kind === 'till.settlement_refused')).toBe(true);
    // settle() itself is refused too, and recorded again.
    expect(refusal(() => f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'settle-key-1' })).code).toBe('TILL_EARLY_SETTLEMENT');
    expect(events()).toHaveLength(2);
  });

  it('allows settlement exactly at closing time', () => {
    const sid = setup();
    walkTo(18, 0);
    count(sid);
    const r = f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'settle-key-1' });
    expect(r.varianceFen).toBe(0);
    expect(r.earlyApprovalId).toBeNull();
    expect(events()).toHaveLength(0);
  });

  it('a holiday with shortened hours (dated exception) moves closing time', () => {
    const sid = setup({ calendar: { timeZone: 'Asia/Shanghai', weekly: weekly(), exceptions: [{ date: '2025-03-03', hours: { open: '09:00', close: '15:00' }, note: '节前' }] } });
    walkTo(14, 59);
    const e = refusal(() => count(sid));
    expect(e.message_zh).toContain('15:00');
    expect(e.detail?.minutesEarly).toBe(1);
    walkTo(15, 0);
    expect(() => count(sid)).not.toThrow();
  });

  it('a closed holiday has no closing time to wait for', () => {
    const sid = setup({ calendar: { weekly: weekly(), exceptions: [{ date: '2025-03-03', hours: null }] } });
    expect(() => count(sid)).not.toThrow();
  });

  it('special (extended) hours keep the till open later; other dates are unaffected', () => {
    const sid = setup({ calendar: { weekly: weekly(), exceptions: [{ date: '2025-03-03', hours: { open: '09:00', close: '20:00' } }, { date: '2025-03-04', hours: null }] } });
    walkTo(18, 30);
    const e = refusal(() => count(sid));
    expect(e.message_zh).toContain('20:00');
    expect(e.detail?.minutesEarly).toBe(90);
  });

  it('refuses while a journey is open at the counter, even after closing time', () => {
    const sid = setup();
    walkTo(18, 30);
    f.journeys.set('T01', 1);
    const e = refusal(() => count(sid));
    expect(e.code).toBe('TILL_OPEN_JOURNEY');
    expect(e.message_zh).toContain('办结');
    expect(events()[0]).toMatchObject({ outcome: 'refused', block: 'open_journey', open_journeys: 1 });
    f.journeys.set('T01', 0);
    expect(() => count(sid)).not.toThrow();
  });

  it('the duty manager approves early settlement with a reason; it is recorded and anchored in the settlement', () => {
    const sid = setup();
    walkTo(16, 0);
    expect(refusal(() => count(sid)).code).toBe('TILL_EARLY_SETTLEMENT');
    const id = f.till.approveEarlySettlement({ actor: 'C001', sessionId: sid, approver: creds('M001'), reasonCode: 'illness' });
    count(sid);
    const r = f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'settle-key-1' });
    expect(r.earlyApprovalId).toBe(id);
    const approved = events().filter((e) => e.outcome === 'approved');
    expect(approved).toEqual([expect.objectContaining({ approver_staff_no: 'M001', reason_code: 'illness', minutes_early: 120, staff_no: 'C001' })]);
    expect(f.till.zReport(r.zNo).approvals).toEqual([expect.objectContaining({ kind: 'early', approver: 'M001', requester: 'C001', reasonCode: 'illness', minutesEarly: 120 })]);
  });

  it('refuses the clerk approving her own early settlement, and records the attempt', () => {
    const sid = setup();
    walkTo(16, 0);
    const e = refusal(() => f.till.approveEarlySettlement({ actor: 'C001', sessionId: sid, approver: creds('C001'), reasonCode: 'illness' }));
    expect(e.code).toBe('APPROVAL_SELF');
    expect(events()).toEqual([expect.objectContaining({ outcome: 'override_refused', block: 'self_approval', approver_staff_no: 'C001' })]);
    expect(refusal(() => count(sid)).code).toBe('TILL_EARLY_SETTLEMENT');
  });

  it('refuses another clerk as approver, and a wrong password', () => {
    const sid = setup();
    walkTo(16, 0);
    expect(refusal(() => f.till.approveEarlySettlement({ actor: 'C001', sessionId: sid, approver: creds('C002'), reasonCode: 'equipment_failure' })).code).toBe('APPROVAL_ROLE');
    expect(refusal(() => f.till.approveEarlySettlement({ actor: 'C001', sessionId: sid, approver: { staffNo: 'M001', secret: 'guess' }, reasonCode: 'illness' })).code).toBe('SIGNIN_FAILED');
    expect(events().map((e) => e.block)).toEqual(['not_manager', 'bad_credentials']);
    expect(refusal(() => count(sid)).code).toBe('TILL_EARLY_SETTLEMENT');
  });

  it('reason "other" needs a text', () => {
    const sid = setup();
    expect(refusal(() => f.till.approveEarlySettlement({ actor: 'C001', sessionId: sid, approver: creds('M001'), reasonCode: 'other' })).code).toBe('TILL_EARLY_REASON_TEXT');
    expect(f.till.approveEarlySettlement({ actor: 'C001', sessionId: sid, approver: creds('A001'), reasonCode: 'other', reasonText: '停电' })).toBeGreaterThan(0);
  });
});

describe('clock guard', () => {
  it('a clock set back before the last ledger row blocks entries, approvals and settlement, and says to call the duty manager', () => {
    const sid = setup();
    walkTo(18, 30);
    f.till.recordSale({ actor: 'C001', sessionId: sid, tender: 'wechat', dueFen: 1000 });
    f.clock.changeBy(-20 * MINUTE); // 18:10: after closing, but earlier than the last row
    const e = refusal(() => count(sid));
    expect(e.code).toBe('TILL_CLOCK_ROLLBACK');
    expect(e.message_zh).toContain('值班经理');
    expect(refusal(() => f.till.recordSale({ actor: 'C001', sessionId: sid, tender: 'cash', dueFen: 100 })).code).toBe('TILL_CLOCK_ROLLBACK');
    expect(events()[0]).toMatchObject({ outcome: 'refused', block: 'clock_rollback', actor_staff_no: 'C001' });
    // A rollback cannot be approved away: the time must be corrected first.
    expect(refusal(() => f.till.approveClock({ actor: 'C001', sessionId: sid, approver: creds('M001'), reason: '核对时间' })).code).toBe('TILL_CLOCK_ROLLBACK');
    f.clock.changeBy(21 * MINUTE);
    expect(() => count(sid)).not.toThrow();
  });

  it('early approval while the clock is set back is refused, and nothing is stamped before the last row', () => {
    const sid = setup();
    walkTo(16, 0);
    f.clock.changeBy(-6 * HOUR); // 10:00: before the sale booked at 10:01
    const before = events().length;
    expect(refusal(() => f.till.approveEarlySettlement({ actor: 'C001', sessionId: sid, approver: creds('M001'), reasonCode: 'illness' })).code).toBe('TILL_CLOCK_ROLLBACK');
    expect(events()).toHaveLength(before);
    const latest = Math.max(...f.db.prepare('SELECT at FROM till_ledger').all().map((r) => (r as { at: number }).at));
    expect(f.db.prepare("SELECT COUNT(*) AS n FROM till_early_event WHERE outcome = 'approved'").get()).toEqual({ n: 0 });
    expect(latest).toBeLessThanOrEqual(MON_10_00 + 2 * MINUTE);
  });

  it('a forward change beyond the limit blocks settlement until the duty manager approves the clock (with how it was checked)', () => {
    const sid = setup();
    walkTo(15, 50);
    f.clock.changeBy(130 * MINUTE); // someone sets the clock to 18:00
    const e = refusal(() => count(sid));
    expect(e.code).toBe('TILL_CLOCK_JUMP');
    expect(e.message_zh).toContain('值班经理');
    expect(e.message_zh).toContain('2 小时 10 分');
    expect(e.detail?.jumpMinutes).toBe(130);
    // Retrying does not launder the change, nor does taking more cash.
    f.till.recordSale({ actor: 'C001', sessionId: sid, tender: 'cash', dueFen: 1000 });
    expect(refusal(() => count(sid)).code).toBe('TILL_CLOCK_JUMP');
    expect(refusal(() => f.till.approveClock({ actor: 'C001', sessionId: sid, approver: creds('C001'), reason: '核对北京时间无误' })).code).toBe('APPROVAL_SELF');
    expect(refusal(() => f.till.approveClock({ actor: 'C001', sessionId: sid, approver: creds('M001'), reason: ' ' })).code).toBe('TILL_CLOCK_NOTE');
    f.till.approveClock({ actor: 'C001', sessionId: sid, approver: creds('M001'), reason: '核对北京时间无误' });
    expect(() => f.till.submitCount({ actor: 'C001', sessionId: sid, cash: piecesFor(54_000) })).not.toThrow();
    const r = f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'settle-after-clock' });
    expect(events().map((x) => x.outcome)).toEqual(['refused', 'refused', 'override_refused', 'clock_approved']);
    const z = f.till.zReport(r.zNo);
    expect(z.approvals).toEqual([expect.objectContaining({ kind: 'clock', approver: 'M001', requester: 'C001', reasonText: '核对北京时间无误' })]);
  });

  it('the ratchet: three restarts each 115 minutes later (each under the 120-minute limit) add up and block settlement', () => {
    f = makeTill({}, MON_10_00 + 3 * HOUR); // opens at 13:00
    const s = f.till.openSession({ counterId: 'T01', clerkStaffNo: 'C001', float: FLOAT_500 });
    for (let i = 0; i < 3; i++) {
      f.clock.advance(30_000); // the restart itself
      f.clock.changeBy(115 * MINUTE); // the clock comes back 115 minutes later
      f.reopen();
      f.till.recordCashIn({ actor: 'C001', sessionId: s.id, amountFen: 1, reason: '零钱' });
    }
    // 18:45 by the wall clock: after closing, but 345 minutes of it were never lived.
    expect(f.clock.now()).toBeGreaterThan(MON_10_00 + 8 * HOUR + 44 * MINUTE);
    const e = refusal(() => f.till.submitCount({ actor: 'C001', sessionId: s.id, cash: piecesFor(50_000) }));
    expect(e.code).toBe('TILL_CLOCK_JUMP');
    expect(e.detail?.jumpMinutes).toBe(230); // flagged at the second step already
    expect(refusal(() => f.till.settle({ actor: 'C001', sessionId: s.id, idempotencyKey: 'ratchet-settle' })).code).toBe('TILL_CLOCK_JUMP');
    const changes = f.db.prepare("SELECT kind, delta_ms FROM till_clock_event WHERE kind = 'changed' ORDER BY id").all() as { kind: string; delta_ms: number }[];
    expect(changes.map((c) => Math.round(c.delta_ms / MINUTE))).toEqual([115, 115, 115]);
    expect(events().filter((x) => x.outcome === 'refused').map((x) => x.block)).toEqual(['clock_jump', 'clock_jump']);
  });

  it('a reboot while the till is open counts its unexplained gap; a reboot before opening does not', () => {
    f = makeTill({}, MON_10_00);
    f.till.observeClock('T01');
    f.clock.reboot(14 * HOUR); // overnight, no till open: recorded, not counted
    f.till.observeClock('T01');
    const s = f.till.openSession({ counterId: 'T01', clerkStaffNo: 'C001', float: FLOAT_500 });
    f.clock.advance(HOUR);
    f.till.observeClock('T01');
    f.clock.reboot(3 * HOUR); // a power cut of three hours with the till open
    const obs = f.till.observeClock('T01');
    expect(obs).toMatchObject({ state: 'suspect', cause: 'forward' });
    const reboots = f.db.prepare("SELECT delta_ms FROM till_clock_event WHERE kind = 'reboot' ORDER BY id").all() as { delta_ms: number }[];
    expect(reboots.map((r) => r.delta_ms)).toEqual([14 * HOUR, 3 * HOUR]);
    expect(f.till.clockState('T01')).toMatchObject({ state: 'suspect', forwardMs: 3 * HOUR });
    void s;
  });

  it('time that passes while the app is closed (same boot) is no change at all', () => {
    const sid = setup();
    f.clock.advance(7 * HOUR + 59 * MINUTE); // lunch, the app closed, the PC on: 18:00
    f.reopen();
    expect(() => count(sid)).not.toThrow();
    expect(f.db.prepare("SELECT COUNT(*) AS n FROM till_clock_event WHERE kind = 'changed'").get()).toEqual({ n: 0 });
  });

  it('a quiet afternoon observed by the heartbeat is not a jump', () => {
    const sid = setup();
    walkTo(18, 0);
    expect(() => count(sid)).not.toThrow();
  });
});

function weekly(): Record<string, { open: string; close: string }> {
  const h = { open: '09:00', close: '18:00' };
  return { mon: h, tue: h, wed: h, thu: h, fri: h, sat: h, sun: h };
}
