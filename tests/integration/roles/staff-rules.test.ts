/**
 * Issue 13's sign-in and approval rules and issue 12's one form of a staff number, through the
 * RPC contract of a real core: common passwords refused, approval guesses throttled per counter
 * without locking the duty manager out, a reset ends the person's sessions, clerks read only
 * their own counter's Z reports and print jobs, C001 and c001 are one person; and a Z report's
 * F8 reprint goes through the one reprint path and counts on the report.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../base/clock';
import type { Core } from '../../../electron/core/app';
import { Caller, staffUp, STAFF } from '../../helpers/counterDay';
import { testCore } from '../../helpers/core';

const THU_18_05 = Date.UTC(2026, 10, 26, 10, 5);
let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

/** Resolves once the queue reports the job printed (the simulated printer confirms it). */
function printed(c: Core, jobId: number): Promise<void> {
  const queue = c.services.domain!.printing.queue;
  return new Promise((resolve) => {
    const check = () => {
      if (queue.get(jobId)?.state !== 'printed') return false;
      off();
      resolve();
      return true;
    };
    const off = c.bus.subscribe((e) => void (e.name === 'print.changed' && check()));
    check();
  });
}

async function admin(c: Core): Promise<Caller> {
  const a = new Caller(c);
  await a.signIn(STAFF.admin.staffNo, STAFF.admin.secret);
  return a;
}

describe('staff numbers are one form', () => {
  it('C001 and c001 are the same person: the second is refused, and c001 signs in as C001', async () => {
    core = await testCore({ clock: new ManualClock(THU_18_05) });
    const c = await staffUp(core);
    await c.call('staff.signOut', {});
    const a = await admin(core);
    const made = await a.call('staff.create', { staffNo: 'c001', name: '孙丽', role: 'clerk', secret: '4826' });
    expect(made.staffNo).toBe('C001');
    expect((await a.fails('staff.create', { staffNo: 'C001', name: '孙丽二', role: 'clerk', secret: '4827' })).code).toBe('STAFF_EXISTS');
    await a.call('staff.signOut', {});
    const c1 = new Caller(core);
    await c1.signIn(' c001', '4826');
    expect((await c1.call('staff.whoami', {})).staffNo).toBe('C001');
    const db = core.services.db!;
    expect(() => db.prepare("INSERT INTO staff (staff_no, name, role, secret_kind, secret_hash, created_at, updated_at) VALUES ('c002', 'x', 'clerk', 'pin', 'h', 0, 0)").run()).toThrow(/upper case/);
  });
});

describe('passwords and approvals', () => {
  it('"password" and other common passwords are refused for a duty manager (and any password)', async () => {
    core = await testCore({ clock: new ManualClock(THU_18_05) });
    const c = await staffUp(core);
    await c.call('staff.signOut', {});
    const a = await admin(core);
    for (const pw of ['password', 'Password', 'qwerty123', 'iloveyou']) {
      expect((await a.fails('staff.create', { staffNo: '8100', name: '周经理', role: 'duty_manager', secret: pw })).code, pw).toBe('SECRET_COMMON');
    }
    expect((await a.call('staff.create', { staffNo: '8100', name: '周经理', role: 'duty_manager', secret: 'tea-and-ledgers-7' })).staffNo).toBe('8100');
    expect((await a.fails('staff.resetSecret', { staffNo: STAFF.manager.staffNo, secret: 'password1' })).code).toBe('SECRET_COMMON');
  });

  it("a clerk typing three wrong passwords into the approval dialog is throttled at her counter; the duty manager still signs in", async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 26, 6, 0));
    core = await testCore({ clock });
    const c = await staffUp(core);
    await c.call('till.open', { float: { note_100: 5 }, items: {} });
    const guess = (secret: string) => c.fails('till.approveEarly', { approval: { staffNo: STAFF.manager.staffNo, secret }, reasonCode: 'illness' });
    for (const s of ['guess-one', 'guess-two', 'guess-three']) expect((await guess(s)).code).toMatch(/SIGNIN_FAILED|APPROVAL_THROTTLED/);
    expect((await guess('guess-four')).code).toBe('APPROVAL_THROTTLED');
    // Even the right password waits at this counter …
    expect((await guess(STAFF.manager.secret)).code).toBe('APPROVAL_THROTTLED');
    // … but the duty manager's own sign-in is untouched.
    const lockout = core.services.db!.prepare('SELECT COUNT(*) AS n FROM signin_failure').get() as { n: number };
    expect(lockout.n).toBe(0);
    const other = await testCore({ dataDir: core.services.dataDir, clock });
    try {
      await new Caller(other).signIn(STAFF.manager.staffNo, STAFF.manager.secret);
    } finally {
      await other.close();
    }
    clock.advance(60 * 60_000);
    await c.signIn(STAFF.clerk.staffNo, STAFF.clerk.secret);
    expect((await c.call('till.approveEarly', { approval: { staffNo: STAFF.manager.staffNo, secret: STAFF.manager.secret }, reasonCode: 'illness' })).approvalId).toBeGreaterThan(0);
  });

  it("a password reset ends that person's sessions", async () => {
    core = await testCore({ clock: new ManualClock(THU_18_05) });
    const c = await staffUp(core);
    expect((await c.call('staff.whoami', {})).staffNo).toBe(STAFF.clerk.staffNo);
    const a = new Caller(core);
    a.session = core.services.domain!.staff.signIn.signIn({ staffNo: STAFF.admin.staffNo, secret: STAFF.admin.secret, counterId: '09' }).sessionId;
    await a.call('staff.resetSecret', { staffNo: STAFF.clerk.staffNo, secret: '7391' });
    expect((await c.fails('staff.whoami', {})).code).toBe('NOT_SIGNED_IN');
    const entry = core.services.domain!.audit.query({ kindPrefix: 'staff.secret_reset' }).entries[0]!;
    expect(entry.detail).toMatchObject({ staffNo: STAFF.clerk.staffNo, sessionsEnded: 1 });
  });
});

describe("a clerk reads her own counter's Z reports and print jobs only", () => {
  it('till.zReport and print.preview of another counter are refused; the duty manager reads both; F8 reprint counts on the report', async () => {
    core = await testCore({ clock: new ManualClock(THU_18_05) });
    const c = await staffUp(core);
    await c.call('till.open', { float: { note_100: 5 }, items: {} });
    await c.call('till.count', { cash: { note_100: 5 } });
    const r = await c.call('till.settle', { idempotencyKey: 'scope-settle-1' });
    const h = await c.call('till.handover', { amountFen: 50_000, bagNo: 'B-1', sealNo: 'S-1', clerkSecret: STAFF.clerk.secret, receiver: { staffNo: STAFF.manager.staffNo, secret: STAFF.manager.secret } });
    const jobId = Number(h.jobId);
    await printed(core, jobId);
    expect((await c.call('till.zReport', { zNo: r.zNo })).preview.join('\n')).toContain('结账报表');
    expect((await c.call('print.preview', { jobId })).lines.join('\n')).toContain('结账报表');
    await c.call('staff.signOut', {});

    // The same PC now serves as counter 04 (settings changed by the administrator).
    const a = await admin(core);
    await a.call('settings.update', { patch: { hall: { counterId: '04' } } });
    await a.call('staff.create', { staffNo: '1030', name: '吴芳', role: 'clerk', secret: '8264' });
    await a.call('staff.signOut', {});
    const other = new Caller(core);
    await other.signIn('1030', '8264');
    expect((await other.fails('till.zReport', { zNo: r.zNo })).code).toBe('TILL_Z_NOT_YOURS');
    expect((await other.fails('print.preview', { jobId })).code).toBe('PRINT_JOB_NOT_YOURS');
    await other.call('staff.signOut', {});
    const m = new Caller(core);
    await m.signIn(STAFF.manager.staffNo, STAFF.manager.secret);
    expect((await m.call('till.zReport', { zNo: r.zNo })).preview.length).toBeGreaterThan(10);

    // F8: the reprint goes through the one path, counts on the Z report and says so on paper.
    const job = await m.call('print.reprint', { jobId, approval: { staffNo: '9001', secret: STAFF.admin.secret } });
    expect(job.reprintNo).toBe(1);
    const prints = core.services.db!.prepare('SELECT copy_no, approver_staff_no FROM till_report_print WHERE z_no = ? ORDER BY copy_no').all(r.zNo);
    expect(prints).toEqual([{ copy_no: 0, approver_staff_no: null }, { copy_no: 1, approver_staff_no: '9001' }]);
    expect((await m.call('print.preview', { jobId: job.id })).lines.join('\n')).toContain('第1次重印');
  });
});
