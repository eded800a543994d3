/**
 * The Z report on paper: the till's report data in the settlement-report template, printed
 * through the queue as a `settlement_report` job whose ref names the report and the copy.
 */
import { DENOMINATIONS } from '../../../base/contract/denominations';
import { NON_CASH_TENDERS, TENDER_LABELS_ZH } from '../../../base/contract/tenders';
import type { ReceiptDoc } from '../../../native/printer/doc';
import { settlementReport, type SettlementReportData } from '../../../native/printer/templates/settlement-report';
import type { PrintJob } from '../../../base/contract/printing';
import type { PrintQueue } from '../printing/queue';
import type { Till, ZReport } from '../till';

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

/** The till's Z report as the printer template wants it. */
export function zReportData(z: ZReport, hallName: string): SettlementReportData {
  const counted = DENOMINATIONS.map((d) => ({ denominationFen: d.fen, count: z.counted.pieces[d.id] ?? 0 })).filter((c) => c.count > 0);
  return {
    reportNo: `Z${String(z.zNo).padStart(6, '0')}`,
    hallName,
    counterId: z.counterId,
    clerkNo: z.clerkStaffNo,
    businessDay: z.businessDay,
    at: z.settledAt,
    timeZone: z.timeZone,
    floatFen: z.float.fen,
    cashSalesFen: z.cash.salesFen,
    changeGivenFen: z.cash.changeGivenOutsideSalesFen,
    refundsFen: z.cash.refundsFen,
    dropsFen: z.cash.drops.totalFen,
    expectedCashFen: z.cash.expectedFen,
    counted,
    nonCash: NON_CASH_TENDERS.map((t) => ({ tender: TENDER_LABELS_ZH[t], amountFen: z.nonCash.byTender[t].netFen })),
    ...(z.approvals.variance || z.approvals.early?.approver ? { approverNo: z.approvals.variance ?? z.approvals.early?.approver ?? '' } : {}),
    ...(z.approvals.early?.reasonCode ? { approvalReason: z.approvals.early.reasonText ?? z.approvals.early.reasonCode } : {}),
    handover: { ...(z.handover?.bagNo ? { bagNo: z.handover.bagNo } : {}), ...(z.handover?.sealNo ? { sealNo: z.handover.sealNo } : {}) },
  };
}

/** The Z report on paper. A reprint is marked by the print queue, like every other reprint. */
export function zReportDoc(z: ZReport, hallName: string): ReceiptDoc {
  return settlementReport(zReportData(z, hallName));
}

/** Prints the original Z report after the handover: copy 0 on the report's own count. Returns the job id. */
export function printZReportOriginal(deps: { till: Till; queue: PrintQueue; hallName: string }, zNo: number, staffNo: string): string {
  const z = deps.till.recordZPrint({ zNo, staffNo, approvedBy: null });
  const job = deps.queue.enqueue({ kind: Z_REPORT_JOB_KIND, title: `结账单 Z${z.zNo}`, ref: zReportRef(z.zNo, z.copy.copyNo ?? 0), doc: zReportDoc(z, deps.hallName) });
  return String(job.id);
}
