/**
 * Handing the takings over (营业款上缴): after settlement, the clerk (or the duty manager who took
 * her counter over) hands a sealed bag to a duty manager. Both confirm with their own
 * credentials; the receiver must be a different person with the duty manager role. Written once
 * per session.
 */
import { BilingualError } from '../../../base/contract/errors';
import { approve, confirmOwn, sameStaff, type ApprovalCredentials } from '../staff/approvals';
import type { TillDeps } from './deps';
import { yuan } from './money';
import { mayAct } from './ownership';
import { loadSession } from './session';

export interface HandoverInput {
  sessionId: number;
  amountFen: number;
  bagNo: string;
  sealNo: string;
  handedBy: ApprovalCredentials;
  receivedBy: ApprovalCredentials;
}

export interface HandoverRecord {
  sessionId: number;
  at: number;
  amountFen: number;
  bagNo: string;
  sealNo: string;
  handedBy: string;
  receivedBy: string;
}

interface HandoverRow {
  session_id: number; at: number; amount_fen: number; bag_no: string; seal_no: string; handed_by: string; received_by: string;
}

export function handoverOf(deps: TillDeps, sessionId: number): HandoverRecord | null {
  const r = deps.db.prepare('SELECT * FROM till_handover WHERE session_id = ?').get(sessionId) as HandoverRow | undefined;
  return r ? { sessionId: r.session_id, at: r.at, amountFen: r.amount_fen, bagNo: r.bag_no, sealNo: r.seal_no, handedBy: r.handed_by, receivedBy: r.received_by } : null;
}

export function handover(deps: TillDeps, input: HandoverInput): HandoverRecord {
  const { db, clock } = deps;
  const session = loadSession(db, input.sessionId);
  const settlement = db.prepare('SELECT counted_fen FROM till_settlement WHERE session_id = ?').get(session.id) as { counted_fen: number } | undefined;
  if (!settlement) throw new BilingualError('TILL_HANDOVER_BEFORE_SETTLEMENT', '请先结账再上缴营业款', 'Settle the till before handing the takings over');
  const existing = handoverOf(deps, session.id);
  if (existing) {
    throw new BilingualError('TILL_ALREADY_HANDED_OVER', `本班次营业款已于缴款袋 ${existing.bagNo} 上缴，不能重复上缴`, `The takings of this session were already handed over in bag ${existing.bagNo}`, { bagNo: existing.bagNo });
  }
  const bag = input.bagNo?.trim() ?? '';
  const seal = input.sealNo?.trim() ?? '';
  if (!bag || !seal || bag.length > 40 || seal.length > 40) {
    throw new BilingualError('TILL_BAD_INPUT', '请填写缴款袋号和封签号 — 请检查后重新录入', 'Enter the deposit bag and seal numbers — check and enter again');
  }
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0 || input.amountFen > settlement.counted_fen) {
    throw new BilingualError(
      'TILL_HANDOVER_AMOUNT',
      `上缴金额必须大于 0 且不超过清点现金 ${yuan(settlement.counted_fen)} 元`,
      `The amount handed over must be above 0 and at most the ${yuan(settlement.counted_fen)} yuan counted`,
    );
  }
  // The clerk confirms with her own credentials: the verifier throws on a wrong password.
  const clerk = confirmOwn(deps.approver, { staffNo: input.handedBy?.staffNo ?? '', secret: input.handedBy?.secret ?? '' }, {
    purpose: { key: 'till.handover', zh: '上缴营业款', en: 'Handing over the takings' }, counterId: session.counter_id,
  });
  if (!mayAct(deps, session, clerk.staffNo)) {
    throw new BilingualError(
      'TILL_HANDOVER_NOT_CLERK',
      `营业款应由本班次营业员 ${session.clerk_staff_no} 本人（或接管台席的值班经理）上缴`,
      `The takings must be handed over by this session's clerk, ${session.clerk_staff_no} (or the duty manager who took her counter over)`,
    );
  }
  const receiver = approve(deps.approver, input.receivedBy, {
    purpose: { key: 'till.handover', zh: '接收营业款', en: 'Receiving the takings' }, requester: clerk.staffNo, counterId: session.counter_id,
  });
  if (sameStaff(receiver.staffNo, session.clerk_staff_no)) {
    throw new BilingualError('APPROVAL_SELF', '营业款不能由钱箱的营业员本人接收', 'The takings cannot be received by the clerk whose till it is');
  }
  const now = clock.now();
  const rec: HandoverRecord = { sessionId: session.id, at: now, amountFen: input.amountFen, bagNo: bag, sealNo: seal, handedBy: clerk.staffNo, receivedBy: receiver.staffNo };
  db.prepare('INSERT INTO till_handover (session_id, at, amount_fen, bag_no, seal_no, handed_by, received_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(rec.sessionId, rec.at, rec.amountFen, rec.bagNo, rec.sealNo, rec.handedBy, rec.receivedBy);
  deps.emit('till.handover', { sessionId: session.id, staffNo: session.clerk_staff_no, actor: rec.handedBy, amountFen: rec.amountFen, bagNo: bag, sealNo: seal, handedBy: rec.handedBy, receivedBy: rec.receivedBy, at: now });
  return rec;
}
