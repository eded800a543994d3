/**
 * Journey receipts into the durable print queue. The queue row's ref is the
 * idempotency key, so a receipt requested again after a crash is found, not printed twice.
 */
import type { ReceiptData } from '../journey/types';
import type { ReceiptJob, ReceiptPort } from '../journey/ports';
import type { PrintQueue } from '../printing/queue';
import { customerReceipt, type CustomerReceiptData, type PaymentMethod } from '../../../native/printer/templates/customer-receipt';

export interface ReceiptContext {
  hallName: string;
  timeZone: string;
  /** Training mode: the slip says 培训练习 — 无效. */
  training: boolean;
}

export function receiptDoc(d: ReceiptData, ctx: ReceiptContext) {
  const method: PaymentMethod = d.payment ? d.payment.tender : 'free';
  const data: CustomerReceiptData = {
    hallName: ctx.hallName,
    counterId: d.counterId,
    clerkNo: d.clerkId,
    at: d.at,
    timeZone: ctx.timeZone,
    txRef: d.journeyId,
    ticket: d.ticket,
    training: ctx.training,
    items: d.lines.map((l) => ({
      name: l.name_zh,
      feeFen: l.charged ? l.feeFen : 0,
      // A receipt requested by an older version carries only the raw entries: print them labelled by key.
      details: (l.details ?? Object.entries(l.fields).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0).map(([k, v]) => ({ label_zh: k, value_zh: v })))
        .map((f) => ({ label: f.label_zh, value: f.value_zh })),
    })),
    // Tendered and change only for cash taken in: a balance paid out (due < 0) has neither, and
    // passing 0/0 made the template refuse the receipt (tendered − negative total ≠ change).
    payment: d.payment?.tender === 'cash' && d.dueFen > 0 ? { method, tenderedFen: d.payment.tenderedFen, changeFen: d.payment.changeFen } : { method },
    // Already masked by the journey (the last 4 only, base/mask.ts); the template masks again, harmlessly.
    ...(d.idMasked ? { customerIdNumber: d.idMasked } : {}),
  };
  return customerReceipt(data);
}

/** The queue's title of a receipt: the ticket the customer holds, so the clerk finds it again. */
export function receiptTitle(d: Pick<ReceiptData, 'journeyId' | 'ticket'>): string {
  return d.ticket ? `业务受理回单 · 号票 ${d.ticket}` : `业务受理回单 · 流水 ${d.journeyId.slice(0, 8)}`;
}

export function journeyReceiptPort(opts: { queue: PrintQueue; context: () => ReceiptContext }): ReceiptPort {
  const jobOf = (jobId: string | null): ReceiptJob | null => {
    const n = Number(jobId);
    const job = jobId !== null && Number.isSafeInteger(n) ? opts.queue.get(n) : null;
    return job ? { state: job.state, reason: job.reason, printedAt: job.printedAt } : null;
  };
  return {
    enqueueReceipt(_journeyId, data, key, o) {
      const found = opts.queue.originalByRef(key);
      if (found) return String(found.id);
      const job = opts.queue.enqueue({
        kind: 'customer_receipt',
        title: receiptTitle(data),
        ref: key,
        doc: receiptDoc(data, opts.context()),
        ...(o?.possibleDuplicate ? { possibleDuplicate: true } : {}),
      });
      return String(job.id);
    },
    job: jobOf,
  };
}
