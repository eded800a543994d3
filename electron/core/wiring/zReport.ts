/**
 * The Z report on paper: the till's report data, the counter's business summary for the session
 * (the journey module's counts, named from the catalog) in the settlement-report template,
 * printed through the queue as a `settlement_report` job whose ref names the report and the copy.
 */
import { DENOMINATIONS } from '../../../base/contract/denominations';
import { ITEM_LABELS } from '../../../base/contract/items';
import { NON_CASH_TENDERS, TENDER_LABELS_ZH } from '../../../base/contract/tenders';
import { EARLY_REASON_ZH, type EarlyReasonCode } from '../../../base/contract/till';
import type { ReceiptDoc } from '../../../native/printer/doc';
import { settlementReport, type ApprovalLine, type BusinessSummary, type SettlementReportData } from '../../../native/printer/templates/settlement-report';
import type { PrintJob } from '../../../base/contract/printing';
import type { JourneySummary } from '../journey/summary';
import type { PrintQueue } from '../printing/queue';
import { anchorText } from '../storage/sealedChain';
import type { Till, ZReport } from '../till';
import type { ZApproval } from '../till/z-report';

export const Z_REPORT_JOB_KIND = 'settlement_report';

/** `Z12:0` — report 12, copy 0 (the original). */
export function zReportRef(zNo: number, copyNo: number): string {
  return `Z${zNo}:${copyNo}`;
}

/** The Z number a print job carries, or null when the job is not a Z report. */
export function zNoOfJob(job: Pick<PrintJob, 'kind' | 'ref'>): number | null {
  if (job.kind !== Z_REPORT_JOB_KIND || !job.ref) return null;
  const m = /^Z(\d+):\d+$/.exec(job.ref);
  return m ? Number(m[1]) : null;
}

/** What the Z report needs besides the till: the session's journeys, business names. */
export interface ZReportSources {
  hallName: string;
  summary?: (counterId: string, fromMs: number, toMs: number) => JourneySummary;
  businessName?: (code: string) => string;
}

const APPROVAL_WHAT: Record<ZApproval['kind'], string> = {
  early: '提前结账', clock: '时间核对', variance: '差额超限结账', recount: '重新点钞', reopen: '同日再次开班', offline: '大厅服务器不可达时结账',
};

/** Where the settlement's time came from, as the paper says it. */
function timeSourceLines(t: ZReport['time']): SettlementReportData['timeSource'] {
  if (!t) return undefined;
  const source = t.source === 'hall' ? '营业厅服务器' : '本机时钟';
  return t.offline ? { source, note: '大厅服务器不可达，经值班经理审批结账' } : { source };
}

const PURGED = '（已按保留期清除）';

function approvalLine(a: ZApproval): ApprovalLine {
  const code = a.reasonCode && a.reasonCode in EARLY_REASON_ZH ? EARLY_REASON_ZH[a.reasonCode as EarlyReasonCode] : null;
  const text = a.reasonText;
  const reason = code && text ? `${code}：${text}` : code ?? text ?? (a.kind === 'variance' ? undefined : PURGED);
  return { what: APPROVAL_WHAT[a.kind], approverNo: a.approver, at: a.at, ...(a.requester ? { requesterNo: a.requester } : {}), ...(reason ? { reason } : {}) };
}

function anchor(h: { seq: number; hash: string }) {
  const [seq, prefix] = anchorText(h.seq, h.hash).split(':');
  return { seq: Number(seq), hashPrefix: prefix! };
}

/** The till's Z report as the printer template wants it. */
export function zReportData(z: ZReport, src: ZReportSources): SettlementReportData {
  const counted = DENOMINATIONS.map((d) => ({ denominationFen: d.fen, count: z.counted.pieces[d.id] ?? 0 })).filter((c) => c.count > 0);
  const s = src.summary?.(z.counterId, z.openedAt, z.settledAt);
  const business: BusinessSummary | undefined = s && {
    customers: s.customers, completed: s.completed, cancelled: s.cancelled, refunds: s.refunds, recommendations: s.recommendations,
    byBusiness: s.byBusiness.map((b) => ({ name: src.businessName?.(b.code) ?? b.code, count: b.count })),
  };
  return {
    reportNo: `Z${String(z.zNo).padStart(6, '0')}`,
    hallName: src.hallName,
    counterId: z.counterId,
    clerkNo: z.clerkStaffNo,
    ...(z.settledBy !== z.clerkStaffNo ? { settledByNo: z.settledBy } : {}),
    businessDay: z.businessDay,
    openedAt: z.openedAt,
    at: z.settledAt,
    ...(z.time ? { timeSource: timeSourceLines(z.time) } : {}),
    timeZone: z.timeZone,
    floatFen: z.float.fen,
    cashSalesFen: z.cash.salesFen,
    changeGivenFen: z.cash.changeGivenOutsideSalesFen,
    refundsFen: z.cash.refundsFen,
    dropsFen: z.cash.drops.totalFen,
    cashInFen: z.cash.cashInFen,
    cashOutFen: z.cash.cashOutFen,
    expectedCashFen: z.cash.expectedFen,
    counted,
    counts: z.counts,
    nonCash: NON_CASH_TENDERS.map((t) => ({ tender: TENDER_LABELS_ZH[t], amountFen: z.nonCash.byTender[t].netFen })),
    items: z.items.map((i) => ({ label: ITEM_LABELS[i.item].zh, opening: i.opening, used: i.used, expected: i.expected, counted: i.counted })),
    ...(business ? { business } : {}),
    approvals: z.approvals.map(approvalLine),
    takeovers: z.takeovers.map((t) => ({ byNo: t.by, at: t.at, reason: t.reasonText ?? PURGED })),
    handover: {
      ...(z.handover?.bagNo ? { bagNo: z.handover.bagNo } : {}), ...(z.handover?.sealNo ? { sealNo: z.handover.sealNo } : {}),
      ...(z.handover ? { handedByNo: z.handover.handedBy, receivedByNo: z.handover.receivedBy } : {}),
    },
    anchors: { ledger: anchor(z.ledgerHead), audit: z.auditHead ? anchor(z.auditHead) : null },
  };
}

/** The Z report on paper. A reprint is marked by the print queue, like every other reprint. */
export function zReportDoc(z: ZReport, src: ZReportSources): ReceiptDoc {
  return settlementReport(zReportData(z, src));
}

/** Prints the original Z report after the handover: copy 0 on the report's own count. Returns the job id. */
export function printZReportOriginal(deps: { till: Till; queue: PrintQueue; sources: ZReportSources }, zNo: number, staffNo: string): string {
  const z = deps.till.recordZPrint({ zNo, staffNo, approvedBy: null });
  const job = deps.queue.enqueue({ kind: Z_REPORT_JOB_KIND, title: `结账单 Z${z.zNo}`, ref: zReportRef(z.zNo, z.copy.copyNo ?? 0), doc: zReportDoc(z, deps.sources) });
  return String(job.id);
}
