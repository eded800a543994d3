/**
 * till.*: the cash session of the signed-in person's counter. Every rule is enforced in core/till;
 * each call names its actor (the signed-in person), which the till checks against the till's owner.
 */
import { BilingualError } from '../../../base/contract/errors';
import { MANAGER_ROLES, roleMay } from '../../../base/contract/roles';
import type { TillHeader, TillStatus } from '../../../base/contract/till';
import type { CallContext, CallerSession, Handlers } from '../rpc/dispatcher';
import { domainOf, type Domain, type Services } from '../services';
import { sameStaff } from '../staff/approvals';
import { caller } from './caller';

type H = Pick<
  Handlers,
  | 'till.status' | 'till.header' | 'till.open' | 'till.movement' | 'till.count' | 'till.settle' | 'till.approveEarly' | 'till.approveClock'
  | 'till.approveRecount' | 'till.approveOffline' | 'till.handover' | 'till.zReport' | 'till.earlyEvents'
>;

/**
 * The hall's time is read before the till opens and before a count or a settlement (the till
 * judges the clock and closing time by it). A hall that does not answer in time is a hall away:
 * opening goes on with the checked local clock, a count or settlement then needs the duty manager.
 */
const TIME_READ_MS = { open: 1500, settle: 3000 } as const;

const noSession = () =>
  new BilingualError('TILL_NOT_OPEN', '本台席钱箱尚未开班 — 请先清点备用金开班', 'The till of this counter is not open — count the float and open it first');

function ownerOf(d: Domain, staffNo: string): { staffNo: string; name: string | null } {
  return { staffNo, name: d.staff.repo.get(staffNo)?.name ?? null };
}

export function tillStatusFor(d: Domain, session: CallerSession): TillStatus {
  const till = d.till();
  const open = till.openSessionAt(session.counterId);
  const isManager = roleMay(session.role, MANAGER_ROLES);
  const clock = till.clockState(session.counterId);
  const toleranceFen = till.settings.toleranceFen;
  if (!open) {
    const closed = till.closedToday(session.counterId);
    return {
      session: null, nonCash: null, manager: null, toleranceFen, clock, closed,
      owner: closed ? ownerOf(d, closed.owner) : null,
      mayAct: closed ? till.mayAct(closed.sessionId, session.staffNo) : true,
    };
  }
  const view = till.clerkView(open.id);
  const totals = till.sessionTotals(open.id);
  return {
    session: view,
    nonCash: totals.nonCash,
    manager: isManager ? { expectedCashFen: totals.expectedCashFen, totals } : null,
    toleranceFen, clock, closed: null,
    owner: ownerOf(d, open.clerk_staff_no),
    mayAct: till.mayAct(open.id, session.staffNo),
  };
}

/** The header's word for the till, for any screen (nothing secret: no amounts). */
export function tillHeaderFor(d: Domain, counterId: string): TillHeader {
  const till = d.till();
  const open = till.openSessionAt(counterId);
  const clock = till.clockState(counterId).state;
  if (open) return { state: 'open', zNo: null, owner: open.clerk_staff_no, clock };
  const closed = till.closedToday(counterId);
  return closed ? { state: 'settled', zNo: closed.zNo, owner: closed.owner, clock } : { state: 'none', zNo: null, owner: null, clock };
}

/** The session being closed: the open one, or after settlement the last one this person may act on. */
function closingSessionId(d: Domain, who: CallerSession): number {
  const s = d.till().closingSessionAt(who.counterId, who.staffNo);
  if (!s) throw noSession();
  return s.id;
}

export function tillHandlers(s: Services): H {
  const sessionId = (d: Domain, ctx: CallContext): number => {
    const open = d.till().openSessionAt(caller(ctx).counterId);
    if (!open) throw noSession();
    return open.id;
  };
  const changed = (counterId: string) => s.bus.emit('till.changed', { counterId });
  return {
    'till.status': (_i, ctx) => tillStatusFor(domainOf(s), caller(ctx)),
    'till.header': () => tillHeaderFor(domainOf(s), s.settings.get().hall.counterId),
    'till.open': async (i, ctx) => {
      const d = domainOf(s);
      await d.hall.readTime(TIME_READ_MS.open);
      const who = caller(ctx);
      d.till().openSession({ counterId: who.counterId, clerkStaffNo: who.staffNo, float: i.float, items: i.items, ...(i.reopen ? { reopen: { approval: i.reopen.approval, reason: i.reopen.reason } } : {}) });
      changed(who.counterId);
      return tillStatusFor(d, who);
    },
    'till.movement': (i, ctx) => {
      const d = domainOf(s);
      const id = sessionId(d, ctx);
      const till = d.till();
      const actor = caller(ctx).staffNo;
      if (i.kind === 'drop') till.recordDrop({ sessionId: id, amountFen: i.amountFen, bagNo: i.bagNo, actor });
      else if (i.kind === 'cash_in') till.recordCashIn({ sessionId: id, amountFen: i.amountFen, reason: i.reason, actor });
      else till.recordCashOut({ sessionId: id, amountFen: i.amountFen, reason: i.reason, actor });
      changed(caller(ctx).counterId);
      return tillStatusFor(d, caller(ctx));
    },
    'till.count': async (i, ctx) => {
      const d = domainOf(s);
      await d.hall.readTime(TIME_READ_MS.settle);
      const r = d.till().submitCount({ sessionId: sessionId(d, ctx), cash: i.cash, items: i.items, actor: caller(ctx).staffNo });
      changed(caller(ctx).counterId);
      return r;
    },
    'till.settle': async (i, ctx) => {
      const d = domainOf(s);
      await d.hall.readTime(TIME_READ_MS.settle);
      const till = d.till();
      // A settle retried after it succeeded (double click, reply lost in transit) must get the
      // first result back, not "till not open".
      const id = closingSessionId(d, caller(ctx));
      const r = till.settle({ sessionId: id, idempotencyKey: i.idempotencyKey, actor: caller(ctx).staffNo, ...(i.varianceApproval ? { varianceApprover: i.varianceApproval } : {}) });
      changed(caller(ctx).counterId);
      return r;
    },
    'till.approveEarly': (i, ctx) => {
      const d = domainOf(s);
      const approvalId = d.till().approveEarlySettlement({
        sessionId: sessionId(d, ctx),
        approver: i.approval,
        reasonCode: i.reasonCode,
        actor: caller(ctx).staffNo,
        ...(i.reasonText ? { reasonText: i.reasonText } : {}),
      });
      changed(caller(ctx).counterId);
      return { approvalId };
    },
    'till.approveClock': (i, ctx) => {
      const d = domainOf(s);
      const approvalId = d.till().approveClock({ sessionId: sessionId(d, ctx), approver: i.approval, reason: i.reason, actor: caller(ctx).staffNo });
      changed(caller(ctx).counterId);
      return { approvalId };
    },
    'till.approveOffline': (i, ctx) => {
      const d = domainOf(s);
      const approvalId = d.till().approveOffline({ sessionId: sessionId(d, ctx), approver: i.approval, reason: i.reason, actor: caller(ctx).staffNo });
      changed(caller(ctx).counterId);
      return { approvalId };
    },
    'till.approveRecount': (i, ctx) => {
      const d = domainOf(s);
      const approvalId = d.till().approveRecount({ sessionId: sessionId(d, ctx), approver: i.approval, reason: i.reason, actor: caller(ctx).staffNo });
      changed(caller(ctx).counterId);
      return { approvalId };
    },
    'till.handover': (i, ctx) => {
      const d = domainOf(s);
      const who = caller(ctx);
      const till = d.till();
      const sid = closingSessionId(d, who);
      till.handover({
        sessionId: sid,
        amountFen: i.amountFen,
        bagNo: i.bagNo,
        sealNo: i.sealNo,
        handedBy: { staffNo: who.staffNo, secret: i.clerkSecret },
        receivedBy: i.receiver,
      });
      const zNo = till.zNoOf(sid);
      const jobId = d.printZReport(zNo, who.staffNo);
      changed(who.counterId);
      return { zNo, jobId };
    },
    'till.zReport': (i, ctx) => {
      const d = domainOf(s);
      const who = caller(ctx);
      // A clerk reads her own counter's reports only; the duty manager reads every counter's.
      if (!roleMay(who.role, MANAGER_ROLES)) {
        const z = d.till().zCounterOf(i.zNo);
        if (z.counterId !== who.counterId && !sameStaff(z.owner, who.staffNo)) {
          throw new BilingualError('TILL_Z_NOT_YOURS', `结账报表 Z${i.zNo} 属于台席 ${z.counterId}，营业员只能查看本台席的报表`, `Z report ${i.zNo} belongs to counter ${z.counterId}; a clerk may read her own counter's reports only`);
        }
      }
      return { zNo: i.zNo, preview: d.previewZReport(i.zNo) };
    },
    'till.earlyEvents': (i) => domainOf(s).till().earlyEvents(i.from, i.to),
  };
}
