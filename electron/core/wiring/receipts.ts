/**
 * Journey receipts into the durable print queue. The queue row's ref is the
 * idempotency key, so a receipt requested again after a crash is found, not printed twice.
 */
import type { ReceiptData } from '../journey/types';
import type { ReceiptPort } from '../journey/ports';
import type { PrintQueue } from '../printing/queue';
import { customerReceipt, type CustomerReceiptData, type PaymentMethod } from '../../../native/printer/templates/customer-receipt';


export function receiptDoc(d: ReceiptData, hallName: string, timeZone: string) {
  const fieldNote = (fields: Record<string, string | boolean>) =>
    Object.values(fields)
      .filter((v): v is string => typeof v === 'string' && v.length > 0)
      .join(' ');
  const method: PaymentMethod = d.payment ? d.payment.tender : 'free';
  const data: CustomerReceiptData = {
    hallName,
    counterId: d.counterId,
    clerkNo: d.clerkId,
    at: d.at,
    timeZone,
    txRef: d.journeyId,
    items: d.lines.map((l) => {
      const note = fieldNote(l.fields);
      return { name: l.name_zh, feeFen: l.charged ? l.feeFen : 0, ...(note ? { note } : {}) };
    }),
    // Tendered and change only for cash taken in: a balance paid out (due < 0) has neither, and
    // passing 0/0 made the template refuse the receipt (tendered − negative total ≠ change).
    payment: d.payment?.tender === 'cash' && d.dueFen > 0 ? { method, tenderedFen: d.payment.tenderedFen, changeFen: d.payment.changeFen } : { method },
    // Already masked by the journey (the last 4 only, base/mask.ts); the template masks again, harmlessly.
    ...(d.idMasked ? { customerIdNumber: d.idMasked } : {}),
  };
  return customerReceipt(data);
}

export function journeyReceiptPort(opts: { queue: PrintQueue; hallName: () => string; timeZone: () => string }): ReceiptPort {
  return {
    enqueueReceipt(journeyId, data, key) {
      const found = opts.queue.originalByRef(key);
      if (found) return String(found.id);
      const job = opts.queue.enqueue({ kind: 'customer_receipt', title: `业务受理回单 ${journeyId.slice(0, 8)}`, ref: key, doc: receiptDoc(data, opts.hallName(), opts.timeZone()) });
      return String(job.id);
    },
  };
}
