/**
 * What follows from a journey's recorded facts: the businesses still alive, whether ID or a
 * copy is needed, the amount due, the current step and the receipt's content. Pure functions
 * of the state, shared by the step handlers and the screen's view.
 */
import type { BusinessLine, FieldValue, JourneyState, ReceiptData, Step } from './types';

/** Businesses that can still complete (not blocked by a refused copy). */
export function liveLines(s: JourneyState): BusinessLine[] {
  return s.businesses.filter((l) => l.status !== 'consent_refused');
}

export function idRequired(s: JourneyState): boolean {
  return s.businesses.some((l) => l.def.id.required);
}

export function copyingLines(s: JourneyState): BusinessLine[] {
  return s.businesses.filter((l) => l.def.copies.length > 0);
}

/** Net amount due: fees of businesses that take payment, less balances paid out. */
export function dueFen(s: JourneyState): number {
  return liveLines(s).reduce((sum, l) => sum + (l.def.takes_payment ? l.feeFen : 0) - l.balanceRefundFen, 0);
}

/**
 * The current step, derived from what has been recorded rather than moved by commands: no
 * command order can skip a step, and a state reloaded after a crash is at the right step.
 */
export function nextStep(s: JourneyState): Step {
  if (s.cancel) return 'cancelled';
  if (s.closedAt !== null) return 'closed';
  if (s.greetedAt === null) return 'greet';
  if (s.businesses.length === 0) return 'need';
  if (idRequired(s) && !s.customer) return 'verify';
  // Copying needs consent first (复印须告知目的并征得同意); with every business refused,
  // the journey waits here until the customer changes their mind or the clerk cancels.
  if (copyingLines(s).some((l) => l.consent === null) || liveLines(s).length === 0) return 'consent';
  if (liveLines(s).some((l) => l.status === 'open')) return 'process';
  if (dueFen(s) !== 0 && s.payment?.status !== 'paid') return 'payment';
  if (s.recommendations.length === 0) return 'recommend';
  if (!s.handover) return 'handover';
  return 'farewell';
}

/** What the clerk can offer for each business blocked by a refused copy. */
export function blockedAlternatives(s: JourneyState): { code: string; name_zh: string; name_en: string; instead_zh: string; instead_en: string }[] {
  return s.businesses
    .filter((l) => l.status === 'consent_refused')
    .map((l) => ({
      code: l.code,
      name_zh: l.def.name_zh,
      name_en: l.def.name_en,
      instead_zh: l.def.without_copy_zh ?? '客户不同意复印：可改为仅核验原件的业务，或取消该业务',
      instead_en: l.def.without_copy_en ?? 'The customer refuses the copy: switch to a business that only checks the original, or cancel this business',
    }));
}

/**
 * A business's entries as the customer reads them: each with its catalog label, a choice by its
 * option's name (畅享58元套餐, not plan_58). Ticked confirmations are the clerk's own checks and
 * stay off the paper.
 */
export function labelledFields(def: BusinessLine['def'], fields: Record<string, FieldValue>): NonNullable<ReceiptData['lines'][number]['details']> {
  const out: NonNullable<ReceiptData['lines'][number]['details']> = [];
  for (const f of def.fields) {
    const v = fields[f.key];
    if (f.type === 'confirm' || typeof v !== 'string' || v.length === 0) continue;
    const option = f.type === 'choice' ? f.options?.find((o) => o.value === v) : undefined;
    out.push({ label_zh: f.label_zh, label_en: f.label_en, value_zh: option?.name_zh ?? v, value_en: option?.name_en ?? v });
  }
  return out;
}

/** The customer's receipt as of now: the live businesses, what was paid, the masked number. */
export function receiptData(s: JourneyState, now: number): ReceiptData {
  return {
    journeyId: s.journeyId,
    counterId: s.counterId,
    clerkId: s.clerkId,
    ticket: s.ticket,
    at: now,
    lines: liveLines(s).map((l) => ({
      code: l.code,
      name_zh: l.def.name_zh,
      name_en: l.def.name_en,
      feeFen: l.feeFen - l.balanceRefundFen,
      charged: l.def.takes_payment || l.balanceRefundFen > 0,
      fields: l.fields ?? {},
      details: labelledFields(l.def, l.fields ?? {}),
    })),
    dueFen: dueFen(s),
    payment: s.payment?.status === 'paid'
      ? { tender: s.payment.tender, tenderedFen: s.payment.tenderedFen, changeFen: s.payment.changeFen, reference: s.payment.reference }
      : null,
    idMasked: s.customer?.idMasked ?? null,
  };
}
