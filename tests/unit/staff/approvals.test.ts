// The one approval policy: the staff module's verifier (credentials + audit) under `approve`.
import { afterEach, describe, expect, it } from 'vitest';
import { approve, ApprovalRefused, confirmOwn } from '../../../electron/core/staff/approvals';
import { ADMIN, CLERK, CLERK2, MANAGER, makeStaffEnv, seedHall, type StaffEnv } from './fixture';
import { refusal } from '../../helpers/refusal';

let env: StaffEnv | null = null;
afterEach(() => {
  env?.cleanup();
  env = null;
});

const early = { key: 'till.settle_early', zh: '提前结账', en: 'Early settlement' };

describe('approve', () => {
  it('accepts a duty manager or an administrator and audits the grant', () => {
    const e = (env = makeStaffEnv());
    seedHall(e);
    const a = e.staff.approvals.approve(MANAGER, { purpose: early, requester: CLERK.staffNo, counterId: '03' });
    expect(a).toEqual({ staffNo: '2001', role: 'duty_manager', name: '李梅' });
    expect(e.audit.query({ kindPrefix: 'approval' }).entries[0]).toMatchObject({
      kind: 'approval.grant', actor: '2001', counterId: '03', detail: { purpose: 'till.settle_early', requester: '1024' },
    });
    expect(e.staff.approvals.approve({ staffNo: ADMIN.staffNo, secret: ADMIN.password }, { purpose: early, requester: CLERK.staffNo }).role).toBe('admin');
  });

  it('refuses the requester’s own staff number with the clear message, before checking the secret', () => {
    const e = (env = makeStaffEnv());
    seedHall(e);
    const err = refusal(() => e.staff.approvals.approve({ staffNo: MANAGER.staffNo, secret: 'whatever' }, { purpose: early, requester: ` ${MANAGER.staffNo.toLowerCase()} ` }));
    expect(err).toBeInstanceOf(ApprovalRefused);
    expect(err).toMatchObject({ code: 'APPROVAL_SELF', refusal: 'self_approval' });
    expect(err.message_zh).toBe('不能审批自己的提前结账 — 请由值班经理用其本人工号和密码审批');
    expect(e.staff.lockout.state(MANAGER.staffNo).failures).toBe(0);
    expect(e.audit.query({ kindPrefix: 'approval.refuse' }).entries[0]?.detail).toMatchObject({ staffNo: MANAGER.staffNo, purpose: 'till.settle_early', code: 'APPROVAL_SELF' });
  });

  it('refuses a clerk even with the right PIN, and asks for credentials that were not given', () => {
    const e = (env = makeStaffEnv());
    seedHall(e);
    const clerk = refusal(() => e.staff.approvals.approve(CLERK2, { purpose: early, requester: CLERK.staffNo }));
    expect(clerk).toMatchObject({ code: 'APPROVAL_ROLE', refusal: 'not_manager' });
    expect(clerk.message_zh).toContain('不是值班经理');
    expect(clerk.message_zh).toContain('营业员');
    expect(refusal(() => e.staff.approvals.approve(undefined, { purpose: early, requester: CLERK.staffNo }))).toMatchObject({ code: 'APPROVAL_REQUIRED', refusal: 'missing' });
    // Nobody tried when no credentials came: only the clerk's attempt is on record.
    expect(e.audit.query({ kindPrefix: 'approval.refuse' }).entries).toHaveLength(1);
  });

  it('refuses a bad secret, throttled at the counter where it was typed, never locking the approver out of their sign-in', () => {
    const e = (env = makeStaffEnv());
    seedHall(e);
    const bad = () => e.staff.approvals.approve({ staffNo: MANAGER.staffNo, secret: 'Wrong-pass-1' }, { purpose: early, requester: CLERK.staffNo, counterId: '03' });
    expect(refusal(bad)).toMatchObject({ code: 'SIGNIN_FAILED', refusal: 'bad_credentials' });
    expect(refusal(bad).code).toBe('SIGNIN_FAILED');
    expect(refusal(bad).code).toBe('APPROVAL_THROTTLED');
    // The wait is the counter's: the manager signs in, and approves at another counter.
    expect(e.staff.signIn.signIn({ staffNo: MANAGER.staffNo, secret: MANAGER.secret, counterId: '01' }).staffNo).toBe(MANAGER.staffNo);
    expect(e.staff.approvals.approve(MANAGER, { purpose: early, requester: CLERK.staffNo, counterId: '04' }).staffNo).toBe(MANAGER.staffNo);
    const refusals = e.audit.query({ kindPrefix: 'approval.refuse' }).entries;
    expect(refusals.map((r) => r.detail.code)).toEqual(['APPROVAL_THROTTLED', 'SIGNIN_FAILED', 'SIGNIN_FAILED']);
    expect(JSON.stringify(refusals)).not.toContain('Wrong-pass-1');
  });

  it('a person confirming their own act: the same credential path; a refusal is recorded, a confirmation grants nothing', () => {
    const e = (env = makeStaffEnv());
    seedHall(e);
    const handover = { key: 'till.handover', zh: '上缴营业款', en: 'Handing over the takings' };
    expect(confirmOwn(e.staff.approvals, CLERK, { purpose: handover }).staffNo).toBe(CLERK.staffNo);
    expect(refusal(() => confirmOwn(e.staff.approvals, { staffNo: CLERK.staffNo, secret: '0000' }, { purpose: handover })).code).toBe('SIGNIN_FAILED');
    expect(e.audit.query({ kindPrefix: 'approval' }).entries.map((x) => x.kind)).toEqual(['approval.refuse']);
  });

  it('works over any verifier: the till’s port is the same interface, recording optional', () => {
    const verifier = { verify: (staffNo: string) => ({ staffNo, role: 'duty_manager' as const, name: '值班' }) };
    expect(approve(verifier, { staffNo: 'M9', secret: 'x' }, { purpose: early, requester: 'C1' }).staffNo).toBe('M9');
    expect(refusal(() => approve(verifier, { staffNo: 'c1', secret: 'x' }, { purpose: early, requester: 'C1' })).code).toBe('APPROVAL_SELF');
  });
});
