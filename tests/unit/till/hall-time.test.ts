/**
 * The till on the hall's time (electron/core/time/hallTime.ts as its authority): moving this PC's
 * clock gains nothing while the hall answers, the allowed skew is a setting, switching to the
 * hall's time is no rollback, and a counter enrolled with a hall that cannot be reached settles
 * only with the duty manager's approval, which the Z report prints.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { refusal } from '../../helpers/refusal';
import { HallTime } from '../../../electron/core/time/hallTime';
import { zReportDoc } from '../../../electron/core/wiring/zReport';
import { previewText } from '../../../native/printer/preview';
import { creds, FLOAT_500, HOUR, makeTill, MINUTE, MON_10_00, piecesFor, type TillFixture } from './fixture';

let f: TillFixture;
afterEach(() => f.close());

/** A hall whose clock is the test's "true" time; `enrolled` and whether it answers are the test's to set. */
function hallAt(trueNow: () => number) {
  let enrolled = true;
  let clockOf: (() => ReturnType<TillFixture['clock']['monotonic']>) | null = null;
  const time = new HallTime({ now: () => 0, monotonic: () => clockOf!() }, () => enrolled);
  return {
    time,
    bind(fx: TillFixture) {
      clockOf = () => fx.clock.monotonic();
    },
    answer() {
      time.heard(trueNow(), time.mark());
    },
    away() {
      time.unreachable();
    },
    leave() {
      enrolled = false;
    },
  };
}

function setup(settings: Record<string, unknown> = {}) {
  // The "true" time advances with the PC's monotonic clock: the hall is right, the PC's wall clock may not be.
  let base = MON_10_00;
  let monoAtBase = 0;
  const hall = hallAt(() => base + (f.clock.monotonic().uptimeMs - monoAtBase));
  f = makeTill(settings, MON_10_00, { timeAuthority: hall.time });
  hall.bind(f);
  base = MON_10_00;
  monoAtBase = f.clock.monotonic().uptimeMs;
  hall.answer();
  const s = f.till.openSession({ counterId: 'T01', clerkStaffNo: 'C001', float: FLOAT_500 });
  f.clock.advance(MINUTE);
  f.till.recordSale({ actor: 'C001', sessionId: s.id, tender: 'cash', dueFen: 3000, tenderedFen: 5000, journeyRef: 'J1' });
  return { sid: s.id, hall };
}

/** Time passes to hh:mm (Shanghai), observed every ten minutes, the hall answering as the sync loop would. */
function walkTo(hall: ReturnType<typeof hallAt>, hh: number, mm: number, answering = true): void {
  const target = MON_10_00 + (hh - 10) * HOUR + mm * MINUTE;
  while (f.clock.now() + 10 * MINUTE < target) {
    f.clock.advance(10 * MINUTE);
    if (answering) hall.answer();
    f.till.observeClock('T01');
  }
  f.clock.set(target);
  if (answering) hall.answer();
  f.till.observeClock('T01');
}

const count = (sid: number) => f.till.submitCount({ actor: 'C001', sessionId: sid, cash: piecesFor(53_000) });

describe('the till on the hall’s time', () => {
  it('moving the PC’s clock past closing gains nothing while the hall answers: skew flagged, then still early', () => {
    const { sid, hall } = setup();
    walkTo(hall, 16, 30);
    expect(f.till.clockState('T01')).toMatchObject({ state: 'ok', source: 'hall' });
    f.clock.changeBy(2 * HOUR); // the clerk sets the PC to 18:30
    hall.answer();
    f.till.observeClock('T01');
    expect(f.till.now()).toBeLessThan(MON_10_00 + 7 * HOUR); // the till still says 16:30
    const skew = refusal(() => count(sid));
    expect(skew.code).toBe('TILL_CLOCK_JUMP');
    expect(skew.message_zh).toContain('营业厅服务器');
    expect(f.till.clockState('T01')).toMatchObject({ state: 'suspect', cause: 'skew', source: 'hall' });
    // The duty manager checks the clock (accepting the skew): the early-closing lock still reads the hall's 16:30.
    f.till.approveClock({ sessionId: sid, approver: creds('M001'), reason: '已与营业厅服务器时间核对', actor: 'C001' });
    const early = refusal(() => count(sid));
    expect(early.code).toBe('TILL_EARLY_SETTLEMENT');
    expect(early.detail?.minutesEarly).toBe(90);
    const refusals = f.till.earlyEvents(0, Number.MAX_SAFE_INTEGER).filter((e) => e.outcome === 'refused').map((e) => e.block);
    expect(refusals).toEqual(['clock_jump', 'before_close']);
  });

  it('the allowed skew is a setting (till.maxClockSkewMinutes, default 2)', () => {
    let { hall } = setup({ maxClockSkewMinutes: 5 });
    f.clock.changeBy(3 * MINUTE);
    hall.answer();
    expect(f.till.observeClock('T01').state).toBe('ok');
    f.clock.changeBy(3 * MINUTE);
    expect(f.till.observeClock('T01')).toMatchObject({ state: 'suspect', cause: 'skew' });
    f.close();
    ({ hall } = setup());
    f.clock.changeBy(3 * MINUTE);
    hall.answer();
    expect(f.till.observeClock('T01')).toMatchObject({ state: 'suspect', cause: 'skew' });
  });

  it('rows written on a PC clock a little ahead, then the hall answers: no rollback', () => {
    f = makeTill({}, MON_10_00);
    // A hall 60 s behind this PC that has not answered yet.
    const hall = hallAt(() => f.clock.now() - 60_000);
    f.close();
    f = makeTill({}, MON_10_00, { timeAuthority: hall.time });
    hall.bind(f);
    hall.away();
    const s = f.till.openSession({ counterId: 'T01', clerkStaffNo: 'C001', float: FLOAT_500 });
    f.till.recordSale({ actor: 'C001', sessionId: s.id, tender: 'cash', dueFen: 3000, tenderedFen: 5000, journeyRef: 'J1' });
    hall.answer();
    expect(f.till.clockState('T01')).toMatchObject({ state: 'ok', source: 'hall' });
    f.till.recordSale({ actor: 'C001', sessionId: s.id, tender: 'cash', dueFen: 1000, journeyRef: 'J2' });
    expect(f.till.observeClock('T01').state).toBe('ok');
  });

  it('the hall unreachable at the count: refused and recorded, the duty manager approves, the Z report says so', () => {
    const { sid, hall } = setup();
    walkTo(hall, 18, 5);
    hall.away();
    const e = refusal(() => count(sid));
    expect(e.code).toBe('TILL_HALL_UNREACHABLE');
    expect(e.message_zh).toContain('连不上营业厅服务器');
    expect(e.message_en).toContain('hall server cannot be reached');
    expect(f.till.earlyEvents(0, Number.MAX_SAFE_INTEGER).at(-1)).toMatchObject({ outcome: 'refused', block: 'hall_unreachable', staff_no: 'C001', actor_staff_no: 'C001' });
    // The clerk cannot approve her own settlement; a wrong password is kept as evidence too.
    expect(refusal(() => f.till.approveOffline({ sessionId: sid, approver: creds('C001'), reason: '网络中断', actor: 'C001' })).code).toBe('APPROVAL_SELF');
    expect(refusal(() => f.till.approveOffline({ sessionId: sid, approver: { staffNo: 'M001', secret: 'wrong' }, reason: '网络中断', actor: 'C001' })).code).toBe('SIGNIN_FAILED');
    expect(f.till.earlyEvents(0, Number.MAX_SAFE_INTEGER).filter((x) => x.outcome === 'override_refused').map((x) => x.reason_code)).toEqual(['offline', 'offline']);
    const id = f.till.approveOffline({ sessionId: sid, approver: creds('M001'), reason: '网络中断，已与北京时间核对', actor: 'C001' });
    expect(f.events.some((x) => x.kind === 'till.offline_approved')).toBe(true);
    count(sid);
    const r = f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'settle-offline-1' });
    expect(r.offlineApprovalId).toBe(id);
    // The hall's last answer still carries the time (same boot, minutes old): the source is the hall's.
    expect(r.timeSource).toBe('hall');
    const z = f.till.zReport(r.zNo);
    expect(z.time).toEqual({ source: 'hall', offline: true });
    expect(z.approvals.map((a) => [a.kind, a.approver, a.requester, a.reasonText])).toContainEqual(['offline', 'M001', 'C001', '网络中断，已与北京时间核对']);
    const paper = previewText(zReportDoc(z, { hallName: '示范营业厅' })).join('\n');
    expect(paper).toContain('时间来源');
    expect(paper).toContain('大厅服务器不可达，经值班经理审批结账');
    expect(paper).toContain('大厅服务器不可达时结账');
  });

  it('a counter not enrolled with a hall settles on its checked local clock, as before', () => {
    const { sid, hall } = setup();
    walkTo(hall, 18, 5);
    hall.leave();
    hall.away();
    count(sid);
    const r = f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'settle-local-1' });
    expect(r.offlineApprovalId).toBeNull();
    expect(f.till.zReport(r.zNo).time).toEqual({ source: 'hall', offline: false });
  });
});
