/**
 * 业务受理: checks the business fields and the fee the clerk entered against the catalog.
 */
import type { BusinessType } from '../../../base/contract/catalog';
import { refuse } from './errors';
import { maskPhoneNumber } from '../../../base/mask';
import type { FieldValue } from './types';

/** The largest balance a counter pays out in cash without a manager (￥10,000.00). */
export const MAX_BALANCE_REFUND_FEN = 1_000_000;

export interface ProcessedBusiness {
  fields: Record<string, FieldValue>;
  feeFen: number;
  balanceRefundFen: number;
}

export function checkBusinessInput(
  def: BusinessType,
  fields: Record<string, FieldValue>,
  feeFen: number | undefined,
  balanceRefundFen: number | undefined,
): ProcessedBusiness {
  for (const key of Object.keys(fields)) {
    if (!def.fields.some((f) => f.key === key)) {
      throw refuse('FIELD_UNKNOWN', `${def.name_zh}没有字段「${key}」`, `${def.name_en} has no field "${key}"`, { field: key });
    }
  }
  const kept: Record<string, FieldValue> = {};
  for (const f of def.fields) {
    const v = fields[f.key];
    const bad = (zh: string, en: string) =>
      refuse('FIELD_INVALID', `${f.label_zh}：${zh}`, `${f.label_en}: ${en}`, { business: def.code, field: f.key });
    if (f.type === 'confirm') {
      if (v !== true) throw bad('请核实后勾选确认', 'check it, then tick the box');
      kept[f.key] = true;
      continue;
    }
    if (typeof v !== 'string' || v.trim() === '') throw bad('必须填写', 'is required');
    const value = v.trim();
    if (f.type === 'choice') {
      if (!f.options.some((o) => o.value === value)) throw bad('请从列表中选择', 'choose one from the list');
      kept[f.key] = value;
      continue;
    }
    if (f.pattern !== undefined && !new RegExp(f.pattern).test(value)) {
      throw bad(`格式不对${f.hint_zh ? `（${f.hint_zh}）` : ''}`, `wrong format${f.hint_en ? ` (${f.hint_en})` : ''}`);
    }
    // Phone numbers are personal data: the journey keeps them as printed on receipts.
    kept[f.key] = maskPhoneNumber(value);
  }
  return { fields: kept, feeFen: checkFee(def, feeFen), balanceRefundFen: checkBalanceRefund(def, balanceRefundFen) };
}

function isFen(v: number): boolean {
  return Number.isSafeInteger(v) && v >= 0;
}

function yuan(fen: number): string {
  return `￥${(fen / 100).toFixed(2)}`;
}

function checkFee(def: BusinessType, feeFen: number | undefined): number {
  const fee = def.fee;
  if (fee.kind === 'none') {
    if (feeFen !== undefined && feeFen !== 0) {
      throw refuse('FEE_NOT_ALLOWED', `${def.name_zh}不收费`, `${def.name_en} has no fee`);
    }
    return 0;
  }
  if (fee.kind === 'fixed') {
    if (feeFen !== undefined && feeFen !== fee.fen) {
      throw refuse('FEE_FIXED', `${def.name_zh}费用固定为 ${yuan(fee.fen)}`, `${def.name_en} costs a fixed ${yuan(fee.fen)}`);
    }
    return fee.fen;
  }
  if (feeFen === undefined || !isFen(feeFen) || feeFen < fee.min_fen || feeFen > fee.max_fen) {
    throw refuse(
      'FEE_OUT_OF_RANGE',
      `${def.name_zh}金额须在 ${yuan(fee.min_fen)} 至 ${yuan(fee.max_fen)} 之间 — 请重新输入`,
      `${def.name_en}: the amount must be between ${yuan(fee.min_fen)} and ${yuan(fee.max_fen)} — enter it again`,
      { business: def.code },
    );
  }
  return feeFen;
}

function checkBalanceRefund(def: BusinessType, fen: number | undefined): number {
  if (fen === undefined || fen === 0) return 0;
  if (!def.balance_refund) {
    throw refuse('REFUND_NOT_ALLOWED', `${def.name_zh}不能退余额`, `${def.name_en} has no balance refund`);
  }
  if (!isFen(fen) || fen > MAX_BALANCE_REFUND_FEN) {
    throw refuse(
      'REFUND_OUT_OF_RANGE',
      `退还余额须在 ￥0.00 至 ${yuan(MAX_BALANCE_REFUND_FEN)} 之间 — 更大金额请值班经理处理`,
      `The balance refund must be between ￥0.00 and ${yuan(MAX_BALANCE_REFUND_FEN)} — larger amounts go to the duty manager`,
    );
  }
  return fen;
}
