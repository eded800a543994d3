/**
 * 结账报表 (Z report) — the till's settlement at the end of a clerk's day, on paper a hall
 * accepts: whose till and who settled it, the cash the ledger computed, every count made (the
 * blind count and any approved recount: time, who, counted, expected, variance), the final count
 * by denomination, non-cash totals by tender, the counter items (opening, used, closing), the
 * business summary, each approval with what, who, when and why, takeovers, the handover bag and
 * seal, and the anchors of the ledger and the audit log (a seq and a hash prefix a person can
 * read out, checked later with `npm run ledger -- verify --anchor <seq>:<hex>`).
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

/** One count: the blind count, then each recount the duty manager allowed. */
export interface CountLine {
  attemptNo: number;
  at: number;
  by: string;
  countedFen: number;
  expectedFen: number;
  varianceFen: number;
}

/** A counter item: opening, used by journeys, closing as counted. */
export interface ItemReportLine {
  /** SIM卡, 有价卡, 发票 */
  label: string;
  opening: number;
  used: number;
  expected: number;
  counted: number | null;
}

/** One approval: what it allowed (提前结账, 时间核对 …), who approved, when, and why. */
export interface ApprovalLine {
  what: string;
  approverNo: string;
  at: number;
  /** Who asked (the clerk, or the duty manager acting for her). */
  requesterNo?: string;
  /** The reason as chosen and typed; "（已按保留期清除）" once purged. */
  reason?: string;
}

export interface BusinessSummary {
  /** Customers received (journeys begun and ended at this till). */
  customers: number;
  completed: number;
  cancelled: number;
  refunds: { count: number; amountFen: number };
  /** Completed businesses by name. */
  byBusiness: { name: string; count: number }[];
  recommendations: { offered: number; accepted: number };
}

/** A chain anchor as printed: the row's seq and the first hex digits of its hash in groups of four. */
export interface AnchorLine {
  seq: number;
  hashPrefix: string;
}

export interface SettlementReportData {
  reportNo: string;
  hallName: string;
  counterId: string;
  clerkNo: string;
  /** Who settled, when not the clerk herself (a duty manager who took the counter over). */
  settledByNo?: string;
  /** YYYY-MM-DD, the business day settled. */
  businessDay: string;
  openedAt?: number;
  /** When the till was settled (epoch ms). */
  at: number;
  /** Where that time came from (营业厅服务器 or 本机时钟), and a note when the hall could not be reached. */
  timeSource?: { source: string; note?: string };
  timeZone?: string;
  floatFen: number;
  cashSalesFen: number;
  changeGivenFen: number;
  refundsFen: number;
  dropsFen: number;
  cashInFen?: number;
  cashOutFen?: number;
  /** Cash the till should hold, as the ledger computed it. */
  expectedCashFen: number;
  counted: CashCountLine[];
  counts?: CountLine[];
  nonCash: TenderTotal[];
  items?: ItemReportLine[];
  business?: BusinessSummary;
  approvals?: ApprovalLine[];
  takeovers?: { byNo: string; at: number; reason?: string }[];
  handover: { bagNo?: string; sealNo?: string; handedByNo?: string; receivedByNo?: string };
  anchors?: { ledger: AnchorLine; audit: AnchorLine | null };
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

function clockTime(ms: number, tz: string | undefined): string {
  return formatTime(ms, tz).slice(11, 16);
}

export function settlementReport(d: SettlementReportData): ReceiptDoc {
  const f = settlementFigures(d);
  const tz = d.timeZone;
  const blocks: ReceiptBlock[] = [
    { kind: 'text', text: d.hallName, align: 'center', bold: true },
    { kind: 'text', text: '结账报表', align: 'center', bold: true, double: true },
    { kind: 'rule', char: '=' },
    { kind: 'row', left: '报表号', right: d.reportNo },
    { kind: 'row', left: '营业日', right: d.businessDay },
    { kind: 'row', left: '台席', right: d.counterId },
    { kind: 'row', left: '营业员（钱箱）', right: d.clerkNo },
  ];
  if (d.settledByNo && d.settledByNo !== d.clerkNo) blocks.push({ kind: 'row', left: '代为结账（接管）', right: d.settledByNo });
  if (d.openedAt !== undefined) blocks.push({ kind: 'row', left: '开班时间', right: formatTime(d.openedAt, tz) });
  blocks.push(
    { kind: 'row', left: '结账时间', right: formatTime(d.at, tz) },
  );
  if (d.timeSource) {
    blocks.push({ kind: 'row', left: '时间来源', right: d.timeSource.source });
    if (d.timeSource.note) blocks.push({ kind: 'text', text: `  ${d.timeSource.note}`, bold: true });
  }
  blocks.push(
    { kind: 'rule' },
    { kind: 'text', text: '现金', bold: true },
    { kind: 'row', left: '备用金', right: formatFen(d.floatFen) },
    { kind: 'row', left: '现金收入', right: formatFen(d.cashSalesFen) },
    { kind: 'row', left: '找零', right: formatFen(d.changeGivenFen) },
    { kind: 'row', left: '退款', right: formatFen(d.refundsFen) },
    { kind: 'row', left: '中途上缴', right: formatFen(d.dropsFen) },
  );
  if (d.cashInFen) blocks.push({ kind: 'row', left: '其他存入', right: formatFen(d.cashInFen) });
  if (d.cashOutFen) blocks.push({ kind: 'row', left: '其他支出', right: formatFen(d.cashOutFen) });
  blocks.push({ kind: 'row', left: '应有现金', right: formatFen(d.expectedCashFen), bold: true }, { kind: 'rule' });

  if (d.counts && d.counts.length > 0) {
    blocks.push({ kind: 'text', text: `点钞记录（共 ${d.counts.length} 次）`, bold: true });
    for (const c of d.counts) {
      const label = c.attemptNo === 1 ? '盲点' : '重点';
      blocks.push(
        { kind: 'row', left: `第${c.attemptNo}次 ${label} ${clockTime(c.at, tz)} ${c.by}`, right: formatFen(c.countedFen) },
        { kind: 'row', left: '  应有 / 差异', right: `${formatFen(c.expectedFen)} / ${formatFen(c.varianceFen)}` },
      );
    }
    blocks.push({ kind: 'rule' });
  }

  blocks.push({ kind: 'text', text: '实点现金（最终）', bold: true });
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

  if (d.items && d.items.length > 0) {
    blocks.push({ kind: 'text', text: '台席物品（期初/使用/期末）', bold: true });
    for (const i of d.items) {
      const closing = i.counted === null ? '未点' : String(i.counted);
      const diff = i.counted !== null && i.counted !== i.expected ? `（应${i.expected}）` : '';
      blocks.push({ kind: 'row', left: i.label, right: `${i.opening} / ${i.used} / ${closing}${diff}` });
    }
    blocks.push({ kind: 'rule' });
  }

  if (d.business) {
    const b = d.business;
    blocks.push(
      { kind: 'text', text: '业务汇总', bold: true },
      { kind: 'row', left: '接待客户', right: `${b.customers} 位` },
      { kind: 'row', left: '办结 / 取消', right: `${b.completed} / ${b.cancelled}` },
      { kind: 'row', left: `退款（${b.refunds.count}笔）`, right: formatFen(b.refunds.amountFen) },
    );
    for (const x of b.byBusiness) blocks.push({ kind: 'row', left: `  ${x.name}`, right: `${x.count} 笔` });
    blocks.push({ kind: 'row', left: '推荐 提出 / 接受', right: `${b.recommendations.offered} / ${b.recommendations.accepted}` }, { kind: 'rule' });
  }

  blocks.push({ kind: 'text', text: '审批记录', bold: true });
  if (!d.approvals || d.approvals.length === 0) blocks.push({ kind: 'text', text: '无' });
  for (const a of d.approvals ?? []) {
    blocks.push({ kind: 'row', left: `${a.what} ${clockTime(a.at, tz)}`, right: `审批人 ${a.approverNo}` });
    if (a.requesterNo) blocks.push({ kind: 'text', text: `  申请人：${a.requesterNo}` });
    if (a.reason) blocks.push({ kind: 'text', text: `  原因：${a.reason}` });
  }
  for (const t of d.takeovers ?? []) {
    blocks.push({ kind: 'row', left: `接管台席 ${clockTime(t.at, tz)}`, right: `值班经理 ${t.byNo}` });
    if (t.reason) blocks.push({ kind: 'text', text: `  原因：${t.reason}` });
  }
  blocks.push(
    { kind: 'rule' },
    { kind: 'row', left: '缴款袋号', right: d.handover.bagNo ?? '—' },
    { kind: 'row', left: '封签号', right: d.handover.sealNo ?? '—' },
  );
  if (d.handover.handedByNo) blocks.push({ kind: 'row', left: '上缴人 / 接收人', right: `${d.handover.handedByNo} / ${d.handover.receivedByNo ?? '—'}` });
  if (d.anchors) {
    blocks.push(
      { kind: 'rule' },
      { kind: 'text', text: '记录校验码（核对账务与审计记录用）', bold: true },
      { kind: 'row', left: `账务 第${d.anchors.ledger.seq}条`, right: d.anchors.ledger.hashPrefix },
    );
    if (d.anchors.audit) blocks.push({ kind: 'row', left: `审计 第${d.anchors.audit.seq}条`, right: d.anchors.audit.hashPrefix });
  }
  blocks.push(
    { kind: 'blank' },
    { kind: 'text', text: '营业员签字：' },
    { kind: 'blank' },
    { kind: 'text', text: '值班经理签字：' },
    { kind: 'blank' },
    { kind: 'cut', mode: 'full' },
  );
  return { blocks };
}
