/**
 * A duty manager approving at a clerk's counter (early settlement, a large variance, a
 * reprint) types their own staff number and password. Wrong secrets count toward the
 * approver's lockout; nobody approves their own action; every grant and refusal is audited.
 */
import { BilingualError } from '../../../base/contract/errors';
import type { Role } from '../../../base/contract/roles';
import type { AuditLog } from '../audit/auditLog';
import { AUDIT_KINDS } from '../audit/kinds';
import type { Credentials } from './credentials';
import { staffErrors } from './errors';
import { APPROVER_ROLES } from './roles';
import { isValidStaffNo } from './secretPolicy';

export interface Approver {
  staffNo: string;
  role: Role;
  name: string;
}

export interface ApprovalRequest {
  allowedRoles: readonly Role[];
  /** The requester: the approver must be somebody else. */
  notStaffNo?: string | null;
  counterId?: string | null;
  /** What is approved, for the audit log: "till.settle_early", "print.reprint". */
  purpose?: string;
}

/** The port the till (and reprints) depend on. */
export interface ApproverVerifier {
  verify(staffNo: string, secret: string): Approver;
}

export class Approvals {
  constructor(
    private readonly credentials: Credentials,
    private readonly audit: AuditLog,
  ) {}

  verifyApprover(staffNo: string, secret: string, req: ApprovalRequest): Approver {
    const counterId = req.counterId ?? null;
    const purpose = req.purpose ?? null;
    const tried = isValidStaffNo(staffNo) ? staffNo : '(invalid)';
    const refuse = (e: BilingualError): never => {
      this.audit.append({ kind: AUDIT_KINDS.approvalRefuse, actor: null, counterId, detail: { staffNo: tried, purpose, code: e.code } });
      throw e;
    };
    // Checked before the secret: the clerk typing their own number must hear why at once,
    // and their own PIN must not be counted against them as a guess.
    if (req.notStaffNo && staffNo === req.notStaffNo) refuse(staffErrors.selfApproval());
    let rec;
    try {
      rec = this.credentials.authenticate(staffNo, secret);
    } catch (e) {
      if (e instanceof BilingualError) refuse(e);
      throw e;
    }
    if (!req.allowedRoles.includes(rec.role)) refuse(staffErrors.approverRole(rec.role, req.allowedRoles));
    this.audit.append({ kind: AUDIT_KINDS.approvalGrant, actor: rec.staffNo, counterId, detail: { purpose, requester: req.notStaffNo ?? null } });
    return { staffNo: rec.staffNo, role: rec.role, name: rec.name };
  }

  /**
   * Adapter for the till's ApproverVerifier port. `requester` is read at each call (the
   * clerk signed in at this counter), so the same adapter serves every shift.
   */
  verifier(opts: {
    allowedRoles?: readonly Role[];
    requester?: () => string | null;
    counterId?: () => string | null;
    purpose?: string;
  } = {}): ApproverVerifier {
    return {
      verify: (staffNo, secret) =>
        this.verifyApprover(staffNo, secret, {
          allowedRoles: opts.allowedRoles ?? APPROVER_ROLES,
          notStaffNo: opts.requester?.() ?? null,
          counterId: opts.counterId?.() ?? null,
          purpose: opts.purpose ?? 'approval',
        }),
    };
  }
}
