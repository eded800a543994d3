/**
 * Issue 12's attacks on the till, each through the RPC contract of a real core (its dispatcher,
 * staff, audit log and till on a real SQLite file), the way a dishonest clerk or an unlucky day
 * would try them. Each failed on the code before the fix.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../base/clock';
import { DEFAULT_CALENDAR } from '../../../base/calendar';
import type { Core } from '../../../electron/core/app';
import { verifyLedger } from '../../../electron/core/till';
import { Caller, staffUp, STAFF } from '../../helpers/counterDay';
import { testCore } from '../../helpers/core';
import { testKeys } from '../../helpers/keys';
import { tempDir } from '../../helpers/tempDir';

const MINUTE = 60_000;
/** Thursday 2026-11-26 13:00 in Shanghai. */
const THU_13_00 = Date.UTC(2026, 10, 26, 5, 0);
const FLOAT = { note_100: 5 };
const CLERK2 = { staffNo: '1025', name: '赵敏', secret: '3691' };
const MANAGER2 = { staffNo: '8002', name: '钱经理', secret: 'night-shift-7' };

let cores: Core[] = [];
afterEach(async () => {
  for (const c of cores) await c.close();
  cores = [];
});

async function start(dataDir: string, clock: ManualClock): Promise<Core> {
  const core = await testCore({ dataDir, clock });
  cores.push(core);
  return core;
}

async function stop(core: Core): Promise<void> {
  await core.close();
  cores = cores.filter((c) => c !== core);
}

/** Admin, two clerks, two duty managers; returns a caller signed in as clerk 1024. */
async function people(core: Core): Promise<Caller> {
  const c = await staffUp(core);
  const admin = new Caller(core);
  await c.call('staff.signOut', {});
  await admin.signIn(STAFF.admin.staffNo, STAFF.admin.secret);
  await admin.call('staff.create', { ...CLERK2, role: 'clerk' });
  await admin.call('staff.create', { ...MANAGER2, role: 'duty_manager' });
  await admin.call('staff.signOut', {});
  await c.signIn(STAFF.clerk.staffNo, STAFF.clerk.secret);
  return c;
}

/** The audit entries of exactly this kind, oldest first. */
function audit(core: Core, kind: string): { actor: string | null; detail: Record<string, unknown> }[] {
  return core.services.domain!.audit.query({ kindPrefix: kind, limit: 500 }).entries
    .filter((e) => e.kind === kind).reverse().map((e) => ({ actor: e.actor, detail: e.detail }));
}

const manager = { staffNo: STAFF.manager.staffNo, secret: STAFF.manager.secret };

describe('the clock the till trusts', () => {
  it('the ratchet: three restarts each 115 minutes later (under the 120-minute limit) and settling at 18:45 is refused', async () => {
    const dir = tempDir('cd-ratchet-');
    const clock = new ManualClock(THU_13_00);
    let core = await start(dir, clock);
    let c = await people(core);
    await c.call('till.open', { float: FLOAT, items: {} });
    for (let i = 0; i < 3; i++) {
      await stop(core);
      clock.advance(20_000);
      clock.changeBy(115 * MINUTE);
      core = await start(dir, clock);
      c = new Caller(core);
      await c.signIn(STAFF.clerk.staffNo, STAFF.clerk.secret);
      await c.call('till.movement', { kind: 'cash_in', amountFen: 1, reason: '零钱补充' });
    }
    const count = await c.fails('till.count', { cash: { note_100: 5 } });
    expect(count.code).toBe('TILL_CLOCK_JUMP');
    expect((await c.fails('till.settle', { idempotencyKey: 'ratchet-1' })).code).toBe('TILL_CLOCK_JUMP');
    const st = await c.call('till.status', {});
    expect(st.clock).toMatchObject({ state: 'suspect', cause: 'forward', source: 'local' });
    expect(st.clock.forwardMs).toBeGreaterThanOrEqual(345 * MINUTE - MINUTE);
    expect((await c.call('till.header', {})).clock).toBe('suspect');
    // Every refusal is on record against the clerk who tried.
    expect(audit(core, 'rpc.refused').filter((e) => e.actor === STAFF.clerk.staffNo).map((e) => e.detail.code)).toEqual(['TILL_CLOCK_JUMP', 'TILL_CLOCK_JUMP']);
  });

  it('a big jump, the duty manager approves the clock with a reason, then the till settles', async () => {
    const clock = new ManualClock(THU_13_00);
    const core = await start(tempDir(), clock);
    const c = await people(core);
    await c.call('till.open', { float: FLOAT, items: {} });
    clock.advance(4 * 60 * MINUTE); // 17:00, time really passed
    clock.changeBy(150 * MINUTE); // the BIOS clock, a slip of the hand: 19:30 on the wall
    await c.signIn(STAFF.clerk.staffNo, STAFF.clerk.secret); // the idle lock took the screen meanwhile
    expect((await c.fails('till.count', { cash: FLOAT })).code).toBe('TILL_CLOCK_JUMP');
    const self = await c.fails('till.approveClock', { approval: { staffNo: STAFF.clerk.staffNo, secret: STAFF.clerk.secret }, reason: '核对了时间' });
    expect(self.code).toBe('APPROVAL_SELF');
    await c.call('till.approveClock', { approval: manager, reason: '与北京时间核对，无误' });
    expect((await c.call('till.status', {})).clock.state).toBe('ok');
    await c.call('till.count', { cash: FLOAT });
    const r = await c.call('till.settle', { idempotencyKey: 'after-clock-ok' });
    expect(r.earlyApprovalId).toBeNull();
    const z = (await c.call('till.zReport', { zNo: r.zNo })).preview.join('\n');
    expect(z).toMatch(/时间核对 \d\d:\d\d\s+审批人 8001/);
    expect(z).toContain('原因：与北京时间核对，无误');
  });

  it('early approval while the clock is set back is refused and recorded, never stamped before existing rows', async () => {
    const clock = new ManualClock(THU_13_00);
    const core = await start(tempDir(), clock);
    const c = await people(core);
    await c.call('till.open', { float: FLOAT, items: {} });
    await c.call('till.movement', { kind: 'cash_in', amountFen: 100, reason: '零钱补充' });
    clock.changeBy(-30 * MINUTE);
    const e = await c.fails('till.approveEarly', { approval: manager, reasonCode: 'illness' });
    expect(e.code).toBe('TILL_CLOCK_ROLLBACK');
    expect(core.services.domain!.till().earlyEvents(0, Number.MAX_SAFE_INTEGER).filter((x) => x.outcome === 'approved')).toEqual([]);
    expect(audit(core, 'rpc.refused')).toContainEqual({ actor: STAFF.clerk.staffNo, detail: expect.objectContaining({ method: 'till.approveEarly', code: 'TILL_CLOCK_ROLLBACK' }) });
  });
});

describe('the till belongs to its clerk', () => {
  it("clerk 2 at clerk 1's counter cannot move cash, count or settle; each refusal is recorded against clerk 2", async () => {
    const core = await start(tempDir(), new ManualClock(THU_13_00 + 6 * 60 * MINUTE));
    const c1 = await people(core);
    await c1.call('till.open', { float: FLOAT, items: {} });
    await c1.call('staff.signOut', {});
    const c2 = new Caller(core);
    await c2.signIn(CLERK2.staffNo, CLERK2.secret);
    const st = await c2.call('till.status', {});
    expect(st).toMatchObject({ mayAct: false, owner: { staffNo: STAFF.clerk.staffNo, name: STAFF.clerk.name } });
    const out = await c2.fails('till.movement', { kind: 'cash_out', amountFen: 10_000, reason: '借用' });
    expect(out.code).toBe('TILL_NOT_YOURS');
    expect(out.message_zh).toContain(STAFF.clerk.staffNo);
    expect((await c2.fails('till.count', { cash: FLOAT })).code).toBe('TILL_NOT_YOURS');
    expect((await c2.fails('till.settle', { idempotencyKey: 'c2-settle-1' })).code).toBe('TILL_NOT_YOURS');
    expect((await c2.fails('journey.begin', {})).code).toBe('TILL_NOT_YOURS');
    const refused = audit(core, 'rpc.refused').filter((x) => x.detail.code === 'TILL_NOT_YOURS');
    expect(refused.map((x) => x.actor)).toEqual([CLERK2.staffNo, CLERK2.staffNo, CLERK2.staffNo, CLERK2.staffNo]);
    // Nothing reached the ledger, and no early-close evidence names clerk 1 for clerk 2's attempt.
    const rows = core.services.db!.prepare('SELECT COUNT(*) AS n FROM till_ledger').get() as { n: number };
    expect(rows.n).toBe(1);
    expect(core.services.domain!.till().earlyEvents(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('the duty manager takes over an absent clerk (credentials, reason), settles on her behalf after closing, both names on every record', async () => {
    const clock = new ManualClock(THU_13_00);
    const dir = tempDir();
    const core = await start(dir, clock);
    const c1 = await people(core);
    await c1.call('till.open', { float: FLOAT, items: {} });
    await c1.call('till.movement', { kind: 'cash_in', amountFen: 2000, reason: '零钱补充' });
    await c1.call('staff.lock', {}); // she left the counter, screen locked
    const m = new Caller(core);
    expect((await m.fails('staff.signIn', manager)).code).toBe('COUNTER_BUSY');
    const notManager = await m.fails('staff.takeOver', { staffNo: CLERK2.staffNo, secret: CLERK2.secret, reason: '营业员离岗' });
    expect(notManager.code).toBe('TAKEOVER_ROLE');
    const s = await m.call('staff.takeOver', { ...manager, reason: '营业员身体不适离岗' });
    m.session = s.session;
    // Her sign-in was ended.
    expect((await c1.fails('staff.whoami', {})).code).toBe('NOT_SIGNED_IN');
    const st = await m.call('till.status', {});
    expect(st).toMatchObject({ mayAct: true, owner: { staffNo: STAFF.clerk.staffNo }, session: { takenOverBy: [STAFF.manager.staffNo] } });
    await m.call('till.movement', { kind: 'drop', amountFen: 2000, bagNo: 'B-77' });
    clock.advance(5 * 60 * MINUTE + 5 * MINUTE); // 18:05
    await m.signIn(STAFF.manager.staffNo, STAFF.manager.secret); // the idle lock took the screen meanwhile
    await m.call('till.count', { cash: FLOAT });
    const r = await m.call('till.settle', { idempotencyKey: 'takeover-settle' });
    expect(r).toMatchObject({ owner: STAFF.clerk.staffNo, settledBy: STAFF.manager.staffNo });
    await m.call('till.handover', { amountFen: 50_000, bagNo: 'B-78', sealNo: 'S-9', clerkSecret: STAFF.manager.secret, receiver: { staffNo: MANAGER2.staffNo, secret: MANAGER2.secret } });

    const db = core.services.db!;
    const ledger = db.prepare('SELECT kind, staff_no, actor_staff_no FROM till_ledger ORDER BY seq').all();
    expect(ledger).toEqual([
      { kind: 'float', staff_no: STAFF.clerk.staffNo, actor_staff_no: STAFF.clerk.staffNo },
      { kind: 'cash_in', staff_no: STAFF.clerk.staffNo, actor_staff_no: STAFF.clerk.staffNo },
      { kind: 'drop', staff_no: STAFF.clerk.staffNo, actor_staff_no: STAFF.manager.staffNo },
    ]);
    expect(db.prepare('SELECT staff_no, actor_staff_no FROM till_count').all()).toEqual([{ staff_no: STAFF.clerk.staffNo, actor_staff_no: STAFF.manager.staffNo }]);
    expect(audit(core, 'counter.takeover')).toEqual([{ actor: STAFF.manager.staffNo, detail: { signedOut: [STAFF.clerk.staffNo], reasonNote: expect.any(Number) } }]);
    const settled = audit(core, 'till.settled');
    expect(settled).toEqual([{ actor: STAFF.manager.staffNo, detail: expect.objectContaining({ staffNo: STAFF.clerk.staffNo, actor: STAFF.manager.staffNo }) }]);
    const z = (await m.call('till.zReport', { zNo: r.zNo })).preview.join('\n');
    expect(z).toMatch(/营业员（钱箱）\s+1024/);
    expect(z).toMatch(/代为结账（接管）\s+8001/);
    expect(z).toMatch(/接管台席 \d\d:\d\d\s+值班经理 8001/);
    expect(z).toContain('原因：营业员身体不适离岗');
    expect(verifyLedger(db, testKeys(dir).key('ledger-chain')).ok).toBe(true);
  });
});

describe('refusals are evidence', () => {
  it("a clerk's settings.update of the calendar or the clock-jump limit is refused and audited against her", async () => {
    const core = await start(tempDir(), new ManualClock(THU_13_00));
    const c = await people(core);
    expect((await c.fails('settings.update', { patch: { till: { maxClockJumpMinutes: 1440 } } })).code).toBe('FORBIDDEN_ROLE');
    expect((await c.fails('settings.update', { patch: { till: { calendar: { ...DEFAULT_CALENDAR, exceptions: [{ date: '2026-11-26', hours: { open: '09:00', close: '12:00' } }] } } } })).code).toBe('FORBIDDEN_ROLE');
    expect(audit(core, 'rpc.refused')).toEqual([
      { actor: STAFF.clerk.staffNo, detail: { method: 'settings.update', code: 'FORBIDDEN_ROLE' } },
      { actor: STAFF.clerk.staffNo, detail: { method: 'settings.update', code: 'FORBIDDEN_ROLE' } },
    ]);
  });

  it('an early count, a self-approval and bad credentials are each audited with person, method, code and time', async () => {
    const clock = new ManualClock(THU_13_00);
    const core = await start(tempDir(), clock);
    const c = await people(core);
    await c.call('till.open', { float: FLOAT, items: {} });
    expect((await c.fails('till.count', { cash: FLOAT })).code).toBe('TILL_EARLY_SETTLEMENT');
    expect((await c.fails('till.approveEarly', { approval: { staffNo: STAFF.clerk.staffNo, secret: STAFF.clerk.secret }, reasonCode: 'illness' })).code).toBe('APPROVAL_SELF');
    expect((await c.fails('till.approveEarly', { approval: { staffNo: STAFF.manager.staffNo, secret: 'wrong-password' }, reasonCode: 'illness' })).code).toBe('SIGNIN_FAILED');
    const entries = core.services.domain!.audit.query({ kindPrefix: 'rpc.refused' }).entries.reverse();
    expect(entries.map((e) => [e.actor, e.detail.method, e.detail.code])).toEqual([
      [STAFF.clerk.staffNo, 'till.count', 'TILL_EARLY_SETTLEMENT'],
      [STAFF.clerk.staffNo, 'till.approveEarly', 'APPROVAL_SELF'],
      [STAFF.clerk.staffNo, 'till.approveEarly', 'SIGNIN_FAILED'],
    ]);
    expect(entries.every((e) => e.at === THU_13_00)).toBe(true);
  });
});

describe('blind means blind', () => {
  it('the first count is final: a recount without the duty manager is refused; with approval it is kept and printed', async () => {
    const clock = new ManualClock(THU_13_00 + 5 * 60 * MINUTE + 5 * MINUTE);
    const core = await start(tempDir(), clock);
    const c = await people(core);
    await c.call('till.open', { float: FLOAT, items: {} });
    const first = await c.call('till.count', { cash: { note_100: 4 } });
    expect(first).toMatchObject({ attemptNo: 1, varianceFen: -10_000, countedBy: STAFF.clerk.staffNo });
    expect((await c.fails('till.count', { cash: FLOAT })).code).toBe('TILL_COUNT_FINAL');
    await c.call('till.approveRecount', { approval: manager, reason: '一张百元夹在备用金袋里' });
    expect((await c.call('till.count', { cash: FLOAT })).attemptNo).toBe(2);
    const r = await c.call('till.settle', { idempotencyKey: 'recount-settle' });
    const z = (await c.call('till.zReport', { zNo: r.zNo })).preview.join('\n');
    expect(z).toContain('点钞记录（共 2 次）');
    expect(z).toMatch(/重新点钞 \d\d:\d\d\s+审批人 8001/);
  });
});
