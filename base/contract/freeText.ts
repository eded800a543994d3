/**
 * The schema of every free-text field in the contract (reasons, notes, bag numbers): trimmed,
 * bounded, and refused when it holds an ID, mobile or bank-card number (base/freeText.ts), so
 * personal data never reaches a record through a typed note. The refusal carries its own code,
 * which the dispatcher turns into PERSONAL_DATA_IN_FREE_TEXT with the bilingual advice.
 */
import { z } from 'zod';
import { findPersonalData, PERSONAL_DATA_MESSAGES } from '../freeText';

export const PERSONAL_DATA_ISSUE = 'PERSONAL_DATA_IN_FREE_TEXT';

/** A refinement for any string field that must not hold a personal number (references, notes). */
export function noPersonalData(text: string, ctx: z.RefinementCtx): void {
  const hit = findPersonalData(text);
  if (!hit) return;
  const m = PERSONAL_DATA_MESSAGES[hit.kind];
  ctx.addIssue({
    code: 'custom',
    message: m.zh,
    params: { code: PERSONAL_DATA_ISSUE, kind: hit.kind, message_en: m.en },
  });
}

export function freeText(opts: { min?: number; max: number }) {
  let s = z.string().trim();
  if (opts.min !== undefined) s = s.min(opts.min);
  return s.max(opts.max).superRefine(noPersonalData);
}
