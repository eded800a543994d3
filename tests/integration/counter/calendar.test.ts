// The early-closing lock reads the hall's calendar from settings: special hours change when settling is allowed.
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../base/clock';
import type { Core } from '../../../electron/core/app';
import { testCore } from '../../helpers/core';
import { staffUp, STAFF } from '../../helpers/counterDay';

let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

describe('business calendar in settings', () => {
  it('refuses settling at 10:30 on a normal Thursday, allows it when that day closes at 10:00', async () => {
    const clock = new ManualClock(Date.parse('2026-11-26T10:30:00+08:00'));
    core = await testCore({ clock });
    const c = await staffUp(core);
    await c.call('till.open', { float: { note_100: 1 }, items: {} });
    expect((await c.fails('till.count', { cash: { note_100: 1 } })).code).toBe('TILL_EARLY_SETTLEMENT');

    // The duty manager sets special hours for today (the clerk may not).
    expect((await c.fails('settings.update', { patch: { till: { toleranceFen: 0 } } })).code).toBe('FORBIDDEN_ROLE');
    await c.call('staff.signOut', {});
    await c.signIn(STAFF.manager.staffNo, STAFF.manager.secret);
    const cal = (await c.call('settings.get', {})).till.calendar;
    await c.call('settings.update', { patch: { till: { calendar: { ...cal, exceptions: [{ date: '2026-11-26', hours: { open: '09:00', close: '10:00' }, note: '设备检修' }] } } } });
    // The till is rebuilt on every settings change: the next call already has the new values.
    expect((await c.call('till.status', {})).toleranceFen).toBe(500);
    await c.call('settings.update', { patch: { till: { toleranceFen: 300 } } });
    expect((await c.call('till.status', {})).toleranceFen).toBe(300);
    await c.call('staff.signOut', {});
    await c.signIn(STAFF.clerk.staffNo, STAFF.clerk.secret);
    const r = await c.call('till.count', { cash: { note_100: 1 } });
    expect(r.varianceFen).toBe(0);
  });
});
