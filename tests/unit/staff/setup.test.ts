import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, CLERK, MANAGER, makeStaffEnv, seedHall, type StaffEnv } from './fixture';
import { refusal } from '../../helpers/refusal';


let env: StaffEnv | null = null;
afterEach(() => {
  env?.cleanup();
  env = null;
});

describe('first start', () => {
  it('needs setup until an active admin exists; the first admin can be created only once', () => {
    const e = (env = makeStaffEnv());
    expect(e.staff.admin.needsSetup()).toBe(true);
    const admin = e.staff.admin.createFirstAdmin(ADMIN);
    expect(admin).toMatchObject({ staffNo: '1000', role: 'admin', active: true, secretKind: 'password' });
    expect(admin).not.toHaveProperty('secretHash');
    expect(e.staff.admin.needsSetup()).toBe(false);
    expect(refusal(() => e.staff.admin.createFirstAdmin({ staffNo: '1001', name: '冒充者', password: 'Another-pass-1' })).code).toBe('SETUP_DONE');
    expect(e.staff.repo.get('1001')).toBeNull();
    expect(e.audit.query({ kindPrefix: 'staff.setup' }).entries).toHaveLength(1);
  });

  it('there is no default password: nobody can sign in before setup', () => {
    const e = (env = makeStaffEnv());
    for (const [no, pw] of [['admin', 'admin'], ['1000', 'admin123'], ['0000', '000000']] as const) {
      expect(refusal(() => e.staff.signIn.signIn({ staffNo: no, secret: pw, counterId: '01' })).code).toMatch(/SIGNIN_FAILED|STAFF_NO_INVALID/);
    }
  });

  it('the first admin needs a real password, not a PIN', () => {
    const e = (env = makeStaffEnv());
    expect(refusal(() => e.staff.admin.createFirstAdmin({ ...ADMIN, password: '48213579' })).code).toBe('ROLE_NEEDS_PASSWORD');
    expect(refusal(() => e.staff.admin.createFirstAdmin({ ...ADMIN, password: 'short1' })).code).toBe('SECRET_TOO_WEAK');
    expect(e.staff.admin.needsSetup()).toBe(true);
  });
});

describe('staff management', () => {
  it('only an admin manages staff; clerks get weak-PIN refusals; numbers are never reused', () => {
    const e = (env = makeStaffEnv());
    const adminSession = seedHall(e);
    const clerkSession = e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' });
    expect(refusal(() => e.staff.admin.create(clerkSession, { staffNo: '1030', name: '钱多', role: 'clerk', secret: '5830' })).code).toBe('FORBIDDEN_ROLE');
    expect(refusal(() => e.staff.admin.create(adminSession, { staffNo: '1030', name: '钱多', role: 'clerk', secret: '1234' })).code).toBe('SECRET_TOO_WEAK');
    expect(refusal(() => e.staff.admin.create(adminSession, { staffNo: '1030', name: '钱多', role: 'clerk', secret: '7777' })).code).toBe('SECRET_TOO_WEAK');
    expect(refusal(() => e.staff.admin.create(adminSession, { staffNo: CLERK.staffNo, name: '重名', role: 'clerk', secret: '5830' })).code).toBe('STAFF_EXISTS');
    e.staff.admin.deactivate(adminSession, CLERK.staffNo);
    expect(refusal(() => e.staff.admin.create(adminSession, { staffNo: CLERK.staffNo, name: '新人', role: 'clerk', secret: '5830' })).code).toBe('STAFF_EXISTS');
  });

  it('deactivating ends the person’s sessions and keeps the record', () => {
    const e = (env = makeStaffEnv());
    const adminSession = seedHall(e);
    const s = e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' });
    const m = e.staff.admin.deactivate(adminSession, CLERK.staffNo);
    expect(m.active).toBe(false);
    expect(e.staff.sessions.get(s.sessionId)).toBeNull();
    expect(e.staff.repo.get(CLERK.staffNo)).not.toBeNull();
    expect(e.audit.query({ kindPrefix: 'staff.deactivate' }).entries[0]).toMatchObject({ actor: ADMIN.staffNo, detail: { staffNo: CLERK.staffNo } });
  });

  it('the last active admin cannot be deactivated or demoted', () => {
    const e = (env = makeStaffEnv());
    const adminSession = seedHall(e);
    expect(refusal(() => e.staff.admin.deactivate(adminSession, ADMIN.staffNo)).code).toBe('LAST_ADMIN');
    expect(refusal(() => e.staff.admin.changeRole(adminSession, ADMIN.staffNo, 'duty_manager')).code).toBe('LAST_ADMIN');
  });

  it('promotion from clerk requires a password; the live session’s role follows at once', () => {
    const e = (env = makeStaffEnv());
    const adminSession = seedHall(e);
    const s = e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' });
    expect(refusal(() => e.staff.admin.changeRole(adminSession, CLERK.staffNo, 'duty_manager')).code).toBe('ROLE_NEEDS_PASSWORD');
    e.staff.admin.changeRole(adminSession, CLERK.staffNo, 'duty_manager', 'Promoted-2025');
    expect(e.staff.sessions.get(s.sessionId)!.role).toBe('duty_manager');
    expect(e.staff.repo.get(CLERK.staffNo)!.secretKind).toBe('password');
    expect(e.audit.query({ kindPrefix: 'staff.role' }).entries[0]!.detail).toMatchObject({ before: 'clerk', after: 'duty_manager', secretReset: true });
  });

  it('a PIN reset lifts the lockout and only the new PIN works', () => {
    const e = (env = makeStaffEnv());
    const adminSession = seedHall(e);
    for (const pin of ['0001', '0002', '0003']) refusal(() => e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: pin, counterId: '03' }));
    expect(e.staff.lockout.remainingMs(CLERK.staffNo)).toBeGreaterThan(0);
    e.staff.admin.resetSecret(adminSession, CLERK.staffNo, '6092');
    expect(e.staff.lockout.remainingMs(CLERK.staffNo)).toBe(0);
    expect(refusal(() => e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' })).code).toBe('SIGNIN_FAILED');
    expect(e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: '6092', counterId: '03' }).staffNo).toBe(CLERK.staffNo);
  });

  it('anyone may change their own PIN after proving the current one', () => {
    const e = (env = makeStaffEnv());
    seedHall(e);
    const s = e.staff.signIn.signIn({ staffNo: MANAGER.staffNo, secret: MANAGER.secret, counterId: '03' });
    expect(refusal(() => e.staff.admin.changeOwnSecret(s, 'wrong-one-1', 'Brand-new-9')).code).toBe('SECRET_WRONG');
    expect(refusal(() => e.staff.admin.changeOwnSecret(s, MANAGER.secret, '20250602')).code).toBe('ROLE_NEEDS_PASSWORD');
    e.staff.admin.changeOwnSecret(s, MANAGER.secret, 'Brand-new-9');
    expect(e.staff.credentials.authenticate(MANAGER.staffNo, 'Brand-new-9').staffNo).toBe(MANAGER.staffNo);
  });

  it('the staff list never carries secret hashes', () => {
    const e = (env = makeStaffEnv());
    const adminSession = seedHall(e);
    const list = e.staff.admin.list(adminSession);
    expect(list.map((m) => m.staffNo)).toEqual(['1000', '1024', '1025', '2001']);
    expect(JSON.stringify(list)).not.toContain('scrypt');
  });
});
