// Configuration flows down, on both backends: staff accounts, catalog, calendar and till
// settings, each kind versioned (every change kept with who and when, audited), refused with
// bilingual reasons (an invalid catalog with its line numbers), and served by version.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../../base/calendar';
import type { CatalogProblem } from '../../../base/node/catalogYaml';
import { NO_CONFIG } from '../../../base/contract/hallConfig';
import { verifySecret } from '../../../base/node/secretHash';
import { ADMIN_TOKEN_ACTOR, type HallActor } from '../../../hall/audit';
import { bundledCatalog, currentCatalog, saveCalendar, saveCatalog, saveTill } from '../../../hall/config/documents';
import { configSince } from '../../../hall/config/serve';
import { HallStaff } from '../../../hall/config/staff';
import { currentVersions, history } from '../../../hall/config/versions';
import type { HallStore } from '../../../hall/storage/port';
import { BACKENDS, enrolledCounter, setupHallBackends } from '../../helpers/hallStores';
import { rejection } from '../../helpers/refusal';
import { FAST_SCRYPT } from '../../helpers/scrypt';

const backends = setupHallBackends();
const TOKEN: HallActor = { staffNo: ADMIN_TOKEN_ACTOR, remote: null };
const ADMIN: HallActor = { staffNo: 'A001', remote: '10.0.0.5' };

async function withAdmin(s: HallStore): Promise<HallStaff> {
  const staff = new HallStaff(s, FAST_SCRYPT);
  await staff.create(TOKEN, { staffNo: 'a001', name: '赵管理', role: 'admin', secret: 'admin-pass-1' }, { onlyFirstAdmin: true });
  return staff;
}

async function audit(s: HallStore) {
  return (await s.query<{ actor: string; action: string; subject: string | null; detail: Record<string, unknown> }>('SELECT actor, action, subject, detail FROM hall_audit ORDER BY id')).rows;
}

describe.each(BACKENDS)('hall configuration on %s', (kind) => {
  it('staff accounts: one canonical number, the counter’s rules, a version per change kept with who and when', async () => {
    const s = await backends.open(await backends.fresh(kind));
    try {
      const staff = await withAdmin(s);
      expect(await staff.setupNeeded()).toBe(false);
      // The first administrator once only.
      expect((await rejection(staff.create(TOKEN, { staffNo: 'A002', name: '钱', role: 'admin', secret: 'another-pass-2' }, { onlyFirstAdmin: true }))).code).toBe('SETUP_DONE');

      const clerk = await staff.create(ADMIN, { staffNo: ' c001 ', name: '王丽', role: 'clerk', secret: '2580' });
      expect(clerk).toMatchObject({ staffNo: 'C001', role: 'clerk', active: true, locked: false, secretKind: 'pin', version: 2 });
      expect((await rejection(staff.create(ADMIN, { staffNo: 'C001', name: '又一个', role: 'clerk', secret: '3691' }))).code).toBe('STAFF_EXISTS');
      expect((await rejection(staff.create(ADMIN, { staffNo: 'c-1', name: '错', role: 'clerk', secret: '3691' }))).code).toBe('STAFF_NO_INVALID');
      expect((await rejection(staff.create(ADMIN, { staffNo: 'C002', name: '简单', role: 'clerk', secret: '1234' }))).code).toBe('SECRET_TOO_WEAK');
      const pinManager = await rejection(staff.create(ADMIN, { staffNo: 'M001', name: '李经理', role: 'duty_manager', secret: '2580' }));
      expect(pinManager.code).toBe('ROLE_NEEDS_PASSWORD');
      expect(pinManager.message_zh).toContain('值班经理');
      await staff.create(ADMIN, { staffNo: 'M001', name: '李经理', role: 'duty_manager', secret: 'manager-pass-1' });

      const before = (await staff.changesSince(s, 0)).find((a) => a.staffNo === 'C001')!;
      const reset = await staff.resetSecret(ADMIN, { staffNo: 'c001', secret: '7410' });
      expect(reset.version).toBe(4);
      const after = (await staff.changesSince(s, 3)).map((a) => a.staffNo);
      expect(after).toEqual(['C001']);
      const account = (await staff.changesSince(s, 3))[0]!;
      expect(account.secretHash).not.toBe(before.secretHash);
      // The counter's own check accepts the hall's hash: one format, one password everywhere.
      expect(verifySecret('7410', account.secretHash)).toBe(true);
      expect(verifySecret('2580', account.secretHash)).toBe(false);

      expect((await staff.setLocked(ADMIN, { staffNo: 'C001', locked: true })).locked).toBe(true);
      // Locking what is locked changes nothing and spends no version.
      expect((await staff.setLocked(ADMIN, { staffNo: 'C001', locked: true })).version).toBe(5);
      expect((await staff.setLocked(ADMIN, { staffNo: 'C001', locked: false })).version).toBe(6);
      expect((await rejection(staff.changeRole(ADMIN, { staffNo: 'C001', role: 'duty_manager' }))).code).toBe('ROLE_NEEDS_PASSWORD');
      expect(await staff.changeRole(ADMIN, { staffNo: 'C001', role: 'duty_manager', secret: 'now-a-manager-9' })).toMatchObject({ role: 'duty_manager', secretKind: 'password', version: 7 });
      expect((await staff.deactivate(ADMIN, { staffNo: 'M001' })).active).toBe(false);
      expect((await rejection(staff.resetSecret(ADMIN, { staffNo: 'M001', secret: 'fresh-pass-77' }))).code).toBe('STAFF_INACTIVE');
      // The last usable administrator can be neither locked, demoted nor deactivated.
      // One at a time: each call is made only when the one before has been refused (three promises
      // made at once would reject before anything awaits them).
      for (const call of [() => staff.setLocked(ADMIN, { staffNo: 'A001', locked: true }), () => staff.changeRole(ADMIN, { staffNo: 'A001', role: 'clerk' }), () => staff.deactivate(ADMIN, { staffNo: 'A001' })]) {
        const e = await rejection(call());
        expect(e.code).toBe('LAST_ADMIN');
        expect(e.message_en).toContain('last usable administrator');
      }

      expect((await currentVersions(s)).staff).toBe(8);
      const h = await history(s, 'staff', 100);
      expect(h.map((x) => [x.version, x.action, x.subject, x.actor])).toEqual([
        [8, 'staff.deactivate', 'M001', 'A001'], [7, 'staff.role', 'C001', 'A001'], [6, 'staff.unlock', 'C001', 'A001'],
        [5, 'staff.lock', 'C001', 'A001'], [4, 'staff.reset', 'C001', 'A001'], [3, 'staff.create', 'M001', 'A001'],
        [2, 'staff.create', 'C001', 'A001'], [1, 'session.setup', 'A001', ADMIN_TOKEN_ACTOR],
      ]);
      const rows = await audit(s);
      expect(rows.map((r) => r.action)).toEqual(['session.setup', 'staff.create', 'staff.create', 'staff.reset', 'staff.lock', 'staff.unlock', 'staff.role', 'staff.deactivate']);
      // No secret or hash in the audit table or the kept changes.
      const kept = JSON.stringify([rows, (await s.query('SELECT doc FROM config_change')).rows]);
      expect(kept).not.toMatch(/scrypt\$|2580|7410|admin-pass-1/);
      // Changes are kept, never rewritten.
      await expect(s.query("UPDATE config_change SET actor = 'x'")).rejects.toThrow(/append-only/);
      await expect(s.query('DELETE FROM hall_audit')).rejects.toThrow(/append-only/);
    } finally {
      await s.close();
    }
  });

  it('the catalog: checked with the counter’s parser, refused with line numbers, versioned, a stale edit refused', async () => {
    const s = await backends.open(await backends.fresh(kind));
    try {
      await withAdmin(s);
      const good = bundledCatalog();
      const v1 = await saveCatalog(s, ADMIN, { yaml: good, baseVersion: 0 });
      expect(v1).toMatchObject({ version: 1, by: 'A001' });
      const broken = good.replace(/takes_payment: true/, 'takes_payment: maybe').replace('version: 1', 'version: 1\nbusinesess: []');
      const e = await rejection(saveCatalog(s, ADMIN, { yaml: broken, baseVersion: 1 }));
      expect(e.code).toBe('CATALOG_INVALID');
      const problems = e.detail!.problems as CatalogProblem[];
      expect(problems.length).toBeGreaterThanOrEqual(2);
      const lines = broken.split('\n');
      const unknownKey = problems.find((p) => p.reason_en.includes('unknown key'))!;
      expect(lines[unknownKey.line - 1]).toContain('businesess');
      const badBool = problems.find((p) => p.path.endsWith('takes_payment'))!;
      expect(lines[badBool.line - 1]).toContain('takes_payment: maybe');
      expect(e.message_zh).toMatch(/第 \d+ 行/);
      const syntax = await rejection(saveCatalog(s, ADMIN, { yaml: 'version: 1\nbusinesses: [\n  - code: x\n', baseVersion: 1 }));
      expect(syntax.code).toBe('CATALOG_INVALID');
      expect((syntax.detail!.problems as CatalogProblem[])[0]!.line).toBeGreaterThan(1);

      const edited = good.replace('version: 1', '# 本厅目录\nversion: 1');
      expect((await saveCatalog(s, ADMIN, { yaml: edited, baseVersion: 1 })).version).toBe(2);
      // Another administrator's editor still holds version 1: refused, not overwritten.
      const stale = await rejection(saveCatalog(s, { staffNo: 'A002', remote: null }, { yaml: good, baseVersion: 1 }));
      expect(stale.code).toBe('CONFIG_CONFLICT');
      expect(stale.detail).toMatchObject({ current: 2, base: 1 });
      expect((await currentCatalog(s))!.yaml).toBe(edited);
      expect((await currentVersions(s)).catalog).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('two administrators saving the same version at once: one is kept, the other refused', async () => {
    const s = await backends.open(await backends.fresh(kind));
    try {
      const settle = await Promise.allSettled([
        saveTill(s, ADMIN, { settings: { toleranceFen: 300, maxClockJumpMinutes: 60 }, baseVersion: 0 }),
        saveTill(s, { staffNo: 'A002', remote: null }, { settings: { toleranceFen: 800, maxClockJumpMinutes: 90 }, baseVersion: 0 }),
      ]);
      expect(settle.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = settle.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ code: 'CONFIG_CONFLICT' });
      expect((await currentVersions(s)).till).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('the calendar and the till settings: checked, one entry per date, versioned', async () => {
    const s = await backends.open(await backends.fresh(kind));
    try {
      const cal = { ...DEFAULT_CALENDAR, exceptions: [{ date: '2026-10-01', hours: null, note: '国庆' }] };
      expect((await saveCalendar(s, ADMIN, { calendar: cal, baseVersion: 0 })).calendar.exceptions).toHaveLength(1);
      const twice = await rejection(saveCalendar(s, ADMIN, { calendar: { ...cal, exceptions: [...cal.exceptions, { date: '2026-10-01', hours: { open: '10:00', close: '15:00' } }] }, baseVersion: 1 }));
      expect(twice.code).toBe('CONFIG_INVALID');
      expect(twice.message_zh).toContain('2026-10-01');
      const badTime = await rejection(saveCalendar(s, ADMIN, { calendar: { ...cal, weekly: { ...cal.weekly, mon: { open: '18:00', close: '09:00' } } }, baseVersion: 1 }));
      expect(badTime.code).toBe('CONFIG_INVALID');
      expect(badTime.message_en).toContain('weekly.mon');
      const badZone = await rejection(saveCalendar(s, ADMIN, { calendar: { ...cal, timeZone: 'Mars/Olympus' }, baseVersion: 1 }));
      expect(badZone.code).toBe('CONFIG_INVALID');

      expect((await saveTill(s, ADMIN, { settings: { toleranceFen: 1000, maxClockJumpMinutes: 30 }, baseVersion: 0 })).settings).toEqual({ toleranceFen: 1000, maxClockJumpMinutes: 30 });
      const neg = await rejection(saveTill(s, ADMIN, { settings: { toleranceFen: -1, maxClockJumpMinutes: 30 }, baseVersion: 1 }));
      expect(neg.code).toBe('CONFIG_INVALID');
      expect(neg.message_zh).toContain('toleranceFen');
      expect((await rejection(saveTill(s, ADMIN, { settings: { toleranceFen: 1, maxClockJumpMinutes: 30, calendar: DEFAULT_CALENDAR }, baseVersion: 1 }))).code).toBe('CONFIG_INVALID');
      expect(await currentVersions(s)).toEqual({ staff: 0, catalog: 0, calendar: 1, till: 1 });
      expect((await audit(s)).map((r) => r.action)).toEqual(['calendar.save', 'till.save']);
    } finally {
      await s.close();
    }
  });

  it('serves a counter what the hall holds at another version, and records what it fetched', async () => {
    const s = await backends.open(await backends.fresh(kind));
    try {
      await enrolledCounter(s, 3);
      const staff = new HallStaff(s, FAST_SCRYPT);
      // Nothing managed yet: nothing sent, the counter keeps its own.
      const empty = await configSince(s, staff, 3, NO_CONFIG);
      expect(empty).toMatchObject({ versions: NO_CONFIG, staff: null, catalog: null, calendar: null, till: null });

      await withAdmin(s);
      await staff.create(ADMIN, { staffNo: 'C001', name: '王丽', role: 'clerk', secret: '2580' });
      await saveCatalog(s, ADMIN, { yaml: bundledCatalog(), baseVersion: 0 });
      await saveTill(s, ADMIN, { settings: { toleranceFen: 200, maxClockJumpMinutes: 45 }, baseVersion: 0 });

      const first = await configSince(s, staff, 3, NO_CONFIG);
      expect(first.versions).toEqual({ staff: 2, catalog: 1, calendar: 0, till: 1 });
      expect(first.staff!.full).toBe(true);
      expect(first.staff!.accounts.map((a) => a.staffNo).sort()).toEqual(['A001', 'C001']);
      expect(first.catalog!.yaml).toBe(bundledCatalog());
      expect(first.calendar).toBeNull();
      expect(first.till!.settings).toEqual({ toleranceFen: 200, maxClockJumpMinutes: 45 });

      // Up to date: nothing but the versions.
      const same = await configSince(s, staff, 3, first.versions);
      expect([same.staff, same.catalog, same.calendar, same.till]).toEqual([null, null, null, null]);

      await staff.setLocked(ADMIN, { staffNo: 'C001', locked: true });
      const delta = await configSince(s, staff, 3, first.versions);
      expect(delta.staff).toMatchObject({ version: 3, full: false });
      expect(delta.staff!.accounts).toEqual([expect.objectContaining({ staffNo: 'C001', locked: true, version: 3 })]);
      expect(delta.catalog).toBeNull();

      // A counter ahead of the hall (the hall restored from an older backup) gets the hall's whole copy.
      const ahead = await configSince(s, staff, 3, { staff: 40, catalog: 9, calendar: 0, till: 1 });
      expect(ahead.staff!.full).toBe(true);
      expect(ahead.staff!.accounts).toHaveLength(2);
      expect(ahead.catalog!.version).toBe(1);

      const fetched = (await s.query<{ since: unknown; served: unknown }>('SELECT since, served FROM counter_config WHERE counter = 3')).rows[0]!;
      expect(fetched.served).toEqual({ staff: 3, catalog: 1, calendar: 0, till: 1 });
      expect(fetched.since).toEqual({ staff: 40, catalog: 9, calendar: 0, till: 1 });
    } finally {
      await s.close();
    }
  });
});
