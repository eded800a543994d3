/**
 * 业务受理回单 — the customer's receipt for one visit: hall and counter, the queue ticket, clerk,
 * time, each business by its name with its fee and its entries labelled as the catalog names
 * them (套餐：畅享58元套餐, never plan_58), how it was paid (tendered and change for cash), the
 * customer's ID number masked first-4/last-4, a QR code carrying the transaction reference, a
 * closing line — and 培训练习 — 无效 when the counter is in training mode.
 */
import { BilingualError } from '../../../base/contract/errors';
import { TENDER_LABELS_ZH, type Tender } from '../../../base/contract/tenders';
import type { ReceiptBlock, ReceiptDoc } from '../doc';
import { maskIdNumber } from '../../../base/mask';
import { formatFen, formatTime } from './format';
import { markTraining } from './training-mark';

export type PaymentMethod = Tender | 'prepaid' | 'free';

export const PAYMENT_LABELS: Record<PaymentMethod, string> = {
  ...TENDER_LABELS_ZH,
  prepaid: '预存款抵扣',
  free: '免费',
};

export interface ReceiptItem {
  /** 业务名称, e.g. 补卡, 套餐变更. */
  name: string;
  feeFen: number;
  /** An optional free detail line under the item. */
  note?: string;
  /** The business's entries, each with the catalog's label: 套餐：畅享58元套餐. */
  details?: { label: string; value: string }[];
}

export interface CustomerReceiptData {
  hallName: string;
  counterId: string;
  clerkNo: string;
  /** Epoch ms of the transaction. */
  at: number;
  timeZone?: string;
  /** Transaction reference (业务流水号): printed and carried by the QR code. */
  txRef: string;
  items: ReceiptItem[];
  payment: {
    method: PaymentMethod;
    /** Cash only: amount handed over, and change returned. */
    tenderedFen?: number;
    changeFen?: number;
  };
  /** Unmasked here; the template masks it. Omitted for business that needs no ID. */
  customerIdNumber?: string;
  /** The customer's queue ticket (号票), when one was taken. */
  ticket?: string | null;
  closingLine?: string;
  /** Training mode: the slip says 培训练习 — 无效 (training-mark.ts). */
  training?: boolean;
}

export function customerReceipt(d: CustomerReceiptData): ReceiptDoc {
  const total = d.items.reduce((s, i) => s + i.feeFen, 0);
  const { tenderedFen, changeFen } = d.payment;
  if (tenderedFen !== undefined && changeFen !== undefined && tenderedFen - total !== changeFen) {
    // A receipt whose arithmetic is wrong must never reach the customer.
    throw new BilingualError(
      'RECEIPT_AMOUNTS_MISMATCH',
      `回单金额不一致：实收 ${formatFen(tenderedFen)} − 合计 ${formatFen(total)} ≠ 找零 ${formatFen(changeFen)} — 请核对收款`,
      `Receipt amounts disagree: tendered ${formatFen(tenderedFen)} − total ${formatFen(total)} ≠ change ${formatFen(changeFen)} — check the payment`,
      { tenderedFen, totalFen: total, changeFen },
    );
  }
  const blocks: ReceiptBlock[] = [
    { kind: 'text', text: d.hallName, align: 'center', bold: true, double: true },
    { kind: 'text', text: '业务受理回单', align: 'center', bold: true },
    { kind: 'rule' },
    ...(d.ticket ? [{ kind: 'row', left: '号票', right: d.ticket, bold: true } as const] : []),
    { kind: 'row', left: '台席', right: d.counterId },
    { kind: 'row', left: '营业员工号', right: d.clerkNo },
    { kind: 'row', left: '办理时间', right: formatTime(d.at, d.timeZone) },
    { kind: 'row', left: '业务流水号', right: d.txRef },
    { kind: 'rule' },
  ];
  for (const item of d.items) {
    blocks.push({ kind: 'row', left: item.name, right: formatFen(item.feeFen), bold: true });
    // The business's fields (masked mobile, SIM serial, the package): personal, dropped from the stored copy after the retention period.
    for (const f of item.details ?? []) blocks.push({ kind: 'text', text: `  ${f.label}：${f.value}`, personal: true });
    if (item.note) blocks.push({ kind: 'text', text: `  ${item.note}`, personal: true });
  }
  blocks.push({ kind: 'rule' }, { kind: 'row', left: '合计', right: formatFen(total), bold: true });
  blocks.push({ kind: 'row', left: '支付方式', right: PAYMENT_LABELS[d.payment.method] });
  if (d.payment.tenderedFen !== undefined) blocks.push({ kind: 'row', left: '实收', right: formatFen(d.payment.tenderedFen) });
  if (d.payment.changeFen !== undefined) blocks.push({ kind: 'row', left: '找零', right: formatFen(d.payment.changeFen) });
  if (d.customerIdNumber) {
    blocks.push({ kind: 'row', left: '证件号码', right: maskIdNumber(d.customerIdNumber), personal: true });
  }
  blocks.push(
    { kind: 'blank' },
    { kind: 'qr', data: d.txRef, size: 6, level: 'M' },
    { kind: 'text', text: d.txRef, align: 'center' },
    { kind: 'blank' },
    { kind: 'text', text: d.closingLine ?? '请妥善保管此回单，感谢您的光临！', align: 'center' },
    { kind: 'cut', mode: 'partial' },
  );
  return markTraining({ blocks }, d.training);
}
