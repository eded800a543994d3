/** till.*: the cash session of the signed-in clerk's counter. Every rule is enforced in core/till. */
import { BilingualError } from '../../../base/contract/errors';
import { MANAGER_ROLES, roleMay } from '../../../base/contract/roles';
import type { TillStatus } from '../../../base/contract/till';
import type { CallContext, CallerSession, Handlers } from '../rpc/dispatcher';
import { domainOf, type Domain, type Services } from '../services';
import { caller } from './caller';

type H = Pick<
  Handlers,
  'till.status' | 'till.open' | 'till.movement' | 'till.count' | 'till.settle' | 'till.approveEarly' | 'till.handover' | 'till.zReport' | 'till.earlyEvents'
>;

const noSession = () =>
  new BilingualError('TILL_NOT_OPEN', '本台席钱箱尚未开班 — 请先清点备用金开班', 'The till of this counter is not open — count the float and open it first');


export function tillStatusFor(d: Domain, session: CallerSession): TillStatus {
  const till = d.till();
  const open = till.openSessionAt(session.counterId);
  const isManager = roleMay(session.role, MANAGER_ROLES);
  if (!open) return { session: null, nonCash: null, manager: null, toleranceFen: till.settings.toleranceFen };
  const view = till.clerkView(open.id);
  const totals = till.sessionTotals(open.id);
  return {
    session: view,
    nonCash: totals.nonCash,
    manager: isManager ? { expectedCashFen: totals.expectedCashFen, totals } : null,
    toleranceFen: till.settings.toleranceFen,
  };
}

/** The session being closed: the open one, or after settlement this clerk's last settled one. */
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
    'till.open': (i, ctx) => {
      const d = domainOf(s);
      const who = caller(ctx);
      d.till().openSession({ counterId: who.counterId, clerkStaffNo: who.staffNo, float: i.float, items: i.items });
      changed(who.counterId);
      return tillStatusFor(d, who);
    },
    'till.movement': (i, ctx) => {
      const d = domainOf(s);
      const id = sessionId(d, ctx);
      const till = d.till();
      if (i.kind === 'drop') till.recordDrop({ sessionId: id, amountFen: i.amountFen, bagNo: i.bagNo });
      else if (i.kind === 'cash_in') till.recordCashIn({ sessionId: id, amountFen: i.amountFen, reason: i.reason });
      else till.recordCashOut({ sessionId: id, amountFen: i.amountFen, reason: i.reason });
      changed(caller(ctx).counterId);
      return tillStatusFor(d, caller(ctx));
    },
    'till.count': (i, ctx) => {
      const d = domainOf(s);
      const r = d.till().submitCount({ sessionId: sessionId(d, ctx), cash: i.cash, items: i.items });
      changed(caller(ctx).counterId);
      return r;
    },
    'till.settle': (i, ctx) => {
      const d = domainOf(s);
      const till = d.till();
      // A settle retried after it succeeded (double click, reply lost in transit) must get the
      // first result back, not "till not open".
      const id = closingSessionId(d, caller(ctx));
      const r = till.settle({ sessionId: id, idempotencyKey: i.idempotencyKey, ...(i.varianceApproval ? { varianceApprover: i.varianceApproval } : {}) });
      changed(caller(ctx).counterId);
      return r;
    },
    'till.approveEarly': (i, ctx) => {
      const d = domainOf(s);
      const approvalId = d.till().approveEarlySettlement({
        sessionId: sessionId(d, ctx),
        approver: i.approval,
        reasonCode: i.reasonCode,
        ...(i.reasonText ? { reasonText: i.reasonText } : {}),
      });
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
    'till.zReport': (i) => {
      const d = domainOf(s);
      return { zNo: i.zNo, preview: d.previewZReport(i.zNo) };
    },
    'till.earlyEvents': (i) => domainOf(s).till().earlyEvents(i.from, i.to),
  };
}
