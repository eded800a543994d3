import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, CLERK, CLERK2, MANAGER, makeStaffEnv, seedHall, type StaffEnv } from './fixture';
import { refusal } from './fixture';


let env: StaffEnv | null = null;
afterEach(() => {
  env?.cleanup();
  env = null;
});

const managerOnly = ['duty_manager'] as const;

describe('verifyApprover', () => {
  it('accepts a duty manager and audits the grant', () => {
    const e = (env = makeStaffEnv());
    seedHall(e);
    const a = e.staff.approvals.verifyApprover(MANAGER.staffNo, MANAGER.secret, { allowedRoles: managerOnly, notStaffNo: CLERK.staffNo, counterId: '03', purpose: 'till.settle_early' });
    expect(a).toEqual({ staffNo: '2001', role: 'duty_manager', name: '李梅' });
    expect(e.audit.query({ kindPrefix: 'approval' }).entries[0]).toMatchObject({
      kind: 'approval.grant', actor: '2001', counterId: '03', detail: { purpose: 'till.settle_early', requester: '1024' },
    });
  });

  it('refuses the requester’s own staff number with the clear message, before checking the secret', () => {
    const e = (env = makeStaffEnv());
    seedHall(e);
    const err = refusal(() => e.staff.approvals.verifyApprover(MANAGER.staffNo, 'whatever', { allowedRoles: managerOnly, notStaffNo: MANAGER.staffNo }));
    expect(err.code).toBe('APPROVAL_SELF');
    expect(err.message_zh).toBe('不能审批自己的操作 — 请值班经理本人输入工号和密码');
    expect(e.staff.lockout.state(MANAGER.staffNo).failures).toBe(0);
  });

  it('refuses a clerk (even with the right PIN) and an admin when only managers may approve', () => {
    const e = (env = makeStaffEnv());
    seedHall(e);
    const clerk = refusal(() => e.staff.approvals.verifyApprover(CLERK2.staffNo, CLERK2.secret, { allowedRoles: managerOnly, notStaffNo: CLERK.staffNo }));
    expect(clerk.code).toBe('APPROVAL_ROLE');
    expect(clerk.message_zh).toContain('营业员');
    expect(refusal(() => e.staff.approvals.verifyApprover(ADMIN.staffNo, ADMIN.password, { allowedRoles: managerOnly })).code).toBe('APPROVAL_ROLE');
    expect(e.audit.query({ kindPrefix: 'approval.refuse' }).entries).toHaveLength(2);
  });

  it('refuses a bad secret, which counts toward the approver’s lockout', () => {
    const e = (env = makeStaffEnv());
    seedHall(e);
    const bad = () => e.staff.approvals.verifyApprover(MANAGER.staffNo, 'Wrong-pass-1', { allowedRoles: managerOnly, notStaffNo: CLERK.staffNo });
    expect(refusal(bad).code).toBe('SIGNIN_FAILED');
    expect(refusal(bad).code).toBe('SIGNIN_FAILED');
    expect(refusal(bad).code).toBe('SIGNIN_LOCKED_OUT');
    // The lockout is the manager's everywhere: sign-in is blocked too.
    expect(refusal(() => e.staff.signIn.signIn({ staffNo: MANAGER.staffNo, secret: MANAGER.secret, counterId: '01' })).code).toBe('SIGNIN_LOCKED_OUT');
    const refusals = e.audit.query({ kindPrefix: 'approval.refuse' }).entries;
    expect(refusals.map((r) => r.detail.code)).toEqual(['SIGNIN_LOCKED_OUT', 'SIGNIN_FAILED', 'SIGNIN_FAILED']);
    expect(JSON.stringify(refusals)).not.toContain('Wrong-pass-1');
  });

  it('the ApproverVerifier adapter reads the current requester at each call', () => {
    const e = (env = makeStaffEnv());
    seedHall(e);
    let requester: string | null = CLERK.staffNo;
    const port = e.staff.approvals.verifier({ requester: () => requester, counterId: () => '03', purpose: 'till.variance' });
    expect(port.verify(MANAGER.staffNo, MANAGER.secret)).toEqual({ staffNo: '2001', role: 'duty_manager', name: '李梅' });
    requester = MANAGER.staffNo; // the manager is now the one asking
    expect(refusal(() => port.verify(MANAGER.staffNo, MANAGER.secret)).code).toBe('APPROVAL_SELF');
    expect(refusal(() => port.verify(CLERK2.staffNo, CLERK2.secret)).code).toBe('APPROVAL_ROLE');
  });
});
