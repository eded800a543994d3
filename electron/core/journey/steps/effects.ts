/**
 * The outcome of an effect, sent by the service (never the UI): the payment is on the till's
 * books, the receipt is queued, the refund went through — or each failed.
 */
import type { StepHandler } from './turn';

export const effectDone: StepHandler<'effectDone'> = (t, cmd) => {
  const { s, id } = t;
  if (s.payment?.effectKey === cmd.key && s.payment.status === 'posting') {
    s.payment.status = 'paid';
    s.payment.paidAt = t.now;
    // The drawer opens only once the sale (or pay-out) is on the till's books.
    if (s.payment.tender === 'cash') t.effects.push({ kind: 'kickDrawer', key: `${id}:drawer`, journeyId: id });
    t.audit('journey.paid', { tender: s.payment.tender, dueFen: s.payment.dueFen });
  } else if (s.receipt?.effectKey === cmd.key && s.receipt.status === 'pending') {
    s.receipt.status = 'queued';
    s.receipt.jobId = cmd.jobId ?? null;
  } else if (s.cancel?.refund?.effectKey === cmd.key && s.cancel.refund.status === 'pending') {
    s.cancel.refund.status = 'done';
    if (s.cancel.refund.tender === 'cash') t.effects.push({ kind: 'kickDrawer', key: `${id}:refund-drawer`, journeyId: id });
    t.audit('journey.refunded', { tender: s.cancel.refund.tender, amountFen: s.cancel.refund.amountFen });
  }
};

export const effectFailed: StepHandler<'effectFailed'> = (t, cmd) => {
  const { s } = t;
  if (s.payment?.effectKey === cmd.key && s.payment.status === 'posting') {
    // Nothing reached the till: the clerk takes the payment again (maybe another way).
    s.payment.status = 'failed';
    s.payment.error = cmd.error;
  } else if (s.receipt?.effectKey === cmd.key && s.receipt.status === 'pending') {
    s.receipt.status = 'failed';
    s.receipt.error = cmd.error;
  } else if (s.cancel?.refund?.effectKey === cmd.key && s.cancel.refund.status === 'pending') {
    s.cancel.refund.status = 'failed';
  }
};
