// The idle lock, enforced by the core whatever the renderer does: after security.idleLockMinutes
// without an accepted call, the next call answers SESSION_LOCKED and whoami says locked: true.
// Status polls do not count as activity. Time moves by a ManualClock, never by waiting.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/app';
import { ManualClock } from '../../../base/clock';
import { testCore } from '../../helpers/core';
import { FAST_SCRYPT } from '../../helpers/scrypt';
import { Caller, STAFF, staffUp } from '../../helpers/counterDay';

const T0 = Date.parse('2026-11-26T10:00:00+08:00');
const MINUTE = 60_000;

let core: (Core & { dataDir: string }) | null = null;
afterEach(async () => {
  if (!core) return;
  await core.close();
  fs.rmSync(core.dataDir, { recursive: true, force: true });
  core = null;
});

async function clerkAtCounter(idleLockMinutes: number) {
  const clock = new ManualClock(T0);
  core = await testCore({ clock, scrypt: FAST_SCRYPT });
  core.settings.update({ security: { idleLockMinutes } });
  const c = await staffUp(core);
  return { clock, c, cc: core };
}

describe('the idle lock in the core', () => {
  it('locks after idleLockMinutes without activity; each accepted call restarts the wait', async () => {
    const { clock, c, cc } = await clerkAtCounter(3);
    clock.advance(3 * MINUTE - 1);
    await c.call('till.status', {}); // activity: the wait starts again
    clock.advance(3 * MINUTE - 1);
    expect((await c.call('staff.whoami', {})).locked).toBe(false);
    clock.advance(1);
    const refused = await c.fails('till.status', {});
    expect(refused.code).toBe('SESSION_LOCKED');
    expect(refused.message_zh).toContain('屏幕已锁定');
    const who = await c.call('staff.whoami', {});
    expect(who).toMatchObject({ staffNo: STAFF.clerk.staffNo, locked: true });
    const lock = cc.services.domain!.audit.query({ kindPrefix: 'session.lock' }).entries;
    expect(lock).toHaveLength(1);
    expect(lock[0]).toMatchObject({ actor: STAFF.clerk.staffNo, detail: { reason: 'idle' } });
  });

  it('status polls (whoami, devices.status) do not keep a forgotten counter unlocked', async () => {
    const { clock, c } = await clerkAtCounter(5);
    for (let i = 0; i < 5; i++) {
      clock.advance(MINUTE);
      await c.call('staff.whoami', {});
      await c.call('devices.status', {});
    }
    expect((await c.call('staff.whoami', {})).locked).toBe(true);
    expect((await c.fails('journey.current', {})).code).toBe('SESSION_LOCKED');
  });

  it('a locked clerk cannot sign out; her own PIN or the duty manager unlocks, a colleague clerk cannot', async () => {
    const { clock, c, cc } = await clerkAtCounter(1);
    // A colleague clerk to try the lock screen (added by the administrator's module directly:
    // the administrator cannot sign in while the clerk holds the counter).
    cc.services.domain!.staff.admin.create({ staffNo: STAFF.admin.staffNo, role: 'admin', counterId: '01' }, { staffNo: '1025', name: '陈静', role: 'clerk', secret: '3690' });
    const admin = new Caller(cc);
    clock.advance(MINUTE);
    expect((await c.fails('staff.signOut', {})).code).toBe('SESSION_LOCKED');
    expect((await c.call('staff.whoami', {})).locked).toBe(true);

    // The admin cannot sign in at the busy counter, nor can the lock be bypassed by signing in.
    expect((await admin.fails('staff.signIn', { staffNo: STAFF.admin.staffNo, secret: STAFF.admin.secret })).code).toBe('COUNTER_BUSY');

    const wrong = await c.fails('staff.unlock', { staffNo: STAFF.clerk.staffNo, secret: '0000' });
    expect(wrong.code).toBe('SIGNIN_FAILED');
    expect(cc.services.domain!.staff.lockout.state(STAFF.clerk.staffNo).failures).toBe(1);
    expect((await c.call('staff.whoami', {})).locked).toBe(true);

    const colleague = await c.fails('staff.unlock', { staffNo: '1025', secret: '3690' });
    expect(colleague.code).toBe('UNLOCK_NOT_ALLOWED');
    expect((await c.call('staff.whoami', {})).locked).toBe(true);

    const mine = await c.call('staff.unlock', { staffNo: STAFF.clerk.staffNo, secret: STAFF.clerk.secret });
    expect(mine.locked).toBe(false);
    expect(cc.services.domain!.staff.lockout.state(STAFF.clerk.staffNo).failures).toBe(0);
    expect((await c.call('till.status', {})).session).toBeNull();

    // Locked again by F12; this time the duty manager unlocks with his own password.
    await c.call('staff.lock', {});
    const byManager = await c.call('staff.unlock', { staffNo: STAFF.manager.staffNo, secret: STAFF.manager.secret });
    expect(byManager).toMatchObject({ staffNo: STAFF.clerk.staffNo, locked: false });
    const unlocks = cc.services.domain!.audit.query({ kindPrefix: 'session.unlock' }).entries;
    expect(unlocks.map((e) => [e.kind, e.actor])).toEqual([
      ['session.unlock', STAFF.manager.staffNo],
      ['session.unlock', STAFF.clerk.staffNo],
      ['session.unlock_fail', '1025'],
      ['session.unlock_fail', null],
    ]);
  });
});
