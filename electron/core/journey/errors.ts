/**
 * Journey refusals. Each says what happened and what the clerk can do, in both languages.
 * Details carry codes and steps only, never personal data.
 */
import { BilingualError } from '../../../base/contract/errors';
import type { JourneyRefusal } from '../../../base/contract/errorCodes';

export function refuse(code: JourneyRefusal, zh: string, en: string, detail?: Record<string, unknown>): BilingualError {
  return new BilingualError(`JOURNEY_${code}`, zh, en, detail);
}

const STEP_ZH: Record<string, string> = {
  greet: '迎候',
  need: '询问需要',
  verify: '核对证件',
  consent: '复印征得同意',
  process: '业务受理',
  payment: '收银',
  recommend: '业务推荐',
  handover: '资料凭证入封套',
  farewell: '送客',
  closed: '已结束',
  cancelled: '已取消',
};

export function stepZh(step: string): string {
  return STEP_ZH[step] ?? step;
}

export function wrongStep(current: string, wanted: string): BilingualError {
  return refuse(
    'WRONG_STEP',
    `当前步骤是「${stepZh(current)}」，不能进行「${stepZh(wanted)}」— 请按步骤完成当前操作`,
    `The current step is "${current}", not "${wanted}" — finish the current step first`,
    { current, wanted },
  );
}

/** A free-text reason the clerk must give (manual entry, cancellation, not applicable). */
export function requireReason(reason: string | undefined | null, what: string, whatEn: string): string {
  const r = (reason ?? '').trim();
  if (r.length < 2) {
    throw refuse('REASON_REQUIRED', `${what}必须填写原因（至少2个字）`, `${whatEn} needs a reason (at least 2 characters)`);
  }
  return r.slice(0, 200);
}
