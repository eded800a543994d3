/**
 * ⑥ 收银递物用双手: cash tendered with its change, a non-cash reference, or a balance paid out.
 * The payment is posted to the till as an effect; it counts as paid only once the till has it.
 */
import { isNonCashTender } from '../../../../base/contract/tenders';
import { refuse } from '../errors';
import { dueFen } from '../facts';
import type { StepHandler } from './turn';

/** Change of ￥100 or more means a note too many was handed over, or the amount was mistyped. */
export const MAX_CHANGE_FEN = 10_000;

export const pay: StepHandler<'payCash' | 'payNonCash' | 'payOut'> = (t, cmd) => {
  const { s, id } = t;
  t.expect('payment');
  if (s.payment?.status === 'posting') {
    throw refuse('PAYMENT_POSTING', '收款正在处理中，请稍候', 'The payment is being posted — please wait');
  }
  const due = dueFen(s);
  const attempt = (s.payment?.attempt ?? 0) + 1;
  const key = attempt === 1 ? `${id}:pay` : `${id}:pay#${attempt}`;
  const base = { dueFen: due, status: 'posting' as const, effectKey: key, attempt, error: null, at: t.now, paidAt: null };
  if (cmd.type === 'payOut') {
    if (due >= 0) throw refuse('NOTHING_TO_PAY_OUT', '本次没有需要退还客户的余额', 'There is no balance to pay out');
    s.payment = { ...base, tender: 'cash', tenderedFen: 0, changeFen: 0, reference: null };
    t.effects.push({ kind: 'refund', key, journeyId: id, amountFen: -due, tender: 'cash' });
    return;
  }
  if (due <= 0) throw refuse('NOTHING_DUE', '本次无需收款', 'Nothing is due');
  if (cmd.type === 'payCash') {
    const tendered = cmd.tenderedFen;
    if (!Number.isSafeInteger(tendered) || tendered < due) {
      throw refuse('TENDER_SHORT', `实收金额不足应收 ￥${(due / 100).toFixed(2)} — 请重新输入`, `The amount tendered is less than the ￥${(due / 100).toFixed(2)} due — enter it again`);
    }
    if (tendered - due >= MAX_CHANGE_FEN) {
      throw refuse('CHANGE_TOO_LARGE', '找零达到￥100.00或以上，请核对实收金额', 'Change of ￥100.00 or more — check the amount tendered');
    }
    s.payment = { ...base, tender: 'cash', tenderedFen: tendered, changeFen: tendered - due, reference: null };
    t.effects.push({ kind: 'postCash', key, journeyId: id, dueFen: due, tenderedFen: tendered, changeFen: tendered - due });
    return;
  }
  if (!isNonCashTender(cmd.tender)) {
    throw refuse('TENDER_UNKNOWN', '请选择微信、支付宝或银联', 'Choose WeChat, Alipay or UnionPay');
  }
  const ref = (cmd.reference ?? '').trim();
  if (!/^[A-Za-z0-9-]{6,64}$/.test(ref)) {
    throw refuse('REFERENCE_INVALID', '请扫描或输入支付凭证号（6–64位字母数字）', 'Scan or type the payment reference (6–64 letters/digits)');
  }
  s.payment = { ...base, tender: cmd.tender, tenderedFen: due, changeFen: 0, reference: ref };
  t.effects.push({ kind: 'postNonCash', key, journeyId: id, tender: cmd.tender, amountFen: due, reference: ref });
};
