/**
 * A duty manager's approval, checked in the core whatever the UI does: the approver's own
 * credentials, the duty_manager (or admin) role, and never the clerk whose till it is.
 */
import { BilingualError } from '../../../base/contract/errors';
import type { ApproverVerifier, Credentials, VerifiedStaff } from './ports';
import { sameStaff } from './session';

export interface Purpose {
  zh: string;
  en: string;
}

export type ApprovalRefusal = 'missing' | 'bad_credentials' | 'self_approval' | 'not_manager';

export class ApprovalRefused extends BilingualError {
  constructor(readonly refusal: ApprovalRefusal, base: BilingualError) {
    super(base.code, base.message_zh, base.message_en, base.detail);
  }
}

export function verifyApprover(
  verifier: ApproverVerifier,
  creds: Credentials | undefined,
  clerkStaffNo: string,
  purpose: Purpose,
): VerifiedStaff {
  if (!creds || !creds.staffNo || !creds.secret) {
    throw new ApprovalRefused('missing', new BilingualError(
      'TILL_APPROVAL_REQUIRED',
      `${purpose.zh}需要值班经理用本人工号和密码审批 — 请值班经理到台席审批`,
      `${purpose.en} needs the duty manager's approval with their own staff number and password — call the duty manager to the counter`,
    ));
  }
  if (sameStaff(creds.staffNo, clerkStaffNo)) {
    throw new ApprovalRefused('self_approval', selfApproval(purpose));
  }
  let staff: VerifiedStaff;
  try {
    staff = verifier.verify(creds.staffNo, creds.secret);
  } catch (e) {
    if (e instanceof BilingualError) throw new ApprovalRefused('bad_credentials', e);
    throw e;
  }
  if (sameStaff(staff.staffNo, clerkStaffNo)) throw new ApprovalRefused('self_approval', selfApproval(purpose));
  if (staff.role !== 'duty_manager' && staff.role !== 'admin') {
    throw new ApprovalRefused('not_manager', new BilingualError(
      'TILL_APPROVER_NOT_MANAGER',
      `工号 ${staff.staffNo} 不是值班经理，无权审批${purpose.zh} — 请值班经理本人审批`,
      `Staff ${staff.staffNo} is not a duty manager and cannot approve ${purpose.en.toLowerCase()} — the duty manager must approve in person`,
      { approver: staff.staffNo, role: staff.role },
    ));
  }
  return staff;
}

function selfApproval(purpose: Purpose): BilingualError {
  return new BilingualError(
    'TILL_SELF_APPROVAL',
    `不能审批自己的${purpose.zh} — 请由值班经理用其本人工号审批`,
    `You cannot approve your own ${purpose.en.toLowerCase()} — the duty manager must approve with their own staff number`,
  );
}
