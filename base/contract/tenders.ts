/** How a customer pays: cash into the drawer, or a non-cash tender that never touches it. */
import { z } from 'zod';

export const TENDERS = ['cash', 'wechat', 'alipay', 'unionpay'] as const;
export type Tender = (typeof TENDERS)[number];
export const NON_CASH_TENDERS = ['wechat', 'alipay', 'unionpay'] as const satisfies readonly Tender[];
export type NonCashTender = (typeof NON_CASH_TENDERS)[number];

export const tender = z.enum(TENDERS);
export const nonCashTender = z.enum(NON_CASH_TENDERS);

export function isNonCashTender(v: unknown): v is NonCashTender {
  return typeof v === 'string' && (NON_CASH_TENDERS as readonly string[]).includes(v);
}

/** As the receipt and the Z report print them. */
export const TENDER_LABELS_ZH: Record<Tender, string> = { cash: '现金', wechat: '微信支付', alipay: '支付宝', unionpay: '银联卡' };
