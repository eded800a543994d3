/**
 * The one approval policy. A duty manager approving at a clerk's counter (early settlement, a
 * variance beyond tolerance, the clock after a jump, receiving the takings, a reprint) types
 * their own staff number and password there:
 *  - nobody approves their own action: checked before the secret, so the requester hears why
 *    at once and their own PIN is not counted against them as a guess;
 *  - the secret is checked through the one credential path, so a wrong one counts toward the
 *    approver's lockout like a wrong sign-in;
 *  - only a duty manager or an administrator approves (a clerk's correct PIN is not enough);
 *  - every decision on credentials that were given is recorded (approval.grant / approval.refuse).
 * The till and the reprint path both call `approve`; they differ only in what they record
 * besides (the till keeps its own evidence table for the early-closing lock).
 */
import { BilingualError } from '../../../base/contract/errors';
import { ROLE_ZH, type Role } from '../../../base/contract/roles';
import type { ApprovalInput } from '../../../base/contract/staff';
import type { AuditLog } from '../audit/auditLog';
import { AUDIT_KINDS } from '../audit/kinds';
import type { Credentials } from './credentials';
import { APPROVER_ROLES } from './roles';
import { isValidStaffNo } from '../../../base/staffRules';

export interface Approver {
  staffNo: string;
  role: Role;
  name: string;
}

/** What an approving person types in: their own staff number and PIN/password. */
export type ApprovalCredentials = ApprovalInput;

export type ApprovalDecision =
  | { granted: true; approver: string; purpose: string; requester: string; counterId: string | null }
  | { granted: false; staffNo: string; purpose: string; code: BilingualError['code']; counterId: string | null };

/**
 * Checks a person's own credentials (throws BilingualError when they are wrong), and hears of
 * every decision the policy takes so it can be recorded.
 */
export interface ApproverVerifier {
  /** `counterId`: where the approval is typed (its wrong secrets are throttled there, apart from sign-in). */
  verify(staffNo: string, secret: string, counterId?: string | null): Approver;
  record?(decision: ApprovalDecision): void;
}

/** What is approved: `key` for the audit log ("till.settle_early", "print.reprint"), words for the refusal. */
export interface ApprovalPurpose {
  key: string;
  zh: string;
  en: string;
}

export interface ApprovalRequest {
  purpose: ApprovalPurpose;
  /** Whose action it is: the approver must be somebody else. */
  requester: string;
  counterId?: string | null;
}

export type ApprovalRefusal = 'missing' | 'bad_credentials' | 'self_approval' | 'not_manager';

/** A refused approval, with why (the till keeps the reason as evidence). */
export class ApprovalRefused extends BilingualError {
  constructor(readonly refusal: ApprovalRefusal, base: BilingualError) {
    super(base.code, base.message_zh, base.message_en, base.detail);
  }
}

/** Staff numbers compare trimmed and case-blind: "d001" and "D001 " are the same person. */
export function sameStaff(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

/** The approver, or an ApprovalRefused (recorded through the verifier when credentials were given). */
export function approve(verifier: ApproverVerifier, creds: ApprovalCredentials | undefined, req: ApprovalRequest): Approver {
  const counterId = req.counterId ?? null;
  const { purpose } = req;
  if (!creds || !creds.staffNo || !creds.secret) {
    throw new ApprovalRefused('missing', new BilingualError(
      'APPROVAL_REQUIRED',
      `${purpose.zh}需要值班经理用本人工号和密码审批 — 请值班经理到台席审批`,
      `${purpose.en} needs the duty manager's approval with their own staff number and password — call the duty manager to the counter`,
    ));
  }
  // The typed number goes in only when it is shaped like one: a mistyped ID number must not.
  const tried = isValidStaffNo(creds.staffNo) ? creds.staffNo : '(invalid)';
  const refuse = (refusal: ApprovalRefusal, e: BilingualError): never => {
    verifier.record?.({ granted: false, staffNo: tried, purpose: purpose.key, code: e.code, counterId });
    throw new ApprovalRefused(refusal, e);
  };
  if (sameStaff(creds.staffNo, req.requester)) refuse('self_approval', selfApproval(purpose));
  let staff: Approver;
  try {
    staff = verifier.verify(creds.staffNo, creds.secret, counterId);
  } catch (e) {
    if (e instanceof BilingualError) refuse('bad_credentials', e);
    throw e;
  }
  if (sameStaff(staff.staffNo, req.requester)) refuse('self_approval', selfApproval(purpose));
  if (!APPROVER_ROLES.includes(staff.role)) {
    refuse('not_manager', new BilingualError(
      'APPROVAL_ROLE',
      `工号 ${staff.staffNo}（${ROLE_ZH[staff.role]}）不是值班经理，无权审批${purpose.zh} — 请值班经理本人审批`,
      `Staff ${staff.staffNo} is not a duty manager and cannot approve ${purpose.en.toLowerCase()} — the duty manager must approve in person`,
      { approver: staff.staffNo, role: staff.role },
    ));
  }
  verifier.record?.({ granted: true, approver: staff.staffNo, purpose: purpose.key, requester: req.requester, counterId });
  return staff;
}

/**
 * A person confirming their own act with their own credentials (the clerk handing over her
 * takings): the same credential path and lockout; a refusal is recorded, a confirmation grants nothing.
 */
export function confirmOwn(verifier: ApproverVerifier, creds: ApprovalCredentials, req: { purpose: ApprovalPurpose; counterId?: string | null }): Approver {
  try {
    return verifier.verify(creds.staffNo, creds.secret, req.counterId ?? null);
  } catch (e) {
    if (e instanceof BilingualError) {
      const tried = isValidStaffNo(creds.staffNo) ? creds.staffNo : '(invalid)';
      verifier.record?.({ granted: false, staffNo: tried, purpose: req.purpose.key, code: e.code, counterId: req.counterId ?? null });
    }
    throw e;
  }
}

function selfApproval(purpose: ApprovalPurpose): BilingualError {
  return new BilingualError(
    'APPROVAL_SELF',
    `不能审批自己的${purpose.zh} — 请由值班经理用其本人工号和密码审批`,
    `You cannot approve your own ${purpose.en.toLowerCase()} — the duty manager must approve with their own staff number and password`,
  );
}

/** The staff module's verifier: the one credential path, and the audit log for every decision. */
export class Approvals implements ApproverVerifier {
  constructor(
    private readonly credentials: Credentials,
    private readonly audit: AuditLog,
  ) {}

  verify(staffNo: string, secret: string, counterId: string | null = null): Approver {
    const rec = this.credentials.forApproval(staffNo, secret, counterId);
    return { staffNo: rec.staffNo, role: rec.role, name: rec.name };
  }

  record(d: ApprovalDecision): void {
    if (d.granted) {
      this.audit.append({ kind: AUDIT_KINDS.approvalGrant, actor: d.approver, counterId: d.counterId, detail: { purpose: d.purpose, requester: d.requester } });
    } else {
      this.audit.append({ kind: AUDIT_KINDS.approvalRefuse, actor: null, counterId: d.counterId, detail: { staffNo: d.staffNo, purpose: d.purpose, code: d.code } });
    }
  }

  approve(creds: ApprovalCredentials | undefined, req: ApprovalRequest): Approver {
    return approve(this, creds, req);
  }
}
