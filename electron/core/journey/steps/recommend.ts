/** ⑦ 业务推荐少不了: every offer with the customer's answer; then the receipt goes to the printer. */
import { refuse, requireReason } from '../errors';
import { liveLines, receiptData } from '../facts';
import type { StepHandler } from './turn';

export const recommend: StepHandler<'recommend'> = (t, cmd) => {
  const { s, id } = t;
  t.expect('recommend');
  if (!Array.isArray(cmd.offers) || cmd.offers.length === 0) {
    throw refuse('RECOMMEND_REQUIRED', '业务推荐少不了：请至少记录一项推荐及客户反馈', 'Recommend at least one product and record the answer');
  }
  const products = new Map(liveLines(s).flatMap((l) => l.def.recommend.map((p) => [p.code, p] as const)));
  const seen = new Set<string>();
  s.recommendations = cmd.offers.map((o) => {
    if (!products.has(o.productCode)) {
      throw refuse('PRODUCT_UNKNOWN', `「${o.productCode}」不在本次业务的推荐产品中`, `"${o.productCode}" is not a product to recommend for these businesses`);
    }
    if (seen.has(o.productCode)) throw refuse('PRODUCT_TWICE', '同一产品只记录一次', 'Record each product once');
    seen.add(o.productCode);
    if (!['accepted', 'declined', 'not_applicable'].includes(o.outcome)) {
      throw refuse('OUTCOME_UNKNOWN', '请选择：接受、谢绝或不适用', 'Choose accepted, declined or not applicable');
    }
    const reason = o.outcome === 'not_applicable' ? requireReason(o.reason, '推荐「不适用」', 'Not applicable') : null;
    return { productCode: o.productCode, outcome: o.outcome, reason, at: t.now };
  });
  s.receipt = { status: 'pending', effectKey: `${id}:receipt`, attempt: 1, jobId: null, error: null };
  t.effects.push({ kind: 'printReceipt', key: s.receipt.effectKey, journeyId: id, data: receiptData(s, t.now) });
};
