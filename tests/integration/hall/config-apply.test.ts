/**
 * Configuration flows down, as the app runs it: a real core (its sync loop) against a real hall
 * server process on PGlite, the hall driven through its page's RPC as an administrator would.
 *
 * 1. Staff: once enrolled, the hall's accounts replace the counter's (one password at every
 *    counter; an account only the counter had is deactivated); the counter's own staff
 *    management refuses changes and names the hall page. A lock on the hall signs the person
 *    out here and refuses the right PIN; a reset reaches sign-in.
 * 2. The catalog, the calendar and the till settings saved on the hall are used here; the
 *    settings page cannot change what the hall sets.
 * 3. A document the counter cannot use (the hall's database written by hand): refused with a
 *    bilingual error, the last good copy stays, the other kinds still apply.
 * 4. Offline: the hall gone and the app restarted, everything works on the last good copies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../base/clock';
import type { Core } from '../../../electron/core/app';
import { openHallStore } from '../../../hall/storage/open';
import { testCore } from '../../helpers/core';
import { untilHallStatus } from '../../helpers/hallStatus';
import { Caller, STAFF } from '../../helpers/counterDay';
import { PageClient } from '../../helpers/hallPage';
import { adminAccess, HALL_ADMIN_TOKEN, runHallCli, startHallProcess } from '../../helpers/hallProcess';
import { FAST_SCRYPT } from '../../helpers/scrypt';

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

const realClock: Clock = { now: () => Date.now() };


describe('configuration from the hall, applied at the counter', () => {
  it('staff, catalog, calendar and till settings reach the counter; a bad document is refused and the last good copy stays, offline too', { timeout: 240_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-config-hall-'));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    let hall = await startHallProcess({ dataDir: dir });
    cleanup.push(() => hall.kill());
    const page = new PageClient(hall.url, (await adminAccess(hall)).certPem!);
    await page.ok('session.setup', { setupToken: HALL_ADMIN_TOKEN, staffNo: STAFF.admin.staffNo, name: STAFF.admin.name, password: STAFF.admin.secret });
    // The hall's accounts: the clerk's PIN there is not the one the counter had.
    await page.ok('staff.create', { staffNo: STAFF.clerk.staffNo, name: STAFF.clerk.name, role: 'clerk', secret: '4713' });
    await page.ok('staff.create', { staffNo: STAFF.manager.staffNo, name: STAFF.manager.name, role: 'duty_manager', secret: STAFF.manager.secret });

    const core = await testCore({ clock: realClock, scrypt: FAST_SCRYPT });
    const dataDir = core.dataDir;
    let open: Core | null = core;
    cleanup.push(() => open?.close());
    const c = new Caller(core);
    await c.call('staff.createFirstAdmin', { staffNo: STAFF.admin.staffNo, name: STAFF.admin.name, password: STAFF.admin.secret });
    await c.signIn(STAFF.admin.staffNo, STAFF.admin.secret);
    await c.call('staff.create', { staffNo: STAFF.clerk.staffNo, name: STAFF.clerk.name, role: 'clerk', secret: STAFF.clerk.secret });
    await c.call('staff.create', { staffNo: '1100', name: '临时工', role: 'clerk', secret: '7391' });
    const add = await runHallCli(['counter', 'add', '--number', '5', '--json', '--data-dir', dir]);
    expect(add.code, add.stderr).toBe(0);
    await c.call('hall.enrol', { hallUrl: hall.url, counter: 5, code: (JSON.parse(add.stdout) as { code: string }).code });
    const first = await untilHallStatus(core, (s) => s.config.versions.staff > 0, 'the hall’s staff applied');
    expect(first.config).toMatchObject({ versions: { staff: 3, catalog: 0, calendar: 0, till: 0 }, error: null });

    // 1. One password: the hall's hash replaced the counter's, so the administrator signed in here
    //    is signed out (as after a reset); the hall's PIN signs the clerk in, the counter's old one does not.
    expect((await c.fails('till.status', {})).code).toBe('NOT_SIGNED_IN');
    const clerk = new Caller(core);
    expect((await clerk.fails('staff.signIn', { staffNo: STAFF.clerk.staffNo, secret: STAFF.clerk.secret })).code).toBe('SIGNIN_FAILED');
    expect((await new Caller(core).fails('staff.signIn', { staffNo: '1100', secret: '7391' })).code).toBe('STAFF_INACTIVE');
    // The counter's staff page is read-only now, and says where staff are managed.
    await c.signIn(STAFF.admin.staffNo, STAFF.admin.secret);
    const managed = await c.fails('staff.create', { staffNo: '1200', name: '新员工', role: 'clerk', secret: '8264' });
    expect(managed.code).toBe('STAFF_MANAGED_BY_HALL');
    expect(managed.message_zh).toContain('营业厅管理页');
    expect((await c.fails('staff.resetSecret', { staffNo: STAFF.clerk.staffNo, secret: '8264' })).code).toBe('STAFF_MANAGED_BY_HALL');
    const synced = await c.call('audit.query', { kindPrefix: 'staff.synced', limit: 50 });
    expect(synced.entries.map((e) => (e.detail as { staffNo: string }).staffNo).sort()).toEqual(['1024', '1100', '8001', '9001']);
    await c.call('staff.signOut', {});
    await clerk.signIn(STAFF.clerk.staffNo, '4713');

    // A lock on the hall: the clerk is signed out here at the next sync, and the right PIN is refused.
    await page.ok('staff.setLocked', { staffNo: STAFF.clerk.staffNo, locked: true });
    await untilHallStatus(core, (s) => s.config.versions.staff === 4, 'the lock applied');
    expect((await clerk.fails('till.status', {})).code).toBe('NOT_SIGNED_IN');
    expect((await clerk.fails('staff.signIn', { staffNo: STAFF.clerk.staffNo, secret: '4713' })).code).toBe('STAFF_LOCKED');
    // Unlocked and reset on the hall: the new PIN works here.
    await page.ok('staff.setLocked', { staffNo: STAFF.clerk.staffNo, locked: false });
    await page.ok('staff.resetSecret', { staffNo: STAFF.clerk.staffNo, secret: '3691' });
    await untilHallStatus(core, (s) => s.config.versions.staff === 6, 'the reset applied');
    expect((await clerk.fails('staff.signIn', { staffNo: STAFF.clerk.staffNo, secret: '4713' })).code).toBe('SIGNIN_FAILED');
    await clerk.signIn(STAFF.clerk.staffNo, '3691');
    await clerk.call('staff.signOut', {});
    await c.signIn(STAFF.admin.staffNo, STAFF.admin.secret);

    // 2. The catalog, the till settings and the calendar saved on the hall.
    const { bundled } = await page.ok('catalog.get', {});
    const yaml = bundled.replace('name_zh: 新装入网', 'name_zh: 新装入网（营业厅版）');
    await page.ok('catalog.save', { yaml, baseVersion: 0 });
    await page.ok('till.save', { settings: { toleranceFen: 800, maxClockJumpMinutes: 90 }, baseVersion: 0 });
    const { standard } = await page.ok('calendar.get', {});
    const calendar = { ...standard, exceptions: [{ date: '2026-12-31', hours: { open: '09:00', close: '16:00' }, note: '跨年提前闭厅' }] };
    const calSaved = await page.call('calendar.save', { calendar, baseVersion: 0 });
    expect(calSaved.ok, JSON.stringify(calSaved)).toBe(true);
    const all = await untilHallStatus(core, (s) => s.config.versions.catalog === 1 && s.config.versions.till === 1 && s.config.versions.calendar === 1, 'catalog, till and calendar applied');
    expect(all.config.error).toBeNull();
    const domain = core.services.domain!;
    expect(domain.catalog.current().businesses.find((b) => b.code === 'new_line')!.name_zh).toBe('新装入网（营业厅版）');
    const settings = await c.call('settings.get', {});
    expect(settings.till).toMatchObject({ toleranceFen: 800, maxClockJumpMinutes: 90, maxClockSkewMinutes: 2 });
    expect(settings.till.calendar.exceptions).toEqual(calendar.exceptions);
    const notHere = await c.fails('settings.update', { patch: { till: { toleranceFen: 100 } } });
    expect(notHere.code).toBe('SETTING_MANAGED_BY_HALL');
    await c.call('settings.update', { patch: { till: { maxClockSkewMinutes: 3 } } }); // not the hall's: still the counter's
    const changes = await c.call('audit.query', { kindPrefix: 'settings.change', limit: 50 });
    expect(changes.entries.filter((e) => e.actor?.startsWith('hall:')).map((e) => (e.detail as { key: string }).key).sort()).toEqual(['till.calendar.exceptions', 'till.maxClockJumpMinutes', 'till.toleranceFen']);

    // 3. A catalog this counter's parser refuses (the hall's database written by hand, as an older
    //    or tampered hall could send), beside a good till change: the till applies, the catalog is refused.
    await hall.stop();
    const store = await openHallStore({ dataDir: dir });
    try {
      await store.tx(async (q) => {
        await q.query(`UPDATE config_head SET version = 2 WHERE kind = 'catalog'`);
        await q.query(`INSERT INTO config_change (kind, version, at, actor, action, subject, doc) VALUES ('catalog', 2, $1, 'A9', 'save', NULL, $2)`, [Date.now(), { yaml: 'version: 1\nbusinesses: 17\n' }]);
      });
    } finally {
      await store.close();
    }
    hall = await startHallProcess({ dataDir: dir }, { port: hall.port });
    cleanup.push(() => hall.kill());
    const page2 = new PageClient(hall.url, (await adminAccess(hall)).certPem!);
    await page2.ok('session.signIn', { staffNo: STAFF.admin.staffNo, secret: STAFF.admin.secret });
    await page2.ok('till.save', { settings: { toleranceFen: 600, maxClockJumpMinutes: 90 }, baseVersion: 1 });
    const bad = await untilHallStatus(core, (s) => s.config.error !== null && s.config.versions.till === 2, 'the bad catalog refused, the till applied');
    expect(bad.config.error).toMatchObject({ code: 'SYNC_CONFIG_REFUSED', detail: { kind: 'catalog', version: 2, kept: 1 } });
    expect(bad.config.error!.message_zh).toMatch(/业务目录（第 2 版）.*继续使用营业厅第 1 版/);
    expect(bad.config.error!.message_en).toContain('version 2');
    expect(bad.config.versions.catalog).toBe(1);
    expect(domain.catalog.current().businesses.find((b) => b.code === 'new_line')!.name_zh).toBe('新装入网（营业厅版）');
    expect((await c.call('settings.get', {})).till.toleranceFen).toBe(600);
    const refusedAudit = await c.call('audit.query', { kindPrefix: 'config.refused', limit: 10 });
    expect(refusedAudit.entries.map((e) => e.detail)).toEqual([expect.objectContaining({ kind: 'catalog', version: 2 })]);
    // The heartbeat tells the hall what this counter applied: the board shows it behind on the catalog.
    await untilHallStatus(core, (s) => s.state === 'idle' && (s.lastSyncAt ?? 0) > Date.now() - 1000, 'a heartbeat after the refusal');

    // 4. The hall gone, the app restarted: the last good copies of everything.
    await hall.kill();
    await core.close();
    open = null;
    const again = await testCore({ dataDir, clock: realClock, scrypt: FAST_SCRYPT });
    open = again;
    const clerk2 = new Caller(again);
    await clerk2.signIn(STAFF.clerk.staffNo, '3691');
    expect(again.services.domain!.catalog.current().businesses.find((b) => b.code === 'new_line')!.name_zh).toBe('新装入网（营业厅版）');
    expect(again.services.domain!.hall.status().config.versions).toEqual({ staff: 6, catalog: 1, calendar: 1, till: 2 });
    expect(again.services.domain!.till().settings.toleranceFen).toBe(600);
  });
});
