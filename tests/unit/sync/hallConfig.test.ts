/**
 * Applying the hall's configuration at a counter, without a hall: answers made by hand go
 * through the same HallConfig the sync loop uses (the real hall: tests/integration/hall/config-apply.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NO_CONFIG, type ConfigUpdate, type StaffAccount } from '../../../base/contract/hallConfig';
import { hashSecret } from '../../../base/node/secretHash';
import type { Core } from '../../../electron/core/app';
import { fetchConfig } from '../../../electron/core/sync/config';
import { testCore } from '../../helpers/core';
import { STAFF, staffUp } from '../../helpers/counterDay';
import { FAST_SCRYPT } from '../../helpers/scrypt';

let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

const AT = Date.UTC(2026, 10, 26, 1, 0);
const account = (staffNo: string, role: StaffAccount['role'], secret: string, more: Partial<StaffAccount> = {}): StaffAccount => ({
  staffNo, name: `员工${staffNo}`, role, active: true, locked: false, secretKind: role === 'clerk' ? 'pin' : 'password',
  secretHash: hashSecret(secret, FAST_SCRYPT), version: 1, changedAt: AT, ...more,
});
const update = (u: Partial<ConfigUpdate>): ConfigUpdate => ({ protocol: 1, hallTime: AT, versions: { ...NO_CONFIG }, staff: null, catalog: null, calendar: null, till: null, ...u });

async function counter() {
  core = await testCore({ scrypt: FAST_SCRYPT });
  const clerk = await staffUp(core);
  return { core, clerk, cfg: core.services.domain!.hallConfig };
}

describe('the hall’s configuration at a counter', () => {
  it('takes the good kinds and refuses the bad one in the same answer; a refused version is not fetched again', async () => {
    const { core, cfg } = await counter();
    const before = core.services.domain!.catalog.current();
    const r = cfg.apply(update({
      versions: { staff: 0, catalog: 4, calendar: 0, till: 2 },
      catalog: { version: 4, at: AT, by: 'A001', yaml: 'version: 1\nbusinesses:\n  - code: 7\n' },
      till: { version: 2, at: AT, by: 'A001', settings: { toleranceFen: 300, maxClockJumpMinutes: 60 } },
    }));
    expect(r.applied).toEqual(['till']);
    expect(r.refused).toEqual([expect.objectContaining({ kind: 'catalog', version: 4 })]);
    const e = r.refused[0]!.error;
    expect(e).toMatchObject({ code: 'SYNC_CONFIG_REFUSED', detail: { kind: 'catalog', version: 4, kept: 0, cause: { code: 'CATALOG_INVALID' } } });
    expect(e.message_zh).toContain('继续使用本台席原有的业务目录');
    expect(core.services.domain!.catalog.current()).toBe(before);
    expect(cfg.versions()).toEqual({ staff: 0, catalog: 0, calendar: 0, till: 2 });
    expect(core.services.domain!.till().settings.toleranceFen).toBe(300);
    expect(cfg.status().error?.code).toBe('SYNC_CONFIG_REFUSED');
    // The hall still holds catalog 4: nothing new to fetch. It saves 5: fetched again.
    expect(cfg.wanted({ staff: 0, catalog: 4, calendar: 0, till: 2 })).toBe(false);
    expect(cfg.wanted({ staff: 0, catalog: 5, calendar: 0, till: 2 })).toBe(true);
  });

  it('refuses staff that leave no usable administrator, and rolls every account of it back', async () => {
    const { core, clerk, cfg } = await counter();
    const r = cfg.apply(update({
      versions: { staff: 3, catalog: 0, calendar: 0, till: 0 },
      staff: { version: 3, full: true, accounts: [account(STAFF.clerk.staffNo, 'clerk', '4826'), account('A001', 'admin', 'hall-admin-pass-1', { locked: true })] },
    }));
    expect(r.refused.map((x) => x.error.detail)).toEqual([expect.objectContaining({ kind: 'staff', cause: { code: 'LAST_ADMIN' } })]);
    expect(cfg.versions().staff).toBe(0);
    // Nothing of it stayed: the clerk is still signed in with the counter's PIN, the admin still active.
    await clerk.call('till.status', {});
    const repo = core.services.domain!.staff.repo;
    expect(repo.get(STAFF.admin.staffNo)).toMatchObject({ active: true, hallVersion: null });
    expect(repo.get('A001')).toBeNull();
  });

  it('a lock, a role change and a new hash each settle the person’s sessions here; the hash is kept as the hall sent it', async () => {
    const { core, clerk, cfg } = await counter();
    const admin = account(STAFF.admin.staffNo, 'admin', STAFF.admin.secret);
    const hallClerk = account(STAFF.clerk.staffNo, 'clerk', '4826');
    cfg.apply(update({ versions: { staff: 2, catalog: 0, calendar: 0, till: 0 }, staff: { version: 2, full: false, accounts: [admin, hallClerk] } }));
    expect((await clerk.fails('till.status', {})).code).toBe('NOT_SIGNED_IN');
    await clerk.signIn(STAFF.clerk.staffNo, '4826');
    expect(core.services.domain!.staff.repo.get(STAFF.clerk.staffNo)).toMatchObject({ secretHash: hallClerk.secretHash, hallVersion: 1 });
    // Not full: the counter's own duty manager stays.
    expect(core.services.domain!.staff.repo.get(STAFF.manager.staffNo)!.active).toBe(true);

    cfg.apply(update({ versions: { staff: 3, catalog: 0, calendar: 0, till: 0 }, staff: { version: 3, full: false, accounts: [{ ...hallClerk, locked: true, version: 3 }] } }));
    expect((await clerk.fails('till.status', {})).code).toBe('NOT_SIGNED_IN');
    const locked = await clerk.fails('staff.signIn', { staffNo: STAFF.clerk.staffNo, secret: '4826' });
    expect(locked.code).toBe('STAFF_LOCKED');
    expect(locked.message_zh).toContain('锁定');
    // A wrong PIN is still just wrong: the lock is told only to the one who knows the PIN.
    expect((await clerk.fails('staff.signIn', { staffNo: STAFF.clerk.staffNo, secret: '9999' })).code).toBe('SIGNIN_FAILED');
  });

  it('a floating guide has no account at a counter; a clerk who becomes one stops signing in here', async () => {
    const { core, cfg } = await counter();
    const admin = account(STAFF.admin.staffNo, 'admin', STAFF.admin.secret);
    const r = cfg.apply(update({
      versions: { staff: 2, catalog: 0, calendar: 0, till: 0 },
      staff: { version: 2, full: false, accounts: [admin, account('G001', 'guide', 'guide-at-door-7'), account(STAFF.clerk.staffNo, 'guide', 'guide-now-pass-8', { secretKind: 'password' })] },
    }));
    expect(r.refused).toEqual([]);
    expect(r.applied).toEqual(['staff']);
    const repo = core.services.domain!.staff.repo;
    expect(repo.get('G001')).toBeNull();
    expect(repo.get(STAFF.clerk.staffNo)!.active).toBe(false);
  });

  it('an answer in a shape this counter does not read is refused whole, in both languages', async () => {
    const e = await fetchConfig({ get: () => Promise.resolve({ protocol: 1, hallTime: AT, versions: NO_CONFIG, staff: { version: 1, full: true, accounts: [{ staffNo: 'x' }] }, catalog: null, calendar: null, till: null }) }, NO_CONFIG).then(
      () => null,
      (x: unknown) => x as { code: string; message_zh: string; message_en: string },
    );
    expect(e?.code).toBe('SYNC_CONFIG_ANSWER');
    expect(e?.message_zh).toContain('未采用任何内容');
    expect(e?.message_en).toContain('nothing of it was used');
  });
});
