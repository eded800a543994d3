/** Blind count, tolerance and approval, recount, idempotent settlement, Z report, handover. */
import { afterEach, describe, expect, it } from 'vitest';
import { refusal } from '../../helpers/refusal';
import { creds, FLOAT_500, HOUR, makeTill, piecesFor, type TillFixture } from './fixture';

let f: TillFixture;
afterEach(() => f.close());

/** A day at counter T01: float 500, cash sale 30 (paid 50), wechat 88, refund 5 cash, drop 200, items. */
function day(settings: Record<string, unknown> = { toleranceFen: 200 }): number {
  f = makeTill(settings);
  const s = f.till.openSession({ counterId: 'T01', clerkStaffNo: 'C001', float: FLOAT_500, items: { sim_card: 20, value_card: 10, invoice_paper: 100 } });
  const sid = s.id;
  f.till.recordSale({ actor: 'C001', sessionId: sid, tender: 'cash', dueFen: 3000, tenderedFen: 5000, journeyRef: 'J1' });
  f.till.recordSale({ actor: 'C001', sessionId: sid, tender: 'wechat', dueFen: 8800, journeyRef: 'J2' });
  f.till.recordRefund({ actor: 'C001', sessionId: sid, tender: 'cash', amountFen: 500, reason: '多收退还', journeyRef: 'J3' });
  f.till.recordDrop({ actor: 'C001', sessionId: sid, amountFen: 20_000, bagNo: 'BAG-0007' });
  f.till.useItem({ sessionId: sid, item: 'sim_card', qty: 2, journeyRef: 'J1', actor: 'C001' });
  f.till.useItem({ sessionId: sid, item: 'invoice_paper', qty: 3, journeyRef: 'J2', actor: 'C001' });
  f.clock.advance(9 * HOUR); // 19:00, after closing (no heartbeat needed: jump check is off here)
  return sid;
}
// expected = 50000 + 3000 - 500 - 20000 = 32500
const EXPECTED = 32_500;

describe('blind count', () => {
  it('the clerk view carries no expected cash (nor sums) before the count; after it, the result', () => {
    const sid = day({ maxClockJumpMinutes: 24 * 60 });
    const before = f.till.clerkView(sid);
    const text = JSON.stringify(before);
    expect(text).not.toMatch(/expected/i);
    expect(text).not.toContain(String(EXPECTED));
    expect(before.lastCount).toBeUndefined();
    expect(f.till.managerView(sid).expectedCashFen).toBe(EXPECTED);

    const r = f.till.submitCount({ actor: 'C001', sessionId: sid, cash: piecesFor(EXPECTED - 300), items: { sim_card: 18, value_card: 10, invoice_paper: 96 } });
    expect(r).toMatchObject({ expectedFen: EXPECTED, countedFen: EXPECTED - 300, varianceFen: -300, varianceKind: 'short', withinTolerance: true, countedBy: 'C001' });
    expect(r.items.find((i) => i.item === 'invoice_paper')).toEqual({ item: 'invoice_paper', opening: 100, used: 3, expected: 97, counted: 96, difference: -1 });
    expect(f.till.clerkView(sid).lastCount?.expectedFen).toBe(EXPECTED);
  });
});

describe('tolerance and approval', () => {
  it('within tolerance the clerk settles alone', () => {
    const sid = day({ toleranceFen: 200, maxClockJumpMinutes: 24 * 60 });
    f.till.submitCount({ actor: 'C001', sessionId: sid, cash: piecesFor(EXPECTED + 200) });
    const r = f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'k-000000001' });
    expect(r).toMatchObject({ varianceFen: 200, varianceKind: 'over', varianceApprover: null, expectedFen: EXPECTED });
  });

  it('beyond tolerance: refused without approval, refused by the clerk herself, recount or duty manager', () => {
    const sid = day({ toleranceFen: 200, maxClockJumpMinutes: 24 * 60 });
    f.till.submitCount({ actor: 'C001', sessionId: sid, cash: piecesFor(EXPECTED - 1000) });
    const e = refusal(() => f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'k-000000001' }));
    expect(e.code).toBe('TILL_VARIANCE_NEEDS_APPROVAL');
    expect(e.message_zh).toContain('短款 10.00 元');
    expect(refusal(() => f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'k-000000001', varianceApprover: creds('C001') })).code).toBe('APPROVAL_SELF');
    expect(refusal(() => f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'k-000000001', varianceApprover: creds('C002') })).code).toBe('APPROVAL_ROLE');
    // The blind count is final: a recount needs the duty manager, and both counts are kept.
    expect(refusal(() => f.till.submitCount({ actor: 'C001', sessionId: sid, cash: piecesFor(EXPECTED - 800) })).code).toBe('TILL_COUNT_FINAL');
    expect(refusal(() => f.till.approveRecount({ actor: 'C001', sessionId: sid, approver: creds('C001'), reason: '重新清点' })).code).toBe('APPROVAL_SELF');
    f.till.approveRecount({ actor: 'C001', sessionId: sid, approver: creds('M001'), reason: '一沓百元券漏点' });
    f.till.submitCount({ actor: 'C001', sessionId: sid, cash: piecesFor(EXPECTED - 800) });
    expect(refusal(() => f.till.submitCount({ actor: 'C001', sessionId: sid, cash: piecesFor(EXPECTED) })).code).toBe('TILL_COUNT_FINAL');
    const r = f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'k-000000001', varianceApprover: creds('M001') });
    expect(r).toMatchObject({ varianceFen: -800, varianceApprover: 'M001', countAttempts: 2 });
    expect(f.till.managerView(sid).counts.map((c) => c.varianceFen)).toEqual([-1000, -800]);
    const z = f.till.zReport(r.zNo);
    expect(z.counts.map((c) => [c.attemptNo, c.by, c.varianceFen])).toEqual([[1, 'C001', -1000], [2, 'C001', -800]]);
    expect(z.approvals.map((a) => [a.kind, a.approver, a.reasonText])).toEqual([['recount', 'M001', '一沓百元券漏点'], ['variance', 'M001', null]]);
  });

  it('after the count nothing is typed into the drawer; a journey sale still posts, and then settlement asks for an approved recount', () => {
    const sid = day({ maxClockJumpMinutes: 24 * 60 });
    f.till.submitCount({ actor: 'C001', sessionId: sid, cash: piecesFor(EXPECTED) });
    expect(refusal(() => f.till.recordCashIn({ actor: 'C001', sessionId: sid, amountFen: 100, reason: '补零钱' })).code).toBe('TILL_COUNTED');
    f.till.recordSale({ actor: 'C001', sessionId: sid, tender: 'cash', dueFen: 1000, journeyRef: 'J-late' });
    expect(refusal(() => f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'k-000000001' })).code).toBe('TILL_RECOUNT');
    expect(refusal(() => f.till.submitCount({ actor: 'C001', sessionId: sid, cash: piecesFor(EXPECTED + 1000) })).code).toBe('TILL_COUNT_FINAL');
    f.till.approveRecount({ actor: 'C001', sessionId: sid, approver: creds('M001'), reason: '点钞后来了一位客户' });
    f.till.submitCount({ actor: 'C001', sessionId: sid, cash: piecesFor(EXPECTED + 1000) });
    expect(f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'k-000000001' }).countAttempts).toBe(2);
    expect(refusal(() => f.till.settle({ actor: 'C001', sessionId: 999, idempotencyKey: 'k-000000002' })).code).toBe('TILL_NO_SESSION');
  });
});

describe('settlement record', () => {
  it('is written once: a second attempt (same or new key) returns the first result', () => {
    const sid = day({ maxClockJumpMinutes: 24 * 60 });
    f.till.submitCount({ actor: 'C001', sessionId: sid, cash: piecesFor(EXPECTED) });
    const a = f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'k-000000001' });
    f.clock.advance(HOUR);
    const b = f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'k-000000001' });
    const c = f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'k-000000009' });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect((f.db.prepare('SELECT COUNT(*) AS n FROM till_settlement').get() as { n: number }).n).toBe(1);
    expect(refusal(() => f.till.recordSale({ actor: 'C001', sessionId: sid, tender: 'cash', dueFen: 100 })).code).toBe('TILL_SESSION_SETTLED');
    // The anchor is the chain head at settlement.
    const head = f.db.prepare('SELECT seq, hash FROM till_ledger ORDER BY seq DESC LIMIT 1').get();
    expect(a.ledgerHead).toEqual(head);
  });

  it('Z numbers never reset; the report has the day and counts its copies; a reprint names the duty manager', () => {
    const sid = day({ maxClockJumpMinutes: 24 * 60 });
    f.till.submitCount({ actor: 'C001', sessionId: sid, cash: piecesFor(EXPECTED), items: { sim_card: 18, value_card: 10, invoice_paper: 97 } });
    const r1 = f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'k-000000001' });
    const z = f.till.recordZPrint({ zNo: r1.zNo, staffNo: 'C001', approvedBy: null });
    expect(z.copy).toEqual({ copyNo: 0, reprint: false });
    expect(z.float.fen).toBe(50_000);
    expect(z.cash).toMatchObject({ salesFen: 3000, tenderedFen: 5000, changeFen: 2000, refundsFen: 500, expectedFen: EXPECTED, drops: { totalFen: 20_000, bags: [expect.objectContaining({ bagNo: 'BAG-0007', amountFen: 20_000 })] } });
    expect(z.nonCash.byTender.wechat.netFen).toBe(8800);
    expect(z.nonCash.totalNetFen).toBe(8800);
    expect(z.counted.fen).toBe(EXPECTED);
    expect(z.items.every((i) => i.difference === 0)).toBe(true);

    // The approval itself is the reprint path's (one policy); the report insists on a named approver, not its clerk.
    expect(refusal(() => f.till.recordZPrint({ zNo: r1.zNo, staffNo: 'C001', approvedBy: null })).code).toBe('APPROVAL_REQUIRED');
    expect(refusal(() => f.till.recordZPrint({ zNo: r1.zNo, staffNo: 'C001', approvedBy: 'c001' })).code).toBe('APPROVAL_REQUIRED');
    const again = f.till.recordZPrint({ zNo: r1.zNo, staffNo: 'C001', approvedBy: 'M001' });
    expect(again.copy).toEqual({ copyNo: 1, reprint: true });
    expect(again.printsBefore).toBe(2);
    expect(f.events.filter((e) => e.kind === 'till.report_reprinted').map((e) => e.detail)).toEqual([expect.objectContaining({ zNo: r1.zNo, copyNo: 1, approver: 'M001' })]);

    // The next day, a new session gets the next number.
    f.clock.advance(14 * HOUR);
    const s2 = f.till.openSession({ counterId: 'T01', clerkStaffNo: 'C001', float: FLOAT_500 });
    f.clock.advance(10 * HOUR);
    f.till.submitCount({ actor: 'C001', sessionId: s2.id, cash: FLOAT_500 });
    expect(f.till.settle({ actor: 'C001', sessionId: s2.id, idempotencyKey: 'k-000000002' }).zNo).toBe(r1.zNo + 1);
  });
});

describe('handover', () => {
  it('needs a different person with the duty manager role, both confirming, once', () => {
    const sid = day({ maxClockJumpMinutes: 24 * 60 });
    const input = { sessionId: sid, amountFen: EXPECTED - 50_000 + 20_000, bagNo: 'BAG-0008', sealNo: 'SEAL-77', handedBy: creds('C001'), receivedBy: creds('M001') };
    expect(refusal(() => f.till.handover(input)).code).toBe('TILL_HANDOVER_BEFORE_SETTLEMENT');
    f.till.submitCount({ actor: 'C001', sessionId: sid, cash: piecesFor(EXPECTED) });
    const r = f.till.settle({ actor: 'C001', sessionId: sid, idempotencyKey: 'k-000000001' });
    expect(refusal(() => f.till.handover({ ...input, receivedBy: creds('C001') })).code).toBe('APPROVAL_SELF');
    expect(refusal(() => f.till.handover({ ...input, receivedBy: creds('C002') })).code).toBe('APPROVAL_ROLE');
    expect(refusal(() => f.till.handover({ ...input, handedBy: { staffNo: 'C001', secret: 'x' } })).code).toBe('SIGNIN_FAILED');
    expect(refusal(() => f.till.handover({ ...input, handedBy: creds('C002') })).code).toBe('TILL_HANDOVER_NOT_CLERK');
    expect(refusal(() => f.till.handover({ ...input, amountFen: EXPECTED + 1 })).code).toBe('TILL_HANDOVER_AMOUNT');
    const h = f.till.handover({ ...input, amountFen: 2500 });
    expect(h).toMatchObject({ handedBy: 'C001', receivedBy: 'M001', bagNo: 'BAG-0008', sealNo: 'SEAL-77' });
    expect(refusal(() => f.till.handover(input)).code).toBe('TILL_ALREADY_HANDED_OVER');
    expect(f.till.zReport(r.zNo).handover).toEqual(h);
    expect(f.events.some((e) => e.kind === 'till.handover')).toBe(true);
  });
});

describe('sessions and the ledger table', () => {
  it('one open session per counter and per clerk, enforced by the database itself', () => {
    f = makeTill();
    const s = f.till.openSession({ counterId: 'T01', clerkStaffNo: 'C001', float: FLOAT_500 });
    expect(refusal(() => f.till.openSession({ counterId: 'T01', clerkStaffNo: 'C002', float: {} })).code).toBe('TILL_SESSION_ALREADY_OPEN');
    expect(refusal(() => f.till.openSession({ counterId: 'T02', clerkStaffNo: 'C001', float: {} })).code).toBe('TILL_CLERK_ALREADY_OPEN');
    expect(() => f.db.prepare("INSERT INTO till_session (counter_id, clerk_staff_no, business_day, opened_at, float_fen, float_json, items_json) VALUES ('T01', 'C009', '2025-03-03', 0, 0, '{}', '{}')").run()).toThrow(/UNIQUE/);
    expect(s.float_fen).toBe(50_000);
  });

  it('ledger rows cannot be updated or deleted; corrections are new rows that reverse', () => {
    f = makeTill();
    const s = f.till.openSession({ counterId: 'T01', clerkStaffNo: 'C001', float: FLOAT_500 });
    const sale = f.till.recordSale({ actor: 'C001', sessionId: s.id, tender: 'cash', dueFen: 3000, tenderedFen: 10_000 });
    expect(() => f.db.prepare('UPDATE till_ledger SET amount_fen = 1 WHERE seq = ?').run(sale.seq)).toThrow(/append-only/);
    expect(() => f.db.prepare('DELETE FROM till_ledger WHERE seq = ?').run(sale.seq)).toThrow(/append-only/);
    const fix = f.till.correct({ actor: 'C001', sessionId: s.id, seq: sale.seq, reason: '金额录错' });
    expect(fix).toMatchObject({ kind: 'sale', corrects_seq: sale.seq, amount_fen: -3000, change_fen: -7000 });
    expect(refusal(() => f.till.correct({ actor: 'C001', sessionId: s.id, seq: sale.seq, reason: '再改' })).code).toBe('TILL_ALREADY_CORRECTED');
    expect(refusal(() => f.till.correct({ actor: 'C001', sessionId: s.id, seq: 1, reason: '改备用金' })).code).toBe('TILL_CORRECT_FLOAT');
    const t = f.till.sessionTotals(s.id);
    expect(t).toMatchObject({ expectedCashFen: 50_000, cashSalesFen: 0, saleChangeFen: 0, corrections: 1 });
  });

  it('refuses paying out more cash than the drawer should hold', () => {
    f = makeTill();
    const s = f.till.openSession({ counterId: 'T01', clerkStaffNo: 'C001', float: FLOAT_500 });
    const e = refusal(() => f.till.recordDrop({ actor: 'C001', sessionId: s.id, amountFen: 50_001, bagNo: 'B' }));
    expect(e.code).toBe('TILL_NOT_ENOUGH_CASH');
    expect(f.till.sessionTotals(s.id).rows).toBe(1);
  });
});
