/**
 * A free-text field the core refused for holding an ID, mobile or bank-card number
 * (PERSONAL_DATA_IN_FREE_TEXT): the advice to show next to that field, in both languages — what
 * not to write and what to write instead (base/freeText.ts), without the field path the message
 * itself starts with.
 */
import type { ErrorShape } from '../../../base/contract/errors';
import { PERSONAL_DATA_MESSAGES, type PersonalDataKind } from '../../../base/freeText';

export function personalDataRefusal(error: ErrorShape | null, field: string): { zh: string; en: string } | null {
  if (!error || error.code !== 'PERSONAL_DATA_IN_FREE_TEXT') return null;
  const path = error.detail?.field;
  if (!Array.isArray(path) || path[path.length - 1] !== field) return null;
  return PERSONAL_DATA_MESSAGES[error.detail?.kind as PersonalDataKind] ?? { zh: error.message_zh, en: error.message_en };
}
