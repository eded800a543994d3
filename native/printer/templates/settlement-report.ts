/**
 * 结账报表 (Z report) — the till's settlement at the end of a clerk's day: the figures the
 * ledger computed, the cash counted by denomination, the variance (长款 over / 短款 short),
 * non-cash totals by tender, the approver if one was needed, and the handover bag and seal.
 * The template formats; it does not compute the ledger (only totals it can check on paper).
 */
import type { ReceiptBlock, ReceiptDoc } from '../doc';
import { denominationLabel, formatFen, formatTime } from './format';

export interface CashCountLine {
  /** Face value in fen: 10000 = 100 元, 50 = 5 角. */
  denominationFen: number;
  count: number;
}

export interface TenderTotal {
  /** 微信支付, 支付宝, 银联卡 … */
  tender: string;
  amountFen: number;
  /** Number of payments, when known. */
  count?: number;
}

export interface SettlementReportData {
  reportNo: string;
  hallName: string;
  counterId: string;
  clerkNo: string;
  /** YYYY-MM-DD, the business day settled. */
  businessDay: string;
  /** When the report was made (epoch ms). */
  at: number;
  timeZone?: string;
  floatFen: number;
  cashSalesFen: number;
  changeGivenFen: number;
  refundsFen: number;
  dropsFen: number;
  /** Cash the till should hold, as the ledger computed it. */
  expectedCashFen: number;
  counted: CashCountLine[];
  nonCash: TenderTotal[];
  /** Staff number of the duty manager who approved (early settlement, large variance). */
  approverNo?: string;
  approvalReason?: string;
  handover: { bagNo?: string; sealNo?: string };
}

/** Counted total and variance; exported so the UI shows the same numbers as the paper. */
export function settlementFigures(d: Pick<SettlementReportData, 'counted' | 'expectedCashFen'>): {
  countedFen: number;
  varianceFen: number;
  varianceLabel: '长款' | '短款' | '无差异';
} {
  const countedFen = d.counted.reduce((s, c) => s + c.denominationFen * c.count, 0);
  const varianceFen = countedFen - d.expectedCashFen;
  return { countedFen, varianceFen, varianceLabel: varianceFen > 0 ? '长款' : varianceFen < 0 ? '短款' : '无差异' };
}

export function settlementReport(d: SettlementReportData): ReceiptDoc {
  const f = settlementFigures(d);
  const blocks: ReceiptBlock[] = [
    { kind: 'text', text: d.hallName, align: 'center', bold: true },
    { kind: 'text', text: '结账报表', align: 'center', bold: true, double: true },
    { kind: 'rule', char: '=' },
    { kind: 'row', left: '报表号', right: d.reportNo },
    { kind: 'row', left: '营业日', right: d.businessDay },
    { kind: 'row', left: '台席', right: d.counterId },
    { kind: 'row', left: '营业员', right: d.clerkNo },
    { kind: 'row', left: '打印时间', right: formatTime(d.at, d.timeZone) },
    { kind: 'rule' },
    { kind: 'text', text: '现金', bold: true },
    { kind: 'row', left: '备用金', right: formatFen(d.floatFen) },
    { kind: 'row', left: '现金收入', right: formatFen(d.cashSalesFen) },
    { kind: 'row', left: '找零', right: formatFen(d.changeGivenFen) },
    { kind: 'row', left: '退款', right: formatFen(d.refundsFen) },
    { kind: 'row', left: '中途上缴', right: formatFen(d.dropsFen) },
    { kind: 'row', left: '应有现金', right: formatFen(d.expectedCashFen), bold: true },
    { kind: 'rule' },
    { kind: 'text', text: '实点现金', bold: true },
  ];
  for (const c of [...d.counted].sort((a, b) => b.denominationFen - a.denominationFen)) {
    if (c.count === 0) continue;
    blocks.push({ kind: 'row', left: `${denominationLabel(c.denominationFen)} × ${c.count}`, right: formatFen(c.denominationFen * c.count) });
  }
  blocks.push(
    { kind: 'row', left: '实点合计', right: formatFen(f.countedFen), bold: true },
    { kind: 'row', left: `差异（${f.varianceLabel}）`, right: formatFen(f.varianceFen), bold: true },
    { kind: 'rule' },
    { kind: 'text', text: '非现金', bold: true },
  );
  if (d.nonCash.length === 0) blocks.push({ kind: 'text', text: '无' });
  for (const t of d.nonCash) {
    blocks.push({ kind: 'row', left: t.count !== undefined ? `${t.tender}（${t.count}笔）` : t.tender, right: formatFen(t.amountFen) });
  }
  const nonCashTotal = d.nonCash.reduce((s, t) => s + t.amountFen, 0);
  blocks.push({ kind: 'row', left: '非现金合计', right: formatFen(nonCashTotal) }, { kind: 'rule' });
  if (d.approverNo) {
    blocks.push({ kind: 'row', left: '审批人', right: d.approverNo });
    if (d.approvalReason) blocks.push({ kind: 'text', text: `审批原因：${d.approvalReason}` });
  }
  blocks.push(
    { kind: 'row', left: '缴款袋号', right: d.handover.bagNo ?? '—' },
    { kind: 'row', left: '封签号', right: d.handover.sealNo ?? '—' },
    { kind: 'blank' },
    { kind: 'text', text: '营业员签字：' },
    { kind: 'blank' },
    { kind: 'text', text: '值班经理签字：' },
    { kind: 'blank' },
    { kind: 'cut', mode: 'full' },
  );
  return { blocks };
}
