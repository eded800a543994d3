/** Esc at any open step: the journey ends with a reason; what was paid goes back through the till. */
import { refuse, requireReason } from '../errors';
import type { StepHandler } from './turn';

export const cancel: StepHandler<'cancel'> = (t, cmd) => {
  const { s, id } = t;
  t.open();
  const reason = requireReason(cmd.reason, '取消', 'Cancelling');
  if (s.payment?.status === 'posting') {
    throw refuse('PAYMENT_POSTING', '收款正在处理中，完成后才能取消', 'A payment is being posted — cancel once it has finished');
  }
  const paid = s.payment?.status === 'paid' ? s.payment : null;
  if (paid && paid.dueFen < 0) {
    throw refuse('PAID_OUT', '已向客户退还余额，不能取消 — 请联系值班经理处理', 'The balance was already paid out — this journey cannot be cancelled; call the duty manager');
  }
  s.cancel = {
    reason,
    at: t.now,
    atStep: s.step,
    refund: paid ? { amountFen: paid.dueFen, tender: paid.tender, effectKey: `${id}:refund`, status: 'pending', attempt: 1 } : null,
  };
  if (s.cancel.refund) {
    t.effects.push({ kind: 'refund', key: s.cancel.refund.effectKey, journeyId: id, amountFen: s.cancel.refund.amountFen, tender: s.cancel.refund.tender });
  }
  t.audit('journey.cancelled', { atStep: s.step, refundFen: s.cancel.refund?.amountFen ?? 0 });
};

/** A refund the till refused is tried again under a new key. */
export const retryRefund: StepHandler<'retryRefund'> = (t) => {
  const r = t.s.cancel?.refund;
  if (!r || r.status !== 'failed') throw refuse('REFUND_NOT_FAILED', '没有失败的退款需要重试', 'There is no failed refund to retry');
  r.attempt += 1;
  r.status = 'pending';
  r.effectKey = `${t.id}:refund#${r.attempt}`;
  t.effects.push({ kind: 'refund', key: r.effectKey, journeyId: t.id, amountFen: r.amountFen, tender: r.tender });
};
