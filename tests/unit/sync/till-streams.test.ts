/**
 * The till's records as the hall receives them (base/contract/replication.ts): the ledger with its
 * actor and note columns, counts, takeovers, recount / offline approvals, the clock guard's events,
 * early events with the owner and the actor, the settlement with whose till, who settled, the
 * audit head and the time's source — every row in the contract's shape, and not one typed word.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BatchSchema, STREAMS } from '../../../base/contract/replication';
import { Outbox } from '../../../electron/core/sync/outbox';
import { putFreeText } from '../../../electron/core/privacy/freeTextStore';
import { HallTime } from '../../../electron/core/time/hallTime';
import { creds, FLOAT_500, HOUR, makeTill, MINUTE, MON_10_00, piecesFor, type TillFixture } from '../till/fixture';

let f: TillFixture;
afterEach(() => f.close());

const TYPED = ['网络中断已核对北京时间', '点钞时数错了一张', '王丽身体不适先走了', '袋号XYZ-778'];

describe('the till’s streams', () => {
  it('every till record reaches the outbox in the contract’s shape, without typed text', () => {
    let enrolled = true;
    let answering = true;
    const hall = new HallTime({ now: () => 0, monotonic: () => f.clock.monotonic() }, () => enrolled);
    f = makeTill({}, MON_10_00, { timeAuthority: hall });
    const say = () => answering && hall.heard(f.clock.now(), hall.mark());
    say();
    const s = f.till.openSession({ counterId: 'T01', clerkStaffNo: 'C001', float: FLOAT_500 });
    f.clock.advance(MINUTE);
    f.till.recordSale({ actor: 'C001', sessionId: s.id, tender: 'cash', dueFen: 3000, tenderedFen: 5000, journeyRef: 'J1' });
    f.till.recordDrop({ actor: 'C001', sessionId: s.id, amountFen: 10_000, bagNo: TYPED[3]! });
    // The clerk goes home ill; the duty manager takes the counter over.
    f.till.takeOver(s.id, 'M001', putFreeText(f.db, 'staff.takeover_reason', TYPED[2]!, f.clock.now()));
    // Wall clock changes within the boot (inside the allowed skew): clock events.
    f.clock.changeBy(90_000);
    f.till.observeClock('T01');
    f.clock.changeBy(-90_000);
    for (let m = 0; m < 8 * 6; m++) {
      f.clock.advance(10 * MINUTE);
      say();
      f.till.observeClock('T01');
    }
    expect(f.till.now()).toBeGreaterThan(MON_10_00 + 8 * HOUR);
    answering = false;
    hall.unreachable();
    f.till.approveOffline({ sessionId: s.id, approver: creds('A001'), reason: TYPED[0]!, actor: 'M001' });
    f.till.submitCount({ actor: 'M001', sessionId: s.id, cash: piecesFor(42_000) });
    f.till.approveRecount({ sessionId: s.id, approver: creds('A001'), reason: TYPED[1]!, actor: 'M001' });
    f.till.submitCount({ actor: 'M001', sessionId: s.id, cash: piecesFor(43_000) });
    const r = f.till.settle({ actor: 'M001', sessionId: s.id, idempotencyKey: 'settle-streams-1' });
    enrolled = false;

    const o = new Outbox(f.db, () => f.clock.now());
    while (o.capture().more);
    const rows: Record<string, Record<string, unknown>[]> = {};
    for (const stream of STREAMS) {
      const p = o.pending(stream, 2000);
      rows[stream] = p.rows.map((x) => x.data);
      if (p.rows.length === 0) continue;
      const parsed = BatchSchema.safeParse({ protocol: 1, counter: 1, stream, rows: p.rows });
      expect(parsed.success, `${stream}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
    }
    expect(rows.ledger!.map((l) => [l.kind, l.staff_no, l.actor_staff_no])).toEqual([['float', 'C001', 'C001'], ['sale', 'C001', 'C001'], ['drop', 'C001', 'C001']]);
    expect(rows.ledger![2]!.note_id).toEqual(expect.any(Number));
    expect(rows.count!.map((c) => [c.attempt_no, c.actor_staff_no, c.counted_fen, c.expected_fen, c.variance_fen])).toEqual([[1, 'M001', 42_000, 43_000, -1000], [2, 'M001', 43_000, 43_000, 0]]);
    expect(rows.count![0]!.cash).toMatchObject(piecesFor(42_000));
    expect(rows.takeover!).toMatchObject([{ session_id: s.id, owner_staff_no: 'C001', taker_staff_no: 'M001', note_id: expect.any(Number) }]);
    expect(rows.approval!.map((a) => [a.kind, a.actor_staff_no, a.approver_staff_no])).toEqual([['offline', 'M001', 'A001'], ['recount', 'M001', 'A001']]);
    expect(rows.approval![1]!.after_attempt).toBe(1);
    expect(rows.clock_event!.map((e) => e.kind)).toEqual(['changed', 'changed']);
    expect(rows.settlement!).toMatchObject([{
      session_id: s.id, z_no: r.zNo, owner: 'C001', settled_by: 'M001', count_attempts: 2, time_source: 'hall', offline_approval_id: r.offlineApprovalId,
    }]);
    // Typed words stay on the counter (free_text, purgeable); only their ids travel.
    const all = JSON.stringify(rows);
    for (const t of TYPED) expect(all).not.toContain(t);
  });
});
