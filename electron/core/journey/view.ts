/**
 * What the counter screen needs to draw a journey: the step rail (done, current, skipped with
 * the reason), the customer card (masked), the amounts, the consent texts to read out, the
 * products to recommend, and the alternatives when a copy was refused.
 */
import type { JourneyView } from '../../../base/contract/journey';
import { blockedAlternatives, copyingLines, dueFen, idRequired, liveLines } from './facts';
import type { ReceiptJob } from './ports';
import { STEPS, type JourneyState, type Step } from './types';

type RailEntry = JourneyView['rail'][number];

function skipReason(s: JourneyState, step: Step): { zh: string; en: string } | null {
  const chosen = s.businesses.length > 0;
  if (step === 'verify' && chosen && !idRequired(s)) return { zh: '所选业务无需证件', en: 'No chosen business needs ID' };
  if (step === 'consent' && chosen && copyingLines(s).length === 0) return { zh: '所选业务无需复印', en: 'No chosen business copies documents' };
  const processed = chosen && liveLines(s).length > 0 && liveLines(s).every((l) => l.status === 'processed');
  if (step === 'payment' && processed && dueFen(s) === 0) return { zh: '无需收款', en: 'Nothing is due' };
  return null;
}

/**
 * `receiptJob`: the receipt's print job as the queue has it now; `ordinalToday`: which customer
 * of the day a closed journey was at its counter (the service looks both up).
 */
export function describeJourney(s: JourneyState, receiptJob: ReceiptJob | null = null, ordinalToday: number | null = null): JourneyView {
  const order: readonly Step[] = STEPS;
  const currentIndex = s.step === 'cancelled' ? -1 : order.indexOf(s.step);
  const rail = STEPS.filter((st) => st !== 'closed').map((step): RailEntry => {
    const idx = s.stepLog.findIndex((e) => e.step === step);
    const enteredAt = idx >= 0 ? s.stepLog[idx]!.at : null;
    const leftAt = idx >= 0 ? (s.stepLog[idx + 1]?.at ?? null) : null;
    const skip = skipReason(s, step);
    if (skip && enteredAt === null) return { step, status: 'skipped', enteredAt, leftAt, reason_zh: skip.zh, reason_en: skip.en };
    if (step === s.step) return { step, status: 'current', enteredAt, leftAt };
    const done = s.step === 'cancelled' ? leftAt !== null : order.indexOf(step) < currentIndex;
    return { step, status: done ? 'done' : 'todo', enteredAt, leftAt };
  });
  const title = s.customer?.title ?? { zh: '您', en: 'you' };
  return {
    journeyId: s.journeyId,
    counterId: s.counterId,
    clerkId: s.clerkId,
    step: s.step,
    version: s.version,
    ticket: s.ticket,
    openedAt: s.openedAt,
    rail,
    businesses: s.businesses.map((l) => ({
      code: l.code,
      name_zh: l.def.name_zh,
      name_en: l.def.name_en,
      status: l.status,
      feeFen: l.feeFen,
      balanceRefundFen: l.balanceRefundFen,
      charged: l.def.takes_payment,
    })),
    customer: s.customer ? withoutHash(s.customer) : null,
    dueFen: dueFen(s),
    payment: s.payment && {
      dueFen: s.payment.dueFen, status: s.payment.status, tender: s.payment.tender, tenderedFen: s.payment.tenderedFen,
      changeFen: s.payment.changeFen, reference: s.payment.reference, error: s.payment.error,
    },
    consentPrompts: copyingLines(s).map((l) => ({
      code: l.code,
      name_zh: l.def.name_zh,
      name_en: l.def.name_en,
      answer: l.consent?.answer ?? null,
      documents: l.def.copies.map((c) => ({ name_zh: c.name_zh, name_en: c.name_en, purpose_zh: c.purpose_zh, purpose_en: c.purpose_en })),
    })),
    blocked: blockedAlternatives(s),
    products: [...new Map(liveLines(s).flatMap((l) => l.def.recommend.map((p) => [p.code, p] as const))).values()],
    recommendations: s.recommendations.map((r) => ({ productCode: r.productCode, outcome: r.outcome, reason: r.reason, at: r.at })),
    receipt: s.receipt && {
      status: s.receipt.status,
      jobId: s.receipt.jobId,
      error: s.receipt.error,
      job: receiptJob && { state: receiptJob.state, reason: receiptJob.reason, printedAt: receiptJob.printedAt },
    },
    handoverNeedsIdCard: s.customer?.method === 'card' || s.customer?.method === 'manual',
    farewellLine: s.step === 'farewell' || s.step === 'closed' ? { zh: `请慢走，${title.zh}`, en: `Goodbye${title.en === 'you' ? '' : `, ${title.en}`}` } : null,
    summary: s.closedAt !== null && ordinalToday !== null ? { durationMs: s.closedAt - s.openedAt, ordinalToday } : null,
    cancel: s.cancel && {
      reason: s.cancel.reason, at: s.cancel.at, atStep: s.cancel.atStep,
      refund: s.cancel.refund && { amountFen: s.cancel.refund.amountFen, tender: s.cancel.refund.tender, status: s.cancel.refund.status },
    },
  };
}

function withoutHash(c: NonNullable<JourneyState['customer']>): JourneyView['customer'] {
  const { idHash: _idHash, manualReasonId: _manualReasonId, ...shown } = c;
  return shown;
}
