/**
 * A duty manager takes over the counter of an absent clerk (staff and till together): the staff
 * module checks the manager's own credentials and role, keeps the reason and ends every other
 * sign-in at the counter; the till records the takeover on the clerk's open till — or on her
 * settled till whose takings are not handed over yet — so the manager may act on it, both names
 * on every record from then on.
 */
import type { Session, StaffModule } from '../staff';
import { sameStaff } from '../staff/approvals';
import type { Db } from '../storage/db';
import type { Till } from '../till';

export function takeOverCounter(deps: { db: Db; staff: StaffModule; till: Till }, input: { staffNo: string; secret: string; reason: string; counterId: string }): Session {
  const { session, noteId } = deps.staff.signIn.takeOver(deps.db, input);
  const open = deps.till.openSessionAt(input.counterId);
  const closed = open ? null : deps.till.closedToday(input.counterId);
  const target = open ? { id: open.id, owner: open.clerk_staff_no } : closed && !closed.handedOver ? { id: closed.sessionId, owner: closed.owner } : null;
  if (target && !sameStaff(target.owner, session.staffNo) && !deps.till.mayAct(target.id, session.staffNo)) {
    deps.till.takeOver(target.id, session.staffNo, noteId);
  }
  return session;
}
