/**
 * A second till on a business day this counter already settled (reopening after the Z report)
 * needs the duty manager: otherwise "settle early, reopen, carry on" would hide an early close.
 */
import { BilingualError } from '../../../base/contract/errors';
import { putFreeText } from '../privacy/freeTextStore';
import { approve, type ApprovalCredentials } from '../staff/approvals';
import type { TillDeps } from './deps';

export interface ReopenApproval {
  approval: ApprovalCredentials;
  reason: string;
}

/** The day's settled Z numbers at this counter. */
export function settledToday(deps: Pick<TillDeps, 'db'>, counterId: string, businessDay: string): number[] {
  return (deps.db.prepare(`SELECT z.z_no FROM till_session s JOIN till_z_report z ON z.session_id = s.id
    WHERE s.counter_id = ? AND s.business_day = ? AND s.status = 'settled' ORDER BY z.z_no`).all(counterId, businessDay) as { z_no: number }[]).map((r) => r.z_no);
}

/**
 * Null when the day has no settled till yet; else the approval (checked now) and how to record
 * it once the new session exists. Throws TILL_REOPEN_NEEDS_APPROVAL without one.
 */
export function reopenCheck(deps: TillDeps, counterId: string, requester: string, businessDay: string, given: ReopenApproval | undefined): { approver: string; record(sessionId: number): void } | null {
  const z = settledToday(deps, counterId, businessDay);
  if (z.length === 0) return null;
  const last = z[z.length - 1]!;
  if (!given) {
    throw new BilingualError(
      'TILL_REOPEN_NEEDS_APPROVAL',
      `本台席今天已结账（结账报表 Z${last}）— 同一营业日再次开班须值班经理审批`,
      `This counter already settled today (Z report ${last}) — opening the till again on the same business day needs the duty manager's approval`,
      { zNo: last },
    );
  }
  const reason = given.reason.trim();
  if (reason.length < 2 || reason.length > 200) throw new BilingualError('TILL_EARLY_REASON_TEXT', '请写明再次开班的原因（2–200 字）', 'Write why the till is opened again (2–200 characters)');
  const approver = approve(deps.approver, given.approval, {
    purpose: { key: 'till.reopen', zh: '同日再次开班', en: 'Opening the till again the same day' }, requester, counterId,
  }).staffNo;
  return {
    approver,
    record(sessionId) {
      const now = deps.clock.now();
      const noteId = putFreeText(deps.db, 'till.reopen', reason, now);
      deps.db.prepare('INSERT INTO till_reopen (session_id, at, approver_staff_no, note_id) VALUES (?, ?, ?, ?)').run(sessionId, now, approver, noteId);
    },
  };
}
