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
  f.till.recordSale({ sessionId: s.id, tender: 'cash', dueFen: 3000, tenderedFen: 5000, journeyRef: 'J1' });
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

const count = (sid: number): unknown => f.till.submitCount({ sessionId: sid, cash: piecesFor(53_000) });
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
    expect(e.message_en).toContain('47 more minutes');
    expect(e.detail?.minutesEarly).toBe(47);
    const ev = events();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ outcome: 'refused', block: 'before_close', staff_no: 'C001', minutes_early: 47, session_id: sid, at: f.clock.now() });
    expect(f.events.some((x) => x.kind === 'till.settlement_refused')).toBe(true);
    // settle() itself is refused too, and recorded again.
    expect(refusal(() => f.till.settle({ sessionId: sid, idempotencyKey: 'settle-key-1' })).code).toBe('TILL_EARLY_SETTLEMENT');
    expect(events()).toHaveLength(2);
  });

  it('allows settlement exactly at closing time', () => {
    const sid = setup();
    walkTo(18, 0);
    count(sid);
    const r = f.till.settle({ sessionId: sid, idempotencyKey: 'settle-key-1' });
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
    const id = f.till.approveEarlySettlement({ sessionId: sid, approver: creds('M001'), reasonCode: 'illness' });
    count(sid);
    const r = f.till.settle({ sessionId: sid, idempotencyKey: 'settle-key-1' });
    expect(r.earlyApprovalId).toBe(id);
    const approved = events().filter((e) => e.outcome === 'approved');
    expect(approved).toEqual([expect.objectContaining({ approver_staff_no: 'M001', reason_code: 'illness', minutes_early: 120, staff_no: 'C001' })]);
    expect(f.till.zReport(r.zNo).approvals.early).toMatchObject({ approver: 'M001', reasonCode: 'illness', minutesEarly: 120 });
  });

  it('refuses the clerk approving her own early settlement, and records the attempt', () => {
    const sid = setup();
    walkTo(16, 0);
    const e = refusal(() => f.till.approveEarlySettlement({ sessionId: sid, approver: creds('C001'), reasonCode: 'illness' }));
    expect(e.code).toBe('APPROVAL_SELF');
    expect(events()).toEqual([expect.objectContaining({ outcome: 'override_refused', block: 'self_approval', approver_staff_no: 'C001' })]);
    expect(refusal(() => count(sid)).code).toBe('TILL_EARLY_SETTLEMENT');
  });

  it('refuses another clerk as approver, and a wrong password', () => {
    const sid = setup();
    walkTo(16, 0);
    expect(refusal(() => f.till.approveEarlySettlement({ sessionId: sid, approver: creds('C002'), reasonCode: 'equipment_failure' })).code).toBe('APPROVAL_ROLE');
    expect(refusal(() => f.till.approveEarlySettlement({ sessionId: sid, approver: { staffNo: 'M001', secret: 'guess' }, reasonCode: 'illness' })).code).toBe('SIGNIN_FAILED');
    expect(events().map((e) => e.block)).toEqual(['not_manager', 'bad_credentials']);
    expect(refusal(() => count(sid)).code).toBe('TILL_EARLY_SETTLEMENT');
  });

  it('reason "other" needs a text', () => {
    const sid = setup();
    expect(refusal(() => f.till.approveEarlySettlement({ sessionId: sid, approver: creds('M001'), reasonCode: 'other' })).code).toBe('TILL_EARLY_REASON_TEXT');
    expect(f.till.approveEarlySettlement({ sessionId: sid, approver: creds('A001'), reasonCode: 'other', reasonText: '停电' })).toBeGreaterThan(0);
  });
});

describe('clock guard', () => {
  it('a clock set back before the last ledger row blocks entries and settlement, and says to call the duty manager', () => {
    const sid = setup();
    walkTo(18, 30);
    f.till.recordSale({ sessionId: sid, tender: 'wechat', dueFen: 1000 });
    f.clock.advance(-20 * MINUTE); // 18:10: after closing, but earlier than the last row
    const e = refusal(() => count(sid));
    expect(e.code).toBe('TILL_CLOCK_ROLLBACK');
    expect(e.message_zh).toContain('值班经理');
    expect(refusal(() => f.till.recordSale({ sessionId: sid, tender: 'cash', dueFen: 100 })).code).toBe('TILL_CLOCK_ROLLBACK');
    expect(events()[0]).toMatchObject({ outcome: 'refused', block: 'clock_rollback' });
    // A rollback cannot be approved away: the time must be corrected first.
    expect(refusal(() => f.till.approveClock({ sessionId: sid, approver: creds('M001') })).code).toBe('TILL_CLOCK_ROLLBACK');
    f.clock.advance(21 * MINUTE);
    expect(() => count(sid)).not.toThrow();
  });

  it('a forward jump beyond the setting blocks settlement until the duty manager approves the clock', () => {
    const sid = setup({ maxClockJumpMinutes: 30 });
    walkTo(17, 0);
    f.clock.advance(65 * MINUTE); // someone sets the clock to 18:05
    const e = refusal(() => count(sid));
    expect(e.code).toBe('TILL_CLOCK_JUMP');
    expect(e.message_zh).toContain('值班经理');
    expect(e.detail?.jumpMinutes).toBe(65);
    // Retrying does not launder the jump, nor does taking more cash.
    f.till.recordSale({ sessionId: sid, tender: 'cash', dueFen: 1000 });
    expect(refusal(() => count(sid)).code).toBe('TILL_CLOCK_JUMP');
    expect(refusal(() => f.till.approveClock({ sessionId: sid, approver: creds('C001') })).code).toBe('APPROVAL_SELF');
    f.till.approveClock({ sessionId: sid, approver: creds('M001'), note: '核对北京时间无误' });
    expect(() => f.till.submitCount({ sessionId: sid, cash: piecesFor(54_000) })).not.toThrow();
    expect(events().map((x) => x.outcome)).toEqual(['refused', 'refused', 'override_refused', 'clock_approved']);
  });

  it('a quiet afternoon observed by the heartbeat is not a jump', () => {
    const sid = setup({ maxClockJumpMinutes: 30 });
    walkTo(18, 0);
    expect(() => count(sid)).not.toThrow();
  });
});

function weekly(): Record<string, { open: string; close: string }> {
  const h = { open: '09:00', close: '18:00' };
  return { mon: h, tue: h, wed: h, thu: h, fri: h, sat: h, sun: h };
}
