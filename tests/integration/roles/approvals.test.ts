// Approvals through the dispatcher, as the counter makes them: early settlement (督促结账勿提前)
// and reprints need the duty manager's own credentials, typed at the clerk's counter. Nobody
// approves their own action, a clerk's PIN is not a manager's, a wrong password counts toward
// the approver's lockout, and every refusal and grant is kept as evidence.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/app';
import { ManualClock } from '../../../base/clock';
import type { EarlyEvent } from '../../../base/contract/till';
import { testCore } from '../../helpers/core';
import { FAST_SCRYPT } from '../../helpers/scrypt';
import { Caller, STAFF } from '../../helpers/counterDay';

// 2026-11-26 10:00 in Shanghai, a Thursday: the hall is open 09:00–18:00, settling now is early.
const T0 = Date.parse('2026-11-26T10:00:00+08:00');
const CLERK2 = { staffNo: '1025', name: '陈静', secret: '3690' } as const;
const FLOAT = { note_100: 2, note_50: 4, coin_1: 20 };
const FLOAT_FEN = 2 * 10000 + 4 * 5000 + 20 * 100;
const mgr = { staffNo: STAFF.manager.staffNo, secret: STAFF.manager.secret };

let core: (Core & { dataDir: string }) | null = null;
afterEach(async () => {
  if (!core) return;
  await core.close();
  fs.rmSync(core.dataDir, { recursive: true, force: true });
  core = null;
});

async function counterWithStaff(clock: ManualClock): Promise<{ core: Core & { dataDir: string }; c: Caller }> {
  const cc = await testCore({ clock, scrypt: FAST_SCRYPT });
  const c = new Caller(cc);
  await c.call('staff.createFirstAdmin', { staffNo: STAFF.admin.staffNo, name: STAFF.admin.name, password: STAFF.admin.secret });
  await c.signIn(STAFF.admin.staffNo, STAFF.admin.secret);
  await c.call('staff.create', { staffNo: STAFF.clerk.staffNo, name: STAFF.clerk.name, role: 'clerk', secret: STAFF.clerk.secret });
  await c.call('staff.create', { staffNo: CLERK2.staffNo, name: CLERK2.name, role: 'clerk', secret: CLERK2.secret });
  await c.call('staff.create', { staffNo: STAFF.manager.staffNo, name: STAFF.manager.name, role: 'duty_manager', secret: STAFF.manager.secret });
  await c.call('staff.signOut', {});
  await c.signIn(STAFF.clerk.staffNo, STAFF.clerk.secret);
  return { core: cc, c };
}

function earlyEvents(cc: Core): EarlyEvent[] {
  return cc.services.domain!.till().earlyEvents(0, Number.MAX_SAFE_INTEGER);
}

function audit(cc: Core, kindPrefix: string) {
  // Newest first.
  return cc.services.domain!.audit.query({ kindPrefix, limit: 500 }).entries;
}

function failures(cc: Core, staffNo: string): number {
  return cc.services.domain!.staff.lockout.state(staffNo).failures;
}

describe('early settlement needs the duty manager', () => {
  it('refuses the clerk herself and another clerk, grants the duty manager with a reason; every step is kept', async () => {
    const clock = new ManualClock(T0);
    const r = await counterWithStaff(clock);
    core = r.core;
    const c = r.c;
    await c.call('till.open', { float: FLOAT, items: { sim_card: 10, value_card: 5, invoice_paper: 50 } });

    // The blind count starts settlement: before 18:00 it is refused and recorded.
    const early = await c.fails('till.count', { cash: FLOAT });
    expect(early.code).toBe('TILL_EARLY_SETTLEMENT');
    expect(early.message_zh).toContain('18:00');
    expect(earlyEvents(core).map((e) => [e.outcome, e.block])).toEqual([['refused', 'before_close']]);
    expect(earlyEvents(core)[0]).toMatchObject({ staff_no: STAFF.clerk.staffNo, minutes_early: 480 });

    // Her own staff number and PIN: refused at once, and her PIN is not counted as a guess.
    const own = await c.fails('till.approveEarly', { approval: { staffNo: STAFF.clerk.staffNo, secret: STAFF.clerk.secret }, reasonCode: 'illness' });
    expect(own.code).toBe('APPROVAL_SELF');
    expect(own.message_zh).toContain('不能审批自己');
    expect(failures(core, STAFF.clerk.staffNo)).toBe(0);
    expect(earlyEvents(core).at(-1)).toMatchObject({ outcome: 'override_refused', block: 'self_approval', approver_staff_no: STAFF.clerk.staffNo, reason_code: 'illness' });
    expect(audit(core, 'till.early_override_refused')[0]).toMatchObject({
      actor: STAFF.clerk.staffNo,
      detail: { refusal: 'self_approval', approver: STAFF.clerk.staffNo, staffNo: STAFF.clerk.staffNo },
    });

    // A colleague clerk with her correct PIN is not a duty manager.
    const colleague = await c.fails('till.approveEarly', { approval: { staffNo: CLERK2.staffNo, secret: CLERK2.secret }, reasonCode: 'illness' });
    expect(colleague.code).toBe('APPROVAL_ROLE');
    expect(colleague.message_zh).toContain('不是值班经理');
    expect(failures(core, CLERK2.staffNo)).toBe(0);
    expect(earlyEvents(core).at(-1)).toMatchObject({ outcome: 'override_refused', block: 'not_manager', approver_staff_no: CLERK2.staffNo });
    expect(audit(core, 'till.early_override_refused')[0]?.detail).toMatchObject({ refusal: 'not_manager', approver: CLERK2.staffNo });

    // The duty manager mistyping: refused, counted against this counter (not his sign-in), audited without the password.
    const typo = await c.fails('till.approveEarly', { approval: { staffNo: mgr.staffNo, secret: 'manager-pass-X' }, reasonCode: 'illness' });
    expect(typo.code).toBe('SIGNIN_FAILED');
    expect(failures(core, mgr.staffNo)).toBe(0);
    expect(earlyEvents(core).at(-1)).toMatchObject({ outcome: 'override_refused', block: 'bad_credentials', approver_staff_no: mgr.staffNo });
    expect(audit(core, 'approval.refuse')[0]).toMatchObject({ actor: null, detail: { staffNo: mgr.staffNo, code: 'SIGNIN_FAILED' } });
    expect(JSON.stringify(audit(core, ''))).not.toContain('manager-pass-X');

    // Still nothing approved: the count stays refused.
    expect((await c.fails('till.count', { cash: FLOAT })).code).toBe('TILL_EARLY_SETTLEMENT');

    // The duty manager with his own password and a reason code.
    const { approvalId } = await c.call('till.approveEarly', { approval: mgr, reasonCode: 'equipment_failure' });
    expect(failures(core, mgr.staffNo)).toBe(0);
    const approved = earlyEvents(core).find((e) => e.id === approvalId);
    expect(approved).toMatchObject({ outcome: 'approved', approver_staff_no: mgr.staffNo, reason_code: 'equipment_failure', staff_no: STAFF.clerk.staffNo, minutes_early: 480 });
    expect(audit(core, 'till.early_approved')[0]).toMatchObject({ detail: { approver: mgr.staffNo, reasonCode: 'equipment_failure', staffNo: STAFF.clerk.staffNo } });

    // Now the count and the settlement go through, tied to that approval.
    const count = await c.call('till.count', { cash: FLOAT });
    expect(count.expectedFen).toBe(FLOAT_FEN);
    expect(count.varianceFen).toBe(0);
    const settled = await c.call('till.settle', { idempotencyKey: 'approvals-settle-1' });
    expect(settled.countedFen).toBe(FLOAT_FEN);
    expect(core.services.domain!.db.prepare('SELECT result_json FROM till_settlement WHERE session_id = ?').get(settled.sessionId)).toBeTruthy();

    // The duty manager's evaluation list has the whole story in order.
    expect(earlyEvents(core).map((e) => `${e.outcome}/${e.block ?? e.reason_code}`)).toEqual([
      'refused/before_close',
      'override_refused/self_approval',
      'override_refused/not_manager',
      'override_refused/bad_credentials',
      'refused/before_close',
      'approved/equipment_failure',
    ]);
    // The duty manager reads the same list through the dispatcher; the clerk may not.
    expect((await c.fails('till.earlyEvents', { from: 0, to: T0 + 86_400_000 })).code).toBe('FORBIDDEN_ROLE');
  });

  it('after the settlement the clerk hands the takings to the duty manager (her own PIN confirms)', async () => {
    const clock = new ManualClock(T0);
    const r = await counterWithStaff(clock);
    core = r.core;
    const c = r.c;
    await c.call('till.open', { float: FLOAT, items: {} });
    await c.call('till.approveEarly', { approval: mgr, reasonCode: 'management_instruction' });
    await c.call('till.count', { cash: FLOAT });
    const settled = await c.call('till.settle', { idempotencyKey: 'approvals-settle-2' });

    // The receiver must be a duty manager, not the clerk herself nor a colleague clerk.
    const base = { amountFen: FLOAT_FEN, bagNo: 'B-0042', sealNo: 'S-7781', clerkSecret: STAFF.clerk.secret };
    expect((await c.fails('till.handover', { ...base, receiver: { staffNo: STAFF.clerk.staffNo, secret: STAFF.clerk.secret } })).code).toBe('APPROVAL_SELF');
    expect((await c.fails('till.handover', { ...base, receiver: { staffNo: CLERK2.staffNo, secret: CLERK2.secret } })).code).toBe('APPROVAL_ROLE');
    expect((await c.fails('till.handover', { ...base, clerkSecret: '9999', receiver: mgr })).code).toBe('SIGNIN_FAILED');

    const done = await c.call('till.handover', { ...base, receiver: mgr });
    expect(done.zNo).toBe(settled.zNo);
    expect(done.jobId).not.toBeNull();
    expect(audit(core, 'till.handover')[0]?.detail).toMatchObject({ handedBy: STAFF.clerk.staffNo, receivedBy: mgr.staffNo, bagNo: 'B-0042' });
    // Every refusal is on record with its reason (newest first); the clerk confirming her own
    // handover grants nothing, the duty manager receiving the takings is the one grant.
    expect(audit(core, 'approval.refuse').map((e) => [e.detail.staffNo, e.detail.purpose, e.detail.code])).toEqual([
      [STAFF.clerk.staffNo, 'till.handover', 'SIGNIN_FAILED'],
      [CLERK2.staffNo, 'till.handover', 'APPROVAL_ROLE'],
      [STAFF.clerk.staffNo, 'till.handover', 'APPROVAL_SELF'],
    ]);
    expect(audit(core, 'approval.grant').map((e) => [e.actor, e.detail.purpose, e.detail.requester])).toEqual([
      [mgr.staffNo, 'till.handover', STAFF.clerk.staffNo],
      [mgr.staffNo, 'till.settle_early', STAFF.clerk.staffNo],
    ]);
  });

  it('three wrong passwords throttle approvals at this counter until the wait is over, never the duty manager\'s sign-in', async () => {
    const clock = new ManualClock(T0);
    const r = await counterWithStaff(clock);
    core = r.core;
    const c = r.c;
    await c.call('till.open', { float: FLOAT, items: {} });
    const wrong = { approval: { staffNo: mgr.staffNo, secret: 'not-his-password' }, reasonCode: 'illness' as const };
    expect((await c.fails('till.approveEarly', wrong)).code).toBe('SIGNIN_FAILED');
    expect((await c.fails('till.approveEarly', wrong)).code).toBe('SIGNIN_FAILED');
    const third = await c.fails('till.approveEarly', wrong);
    expect(third.code).toBe('APPROVAL_THROTTLED');
    expect(third.message_zh).toContain('30 秒');
    expect(failures(core, mgr.staffNo)).toBe(0);

    // The counter waits: even his right password is not checked here …
    expect((await c.fails('till.approveEarly', { approval: mgr, reasonCode: 'illness' })).code).toBe('APPROVAL_THROTTLED');
    expect(earlyEvents(core).filter((e) => e.outcome === 'approved')).toEqual([]);
    // … but nobody can lock the duty manager out of his own sign-in from an approval dialog.
    expect(core.services.domain!.staff.lockout.remainingMs(mgr.staffNo)).toBe(0);

    clock.advance(30_000);
    const { approvalId } = await c.call('till.approveEarly', { approval: mgr, reasonCode: 'illness' });
    expect(approvalId).toBeGreaterThan(0);
    expect(audit(core, 'approval.refuse').map((e) => e.detail.code)).toEqual(['APPROVAL_THROTTLED', 'APPROVAL_THROTTLED', 'SIGNIN_FAILED', 'SIGNIN_FAILED']);
  });
});

describe('a reprint needs the duty manager', () => {
  it('refuses the clerk’s own credentials and a colleague clerk’s, accepts the manager’s and marks the copy', async () => {
    const clock = new ManualClock(T0);
    const r = await counterWithStaff(clock);
    core = r.core;
    const c = r.c;
    // A printed job to reprint: the duty manager's test receipt, printed on the simulated printer.
    await c.call('staff.signOut', {});
    await c.signIn(mgr.staffNo, mgr.secret);
    const original = await c.call('printer.test', {});
    await c.call('staff.signOut', {});
    await c.signIn(STAFF.clerk.staffNo, STAFF.clerk.secret);
    expect((await core.services.domain!.printing.queue.whenSettled(original.id)).state).toBe('printed');

    const own = await c.fails('print.reprint', { jobId: original.id, approval: { staffNo: STAFF.clerk.staffNo, secret: STAFF.clerk.secret } });
    expect(own.code).toBe('APPROVAL_SELF');
    expect(own.message_zh).toContain('不能审批自己');
    expect(failures(core, STAFF.clerk.staffNo)).toBe(0);
    const colleague = await c.fails('print.reprint', { jobId: original.id, approval: { staffNo: CLERK2.staffNo, secret: CLERK2.secret } });
    expect(colleague.code).toBe('APPROVAL_ROLE');
    expect(audit(core, 'approval.refuse').map((e) => [e.detail.staffNo, e.detail.purpose, e.detail.code])).toEqual([
      [CLERK2.staffNo, 'print.reprint', 'APPROVAL_ROLE'],
      [STAFF.clerk.staffNo, 'print.reprint', 'APPROVAL_SELF'],
    ]);
    expect(core.services.domain!.printing.queue.recent(10).filter((j) => j.reprintOf !== null)).toEqual([]);

    const copy = await c.call('print.reprint', { jobId: original.id, approval: mgr, reason: '客户要求补打' });
    expect(copy).toMatchObject({ reprintOf: original.id, reprintNo: 1 });
    expect(audit(core, 'approval.grant')[0]).toMatchObject({ actor: mgr.staffNo, detail: { purpose: 'print.reprint', requester: STAFF.clerk.staffNo } });
    expect(audit(core, 'print.reprint')[0]?.detail).toMatchObject({ jobId: copy.id, originalId: original.id, reprintNo: 1, by: mgr.staffNo });
    const preview = await c.call('print.preview', { jobId: copy.id });
    expect(preview.lines.join('\n')).toContain('重印');
    await core.services.domain!.printing.queue.whenSettled(copy.id);
    const second = await c.call('print.reprint', { jobId: original.id, approval: mgr });
    expect(second.reprintNo).toBe(2);
  });

  it('a Z report’s reprint goes the same way and is counted on the report itself, with one mark on paper', async () => {
    const clock = new ManualClock(T0);
    const r = await counterWithStaff(clock);
    core = r.core;
    const c = r.c;
    await c.call('till.open', { float: FLOAT, items: {} });
    await c.call('till.approveEarly', { approval: mgr, reasonCode: 'illness' });
    await c.call('till.count', { cash: FLOAT });
    await c.call('till.settle', { idempotencyKey: 'approvals-settle-z' });
    const done = await c.call('till.handover', { amountFen: FLOAT_FEN, bagNo: 'B-1', sealNo: 'S-1', clerkSecret: STAFF.clerk.secret, receiver: mgr });
    const queue = core.services.domain!.printing.queue;
    const original = await queue.whenSettled(Number(done.jobId));
    expect(original).toMatchObject({ kind: 'settlement_report', state: 'printed', reprintNo: 0 });

    expect((await c.fails('print.reprint', { jobId: original.id, approval: { staffNo: STAFF.clerk.staffNo, secret: STAFF.clerk.secret } })).code).toBe('APPROVAL_SELF');
    const copy = await c.call('print.reprint', { jobId: original.id, approval: mgr, reason: '存档联遗失' });
    await queue.whenSettled(copy.id);
    const second = await c.call('print.reprint', { jobId: copy.id, approval: mgr });
    expect([copy.reprintNo, second.reprintNo]).toEqual([1, 2]);
    const prints = core.services.domain!.db.prepare('SELECT copy_no, staff_no, approver_staff_no FROM till_report_print WHERE z_no = ? ORDER BY copy_no').all(done.zNo);
    expect(prints).toEqual([
      { copy_no: 0, staff_no: STAFF.clerk.staffNo, approver_staff_no: null },
      { copy_no: 1, staff_no: STAFF.clerk.staffNo, approver_staff_no: mgr.staffNo },
      { copy_no: 2, staff_no: STAFF.clerk.staffNo, approver_staff_no: mgr.staffNo },
    ]);
    const paper = (await c.call('print.preview', { jobId: second.id })).lines.join('\n');
    expect(paper).toContain('【重印】第2次重印');
    // The one mark, at the top and again above the cut; no second kind of mark.
    expect(paper.match(/【重印】/g)).toHaveLength(2);
    expect(paper).not.toContain('重印（第');
    expect(audit(core, 'till.report_reprinted').map((e) => e.detail.copyNo)).toEqual([2, 1]);
  });
});
